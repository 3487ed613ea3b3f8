import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { db } from '~db/client'
import { salesOrderLines, salesOrders, stockBalances } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { reserveStock } from '~/domain/inventory/reservations.server'
import { publishStockChanged } from '~/domain/inventory/stock-events.server'
import { D } from '~/utils/money'
import { DomainError, logFailure } from '~/utils/errors'
import { ORDER_SOURCE, assertCan, assertStaffPermission, emitOrderChanged, lockOrder, orderLines, syncOpenRequisition, updateOrder } from './order-command.server'
import { notifyDealerOfOrder } from './order-notifications.server'
import { statusFromLines, statusesThatCan, type SalesOrderStatus } from './order.rules'

/**
 * Tries again to reserve what an order still has backordered (stock arrived): per line in product
 * order, as submission does. An approved order whose every unit is now held moves to reserved; the
 * open requisition shrinks to what is still short.
 */
export async function reserveBackorders(actor: Actor, orderId: string, meta: { ip?: string | null } = {}): Promise<ReservedBackorders> {
  await assertStaffPermission(actor, 'orders.fulfil', { action: 'sales_order.reserve_backorders', orderId })
  return reserveWaiting(actor, orderId, meta)
}

type ReservedBackorders = { id: string; number: string; status: SalesOrderStatus; version: number; reserved: Array<{ productId: string; quantity: string }> }

/**
 * Stock has come free in a warehouse (received, counted up, transferred in, released by a cancelled
 * order): it goes first to the orders waiting for it, oldest first, before any new order can take it —
 * the cart and the order page promise the dealer exactly that. Runs after the commit that freed the
 * stock, as the system; each order in a transaction of its own under its row lock, as the
 * warehouse's button does. A crash in between leaves the button (and the next arrival) to do it.
 */
export async function allocateFreedStock(warehouseId: string, productIds: readonly string[]): Promise<number> {
  if (!productIds.length) return 0
  const waiting = await db()
    .selectDistinct({ id: salesOrders.id, createdAt: salesOrders.createdAt })
    .from(salesOrders)
    .innerJoin(salesOrderLines, eq(salesOrderLines.orderId, salesOrders.id))
    .where(
      and(
        eq(salesOrders.warehouseId, warehouseId),
        inArray(salesOrders.status, waitingStatuses),
        inArray(salesOrderLines.productId, [...productIds]),
        sql`${salesOrderLines.backorderedQty} > 0`,
      ),
    )
    .orderBy(asc(salesOrders.createdAt), asc(salesOrders.id))
    .limit(500)
  let served = 0
  for (const o of waiting) {
    // Nothing of these products left to give in this warehouse: the rest wait for the next arrival.
    if (!(await anyAvailable(warehouseId, productIds))) break
    try {
      await reserveWaiting('system', o.id, {})
      served++
    } catch (err) {
      // Changed meanwhile (picked, cancelled, served by the button) or nothing left for it: the next one may still fit.
      if (err instanceof DomainError && err.code === 'conflict') continue
      // The stock's own change is committed: a failure here leaves the orders waiting for the button
      // or the next arrival, never the caller's answer wrong.
      logFailure('backorder allocation', err)
      return served
    }
  }
  return served
}

async function anyAvailable(warehouseId: string, productIds: readonly string[]): Promise<boolean> {
  const [row] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(stockBalances)
    .where(and(eq(stockBalances.warehouseId, warehouseId), inArray(stockBalances.productId, [...productIds]), sql`${stockBalances.onHand} > ${stockBalances.reserved}`))
  return row.n > 0
}

const waitingStatuses = statusesThatCan('reserveBackorders')

async function reserveWaiting(actor: Actor | 'system', orderId: string, meta: { ip?: string | null }): Promise<ReservedBackorders> {
  return transact(async ({ tx, afterCommit }) => {
    const order = await lockOrder(tx, actor, orderId)
    assertCan('reserveBackorders', order)
    const lines = await orderLines(tx, order.id)
    const waiting = lines.filter((l) => new D(l.backorderedQty).gt(0))
    if (waiting.length === 0) throw new DomainError('conflict', 'orders:errors.nothingBackordered')
    const got: Array<{ productId: string; quantity: string }> = []
    for (const l of waiting) {
      const r = await reserveStock(tx, { productId: l.productId, warehouseId: order.warehouseId, quantity: l.backorderedQty, sourceType: ORDER_SOURCE, sourceId: order.id })
      if (new D(r.reserved).isZero()) continue
      await tx
        .update(salesOrderLines)
        .set({ backorderedQty: sql`${salesOrderLines.backorderedQty} - ${r.reserved}::numeric` })
        .where(eq(salesOrderLines.id, l.id))
      l.backorderedQty = r.shortfall
      l.reservedQty = new D(l.reservedQty).plus(r.reserved).toFixed()
      got.push({ productId: l.productId, quantity: r.reserved })
    }
    if (got.length === 0) throw new DomainError('conflict', 'orders:errors.noStockYet')
    const status = statusFromLines(lines, order.status)
    const requisition = await syncOpenRequisition(tx, order.id, lines)
    const u = await updateOrder(tx, order, { status })
    await recordAudit(tx, actor === 'system' ? { system: true } : { actor, ip: meta.ip }, {
      action: 'sales_order.backorders_reserved',
      entityType: 'sales_order',
      entityId: order.id,
      before: { status: order.status },
      after: { status, reserved: got, stillBackordered: lines.filter((l) => new D(l.backorderedQty).gt(0)).map((l) => ({ productId: l.productId, quantity: l.backorderedQty })), requisition: requisition && { number: requisition.number, status: requisition.status } },
    })
    const stillWaiting = lines.some((l) => new D(l.backorderedQty).gt(0))
    await notifyDealerOfOrder({ tx, afterCommit }, order, { kind: stillWaiting ? 'order.backordersPartlyReserved' : 'order.backordersReserved' })
    afterCommit(() => publishStockChanged(got.map((g) => g.productId)))
    const out = { id: order.id, number: order.number, status, version: u.version }
    emitOrderChanged(afterCommit, { ...out, dealerOrgId: order.dealerOrgId, requisitionId: requisition?.id })
    return { ...out, reserved: got }
  })
}
