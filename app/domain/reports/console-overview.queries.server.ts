import { sql, type SQL } from 'drizzle-orm'
import { db, rawRows } from '~db/client'
import { staffCan, type StaffActor } from '~/auth/roles'
import { listAuditRows } from '~/domain/audit/audit.queries.server'
import { bookExposure } from '~/domain/orders/credit.server'
import { endingCoverageCountSql } from '~/domain/sales/price-coverage.server'

/** A queue of work on the console's home: how many wait, and where they are handled. */
export interface WorkItem {
  key: 'awaitingApproval' | 'toPick' | 'toShip' | 'shippedNotDelivered' | 'openRequisitions' | 'liveAuctions' | 'scheduledAuctions' | 'awardsToConfirm' | 'countsToApprove' | 'priceCoverageEnding'
  count: number
  to: string
}

export interface ConsoleOverview {
  counts: { suppliers: number; dealers: number; products: number; categories: number; warehouses: number; staff: number }
  /** People invited but not yet joined, across all organizations. */
  pendingInvitations: number
  inactivePartners: number
  recentActivity: Awaited<ReturnType<typeof listAuditRows>>['rows'] | null
  /** The queues the actor's permissions make theirs, in the order work flows. */
  work: WorkItem[]
  /** Whether an order event can change what this home shows (an order queue or the receivables). */
  followsOrders: boolean
  /** Whether an award step (a proposal, its decision) can change what this home shows. */
  followsAwards: boolean
  /** The open requisitions' count is on this home: it follows requisition:changed (a buyer hears no order events). */
  followsRequisitions: boolean
  /** Cycle counts waiting for a second person are on this home: it follows stock:countChanged. */
  followsCounts: boolean
  /** Price coverage ending is on this home: it follows a list's new dates (prices:changed) and dealers' terms. */
  followsCoverage: boolean
  /** Shipped value not yet paid, per currency, and the list of the orders that owe it: for those who record payments. */
  receivables: Array<{ currency: string; amount: string; to: string }> | null
}

// Each queue, the permission that makes it someone's, and the list it is worked from (a count is
// exactly what its link lists). The counts read the status indexes; none grows with the history of
// closed orders.
const queues: ReadonlyArray<{ key: WorkItem['key']; permission: Parameters<typeof staffCan>[1]; to: string; count: SQL | ((actor: StaffActor) => SQL) }> = [
  {
    key: 'awaitingApproval',
    permission: 'orders.approve',
    to: '/console/approvals',
    count: sql`(select count(*)::int from sales_orders where status = 'submitted' and needs_approval)`,
  },
  { key: 'toPick', permission: 'orders.fulfil', to: '/console/orders?status=reserved', count: sql`(select count(*)::int from sales_orders where status = 'reserved')` },
  {
    key: 'toShip',
    permission: 'orders.fulfil',
    to: '/console/orders?status=picked',
    count: sql`(select count(*)::int from sales_orders where status = 'picked')`,
  },
  { key: 'shippedNotDelivered', permission: 'orders.view', to: '/console/orders?status=shipped', count: sql`(select count(*)::int from sales_orders where status = 'shipped')` },
  {
    key: 'openRequisitions',
    permission: 'requisitions.view',
    to: '/console/requisitions?status=open',
    count: sql`(select count(*)::int from requisitions where status = 'open')`,
  },
  { key: 'liveAuctions', permission: 'auctions.run', to: '/console/auctions?status=running', count: sql`(select count(*)::int from auctions where status in ('running', 'paused'))` },
  {
    key: 'scheduledAuctions',
    permission: 'auctions.run',
    to: '/console/auctions?status=scheduled',
    count: sql`(select count(*)::int from auctions where status = 'scheduled')`,
  },
  {
    key: 'awardsToConfirm',
    permission: 'auctions.confirmAward',
    to: '/console/auctions?award=proposed',
    count: sql`(select count(*)::int from auctions where award_proposed_org_id is not null)`,
  },
  {
    // Not the approver's own counts: nobody decides their own, so those wait for someone else.
    key: 'countsToApprove',
    permission: 'inventory.approveCounts',
    to: '/console/inventory/counts?status=pending&by=others',
    count: (actor) => sql`(select count(*)::int from stock_counts where status = 'pending' and counted_by <> ${actor.userId})`,
  },
  {
    // Tiers and currencies in use whose current lists stop pricing their dealers within 30 days, or already have:
    // the price lists' page filtered so shows exactly these warnings.
    key: 'priceCoverageEnding',
    permission: 'pricing.manage',
    to: '/console/price-lists?coverage=ending',
    count: endingCoverageCountSql(),
  },
]

/** The orders behind the receivables figure: the list's unpaid filter reads the same definition (credit.server.ts). */
const UNPAID_ORDERS = '/console/orders?payment=unpaid'

/** The console's home: what exists, what waits for someone, and (for admins) what just happened. */
export async function consoleOverview(actor: StaffActor): Promise<ConsoleOverview> {
  const mine = queues.filter((q) => staffCan(actor, q.permission))
  // One wave: the counts (the actor's queues among them) in one statement, the rest beside it.
  const [[row], recentActivity, receivables] = await Promise.all([
    rawRows<{
      suppliers: number
      dealers: number
      inactive_partners: number
      products: number
      categories: number
      warehouses: number
      staff: number
      pending: number
      [queue: string]: number
    }>(
      db(),
      sql`select
        (select count(*)::int from organizations where kind = 'supplier' and status = 'active') as suppliers,
        (select count(*)::int from organizations where kind = 'dealer' and status = 'active') as dealers,
        (select count(*)::int from organizations where kind <> 'host' and status = 'inactive') as inactive_partners,
        (select count(*)::int from products where active) as products,
        (select count(*)::int from categories) as categories,
        (select count(*)::int from warehouses) as warehouses,
        (select count(*)::int from users u join organizations o on o.id = u.org_id where o.kind = 'host' and u.status = 'active') as staff,
        (select count(*)::int from users where status = 'invited') as pending
        ${sql.join(
          mine.map((q) => sql`, ${typeof q.count === 'function' ? q.count(actor) : q.count} as ${sql.identifier(q.key)}`),
          sql``,
        )}`,
    ),
    staffCan(actor, 'audit.view') ? listAuditRows(actor, {}, { page: 1, pageSize: 8, dir: 'desc' }).then((r) => r.rows) : null,
    staffCan(actor, 'orders.payments') ? bookExposure(db()) : null,
  ])
  return {
    counts: {
      suppliers: row.suppliers,
      dealers: row.dealers,
      products: row.products,
      categories: row.categories,
      warehouses: row.warehouses,
      staff: row.staff,
    },
    pendingInvitations: row.pending,
    inactivePartners: row.inactive_partners,
    recentActivity,
    work: mine.map((q) => ({ key: q.key, count: row[q.key], to: q.to })),
    followsOrders: receivables !== null || mine.some((q) => q.permission.startsWith('orders.')),
    followsAwards: mine.some((q) => q.key === 'awardsToConfirm'),
    followsRequisitions: mine.some((q) => q.key === 'openRequisitions'),
    followsCounts: mine.some((q) => q.key === 'countsToApprove'),
    followsCoverage: mine.some((q) => q.key === 'priceCoverageEnding'),
    // The list is across currencies (each row shows its own): every currency's tile opens it.
    receivables: receivables ? receivables.map((r) => ({ currency: r.currency, amount: r.receivables, to: UNPAID_ORDERS })) : null,
  }
}
