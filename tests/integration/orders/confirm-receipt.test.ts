// Proof of delivery: a user of the ordering dealer confirms that a shipment arrived, through the same
// command the warehouse marks deliveries with. The dealer reaches only its own organization's
// shipments; who confirmed is kept on the shipment and said in the audit row.
import { randomUUID } from 'node:crypto'
import { and, eq, gt, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { auditLog, shipments } from '~db/schema'
import type { StaffActor } from '~/auth/roles'
import { markShipmentDelivered } from '~/domain/orders/mark-delivered.server'
import { getOrderForDealer, getOrderForStaff } from '~/domain/orders/orders.queries.server'
import { pickOrder } from '~/domain/orders/pick-order.server'
import { shipOrder } from '~/domain/orders/ship-order.server'
import { DomainError } from '~/utils/errors'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { useSocketListeners } from '../realtime/socket-listeners'
import { dealer, linesOf, order, orderRow } from './helpers'

useTestDatabase({ seed: true })

const listen = useSocketListeners('order:changed')

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e) => (e instanceof DomainError ? e.code : String(e)),
  )

/** An order of `who`, picked and shipped by the warehouse: in full, or `partial` units of its first line. */
async function shippedOrder(email: string, sku: string, quantity: string, partial?: string) {
  const who = await dealer(email)
  const wh = await actorFor('warehouse@acme.test')
  const placed = await order(who, 'SH-MAIN', [[sku, quantity]])
  await pickOrder(wh, placed.order.id)
  const [line] = await linesOf(placed.order.id)
  const shipped = await shipOrder(wh, placed.order.id, { carrier: 'SF Express', trackingNumber: `SF-POD-${randomUUID().slice(0, 8)}`, lines: [{ orderLineId: line.id, quantity: partial ?? quantity }] })
  return { orderId: placed.order.id, number: placed.order.number, shipmentId: shipped.shipment.id, shipmentNumber: shipped.shipment.number }
}

async function shipmentRow(id: string) {
  const [s] = await db().select().from(shipments).where(eq(shipments.id, id))
  return s
}

/** Everything a confirmation could change: the shipment, the order, and the audit rows of the order. */
/** The shipment, the order and its audited steps (refused attempts on it are no steps). */
async function stateOf(o: { orderId: string; shipmentId: string }) {
  const [{ n }] = await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from audit_log where entity_id = ${o.orderId} and outcome = 'ok'`)
  const row = await orderRow(o.orderId)
  return { shipment: await shipmentRow(o.shipmentId), order: { status: row.status, version: row.version, updatedAt: row.updatedAt }, audit: n }
}

describe('a dealer confirms receipt of its own shipment', () => {
  it('marks the shipment delivered by that user, delivers the order when it was the last, audits it and tells both sides live', async () => {
    const o = await shippedOrder('dave@north.test', 'MT-2001', '3')
    const [dave, colleague, staff, erin] = await Promise.all(['dave@north.test', 'dora@north.test', 'warehouse@acme.test', 'erin@east.test'].map(listen))
    const dora = await dealer('dora@north.test')
    expect(dora.roles.has('dealer_user')).toBe(true)

    const done = await markShipmentDelivered(dora, o.shipmentId, { ip: '203.0.113.7' })
    expect(done).toMatchObject({ id: o.orderId, status: 'delivered', shipment: { id: o.shipmentId, number: o.shipmentNumber } })
    const s = await shipmentRow(o.shipmentId)
    expect(s.status).toBe('delivered')
    expect(s.deliveredBy).toBe(dora.userId)
    expect(s.deliveredAt).toBeInstanceOf(Date)
    expect((await orderRow(o.orderId)).status).toBe('delivered')

    const rows = await db().select().from(auditLog).where(and(eq(auditLog.entityId, o.orderId), eq(auditLog.action, 'shipment.delivered')))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ outcome: 'ok', actorUserId: dora.userId, actorKind: 'dealer', before: { status: 'shipped' }, after: { status: 'delivered', shipment: o.shipmentNumber, by: 'dealer' } })

    // (Only this step's event: the shipment's own may still be on its way when the sockets connect.)
    const changed = { orderId: o.orderId, number: o.number, status: 'delivered', version: done.version }
    const deliveredIn = (heard: unknown[]) => heard.filter((p) => (p as { status?: string }).status === 'delivered')
    await expect.poll(() => [dave, colleague, staff].map((h) => deliveredIn(h).length), { timeout: 3000 }).toEqual([1, 1, 1])
    expect(deliveredIn(dave)).toEqual([changed])
    expect(deliveredIn(staff)).toEqual([changed])
    await new Promise((r) => setTimeout(r, 200))
    expect(erin).toEqual([])

    // Both pages name who received it.
    const dealerView = await getOrderForDealer(await dealer('dave@north.test'), o.orderId)
    expect(dealerView!.shipments[0]).toMatchObject({ status: 'delivered', deliveredByName: 'Dora Qian 钱朵拉' })
    expect(dealerView!.shipments[0].deliveredAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    const staffView = await getOrderForStaff((await actorFor('sales.manager@acme.test')) as StaffActor, o.orderId)
    expect(staffView!.shipments[0]).toMatchObject({ status: 'delivered', deliveredByName: 'Dora Qian 钱朵拉' })
  })

  it('a second confirmation is a conflict and changes nothing', async () => {
    const o = await shippedOrder('dave@north.test', 'MT-2002', '2')
    const dave = await dealer('dave@north.test')
    await markShipmentDelivered(dave, o.shipmentId)
    const before = await stateOf(o)
    for (const who of [dave, await dealer('dora@north.test'), await actorFor('warehouse@acme.test')]) {
      const err = await markShipmentDelivered(who, o.shipmentId).catch((e) => e)
      expect(err).toBeInstanceOf(DomainError)
      expect(err).toMatchObject({ code: 'conflict', messageKey: 'orders:errors.alreadyDelivered' })
    }
    expect(await stateOf(o)).toEqual(before)
  })

  it('another dealer’s shipment, a malformed id, a supplier and a shipment of another order on the page are not found; nothing changes', async () => {
    const o = await shippedOrder('dave@north.test', 'MT-2003', '2')
    const other = await shippedOrder('dave@north.test', 'PK-3001', '2')
    const before = await stateOf(o)
    const otherBefore = await stateOf(other)
    const [{ n: lastBefore }] = await rawRows<{ n: number }>(db(), sql`select coalesce(max(id), 0)::int as n from audit_log`)
    const unknown = randomUUID()
    const dave = await dealer('dave@north.test')
    for (const email of ['erin@east.test', 'eric@east.test', 'frank@south.test']) {
      expect(await codeOf(markShipmentDelivered(await dealer(email), o.shipmentId)), email).toBe('not_found')
    }
    for (const email of ['alice@bright.test', 'amy@bright.test']) {
      expect(await codeOf(markShipmentDelivered(await actorFor(email), o.shipmentId)), email).toBe('not_found')
    }
    for (const id of ['not-a-uuid', "1' or '1'='1", unknown, o.orderId]) {
      expect(await codeOf(markShipmentDelivered(dave, id)), id).toBe('not_found')
    }
    // The page's order narrows it: its own shipment posted on the page of another of its orders is not found.
    expect(await codeOf(markShipmentDelivered(dave, other.shipmentId, {}, { orderId: o.orderId }))).toBe('not_found')
    expect(await codeOf(markShipmentDelivered(dave, o.shipmentId, {}, { orderId: 'not-a-uuid' }))).toBe('not_found')
    expect(await stateOf(o)).toEqual(before)
    expect(await stateOf(other)).toEqual(otherBefore)
    // Each dealer's attempt on an id answers like an unknown id and is on record as denied (an id that
    // is none names nothing); a supplier never gets this far through any page.
    const denied = await db()
      .select({ actorUserId: auditLog.actorUserId, action: auditLog.action, entityType: auditLog.entityType, entityId: auditLog.entityId, after: auditLog.after })
      .from(auditLog)
      .where(and(gt(auditLog.id, lastBefore), eq(auditLog.outcome, 'denied')))
      .orderBy(auditLog.id)
    const userOf = async (email: string) => (await dealer(email)).userId
    const row = (actorUserId: string, entityType: string, entityId: string, after: unknown = null) => ({ actorUserId, action: 'shipment.deliver', entityType, entityId, after })
    expect(denied).toEqual([
      row(await userOf('erin@east.test'), 'shipment', o.shipmentId),
      row(await userOf('eric@east.test'), 'shipment', o.shipmentId),
      row(await userOf('frank@south.test'), 'shipment', o.shipmentId),
      row(dave.userId, 'shipment', unknown),
      row(dave.userId, 'shipment', o.orderId),
      row(dave.userId, 'sales_order', o.orderId, { shipmentId: other.shipmentId }),
    ])
  })

  it('staff still need orders.fulfil, and a refusal still leaves a denied audit row', async () => {
    const o = await shippedOrder('erin@east.test', 'PK-3002', '4')
    const before = await stateOf(o)
    const sales = await actorFor('sales@acme.test')
    expect(await codeOf(markShipmentDelivered(sales, o.shipmentId))).toBe('forbidden')
    expect(await stateOf(o)).toEqual(before)
    const denied = await db().select().from(auditLog).where(and(eq(auditLog.actorUserId, sales.userId), eq(auditLog.action, 'shipment.deliver')))
    expect(denied).toHaveLength(1)
    expect(denied[0]).toMatchObject({ outcome: 'denied', after: { permission: 'orders.fulfil' } })
  })

  it('on a partially shipped order the confirmed shipment is delivered and the order stays partially shipped', async () => {
    const o = await shippedOrder('erin@east.test', 'EL-1001', '10', '4')
    expect((await orderRow(o.orderId)).status).toBe('partially_shipped')
    const erin = await dealer('erin@east.test')
    const done = await markShipmentDelivered(erin, o.shipmentId)
    expect(done.status).toBe('partially_shipped')
    expect(await shipmentRow(o.shipmentId)).toMatchObject({ status: 'delivered', deliveredBy: erin.userId })
    expect((await orderRow(o.orderId)).status).toBe('partially_shipped')
    const [row] = await db().select().from(auditLog).where(and(eq(auditLog.entityId, o.orderId), eq(auditLog.action, 'shipment.delivered')))
    expect(row.after).toEqual({ status: 'partially_shipped', shipment: o.shipmentNumber, by: 'dealer' })
  })
})

describe('the warehouse marks a delivery', () => {
  it('records the staff user too; the dealer sees when, but no staff name', async () => {
    const o = await shippedOrder('frank@south.test', 'PK-3004', '5')
    const wh = await actorFor('warehouse@acme.test')
    expect((await markShipmentDelivered(wh, o.shipmentId)).status).toBe('delivered')
    expect((await shipmentRow(o.shipmentId)).deliveredBy).toBe(wh.userId)
    const [row] = await db().select().from(auditLog).where(and(eq(auditLog.entityId, o.orderId), eq(auditLog.action, 'shipment.delivered')))
    expect(row.after).toMatchObject({ by: 'staff' })
    const staffView = await getOrderForStaff((await actorFor('sales.manager@acme.test')) as StaffActor, o.orderId)
    expect(staffView!.shipments[0].deliveredByName).toBe('杨帆 Yang Fan')
    const dealerView = await getOrderForDealer(await dealer('frank@south.test'), o.orderId)
    expect(dealerView!.shipments[0]).toMatchObject({ status: 'delivered', deliveredByName: null })
    expect(dealerView!.shipments[0].deliveredAt).toBeTruthy()
    expect(JSON.stringify(dealerView)).not.toMatch(/Yang Fan|acme\.test|deliveredBy"/)
  })
})
