import { sql } from 'drizzle-orm'
import { rawRows, type DbOrTx } from '~db/client'

/**
 * For products about to take whole quantities only: a fraction each still holds (on hand or
 * reserved somewhere, left to ship on an open order, or where a volume break starts), by product id. A product listed here
 * cannot be made whole: its own stock and orders would break the rule and could never be settled.
 */
export async function fractionalHoldings(q: DbOrTx, productIds: readonly string[]): Promise<Map<string, string>> {
  if (productIds.length === 0) return new Map()
  const ids = sql`array[${sql.join(
    productIds.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`
  const rows = await rawRows<{ product_id: string; quantity: string }>(
    q,
    sql`select distinct on (product_id) product_id, trim_scale(quantity)::text as quantity from (
          select product_id, on_hand as quantity from stock_balances where product_id = any(${ids}) and on_hand <> trunc(on_hand)
          union all
          select product_id, reserved from stock_balances where product_id = any(${ids}) and reserved <> trunc(reserved)
          union all
          select l.product_id, l.quantity - l.shipped_qty - l.cancelled_qty from sales_order_lines l join sales_orders o on o.id = l.order_id
           where l.product_id = any(${ids}) and o.status in ('submitted', 'approved', 'reserved', 'picked', 'partially_shipped')
             and l.quantity - l.shipped_qty - l.cancelled_qty <> trunc(l.quantity - l.shipped_qty - l.cancelled_qty)
          union all
          -- A volume break from 2.5 on a product made whole could never be saved again as it stands.
          select product_id, min_qty from price_list_items where product_id = any(${ids}) and min_qty <> trunc(min_qty)
        ) f order by product_id`,
  )
  return new Map(rows.map((r) => [r.product_id, r.quantity]))
}
