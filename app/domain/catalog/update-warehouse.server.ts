import { eq } from 'drizzle-orm'
import { warehouses } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { notFound } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'
import { assertCatalogManager } from './catalog-access.server'
import { sameFields, warehouseAuditView } from './catalog-audit'
import { mapUniqueViolation } from './catalog-errors.server'
import type { WarehouseInput } from './catalog.validation'

export async function updateWarehouse(actor: Actor, id: string, input: WarehouseInput, meta: { ip?: string } = {}): Promise<{ changed: boolean }> {
  assertCatalogManager(actor)
  if (!isUuid(id)) throw notFound()
  try {
    return await transact(async ({ tx }) => {
      const [current] = await tx.select().from(warehouses).where(eq(warehouses.id, id)).for('update')
      if (!current) throw notFound()
      const before = warehouseAuditView(current)
      const after = warehouseAuditView(input)
      if (sameFields(before, after)) return { changed: false }
      await tx.update(warehouses).set(input).where(eq(warehouses.id, id))
      await recordAudit(tx, { actor, ip: meta.ip }, { action: 'catalog.warehouse.updated', entityType: 'warehouse', entityId: id, before, after })
      return { changed: true }
    })
  } catch (err) {
    throw mapUniqueViolation(err, { warehouses_code_uq: 'code' })
  }
}
