import { and, eq, sql } from 'drizzle-orm'
import { shipments } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { DomainError, notFound } from '~/utils/errors'
import { assertCan, assertStaffPermission, emitOrderChanged, isUuid, lockOrder, updateOrder } from './order-command.server'
import { isDelivered, type SalesOrderStatus } from './order.rules'

/**
 * One shipment arrived. The order becomes delivered once nothing is left to ship and every one of
 * its shipments has arrived; a partially shipped order keeps its status.
 */
export async function markShipmentDelivered(
  actor: Actor,
  shipmentId: string,
  meta: { ip?: string | null } = {},
): Promise<{ id: string; number: string; status: SalesOrderStatus; version: number; shipment: { id: string; number: string } }> {
  await assertStaffPermission(actor, 'orders.fulfil', { action: 'shipment.deliver' })
  if (!isUuid(shipmentId)) throw notFound()
  return transact(async ({ tx, afterCommit }) => {
    const [s] = await tx.select({ orderId: shipments.orderId }).from(shipments).where(eq(shipments.id, shipmentId))
    if (!s) throw notFound()
    const order = await lockOrder(tx, actor, s.orderId)
    assertCan('deliver', order)
    const [done] = await tx
      .update(shipments)
      .set({ status: 'delivered', deliveredAt: sql`now()` })
      .where(and(eq(shipments.id, shipmentId), eq(shipments.status, 'shipped')))
      .returning({ id: shipments.id, number: shipments.number })
    if (!done) throw new DomainError('conflict', 'orders:errors.alreadyDelivered')
    const all = await tx.select({ status: shipments.status }).from(shipments).where(eq(shipments.orderId, order.id))
    const status: SalesOrderStatus = isDelivered(order.status, all.map((x) => x.status)) ? 'delivered' : order.status
    const u = await updateOrder(tx, order, { status })
    await recordAudit(tx, { actor, ip: meta.ip }, { action: 'shipment.delivered', entityType: 'sales_order', entityId: order.id, before: { status: order.status }, after: { status, shipment: done.number } })
    const out = { id: order.id, number: order.number, status, version: u.version }
    emitOrderChanged(afterCommit, { ...out, dealerOrgId: order.dealerOrgId })
    return { ...out, shipment: done }
  })
}
