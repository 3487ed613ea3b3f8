import { and, eq, sql } from 'drizzle-orm'
import { shipments } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import { dealerRoles, type Actor } from '~/auth/roles'
import { DomainError, forbidden, notFound } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'
import { assertCan, assertStaffPermission, dealerOrderAttempt, emitOrderChanged, lockOrder, updateOrder } from './order-command.server'
import { isDelivered, type SalesOrderStatus } from './order.rules'

/**
 * One shipment arrived: the warehouse marks it delivered, or a user of the ordering dealer confirms
 * receipt (proof of delivery). The order becomes delivered once nothing is left to ship and every
 * one of its shipments has arrived; a partially shipped order keeps its status.
 *
 * Staff need orders.fulfil (a refusal is audited). A dealer reaches only its own organization's
 * shipments: lockOrder scopes the order to it, so another dealer's shipment is "not found", like an
 * unknown id; a supplier has no shipments at all. `scope.orderId`, when given (the order page the
 * form was on), narrows it further to that order's shipments.
 */
export async function markShipmentDelivered(
  actor: Actor,
  shipmentId: string,
  meta: { ip?: string | null } = {},
  scope: { orderId?: string } = {},
): Promise<{ id: string; number: string; status: SalesOrderStatus; version: number; shipment: { id: string; number: string } }> {
  if (actor.kind === 'staff') await assertStaffPermission(actor, 'orders.fulfil', { action: 'shipment.deliver' })
  else if (actor.kind === 'supplier') throw notFound()
  else if (!dealerRoles.some((r) => actor.roles.has(r))) throw forbidden()
  // A dealer's refused attempt names the order page it came from, with the shipment asked for.
  const asked = scope.orderId !== undefined ? { type: 'sales_order' as const, id: scope.orderId, after: { shipmentId } } : { type: 'shipment' as const, id: shipmentId }
  return dealerOrderAttempt(actor, meta, 'shipment.deliver', asked, () => deliver(actor, shipmentId, meta, scope))
}

async function deliver(actor: Actor, shipmentId: string, meta: { ip?: string | null }, scope: { orderId?: string }) {
  if (!isUuid(shipmentId) || (scope.orderId !== undefined && !isUuid(scope.orderId))) throw notFound()
  return transact(async ({ tx, afterCommit }) => {
    const [s] = await tx.select({ orderId: shipments.orderId, status: shipments.status }).from(shipments).where(eq(shipments.id, shipmentId))
    if (!s || (scope.orderId !== undefined && s.orderId !== scope.orderId.toLowerCase())) throw notFound()
    const order = await lockOrder(tx, actor, s.orderId)
    // Arrivals never go back, so a shipment read as delivered is delivered; the guarded update below is the net for one read as shipped.
    if (s.status === 'delivered') throw new DomainError('conflict', 'orders:errors.alreadyDelivered')
    assertCan('deliver', order)
    const [done] = await tx
      .update(shipments)
      .set({ status: 'delivered', deliveredAt: sql`now()`, deliveredBy: actor.userId })
      .where(and(eq(shipments.id, shipmentId), eq(shipments.status, 'shipped')))
      .returning({ id: shipments.id, number: shipments.number })
    if (!done) throw new DomainError('conflict', 'orders:errors.alreadyDelivered')
    const all = await tx.select({ status: shipments.status }).from(shipments).where(eq(shipments.orderId, order.id))
    const status: SalesOrderStatus = isDelivered(order.status, all.map((x) => x.status)) ? 'delivered' : order.status
    const u = await updateOrder(tx, order, { status })
    const by = actor.kind === 'staff' ? 'staff' : 'dealer'
    await recordAudit(tx, { actor, ip: meta.ip }, { action: 'shipment.delivered', entityType: 'sales_order', entityId: order.id, before: { status: order.status }, after: { status, shipment: done.number, by } })
    const out = { id: order.id, number: order.number, status, version: u.version }
    emitOrderChanged(afterCommit, { ...out, dealerOrgId: order.dealerOrgId })
    return { ...out, shipment: done }
  })
}
