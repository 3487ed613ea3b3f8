import { sql } from 'drizzle-orm'
import type { Actor } from '~/auth/roles'
import { endOrder, type EndedOrder } from './end-order.server'
import { assertStaffPermission } from './order-command.server'
import type { ReasonInput } from './order.validation'

/**
 * A sales manager refuses an order held over credit, with a reason the dealer sees. A held order holds no stock and has no
 * requisition, so there is nothing to release (endOrder still releases what one held before holds were dropped would hold).
 */
export async function rejectOrder(actor: Actor, orderId: string, input: ReasonInput, meta: { ip?: string | null } = {}): Promise<EndedOrder> {
  await assertStaffPermission(actor, 'orders.approve', { action: 'sales_order.reject', orderId })
  return endOrder(actor, orderId, input, meta, {
    command: 'reject',
    status: 'rejected',
    action: 'sales_order.rejected',
    columns: (reason) => ({ approvedBy: actor.userId, approvedAt: sql`now()`, decisionNote: reason }),
  })
}
