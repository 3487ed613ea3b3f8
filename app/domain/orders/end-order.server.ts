// Cancelling and rejecting end an order the same way: under its lock, every reservation released,
// the open shortfall requisition cancelled, the status and who/why written, audited, and after the
// commit the stock and the order announced. Only the command, the status and the columns differ.
import type { SQL } from 'drizzle-orm'
import type { salesOrders } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { publishStockChanged } from '~/domain/inventory/stock-events.server'
import { allocateFreedStock } from '~/domain/orders/reserve-backorders.server'
import { notifyDealerOfOrder } from './order-notifications.server'
import { assertCan, cancelOpenRequisition, dealerOrderAttempt, emitOrderChanged, lockOrder, releaseOrderReservations, updateOrder } from './order-command.server'
import type { SalesOrderStatus } from './order.rules'
import { reasonSchema, type ReasonInput } from './order.validation'
import { badInputFrom } from './quote-cart.server'

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
  how: { command: 'cancel' | 'reject'; status: 'cancelled' | 'rejected'; action: string; columns: (reason: string) => { [K in keyof typeof salesOrders.$inferInsert]?: (typeof salesOrders.$inferInsert)[K] | SQL } },
): Promise<EndedOrder> {
  const parsed = reasonSchema.safeParse(input)
  if (!parsed.success) throw badInputFrom(parsed.error.issues)
  const reason = parsed.data.reason
  return dealerOrderAttempt(actor, meta, `sales_order.${how.command}`, { type: 'sales_order', id: orderId }, () => transact(async ({ tx, afterCommit }) => {
    const order = await lockOrder(tx, actor, orderId)
    assertCan(how.command, order)
    const released = await releaseOrderReservations(tx, order.id)
    const requisition = await cancelOpenRequisition(tx, order.id)
    const u = await updateOrder(tx, order, { status: how.status, ...how.columns(reason) })
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: how.action,
      entityType: 'sales_order',
      entityId: order.id,
      before: { status: order.status },
      after: { status: how.status, reason, released: released.released, requisitionCancelled: requisition?.number ?? null },
    })
    // The dealer hears of what the host decided; its own cancellation it knows of.
    if (actor.kind === 'staff') await notifyDealerOfOrder({ tx, afterCommit }, order, { kind: how.status === 'rejected' ? 'order.rejected' : 'order.cancelled', reason })
    afterCommit(() => publishStockChanged(released.productIds))
    // What this order held goes first to the orders waiting for it.
    afterCommit(() => allocateFreedStock(order.warehouseId, released.productIds).then(() => {}))
    const out = { id: order.id, number: order.number, status: how.status, version: u.version }
    emitOrderChanged(afterCommit, { ...out, dealerOrgId: order.dealerOrgId, requisitionId: requisition?.id })
    return out
  }))
}
