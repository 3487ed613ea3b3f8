import { sql } from 'drizzle-orm'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { notifyDealerOfOrder } from './order-notifications.server'
import { assertCan, assertStaffPermission, emitOrderChanged, lockOrder, orderLines, updateOrder } from './order-command.server'
import { statusFromLines, type SalesOrderStatus } from './order.rules'
import { approveOrderSchema, type ApproveOrderInput } from './order.validation'
import { badInputFrom } from './quote-cart.server'
import { allocateFreedStock } from './reserve-backorders.server'
import { D } from '~/utils/money'

/**
 * A sales manager clears an order held over credit. Its stock was reserved at submission, so it
 * moves on to reserved when every unit is held, else to approved (the rest waits for stock).
 */
export async function approveOrder(actor: Actor, orderId: string, input: Partial<ApproveOrderInput> = {}, meta: { ip?: string | null } = {}): Promise<{ id: string; number: string; status: SalesOrderStatus; version: number }> {
  await assertStaffPermission(actor, 'orders.approve', { action: 'sales_order.approve', orderId })
  const parsed = approveOrderSchema.safeParse(input)
  if (!parsed.success) throw badInputFrom(parsed.error.issues)
  return transact(async ({ tx, afterCommit }) => {
    const order = await lockOrder(tx, actor, orderId)
    assertCan('approve', order)
    const lines = await orderLines(tx, order.id)
    const status = statusFromLines(lines, 'approved')
    const u = await updateOrder(tx, order, { status, approvedBy: actor.userId, approvedAt: sql`now()`, decisionNote: parsed.data.note ?? null })
    await recordAudit(tx, { actor, ip: meta.ip }, { action: 'sales_order.approved', entityType: 'sales_order', entityId: order.id, before: { status: order.status }, after: { status, note: parsed.data.note ?? null } })
    await notifyDealerOfOrder({ tx, afterCommit }, order, { kind: 'order.approved' })
    const out = { id: order.id, number: order.number, status, version: u.version }
    emitOrderChanged(afterCommit, { ...out, dealerOrgId: order.dealerOrgId })
    // Stock that came free while the order was held went to no one waiting: it may serve this one now.
    const waiting = lines.filter((l) => new D(l.backorderedQty).gt(0)).map((l) => l.productId)
    if (waiting.length) afterCommit(() => allocateFreedStock(order.warehouseId, waiting).then(() => {}))
    return out
  })
}
