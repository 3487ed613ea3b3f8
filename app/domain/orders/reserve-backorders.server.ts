import { eq, sql } from 'drizzle-orm'
import { salesOrderLines } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { reserveStock } from '~/domain/inventory/reservations.server'
import { publishStockChanged } from '~/domain/inventory/stock-events.server'
import { D } from '~/utils/money'
import { DomainError } from '~/utils/errors'
import { ORDER_SOURCE, assertCan, assertStaffPermission, emitOrderChanged, lockOrder, orderLines, syncOpenRequisition, updateOrder } from './order-command.server'
import { statusFromLines, type SalesOrderStatus } from './order.rules'

/**
 * Tries again to reserve what an order still has backordered (stock arrived): per line in product
 * order, as submission does. An approved order whose every unit is now held moves to reserved; the
 * open requisition shrinks to what is still short.
 */
export async function reserveBackorders(actor: Actor, orderId: string, meta: { ip?: string | null } = {}): Promise<{ id: string; number: string; status: SalesOrderStatus; version: number; reserved: Array<{ productId: string; quantity: string }> }> {
  await assertStaffPermission(actor, 'orders.fulfil', { action: 'sales_order.reserve_backorders', orderId })
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
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'sales_order.backorders_reserved',
      entityType: 'sales_order',
      entityId: order.id,
      before: { status: order.status },
      after: { status, reserved: got, stillBackordered: lines.filter((l) => new D(l.backorderedQty).gt(0)).map((l) => ({ productId: l.productId, quantity: l.backorderedQty })), requisition },
    })
    afterCommit(() => publishStockChanged(got.map((g) => g.productId)))
    const out = { id: order.id, number: order.number, status, version: u.version }
    emitOrderChanged(afterCommit, { ...out, dealerOrgId: order.dealerOrgId })
    return { ...out, reserved: got }
  })
}
