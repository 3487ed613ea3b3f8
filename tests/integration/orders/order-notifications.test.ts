// The bells of an order's people: an order held over credit reaches those who may approve it; the
// host's decisions (approve, reject, cancel) and each shipment reach every active user of the
// ordering dealer, and nobody else; a shortfall's requisition reaches the buyers. Written with the
// command, so they exist once it returns.
import { and, eq, inArray } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { notifications, organizations, users } from '~db/schema'
import { approveOrder } from '~/domain/orders/approve-order.server'
import { cancelOrder } from '~/domain/orders/cancel-order.server'
import { pickOrder } from '~/domain/orders/pick-order.server'
import { rejectOrder } from '~/domain/orders/reject-order.server'
import { shipOrder } from '~/domain/orders/ship-order.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { dealer, linesOf, order, requisitionOf, setCreditLimit } from './helpers'

useTestDatabase({ seed: true })

/** Who got a notification of this kind about this order (by e-mail), with its params. */
async function told(kind: string, link: string) {
  const rows = await db()
    .select({ email: users.email, params: notifications.params })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(eq(notifications.kind, kind), eq(notifications.link, link)))
  return { emails: rows.map((r) => r.email).sort(), params: rows[0]?.params as Record<string, string> | undefined }
}

async function activeEmailsOf(orgCode: string) {
  const rows = await db()
    .select({ email: users.email })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(organizations.code, orgCode), eq(users.status, 'active')))
  return rows.map((r) => r.email).sort()
}

async function everyKindAbout(link: string) {
  return (await db().select({ kind: notifications.kind }).from(notifications).where(eq(notifications.link, link))).map((r) => r.kind).sort()
}

describe('order notifications', () => {
  it('tell the approvers of an order held over credit, then the dealer of the approval and of each shipment', async () => {
    await setCreditLimit('DLR-SOUTH', '0') // a zero limit holds every order
    const frank = await dealer('frank@south.test')
    const held = await order(frank, 'SH-MAIN', [['MT-2001', '2']])
    expect(held.order.status).toBe('submitted')
    const consoleLink = `/console/orders/${held.order.id}`
    const dealerLink = `/dealer/orders/${held.order.id}`

    // Sales managers and admins may approve; plain sales staff and the dealer are not told.
    const waiting = await told('order.awaitingApproval', consoleLink)
    expect(waiting.emails).toEqual(['admin@acme.test', 'sales.manager@acme.test'])
    // The order only: the bell travels with every page its reader opens, the order page says whose it is.
    expect(waiting.params).toEqual({ number: held.order.number })
    expect(await everyKindAbout(dealerLink)).toEqual([])

    await approveOrder(await actorFor('sales.manager@acme.test'), held.order.id)
    const southUsers = await activeEmailsOf('DLR-SOUTH')
    expect(southUsers.length).toBeGreaterThan(1)
    expect((await told('order.approved', dealerLink)).emails).toEqual(southUsers)

    const warehouse = await actorFor('warehouse@acme.test')
    await pickOrder(warehouse, held.order.id)
    const [line] = await linesOf(held.order.id)
    const shipped = await shipOrder(warehouse, held.order.id, { carrier: 'SF Express', trackingNumber: 'SF-NOTE-1', lines: [{ orderLineId: line.id, quantity: '2' }] })
    const shipNotice = await told('order.shipped', dealerLink)
    expect(shipNotice.emails).toEqual(southUsers)
    expect(shipNotice.params).toEqual({ number: held.order.number, shipment: shipped.shipment.number, carrier: 'SF Express', trackingNumber: 'SF-NOTE-1' })

    // Nothing about this order reached another dealer's or a supplier's users.
    const outsiders = await db()
      .select({ id: users.id })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(inArray(organizations.code, ['DLR-NORTH', 'DLR-EAST', 'SUP-BRIGHT']))
    const leaked = await db()
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(inArray(notifications.userId, outsiders.map((u) => u.id)), inArray(notifications.link, [consoleLink, dealerLink])))
    expect(leaked).toEqual([])
  })

  it('tell the dealer why the host rejected or cancelled its order, but not of its own cancellation', async () => {
    await setCreditLimit('DLR-EAST', '0')
    const erin = await dealer('erin@east.test')
    const manager = await actorFor('sales.manager@acme.test')

    const rejected = await order(erin, 'SH-MAIN', [['MT-2001', '1']])
    await rejectOrder(manager, rejected.order.id, { reason: 'Overdue invoices' })
    const rejection = await told('order.rejected', `/dealer/orders/${rejected.order.id}`)
    expect(rejection.emails).toEqual(await activeEmailsOf('DLR-EAST'))
    expect(rejection.params).toEqual({ number: rejected.order.number, reason: 'Overdue invoices' })

    await setCreditLimit('DLR-EAST', '100000000.00')
    const byHost = await order(erin, 'SH-MAIN', [['MT-2001', '1']])
    await cancelOrder(manager, byHost.order.id, { reason: 'Discontinued' })
    expect((await told('order.cancelled', `/dealer/orders/${byHost.order.id}`)).params).toEqual({ number: byHost.order.number, reason: 'Discontinued' })

    const byDealer = await order(erin, 'SH-MAIN', [['MT-2001', '1']])
    await cancelOrder(erin, byDealer.order.id, { reason: 'Ordered twice' })
    expect(await everyKindAbout(`/dealer/orders/${byDealer.order.id}`)).toEqual([])
  })

  it('tell the buyers of the requisition a shortfall raises, and nobody when the stock covers the order', async () => {
    const dave = await dealer('dave@north.test')
    const covered = await order(dave, 'SH-MAIN', [['AS-4003', '4']])
    expect(await requisitionOf(covered.order.id)).toBeNull()
    expect(await db().select({ id: notifications.id }).from(notifications).where(eq(notifications.kind, 'requisition.raised'))).toEqual([])

    const short = await order(dave, 'SH-MAIN', [['AS-4003', '9']])
    const req = (await requisitionOf(short.order.id))!
    const raised = await told('requisition.raised', `/console/requisitions/${req.id}`)
    // Those who buy; not sales, warehouse, finance or the dealer.
    expect(raised.emails).toEqual(['admin@acme.test', 'buyer.manager@acme.test', 'buyer@acme.test'])
    expect(raised.params).toEqual({ number: req.number, order: short.order.number })
    expect(await everyKindAbout(`/dealer/orders/${short.order.id}`)).toEqual([])
  })
})
