import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { rawRows, type Tx } from '~db/client'
import { stockCounts } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import { publishStockChanged } from './stock-events.server'
import { allocateFreedStock } from '~/domain/orders/reserve-backorders.server'
import { notifyStaffWith } from '~/domain/notifications/notify.server'
import { emitToStaff } from '~/realtime/publisher.server'
import type { Actor } from '~/auth/roles'
import { DomainError, notFound } from '~/utils/errors'
import { D } from '~/utils/money'
import { isUuid } from '~/utils/uuid'
import { withParams } from '~/utils/validation'
import { assertInventoryManager } from './inventory-access.server'
import type { CountStockInput } from './inventory.validation'
import { applyMove, assertPlace, canonicalBatch, dropEmptyBalance, lockBalance } from './ledger.server'
import { countDifference, countHold, countTolerance, signedDifference, type CountHold, type LedgerKey } from './stock.rules'
import { serialCountFits, singleSerialRefusal, type Tracking } from './tracking.rules'
import { assertTrackedIn, claimSerials, fieldRefusal, type TrackedProduct } from './tracking.server'

/** The ledger's reference of a move a count posted (stock_moves.reference_type; the id is the count's). */
export const COUNT_SOURCE = 'stock_count'

export interface CountOutcome {
  countId: string
  /** posted: the books now say what was counted; pending: nothing moved until a second person approves. */
  status: 'posted' | 'pending'
  /** Pending: why (countHold), beyond tolerance or a batch new to the place. */
  hold: CountHold | null
  /** The batch counted as the product's stock spells it (canonicalBatch). */
  batch: string | null
  moveId: string | null
  difference: string | null
}

/**
 * How many ledger moves a place has. Read under the place's balance lock, which every move takes (applyMove updates the row),
 * so no move can commit between this and the caller's decision.
 */
export async function movesAt(tx: Tx, k: LedgerKey): Promise<number> {
  const [row] = await rawRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from stock_moves
        where product_id = ${k.productId} and warehouse_id = ${k.warehouseId}
          and bin_id is not distinct from ${k.binId}::uuid and batch is not distinct from ${k.batch}::text`,
  )
  return row.n
}

/**
 * A count of a tracked product names its batch or serial number whenever it finds stock: found units never come in
 * without one (tracking.rules). Counting stock without one (which predates tracking) down, or to what it is, is fine.
 */
export function assertCountTracked(product: TrackedProduct, place: { batch: string | null }, difference: string | null) {
  if (difference === null) return
  assertTrackedIn(product, { quantity: difference, batch: place.batch }, 'batch')
}

/** A serial counted at a place that does not hold it yet must not be in stock anywhere else (claimSerials takes its lock). */
async function claimSerialUnlessHere(tx: Tx, k: LedgerKey) {
  const [here] = await rawRows<{ on_hand: string }>(
    tx,
    sql`select on_hand::text from stock_balances
        where product_id = ${k.productId} and warehouse_id = ${k.warehouseId} and bin_id is not distinct from ${k.binId}::uuid and batch = ${k.batch}`,
  )
  if (here && new D(here.on_hand).gt(0)) return
  const refusal = singleSerialRefusal(k.batch!)
  if (refusal) throw fieldRefusal('bad_input', 'batch', refusal)
  await claimSerials(tx, k.productId, [k.batch!], 'batch')
}

/** The approvers' notice of a held count: a batch or serial number new to the place is named as such, not as a difference. */
export function heldNoticeKind(hold: CountHold | null, tracking: Tracking): string {
  if (hold !== 'newBatch') return 'stockCount.held'
  return tracking === 'serial' ? 'stockCount.heldNewSerial' : 'stockCount.heldNewBatch'
}

/** Stock held for orders cannot be counted away: said on the counted quantity, with the figure. */
export function countBelowReserved(reserved: string) {
  const message = withParams('inventory:errors.countBelowReserved', { reserved: new D(reserved).toFixed() })
  return new DomainError('conflict', message, { countedQuantity: [message] })
}

/**
 * A cycle count, kept as a stock_counts row. Within tolerance (COUNT_TOLERANCE) the counted quantity becomes the balance at
 * once through a 'count' move of the difference; beyond it, or when it finds a batch the place never held (countHold), the
 * count waits for a second person (approveCount) and the books stay as they are. The difference depends on what the books say, so the row is locked while it is computed and
 * while the ledger's moves of the place are numbered (approval refuses the count if that number changed).
 */
export async function countStock(actor: Actor, input: CountStockInput, meta: { ip?: string } = {}): Promise<CountOutcome> {
  assertInventoryManager(actor)
  if (!isUuid(input.productId)) throw notFound()
  return transact(async (ctx) => {
    const { tx, afterCommit } = ctx
    const place = await assertPlace(tx, input, { value: input.countedQuantity, field: 'countedQuantity' })
    input = { ...input, batch: await canonicalBatch(tx, input.productId, input.batch) }
    const product = { id: input.productId, sku: place.sku, tracking: place.tracking }
    // A serial number is one unit; one counted into stock takes its receipt lock first (before the row's, as a receipt does).
    if (product.tracking === 'serial' && input.batch) {
      if (!serialCountFits(input.countedQuantity)) throw fieldRefusal('bad_input', 'countedQuantity', withParams('inventory:errors.serialCount', { serial: input.batch }))
      if (new D(input.countedQuantity).gt(0)) await claimSerialUnlessHere(tx, input)
    }
    const current = await lockBalance(tx, input)
    if (new D(input.countedQuantity).lt(current.reserved)) throw countBelowReserved(current.reserved)
    const difference = countDifference(input.countedQuantity, current.onHand)
    assertCountTracked(product, input, difference)
    const bookMoves = await movesAt(tx, input)
    const hold = countHold({ difference, book: current.onHand, batch: input.batch, bookMoves })
    const held = hold !== null
    const countId = randomUUID()
    let moveId: string | null = null
    if (difference && !held) {
      const applied = await applyMove(
        tx,
        { kind: 'count', productId: input.productId, warehouseId: input.warehouseId, binId: input.binId, batch: input.batch, quantity: difference, reason: input.reason, referenceType: COUNT_SOURCE, referenceId: countId },
        actor.userId,
      )
      moveId = applied.moveId
    } else await dropEmptyBalance(tx, current)
    await tx.insert(stockCounts).values({
      id: countId,
      productId: input.productId,
      warehouseId: input.warehouseId,
      binId: input.binId,
      batch: input.batch,
      countedQuantity: new D(input.countedQuantity).toFixed(),
      bookQuantity: new D(current.onHand).toFixed(),
      difference: new D(input.countedQuantity).minus(current.onHand).toFixed(),
      bookMoves,
      reason: input.reason,
      status: held ? 'pending' : 'posted',
      countedBy: actor.userId,
      moveId,
    })
    const where = { warehouse: place.warehouseCode, bin: place.binCode, batch: input.batch }
    if (held) {
      // The counter is never among those asked: they may not approve their own count.
      await notifyStaffWith(
        ctx,
        'inventory.approveCounts',
        {
          kind: heldNoticeKind(hold, product.tracking),
          params: { sku: place.sku, warehouse: place.warehouseCode, difference: signedDifference(difference!), name: actor.name, ...(hold === 'newBatch' ? { batch: input.batch! } : {}) },
          link: `/console/inventory/${input.productId}`,
        },
        actor.userId,
      )
      afterCommit(() => emitToStaff('stock:countChanged', { countId, productId: input.productId }))
    }
    if (moveId) afterCommit(() => publishStockChanged([input.productId]))
    if (moveId && !difference!.startsWith('-')) afterCommit(() => allocateFreedStock(input.warehouseId, [input.productId]).then(() => {}))
    // One state change, one audit row (AU1): a held count changes no stock, only opens a count that
    // waits for a decision, so it is the count's row alone; a posted one is the product's stock counted.
    await recordAudit(
      tx,
      { actor, ip: meta.ip },
      held
        ? {
            action: 'inventory.count.held',
            entityType: 'stock_count',
            entityId: countId,
            after: { sku: place.sku, ...where, counted: input.countedQuantity, book: current.onHand, difference, tolerance: countTolerance(current.onHand).toFixed(), hold, reason: input.reason, status: 'pending' },
          }
        : {
            action: 'inventory.stock.counted',
            entityType: 'product',
            entityId: input.productId,
            before: { ...where, onHand: current.onHand },
            after: { ...where, onHand: input.countedQuantity, counted: input.countedQuantity, difference, reason: input.reason, moveId, countId, status: 'posted' },
          },
    )
    return { countId, status: held ? 'pending' : 'posted', hold, batch: input.batch, moveId, difference }
  })
}
