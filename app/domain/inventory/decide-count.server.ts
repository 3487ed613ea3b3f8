import { eq, sql } from 'drizzle-orm'
import { products, stockCounts } from '~db/schema'
import { transact, type TxContext } from '~db/transaction'
import { recordAudit, recordDenied } from '~/audit/record.server'
import { staffCan, type Actor } from '~/auth/roles'
import { notifyUsers } from '~/domain/notifications/notify.server'
import { allocateFreedStock } from '~/domain/orders/reserve-backorders.server'
import { emitToStaff } from '~/realtime/publisher.server'
import { DomainError, forbidden, notFound } from '~/utils/errors'
import { D } from '~/utils/money'
import { isUuid } from '~/utils/uuid'
import { COUNT_SOURCE, assertCountTracked, countBelowReserved, movesAt } from './count-stock.server'
import { applyMove, assertPlace, lockBalance } from './ledger.server'
import { publishStockChanged } from './stock-events.server'
import { signedDifference } from './stock.rules'
import { claimSerials } from './tracking.server'

type PendingCount = typeof stockCounts.$inferSelect

/** The counter asked to decide their own count: the second person must be someone else (segregation of duties). */
const OWN_COUNT = Symbol('own count')

/**
 * A second person approves a count held beyond tolerance: its difference is posted as a 'count' move, as SAP's MI07 posts a
 * count document, only if the place's books are still the ones the count was judged against. Any move of the place since
 * (the number of its ledger moves changed, even by moves that add up to nothing) makes the count stale: refused, a recount
 * is needed. Checked under the balance row's lock, which every move takes, so no move slips in between the check and the post.
 * Counting below what is reserved is refused now as it was at the count. Concurrent decisions queue on the count's row
 * lock; the second finds it decided.
 */
export async function approveCount(actor: Actor, countId: string, meta: { ip?: string | null } = {}): Promise<{ sku: string; difference: string; moveId: string }> {
  if (!staffCan(actor, 'inventory.approveCounts')) await refuse(actor, meta, countId, 'inventory.count.approve', { permission: 'inventory.approveCounts' })
  return decide(actor, meta, countId, 'inventory.count.approve', async (ctx, count, sku) => {
    const { tx, afterCommit } = ctx
    const place = await assertPlace(tx, count)
    const difference = new D(count.difference).toFixed()
    // Judged again as the product is tracked now: its tracking may have changed since the count was held.
    const product = { id: count.productId, sku, tracking: place.tracking }
    assertCountTracked(product, count, difference)
    if (product.tracking === 'serial' && count.batch && new D(difference).gt(0)) await claimSerials(tx, count.productId, [count.batch], 'batch')
    const balance = await lockBalance(tx, count)
    if ((await movesAt(tx, count)) !== count.bookMoves || !new D(balance.onHand).eq(count.bookQuantity)) {
      throw new DomainError('conflict', 'inventory:errors.countStale')
    }
    if (new D(count.countedQuantity).lt(balance.reserved)) throw countBelowReserved(balance.reserved)
    const applied = await applyMove(
      tx,
      { kind: 'count', productId: count.productId, warehouseId: count.warehouseId, binId: count.binId, batch: count.batch, quantity: difference, reason: count.reason, referenceType: COUNT_SOURCE, referenceId: count.id },
      actor.userId,
    )
    await tx
      .update(stockCounts)
      .set({ status: 'approved', decidedBy: actor.userId, decidedAt: sql`now()`, moveId: applied.moveId })
      .where(eq(stockCounts.id, count.id))
    await notifyUsers(ctx, [count.countedBy], { kind: 'stockCount.approved', params: { sku, warehouse: place.warehouseCode, difference: signedDifference(difference), name: actor.name }, link: `/console/inventory/${count.productId}` })
    afterCommit(() => publishStockChanged([count.productId]))
    if (!difference.startsWith('-')) afterCommit(() => allocateFreedStock(count.warehouseId, [count.productId]).then(() => {}))
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'inventory.count.approved',
      entityType: 'stock_count',
      entityId: count.id,
      before: { status: 'pending', onHand: applied.onHandBefore },
      after: { status: 'approved', sku, warehouse: place.warehouseCode, bin: place.binCode, batch: count.batch, onHand: applied.onHandAfter, difference, moveId: applied.moveId, countedBy: count.countedBy },
    })
    return { sku, difference, moveId: applied.moveId }
  })
}

/** A second person rejects a held count, saying why: nothing reaches the ledger, and the counter hears the reason (a recount, say). */
export async function rejectCount(actor: Actor, countId: string, input: { reason: string }, meta: { ip?: string | null } = {}): Promise<{ sku: string }> {
  if (!staffCan(actor, 'inventory.approveCounts')) await refuse(actor, meta, countId, 'inventory.count.reject', { permission: 'inventory.approveCounts' })
  const reason = input.reason.trim()
  if (!reason) throw new DomainError('bad_input', 'inventory:errors.reasonRequired', { reason: ['inventory:errors.reasonRequired'] })
  return decide(actor, meta, countId, 'inventory.count.reject', async (ctx, count, sku) => {
    const { tx } = ctx
    await tx
      .update(stockCounts)
      .set({ status: 'rejected', decidedBy: actor.userId, decidedAt: sql`now()`, decisionReason: reason })
      .where(eq(stockCounts.id, count.id))
    await notifyUsers(ctx, [count.countedBy], { kind: 'stockCount.rejected', params: { sku, difference: signedDifference(new D(count.difference).toFixed()), name: actor.name, reason }, link: `/console/inventory/${count.productId}` })
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'inventory.count.rejected',
      entityType: 'stock_count',
      entityId: count.id,
      before: { status: 'pending' },
      after: { status: 'rejected', sku, counted: count.countedQuantity, book: count.bookQuantity, difference: new D(count.difference).toFixed(), reason, countedBy: count.countedBy },
    })
    return { sku }
  })
}

/**
 * One decision on a pending count: its row locked for the whole transaction (a concurrent decision waits, then finds it
 * decided), never by its counter. A refusal for the counter is recorded once the transaction has rolled back.
 */
async function decide<T>(actor: Actor, meta: { ip?: string | null }, countId: string, action: string, run: (ctx: TxContext, count: PendingCount, sku: string) => Promise<T>): Promise<T> {
  if (!isUuid(countId)) throw notFound()
  try {
    const result = await transact(async (ctx) => {
      const [row] = await ctx.tx
        .select({ count: stockCounts, sku: products.sku })
        .from(stockCounts)
        .innerJoin(products, eq(products.id, stockCounts.productId))
        .where(eq(stockCounts.id, countId))
        .for('update', { of: stockCounts })
      if (!row) throw notFound()
      if (row.count.countedBy === actor.userId) throw OWN_COUNT
      if (row.count.status !== 'pending') throw new DomainError('conflict', 'inventory:errors.countDecided')
      const out = await run(ctx, row.count, row.sku)
      ctx.afterCommit(() => emitToStaff('stock:countChanged', { countId, productId: row.count.productId }))
      return out
    })
    return result
  } catch (err) {
    if (err === OWN_COUNT) await refuse(actor, meta, countId, action, { rule: 'ownCount' }, new DomainError('forbidden', 'inventory:errors.ownCount'))
    throw err
  }
}

/** A refused decision is on record (security-and-reliability.md: denied attempts too), then a 403. */
async function refuse(actor: Actor, meta: { ip?: string | null }, countId: string, action: string, why: Record<string, string>, error: DomainError = forbidden()): Promise<never> {
  await recordDenied({ actor, ip: meta.ip }, { action, entityType: 'stock_count', entityId: isUuid(countId) ? countId.toLowerCase() : null, after: why })
  throw error
}
