import { warehouses } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { assertCatalogManager } from './catalog-access.server'
import { warehouseAuditView } from './catalog-audit'
import { duplicateField, mapUniqueViolation } from './catalog-errors.server'
import type { WarehouseInput } from './catalog.validation'

export async function createWarehouse(actor: Actor, input: WarehouseInput, meta: { ip?: string } = {}): Promise<{ id: string }> {
  assertCatalogManager(actor)
  try {
    return await transact(async ({ tx }) => {
      const [row] = await tx.insert(warehouses).values(input).onConflictDoNothing({ target: warehouses.code }).returning()
      if (!row) throw duplicateField('code')
      await recordAudit(tx, { actor, ip: meta.ip }, { action: 'catalog.warehouse.created', entityType: 'warehouse', entityId: row.id, after: warehouseAuditView(row) })
      return { id: row.id }
    })
  } catch (err) {
    throw mapUniqueViolation(err, { warehouses_code_uq: 'code' })
  }
}
