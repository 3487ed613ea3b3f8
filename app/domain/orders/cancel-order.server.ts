import { sql } from 'drizzle-orm'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { publishStockChanged } from '~/domain/inventory/stock-events.server'
import { forbidden } from '~/utils/errors'
import { assertCan, assertStaffPermission, cancelOpenRequisition, emitOrderChanged, lockOrder, releaseOrderReservations, updateOrder } from './order-command.server'
import type { SalesOrderStatus } from './order.rules'
import { reasonSchema, type ReasonInput } from './order.validation'
import { badInputFrom } from './quote-cart.server'

/**
 * Cancels an order before picking: the dealer its own, a sales manager any. Every reservation is
 * released and the open shortfall requisition cancelled in the same transaction.
 */
export async function cancelOrder(actor: Actor, orderId: string, input: ReasonInput, meta: { ip?: string | null } = {}): Promise<{ id: string; number: string; status: SalesOrderStatus; version: number }> {
  if (actor.kind === 'supplier') throw forbidden()
  if (actor.kind === 'staff') await assertStaffPermission(actor, 'orders.approve', { action: 'sales_order.cancel', orderId })
  const parsed = reasonSchema.safeParse(input)
  if (!parsed.success) throw badInputFrom(parsed.error.issues)
  return transact(async ({ tx, afterCommit }) => {
    const order = await lockOrder(tx, actor, orderId)
    assertCan('cancel', order)
    const released = await releaseOrderReservations(tx, order.id)
    const requisition = await cancelOpenRequisition(tx, order.id)
    const u = await updateOrder(tx, order, { status: 'cancelled', cancelledBy: actor.userId, cancelledAt: sql`now()`, cancelReason: parsed.data.reason })
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'sales_order.cancelled',
      entityType: 'sales_order',
      entityId: order.id,
      before: { status: order.status },
      after: { status: 'cancelled', reason: parsed.data.reason, released: released.released, requisitionCancelled: requisition },
    })
    afterCommit(() => publishStockChanged(released.productIds))
    const out = { id: order.id, number: order.number, status: 'cancelled' as const, version: u.version }
    emitOrderChanged(afterCommit, { ...out, dealerOrgId: order.dealerOrgId })
    return out
  })
}
