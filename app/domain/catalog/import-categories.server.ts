import { eq, inArray } from 'drizzle-orm'
import { categories } from '~db/schema'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import type { Upload } from '~/domain/files/store-file.server'
import { uniqueViolation } from '~/utils/pg-errors.server'
import { assertCatalogManager } from './catalog-access.server'
import { categoryAuditView, sameFields, type CategoryAuditView } from './catalog-audit'
import { chunks, concurrentImport, importSheetLimits, inImportTransaction, readImportFile, type ImportOutcome } from './catalog-import.server'
import { categoryImportSpec, validateGrid } from './catalog-import.rules'
import { categoryRowSchema } from './catalog-import.validation'

/** Upserts categories by code; all rows or none, as importProducts. */
export async function importCategories(actor: Actor, upload: Upload, meta: { ip?: string } = {}): Promise<ImportOutcome> {
  assertCatalogManager(actor)
  const { kind, grid } = await readImportFile(upload, importSheetLimits(categoryImportSpec))
  const validation = validateGrid(grid, categoryImportSpec, categoryRowSchema())
  if (!validation.ok) return { ok: false, issues: validation.issues }
  const who = { actor, ip: meta.ip }

  try {
    return await inImportTransaction(actor, upload, kind, async (tx, file) => {
      const wanted: CategoryAuditView[] = validation.rows.map(({ value: r }) => ({ code: r.code, nameEn: r.name_en, nameZh: r.name_zh }))
      const existing = new Map<string, typeof categories.$inferSelect>()
      for (const slice of chunks(wanted.map((w) => w.code)))
        for (const c of await tx.select().from(categories).where(inArray(categories.code, slice)).for('update')) existing.set(c.code, c)

      const created: string[] = []
      const updated: string[] = []
      const fresh: CategoryAuditView[] = []
      for (const after of wanted) {
        const current = existing.get(after.code)
        if (!current) {
          fresh.push(after)
          continue
        }
        const before = categoryAuditView(current)
        if (sameFields(before, after)) continue
        await tx.update(categories).set(after).where(eq(categories.id, current.id))
        await recordAudit(tx, who, { action: 'catalog.category.updated', entityType: 'category', entityId: current.id, before, after })
        updated.push(after.code)
      }
      for (const slice of chunks(fresh)) {
        for (const row of await tx.insert(categories).values(slice).returning()) {
          await recordAudit(tx, who, { action: 'catalog.category.created', entityType: 'category', entityId: row.id, after: categoryAuditView(row) })
          created.push(row.code)
        }
      }
      const summary = { fileId: file.id, rows: wanted.length, created: created.length, updated: updated.length, unchanged: wanted.length - created.length - updated.length }
      await recordAudit(tx, who, {
        action: 'catalog.category.imported',
        entityType: 'file',
        entityId: file.id,
        after: { ...summary, fileName: file.originalName, sha256: file.sha256, createdCodes: created, updatedCodes: updated },
      })
      return { ok: true as const, ...summary }
    })
  } catch (err) {
    if (uniqueViolation(err) !== null) throw concurrentImport()
    throw err
  }
}
