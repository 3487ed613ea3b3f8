// The dealer portal's home page: the dealer's credit standing, the orders waiting on someone, goods
// on the way and the latest orders — always the session's own organization's, and moving as orders
// are placed, held, shipped and received.
import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { channelStockLines, channelStockReports, dealerTerms, users } from '~db/schema'
import { submitChannelReport } from '~/domain/channel/submit-channel-report.server'
import type { StaffActor } from '~/auth/roles'
import { dealerOverview, dealerOverviewForStaff } from '~/domain/orders/dealer-overview.queries.server'
import { markShipmentDelivered } from '~/domain/orders/mark-delivered.server'
import { pickOrder } from '~/domain/orders/pick-order.server'
import { shipOrder } from '~/domain/orders/ship-order.server'
import { D } from '~/utils/money'
import { actorFor, contextFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { dealer, linesOf, order, orderRow, productId, setCreditLimit } from './helpers'

useTestDatabase({ seed: true })

describe('dealer overview', () => {
  it('counts a new order against the credit, lists it first and counts it open', async () => {
    const dave = await dealer('dave@north.test')
    const before = await dealerOverview(dave)
    expect(before.credit).not.toBeNull()
    const placed = await order(dave, 'SH-MAIN', [['MT-2001', '5']])
    const after = await dealerOverview(dave)
    const { total } = await orderRow(placed.order.id)
    expect(new D(after.credit!.openOrders).minus(before.credit!.openOrders).toFixed(2)).toBe(new D(total).toFixed(2))
    expect(new D(before.credit!.available).minus(after.credit!.available).toFixed(2)).toBe(new D(total).toFixed(2))
    expect(after.credit!.limit).toBe(before.credit!.limit)
    expect(after.counts.open).toBe(before.counts.open + 1)
    expect(after.recent[0]).toMatchObject({ id: placed.order.id, number: placed.order.number, status: placed.order.status })
    expect(after.recent.length).toBeLessThanOrEqual(5)
  })

  it("counts the open orders that still wait for stock, for the home's backorder reminder", async () => {
    const dave = await dealer('dave@north.test')
    const before = await dealerOverview(dave)
    // AS-4003 has none in Shenzhen: the whole line is backordered.
    const placed = await order(dave, 'SZ-SOUTH', [['AS-4003', '2']])
    expect((await linesOf(placed.order.id))[0].backorderedQty).toBe('2')
    expect((await dealerOverview(dave)).counts.backordered).toBe(before.counts.backordered + 1)
  })

  it('counts an order held over credit as awaiting approval, and says the dealer is over its limit', async () => {
    const erin = await dealer('erin@east.test')
    const before = await dealerOverview(erin)
    await setCreditLimit('DLR-EAST', '1.00')
    try {
      const placed = await order(erin, 'SH-MAIN', [['MT-2002', '3']])
      expect((await orderRow(placed.order.id)).needsApproval).toBe(true)
      const after = await dealerOverview(erin)
      expect(after.counts.awaitingApproval).toBe(before.counts.awaitingApproval + 1)
      expect(after.credit!.overLimit).toBe(true)
      expect(new D(after.credit!.available).isNegative()).toBe(true)
    } finally {
      await setCreditLimit('DLR-EAST', before.credit!.limit)
    }
  })

  it('shows a shipment on the way with its carrier and tracking number until the dealer confirms it', async () => {
    const dave = await dealer('dave@north.test')
    const wh = await actorFor('warehouse@acme.test')
    const placed = await order(dave, 'SH-MAIN', [['MT-2003', '2']])
    await pickOrder(wh, placed.order.id)
    const [line] = await linesOf(placed.order.id)
    const tracking = `SF-HOME-${randomUUID().slice(0, 8)}`
    const shipped = await shipOrder(wh, placed.order.id, { carrier: 'SF Express', trackingNumber: tracking, lines: [{ orderLineId: line.id, quantity: '2' }] })
    const during = await dealerOverview(dave)
    expect(during.inTransit[0]).toMatchObject({
      id: shipped.shipment.id,
      number: shipped.shipment.number,
      orderId: placed.order.id,
      orderNumber: placed.order.number,
      carrier: 'SF Express',
      trackingNumber: tracking,
    })
    expect(during.counts.inTransit).toBeGreaterThanOrEqual(1)

    await markShipmentDelivered(dave, shipped.shipment.id)
    const after = await dealerOverview(dave)
    expect(after.inTransit.map((s) => s.id)).not.toContain(shipped.shipment.id)
    expect(after.counts.inTransit).toBe(during.counts.inTransit - 1)
  })

  it("never shows another dealer's orders, shipments or credit", async () => {
    const dave = await dealer('dave@north.test')
    const frank = await dealer('frank@south.test')
    const before = await dealerOverview(frank)
    const placed = await order(dave, 'SH-MAIN', [['MT-2001', '1']])
    const after = await dealerOverview(frank)
    expect(after.counts).toEqual(before.counts)
    expect(after.credit).toEqual(before.credit)
    expect(after.recent.map((o) => o.id)).not.toContain(placed.order.id)
    const ownIds = await rawRows<{ id: string }>(db(), sql`select id from sales_orders where dealer_org_id = ${frank.orgId}`)
    const own = new Set(ownIds.map((r) => r.id))
    for (const o of after.recent) expect(own.has(o.id)).toBe(true)
    for (const s of after.inTransit) expect(own.has(s.orderId)).toBe(true)
  })

  it("names the dealer's active sales contact, and no one once that user is deactivated", async () => {
    const dave = await dealer('dave@north.test')
    const [terms] = await db().select({ owner: dealerTerms.salesOwnerUserId }).from(dealerTerms).where(eq(dealerTerms.dealerOrgId, dave.orgId))
    const [owner] = await db().select().from(users).where(eq(users.id, terms.owner!))
    expect((await dealerOverview(dave)).salesContact).toEqual({ name: owner.name, email: owner.email })
    await db().update(users).set({ status: 'inactive' }).where(eq(users.id, owner.id))
    try {
      expect((await dealerOverview(dave)).salesContact).toBeNull()
    } finally {
      await db().update(users).set({ status: owner.status }).where(eq(users.id, owner.id))
    }
  })

  it("says whether this week's channel stock is reported", async () => {
    const frank = await dealer('frank@south.test')
    const { weekStart } = (await dealerOverview(frank)).channel
    // Start from a week without frank's report (the demo may have sent one).
    const existing = await db()
      .select({ id: channelStockReports.id })
      .from(channelStockReports)
      .where(sql`${channelStockReports.dealerOrgId} = ${frank.orgId} and ${channelStockReports.periodKind} = 'week' and ${channelStockReports.periodStart} = ${weekStart}`)
    for (const r of existing) {
      await db().delete(channelStockLines).where(eq(channelStockLines.reportId, r.id))
      await db().delete(channelStockReports).where(eq(channelStockReports.id, r.id))
    }
    expect((await dealerOverview(frank)).channel.reportedThisWeek).toBe(false)
    await submitChannelReport(frank, { kind: 'week', period: weekStart, lines: [{ productId: await productId('EL-1001'), onHand: '10', sold: '2' }] })
    const after = (await dealerOverview(frank)).channel
    expect(after).toEqual({ weekStart, reportedThisWeek: true, lastPeriodStart: weekStart })
    // The week is the host's calendar week: a Monday.
    expect(new Date(`${weekStart}T00:00:00Z`).getUTCDay()).toBe(1)
  })
})

describe("a dealer's page in the console", () => {
  const loadDealerPage = async (email: string, orgId: string) => {
    const { loader } = await import('~/routes/console.dealers.$orgId')
    const actor = await actorFor(email)
    return loader({ request: new Request(`http://localhost/console/dealers/${orgId}`), context: contextFor(actor) as never, params: { orgId } })
  }

  it('shows staff who see orders that dealer’s standing, the same figures its own home shows', async () => {
    const frank = await dealer('frank@south.test')
    const page = await loadDealerPage('sales@acme.test', frank.orgId)
    expect(page.sales).not.toBeNull()
    expect(page.sales!.overview).toEqual(await dealerOverview(frank))
    expect(page.sales!.canEditTerms).toBe(false)
    expect((await loadDealerPage('sales.manager@acme.test', frank.orgId)).sales!.canEditTerms).toBe(true)
  })

  it('shows no standing to staff who do not see orders, and none on a supplier’s page', async () => {
    const frank = await dealer('frank@south.test')
    expect((await loadDealerPage('buyer@acme.test', frank.orgId)).sales).toBeNull()
    const alice = await actorFor('alice@bright.test')
    const { loader } = await import('~/routes/console.suppliers.$orgId')
    const supplierPage = await loader({
      request: new Request(`http://localhost/console/suppliers/${alice.orgId}`),
      context: contextFor(await actorFor('sales@acme.test')) as never,
      params: { orgId: alice.orgId },
    })
    expect(supplierPage.sales).toBeNull()
    await expect(dealerOverviewForStaff((await actorFor('buyer@acme.test')) as StaffActor, frank.orgId)).rejects.toMatchObject({ code: 'forbidden' })
  })
})
