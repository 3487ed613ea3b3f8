// Cancelling the rest of an order (audit P2-1): what has not shipped of a picked or partly shipped
// order is cancelled by whoever may cancel orders; the order closes on what shipped, worth that, and
// nothing of it is reserved, waits for stock or counts as an open order any more.
import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { auditLog, dealerTerms, notifications, shipmentLines, shipments } from '~db/schema'
import { cancelOrder, cancelOrderRest } from '~/domain/orders/cancel-order.server'
import { dealerExposure } from '~/domain/orders/credit.server'
import { markShipmentDelivered } from '~/domain/orders/mark-delivered.server'
import { valueOf } from '~/domain/orders/order.rules'
import { pickOrder } from '~/domain/orders/pick-order.server'
import { recordPayment } from '~/domain/orders/record-payment.server'
import { shipOrder } from '~/domain/orders/ship-order.server'
import { D } from '~/utils/money'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { codeOf } from '../../support/errors'
import { useSocketListeners } from '../realtime/socket-listeners'
import { routeArgs, statusOf } from '../catalog/helpers'
import { ledgerBreaches } from '../inventory/helpers'
import { activeReservedOf, addStock, balanceOf, dealer, lineIdentityBreaches, linesOf, order, orderRow, productId, pureExposureOf, requisitionOf, warehouseId } from './helpers'

useTestDatabase({ seed: true })

// Each socket collects every event it hears, as [event, payload]; `bucket` is the array of the socket being opened.
let bucket: Array<[string, any]> = []
const listen = useSocketListeners('order:changed', {
  afterConnect: (socket) => {
    const mine = bucket
    socket.onAny((event: string, payload: unknown) => mine.push([event, payload]))
  },
})
async function hear(email: string) {
  const mine: Array<[string, any]> = []
  bucket = mine
  await listen(email)
  return mine
}

const staff = (email: string) => actorFor(email)
const limitOf = (orgId: string, limit: string) => db().update(dealerTerms).set({ creditLimit: limit }).where(eq(dealerTerms.dealerOrgId, orgId))

/** Erin orders AS-4002 at SZ-SOUTH: all on hand reserved, 5 backordered (a requisition raised); picked, 3 shipped. */
async function partlyShipped() {
  const erin = await dealer('erin@east.test')
  // Room for every round's order: none of them waits for credit approval.
  await limitOf(erin.orgId, '100000000.00')
  const wh = await staff('warehouse@acme.test')
  const p = await productId('AS-4002')
  const sz = await warehouseId('SZ-SOUTH')
  // Enough free stock for a pick and a partial shipment, whatever earlier tests took.
  const free = await balanceOf(p, sz)
  if (!free || free.onHand - free.reserved < 10) await addStock(wh, p, sz, '10', 'Stock for the test')
  const { onHand, reserved } = (await balanceOf(p, sz))!
  expect(reserved).toBe(0)
  const r = await order(erin, 'SZ-SOUTH', [['AS-4002', String(onHand + 5)]])
  expect(r.order.status).toBe('approved')
  await pickOrder(wh, r.order.id)
  const [line] = await linesOf(r.order.id)
  const s1 = await shipOrder(wh, r.order.id, { carrier: 'SF Express', trackingNumber: 'SF-REST-1', lines: [{ orderLineId: line.id, quantity: '3' }] })
  expect(s1.status).toBe('partially_shipped')
  return { erin, wh, p, sz, onHand, id: r.order.id, line, shipment: s1.shipment }
}

describe('cancelling the rest of a partly shipped order', () => {
  it('releases its reservations, cancels its requisition, closes it on what shipped and lowers the credit exposure', async () => {
    const { erin, wh, p, sz, onHand, id, line, shipment } = await partlyShipped()
    const manager = await staff('sales.manager@acme.test')
    const before = await dealerExposure(db(), erin.orgId)
    const row = await orderRow(id)
    const shippedValue = valueOf('3', line.unitPrice, line.taxRate)
    // Open before: the unshipped value counts against the dealer's credit.
    expect(new D(before.openOrders).gte(new D(row.total).minus(shippedValue))).toBe(true)

    expect(await codeOf(cancelOrderRest(manager, id, { reason: '' }))).toBe('bad_input')
    const done = await cancelOrderRest(manager, id, { reason: 'Supplier discontinued the set' })
    expect(done).toMatchObject({ status: 'shipped' })

    expect(await balanceOf(p, sz)).toEqual({ onHand: onHand - 3, reserved: 0 })
    expect(await activeReservedOf(id)).toBe(0)
    expect((await requisitionOf(id))!.status).toBe('cancelled')
    expect(await linesOf(id)).toMatchObject([{ shippedQty: '3', cancelledQty: String(onHand + 2), backorderedQty: '0', reservedQty: '0' }])
    const after = await orderRow(id)
    expect(after).toMatchObject({ status: 'shipped', cancelReason: 'Supplier discontinued the set', cancelledBy: manager.userId })
    expect(new D(after.total).toFixed(2)).toBe(shippedValue)
    // Nothing of it is open any more; what shipped is owed.
    const now = await dealerExposure(db(), erin.orgId)
    expect(new D(before.openOrders).minus(now.openOrders).toFixed(2)).toBe(new D(row.total).minus(shippedValue).toFixed(2))
    expect(new D(now.receivables).minus(before.receivables).toFixed(2)).toBe('0.00')

    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'sales_order.rest_cancelled')))
    expect(audit).toMatchObject({ outcome: 'ok', before: { status: 'partially_shipped' } })
    expect(audit.after).toMatchObject({ status: 'shipped', reason: 'Supplier discontinued the set', cancelled: [{ sku: 'AS-4002', quantity: String(onHand + 2) }] })
    const bells = await db().select({ kind: notifications.kind }).from(notifications).where(eq(notifications.link, `/dealer/orders/${id}`))
    expect(bells.map((b) => b.kind)).toContain('order.restCancelled')

    // Closed: no second cancel, no more shipments; stock that arrives goes to no one here.
    expect(await codeOf(cancelOrderRest(manager, id, { reason: 'again' }))).toBe('conflict')
    expect(await codeOf(shipOrder(wh, id, { carrier: 'SF', trackingNumber: 'SF-X', lines: [{ orderLineId: line.id, quantity: '1' }] }))).toBe('conflict')
    await addStock(wh, p, sz, '8', 'Found on the dock')
    expect(await activeReservedOf(id)).toBe(0)
    expect(await balanceOf(p, sz)).toEqual({ onHand: onHand - 3 + 8, reserved: 0 })

    // The shipment arrives: delivered. Paying what shipped settles it, and it leaves the live orders.
    expect((await markShipmentDelivered(wh, shipment.id)).status).toBe('delivered')
    await recordPayment(await staff('finance@acme.test'), id, { amount: shippedValue })
    const [live] = await rawRows<{ n: number }>(
      db(),
      sql`select count(*)::int as n from sales_orders where id = ${id} and (status in ('submitted', 'approved', 'reserved', 'picked', 'partially_shipped') or (status in ('shipped', 'delivered') and paid_total < total))`,
    )
    expect(live.n).toBe(0)
    expect(await lineIdentityBreaches()).toEqual([])
    expect(await ledgerBreaches()).toEqual([])
  })

  it('delivers at once when every shipment has already arrived', async () => {
    const { wh, id, shipment } = await partlyShipped()
    await markShipmentDelivered(wh, shipment.id)
    expect((await orderRow(id)).status).toBe('partially_shipped')
    expect((await cancelOrderRest(await staff('admin@acme.test'), id, { reason: 'Dealer takes what came' })).status).toBe('delivered')
  })

  it('cancels a picked order nothing of which shipped, as cancelling it would, its picked goods back in stock', async () => {
    const dave = await dealer('dave@north.test')
    const wh = await staff('warehouse@acme.test')
    const p = await productId('PK-3002')
    const sh = await warehouseId('SH-MAIN')
    const start = (await balanceOf(p, sh))!
    const r = await order(dave, 'SH-MAIN', [['PK-3002', '10']])
    await pickOrder(wh, r.order.id)
    expect(await codeOf(cancelOrder(dave, r.order.id, { reason: 'too late' }))).toBe('conflict')
    const c = await cancelOrderRest(await staff('sales.manager@acme.test'), r.order.id, { reason: 'Customer withdrew' })
    expect(c.status).toBe('cancelled')
    expect(await balanceOf(p, sh)).toEqual(start)
    expect(await linesOf(r.order.id)).toMatchObject([{ shippedQty: '0', cancelledQty: '10', reservedQty: '0' }])
    const actions = (await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, r.order.id))).map((a) => a.action)
    expect(actions).toContain('sales_order.cancelled')
    expect(actions).not.toContain('sales_order.rest_cancelled')
    // The order keeps its amounts as ordered: nothing of it is owed.
    expect(new D((await orderRow(r.order.id)).total).gt(0)).toBe(true)
  })

  it('records the cancelled quantity when a whole order is cancelled', async () => {
    const dave = await dealer('dave@north.test')
    const r = await order(dave, 'SH-MAIN', [['AS-4003', '15']])
    await cancelOrder(dave, r.order.id, { reason: 'Project postponed' })
    expect(await linesOf(r.order.id)).toMatchObject([{ shippedQty: '0', cancelledQty: '15', backorderedQty: '0' }])
  })
})

describe('cancelling the rest is refused', () => {
  it('where it makes no sense: held for approval, shipped in full, cancelled', async () => {
    const manager = await staff('sales.manager@acme.test')
    const frank = await dealer('frank@south.test')
    await limitOf(frank.orgId, '0.00') // every order waits for approval
    const held = await order(frank, 'SH-MAIN', [['PK-3002', '5']])
    expect(held.order.status).toBe('submitted')
    expect(await codeOf(cancelOrderRest(manager, held.order.id, { reason: 'x' }))).toBe('conflict')

    const wh = await staff('warehouse@acme.test')
    const dave = await dealer('dave@north.test')
    const full = await order(dave, 'SH-MAIN', [['PK-3002', '2']])
    await pickOrder(wh, full.order.id)
    const [l] = await linesOf(full.order.id)
    await shipOrder(wh, full.order.id, { carrier: 'SF', trackingNumber: 'SF-FULL', lines: [{ orderLineId: l.id, quantity: '2' }] })
    expect(await codeOf(cancelOrderRest(manager, full.order.id, { reason: 'x' }))).toBe('conflict')

    const gone = await order(dave, 'SH-MAIN', [['PK-3002', '1']])
    await cancelOrder(dave, gone.order.id, { reason: 'x' })
    expect(await codeOf(cancelOrderRest(manager, gone.order.id, { reason: 'x' }))).toBe('conflict')
  })

  it('to a role without orders.approve (403), a dealer of another organization (404), its own dealer (403), a supplier (404)', async () => {
    const { id } = await partlyShipped()
    for (const email of ['sales@acme.test', 'warehouse@acme.test', 'finance@acme.test']) expect(await codeOf(cancelOrderRest(await staff(email), id, { reason: 'x' })), email).toBe('forbidden')
    expect(await codeOf(cancelOrderRest(await dealer('dave@north.test'), id, { reason: 'x' }))).toBe('not_found')
    expect(await codeOf(cancelOrderRest(await dealer('erin@east.test'), id, { reason: 'x' }))).toBe('forbidden')
    expect(await codeOf(cancelOrderRest(await staff('alice@bright.test'), id, { reason: 'x' }))).toBe('not_found')
    const denied = await db().select({ action: auditLog.action, outcome: auditLog.outcome }).from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'sales_order.cancel_rest')))
    expect(denied.length).toBeGreaterThanOrEqual(4)
    expect((await orderRow(id)).status).toBe('partially_shipped')
    expect(await activeReservedOf(id)).toBeGreaterThan(0)
    // Refusals left it as it was: the manager still can.
    expect((await cancelOrderRest(await staff('sales.manager@acme.test'), id, { reason: 'x' })).status).toBe('shipped')
  })

  it('through the console page: 403 for sales without the permission; the manager closes it', async () => {
    const { id } = await partlyShipped()
    const page = await import('~/routes/console.orders.$id')
    const url = `/console/orders/${id}`
    const post = (fields: Record<string, string>) => ({ method: 'POST', body: new URLSearchParams(fields) })
    const sales = await staff('sales@acme.test')
    expect(await statusOf(() => page.action(routeArgs(sales, url, { id }, post({ intent: 'cancelRest', reason: 'x' }))))).toBe(403)
    const res = (await page.action(routeArgs(await staff('sales.manager@acme.test'), url, { id }, post({ intent: 'cancelRest', reason: 'Discontinued' })))) as Response
    expect(res.status).toBe(302)
    expect((await orderRow(id)).status).toBe('shipped')
  })
})

describe('a shipment and cancelling the rest at once', () => {
  it('never both take the same units', async () => {
    for (let round = 0; round < 4; round++) {
      const { wh, p, sz, id, line } = await partlyShipped()
      const reserved = (await linesOf(id))[0].reservedQty
      const { onHand: before } = (await balanceOf(p, sz))!
      // The manager first: an await among the racing calls would leave the shipment unobserved while it ran, and its
      // refusal landing then would be an unhandled rejection, failing the run.
      const manager = await staff('sales.manager@acme.test')
      const [ship, cancel] = await Promise.allSettled([
        shipOrder(wh, id, { carrier: 'SF', trackingNumber: `SF-RACE-${round}`, lines: [{ orderLineId: line.id, quantity: reserved }] }),
        cancelOrderRest(manager, id, { reason: 'Race' }),
      ])
      expect(cancel.status).toBe('fulfilled')
      const [l] = await linesOf(id)
      const shippedOut = await rawRows<{ q: string }>(
        db(),
        sql`select coalesce(sum(sl.quantity), 0)::text as q from ${shipmentLines} sl join ${shipments} s on s.id = sl.shipment_id where s.order_id = ${id}`,
      )
      // Every unit is shipped or cancelled, once; what left the shelf is what shipments record.
      expect(new D(l.shippedQty).plus(l.cancelledQty).eq(l.quantity)).toBe(true)
      expect(new D(shippedOut[0].q).eq(l.shippedQty)).toBe(true)
      expect(l.shippedQty).toBe(ship.status === 'fulfilled' ? new D(3).plus(reserved).toFixed() : '3')
      const { onHand, reserved: held } = (await balanceOf(p, sz))!
      expect(before - onHand).toBe(ship.status === 'fulfilled' ? Number(reserved) : 0)
      expect(held).toBe(0)
      expect((await orderRow(id)).status).toBe('shipped')
      // Put the stock back for the next round.
      if (ship.status === 'fulfilled') await addStock(wh, p, sz, reserved, 'Restock for the race')
    }
    expect(await lineIdentityBreaches()).toEqual([])
    expect(await ledgerBreaches()).toEqual([])
  })
})

describe('what cancelling the rest sets off', () => {
  it('gives the freed units to another dealer’s waiting order, and leaves a partly paid order owing what shipped less what was paid', async () => {
    const { erin, p, sz, id, line } = await partlyShipped()
    const dave = await dealer('dave@north.test')
    await limitOf(dave.orgId, '100000000.00')
    // Everything at SZ-SOUTH is Erin's: Dave's order waits for stock.
    const waiting = await order(dave, 'SZ-SOUTH', [['AS-4002', '4']])
    expect(await activeReservedOf(waiting.order.id)).toBe(0)
    const finance = await staff('finance@acme.test')
    await recordPayment(finance, id, { amount: '1.00' })

    await cancelOrderRest(await staff('sales.manager@acme.test'), id, { reason: 'Discontinued' })
    await expect.poll(() => activeReservedOf(waiting.order.id), { timeout: 3000 }).toBe(4)
    expect((await balanceOf(p, sz))!.reserved).toBe(4)

    const shippedValue = valueOf('3', line.unitPrice, line.taxRate)
    const row = await orderRow(id)
    expect([new D(row.total).toFixed(2), new D(row.paidTotal).toFixed(2)]).toEqual([shippedValue, '1.00'])
    const exposure = await dealerExposure(db(), erin.orgId)
    // The credit SQL and the pure rule agree on an order whose rest was cancelled, before and after it is paid up.
    expect(exposure).toEqual(await pureExposureOf(erin.orgId))
    // More than the rest of what shipped is refused; the rest settles it, and it leaves the live orders.
    const rest = new D(shippedValue).minus(1).toFixed(2)
    expect(await codeOf(recordPayment(finance, id, { amount: new D(rest).plus('0.01').toFixed(2) }))).not.toBe('ok')
    await recordPayment(finance, id, { amount: rest })
    expect(new D(exposure.receivables).minus((await dealerExposure(db(), erin.orgId)).receivables).toFixed(2)).toBe(rest)
    const [live] = await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from sales_orders where id = ${id} and paid_total < total`)
    expect(live.n).toBe(0)
    expect(await dealerExposure(db(), erin.orgId)).toEqual(await pureExposureOf(erin.orgId))
    expect(await lineIdentityBreaches()).toEqual([])
    // The next test starts from a shelf nobody holds.
    await cancelOrder(dave, waiting.order.id, { reason: 'Done' })
  })

  it('announces the order, its requisition and the stock after commit, and nothing for a refused cancel', async () => {
    const { id, p } = await partlyShipped()
    const requisitionId = (await requisitionOf(id))!.id
    const [eric, admin, dora] = [await hear('eric@east.test'), await hear('admin@acme.test'), await hear('dora@north.test')]
    const sentinel = async () => {
      // An order Eric's organization places: heard once everything sent before it was.
      const placed = await order(await dealer('erin@east.test'), 'SH-MAIN', [['MT-2001', '1']])
      await expect.poll(() => eric.some(([e, p]) => e === 'order:changed' && p.orderId === placed.order.id), { timeout: 3000 }).toBe(true)
      await expect.poll(() => admin.some(([e, p]) => e === 'order:changed' && p.orderId === placed.order.id), { timeout: 3000 }).toBe(true)
    }
    const about = (list: Array<[string, any]>) =>
      list.filter(([e, x]) => (e === 'order:changed' && x.orderId === id) || (e === 'requisition:changed' && x.requisitionId === requisitionId) || (e === 'stock:changed' && x.productIds.includes(p)))

    // Refused (no permission), nothing is said.
    expect(await codeOf(cancelOrderRest(await staff('sales@acme.test'), id, { reason: 'x' }))).toBe('forbidden')
    await sentinel()
    expect(about(eric)).toEqual([])
    expect(about(admin)).toEqual([])
    admin.splice(0)
    eric.splice(0)

    // Each announcement finds the order already closed: it was sent after the commit.
    const seen: Promise<string>[] = []
    const watch = (list: Array<[string, any]>) => {
      const push = list.push.bind(list)
      list.push = (...items) => {
        for (const [e, p] of items) if (e === 'order:changed' && p.orderId === id) seen.push(orderRow(id).then((r) => r.status))
        return push(...items)
      }
    }
    watch(eric)
    watch(admin)
    const done = await cancelOrderRest(await staff('sales.manager@acme.test'), id, { reason: 'Discontinued' })
    const expected = { orderId: id, number: done.number, status: 'shipped', version: done.version }
    await expect.poll(() => about(eric).length, { timeout: 3000 }).toBeGreaterThan(0)
    await expect.poll(() => ['order:changed', 'requisition:changed', 'stock:changed'].every((ev) => about(admin).some(([e]) => e === ev)), { timeout: 3000 }).toBe(true)
    expect(about(eric).filter(([e]) => e === 'order:changed')).toEqual([['order:changed', expected]])
    expect(admin.filter(([e, p]) => e === 'order:changed' && p.orderId === id)).toEqual([['order:changed', expected]])
    expect(await Promise.all(seen)).toEqual(['shipped', 'shipped'])

    // Refused again (nothing left to cancel): nothing more is said.
    admin.splice(0)
    eric.splice(0)
    expect(await codeOf(cancelOrderRest(await staff('sales.manager@acme.test'), id, { reason: 'again' }))).toBe('conflict')
    await sentinel()
    expect(about(eric)).toEqual([])
    expect(about(admin)).toEqual([])
    // Another dealer hears nothing of it.
    expect(dora.filter(([e, p]) => e === 'order:changed' && p.orderId === id)).toEqual([])
  })
})
