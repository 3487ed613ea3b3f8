// Client-safe: what the order, approval and requisition lists read from their URLs. Filters that
// fail these checks are dropped (the list shows everything), never passed to SQL as given.

export const orderStatuses = ['submitted', 'approved', 'reserved', 'picked', 'partially_shipped', 'shipped', 'delivered', 'cancelled', 'rejected'] as const
export type OrderStatus = (typeof orderStatuses)[number]

/** The happy path an order walks, for the timeline; cancelled and rejected leave it. */
export const orderPath: readonly OrderStatus[] = ['submitted', 'approved', 'reserved', 'picked', 'shipped', 'delivered']

export const requisitionStatuses = ['open', 'approved', 'ordered', 'cancelled'] as const
export type RequisitionStatus = (typeof requisitionStatuses)[number]

/**
 * The status filter's group of every open order (awaiting approval to partly shipped, order.rules' openOrderStatuses): what a
 * dealer's "open orders" figure counts, so its link lists those orders and no others.
 */
export const OPEN_STATUS_FILTER = 'open'

export function isOrderStatus(s: string | undefined): s is OrderStatus {
  return !!s && (orderStatuses as readonly string[]).includes(s)
}

export function isRequisitionStatus(s: string | undefined): s is RequisitionStatus {
  return !!s && (requisitionStatuses as readonly string[]).includes(s)
}

/** The payment filter: `unpaid` lists the orders behind the receivables figure (shipped, not paid for in full). */
export const paymentFilters = ['unpaid'] as const
export type PaymentFilter = (typeof paymentFilters)[number]

export function isPaymentFilter(s: string | undefined): s is PaymentFilter {
  return !!s && (paymentFilters as readonly string[]).includes(s)
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/
/** A real calendar day (2026-02-30 is not), as the date inputs send it. */
export function isIsoDay(s: string | undefined): s is string {
  if (!s || !ISO_DAY.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

export type OrderSort = 'created' | 'number' | 'total'
export const dealerOrderListOptions = {
  sortable: ['created', 'number', 'total'] as const,
  defaultSort: 'created' as const,
  defaultDir: 'desc' as const,
  filters: ['status', 'payment', 'from', 'to'] as const,
  pageSize: 25,
}

// The console list sorts only by indexed columns: it must stay fast over 100,000 orders.
export type ConsoleOrderSort = 'created' | 'number'
export const consoleOrderListOptions = {
  sortable: ['created', 'number'] as const,
  defaultSort: 'created' as const,
  defaultDir: 'desc' as const,
  filters: ['status', 'payment', 'dealer', 'from', 'to'] as const,
  pageSize: 50,
}

/**
 * The most orders one export of a list holds, as the other exports cap theirs: the file is built in memory under the app's
 * heap limit. Past it the list is narrowed first (a date range, a status, a dealer).
 */
export const ORDER_EXPORT_CAP = 20_000

export type RequisitionSort = 'created' | 'number'
export const requisitionListOptions = {
  sortable: ['created', 'number'] as const,
  defaultSort: 'created' as const,
  defaultDir: 'desc' as const,
  filters: ['status'] as const,
  pageSize: 25,
}

/** The longest text the dealer picker searches for: longer than any code or name a dealer has. */
export const DEALER_QUERY_MAX = 100
