// Finance and dealers see which orders are behind the receivables figure: ?payment=unpaid lists the
// orders that owe something on what has shipped, and adds up to bookExposure / dealerExposure.
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { salesOrders } from '~db/schema'
import type { Actor, DealerActor } from '~/auth/roles'
import { receivableOf } from '~/domain/orders/credit.rules'
import { bookExposure, dealerExposure } from '~/domain/orders/credit.server'
import { orderLines } from '~/domain/orders/order-command.server'
import { receivableStatuses } from '~/domain/orders/order.rules'
import { pickOrder } from '~/domain/orders/pick-order.server'
import { recordPayment } from '~/domain/orders/record-payment.server'
import { shipOrder } from '~/domain/orders/ship-order.server'
import { D } from '~/utils/money'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { routeArgs } from '../catalog/helpers'
import { dealer, linesOf, order } from './helpers'

useTestDatabase({ seed: true })

const consoleList = () => import('~/routes/console.orders._index')
const dealerList = () => import('../../../portal-customer/routes/orders')

interface Listed {
  rows: Array<{ id: string; number: string; currency: string; owed?: string }>
  total: number
}

/** The list as its page loads it, every row on one page. */
async function listed(who: Actor, url: string): Promise<Listed> {
  const route = who.kind === 'dealer' ? await dealerList() : await consoleList()
  const page = (await route.loader(routeArgs(who, `${url}${url.includes('?') ? '&' : '?'}size=200`))) as Listed & { more?: boolean }
  expect(page.more ?? false).toBe(false)
  expect(page.rows.length).toBe(page.total)
  return page
}

const unpaid = (who: Actor) => listed(who, who.kind === 'dealer' ? '/dealer/orders?payment=unpaid' : '/console/orders?payment=unpaid')

const ids = (l: Listed) => l.rows.map((r) => r.id)

/** What each order owes on what has shipped, by the pure rules (not the list's SQL): the orders that owe something. */
async function owingByRules(dealerOrgId?: string) {
  const orders = await db().select({ id: salesOrders.id, status: salesOrders.status, paidTotal: salesOrders.paidTotal, dealerOrgId: salesOrders.dealerOrgId, currency: salesOrders.currency }).from(salesOrders)
  const out = new Map<string, { owed: string; currency: string }>()
  for (const o of orders) {
    if (dealerOrgId && o.dealerOrgId !== dealerOrgId) continue
    if (!receivableStatuses.includes(o.status)) continue
    const owed = receivableOf(await orderLines(db(), o.id), o.paidTotal)
    if (new D(owed).gt(0)) out.set(o.id, { owed, currency: o.currency })
  }
  return out
}

async function shipped(who: DealerActor, sku: string, quantity: string, ship: string = quantity) {
  const wh = await actorFor('warehouse@acme.test')
  const placed = await order(who, 'SH-MAIN', [[sku, quantity]])
  await pickOrder(wh, placed.order.id)
  const [line] = await linesOf(placed.order.id)
  const s = await shipOrder(wh, placed.order.id, { carrier: 'SF Express', trackingNumber: `SF-UNPAID-${placed.order.number}`, lines: [{ orderLineId: line.id, quantity: ship }] })
  return { id: placed.order.id, status: s.status }
}

describe('?payment=unpaid on the order lists', () => {
  it('lists an order shipped and unpaid with what it owes, and drops it once paid in full', async () => {
    const finance = await actorFor('finance@acme.test')
    const dave = await dealer('dave@north.test')
    const o = await shipped(dave, 'MT-2003', '10') // 336.00 + 13 % tax = 379.68
    expect(o.status).toBe('shipped')
    for (const who of [finance, dave]) {
      const row = (await unpaid(who)).rows.find((r) => r.id === o.id)
      expect(row?.owed).toBe('379.68')
    }
    await recordPayment(finance, o.id, { amount: '79.68' })
    expect((await unpaid(finance)).rows.find((r) => r.id === o.id)?.owed).toBe('300.00')
    await recordPayment(finance, o.id, { amount: '300.00' })
    expect(ids(await unpaid(finance))).not.toContain(o.id)
    expect(ids(await unpaid(dave))).not.toContain(o.id)
    // Still on the unfiltered list, without an amount owed.
    const [{ number }] = await db().select({ number: salesOrders.number }).from(salesOrders).where(eq(salesOrders.id, o.id))
    const all = await listed(finance, `/console/orders?q=${number}`)
    expect(all.rows.map((r) => [r.id, r.owed])).toEqual([[o.id, undefined]])
  })

  it('lists a partially shipped order with nothing paid, and never one with nothing shipped', async () => {
    const finance = await actorFor('finance@acme.test')
    const erin = await dealer('erin@east.test')
    const part = await shipped(erin, 'MT-2003', '10', '5')
    expect(part.status).toBe('partially_shipped')
    const notShipped = await order(erin, 'SH-MAIN', [['MT-2001', '3']])
    await pickOrder(await actorFor('warehouse@acme.test'), (await order(erin, 'SH-MAIN', [['MT-2001', '2']])).order.id)
    const list = await unpaid(finance)
    expect(list.rows.find((r) => r.id === part.id)?.owed).toBe(receivableOf(await orderLines(db(), part.id), '0'))
    expect(ids(list)).not.toContain(notShipped.order.id)
    // Paid in full for what has shipped: it owes nothing yet, though half is still to ship.
    await recordPayment(finance, part.id, { amount: receivableOf(await orderLines(db(), part.id), '0') })
    expect(ids(await unpaid(finance))).not.toContain(part.id)
    expect(ids(await unpaid(erin))).not.toContain(part.id)
  })

  it('is exactly the orders that owe by the rules, and adds up to the receivables figure', async () => {
    const finance = await actorFor('finance@acme.test')
    const frank = await dealer('frank@south.test')
    await shipped(await dealer('dave@north.test'), 'PK-3002', '7')
    await shipped(await dealer('erin@east.test'), 'MT-2002', '4', '3')
    await order(frank, 'SH-MAIN', [['PK-3003', '3']]) // open, nothing shipped

    const expected = await owingByRules()
    const list = await listed(finance, '/console/orders?payment=unpaid')
    expect(list.rows.length).toBeGreaterThan(1)
    expect(new Set(ids(list))).toEqual(new Set(expected.keys()))
    const sums = new Map<string, InstanceType<typeof D>>()
    for (const r of list.rows) {
      expect(r.owed, r.number).toBe(expected.get(r.id)!.owed)
      sums.set(r.currency, (sums.get(r.currency) ?? new D(0)).plus(r.owed!))
    }
    const book = await bookExposure(db())
    expect(book.filter((b) => new D(b.receivables).gt(0)).map((b) => [b.currency, b.receivables])).toEqual(
      [...sums].sort(([a], [b]) => a.localeCompare(b)).map(([c, v]) => [c, v.toFixed(2)]),
    )

    for (const email of ['dave@north.test', 'erin@east.test', 'frank@south.test']) {
      const who = await dealer(email)
      const mine = await listed(who, '/dealer/orders?payment=unpaid')
      expect(new Set(ids(mine)), email).toEqual(new Set((await owingByRules(who.orgId)).keys()))
      const sum = mine.rows.reduce((a, r) => a.plus(r.owed!), new D(0))
      expect(sum.toFixed(2), email).toBe((await dealerExposure(db(), who.orgId)).receivables)
    }
  })

  it("shows a dealer only its own orders, and combines with the other filters", async () => {
    const dave = await dealer('dave@north.test')
    const erin = await dealer('erin@east.test')
    const davesOrder = await shipped(dave, 'PK-3002', '2')
    const erinsOrder = await shipped(erin, 'PK-3002', '2')
    const erins = await listed(erin, '/dealer/orders?payment=unpaid')
    expect(ids(erins)).toContain(erinsOrder.id)
    expect(ids(erins)).not.toContain(davesOrder.id)
    const owners = await db().select({ id: salesOrders.id, org: salesOrders.dealerOrgId }).from(salesOrders)
    const ownerOf = new Map(owners.map((o) => [o.id, o.org]))
    expect(erins.rows.every((r) => ownerOf.get(r.id) === erin.orgId)).toBe(true)
    // With a status too: both conditions hold.
    const shippedOnly = await listed(erin, '/dealer/orders?payment=unpaid&status=shipped')
    expect(ids(shippedOnly)).toContain(erinsOrder.id)
    expect(ids(await listed(erin, '/dealer/orders?payment=unpaid&status=delivered'))).not.toContain(erinsOrder.id)
    // The console's dealer filter narrows it the same way.
    const north = await listed(await actorFor('finance@acme.test'), '/console/orders?payment=unpaid&dealer=DLR-NORTH')
    expect(ids(north)).toContain(davesOrder.id)
    expect(ids(north)).not.toContain(erinsOrder.id)
  })

  it('ignores any other value: the list shows everything, without amounts owed', async () => {
    const finance = await actorFor('finance@acme.test')
    const dave = await dealer('dave@north.test')
    for (const [who, path] of [
      [finance, '/console/orders'],
      [dave, '/dealer/orders'],
    ] as const) {
      const all = await listed(who, path)
      for (const bogus of ['x', 'UNPAID', "unpaid' or 1=1 --", 'paid']) {
        const l = await listed(who, `${path}?payment=${encodeURIComponent(bogus)}`)
        expect(l.total, bogus).toBe(all.total)
        expect(ids(l), bogus).toEqual(ids(all))
        expect(l.rows.every((r) => !('owed' in r)), bogus).toBe(true)
      }
      expect((await listed(who, `${path}?payment=unpaid`)).total).toBeLessThan(all.total)
    }
  })
})
