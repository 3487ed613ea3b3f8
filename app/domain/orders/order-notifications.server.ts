// The bells of an order's people: the dealer hears of what the host decides about its order and of
// each shipment; the sales managers hear of an order held over credit for them. The rows are
// written in the command's own transaction (a committed decision always has them, a rolled-back
// one never); notifyUsers pushes them to open browsers after the commit.
import { and, arrayOverlaps, eq } from 'drizzle-orm'
import { organizations, users } from '~db/schema'
import type { TxContext } from '~db/transaction'
import { rolesWithPermission } from '~/auth/roles'
import { notifyOrganizations, notifyUsers } from '~/domain/notifications/notify.server'

interface OrderRef {
  id: string
  number: string
  dealerOrgId: string
}

export type DealerOrderNotice =
  | { kind: 'order.approved' }
  | { kind: 'order.rejected' | 'order.cancelled'; reason: string }
  | { kind: 'order.shipped'; shipment: string; carrier: string; trackingNumber: string }

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
  const to = await ctx.tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(organizations.kind, 'host'), eq(users.status, 'active'), arrayOverlaps(users.roles, [...rolesWithPermission('orders.approve')])))
  await notifyUsers(
    ctx,
    to.map((u) => u.id),
    { kind: 'order.awaitingApproval', params: { number: order.number }, link: `/console/orders/${order.id}` },
  )
}
