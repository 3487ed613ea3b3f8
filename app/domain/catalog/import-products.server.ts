import { eq, inArray, sql } from 'drizzle-orm'
import { db } from '~db/client'
import { categories, products } from '~db/schema'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import type { Upload } from '~/domain/files/store-file.server'
import { uniqueViolation } from '~/utils/pg-errors.server'
import { assertCatalogManager } from './catalog-access.server'
import { productAuditView, sameFields, type ProductAuditView } from './catalog-audit'
import { chunks, concurrentImport, importSheetLimits, inImportTransaction, readImportFile, type ImportOutcome } from './catalog-import.server'
import { productImportSpec, validateGrid, type RowIssue } from './catalog-import.rules'
import { categoryCodeLookup, productRowSchema } from './catalog-import.validation'
import { fractionalHoldings } from './fractional-holdings.server'
import { withParams } from '~/utils/validation'

/** Rows that cannot be written as they stand, found under the import's locks: nothing is written, the rows are reported. */
class RowsRefused extends Error {
  constructor(readonly issues: RowIssue[]) {
    super('rows refused')
  }
}

/**
 * Upserts products by SKU from a spreadsheet. Every row is validated first; one bad row and
 * nothing is written, and every bad row is reported. Otherwise all rows go in one transaction,
 * with an audit row per product created or changed and one for the import, naming the stored file.
 */
export async function importProducts(actor: Actor, upload: Upload, meta: { ip?: string } = {}): Promise<ImportOutcome> {
  assertCatalogManager(actor)
  const { kind, grid } = await readImportFile(upload, importSheetLimits(productImportSpec))
  const cats = await db().select({ id: categories.id, code: categories.code }).from(categories)
  const validation = validateGrid(grid, productImportSpec, productRowSchema({ categoryCodes: categoryCodeLookup(cats.map((c) => c.code)) }))
  if (!validation.ok) return { ok: false, issues: validation.issues }
  const categoryId = new Map(cats.map((c) => [c.code, c.id]))
  const who = { actor, ip: meta.ip }

  try {
    return await inImportTransaction(actor, upload, kind, async (tx, file) => {
      const wanted: ProductAuditView[] = validation.rows.map(({ value: r }) => ({
        sku: r.sku,
        nameEn: r.name_en,
        nameZh: r.name_zh,
        categoryId: categoryId.get(r.category)!,
        unit: r.unit,
        taxRate: r.tax_rate,
        tracking: r.tracking,
        wholeUnits: r.whole_units,
        active: r.active,
      }))
      const existing = new Map<string, typeof products.$inferSelect>()
      for (const slice of chunks(wanted.map((w) => w.sku)))
        for (const p of await tx.select().from(products).where(inArray(products.sku, slice)).for('update')) existing.set(p.sku, p)

      // A product made whole must hold no fraction of a unit anywhere (stock, reservations, open orders).
      const madeWhole = wanted.filter((w) => w.wholeUnits && existing.get(w.sku)?.wholeUnits === false)
      const fractions = await fractionalHoldings(tx, madeWhole.map((w) => existing.get(w.sku)!.id))
      const refused = validation.rows.flatMap(({ row, value }) => {
        const fraction = fractions.get(existing.get(value.sku)?.id ?? '')
        return fraction === undefined ? [] : [{ row, column: 'whole_units', message: withParams('catalog:errors.fractionalHoldings', { quantity: fraction }) }]
      })
      if (refused.length > 0) throw new RowsRefused(refused)

      const created: string[] = []
      const updated: string[] = []
      const fresh: ProductAuditView[] = []
      for (const after of wanted) {
        const current = existing.get(after.sku)
        if (!current) {
          fresh.push(after)
          continue
        }
        const before = productAuditView(current)
        if (sameFields(before, after)) continue
        await tx.update(products).set({ ...after, updatedAt: sql`now()` }).where(eq(products.id, current.id))
        await recordAudit(tx, who, { action: 'catalog.product.updated', entityType: 'product', entityId: current.id, before, after })
        updated.push(after.sku)
      }
      for (const slice of chunks(fresh)) {
        for (const row of await tx.insert(products).values(slice).returning()) {
          await recordAudit(tx, who, { action: 'catalog.product.created', entityType: 'product', entityId: row.id, after: productAuditView(row) })
          created.push(row.sku)
        }
      }
      const summary = { fileId: file.id, rows: wanted.length, created: created.length, updated: updated.length, unchanged: wanted.length - created.length - updated.length }
      await recordAudit(tx, who, {
        action: 'catalog.product.imported',
        entityType: 'file',
        entityId: file.id,
        after: { ...summary, fileName: file.originalName, sha256: file.sha256, createdSkus: created, updatedSkus: updated },
      })
      return { ok: true as const, ...summary }
    })
  } catch (err) {
    if (err instanceof RowsRefused) return { ok: false, issues: err.issues }
    if (uniqueViolation(err) !== null) throw concurrentImport()
    throw err
  }
}
