import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import { publishStockChanged } from './stock-events.server'
import { allocateFreedStock } from '~/domain/orders/reserve-backorders.server'
import type { Actor } from '~/auth/roles'
import { DomainError, notFound } from '~/utils/errors'
import { D } from '~/utils/money'
import { isUuid } from '~/utils/uuid'
import { withParams } from '~/utils/validation'
import { assertInventoryManager } from './inventory-access.server'
import type { CountStockInput } from './inventory.validation'
import { applyMove, assertPlace, canonicalBatch, dropEmptyBalance, lockBalance } from './ledger.server'
import { countDifference } from './stock.rules'

/**
 * A cycle count: the counted quantity becomes the balance through a 'count' move of the difference.
 * The difference depends on what the books say, so the row is locked while it is computed; the
 * move then goes through the same guarded write (counting below what is reserved is refused).
 */
export async function countStock(actor: Actor, input: CountStockInput, meta: { ip?: string } = {}): Promise<{ moveId: string | null; difference: string | null }> {
  assertInventoryManager(actor)
  if (!isUuid(input.productId)) throw notFound()
  return transact(async ({ tx, afterCommit }) => {
    const place = await assertPlace(tx, input, { value: input.countedQuantity, field: 'countedQuantity' })
    input = { ...input, batch: await canonicalBatch(tx, input.productId, input.batch) }
    const current = await lockBalance(tx, input)
    // Stock held for orders cannot be counted away: said on the counted quantity, with the figure.
    if (new D(input.countedQuantity).lt(current.reserved)) {
      const message = withParams('inventory:errors.countBelowReserved', { reserved: new D(current.reserved).toFixed() })
      throw new DomainError('conflict', message, { countedQuantity: [message] })
    }
    const difference = countDifference(input.countedQuantity, current.onHand)
    let moveId: string | null = null
    if (difference) {
      const applied = await applyMove(tx, { kind: 'count', productId: input.productId, warehouseId: input.warehouseId, binId: input.binId, batch: input.batch, quantity: difference, reason: input.reason }, actor.userId)
      moveId = applied.moveId
    } else await dropEmptyBalance(tx, current)
    if (difference) afterCommit(() => publishStockChanged([input.productId]))
    if (difference && !difference.startsWith('-')) afterCommit(() => allocateFreedStock(input.warehouseId, [input.productId]).then(() => {}))
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'inventory.stock.counted',
      entityType: 'product',
      entityId: input.productId,
      before: { warehouse: place.warehouseCode, bin: place.binCode, batch: input.batch, onHand: current.onHand },
      after: { warehouse: place.warehouseCode, bin: place.binCode, batch: input.batch, onHand: input.countedQuantity, difference, reason: input.reason, moveId },
    })
    return { moveId, difference }
  })
}
