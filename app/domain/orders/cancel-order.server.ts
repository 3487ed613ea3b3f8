import { sql } from 'drizzle-orm'
import type { Actor } from '~/auth/roles'
import { transact } from '~db/transaction'
import { forbidden, notFound } from '~/utils/errors'
import { endOrder, type EndedOrder } from './end-order.server'
import { assertStaffPermission, dealerOrderAttempt, lockOrder } from './order-command.server'
import type { ReasonInput } from './order.validation'

/**
 * Cancels an order before picking: the dealer its own, a sales manager any. Every reservation is
 * released and the open shortfall requisition cancelled in the same transaction.
 */
export async function cancelOrder(actor: Actor, orderId: string, input: ReasonInput, meta: { ip?: string | null } = {}): Promise<EndedOrder> {
  if (actor.kind === 'supplier') throw forbidden()
  if (actor.kind === 'staff') await assertStaffPermission(actor, 'orders.approve', { action: 'sales_order.cancel', orderId })
  return endOrder(actor, orderId, input, meta, {
    command: 'cancel',
    status: 'cancelled',
    action: 'sales_order.cancelled',
    columns: (reason) => ({ cancelledBy: actor.userId, cancelledAt: sql`now()`, cancelReason: reason }),
  })
}

/**
 * Cancels what has not shipped of an order (backordered, reserved, picked): the host's decision, by
 * whoever may cancel orders. The order ends where its shipments leave it, worth what shipped; with
 * nothing shipped it is cancelled, exactly as cancelOrder would. A dealer may not: another dealer's
 * order is not found, as anywhere a dealer names one, its own is refused.
 */
export async function cancelOrderRest(actor: Actor, orderId: string, input: ReasonInput, meta: { ip?: string | null } = {}): Promise<EndedOrder> {
  if (actor.kind === 'supplier') throw notFound()
  if (actor.kind === 'dealer') await dealerOrderAttempt(actor, meta, 'sales_order.cancel_rest', { type: 'sales_order', id: orderId }, () => transact(({ tx }) => lockOrder(tx, actor, orderId)))
  await assertStaffPermission(actor, 'orders.approve', { action: 'sales_order.cancel_rest', orderId })
  return endOrder(actor, orderId, input, meta, {
    command: 'cancelRest',
    status: 'cancelled',
    action: 'sales_order.cancelled',
    columns: (reason) => ({ cancelledBy: actor.userId, cancelledAt: sql`now()`, cancelReason: reason }),
  })
}
