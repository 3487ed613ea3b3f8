// S3 and "the audit log records denied attempts too": a partner who asks for one record by its id that
// is not theirs — another dealer's order (page, PDF, cancel, confirm receipt), channel-stock report,
// another organization's API key, an auction it is not invited to (room page and forms, HTTP API,
// socket join and bid) — gets the same 404 / NOT_FOUND as before, and a denied audit row names what
// was asked for, by whom, from where and for what. An unknown id is recorded alike (the time taken
// tells nothing); lists and what the partner may see write nothing.
import { randomUUID } from 'node:crypto'
import { and, asc, desc, eq, gt } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, channelStockReports, shipments } from '~db/schema'
import { authenticateApiKey, createApiKey } from '~/auth/api-keys.server'
import type { Actor } from '~/auth/roles'
import { installIo } from '~/realtime/publisher.server'
import * as auctionApi from '~/routes/api.v1.auctions.$id'
import * as bidApi from '~/routes/api.v1.auctions.$id_.bids'
import { actionTokenFor, actorFor, contextFor, tokenOf } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { runningAuction } from '../auction/helpers'
import { routeArgs, statusOf } from '../catalog/helpers'
import { dealer, linesOf, order } from '../orders/helpers'
import { connectClient, startSocketNode, type Client, type Node } from '../realtime/auction-socket-helpers'

useTestDatabase({ seed: true })

const orderPage = () => import('../../../portal-customer/routes/orders.$id')
const orderPdf = () => import('../../../portal-customer/routes/orders.$id.pdf')
const ordersList = () => import('../../../portal-customer/routes/orders')
const reportPage = () => import('../../../portal-customer/routes/channel-stock.$id')
const dealerKeys = () => import('../../../portal-customer/routes/api-keys')
const auctionRoom = () => import('../../../portal-supplier/routes/auctions.$id')

const post = (fields: Record<string, string>) => ({ method: 'POST', body: new URLSearchParams(fields) })

let mark = 0
/** Denied rows written since the last call, oldest first. */
async function deniedSince() {
  const rows = await db()
    .select({ id: auditLog.id, action: auditLog.action, entityType: auditLog.entityType, entityId: auditLog.entityId, actorUserId: auditLog.actorUserId, actorOrgId: auditLog.actorOrgId, actorKind: auditLog.actorKind, ip: auditLog.ip, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.outcome, 'denied'), gt(auditLog.id, mark)))
    .orderBy(asc(auditLog.id))
  const [last] = await db().select({ id: auditLog.id }).from(auditLog).orderBy(desc(auditLog.id)).limit(1)
  mark = last?.id ?? mark
  return rows.map(({ id: _id, ...r }) => r)
}

/** Placed, picked and shipped through the console page, as the warehouse does it. */
async function shippedOrderOf(who: Actor) {
  const placed = await order(who, 'SH-MAIN', [['PK-3002', '2']])
  const [line] = await linesOf(placed.order.id)
  const wh = await actorFor('warehouse@acme.test')
  const page = await import('~/routes/console.orders.$id')
  const url = `/console/orders/${placed.order.id}`
  await page.action(routeArgs(wh, url, { id: placed.order.id }, post({ intent: 'pick' })))
  await page.action(routeArgs(wh, url, { id: placed.order.id }, post({ intent: 'ship', carrier: 'YTO', trackingNumber: `YTO-${placed.order.number}`, 'lines[0].orderLineId': line.id, 'lines[0].quantity': '2' })))
  return placed.order
}

const by = (actor: Actor, kind: string = actor.kind) => ({ actorUserId: actor.userId, actorOrgId: actor.orgId, actorKind: kind, ip: '127.0.0.1' })

describe('a dealer asking for another dealer’s order', () => {
  it('gets 404 on the page, the PDF, cancel and confirm receipt, each leaving a denied row; its own order and its list leave none', async () => {
    const erin = await dealer('erin@east.test')
    const dave = await dealer('dave@north.test')
    // A shipped order of North's: East tries to open it, print it, cancel it and confirm its receipt.
    const shipped = await shippedOrderOf(dave)
    const [shipment] = await db().select({ id: shipments.id }).from(shipments).where(eq(shipments.orderId, shipped.id))
    const unknown = randomUUID()
    const url = `/dealer/orders/${shipped.id}`
    const params = { id: shipped.id }
    await deniedSince()

    const page = await orderPage()
    expect(await statusOf(() => page.loader(routeArgs(erin, url, params)))).toBe(404)
    expect(await statusOf(async () => (await orderPdf()).loader(routeArgs(erin, `${url}/pdf`, params)))).toBe(404)
    expect(await statusOf(() => page.action(routeArgs(erin, url, params, post({ intent: 'cancel', reason: 'mine now' }))))).toBe(404)
    expect(await statusOf(() => page.action(routeArgs(erin, url, params, post({ intent: 'deliver', shipmentId: shipment.id }))))).toBe(404)
    // An id nobody has: the same answer, the same row.
    expect(await statusOf(() => page.loader(routeArgs(erin, `/dealer/orders/${unknown}`, { id: unknown })))).toBe(404)
    expect(await deniedSince()).toEqual([
      { action: 'sales_order.view', entityType: 'sales_order', entityId: shipped.id, after: null, ...by(erin) },
      { action: 'sales_order.exported', entityType: 'sales_order', entityId: shipped.id, after: null, ...by(erin) },
      { action: 'sales_order.cancel', entityType: 'sales_order', entityId: shipped.id, after: null, ...by(erin) },
      { action: 'shipment.deliver', entityType: 'sales_order', entityId: shipped.id, after: { shipmentId: shipment.id }, ...by(erin) },
      { action: 'sales_order.view', entityType: 'sales_order', entityId: unknown, after: null, ...by(erin) },
    ])
    // Nothing changed on North's order.
    expect((await db().select({ status: shipments.status }).from(shipments).where(eq(shipments.id, shipment.id)))[0].status).toBe('shipped')

    // Its own order, and a search of its list for North's number, are no attempts on anyone's.
    const own = await order(erin, 'SH-MAIN', [['MT-2001', '1']])
    expect(await statusOf(() => page.loader(routeArgs(erin, `/dealer/orders/${own.order.id}`, { id: own.order.id })))).toBe(200)
    const list: any = await (await ordersList()).loader(routeArgs(erin, `/dealer/orders?q=${shipped.number}`))
    expect(list.rows).toEqual([])
    // A malformed id names no record.
    expect(await statusOf(() => page.loader(routeArgs(erin, '/dealer/orders/x', { id: 'x' })))).toBe(404)
    expect(await deniedSince()).toEqual([])
    // And North itself opens it without a trace of a refusal.
    expect(await statusOf(() => page.loader(routeArgs(dave, url, params)))).toBe(200)
    expect(await deniedSince()).toEqual([])
  })
})

describe('a dealer asking for another dealer’s channel-stock report', () => {
  it('gets 404 and leaves a denied row', async () => {
    const dave = await dealer('dave@north.test')
    const erin = await dealer('erin@east.test')
    const [report] = await db().select({ id: channelStockReports.id }).from(channelStockReports).where(eq(channelStockReports.dealerOrgId, erin.orgId)).limit(1)
    await deniedSince()
    expect(await statusOf(async () => (await reportPage()).loader(routeArgs(dave, `/dealer/channel-stock/${report.id}`, { id: report.id })))).toBe(404)
    expect(await deniedSince()).toEqual([{ action: 'channel.report.view', entityType: 'channel_stock_report', entityId: report.id, after: null, ...by(dave) }])
    expect(await statusOf(async () => (await reportPage()).loader(routeArgs(erin, `/dealer/channel-stock/${report.id}`, { id: report.id })))).toBe(200)
    expect(await deniedSince()).toEqual([])
  })
})

describe('an admin revoking another organization’s API key', () => {
  it('gets 404, the key stays live, and a denied row names the key', async () => {
    const alice = await actorFor('alice@bright.test')
    const dave = await actorFor('dave@north.test')
    const { key, token } = await createApiKey(alice, { intent: 'create', name: 'Bright ERP', scopes: ['auctions:read'], expiry: 'never' }, { ip: '127.0.0.1' })
    await deniedSince()
    const keys = await dealerKeys()
    expect(await statusOf(() => keys.action(routeArgs(dave, '/dealer/api-keys', {}, post({ intent: 'revoke', keyId: key.id }))))).toBe(404)
    expect(await authenticateApiKey(token)).not.toBeNull()
    expect(await deniedSince()).toEqual([{ action: 'api_key.revoke', entityType: 'api_key', entityId: key.id, after: null, ...by(dave) }])
  })
})

describe('a supplier asking for an auction it is not invited to', () => {
  let node: Node
  const clients: Client[] = []
  let auctionId: string
  beforeAll(async () => {
    node = await startSocketNode()
    // Bright is not invited.
    auctionId = await runningAuction(await actorFor('buyer@acme.test'), { participants: ['SUP-PRECISION', 'SUP-NINGBO'] })
  })
  afterAll(async () => {
    for (const c of clients.splice(0)) c.socket.close()
    await node.close()
    installIo(undefined)
  })

  it('gets 404 on the room page and its bid form, each leaving a denied row', async () => {
    const alice = await actorFor('alice@bright.test')
    const room = await auctionRoom()
    const url = `/supplier/auctions/${auctionId}`
    await deniedSince()
    expect(await statusOf(() => room.loader(routeArgs(alice, url, { id: auctionId })))).toBe(404)
    expect(await statusOf(() => room.action(routeArgs(alice, url, { id: auctionId }, post({ intent: 'bid', amount: '9000.00', clientBidId: randomUUID() }))))).toBe(404)
    expect(await statusOf(() => room.action(routeArgs(alice, url, { id: auctionId }, post({ intent: 'accept-terms' }))))).toBe(404)
    expect(await deniedSince()).toEqual([
      { action: 'auction.view', entityType: 'auction', entityId: auctionId, after: null, ...by(alice) },
      { action: 'auction.bid', entityType: 'auction', entityId: auctionId, after: null, ...by(alice) },
      { action: 'auction.terms.accept', entityType: 'auction', entityId: auctionId, after: null, ...by(alice) },
    ])
    // The invited supplier's room leaves nothing.
    const bob = await actorFor('bob@precision.test')
    expect(await statusOf(() => room.loader(routeArgs(bob, url, { id: auctionId })))).toBe(200)
    expect(await deniedSince()).toEqual([])
  })

  it('gets 404 from the HTTP API, by session or by key, each leaving a denied row', async () => {
    const alice = await actorFor('alice@bright.test')
    const { token } = await createApiKey(alice, { intent: 'create', name: 'Bright bidder', scopes: ['auctions:read', 'auctions:bid'], expiry: 'never' }, { ip: '127.0.0.1' })
    const keyActor = (await authenticateApiKey(token))!
    await deniedSince()
    const get = async (actor: Actor) => (await auctionApi.loader({ request: new Request(`http://localhost/api/v1/auctions/${auctionId}`), context: contextFor(actor), params: { id: auctionId } } as any)) as Response
    const bid = async (actor: Actor) => {
      const token = actionTokenFor(actor)
      const request = new Request(`http://localhost/api/v1/auctions/${auctionId}/bids`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...(token ? { 'x-action-token': token } : {}) },
        body: JSON.stringify({ amount: '9000.00' }),
      })
      return (await bidApi.action({ request, context: contextFor(actor), params: { id: auctionId } } as any)) as Response
    }
    for (const actor of [alice, keyActor]) {
      const read = await get(actor)
      expect(read.status).toBe(404)
      expect(await read.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
      const placed = await bid(actor)
      expect(placed.status).toBe(404)
      expect(await placed.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    }
    expect(await deniedSince()).toEqual([
      { action: 'auction.view', entityType: 'auction', entityId: auctionId, after: null, ...by(alice) },
      { action: 'auction.bid', entityType: 'auction', entityId: auctionId, after: null, ...by(alice) },
      { action: 'auction.view', entityType: 'auction', entityId: auctionId, after: null, ...by(alice, 'supplier_api_key') },
      { action: 'auction.bid', entityType: 'auction', entityId: auctionId, after: null, ...by(alice, 'supplier_api_key') },
    ])
  })

  it('is refused NOT_FOUND on the socket’s join and bid, each leaving a denied row; an invited join leaves none', async () => {
    const alice = await actorFor('alice@bright.test')
    const bob = await actorFor('bob@precision.test')
    const a = await connectClient(node.port, tokenOf(alice))
    const b = await connectClient(node.port, tokenOf(bob))
    clients.push(a, b)
    await deniedSince()
    expect(await a.ack('auction:join', { auctionId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await a.ack('auction:bid', { auctionId, amount: '9000.00', clientBidId: randomUUID() })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const actions = (await deniedSince()).map((r) => {
      expect(r).toMatchObject({ entityType: 'auction', entityId: auctionId, actorUserId: alice.userId, actorKind: 'supplier' })
      expect(r.ip).toMatch(/127\.0\.0\.1/)
      return r.action
    })
    expect(actions).toEqual(['auction.join', 'auction.bid'])
    expect(await b.ack('auction:join', { auctionId })).toMatchObject({ ok: true })
    expect(await deniedSince()).toEqual([])
  })
})
