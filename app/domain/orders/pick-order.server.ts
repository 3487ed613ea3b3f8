import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { DomainError } from '~/utils/errors'
import { D } from '~/utils/money'
import { assertCan, assertStaffPermission, emitOrderChanged, lockOrder, orderLines, updateOrder } from './order-command.server'
import { canPick, type SalesOrderStatus } from './order.rules'

/**
 * The warehouse has picked the order's reserved goods. From reserved, or from approved when part is
 * reserved and the dealer gets a partial shipment (the rest stays backordered). From here on the
 * order can no longer be cancelled.
 */
export async function pickOrder(actor: Actor, orderId: string, meta: { ip?: string | null } = {}): Promise<{ id: string; number: string; status: SalesOrderStatus; version: number }> {
  await assertStaffPermission(actor, 'orders.fulfil', { action: 'sales_order.pick', orderId })
  return transact(async ({ tx, afterCommit }) => {
    const order = await lockOrder(tx, actor, orderId)
    assertCan('pick', order)
    const lines = await orderLines(tx, order.id)
    if (!canPick(order.status, lines)) throw new DomainError('conflict', 'orders:errors.nothingReserved')
    const u = await updateOrder(tx, order, { status: 'picked' })
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'sales_order.picked',
      entityType: 'sales_order',
      entityId: order.id,
      before: { status: order.status },
      after: { status: 'picked', picked: lines.filter((l) => new D(l.reservedQty).gt(0)).map((l) => ({ productId: l.productId, quantity: l.reservedQty })) },
    })
    const out = { id: order.id, number: order.number, status: 'picked' as const, version: u.version }
    emitOrderChanged(afterCommit, { ...out, dealerOrgId: order.dealerOrgId })
    return out
  })
}
