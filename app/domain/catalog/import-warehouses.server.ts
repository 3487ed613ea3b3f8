import { eq, inArray } from 'drizzle-orm'
import { bins, warehouses } from '~db/schema'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import type { Upload } from '~/domain/files/store-file.server'
import { uniqueViolation } from '~/utils/pg-errors.server'
import { assertCatalogManager } from './catalog-access.server'
import { sameFields, warehouseAuditView, type WarehouseAuditView } from './catalog-audit'
import { concurrentImport, importSheetLimits, inImportTransaction, readImportFile, type ImportOutcome } from './catalog-import.server'
import { validateGrid, warehouseImportSpec } from './catalog-import.rules'
import { warehouseRowSchema } from './catalog-import.validation'

/**
 * Upserts warehouses by code and adds the bins listed that are missing. Bins not listed are kept:
 * removing one is a deliberate act on the warehouse page, where a bin still in use is refused.
 */
export async function importWarehouses(actor: Actor, upload: Upload, meta: { ip?: string } = {}): Promise<ImportOutcome> {
  assertCatalogManager(actor)
  const { kind, grid } = await readImportFile(upload, importSheetLimits(warehouseImportSpec))
  const validation = validateGrid(grid, warehouseImportSpec, warehouseRowSchema())
  if (!validation.ok) return { ok: false, issues: validation.issues }
  const who = { actor, ip: meta.ip }

  try {
    return await inImportTransaction(actor, upload, kind, async (tx, file) => {
      const rows = validation.rows.map(({ value: r }) => ({
        fields: { code: r.code, nameEn: r.name_en, nameZh: r.name_zh, address: r.address } satisfies WarehouseAuditView,
        bins: r.bins,
      }))
      const existing = new Map(
        (await tx.select().from(warehouses).where(inArray(warehouses.code, rows.map((r) => r.fields.code))).for('update')).map((w) => [w.code, w]),
      )
      const created: string[] = []
      const updated: string[] = []
      let binsAdded = 0
      for (const { fields, bins: binCodes } of rows) {
        const current = existing.get(fields.code)
        let id: string
        let changed = false
        if (!current) {
          const [row] = await tx.insert(warehouses).values(fields).returning()
          id = row.id
          await recordAudit(tx, who, { action: 'catalog.warehouse.created', entityType: 'warehouse', entityId: id, after: warehouseAuditView(row) })
          created.push(fields.code)
        } else {
          id = current.id
          const before = warehouseAuditView(current)
          if (!sameFields(before, fields)) {
            await tx.update(warehouses).set(fields).where(eq(warehouses.id, id))
            await recordAudit(tx, who, { action: 'catalog.warehouse.updated', entityType: 'warehouse', entityId: id, before, after: fields })
            changed = true
          }
        }
        if (binCodes.length) {
          const added = await tx
            .insert(bins)
            .values(binCodes.map((code) => ({ warehouseId: id, code })))
            .onConflictDoNothing({ target: [bins.warehouseId, bins.code] })
            .returning({ code: bins.code })
          for (const b of added)
            await recordAudit(tx, who, { action: 'catalog.bin.added', entityType: 'warehouse', entityId: id, after: { warehouse: fields.code, bin: b.code } })
          binsAdded += added.length
          if (added.length && current) changed = true
        }
        if (changed) updated.push(fields.code)
      }
      const summary = { fileId: file.id, rows: rows.length, created: created.length, updated: updated.length, unchanged: rows.length - created.length - updated.length }
      await recordAudit(tx, who, {
        action: 'catalog.warehouse.imported',
        entityType: 'file',
        entityId: file.id,
        after: { ...summary, binsAdded, fileName: file.originalName, sha256: file.sha256, createdCodes: created, updatedCodes: updated },
      })
      return { ok: true as const, ...summary }
    })
  } catch (err) {
    if (uniqueViolation(err) !== null) throw concurrentImport()
    throw err
  }
}
