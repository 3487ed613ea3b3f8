import { sql } from 'drizzle-orm'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { publishStockChanged } from '~/domain/inventory/stock-events.server'
import { assertCan, assertStaffPermission, cancelOpenRequisition, emitOrderChanged, lockOrder, releaseOrderReservations, updateOrder } from './order-command.server'
import type { SalesOrderStatus } from './order.rules'
import { reasonSchema, type ReasonInput } from './order.validation'
import { badInputFrom } from './quote-cart.server'

/** A sales manager refuses an order held over credit, with a reason the dealer sees; its reservations and open requisition go with it. */
export async function rejectOrder(actor: Actor, orderId: string, input: ReasonInput, meta: { ip?: string | null } = {}): Promise<{ id: string; number: string; status: SalesOrderStatus; version: number }> {
  await assertStaffPermission(actor, 'orders.approve', { action: 'sales_order.reject', orderId })
  const parsed = reasonSchema.safeParse(input)
  if (!parsed.success) throw badInputFrom(parsed.error.issues)
  return transact(async ({ tx, afterCommit }) => {
    const order = await lockOrder(tx, actor, orderId)
    assertCan('reject', order)
    const released = await releaseOrderReservations(tx, order.id)
    const requisition = await cancelOpenRequisition(tx, order.id)
    const u = await updateOrder(tx, order, { status: 'rejected', approvedBy: actor.userId, approvedAt: sql`now()`, decisionNote: parsed.data.reason })
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'sales_order.rejected',
      entityType: 'sales_order',
      entityId: order.id,
      before: { status: order.status },
      after: { status: 'rejected', reason: parsed.data.reason, released: released.released, requisitionCancelled: requisition },
    })
    afterCommit(() => publishStockChanged(released.productIds))
    const out = { id: order.id, number: order.number, status: 'rejected' as const, version: u.version }
    emitOrderChanged(afterCommit, { ...out, dealerOrgId: order.dealerOrgId })
    return out
  })
}
