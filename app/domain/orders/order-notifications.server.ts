// The bells of an order's people: the dealer hears of what the host decides about its order, of
// backordered stock reserved for it and of each shipment; the sales managers hear of an order held over credit for them; the buyers hear of
// the requisition an order's shortfall raises. The rows are
// written in the command's own transaction (a committed decision always has them, a rolled-back
// one never); notifyUsers pushes them to open browsers after the commit.
import type { TxContext } from '~db/transaction'
import { notifyOrganizations, notifyStaffWith } from '~/domain/notifications/notify.server'

interface OrderRef {
  id: string
  number: string
  dealerOrgId: string
}

export type DealerOrderNotice =
  | { kind: 'order.approved' }
  | { kind: 'order.rejected' | 'order.cancelled' | 'order.restCancelled'; reason: string }
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

/** The buyers: a backordered shortfall is theirs to buy. */
export async function notifyBuyersOfRequisition(ctx: TxContext, requisition: { id: string; number: string }, order: Pick<OrderRef, 'number'>) {
  await notifyStaffWith(ctx, 'requisitions.source', {
    kind: 'requisition.raised',
    params: { number: requisition.number, order: order.number },
    link: `/console/requisitions/${requisition.id}`,
  })
}
