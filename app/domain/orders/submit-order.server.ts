import { createHash, randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '~db/client'
import { dealerTerms, salesOrderLines, salesOrders } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudits } from '~/audit/record.server'
import type { Actor, DealerActor } from '~/auth/roles'
import { publishStockChanged } from '~/domain/inventory/stock-events.server'
import { canonicalJson } from '~/utils/canonical-json'
import { DomainError, forbidden } from '~/utils/errors'
import { D } from '~/utils/money'
import { uniqueViolation } from '~/utils/pg-errors.server'
import { emitOrderChanged, nextNumber } from './order-command.server'
import { notifyApproversOfOrder } from './order-notifications.server'
import type { SalesOrderStatus } from './order.rules'
import { idempotencyKeySchema, submitOrderSchema, type SubmitOrderInput, type SubmitOrderPayload } from './order.validation'
import { badInputFrom, priceCart, termsColumns } from './quote-cart.server'
import { reserveOrderStock } from './reserve-order-stock.server'

export interface SubmitOrderResult {
  order: { id: string; number: string; status: SalesOrderStatus }
  replayed: boolean
}

const IDEMPOTENCY_INDEX = 'sales_orders_idempotency_uq'

/**
 * What makes two submissions "the same": the normalized body (quantities as numbers, not as typed). The expected total
 * is left out: it is a condition on placing, not part of the order, so a retry sent after the cart priced again still
 * finds the order its key placed.
 */
export function submissionHash(input: SubmitOrderInput): string {
  const normalized = {
    warehouseId: input.warehouseId.toLowerCase(),
    lines: input.lines.map((l) => ({ productId: l.productId.toLowerCase(), quantity: new D(l.quantity).toFixed() })),
    dealerReference: input.dealerReference ?? null,
    shipTo: input.shipTo ?? null,
    note: input.note ?? null,
  }
  return createHash('sha256').update(canonicalJson(normalized)).digest('hex')
}

const retryable = (err: unknown) => {
  for (let e: any = err, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (e.code === '40P01' || e.code === '40001') return true
  }
  return false
}

/**
 * Places a dealer's order. Idempotent per (dealer, key): the same key and body answer the stored
 * order (replayed), the same key with another body is refused (422). Prices, credit and stock are
 * decided here, never taken from the client.
 *
 * An order within credit reserves its stock here. One over credit waits for a sales manager and
 * holds nothing meanwhile — no reservation, no backorder, no requisition — since credit is what
 * stops a dealer taking goods it may not pay for: held orders of any size would otherwise lock a
 * warehouse's stock away from paying dealers. Approval reserves what is then available
 * (approve-order.server.ts).
 */
export async function submitOrder(actor: DealerActor | Actor, input: SubmitOrderPayload, meta: { idempotencyKey: string; ip?: string | null }): Promise<SubmitOrderResult> {
  if (actor.kind !== 'dealer') throw forbidden()
  const parsed = submitOrderSchema.safeParse(input)
  if (!parsed.success) throw badInputFrom(parsed.error.issues)
  const key = idempotencyKeySchema.safeParse(meta.idempotencyKey)
  if (!key.success) throw new DomainError('bad_input', 'orders:validation.idempotencyKey')
  const body = parsed.data
  const hash = submissionHash(body)
  for (let attempt = 0; ; attempt++) {
    try {
      return await placeOnce(actor, body, key.data, hash, meta.ip ?? null)
    } catch (err) {
      // A concurrent duplicate that got past the dealer lock (it cannot today; the index is the net):
      // our transaction is rolled back, the committed twin is the answer.
      if (uniqueViolation(err) === IDEMPOTENCY_INDEX) {
        const replay = await findByKey(db(), actor.orgId, key.data)
        if (replay) return answerReplay(replay, hash)
      }
      // Locks are taken in one order everywhere, so a deadlock should not happen; if PostgreSQL
      // still picks this transaction as the victim, it was rolled back whole and is safe to run again.
      if (retryable(err) && attempt < 3) continue
      throw err
    }
  }
}

async function findByKey(q: DbOrTx, dealerOrgId: string, key: string) {
  const [o] = await q
    .select({ id: salesOrders.id, number: salesOrders.number, status: salesOrders.status, requestHash: salesOrders.requestHash })
    .from(salesOrders)
    .where(and(eq(salesOrders.dealerOrgId, dealerOrgId), eq(salesOrders.idempotencyKey, key)))
  return o ?? null
}

function answerReplay(o: { id: string; number: string; status: SalesOrderStatus; requestHash: string }, hash: string): SubmitOrderResult {
  if (o.requestHash !== hash) throw new DomainError('unprocessable', 'orders:errors.idempotencyMismatch')
  return { order: { id: o.id, number: o.number, status: o.status }, replayed: true }
}

/**
 * One attempt, in a fixed number of round trips whatever the number of lines: the dealer lock (with
 * its terms); the replay check and every pricing read, pipelined; one statement reserving all lines
 * and drawing the numbers (a held order: drawing its number); the writes, pipelined; the audit rows with the commit. The global
 * audit-chain lock comes last, so what is serialized across the application is only the audit
 * insert and the commit.
 */
async function placeOnce(actor: DealerActor, body: SubmitOrderInput, key: string, hash: string, ip: string | null): Promise<SubmitOrderResult> {
  return transact(async ({ tx, afterCommit }) => {
    // One dealer's submissions run one at a time: the credit check must see the orders placed just
    // before it, and a duplicate waits here and then finds its twin committed. Awaited on its own:
    // the reads below must take their snapshots after the lock is granted.
    const [terms] = await tx.select(termsColumns).from(dealerTerms).where(eq(dealerTerms.dealerOrgId, actor.orgId)).for('update')
    if (!terms) throw new DomainError('conflict', 'orders:errors.noTerms')
    // Settled, not all: a stored twin is the answer even if the body no longer prices today.
    const [existing, pricing] = await Promise.allSettled([findByKey(tx, actor.orgId, key), priceCart(tx, actor.orgId, body, terms)])
    if (existing.status === 'rejected') throw existing.reason
    if (existing.value) return answerReplay(existing.value, hash)
    if (pricing.status === 'rejected') throw pricing.reason
    const priced = pricing.value
    // Checked before anything is reserved or written: the transaction ends here with nothing but the dealer's lock taken.
    if (body.expectedTotal !== undefined && !new D(body.expectedTotal).eq(priced.total)) {
      throw new DomainError('conflict', 'orders:errors.pricesChanged', { expectedTotal: ['orders:errors.pricesChanged'] })
    }
    const orderId = randomUUID()
    const overLimit = priced.credit.overLimit
    const lineIdOf = new Map(priced.lines.map((l) => [l.productId, randomUUID()]))

    // Held over credit, the order takes no stock and raises no requisition until a sales manager
    // approves it: its number is all it draws now. Within credit, all lines in one statement (see
    // reserveOrderStock), balance rows locked in product-id order, so orders cannot deadlock.
    const stock = overLimit
      ? null
      : await reserveOrderStock(
          { tx, afterCommit },
          { id: orderId, warehouseId: body.warehouseId },
          priced.lines.map((l) => ({ lineId: lineIdOf.get(l.productId)!, productId: l.productId, sku: l.sku, quantity: l.quantity })),
          { drawOrderNumber: true },
        )
    const number = stock ? stock.orderNumber : await nextNumber(tx, 'order')
    const resOf = (productId: string) => stock?.byProduct.get(productId) ?? null
    const status: SalesOrderStatus = !stock ? 'submitted' : stock.fullyReserved ? 'reserved' : 'approved'
    const requisition = stock?.requisition ?? null

    // Pipelined on the transaction's connection; the requisition's rows come after the lines they name.
    const writes: Promise<unknown>[] = [
      tx
        .insert(salesOrders)
        .values({
          id: orderId,
          number,
          dealerOrgId: actor.orgId,
          placedBy: actor.userId,
          status,
          warehouseId: body.warehouseId,
          currency: priced.currency,
          priceTier: priced.priceTier,
          subtotal: priced.subtotal,
          taxTotal: priced.taxTotal,
          total: priced.total,
          creditCheck: priced.credit,
          needsApproval: overLimit,
          approvedAt: overLimit ? null : sql`now()`,
          dealerReference: body.dealerReference ?? null,
          shipTo: body.shipTo ?? null,
          note: body.note ?? null,
          idempotencyKey: key,
          requestHash: hash,
        })
        .execute(),
      tx
        .insert(salesOrderLines)
        .values(
          priced.lines.map((l, i) => ({
            id: lineIdOf.get(l.productId)!,
            orderId,
            position: i + 1,
            productId: l.productId,
            quantity: l.quantity,
            unitPrice: l.unitPrice,
            taxRate: l.taxRate,
            lineNet: l.lineNet,
            lineTax: l.lineTax,
            backorderedQty: resOf(l.productId)?.shortfall ?? '0',
          })),
        )
        .execute(),
      ...(stock?.write() ?? []),
    ]

    const audits: Parameters<typeof recordAudits>[1][number][] = [
      {
        who: { actor, ip },
        entry: {
          action: 'sales_order.submitted',
          entityType: 'sales_order',
          entityId: orderId,
          after: {
            number,
            status,
            warehouseId: body.warehouseId,
            currency: priced.currency,
            priceTier: priced.priceTier,
            total: priced.total,
            creditCheck: priced.credit,
            // Held: nothing reserved or backordered yet; the approval's row says what it took.
            lines: priced.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, ...(stock ? { reserved: resOf(l.productId)!.reserved, backordered: resOf(l.productId)!.shortfall } : {}) })),
            requisition: requisition?.number ?? null,
          },
        },
      },
    ]
    if (!overLimit) {
      audits.push({
        who: { system: true },
        entry: {
          action: 'sales_order.approved',
          entityType: 'sales_order',
          entityId: orderId,
          before: { status: 'submitted' },
          after: { status, by: 'credit_check', available: priced.credit.available },
        },
      })
    }
    if (stock) audits.push(...stock.audits)
    // Held over credit: the people who may approve it hear of it (only then: the common order pays nothing).
    if (overLimit) writes.push(notifyApproversOfOrder({ tx, afterCommit }, { id: orderId, number, dealerOrgId: actor.orgId }))
    await Promise.all(writes)
    // The last statement, and it commits: the global chain lock is held for the insert and the
    // commit only, never across a round trip to this process.
    await recordAudits(tx, audits, { commit: true })
    if (stock) afterCommit(() => publishStockChanged(stock.reservedProductIds))
    emitOrderChanged(afterCommit, { id: orderId, number, dealerOrgId: actor.orgId, status, version: 1, requisitionId: requisition?.id })
    return { order: { id: orderId, number, status }, replayed: false }
  })
}
