import { sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import { rawRows, type DbOrTx } from '~db/client'
import { D, money } from '~/utils/money'
import { openOrderStatuses, receivableStatuses } from './order.rules'

// The status sets of order.rules.ts (fixed enum values, never user input) as SQL lists.
const list = (xs: readonly string[]) => sql.raw(`(${xs.map((x) => `'${x}'`).join(', ')})`)
const OPEN = list(openOrderStatuses)
const RECEIVABLE = list(receivableStatuses)

// One line's value incl. tax for a quantity column, rounded as order.rules.ts lineAmounts does
// (PostgreSQL's round() on numeric rounds half away from zero, as decimal.js ROUND_HALF_UP does for
// these non-negative amounts), so SQL and the pure rules agree to the cent.
const valueSql = (q: string) => sql.raw(`(round(l.${q} * l.unit_price, 2) + round(round(l.${q} * l.unit_price, 2) * l.tax_rate, 2))`)

/** The sales_orders columns a condition reads: drizzle's columns in a query builder, or an alias's in raw SQL. */
export interface OrderColumns {
  id: SQLWrapper
  status: SQLWrapper
  paidTotal: SQLWrapper
  total: SQLWrapper
}

const O: OrderColumns = { id: sql.raw('o.id'), status: sql.raw('o.status'), paidTotal: sql.raw('o.paid_total'), total: sql.raw('o.total') }

/**
 * Orders that still count towards credit: open orders, and shipped or delivered ones not paid in
 * full. Fully paid, fully shipped orders are out: with years of history they are most of the rows
 * and add nothing. This is the predicate of the partial indexes on live orders (LIVE_ORDER in
 * db/schema/orders.ts) word for word, so a query that includes it lets the planner read only live orders.
 */
const live = (o: OrderColumns) => sql`(${o.status} in ${OPEN} or (${o.status} in ('shipped', 'delivered') and ${o.paidTotal} < ${o.total}))`

/** Each live order with its shipped value. */
const liveOrders = (dealer: SQL) => sql`
  select o.dealer_org_id, o.status, o.currency, o.paid_total, o.total, coalesce(sum(${valueSql('shipped_qty')}), 0) as shipped_value
  from sales_orders o join sales_order_lines l on l.order_id = o.id
  where ${dealer}
    and ${live(O)}
  group by o.id, o.dealer_org_id, o.status, o.currency, o.paid_total, o.total`

/**
 * A dealer's live orders in its terms' currency, the money its credit limit is in. setDealerTerms refuses a new
 * currency while orders of the old one are live, so this leaves nothing out; it makes sure a limit is never
 * compared with a sum of two currencies.
 */
const inTermsCurrency = sql`o.currency = (select t.currency from dealer_terms t where t.dealer_org_id = o.dealer_org_id)`

/** Whether the dealer has a live order (open, or not paid for what has shipped) in `currency`. */
export async function hasLiveOrders(q: DbOrTx, dealerOrgId: string, currency: string): Promise<boolean> {
  const rows = await rawRows<{ one: number }>(q, sql`select 1 as one from sales_orders o where o.dealer_org_id = ${dealerOrgId} and o.currency = ${currency} and ${live(O)} limit 1`)
  return rows.length > 0
}

/** One order's shipped value incl. tax, as liveOrders sums it, for the order whose id is `id` (an outer query's column). */
const shippedValueOf = (id: SQLWrapper) => sql`(select coalesce(sum(${valueSql('shipped_qty')}), 0) from sales_order_lines l where l.order_id = ${id})`

/**
 * Orders that owe something on what has shipped: in a receivable status and paid less than their
 * shipped value — exactly the orders RECEIVABLES adds a non-zero amount for, so a list filtered by
 * this adds up to the receivables figure. The live predicate is implied (shipped value ≤ total) and
 * comes first: it keeps settled history out before the per-order sum over lines, and lets the
 * planner use the exposure index.
 */
export function owesOnShipped(o: OrderColumns): SQL {
  return sql`(${live(o)} and ${o.status} in ${RECEIVABLE} and ${o.paidTotal} < ${shippedValueOf(o.id)})`
}

/** What an order still owes on what has shipped (shipped value − paid), as text; meant beside owesOnShipped. */
export const owedOnShipped = (o: OrderColumns) => sql<string>`(${shippedValueOf(o.id)} - ${o.paidTotal})::text`

/** An order's shipped value incl. tax, as text: what the receivables figure counts as delivered on account. */
export const shippedValueText = (o: OrderColumns) => sql<string>`round(${shippedValueOf(o.id)}, 2)::text`

/**
 * What an order still owes, for a row of every order (the lists' export): owedOnShipped where owesOnShipped holds, so an
 * order on the unpaid list shows the same figure there, and 0.00 for every other order.
 */
export const stillOwedOnShipped = (o: OrderColumns) => sql<string>`round(case when ${owesOnShipped(o)} then ${shippedValueOf(o.id)} - ${o.paidTotal} else 0 end, 2)::text`

// Receivables: shipped value − paid on partially shipped, shipped and delivered orders; open
// orders: the unshipped value of orders still open.
const RECEIVABLES = sql`coalesce(sum(case when status in ${RECEIVABLE} then greatest(shipped_value - paid_total, 0) else 0 end), 0)::text`
const OPEN_VALUE = sql`coalesce(sum(case when status in ${OPEN} then total - shipped_value else 0 end), 0)::text`

/** A dealer's credit exposure in its terms' currency, in one aggregate. */
export async function dealerExposure(q: DbOrTx, dealerOrgId: string): Promise<{ receivables: string; openOrders: string }> {
  const [r] = await rawRows<{ receivables: string; open_orders: string }>(
    q,
    sql`with o as (${liveOrders(sql`o.dealer_org_id = ${dealerOrgId} and ${inTermsCurrency}`)})
        select ${RECEIVABLES} as receivables, ${OPEN_VALUE} as open_orders from o`,
  )
  return { receivables: money(new D(r.receivables)), openOrders: money(new D(r.open_orders)) }
}

/** Several dealers' exposure in one aggregate, by dealer id (the approval inbox's current figures), each in its terms' currency. */
export async function dealersExposure(q: DbOrTx, dealerOrgIds: readonly string[]): Promise<Map<string, { receivables: string; openOrders: string }>> {
  if (dealerOrgIds.length === 0) return new Map()
  const ids = sql.join([...new Set(dealerOrgIds)].map((id) => sql`${id}::uuid`), sql`, `)
  const rows = await rawRows<{ dealer_org_id: string; receivables: string; open_orders: string }>(
    q,
    sql`with o as (${liveOrders(sql`o.dealer_org_id in (${ids}) and ${inTermsCurrency}`)})
        select dealer_org_id, ${RECEIVABLES} as receivables, ${OPEN_VALUE} as open_orders from o group by dealer_org_id`,
  )
  return new Map(rows.map((r) => [r.dealer_org_id, { receivables: money(new D(r.receivables)), openOrders: money(new D(r.open_orders)) }]))
}

/** Every dealer's exposure together, per currency (the console's receivables figure). */
export async function bookExposure(q: DbOrTx): Promise<Array<{ currency: string; receivables: string; openOrders: string }>> {
  const rows = await rawRows<{ currency: string; receivables: string; open_orders: string }>(
    q,
    sql`with o as (${liveOrders(sql`true`)})
        select currency, ${RECEIVABLES} as receivables, ${OPEN_VALUE} as open_orders from o group by currency order by currency`,
  )
  return rows.map((r) => ({ currency: r.currency, receivables: money(new D(r.receivables)), openOrders: money(new D(r.open_orders)) }))
}
