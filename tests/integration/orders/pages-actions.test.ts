import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, salesOrders, shipmentLines, shipments } from '~db/schema'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { payload, routeArgs, statusOf } from '../catalog/helpers'
import { activeReservedOf, dealer, linesOf, order, orderRow } from './helpers'

useTestDatabase({ seed: true })

const consoleOrder = () => import('~/routes/console.orders.$id')
const approvals = () => import('~/routes/console.approvals')
const dealerOrder = () => import('../../../portal-customer/routes/orders.$id')
const post = (fields: Record<string, string>) => ({ method: 'POST', body: new URLSearchParams(fields) })

describe('console order page actions', () => {
  it('the warehouse picks and ships part of an order; lines left at 0 wait for a later shipment', async () => {
    const dave = await dealer('dave@north.test')
    const placed = await order(dave, 'SH-MAIN', [['MT-2001', '10'], ['PK-3001', '4']])
    const wh = await actorFor('warehouse@acme.test')
    const page = await consoleOrder()
    const url = `/console/orders/${placed.order.id}`
    const params = { id: placed.order.id }
    const picked = (await page.action(routeArgs(wh, url, params, post({ intent: 'pick' })))) as Response
    expect(picked.status).toBe(302)
    const lines = (await linesOf(placed.order.id)).sort((a, b) => a.position - b.position)
    // An extra field is refused and ships nothing.
    const refused = await page.action(
      routeArgs(wh, url, params, post({ intent: 'ship', carrier: 'SF', trackingNumber: 'T-1', 'lines[0].orderLineId': lines[0].id, 'lines[0].quantity': '3', status: 'delivered' })),
    )
    expect(await statusOf(async () => refused)).toBe(400)
    expect(await db().select().from(shipments).where(eq(shipments.orderId, placed.order.id))).toHaveLength(0)

    const shipped = (await page.action(
      routeArgs(
        wh,
        url,
        params,
        post({
          intent: 'ship',
          carrier: 'SF Express',
          trackingNumber: 'SF-PAGES-1',
          'lines[0].orderLineId': lines[0].id,
          'lines[0].quantity': '3',
          'lines[1].orderLineId': lines[1].id,
          'lines[1].quantity': '0',
        }),
      ),
    )) as Response
    expect(shipped.status).toBe(302)
    const [s] = await db().select().from(shipments).where(eq(shipments.orderId, placed.order.id))
    expect(s).toMatchObject({ carrier: 'SF Express', trackingNumber: 'SF-PAGES-1' })
    const sl = await db().select().from(shipmentLines).where(eq(shipmentLines.shipmentId, s.id))
    expect(sl.map((l) => [l.orderLineId, Number(l.quantity)])).toEqual([[lines[0].id, 3]])
    expect((await orderRow(placed.order.id)).status).toBe('partially_shipped')
    expect(await activeReservedOf(placed.order.id)).toBe(7 + 4)

    // The dealer's page shows the shipment with its tracking number and per-line progress.
    const view: any = await (await dealerOrder()).loader(routeArgs(dave, `/dealer/orders/${placed.order.id}`, params))
    expect(view.order.shipments[0].trackingNumber).toBe('SF-PAGES-1')
    expect(view.order.lines.map((l: any) => [l.sku, l.reserved, l.shipped])).toEqual([
      ['MT-2001', '7', '3'],
      ['PK-3001', '4', '0'],
    ])
  })

  it('marks only a shipment of the order on the page delivered; another order’s shipment id is not found', async () => {
    const dave = await dealer('dave@north.test')
    const wh = await actorFor('warehouse@acme.test')
    const a = await order(dave, 'SH-MAIN', [['MT-2002', '2']])
    const b = await order(dave, 'SH-MAIN', [['MT-2003', '2']])
    const page = await consoleOrder()
    for (const o of [a, b]) {
      const lines = await linesOf(o.order.id)
      await page.action(routeArgs(wh, `/console/orders/${o.order.id}`, { id: o.order.id }, post({ intent: 'pick' })))
      await page.action(
        routeArgs(wh, `/console/orders/${o.order.id}`, { id: o.order.id }, post({ intent: 'ship', carrier: 'ZTO', trackingNumber: `ZTO-${o.order.number}`, 'lines[0].orderLineId': lines[0].id, 'lines[0].quantity': '2' })),
      )
    }
    const [shipB] = await db().select().from(shipments).where(eq(shipments.orderId, b.order.id))
    const wrong = await statusOf(() => page.action(routeArgs(wh, `/console/orders/${a.order.id}`, { id: a.order.id }, post({ intent: 'deliver', shipmentId: shipB.id }))))
    expect(wrong).toBe(404)
    expect((await db().select().from(shipments).where(eq(shipments.id, shipB.id)))[0].status).toBe('shipped')
    const right = (await page.action(routeArgs(wh, `/console/orders/${b.order.id}`, { id: b.order.id }, post({ intent: 'deliver', shipmentId: shipB.id })))) as Response
    expect(right.status).toBe(302)
    expect((await orderRow(b.order.id)).status).toBe('delivered')
  })

  it('a refused step answers at its own form with a localized message and changes nothing', async () => {
    const dave = await dealer('dave@north.test')
    const placed = await order(dave, 'SH-MAIN', [['MT-2004', '1']])
    const wh = await actorFor('warehouse@acme.test')
    const page = await consoleOrder()
    const before = await orderRow(placed.order.id)
    // Shipping before picking is not allowed in this status.
    const lines = await linesOf(placed.order.id)
    const res = await page.action(
      routeArgs(wh, `/console/orders/${placed.order.id}`, { id: placed.order.id }, post({ intent: 'ship', carrier: 'SF', trackingNumber: 'X', 'lines[0].orderLineId': lines[0].id, 'lines[0].quantity': '1' })),
    )
    expect(await statusOf(async () => res)).toBe(409)
    expect(payload(res)).toMatchObject({ intent: 'ship', submission: { error: { '': ['orders:errors.notAllowed.ship'] } } })
    expect(await orderRow(placed.order.id)).toEqual(before)
  })
  it('reads a ship quantity as the shared reader does: 1,000 is a thousand (more than reserved), 1,5 is no number', async () => {
    const dave = await dealer('dave@north.test')
    const placed = await order(dave, 'SH-MAIN', [['MT-2002', '10']])
    const wh = await actorFor('warehouse@acme.test')
    const page = await consoleOrder()
    const url = `/console/orders/${placed.order.id}`
    const params = { id: placed.order.id }
    await page.action(routeArgs(wh, url, params, post({ intent: 'pick' })))
    const [line] = await linesOf(placed.order.id)
    const ship = (quantity: string) => page.action(routeArgs(wh, url, params, post({ intent: 'ship', carrier: 'SF', trackingNumber: 'SF-QTY', 'lines[0].orderLineId': line.id, 'lines[0].quantity': quantity })))
    const thousand = await ship('1,000')
    expect(JSON.stringify(payload(thousand))).toMatch(/orders:errors\.shipMoreThanReserved/)
    const comma = await ship('1,5')
    expect(payload(comma)).toMatchObject({ intent: 'ship', submission: { error: { 'lines[0].quantity': ['errors:number.invalid'] } } })
    expect(await db().select().from(shipments).where(eq(shipments.orderId, placed.order.id))).toHaveLength(0)
  })
  it('a ship line asking too much answers beside its own field when a line before it was left at 0', async () => {
    const dave = await dealer('dave@north.test')
    const placed = await order(dave, 'SH-MAIN', [['MT-2001', '5'], ['PK-3001', '4']])
    const wh = await actorFor('warehouse@acme.test')
    const page = await consoleOrder()
    const url = `/console/orders/${placed.order.id}`
    const params = { id: placed.order.id }
    await page.action(routeArgs(wh, url, params, post({ intent: 'pick' })))
    const lines = (await linesOf(placed.order.id)).sort((a, b) => a.position - b.position)
    expect(lines.map((l) => Number(l.reservedQty))).toEqual([5, 4])
    // Line 0 is dropped before the command sees the body, so the command names the second line lines[0]: the page must name it lines[1].
    const res = await page.action(
      routeArgs(
        wh,
        url,
        params,
        post({
          intent: 'ship',
          carrier: 'SF',
          trackingNumber: 'SF-RENAME',
          'lines[0].orderLineId': lines[0].id,
          'lines[0].quantity': '0',
          'lines[1].orderLineId': lines[1].id,
          'lines[1].quantity': '9',
        }),
      ),
    )
    const error = (payload(res) as any).submission.error as Record<string, string[]>
    expect(error['lines[1].quantity']).toEqual([expect.stringMatching(/^orders:errors\.shipMoreThanReserved\b.*PK-3001/)])
    expect(error['lines[0].quantity']).toBeUndefined()
    expect(await db().select().from(shipments).where(eq(shipments.orderId, placed.order.id))).toHaveLength(0)
  })
  it("an intent named like a property every object inherits (constructor, __proto__) is an unknown intent: 400, not a crash", async () => {
    const dave = await dealer('dave@north.test')
    const placed = await order(dave, 'SH-MAIN', [['MT-2004', '1']])
    const sales = await actorFor('sales@acme.test')
    const page = await consoleOrder()
    const before = await orderRow(placed.order.id)
    for (const intent of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'nonsense']) {
      const res = await page.action(routeArgs(sales, `/console/orders/${placed.order.id}`, { id: placed.order.id }, post({ intent })))
      expect(await statusOf(async () => res), intent).toBe(400)
      expect(payload(res), intent).toMatchObject({ submission: { error: { '': ['errors:bad_input'] } } })
    }
    expect(await orderRow(placed.order.id)).toEqual(before)
  })
})

describe('approval inbox and dealer cancel', () => {
  it('the sales manager approves inline; the order leaves the inbox and the decision is audited', async () => {
    const frank = await dealer('frank@south.test')
    const placed = await order(frank, 'SH-MAIN', [['EL-1004', '300']])
    expect((await orderRow(placed.order.id)).status).toBe('submitted')
    const manager = await actorFor('sales.manager@acme.test')
    const inbox = await approvals()
    const before: any = await inbox.loader(routeArgs(manager, '/console/approvals'))
    expect(before.rows.map((r: any) => r.number)).toContain(placed.order.number)
    expect(before.rows.find((r: any) => r.number === placed.order.number).credit.overLimit).toBe(true)
    // An unknown field next to the note is refused.
    expect(await statusOf(() => inbox.action(routeArgs(manager, '/console/approvals', {}, post({ intent: 'approve', orderId: placed.order.id, text: 'ok', status: 'delivered' }))))).toBe(400)
    const res: any = await inbox.action(routeArgs(manager, '/console/approvals', {}, post({ intent: 'approve', orderId: placed.order.id, text: 'Known customer' })))
    expect(res.data).toMatchObject({ intent: 'approve', done: placed.order.number })
    expect((await orderRow(placed.order.id)).status).not.toBe('submitted')
    const after: any = await inbox.loader(routeArgs(manager, '/console/approvals'))
    expect(after.rows.map((r: any) => r.number)).not.toContain(placed.order.number)
    const audit = await db().select().from(auditLog).where(eq(auditLog.entityId, placed.order.id))
    expect(audit.map((a) => a.action)).toContain('sales_order.approved')
  })

  it('a dealer cancels its own order from the order page, which releases the reservation', async () => {
    const erin = await dealer('erin@east.test')
    const placed = await order(erin, 'SH-MAIN', [['PK-3002', '5']])
    const page = await dealerOrder()
    const params = { id: placed.order.id }
    const empty = await page.action(routeArgs(erin, `/dealer/orders/${placed.order.id}`, params, post({ intent: 'cancel', reason: '' })))
    expect(await statusOf(async () => empty)).toBe(400)
    const res = (await page.action(routeArgs(erin, `/dealer/orders/${placed.order.id}`, params, post({ intent: 'cancel', reason: 'Ordered twice' })))) as Response
    expect(res.status).toBe(302)
    const [row] = await db().select({ status: salesOrders.status, reason: salesOrders.cancelReason }).from(salesOrders).where(eq(salesOrders.id, placed.order.id))
    expect(row).toEqual({ status: 'cancelled', reason: 'Ordered twice' })
    expect(await activeReservedOf(placed.order.id)).toBe(0)
  })
})

describe('dealer confirms receipt on the order page', () => {
  /** A one-line order of dave's, picked and shipped in full from the console page; answers the order and its shipment. */
  async function shipped(sku: string) {
    const dave = await dealer('dave@north.test')
    const wh = await actorFor('warehouse@acme.test')
    const placed = await order(dave, 'SH-MAIN', [[sku, '2']])
    const [line] = await linesOf(placed.order.id)
    const page = await consoleOrder()
    const url = `/console/orders/${placed.order.id}`
    await page.action(routeArgs(wh, url, { id: placed.order.id }, post({ intent: 'pick' })))
    await page.action(routeArgs(wh, url, { id: placed.order.id }, post({ intent: 'ship', carrier: 'YTO', trackingNumber: `YTO-${placed.order.number}`, 'lines[0].orderLineId': line.id, 'lines[0].quantity': '2' })))
    const [s] = await db().select().from(shipments).where(eq(shipments.orderId, placed.order.id))
    return { id: placed.order.id, shipment: s }
  }
  const shipmentOf = async (id: string) => (await db().select().from(shipments).where(eq(shipments.id, id)))[0]

  it('the dealer’s user confirms a shipment of its order; the page shows it received by that user, and the console too', async () => {
    const o = await shipped('PK-3001')
    const dora = await actorFor('dora@north.test')
    const page = await dealerOrder()
    const url = `/dealer/orders/${o.id}`
    const before: any = await page.loader(routeArgs(dora, url, { id: o.id }))
    expect(before.order.shipments).toMatchObject([{ id: o.shipment.id, status: 'shipped', deliveredAt: null, deliveredByName: null }])
    const res = (await page.action(routeArgs(dora, url, { id: o.id }, post({ intent: 'deliver', shipmentId: o.shipment.id })))) as Response
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(url)
    expect(await shipmentOf(o.shipment.id)).toMatchObject({ status: 'delivered', deliveredBy: dora.userId })
    expect((await orderRow(o.id)).status).toBe('delivered')
    const after: any = await page.loader(routeArgs(dora, url, { id: o.id }))
    expect(after.order.status).toBe('delivered')
    expect(after.order.shipments).toMatchObject([{ status: 'delivered', deliveredByName: 'Dora Qian 钱朵拉' }])
    const consoleView: any = await (await consoleOrder()).loader(routeArgs(await actorFor('warehouse@acme.test'), `/console/orders/${o.id}`, { id: o.id }))
    expect(consoleView.order.shipments).toMatchObject([{ status: 'delivered', deliveredByName: 'Dora Qian 钱朵拉' }])
    expect(consoleView.order.audit.find((a: any) => a.action === 'shipment.delivered')).toMatchObject({ actorKind: 'dealer', after: { by: 'dealer' } })
    // Confirming again answers at the shipments with the localized conflict, and changes nothing.
    const again = await page.action(routeArgs(dora, url, { id: o.id }, post({ intent: 'deliver', shipmentId: o.shipment.id })))
    expect(await statusOf(async () => again)).toBe(409)
    expect(payload(again)).toMatchObject({ intent: 'deliver', submission: { error: { '': ['orders:errors.alreadyDelivered'] } } })
  })

  it('refuses extra fields and a bad id with 400, and another dealer’s or another order’s shipment with 404; nothing changes', async () => {
    const o = await shipped('PK-3002')
    const other = await shipped('MT-2004')
    const dave = await actorFor('dave@north.test')
    const page = await dealerOrder()
    const url = `/dealer/orders/${o.id}`
    const params = { id: o.id }
    const unchanged = async () => {
      expect(await shipmentOf(o.shipment.id)).toMatchObject({ status: 'shipped', deliveredBy: null, deliveredAt: null })
      expect(await shipmentOf(other.shipment.id)).toMatchObject({ status: 'shipped', deliveredBy: null })
      expect((await orderRow(o.id)).status).toBe('shipped')
    }
    const extras: Array<Record<string, string>> = [{ status: 'delivered' }, { deliveredBy: dave.userId }, { dealerOrgId: dave.orgId }, { deliveredAt: '2026-01-01T00:00:00Z' }]
    for (const extra of extras) {
      const res = await page.action(routeArgs(dave, url, params, post({ intent: 'deliver', shipmentId: o.shipment.id, ...extra })))
      expect(await statusOf(async () => res), JSON.stringify(extra)).toBe(400)
      expect(JSON.stringify(payload(res))).toMatch(/unknownField/)
    }
    const bads: Array<Record<string, string>> = [{}, { shipmentId: '' }, { shipmentId: 'not-a-uuid' }]
    for (const bad of bads) {
      expect(await statusOf(() => page.action(routeArgs(dave, url, params, post({ intent: 'deliver', ...bad })))), JSON.stringify(bad)).toBe(400)
    }
    await unchanged()
    // dave's own shipment of another order, posted on this order's page.
    expect(await statusOf(() => page.action(routeArgs(dave, url, params, post({ intent: 'deliver', shipmentId: other.shipment.id }))))).toBe(404)
    // Other dealers, on dave's order page or on a made-up one.
    for (const email of ['erin@east.test', 'frank@south.test']) {
      const b = await actorFor(email)
      expect(await statusOf(() => page.action(routeArgs(b, url, params, post({ intent: 'deliver', shipmentId: o.shipment.id })))), email).toBe(404)
      expect(await statusOf(() => page.action(routeArgs(b, '/dealer/orders/x', { id: '00000000-0000-4000-8000-000000000000' }, post({ intent: 'deliver', shipmentId: o.shipment.id })))), email).toBe(404)
    }
    // A supplier never reaches the dealer portal.
    const alice = await actorFor('alice@bright.test')
    expect(await statusOf(() => page.action(routeArgs(alice, url, params, post({ intent: 'deliver', shipmentId: o.shipment.id }))))).toBe(403)
    await unchanged()
  })
})
