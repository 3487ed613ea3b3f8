import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import { db, rawRows } from '~db/client'
import { dealerTerms, salesOrders, shipments, users, warehouses } from '~db/schema'
import { staffCan, type DealerActor, type StaffActor } from '~/auth/roles'
import { businessWeekStartSql } from '~/domain/sales/sales.queries.server'
import { forbidden } from '~/utils/errors'
import { checkCredit, type CreditCheck } from './credit.rules'
import { dealerExposure } from './credit.server'
import { openOrderStatuses } from './order.rules'
import { iso, orderListFields, type OrderListItem } from './orders.queries.server'

// The dealer portal's home page: what a dealer's user looks at first — room left on its credit,
// orders waiting on someone, goods on the way, the latest orders and whether this week's channel
// stock is in. Everything is the session's own organization's; nothing here names another dealer,
// a price tier or a staff member other than the dealer's own sales contact.

export interface InTransitShipment {
  id: string
  number: string
  orderId: string
  orderNumber: string
  carrier: string
  trackingNumber: string
  shippedAt: string
}

export interface DealerOverview {
  /** Null while the host has not set the dealer's terms (ordering is refused until then). */
  credit: (CreditCheck & { currency: string; paymentTermsDays: number }) | null
  salesContact: { name: string; email: string } | null
  counts: {
    awaitingApproval: number
    open: number
    backordered: number
    inTransit: number
  }
  inTransit: InTransitShipment[]
  recent: OrderListItem[]
  channel: {
    weekStart: string
    reportedThisWeek: boolean
    lastPeriodStart: string | null
  }
}

const RECENT = 5
const IN_TRANSIT_SHOWN = 10

/** The dealer's own home page: its session's organization, never one named by the request. */
export function dealerOverview(actor: DealerActor): Promise<DealerOverview> {
  return overviewOf(actor.orgId)
}

/** The same figures of one dealer for the host's staff who see orders (its page in the console). */
export async function dealerOverviewForStaff(actor: StaffActor, dealerOrgId: string): Promise<DealerOverview> {
  if (!staffCan(actor, 'orders.view')) throw forbidden()
  return overviewOf(dealerOrgId)
}

async function overviewOf(dealerOrgId: string): Promise<DealerOverview> {
  const own = eq(salesOrders.dealerOrgId, dealerOrgId)
  // One wave: every read is independent, so they go out together.
  const [terms, exposure, [counts], inTransit, recent, [channel]] = await Promise.all([
    db()
      .select({
        creditLimit: sql<string>`${dealerTerms.creditLimit}::text`,
        currency: dealerTerms.currency,
        paymentTermsDays: dealerTerms.paymentTermsDays,
        ownerName: users.name,
        ownerEmail: users.email,
      })
      .from(dealerTerms)
      .leftJoin(users, and(eq(users.id, dealerTerms.salesOwnerUserId), eq(users.status, 'active')))
      .where(eq(dealerTerms.dealerOrgId, dealerOrgId)),
    dealerExposure(db(), dealerOrgId),
    // Open orders only: the partial exposure index keeps this to the dealer's live orders.
    db()
      .select({
        awaitingApproval: sql<number>`(count(*) filter (where ${salesOrders.status} = 'submitted' and ${salesOrders.needsApproval}))::int`,
        open: sql<number>`count(*)::int`,
        // The order's table named outright: in a select of one table drizzle writes ${salesOrders.id} as a bare "id",
        // which inside the subquery is the line's own id, so no order ever counted as backordered.
        backordered: sql<number>`(count(*) filter (where exists (select 1 from sales_order_lines l where l.order_id = ${salesOrders}.id and l.backordered_qty > 0)))::int`,
      })
      .from(salesOrders)
      .where(and(own, inArray(salesOrders.status, [...openOrderStatuses]))),
    db()
      .select({
        id: shipments.id,
        number: shipments.number,
        orderId: salesOrders.id,
        orderNumber: salesOrders.number,
        carrier: shipments.carrier,
        trackingNumber: shipments.trackingNumber,
        shippedAt: iso(shipments.shippedAt),
        total: sql<number>`(count(*) over ())::int`,
      })
      .from(shipments)
      .innerJoin(salesOrders, eq(salesOrders.id, shipments.orderId))
      .where(and(own, eq(shipments.status, 'shipped'), inArray(salesOrders.status, ['partially_shipped', 'shipped'])))
      .orderBy(desc(shipments.shippedAt), desc(shipments.id))
      .limit(IN_TRANSIT_SHOWN),
    db()
      .select(orderListFields)
      .from(salesOrders)
      .innerJoin(warehouses, eq(warehouses.id, salesOrders.warehouseId))
      .where(own)
      .orderBy(desc(salesOrders.createdAt), desc(salesOrders.id))
      .limit(RECENT),
    // The host's calendar week (channel reports are by the host's days, as submission checks them).
    rawRows<{
      week_start: string
      reported: boolean
      last_period: string | null
    }>(
      db(),
      sql`with w as (select ${businessWeekStartSql} as d)
          select to_char(w.d, 'YYYY-MM-DD') as week_start,
                 exists (select 1 from channel_stock_reports r where r.dealer_org_id = ${dealerOrgId} and r.period_kind = 'week' and r.period_start = w.d) as reported,
                 (select to_char(max(r.period_start), 'YYYY-MM-DD') from channel_stock_reports r where r.dealer_org_id = ${dealerOrgId}) as last_period
          from w`
    ),
  ])
  const [t] = terms
  return {
    credit: t
      ? {
          ...checkCredit({ limit: t.creditLimit, ...exposure, thisOrder: '0' }),
          currency: t.currency,
          paymentTermsDays: t.paymentTermsDays,
        }
      : null,
    salesContact: t?.ownerName && t.ownerEmail ? { name: t.ownerName, email: t.ownerEmail } : null,
    counts: { ...counts, inTransit: inTransit[0]?.total ?? 0 },
    inTransit: inTransit.map(({ total: _total, ...s }) => s),
    recent,
    channel: {
      weekStart: channel.week_start,
      reportedThisWeek: channel.reported,
      lastPeriodStart: channel.last_period,
    },
  }
}
