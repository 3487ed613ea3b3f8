import { sql } from 'drizzle-orm'
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

/**
 * A dealer's credit exposure from its orders, in one aggregate: receivables (shipped value − paid
 * on partially shipped, shipped and delivered orders) and open orders (unshipped value of orders
 * still open). Fully paid, fully shipped orders are skipped early: with years of history they are
 * most of the rows and add nothing. The WHERE clause is the predicate of the partial index
 * sales_orders_exposure_idx word for word, so the planner reads only the dealer's live orders.
 */
export async function dealerExposure(q: DbOrTx, dealerOrgId: string): Promise<{ receivables: string; openOrders: string }> {
  const [r] = await rawRows<{ receivables: string; open_orders: string }>(
    q,
    sql`with o as (
          select o.status, o.paid_total, o.total, coalesce(sum(${valueSql('shipped_qty')}), 0) as shipped_value
          from sales_orders o join sales_order_lines l on l.order_id = o.id
          where o.dealer_org_id = ${dealerOrgId}
            and (o.status in ${OPEN} or (o.status in ('shipped', 'delivered') and o.paid_total < o.total))
          group by o.id, o.status, o.paid_total, o.total
        )
        select coalesce(sum(case when status in ${RECEIVABLE} then greatest(shipped_value - paid_total, 0) else 0 end), 0)::text as receivables,
               coalesce(sum(case when status in ${OPEN} then total - shipped_value else 0 end), 0)::text as open_orders
        from o`,
  )
  return { receivables: money(new D(r.receivables)), openOrders: money(new D(r.open_orders)) }
}
