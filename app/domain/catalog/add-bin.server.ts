import { eq } from 'drizzle-orm'
import { bins, warehouses } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { notFound } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'
import { assertCatalogManager } from './catalog-access.server'
import { duplicateField, mapUniqueViolation } from './catalog-errors.server'

export async function addBin(actor: Actor, warehouseId: string, code: string, meta: { ip?: string } = {}): Promise<{ id: string }> {
  assertCatalogManager(actor)
  if (!isUuid(warehouseId)) throw notFound()
  try {
    return await transact(async ({ tx }) => {
      const [wh] = await tx.select({ id: warehouses.id, code: warehouses.code }).from(warehouses).where(eq(warehouses.id, warehouseId))
      if (!wh) throw notFound()
      const [row] = await tx.insert(bins).values({ warehouseId, code }).onConflictDoNothing({ target: [bins.warehouseId, bins.code] }).returning()
      if (!row) throw duplicateField('code')
      await recordAudit(tx, { actor, ip: meta.ip }, { action: 'catalog.bin.added', entityType: 'warehouse', entityId: warehouseId, after: { warehouse: wh.code, bin: code } })
      return { id: row.id }
    })
  } catch (err) {
    throw mapUniqueViolation(err, { bins_wh_code_uq: 'code' })
  }
}
