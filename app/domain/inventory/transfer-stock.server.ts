import { randomUUID } from 'node:crypto'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import { publishStockChanged } from './stock-events.server'
import { allocateFreedStock } from '~/domain/orders/reserve-backorders.server'
import type { Actor } from '~/auth/roles'
import { DomainError, notFound } from '~/utils/errors'
import { D } from '~/utils/money'
import { isUuid } from '~/utils/uuid'
import { assertInventoryManager } from './inventory-access.server'
import type { TransferStockInput } from './inventory.validation'
import { applyMovesInKeyOrder, assertPlace, canonicalBatch, type MoveSpec } from './ledger.server'
import { samePlace, transferLegs } from './stock.rules'
import { assertSerialsAt, assertUnnamedStock, onHandAt, serialsFor } from './tracking.server'

/**
 * Both legs in one transaction: if either fails (too little at the source, a bad destination) neither is written.
 * A tracked product moves the batch named, or the serial numbers listed (two legs each, all in one transfer), or its
 * stock without one (which predates tracking); the batch or serial number goes along.
 */
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
    const product = { id: input.productId, sku: src.sku, tracking: src.tracking }
    const serialText = product.tracking === 'serial' ? (input.serials ?? input.batch) : null
    let moves: MoveSpec[]
    let serials: string[] | null = null
    if (serialText) {
      serials = await serialsFor(tx, product, serialText, input.quantity, 'serials')
      await assertSerialsAt(tx, input.productId, from, serials, 'serials')
      moves = serials.flatMap((serial) => transferLegs(from, to, '1', serial).map((leg) => ({ ...leg, productId: input.productId, reason: input.reason, transferId })))
    } else {
      input = { ...input, batch: await canonicalBatch(tx, input.productId, input.batch) }
      if (!input.batch) await assertUnnamedStock(tx, product, from)
      moves = transferLegs(from, to, input.quantity, input.batch).map((leg) => ({ ...leg, productId: input.productId, reason: input.reason, transferId }))
    }
    const applied = await applyMovesInKeyOrder(tx, moves, actor.userId)
    // Read after the moves, not before: a receipt of other serial numbers at either place committing in between would
    // otherwise make the audit's figures a sum nobody saw.
    const [srcAfter, dstAfter] = serials ? await Promise.all([onHandAt(tx, input.productId, from), onHandAt(tx, input.productId, to)]) : [null, null]
    afterCommit(() => publishStockChanged([input.productId]))
    if (input.toWarehouseId !== input.fromWarehouseId) afterCommit(() => allocateFreedStock(input.toWarehouseId, [input.productId]).then(() => {}))
    // A batch's legs say its places' balances; serials' say the product's stock at each place (each serial's row holds 0 or 1).
    const [out, inn] = serials
      ? [
          { onHandBefore: new D(srcAfter!).plus(input.quantity).toFixed(), onHandAfter: srcAfter! },
          { onHandBefore: new D(dstAfter!).minus(input.quantity).toFixed(), onHandAfter: dstAfter! },
        ]
      : moves.map((m) => applied.get(m)!)
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'inventory.stock.transferred',
      entityType: 'product',
      entityId: input.productId,
      before: { from: { warehouse: src.warehouseCode, bin: src.binCode, onHand: out.onHandBefore }, to: { warehouse: dst.warehouseCode, bin: dst.binCode, onHand: inn.onHandBefore } },
      after: {
        from: { warehouse: src.warehouseCode, bin: src.binCode, onHand: out.onHandAfter },
        to: { warehouse: dst.warehouseCode, bin: dst.binCode, onHand: inn.onHandAfter },
        ...(serials ? { serials } : { batch: input.batch }),
        quantity: input.quantity,
        reason: input.reason,
        transferId,
      },
    })
    return { transferId }
  })
}
