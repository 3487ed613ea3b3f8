// The bells of an order's people: the dealer hears of what the host decides about its order, of
// backordered stock reserved for it and of each shipment; the sales managers hear of an order held over credit for them
// and, with the dealer's sales owner, of a dealer dropping what it waited for; the buyers hear of
// the requisition an order's shortfall raises. The rows are
// written in the command's own transaction (a committed decision always has them, a rolled-back
// one never); notifyUsers pushes them to open browsers after the commit.
import type { TxContext } from '~db/transaction'
import { and, arrayOverlaps, eq, or } from 'drizzle-orm'
import { dealerTerms, organizations, users } from '~db/schema'
import { rolesWithPermission } from '~/auth/roles'
import { notifyOrganizations, notifyStaffWith, notifyUsers } from '~/domain/notifications/notify.server'

interface OrderRef {
  id: string
  number: string
  dealerOrgId: string
}

export type DealerOrderNotice =
  | { kind: 'order.approved' }
  | { kind: 'order.rejected' | 'order.cancelled' | 'order.restCancelled' | 'order.backordersCancelled'; reason: string }
  | { kind: 'order.shipped'; shipment: string; carrier: string; trackingNumber: string }
  | { kind: 'order.backordersReserved' | 'order.backordersPartlyReserved' }

/** Every active user of the ordering dealer, with a link to the order on their portal. */
export async function notifyDealerOfOrder(ctx: TxContext, order: OrderRef, notice: DealerOrderNotice) {
  const { kind, ...details } = notice
  await notifyOrganizations(ctx, [order.dealerOrgId], { kind, params: { number: order.number, ...details }, link: `/dealer/orders/${order.id}` })
}

/**
 * The active staff who may approve it (sales managers, admins): an order waits for them. The bell
 * names the order only; its page says whose it is (a bell travels with every page a user opens).
 */
export async function notifyApproversOfOrder(ctx: TxContext, order: OrderRef) {
  await notifyStaffWith(ctx, 'orders.approve', { kind: 'order.awaitingApproval', params: { number: order.number }, link: `/console/orders/${order.id}` })
}

/**
 * The dealer changed its own order (dropped its backorders): the people who answer for the dealer hear of
 * it — the sales managers (who may cancel and approve orders) and the dealer's sales owner, if the owner may
 * open orders — each once.
 */
export async function notifyStaffOfDealerChange(ctx: TxContext, order: OrderRef, notice: { kind: 'order.dealerCancelledBackorders'; reason: string }) {
  const { kind, ...details } = notice
  const to = await ctx.tx
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .leftJoin(dealerTerms, and(eq(dealerTerms.dealerOrgId, order.dealerOrgId), eq(dealerTerms.salesOwnerUserId, users.id)))
    .where(and(eq(organizations.kind, 'host'), eq(users.status, 'active'), or(arrayOverlaps(users.roles, [...rolesWithPermission('orders.approve')]), and(eq(dealerTerms.salesOwnerUserId, users.id), arrayOverlaps(users.roles, [...rolesWithPermission('orders.view')])))))
  await notifyUsers(ctx, to.map((u) => u.id), { kind, params: { number: order.number, ...details }, link: `/console/orders/${order.id}` })
}

/** The buyers: a backordered shortfall is theirs to buy. */
export async function notifyBuyersOfRequisition(ctx: TxContext, requisition: { id: string; number: string }, order: Pick<OrderRef, 'number'>) {
  await notifyStaffWith(ctx, 'requisitions.source', {
    kind: 'requisition.raised',
    params: { number: requisition.number, order: order.number },
    link: `/console/requisitions/${requisition.id}`,
  })
}
