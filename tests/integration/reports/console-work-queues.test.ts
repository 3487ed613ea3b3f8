// The console's home shows each staff member the queues their roles make theirs, with counts that
// are exactly what the linked list shows, and the open receivables to those who record payments.
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import type { StaffActor } from '~/auth/roles'
import { bookExposure, dealerExposure } from '~/domain/orders/credit.server'
import { approveOrder } from '~/domain/orders/approve-order.server'
import { pickOrder } from '~/domain/orders/pick-order.server'
import { shipOrder } from '~/domain/orders/ship-order.server'
import { auctionListOptions, listConsoleAuctions } from '~/domain/auction/auction-console.queries.server'
import { awardAuction } from '~/domain/auction/award-auction.server'
import { consoleOverview } from '~/domain/reports/console-overview.queries.server'
import { parseListParams } from '~/utils/list-params'
import { D } from '~/utils/money'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { closedAuction } from '../auction/helpers'
import { dealer, linesOf, order, orderRow, setCreditLimit } from '../orders/helpers'

useTestDatabase({ seed: true })

const staff = async (email: string) => (await actorFor(email)) as StaffActor
const queueKeys = async (email: string) => (await consoleOverview(await staff(email))).work.map((w) => w.key)
const countOf = async (email: string, key: string) => (await consoleOverview(await staff(email))).work.find((w) => w.key === key)?.count

describe('console work queues', () => {
  it("gives each role its own queues, and nobody another role's", async () => {
    // Sales managers set prices: the tiers whose price lists stop pricing their dealers soon are theirs (not the sales owners').
    expect(await queueKeys('sales.manager@acme.test')).toEqual(['awaitingApproval', 'shippedNotDelivered', 'openRequisitions', 'priceCoverageEnding'])
    expect(await queueKeys('sales@acme.test')).not.toContain('priceCoverageEnding')
    expect(await queueKeys('warehouse@acme.test')).toEqual(['toPick', 'toShip', 'shippedNotDelivered', 'openRequisitions'])
    expect(await queueKeys('buyer@acme.test')).toEqual(['openRequisitions', 'liveAuctions', 'scheduledAuctions'])
    // Finance decides cycle counts beyond tolerance (inventory.approveCounts), with the admins.
    expect(await queueKeys('finance@acme.test')).toEqual(['shippedNotDelivered', 'countsToApprove'])
    expect((await consoleOverview(await staff('finance@acme.test'))).receivables).not.toBeNull()
    expect((await consoleOverview(await staff('sales.manager@acme.test'))).receivables).toBeNull()
    expect((await consoleOverview(await staff('warehouse@acme.test'))).receivables).toBeNull()
    // Order events refresh the homes with order queues or receivables, not a buyer's.
    for (const email of ['sales.manager@acme.test', 'warehouse@acme.test', 'finance@acme.test']) expect((await consoleOverview(await staff(email))).followsOrders, email).toBe(true)
    expect((await consoleOverview(await staff('buyer@acme.test'))).followsOrders).toBe(false)
    // Awards not to rank 1 wait for a second person: the managers' queue, not the buyers'.
    expect(await queueKeys('buyer.manager@acme.test')).toEqual(['openRequisitions', 'liveAuctions', 'scheduledAuctions', 'awardsToConfirm'])
    expect((await consoleOverview(await staff('buyer.manager@acme.test'))).followsAwards).toBe(true)
    expect((await consoleOverview(await staff('buyer@acme.test'))).followsAwards).toBe(false)
  })

  it('counts the awards waiting for a second person as the list it links to shows them', async () => {
    const manager = await staff('buyer.manager@acme.test')
    const { id, bright } = await closedAuction(await staff('buyer@acme.test'))
    await awardAuction(await staff('buyer@acme.test'), id, { orgId: bright, justification: 'Holds stock' })
    const tile = (await consoleOverview(manager)).work.find((w) => w.key === 'awardsToConfirm')!
    expect(tile.to).toBe('/console/auctions?award=proposed')
    const listed = await listConsoleAuctions(manager, parseListParams(new URL(tile.to, 'http://localhost'), auctionListOptions))
    expect(tile.count).toBeGreaterThan(0)
    expect(listed.rows.map((r) => r.id)).toContain(id)
    expect(listed.total).toBe(tile.count)
    expect(listed.rows.every((r) => r.awardProposed && r.status === 'closed')).toBe(true)
  })

  it('counts exactly what each queue links to, and moves as orders are held, approved and picked', async () => {
    const [{ n }] = await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from sales_orders where status = 'reserved'`)
    expect(await countOf('warehouse@acme.test', 'toPick')).toBe(n)
    const awaiting = (await countOf('sales.manager@acme.test', 'awaitingApproval'))!

    const frank = await dealer('frank@south.test')
    const [terms] = await rawRows<{ limit: string }>(db(), sql`select credit_limit::text as limit from dealer_terms where dealer_org_id = ${frank.orgId}`)
    await setCreditLimit('DLR-SOUTH', '1.00')
    try {
      const held = await order(frank, 'SH-MAIN', [['MT-2001', '2']])
      expect(await countOf('sales.manager@acme.test', 'awaitingApproval')).toBe(awaiting + 1)
      const toPick = (await countOf('warehouse@acme.test', 'toPick'))!
      await approveOrder(await staff('sales.manager@acme.test'), held.order.id)
      expect(await countOf('sales.manager@acme.test', 'awaitingApproval')).toBe(awaiting)
      expect((await orderRow(held.order.id)).status).toBe('reserved')
      expect(await countOf('warehouse@acme.test', 'toPick')).toBe(toPick + 1)
      const toShip = (await countOf('warehouse@acme.test', 'toShip'))!
      await pickOrder(await staff('warehouse@acme.test'), held.order.id)
      expect(await countOf('warehouse@acme.test', 'toPick')).toBe(toPick)
      expect(await countOf('warehouse@acme.test', 'toShip')).toBe(toShip + 1)
    } finally {
      await setCreditLimit('DLR-SOUTH', terms.limit)
    }
  })

  it("shows the book's receivables as the sum of every dealer's, per currency", async () => {
    // Something shipped and unpaid, so the sum is not trivially zero.
    const wh = await staff('warehouse@acme.test')
    const placed = await order(await dealer('erin@east.test'), 'SH-MAIN', [['MT-2002', '4']])
    await pickOrder(wh, placed.order.id)
    const [line] = await linesOf(placed.order.id)
    await shipOrder(wh, placed.order.id, { carrier: 'SF Express', trackingNumber: 'SF-BOOK-1', lines: [{ orderLineId: line.id, quantity: '4' }] })
    const dealers = await rawRows<{ id: string; currency: string }>(db(), sql`select dealer_org_id as id, currency from dealer_terms`)
    const sums = new Map<string, InstanceType<typeof D>>()
    for (const d of dealers) {
      const e = await dealerExposure(db(), d.id)
      sums.set(d.currency, (sums.get(d.currency) ?? new D(0)).plus(e.receivables))
    }
    const book = await bookExposure(db())
    expect(book.map((b) => [b.currency, b.receivables])).toEqual([...sums].sort(([a], [b]) => a.localeCompare(b)).map(([c, v]) => [c, v.toFixed(2)]))
    expect(book.some((b) => new D(b.receivables).gt(0))).toBe(true)
    const shown = (await consoleOverview(await staff('finance@acme.test'))).receivables
    expect(shown).toEqual(book.map((b) => ({ currency: b.currency, amount: b.receivables, to: '/console/orders?payment=unpaid' })))
  })
})
