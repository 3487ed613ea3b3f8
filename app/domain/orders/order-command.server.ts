// Shared steps of the order commands: who may act, the scoped row lock, the lines with their live
// reservations, the version bump and the after-commit event. Each command file composes these.
import { and, eq, sql, type SQL } from 'drizzle-orm'
import { rawRows, type DbOrTx, type Tx } from '~db/client'
import { requisitionLines, requisitions, salesOrders } from '~db/schema'
import type { AfterCommit } from '~db/transaction'
import { recordDenied, recordingNotTheirs } from '~/audit/record.server'
import { staffCan, type Actor, type StaffActor, type StaffPermission } from '~/auth/roles'
import { allocationOrder, releaseReservation } from '~/domain/inventory/reservations.server'
import { emitToOrg, emitToPermission } from '~/realtime/publisher.server'
import { DomainError, forbidden, notFound } from '~/utils/errors'
import { D, money } from '~/utils/money'
import { isUuid } from '~/utils/uuid'
import { canRun, type LineProgress, type OrderCommand, type SalesOrderStatus } from './order.rules'

/** stock_reservations.source_type of an order's reservations; source_id is the order id (one line per product). */
export const ORDER_SOURCE = 'sales_order'

/** A staff command's permission, checked again inside the command; a refusal leaves an audit row. */
export async function assertStaffPermission(actor: Actor, permission: StaffPermission, entity: { action: string; orderId?: string }): Promise<StaffActor> {
  if (staffCan(actor, permission)) return actor as StaffActor
  await recordDenied({ actor }, { action: entity.action, entityType: 'sales_order', entityId: isUuid(entity.orderId) ? entity.orderId : null, after: { permission } })
  throw forbidden()
}

/**
 * A dealer's command on one order by id (cancel, confirm a delivery) runs through here: a "not found"
 * answer — another dealer's order or shipment, or none — is recorded as a denied attempt once the
 * command's transaction has rolled back, and the answer stays the same. Staff are not scoped by
 * organization: their commands run as they are.
 */
export function dealerOrderAttempt<T>(actor: Actor, meta: { ip?: string | null }, action: string, entity: { type: 'sales_order' | 'shipment'; id: string; after?: Record<string, unknown> }, run: () => Promise<T>): Promise<T> {
  if (actor.kind !== 'dealer') return run()
  return recordingNotTheirs({ actor, ip: meta.ip, action }, entity, run)
}

export interface LockedOrder {
  id: string
  number: string
  dealerOrgId: string
  status: SalesOrderStatus
  warehouseId: string
  currency: string
  total: string
  paidTotal: string
  version: number
}

/**
 * Locks the order row (SELECT … FOR UPDATE) as the actor may see it: a dealer only its own, staff
 * any, a supplier none. Everything else about the order changes only under this lock, so two
 * commands on one order run one after the other and each sees the other's result.
 */
export async function lockOrder(tx: Tx, actor: Actor | 'system', orderId: string): Promise<LockedOrder> {
  if (!isUuid(orderId) || (actor !== 'system' && actor.kind === 'supplier')) throw notFound()
  const [o] = await tx
    .select({
      id: salesOrders.id,
      number: salesOrders.number,
      dealerOrgId: salesOrders.dealerOrgId,
      status: salesOrders.status,
      warehouseId: salesOrders.warehouseId,
      currency: salesOrders.currency,
      total: sql<string>`${salesOrders.total}::text`,
      paidTotal: sql<string>`${salesOrders.paidTotal}::text`,
      version: salesOrders.version,
    })
    .from(salesOrders)
    .where(and(eq(salesOrders.id, orderId), actor !== 'system' && actor.kind === 'dealer' ? eq(salesOrders.dealerOrgId, actor.orgId) : undefined))
    .for('update')
  if (!o) throw notFound()
  return o
}

export function assertCan(command: OrderCommand, order: Pick<LockedOrder, 'status'>) {
  if (!canRun(command, order.status)) throw new DomainError('conflict', `orders:errors.notAllowed.${command}`)
}

export interface OrderLineState extends LineProgress {
  id: string
  position: number
  productId: string
  unitPrice: string
  taxRate: string
}

/** The order's lines with their active reservations, in product-id order (the order every lock is taken in). */
export async function orderLines(tx: DbOrTx, orderId: string): Promise<OrderLineState[]> {
  const rows = await rawRows<{ id: string; position: number; product_id: string; quantity: string; backordered_qty: string; shipped_qty: string; cancelled_qty: string; unit_price: string; tax_rate: string; reserved: string }>(
    tx,
    sql`select l.id, l.position, l.product_id, trim_scale(l.quantity)::text as quantity, trim_scale(l.backordered_qty)::text as backordered_qty,
               trim_scale(l.shipped_qty)::text as shipped_qty, trim_scale(l.cancelled_qty)::text as cancelled_qty, l.unit_price::text as unit_price, l.tax_rate::text as tax_rate,
               coalesce((select trim_scale(sum(r.quantity))::text from stock_reservations r
                          where r.source_type = ${ORDER_SOURCE} and r.source_id = ${orderId} and r.product_id = l.product_id and r.status = 'active'), '0') as reserved
        from sales_order_lines l where l.order_id = ${orderId}
        order by l.product_id`,
  )
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    productId: r.product_id,
    quantity: r.quantity,
    backorderedQty: r.backordered_qty,
    shippedQty: r.shipped_qty,
    cancelledQty: r.cancelled_qty,
    unitPrice: r.unit_price,
    taxRate: r.tax_rate,
    reservedQty: r.reserved,
  }))
}

/**
 * The order's active reservations in the order reserveStock locks balance rows in (product, then
 * allocationOrder: no batch, oldest batch first), so releasing or shipping locks rows alike and cannot
 * deadlock with a concurrent submission, and a partial shipment takes the oldest batches.
 */
export async function activeReservations(tx: Tx, orderId: string) {
  return rawRows<{ id: string; product_id: string; balance_id: string; quantity: string }>(
    tx,
    sql`select r.id, r.product_id, r.balance_id, trim_scale(r.quantity)::text as quantity
        from stock_reservations r join stock_balances b on b.id = r.balance_id
        where r.source_type = ${ORDER_SOURCE} and r.source_id = ${orderId} and r.status = 'active'
        order by r.product_id, ${allocationOrder(sql`b`)}, r.created_at, r.id`,
  )
}

/** Releases every active reservation of the order (cancel, reject); returns the products touched. */
export async function releaseOrderReservations(tx: Tx, orderId: string): Promise<{ productIds: string[]; released: Array<{ productId: string; quantity: string }> }> {
  const rs = await activeReservations(tx, orderId)
  const released: Array<{ productId: string; quantity: string }> = []
  for (const r of rs) {
    if ((await releaseReservation(tx, r.id)).released) released.push({ productId: r.product_id, quantity: r.quantity })
  }
  return { productIds: [...new Set(released.map((r) => r.productId))], released }
}

/**
 * Nothing more of the order will ship: every line's unshipped units become cancelled and none stays
 * backordered. Computed from the row itself under the order's lock, so it is exactly what no shipment
 * took; returns each line's rest by SKU, for the audit row.
 */
export async function cancelUnshipped(tx: Tx, orderId: string): Promise<Array<{ sku: string; quantity: string }>> {
  return rawRows<{ sku: string; quantity: string }>(
    tx,
    sql`with l as (select id, quantity - shipped_qty - cancelled_qty as rest from sales_order_lines where order_id = ${orderId} and quantity - shipped_qty - cancelled_qty > 0)
        update sales_order_lines s set cancelled_qty = s.quantity - s.shipped_qty, backordered_qty = 0
        from l where s.id = l.id
        returning (select p.sku from products p where p.id = s.product_id) as sku, trim_scale(l.rest)::text as quantity`,
  )
}

/** Cancels the order's shortfall requisition while buyers have not acted on it yet (status open). */
export async function cancelOpenRequisition(tx: Tx, orderId: string): Promise<{ id: string; number: string } | null> {
  const [r] = await tx
    .update(requisitions)
    .set({ status: 'cancelled', updatedAt: sql`now()` })
    .where(and(eq(requisitions.sourceType, ORDER_SOURCE), eq(requisitions.sourceId, orderId), eq(requisitions.status, 'open')))
    .returning({ id: requisitions.id, number: requisitions.number })
  return r ?? null
}

/**
 * Brings the order's open requisition in line with what is still backordered (stock arrived and
 * was reserved): lines shrink or go; with none left the requisition is cancelled. A requisition the
 * buyers already approved or ordered is theirs and is left alone.
 */
export async function syncOpenRequisition(tx: Tx, orderId: string, lines: ReadonlyArray<{ id: string; backorderedQty: string }>): Promise<{ id: string; number: string; status: 'open' | 'cancelled' } | null> {
  const [req] = await tx
    .select({ id: requisitions.id, number: requisitions.number })
    .from(requisitions)
    .where(and(eq(requisitions.sourceType, ORDER_SOURCE), eq(requisitions.sourceId, orderId), eq(requisitions.status, 'open')))
    .for('update')
  if (!req) return null
  const reqLines = await tx.select({ id: requisitionLines.id, sourceLineId: requisitionLines.sourceLineId }).from(requisitionLines).where(eq(requisitionLines.requisitionId, req.id))
  const backorder = new Map(lines.map((l) => [l.id, l.backorderedQty]))
  let left = 0
  for (const rl of reqLines) {
    const q = rl.sourceLineId ? backorder.get(rl.sourceLineId) : undefined
    if (q === undefined) {
      left++
      continue
    }
    if (new D(q).gt(0)) {
      await tx.update(requisitionLines).set({ quantity: q }).where(eq(requisitionLines.id, rl.id))
      left++
    } else {
      await tx.delete(requisitionLines).where(eq(requisitionLines.id, rl.id))
    }
  }
  if (left === 0) {
    await tx.update(requisitions).set({ status: 'cancelled', updatedAt: sql`now()` }).where(eq(requisitions.id, req.id))
    return { id: req.id, number: req.number, status: 'cancelled' }
  }
  await tx.update(requisitions).set({ updatedAt: sql`now()` }).where(eq(requisitions.id, req.id))
  return { id: req.id, number: req.number, status: 'open' }
}

/**
 * The order is worth what still ships or shipped: each line with a cancelled part gets the net and tax
 * of its quantity less what was cancelled (lineAmounts' rounding, as credit.server.ts's valueSql), the
 * order the sums. Once the rest is cancelled that is the shipped units; while the order is open it is
 * what is still coming too. The receivable and the credit check read these.
 */
export async function repriceToWhatShips(tx: Tx, orderId: string): Promise<{ subtotal: string; taxTotal: string; total: string }> {
  await tx.execute(sql`update sales_order_lines set line_net = round((quantity - cancelled_qty) * unit_price, 2), line_tax = round(round((quantity - cancelled_qty) * unit_price, 2) * tax_rate, 2)
                       where order_id = ${orderId} and cancelled_qty > 0`)
  const [t] = await rawRows<{ net: string; tax: string }>(tx, sql`select sum(line_net)::text as net, sum(line_tax)::text as tax from sales_order_lines where order_id = ${orderId}`)
  return { subtotal: money(t.net), taxTotal: money(t.tax), total: money(new D(t.net).plus(t.tax)) }
}

export async function shipmentStatusesOf(tx: Tx, orderId: string): Promise<Array<'shipped' | 'delivered'>> {
  const rows = await rawRows<{ status: 'shipped' | 'delivered' }>(tx, sql`select status from shipments where order_id = ${orderId}`)
  return rows.map((r) => r.status)
}

/** Writes the order's new fields with a version bump; the guard on the old version is the last net behind the row lock. */
export async function updateOrder(tx: Tx, order: LockedOrder, set: { [K in keyof typeof salesOrders.$inferInsert]?: (typeof salesOrders.$inferInsert)[K] | SQL }): Promise<{ version: number; status: SalesOrderStatus }> {
  const [u] = await tx
    .update(salesOrders)
    .set({ ...set, version: sql`${salesOrders.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(salesOrders.id, order.id), eq(salesOrders.version, order.version)))
    .returning({ version: salesOrders.version, status: salesOrders.status })
  if (!u) throw new DomainError('conflict', 'orders:errors.changedMeanwhile')
  return u
}

/**
 * After commit: the dealer's organization room and the staff who may see orders hear the order changed
 * (ids, number and status only); when the change raised, shrank or cancelled its requisition, the staff
 * who may see requisitions hear that, with the requisition's id alone (buyers see no orders).
 */
export function emitOrderChanged(afterCommit: AfterCommit, o: { id: string; number: string; dealerOrgId: string; status: string; version: number; requisitionId?: string | null }) {
  afterCommit(() => {
    const payload = { orderId: o.id, number: o.number, status: o.status, version: o.version }
    emitToOrg(o.dealerOrgId, 'order:changed', payload)
    emitToPermission('orders.view', 'order:changed', payload)
    if (o.requisitionId) emitToPermission('requisitions.view', 'requisition:changed', { requisitionId: o.requisitionId })
  })
}

/** Document numbers from the database's sequences and clock: SO-2026-000123, SHP-…, PR-…. */
export async function nextNumber(tx: Tx, kind: 'order' | 'shipment' | 'requisition'): Promise<string> {
  const [r] = await rawRows<{ n: string }>(tx, sql`select ${numberSql(kind)} as n`)
  return r.n
}

/** nextNumber's expression, for a statement that draws the number along with other work. */
export function numberSql(kind: 'order' | 'shipment' | 'requisition'): SQL {
  const seq = kind === 'order' ? 'sales_order_number_seq' : kind === 'shipment' ? 'shipment_number_seq' : 'requisition_number_seq'
  const prefix = kind === 'order' ? 'SO' : kind === 'shipment' ? 'SHP' : 'PR'
  return sql`(${prefix} || '-' || to_char(now() at time zone 'Asia/Shanghai', 'YYYY') || '-' || lpad(nextval(${seq}::regclass)::text, 6, '0'))`
}
