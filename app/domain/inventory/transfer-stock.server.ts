import { randomUUID } from 'node:crypto'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import { publishStockChanged } from './stock-events.server'
import { allocateFreedStock } from '~/domain/orders/reserve-backorders.server'
import type { Actor } from '~/auth/roles'
import { DomainError, notFound } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'
import { assertInventoryManager } from './inventory-access.server'
import type { TransferStockInput } from './inventory.validation'
import { applyMovesInKeyOrder, assertPlace, canonicalBatch, type MoveSpec } from './ledger.server'
import { samePlace, transferLegs } from './stock.rules'

/** Both legs in one transaction: if either fails (too little at the source, a bad destination) neither is written. */
export async function transferStock(actor: Actor, input: TransferStockInput, meta: { ip?: string } = {}): Promise<{ transferId: string }> {
  assertInventoryManager(actor)
  if (!isUuid(input.productId)) throw notFound()
  const from = { warehouseId: input.fromWarehouseId, binId: input.fromBinId }
  const to = { warehouseId: input.toWarehouseId, binId: input.toBinId }
  if (samePlace(from, to)) throw new DomainError('bad_input', 'inventory:errors.sameLocation', { toWarehouseId: ['inventory:errors.sameLocation'] })
  const transferId = randomUUID()
  return transact(async ({ tx, afterCommit }) => {
    const src = await assertPlace(tx, { productId: input.productId, ...from }, { value: input.quantity, field: 'quantity' })
    const dst = await assertPlace(tx, { productId: input.productId, ...to })
    input = { ...input, batch: await canonicalBatch(tx, input.productId, input.batch) }
    const moves: MoveSpec[] = transferLegs(from, to, input.quantity, input.batch).map((leg) => ({
      ...leg,
      productId: input.productId,
      reason: input.reason,
      transferId,
    }))
    const applied = await applyMovesInKeyOrder(tx, moves, actor.userId)
    const [out, inn] = moves.map((m) => applied.get(m)!)
    afterCommit(() => publishStockChanged([input.productId]))
    if (input.toWarehouseId !== input.fromWarehouseId) afterCommit(() => allocateFreedStock(input.toWarehouseId, [input.productId]).then(() => {}))
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'inventory.stock.transferred',
      entityType: 'product',
      entityId: input.productId,
      before: { from: { warehouse: src.warehouseCode, bin: src.binCode, onHand: out.onHandBefore }, to: { warehouse: dst.warehouseCode, bin: dst.binCode, onHand: inn.onHandBefore } },
      after: {
        from: { warehouse: src.warehouseCode, bin: src.binCode, onHand: out.onHandAfter },
        to: { warehouse: dst.warehouseCode, bin: dst.binCode, onHand: inn.onHandAfter },
        batch: input.batch,
        quantity: input.quantity,
        reason: input.reason,
        transferId,
      },
    })
    return { transferId }
  })
}
