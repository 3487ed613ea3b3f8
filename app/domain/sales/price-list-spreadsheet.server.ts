import { and, eq, inArray, sql } from 'drizzle-orm'
import { db } from '~db/client'
import { priceListItems, priceLists, products } from '~db/schema'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { inImportTransaction, readImportFile, type ImportOutcome } from '~/domain/catalog/catalog-import.server'
import { guardCell, headerRow, validateGrid, type RowIssue } from '~/domain/catalog/catalog-import.rules'
import { isUuid } from '~/domain/catalog/catalog.queries.server'
import type { SpreadsheetFile } from '~/domain/catalog/catalog-export.server'
import type { ExportFormat } from '~/domain/catalog/catalog.validation'
import type { Upload } from '~/domain/files/store-file.server'
import { notFound } from '~/utils/errors'
import { D } from '~/utils/money'
import { spreadsheetMime, writeSpreadsheet } from '~/utils/spreadsheet.server'
import { withParams } from '~/utils/validation'
import { priceItemImportSpec, priceItemRowSchema } from './price-item-import'
import { assertPricingManager, assertPricingViewer } from './sales-access.server'
import { priceListItemRows } from './sales.queries.server'

export async function exportPriceListItems(actor: Actor, priceListId: string, format: ExportFormat): Promise<SpreadsheetFile> {
  assertPricingViewer(actor)
  if (!isUuid(priceListId)) throw notFound()
  const [list] = await db().select({ code: priceLists.code }).from(priceLists).where(eq(priceLists.id, priceListId))
  if (!list) throw notFound()
  const rows = (await priceListItemRows(db(), priceListId)).map((i) => [i.sku, i.minQty, i.unitPrice, i.nameEn, i.nameZh])
  const body = await writeSpreadsheet(format, [headerRow(priceItemImportSpec), ...rows], { sheetName: list.code, widths: [14, 10, 12, 36, 24], csvCell: guardCell })
  return { body, fileName: `price-list-${list.code}.${format}`, contentType: spreadsheetMime[format] }
}

/**
 * Sets the price of every (SKU, min_qty) in the file on one list, in one transaction with the stored
 * file; breaks not in the file are kept. Any bad row (format, unknown SKU, a break listed twice)
 * is reported with its row number and nothing is written.
 */
export async function importPriceListItems(actor: Actor, priceListId: string, upload: Upload, meta: { ip?: string } = {}): Promise<ImportOutcome> {
  assertPricingManager(actor)
  if (!isUuid(priceListId)) throw notFound()
  const [list] = await db().select({ id: priceLists.id }).from(priceLists).where(eq(priceLists.id, priceListId))
  if (!list) throw notFound()
  const { kind, grid } = await readImportFile(upload)
  const validation = validateGrid(grid, priceItemImportSpec, priceItemRowSchema())
  if (!validation.ok) return { ok: false, issues: validation.issues }

  const skus = [...new Set(validation.rows.map((r) => r.value.sku))]
  const productIds = new Map((await db().select({ id: products.id, sku: products.sku }).from(products).where(inArray(products.sku, skus))).map((p) => [p.sku, p.id]))
  const issues: RowIssue[] = []
  const items: Array<{ priceListId: string; productId: string; sku: string; minQty: string; unitPrice: string }> = []
  const firstRow = new Map<string, number>()
  for (const { row, value } of validation.rows) {
    const productId = productIds.get(value.sku)
    if (!productId) {
      issues.push({ row, column: 'sku', message: 'sales:errors.unknownSku' })
      continue
    }
    const minQty = new D(value.min_qty).toFixed(4)
    const key = `${productId}|${minQty}`
    const first = firstRow.get(key)
    if (first !== undefined) issues.push({ row, column: 'min_qty', message: withParams('sales:errors.duplicateBreak', { row: first }) })
    else firstRow.set(key, row)
    items.push({ priceListId, productId, sku: value.sku, minQty, unitPrice: new D(value.unit_price).toFixed(4) })
  }
  if (issues.length) return { ok: false, issues }

  return inImportTransaction(actor, upload, kind, async (tx, file) => {
    const before = new Map(
      (
        await tx
          .select({ productId: priceListItems.productId, minQty: sql<string>`${priceListItems.minQty}::text`, unitPrice: sql<string>`${priceListItems.unitPrice}::text` })
          .from(priceListItems)
          .where(and(eq(priceListItems.priceListId, priceListId), inArray(priceListItems.productId, [...productIds.values()])))
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
    return { ok: true as const, ...summary }
  })
}
