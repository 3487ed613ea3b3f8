import { and, eq, sql } from 'drizzle-orm'
import type { Tx } from '~db/client'
import { products, salesOrderLines, shipmentLines, shipments, stockReservations } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { shipReservation } from '~/domain/inventory/reservations.server'
import { fitsUnit } from '~/domain/catalog/catalog.rules'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { unitName } from '~/i18n/units'
import { publishStockChanged } from '~/domain/inventory/stock-events.server'
import { DomainError } from '~/utils/errors'
import { D } from '~/utils/money'
import { withParams } from '~/utils/validation'
import { notifyDealerOfOrder } from './order-notifications.server'
import { ORDER_SOURCE, activeReservations, assertCan, assertStaffPermission, emitOrderChanged, lockOrder, nextNumber, orderLines, updateOrder } from './order-command.server'
import { statusFromLines, type SalesOrderStatus } from './order.rules'
import { shipOrderSchema, type ShipOrderInput } from './order.validation'
import { badInputFrom } from './quote-cart.server'

/**
 * Splits `quantity` off an active reservation into a new one on the same balance row, so a partial
 * shipment consumes exactly what leaves. The balance's reserved total does not change; the guard
 * (status active, quantity larger) makes a stale split match nothing.
 */
async function splitReservation(tx: Tx, r: { id: string }, quantity: string): Promise<string> {
  const [left] = await tx
    .update(stockReservations)
    .set({ quantity: sql`${stockReservations.quantity} - ${quantity}::numeric`, updatedAt: sql`now()` })
    .where(and(eq(stockReservations.id, r.id), eq(stockReservations.status, 'active'), sql`${stockReservations.quantity} > ${quantity}::numeric`))
    .returning({ balanceId: stockReservations.balanceId, productId: stockReservations.productId, warehouseId: stockReservations.warehouseId, sourceType: stockReservations.sourceType, sourceId: stockReservations.sourceId })
  if (!left) throw new DomainError('conflict', 'orders:errors.changedMeanwhile')
  const [part] = await tx.insert(stockReservations).values({ ...left, quantity }).returning({ id: stockReservations.id })
  return part.id
}

/**
 * Ships reserved units of a picked order with carrier and tracking number; partial shipments are
 * fine. Each line ships at most what is reserved for it and not yet shipped. The reservations are
 * consumed (on hand and reserved fall together) and the stock moves reference the order.
 */
export async function shipOrder(
  actor: Actor,
  orderId: string,
  input: ShipOrderInput,
  meta: { ip?: string | null } = {},
): Promise<{ id: string; number: string; status: SalesOrderStatus; version: number; shipment: { id: string; number: string } }> {
  const staff = await assertStaffPermission(actor, 'orders.fulfil', { action: 'sales_order.ship', orderId })
  const parsed = shipOrderSchema.safeParse(input)
  if (!parsed.success) throw badInputFrom(parsed.error.issues)
  const body = parsed.data
  return transact(async ({ tx, afterCommit }) => {
    const order = await lockOrder(tx, actor, orderId)
    assertCan('ship', order)
    const lines = await orderLines(tx, order.id)
    const byId = new Map(lines.map((l) => [l.id, l]))
    const wanted = body.lines.map((w, i) => {
      const line = byId.get(w.orderLineId.toLowerCase())
      if (!line) throw new DomainError('bad_input', 'orders:errors.unknownLine', { [`lines[${i}].orderLineId`]: ['orders:errors.unknownLine'] })
      return { line, quantity: new D(w.quantity) }
    })
    // Shared locks: a product being made whole meanwhile waits for this shipment (see assertPlace).
    const productsOf = new Map(
      (await tx.select({ id: products.id, sku: products.sku, unit: products.unit, wholeUnits: products.wholeUnits }).from(products).where(sql`${products.id} in (select product_id from sales_order_lines where order_id = ${order.id})`).for('share')).map((p) => [p.id, p]),
    )
    wanted.forEach((w, i) => {
      const p = productsOf.get(w.line.productId)
      if (p && !fitsUnit(w.quantity.toFixed(), p.wholeUnits)) {
        const message = withParams('catalog:errors.wholeUnits', { sku: p.sku })
        throw new DomainError('bad_input', message, { [`lines[${i}].quantity`]: [message] })
      }
    })
    wanted.forEach((w, i) => {
      if (w.quantity.gt(w.line.reservedQty)) {
        const p = productsOf.get(w.line.productId)
        // The quantity and unit as the page shows them to this reader ("40 件", "40 pcs"): the stored unit code read "40 pcs" on a Chinese page.
        const message = withParams('orders:errors.shipMoreThanReserved', {
          sku: p?.sku ?? '',
          reserved: formatQuantity(w.line.reservedQty, actor.locale),
          unit: p ? unitName(p.unit, actor.locale, w.line.reservedQty) : '',
        })
        // On the line's quantity too, so the page says it beside the field that asked too much.
        throw new DomainError('conflict', message, { [`lines[${i}].quantity`]: [message] })
      }
    })
    const shipmentNumber = await nextNumber(tx, 'shipment')
    const [shipment] = await tx
      .insert(shipments)
      .values({ number: shipmentNumber, orderId: order.id, warehouseId: order.warehouseId, carrier: body.carrier, trackingNumber: body.trackingNumber, shippedBy: staff.userId })
      .returning({ id: shipments.id, number: shipments.number })

    const reservations = await activeReservations(tx, order.id)
    // Lines in product order, reservations in balance-lock order: the same sequence every command uses.
    for (const w of [...wanted].sort((a, b) => (a.line.productId < b.line.productId ? -1 : 1))) {
      let remaining = w.quantity
      for (const r of reservations.filter((x) => x.product_id === w.line.productId)) {
        if (remaining.lte(0)) break
        const id = remaining.gte(r.quantity) ? r.id : await splitReservation(tx, r, remaining.toFixed())
        const take = D.min(remaining, r.quantity)
        const shipped = await shipReservation(tx, id, { reason: shipmentNumber, referenceType: ORDER_SOURCE, referenceId: order.id, actorUserId: staff.userId })
        if (!shipped) throw new DomainError('conflict', 'orders:errors.changedMeanwhile')
        remaining = remaining.minus(take)
      }
      if (remaining.gt(0)) throw new DomainError('conflict', 'orders:errors.changedMeanwhile')
      await tx
        .update(salesOrderLines)
        .set({ shippedQty: sql`${salesOrderLines.shippedQty} + ${w.quantity.toFixed()}::numeric` })
        .where(eq(salesOrderLines.id, w.line.id))
      w.line.shippedQty = new D(w.line.shippedQty).plus(w.quantity).toFixed()
      w.line.reservedQty = new D(w.line.reservedQty).minus(w.quantity).toFixed()
    }
    await tx.insert(shipmentLines).values(wanted.map((w) => ({ shipmentId: shipment.id, orderLineId: w.line.id, productId: w.line.productId, quantity: w.quantity.toFixed() })))
    const status = statusFromLines(lines, order.status)
    const u = await updateOrder(tx, order, { status })
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'sales_order.shipped',
      entityType: 'sales_order',
      entityId: order.id,
      before: { status: order.status },
      after: {
        status,
        shipment: shipment.number,
        carrier: body.carrier,
        trackingNumber: body.trackingNumber,
        lines: wanted.map((w) => ({ sku: productsOf.get(w.line.productId)?.sku, quantity: w.quantity.toFixed() })),
      },
    })
    await notifyDealerOfOrder({ tx, afterCommit }, order, { kind: 'order.shipped', shipment: shipment.number, carrier: body.carrier, trackingNumber: body.trackingNumber })
    afterCommit(() => publishStockChanged(wanted.map((w) => w.line.productId)))
    const out = { id: order.id, number: order.number, status, version: u.version }
    emitOrderChanged(afterCommit, { ...out, dealerOrgId: order.dealerOrgId })
    return { ...out, shipment }
  })
}
