import { and, eq } from 'drizzle-orm'
import { bins, warehouses } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { DomainError, notFound } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'
import { assertCatalogManager } from './catalog-access.server'

/** SQLSTATE 23503 anywhere in drizzle's chain of wrapped errors. */
function foreignKeyViolation(err: unknown): boolean {
  for (let e: any = err, depth = 0; e && depth < 4; e = e.cause, depth++) if (e.code === '23503') return true
  return false
}

/** Removes an empty bin, answering its code (for the toast). Once stock records point at a bin, its foreign keys refuse the delete. */
export async function removeBin(actor: Actor, warehouseId: string, binId: string, meta: { ip?: string } = {}): Promise<string> {
  assertCatalogManager(actor)
  if (!isUuid(warehouseId) || !isUuid(binId)) throw notFound()
  try {
    return await transact(async ({ tx }) => {
      const [row] = await tx
        .delete(bins)
        .where(and(eq(bins.id, binId), eq(bins.warehouseId, warehouseId)))
        .returning({ code: bins.code })
      if (!row) throw notFound()
      const [wh] = await tx.select({ code: warehouses.code }).from(warehouses).where(eq(warehouses.id, warehouseId))
      await recordAudit(tx, { actor, ip: meta.ip }, { action: 'catalog.bin.removed', entityType: 'warehouse', entityId: warehouseId, before: { warehouse: wh?.code, bin: row.code } })
      return row.code
    })
  } catch (err) {
    if (foreignKeyViolation(err)) throw new DomainError('unprocessable', 'catalog:errors.binInUse')
    throw err
  }
}
