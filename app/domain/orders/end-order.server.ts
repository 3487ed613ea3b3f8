// Cancelling, rejecting and cancelling the rest end an order the same way: under its lock, every
// reservation released, every unshipped unit cancelled, the open shortfall requisition cancelled, the
// status and who/why written, audited, and after the commit the stock and the order announced. Only
// the command, the status and the columns differ, and an order part of which shipped ends where its
// shipments leave it, worth what shipped.
import type { SQL } from 'drizzle-orm'
import type { salesOrders } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { publishStockChanged } from '~/domain/inventory/stock-events.server'
import { allocateFreedStock } from '~/domain/orders/reserve-backorders.server'
import { notifyDealerOfOrder } from './order-notifications.server'
import { assertCan, cancelOpenRequisition, cancelUnshipped, dealerOrderAttempt, emitOrderChanged, lockOrder, orderLines, releaseOrderReservations, repriceToWhatShips, shipmentStatusesOf, updateOrder } from './order-command.server'
import { canCancelRest, statusWhenRestCancelled, type SalesOrderStatus } from './order.rules'
import { reasonSchema, type ReasonInput } from './order.validation'
import { badInputFrom } from './quote-cart.server'
import { DomainError } from '~/utils/errors'
import { D, money } from '~/utils/money'

export interface EndedOrder {
  id: string
  number: string
  status: SalesOrderStatus
  version: number
}

export async function endOrder(
  actor: Actor,
  orderId: string,
  input: ReasonInput,
  meta: { ip?: string | null },
  how: { command: 'cancel' | 'reject' | 'cancelRest'; status: 'cancelled' | 'rejected'; action: string; columns: (reason: string) => { [K in keyof typeof salesOrders.$inferInsert]?: (typeof salesOrders.$inferInsert)[K] | SQL } },
): Promise<EndedOrder> {
  const parsed = reasonSchema.safeParse(input)
  if (!parsed.success) throw badInputFrom(parsed.error.issues)
  const reason = parsed.data.reason
  // The audit log's action names are snake_case: the same name the permission check records for a refused cancel-the-rest.
  const attempt = `sales_order.${how.command === 'cancelRest' ? 'cancel_rest' : how.command}`
  return dealerOrderAttempt(actor, meta, attempt, { type: 'sales_order', id: orderId }, () => transact(async ({ tx, afterCommit }) => {
    const order = await lockOrder(tx, actor, orderId)
    assertCan(how.command, order)
    // Under the lock a shipment has either committed (its units are shipped, not rest) or waits and then finds the order closed.
    const lines = await orderLines(tx, order.id)
    if (how.command === 'cancelRest' && !canCancelRest(order.status, lines)) throw new DomainError('conflict', 'orders:errors.nothingLeftToCancel')
    const released = await releaseOrderReservations(tx, order.id)
    const requisition = await cancelOpenRequisition(tx, order.id)
    const cancelled = await cancelUnshipped(tx, order.id)
    // Nothing shipped: the order is cancelled (or rejected) whole, whichever command ended it.
    const partly = lines.some((l) => new D(l.shippedQty).gt(0))
    const status: SalesOrderStatus = partly ? statusWhenRestCancelled(lines, await shipmentStatusesOf(tx, order.id)) : how.status
    // The order is now worth what shipped: every unit not shipped is cancelled.
    const amounts = partly ? await repriceToWhatShips(tx, order.id) : {}
    const u = await updateOrder(tx, order, { status, ...how.columns(reason), ...amounts })
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: partly ? 'sales_order.rest_cancelled' : how.action,
      entityType: 'sales_order',
      entityId: order.id,
      before: { status: order.status, ...(partly ? { total: money(order.total) } : {}) },
      after: { status, reason, released: released.released, cancelled, requisitionCancelled: requisition?.number ?? null, ...amounts },
    })
    // The dealer hears of what the host decided; its own cancellation it knows of.
    if (actor.kind === 'staff') {
      await notifyDealerOfOrder({ tx, afterCommit }, order, { kind: status === 'rejected' ? 'order.rejected' : partly ? 'order.restCancelled' : 'order.cancelled', reason })
    }
    afterCommit(() => publishStockChanged(released.productIds))
    // What this order held goes first to the orders waiting for it.
    afterCommit(() => allocateFreedStock(order.warehouseId, released.productIds).then(() => {}))
    const out = { id: order.id, number: order.number, status, version: u.version }
    emitOrderChanged(afterCommit, { ...out, dealerOrgId: order.dealerOrgId, requisitionId: requisition?.id })
    return out
  }))
}
