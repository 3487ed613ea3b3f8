// Cancelling an order's backorders: the dealer keeps what is held for it and stops waiting for the rest.
// Under the order's row lock, as allocateFreedStock's reservation of the same backorders takes it, so a
// unit that arrives meanwhile is either reserved (and then not backordered, so not cancelled) or
// cancelled (and then no longer waited for), never both.
import { sql } from 'drizzle-orm'
import { rawRows, type Tx } from '~db/client'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { publishStockChanged } from '~/domain/inventory/stock-events.server'
import { DomainError, notFound } from '~/utils/errors'
import { D, money } from '~/utils/money'
import type { EndedOrder } from './end-order.server'
import {
  assertCan,
  assertStaffPermission,
  cancelOpenRequisition,
  dealerOrderAttempt,
  emitOrderChanged,
  lockOrder,
  orderLines,
  repriceToWhatShips,
  shipmentStatusesOf,
  updateOrder,
} from './order-command.server'
import { notifyDealerOfOrder, notifyStaffOfDealerChange } from './order-notifications.server'
import { canCancelBackorders, statusWhenBackordersCancelled } from './order.rules'
import { reasonSchema, type ReasonInput } from './order.validation'
import { badInputFrom } from './quote-cart.server'

/**
 * Every line's backordered units become cancelled; reserved and picked units stay and ship as before.
 * The order is worth what still comes (and what shipped); its open shortfall requisition is cancelled,
 * as nothing of the order waits for stock any more. With nothing left to ship the order ends as
 * cancelling its rest would (cancelled, or shipped when what shipped is all of it), keeping, when
 * nothing shipped, its amounts as ordered as a cancelled order does. The dealer its own order (another
 * dealer's is not found), the host whoever may cancel orders.
 */
export async function cancelBackorders(actor: Actor, orderId: string, input: ReasonInput, meta: { ip?: string | null } = {}): Promise<EndedOrder> {
  if (actor.kind === 'supplier') throw notFound()
  if (actor.kind === 'staff') await assertStaffPermission(actor, 'orders.approve', { action: 'sales_order.cancel_backorders', orderId })
  const parsed = reasonSchema.safeParse(input)
  if (!parsed.success) throw badInputFrom(parsed.error.issues)
  const reason = parsed.data.reason
  return dealerOrderAttempt(actor, meta, 'sales_order.cancel_backorders', { type: 'sales_order', id: orderId }, () =>
    transact(async ({ tx, afterCommit }) => {
      const order = await lockOrder(tx, actor, orderId)
      assertCan('cancelBackorders', order)
      const before = await orderLines(tx, order.id)
      // Reserved meanwhile (stock arrived) or cancelled already: the page was stale, and reloads on this conflict.
      if (!canCancelBackorders(order.status, before)) throw new DomainError('conflict', 'orders:errors.nothingBackorderedToCancel')
      const cancelled = await cancelBackordered(tx, order.id)
      const status = statusWhenBackordersCancelled(await orderLines(tx, order.id), order.status, await shipmentStatusesOf(tx, order.id))
      const requisition = await cancelOpenRequisition(tx, order.id)
      // Cancelled whole (nothing held nor shipped): its amounts stay as ordered, as cancelling the order leaves them.
      const amounts = status === 'cancelled' ? {} : await repriceToWhatShips(tx, order.id)
      // Ended unshipped, the act was the order's cancellation and is recorded as one; else the order (open, or
      // ended on what shipped) keeps its backorders' who and why apart from cancelled_*, which a later
      // cancel of the whole order or its rest writes beside them.
      const who = status === 'cancelled'
        ? { cancelledBy: actor.userId, cancelledAt: sql`now()`, cancelReason: reason }
        : { backordersCancelledBy: actor.userId, backordersCancelledAt: sql`now()`, backordersCancelReason: reason }
      const u = await updateOrder(tx, order, { status, ...who, ...amounts })
      await recordAudit(tx, { actor, ip: meta.ip }, {
        action: status === 'cancelled' ? 'sales_order.cancelled' : 'sales_order.backorders_cancelled',
        entityType: 'sales_order',
        entityId: order.id,
        before: { status: order.status, total: money(order.total) },
        after: { status, reason, cancelled, requisitionCancelled: requisition?.number ?? null, ...amounts },
      })
      if (actor.kind === 'staff') {
        await notifyDealerOfOrder({ tx, afterCommit }, order, { kind: status === 'cancelled' ? 'order.cancelled' : 'order.backordersCancelled', reason })
      } else {
        await notifyStaffOfDealerChange({ tx, afterCommit }, order, { kind: 'order.dealerCancelledBackorders', reason })
      }
      // No stock moved, but the stock position (on hand − reserved − backordered) the console's stock pages show did.
      afterCommit(() => publishStockChanged(before.filter((l) => new D(l.backorderedQty).gt(0)).map((l) => l.productId)))
      const out = { id: order.id, number: order.number, status, version: u.version }
      emitOrderChanged(afterCommit, { ...out, dealerOrgId: order.dealerOrgId, requisitionId: requisition?.id })
      return out
    }),
  )
}

/** Each line's backordered units, cancelled; by SKU, for the audit row. Read from the row itself under the order's lock. */
async function cancelBackordered(tx: Tx, orderId: string): Promise<Array<{ sku: string; quantity: string }>> {
  return rawRows<{ sku: string; quantity: string }>(
    tx,
    sql`with l as (select id, backordered_qty as q from sales_order_lines where order_id = ${orderId} and backordered_qty > 0)
        update sales_order_lines s set cancelled_qty = s.cancelled_qty + l.q, backordered_qty = 0
        from l where s.id = l.id
        returning (select p.sku from products p where p.id = s.product_id) as sku, trim_scale(l.q)::text as quantity`,
  )
}
