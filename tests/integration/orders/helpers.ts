import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { db, rawRows } from '~db/client'
import { dealerTerms, organizations, requisitionLines, requisitions, salesOrderLines, salesOrders, stockReservations, users } from '~db/schema'
import type { Actor, DealerActor } from '~/auth/roles'
import { exposureOf } from '~/domain/orders/credit.rules'
import { orderLines } from '~/domain/orders/order-command.server'
import { submitOrder } from '~/domain/orders/submit-order.server'
import { actorFor } from '../../support/actors'
import { routeArgs } from '../catalog/helpers'
import { balanceOf as balanceAt, productId, totalIn, warehouseId } from '../inventory/helpers'

export { addStock, batchesIn, totalIn } from '../inventory/helpers'
export { productId, warehouseId }

/**
 * What a product holds in a warehouse over its bins, batches and serial numbers (null where it never had a row): an
 * order takes from them all. With a bin or batch, that one row (inventory/helpers' balanceOf).
 */
export async function balanceOf(productId: string, warehouseId: string, binId: string | null = null, batch: string | null = null) {
  if (binId || batch) return balanceAt(productId, warehouseId, binId, batch)
  const [{ n }] = await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from stock_balances where product_id = ${productId} and warehouse_id = ${warehouseId}`)
  return n ? totalIn(productId, warehouseId) : null
}

export const dealer = async (email: string) => (await actorFor(email)) as DealerActor

/** Places an order from (sku, quantity) pairs with a fresh idempotency key unless one is given. */
export async function order(who: Actor, warehouse: string, lines: Array<[string, string]>, key: string = randomUUID()) {
  const wh = await warehouseId(warehouse)
  const resolved = await Promise.all(lines.map(async ([sku, quantity]) => ({ productId: await productId(sku), quantity })))
  return submitOrder(who, { warehouseId: wh, lines: resolved }, { idempotencyKey: key })
}

export async function orderRow(id: string) {
  const [o] = await db().select().from(salesOrders).where(eq(salesOrders.id, id))
  return o
}

export async function linesOf(id: string) {
  return orderLines(db(), id)
}

export async function requisitionOf(orderId: string) {
  const [r] = await db().select().from(requisitions).where(sql`${requisitions.sourceType} = 'sales_order' and ${requisitions.sourceId} = ${orderId}`)
  if (!r) return null
  const lines = await db().select().from(requisitionLines).where(eq(requisitionLines.requisitionId, r.id))
  return { ...r, lines }
}

export async function activeReservedOf(orderId: string) {
  const [r] = await rawRows<{ q: string }>(db(), sql`select coalesce(sum(quantity), 0)::text as q from stock_reservations where source_type = 'sales_order' and source_id = ${orderId} and status = 'active'`)
  return Number(r.q)
}

export async function setCreditLimit(orgCode: string, limit: string) {
  const [o] = await db().select({ id: organizations.id }).from(organizations).where(eq(organizations.code, orgCode))
  await db().update(dealerTerms).set({ creditLimit: limit }).where(eq(dealerTerms.dealerOrgId, o.id))
}

/**
 * Every order line keeps reserved + shipped + backordered + cancelled = quantity; a cancelled or rejected order's lines
 * hold and wait for nothing, and what they did not ship is cancelled (shipped + cancelled = quantity).
 */
export async function lineIdentityBreaches() {
  const reservedOf = sql`coalesce((select sum(r.quantity) from stock_reservations r
                where r.source_type = 'sales_order' and r.source_id = o.id::text and r.product_id = l.product_id and r.status = 'active'), 0)`
  // A held order (submitted, over credit) holds nothing: all of its lines' parts are 0 until approval.
  return rawRows<{ id: string }>(
    db(),
    sql`select l.id from sales_order_lines l join sales_orders o on o.id = l.order_id
        where case
          when o.status in ('cancelled', 'rejected') then l.backordered_qty <> 0 or ${reservedOf} <> 0 or l.shipped_qty + l.cancelled_qty <> l.quantity
          else case when o.status = 'submitted' then 0 else l.quantity end <> l.backordered_qty + l.shipped_qty + l.cancelled_qty + ${reservedOf}
        end`,
  )
}

/** The pure credit rule (exposureOf) applied to a dealer's orders as stored: what the SQL of dealerExposure must agree with. */
export async function pureExposureOf(dealerOrgId: string) {
  const orders = await rawRows<{ id: string; status: string; paid_total: string }>(db(), sql`select id, status::text, paid_total::text from sales_orders where dealer_org_id = ${dealerOrgId}`)
  const withLines = await Promise.all(
    orders.map(async (o) => ({
      status: o.status,
      paidTotal: o.paid_total,
      lines: (await linesOf(o.id)).map((l) => ({ quantity: l.quantity, shippedQty: l.shippedQty, cancelledQty: l.cancelledQty, unitPrice: l.unitPrice, taxRate: l.taxRate })),
    })),
  )
  return exposureOf(withLines)
}

export { salesOrderLines, stockReservations }

/** Extra dealers of a tier with a large limit, so concurrent orders do not queue on one dealer's lock. */
export async function extraDealers(count: number, tier = 'A', limit = '100000000.00'): Promise<DealerActor[]> {
  const out: DealerActor[] = []
  const tag = randomUUID().slice(0, 8)
  for (let i = 0; i < count; i++) {
    const [org] = await db().insert(organizations).values({ kind: 'dealer', code: `DLR-T${tag}-${i}`, nameEn: `Test dealer ${i}`, nameZh: `测试经销商 ${i}` }).returning()
    const [u] = await db()
      .insert(users)
      .values({ orgId: org.id, email: `d${i}-${tag}@dealers.test`, name: `Dealer ${i}`, roles: ['dealer_admin'], status: 'active' })
      .returning()
    await db().insert(dealerTerms).values({ dealerOrgId: org.id, priceTier: tier, creditLimit: limit, paymentTermsDays: 30, currency: 'CNY' })
    out.push((await actorFor(u.email)) as DealerActor)
  }
  return out
}

/** The dealer's order confirmation PDF as pdftotext reads it (-layout), fetched through the portal's route. */
export async function dealerPdfText(actor: Actor, orderId: string): Promise<string> {
  const route = await import('../../../portal-customer/routes/orders.$id.pdf')
  const r = (await route.loader(routeArgs(actor, `/dealer/orders/${orderId}/pdf`, { id: orderId }) as any)) as Response
  const file = path.join(os.tmpdir(), `order-${orderId}-${Date.now()}.pdf`)
  fs.writeFileSync(file, Buffer.from(await r.arrayBuffer()))
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
  } finally {
    fs.rmSync(file)
  }
}
