import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import { publishStockChanged } from './stock-events.server'
import { allocateFreedStock } from '~/domain/orders/reserve-backorders.server'
import type { Actor } from '~/auth/roles'
import { notFound } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'
import { assertInventoryManager } from './inventory-access.server'
import type { AdjustStockInput } from './inventory.validation'
import { applyMove, assertPlace, canonicalBatch } from './ledger.server'

/** A correction with a reason. A decrease that would leave less on hand than is reserved is refused by the guarded UPDATE itself. */
export async function adjustStock(actor: Actor, input: AdjustStockInput, meta: { ip?: string } = {}): Promise<{ moveId: string; onHand: string }> {
  assertInventoryManager(actor)
  if (!isUuid(input.productId)) throw notFound()
  return transact(async ({ tx, afterCommit }) => {
    const place = await assertPlace(tx, input, { value: input.quantity, field: 'quantity' })
    input = { ...input, batch: await canonicalBatch(tx, input.productId, input.batch) }
    const applied = await applyMove(tx, { kind: 'adjustment', productId: input.productId, warehouseId: input.warehouseId, binId: input.binId, batch: input.batch, quantity: input.quantity, reason: input.reason }, actor.userId)
    afterCommit(() => publishStockChanged([input.productId]))
    // What came in goes first to the orders waiting for it.
    if (!input.quantity.startsWith('-')) afterCommit(() => allocateFreedStock(input.warehouseId, [input.productId]).then(() => {}))
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'inventory.stock.adjusted',
      entityType: 'product',
      entityId: input.productId,
      before: { warehouse: place.warehouseCode, bin: place.binCode, batch: input.batch, onHand: applied.onHandBefore },
      after: { warehouse: place.warehouseCode, bin: place.binCode, batch: input.batch, onHand: applied.onHandAfter, quantity: input.quantity, reason: input.reason, moveId: applied.moveId },
    })
    return { moveId: applied.moveId, onHand: applied.onHandAfter }
  })
}
