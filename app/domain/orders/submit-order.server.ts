import { createHash, randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '~db/client'
import { dealerTerms, requisitionLines, requisitions, salesOrderLines, salesOrders } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudits } from '~/audit/record.server'
import type { Actor, DealerActor } from '~/auth/roles'
import { reserveStockForLines } from '~/domain/inventory/reservations.server'
import { publishStockChanged } from '~/domain/inventory/stock-events.server'
import { canonicalJson } from '~/utils/canonical-json'
import { DomainError, forbidden } from '~/utils/errors'
import { D } from '~/utils/money'
import { uniqueViolation } from '~/utils/pg-errors.server'
import { ORDER_SOURCE, emitOrderChanged, numberSql } from './order-command.server'
import { notifyApproversOfOrder, notifyBuyersOfRequisition } from './order-notifications.server'
import type { SalesOrderStatus } from './order.rules'
import { idempotencyKeySchema, submitOrderSchema, type SubmitOrderInput, type SubmitOrderPayload } from './order.validation'
import { badInputFrom, priceCart, termsColumns } from './quote-cart.server'

export interface SubmitOrderResult {
  order: { id: string; number: string; status: SalesOrderStatus }
  replayed: boolean
}

const IDEMPOTENCY_INDEX = 'sales_orders_idempotency_uq'

/** What makes two submissions "the same": the normalized body (quantities as numbers, not as typed). */
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
 * Stock is reserved at submission even when the order is over credit and waits for a sales
 * manager: the dealer is promised exactly what the reservation holds, no more, and a rejection or
 * cancellation releases it at once. Holding nothing while waiting would let the approval confirm
 * an order whose stock another dealer has meanwhile taken.
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
 * and drawing the numbers; the writes, pipelined; the audit rows with the commit. The global
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
    const orderId = randomUUID()

    // All lines in one statement, balance rows locked in product-id order: two orders over the same
    // products take the locks in the same sequence and cannot deadlock, whatever their line order.
    const reservation = await reserveStockForLines(tx, {
      warehouseId: body.warehouseId,
      lines: priced.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
      sourceType: ORDER_SOURCE,
      sourceId: orderId,
      numbers: { order: numberSql('order'), requisition: numberSql('requisition') },
    })
    const number = reservation.orderNumber!
    const resOf = (productId: string) => reservation.byProduct.get(productId)!
    const byProduct = [...priced.lines].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0))
    const fullyReserved = priced.lines.every((l) => new D(resOf(l.productId).shortfall).isZero())
    const overLimit = priced.credit.overLimit
    const status: SalesOrderStatus = overLimit ? 'submitted' : fullyReserved ? 'reserved' : 'approved'
    const lineIdOf = new Map(priced.lines.map((l) => [l.productId, randomUUID()]))
    const short = byProduct.filter((l) => new D(resOf(l.productId).shortfall).gt(0))
    const requisition = short.length > 0 ? { id: randomUUID(), number: reservation.requisitionNumber! } : null

    // Pipelined on the transaction's connection.
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
            backorderedQty: resOf(l.productId).shortfall,
          })),
        )
        .execute(),
    ]
    if (requisition) {
      // No note: the requisition's page names its source order in the reader's language, where a
      // stored note would be one language's text for everyone.
      writes.push(
        tx
          .insert(requisitions)
          .values({ id: requisition.id, number: requisition.number, status: 'open', sourceType: ORDER_SOURCE, sourceId: orderId, requestedBy: null, note: null })
          .execute(),
        tx
          .insert(requisitionLines)
          .values(short.map((l) => ({ requisitionId: requisition.id, productId: l.productId, warehouseId: body.warehouseId, quantity: resOf(l.productId).shortfall, sourceLineId: lineIdOf.get(l.productId)! })))
          .execute(),
      )
    }

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
            lines: priced.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, reserved: resOf(l.productId).reserved, backordered: resOf(l.productId).shortfall })),
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
    if (requisition) {
      audits.push({
        who: { system: true },
        entry: {
          action: 'requisition.created',
          entityType: 'requisition',
          entityId: requisition.id,
          after: { number: requisition.number, source: { type: ORDER_SOURCE, id: orderId, number }, lines: short.map((l) => ({ sku: l.sku, quantity: resOf(l.productId).shortfall })) },
        },
      })
    }
    // Held over credit: the people who may approve it hear of it (only then: the common order pays nothing).
    if (overLimit) writes.push(notifyApproversOfOrder({ tx, afterCommit }, { id: orderId, number, dealerOrgId: actor.orgId }))
    if (requisition) writes.push(notifyBuyersOfRequisition({ tx, afterCommit }, requisition, { number }))
    await Promise.all(writes)
    // The last statement, and it commits: the global chain lock is held for the insert and the
    // commit only, never across a round trip to this process.
    await recordAudits(tx, audits, { commit: true })
    afterCommit(() => publishStockChanged(byProduct.filter((l) => new D(resOf(l.productId).reserved).gt(0)).map((l) => l.productId)))
    emitOrderChanged(afterCommit, { id: orderId, number, dealerOrgId: actor.orgId, status, version: 1, requisitionId: requisition?.id })
    return { order: { id: orderId, number, status }, replayed: false }
  })
}
