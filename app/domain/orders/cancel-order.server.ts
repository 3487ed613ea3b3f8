import { sql } from 'drizzle-orm'
import type { Actor } from '~/auth/roles'
import { forbidden } from '~/utils/errors'
import { endOrder, type EndedOrder } from './end-order.server'
import { assertStaffPermission } from './order-command.server'
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
