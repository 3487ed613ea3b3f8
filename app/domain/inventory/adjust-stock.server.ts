import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import { publishStockChanged } from './stock-events.server'
import { allocateFreedStock } from '~/domain/orders/reserve-backorders.server'
import type { Actor } from '~/auth/roles'
import { notFound } from '~/utils/errors'
import { D } from '~/utils/money'
import { isUuid } from '~/utils/uuid'
import { assertInventoryManager } from './inventory-access.server'
import type { AdjustStockInput } from './inventory.validation'
import { applyMove, applyMovesInKeyOrder, assertPlace, canonicalBatch, type MoveSpec } from './ledger.server'
import { assertSerialsAt, assertTrackedIn, assertUnnamedStock, onHandAt, receiveSerials, serialsFor } from './tracking.server'
import { trackedField } from './tracking.rules'

/**
 * A correction with a reason. A decrease that would leave less on hand than is reserved is refused by the guarded UPDATE itself.
 * A tracked product's stock comes in only with its batch, or one serial number per unit (refused on that field otherwise), and
 * goes out from the batch or serials named, or from its stock without one (which predates tracking).
 */
export async function adjustStock(actor: Actor, input: AdjustStockInput, meta: { ip?: string } = {}): Promise<{ moveId: string; onHand: string; moveIds: string[] }> {
  assertInventoryManager(actor)
  if (!isUuid(input.productId)) throw notFound()
  const increase = !input.quantity.startsWith('-')
  return transact(async ({ tx, afterCommit }) => {
    const place = await assertPlace(tx, input, { value: input.quantity, field: 'quantity' })
    const product = { id: input.productId, sku: place.sku, tracking: place.tracking }
    const at = { warehouseId: input.warehouseId, binId: input.binId }
    afterCommit(() => publishStockChanged([input.productId]))
    // What came in goes first to the orders waiting for it.
    if (increase) afterCommit(() => allocateFreedStock(input.warehouseId, [input.productId]).then(() => {}))
    const serialText = product.tracking === 'serial' ? (input.serials ?? input.batch) : null
    if (serialText) {
      const serials = await serialsFor(tx, product, serialText, input.quantity, 'serials')
      let moveIds: string[]
      if (increase) {
        moveIds = (await receiveSerials(tx, product, at, serials, { kind: 'adjustment', reason: input.reason }, actor.userId)).map((m) => m.moveId)
      } else {
        await assertSerialsAt(tx, input.productId, at, serials, 'serials')
        const moves: MoveSpec[] = serials.map((batch) => ({ kind: 'adjustment', productId: input.productId, ...at, batch, quantity: '-1', reason: input.reason }))
        const applied = await applyMovesInKeyOrder(tx, moves, actor.userId)
        moveIds = moves.map((m) => applied.get(m)!.moveId)
      }
      // Read after the moves, not before: a receipt of other serial numbers here committing in between would otherwise
      // make the audit's figures a sum nobody saw.
      const after = await onHandAt(tx, input.productId, at)
      const before = new D(after).minus(input.quantity).toFixed()
      await recordAudit(tx, { actor, ip: meta.ip }, {
        action: 'inventory.stock.adjusted',
        entityType: 'product',
        entityId: input.productId,
        before: { warehouse: place.warehouseCode, bin: place.binCode, onHand: before },
        after: { warehouse: place.warehouseCode, bin: place.binCode, serials, onHand: after, quantity: input.quantity, reason: input.reason, moveIds },
      })
      return { moveId: moveIds[0], moveIds, onHand: after }
    }
    const field = trackedField(product)
    input = { ...input, batch: await canonicalBatch(tx, input.productId, input.batch) }
    assertTrackedIn(product, input, field)
    if (!increase && !input.batch) await assertUnnamedStock(tx, product, at)
    const applied = await applyMove(tx, { kind: 'adjustment', productId: input.productId, ...at, batch: input.batch, quantity: input.quantity, reason: input.reason }, actor.userId)
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'inventory.stock.adjusted',
      entityType: 'product',
      entityId: input.productId,
      before: { warehouse: place.warehouseCode, bin: place.binCode, batch: input.batch, onHand: applied.onHandBefore },
      after: { warehouse: place.warehouseCode, bin: place.binCode, batch: input.batch, onHand: applied.onHandAfter, quantity: input.quantity, reason: input.reason, moveId: applied.moveId },
    })
    return { moveId: applied.moveId, moveIds: [applied.moveId], onHand: applied.onHandAfter }
  })
}
