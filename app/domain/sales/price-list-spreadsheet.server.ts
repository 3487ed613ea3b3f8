import { and, eq, inArray, sql } from 'drizzle-orm'
import { db } from '~db/client'
import { priceListItems, priceLists, products } from '~db/schema'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { importSheetLimits, inImportTransaction, readImportFile, type ImportOutcome } from '~/domain/catalog/catalog-import.server'
import { guardCell, headerRow, validateGrid } from '~/domain/catalog/catalog-import.rules'
import { skuLookup } from '~/domain/catalog/catalog-import.validation'
import type { SpreadsheetFile } from '~/domain/catalog/catalog-export.server'
import type { ExportFormat } from '~/domain/catalog/catalog.validation'
import type { Upload } from '~/domain/files/store-file.server'
import { notFound } from '~/utils/errors'
import { D } from '~/utils/money'
import { decimalFormat, spreadsheetMime, writeSpreadsheet } from '~/utils/spreadsheet.server'
import { isUuid } from '~/utils/uuid'
import { priceItemImportSpec, priceItemRowKey, priceItemRowSchema } from './price-item-import'
import { pricesChangedNotice } from './price-events.server'
import { assertPricingManager, assertPricingViewer } from './sales-access.server'
import { priceListItemRows } from './sales.queries.server'

export async function exportPriceListItems(actor: Actor, priceListId: string, format: ExportFormat): Promise<SpreadsheetFile> {
  assertPricingViewer(actor)
  if (!isUuid(priceListId)) throw notFound()
  const [list] = await db().select({ code: priceLists.code }).from(priceLists).where(eq(priceLists.id, priceListId))
  if (!list) throw notFound()
  const rows = (await priceListItemRows(db(), priceListId)).map((i) => [i.sku, i.minQty, i.unitPrice, i.nameEn, i.nameZh])
  // min_qty and unit_price are number cells in an .xlsx (the price to its four decimals), so a sheet can sum and sort them; the import reads them back.
  const body = await writeSpreadsheet(format, [headerRow(priceItemImportSpec), ...rows], {
    sheetName: list.code,
    widths: [14, 10, 12, 36, 24],
    csvCell: guardCell,
    numberFormats: [undefined, decimalFormat, '#,##0.0000'],
  })
  return { body, fileName: `price-list-${list.code}.${format}`, contentType: spreadsheetMime[format] }
}

/**
 * Sets the price of every (SKU, min_qty) in the file on one list, in one transaction with the stored
 * file; breaks not in the file are kept. Every bad row (format, unknown SKU, a break listed twice)
 * is reported with its row number in one answer and nothing is written. SKUs match whatever their case.
 */
export async function importPriceListItems(actor: Actor, priceListId: string, upload: Upload, meta: { ip?: string } = {}): Promise<ImportOutcome> {
  assertPricingManager(actor)
  if (!isUuid(priceListId)) throw notFound()
  const [list] = await db().select({ id: priceLists.id }).from(priceLists).where(eq(priceLists.id, priceListId))
  if (!list) throw notFound()
  const { kind, grid } = await readImportFile(upload, importSheetLimits(priceItemImportSpec))
  // Every problem in one answer: the SKUs are looked up while each row's cells are checked, not after.
  const productRows = await db().select({ id: products.id, sku: products.sku, wholeUnits: products.wholeUnits }).from(products)
  const productIds = new Map(productRows.map((p) => [p.sku, p.id]))
  const context = { skus: skuLookup(productRows.map((p) => p.sku)), wholeUnitSkus: new Set(productRows.filter((p) => p.wholeUnits).map((p) => p.sku)) }
  const validation = validateGrid(grid, priceItemImportSpec, priceItemRowSchema(context), priceItemRowKey(context))
  if (!validation.ok) return { ok: false, issues: validation.issues }
  const items = validation.rows.map(({ value }) => ({
    priceListId,
    productId: productIds.get(value.sku)!,
    sku: value.sku,
    minQty: new D(value.min_qty).toFixed(4),
    unitPrice: new D(value.unit_price).toFixed(4),
  }))
  const importedIds = [...new Set(items.map((i) => i.productId))]

  const published: Array<() => void> = []
  const outcome = await inImportTransaction(actor, upload, kind, async (tx, file) => {
    const before = new Map(
      (
        await tx
          .select({ productId: priceListItems.productId, minQty: sql<string>`${priceListItems.minQty}::text`, unitPrice: sql<string>`${priceListItems.unitPrice}::text` })
          .from(priceListItems)
          .where(and(eq(priceListItems.priceListId, priceListId), inArray(priceListItems.productId, importedIds)))
          .for('update')
      ).map((r) => [`${r.productId}|${r.minQty}`, r.unitPrice]),
    )
    let created = 0
    let updated = 0
    for (let i = 0; i < items.length; i += 500) {
      await tx
        .insert(priceListItems)
        .values(items.slice(i, i + 500).map(({ sku: _s, ...v }) => v))
        .onConflictDoUpdate({ target: [priceListItems.priceListId, priceListItems.productId, priceListItems.minQty], set: { unitPrice: sql`excluded.unit_price` } })
    }
    const changes = items.flatMap((it) => {
      const was = before.get(`${it.productId}|${it.minQty}`)
      if (was === undefined) created++
      else if (was !== it.unitPrice) updated++
      return was === it.unitPrice ? [] : [{ sku: it.sku, minQty: it.minQty, before: was ?? null, after: it.unitPrice }]
    })
    const summary = { fileId: file.id, rows: items.length, created, updated, unchanged: items.length - created - updated }
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'sales.price_list.imported',
      entityType: 'price_list',
      entityId: priceListId,
      after: { ...summary, fileName: file.originalName, sha256: file.sha256, changes },
    })
    // The tier as this transaction sees it: a move of the list to another tier while the file was read tells that tier's dealers.
    const [{ tier }] = await tx.select({ tier: priceLists.tier }).from(priceLists).where(eq(priceLists.id, priceListId))
    if (changes.length) published.push(await pricesChangedNotice(tx, { priceListId, tiers: [tier], productIds: changes.map((c) => productIds.get(c.sku)!) }))
    return { ok: true as const, ...summary }
  })
  // inImportTransaction has committed (or thrown): open carts price again, as after a single price is set.
  for (const publish of published) publish()
  return outcome
}
