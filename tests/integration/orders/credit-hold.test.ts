// An order over credit waits for a sales manager and holds nothing meanwhile: no reservation, no
// backorder, no requisition, no buyer's bell. Otherwise a dealer with no credit left could order
// 9,999,999,999 of every product and keep it from every paying dealer until someone rejected it.
// Approval reserves what is there then, as submission does within credit.
import { and, eq, inArray, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { auditLog, notifications, requisitions } from '~db/schema'
import { publishStockChanged } from '~/domain/inventory/stock-events.server'
import { approveOrder } from '~/domain/orders/approve-order.server'
import { cancelOrder } from '~/domain/orders/cancel-order.server'
import { listApprovalInbox } from '~/domain/orders/orders.queries.server'
import { quoteCart } from '~/domain/orders/quote-cart.server'
import { rejectOrder } from '~/domain/orders/reject-order.server'
import type { StaffActor } from '~/auth/roles'
import { D } from '~/utils/money'
import { actorFor } from '../../support/actors'
import { testDbKind, useTestDatabase } from '../../support/db'
import { useSocketListeners } from '../realtime/socket-listeners'
import { activeReservedOf, addStock, balanceOf, dealer, extraDealers, lineIdentityBreaches, linesOf, order, orderRow, productId, requisitionOf, warehouseId } from './helpers'

useTestDatabase({ seed: true })

const listen = useSocketListeners('stock:changed')

const HUGE = '9999999999'
const SKUS = ['EL-1001', 'MT-2001', 'PK-3001', 'AS-4001', 'AS-4003']

/** What another dealer's cart is told is available now, per SKU. */
async function availableTo(who: Awaited<ReturnType<typeof dealer>>, warehouse: string, skus: string[]) {
  const wh = await warehouseId(warehouse)
  const q = await quoteCart(who, { warehouseId: wh, lines: await Promise.all(skus.map(async (s) => ({ productId: await productId(s), quantity: '1' }))) })
  return Object.fromEntries(q.lines.map((l) => [l.sku, l.available]))
}

const requisitionCount = async () => db().$count(requisitions)
const raisedBells = async () => db().$count(notifications, eq(notifications.kind, 'requisition.raised'))

describe('an order held over credit', () => {
  it('of 9,999,999,999 of each product leaves every other dealer’s availability as it was and raises no requisition', async () => {
    const [frank, dave] = await Promise.all([dealer('frank@south.test'), dealer('dave@north.test')])
    const heard = await listen('dora@north.test')
    const before = await availableTo(dave, 'SH-MAIN', SKUS)
    const ids = await Promise.all(SKUS.map(productId))
    const sh = await warehouseId('SH-MAIN')
    const balances = await Promise.all(ids.map((p) => balanceOf(p, sh)))
    const [reqs, bells] = [await requisitionCount(), await raisedBells()]

    const held = await order(frank, 'SH-MAIN', SKUS.map((s) => [s, HUGE]))
    expect(held.order.status).toBe('submitted')
    expect(held.order.number).toMatch(/^SO-\d{4}-\d{6}$/)
    expect(await availableTo(dave, 'SH-MAIN', SKUS)).toEqual(before)
    expect(await Promise.all(ids.map((p) => balanceOf(p, sh)))).toEqual(balances)
    expect(await activeReservedOf(held.order.id)).toBe(0)
    expect((await linesOf(held.order.id)).map((l) => [l.reservedQty, l.backorderedQty])).toEqual(SKUS.map(() => ['0', '0']))
    expect([await requisitionCount(), await raisedBells()]).toEqual([reqs, bells])
    // Its audit row records the order as placed, with nothing taken.
    const [submitted] = await db().select().from(auditLog).where(and(eq(auditLog.entityId, held.order.id), eq(auditLog.action, 'sales_order.submitted')))
    expect(submitted.after).toMatchObject({ status: 'submitted', requisition: null })
    expect((submitted.after as { lines: object[] }).lines[0]).not.toHaveProperty('reserved')
    // Nothing changed, so no catalog is told to refetch. Placing the order published whatever it would in its commit's
    // after-commit callbacks, which it awaited: a sentinel published now reaches the socket after any of those, so once it
    // is in, anything the order sent would be before it.
    const sentinel = { productIds: ['sentinel-after-the-held-order'] }
    publishStockChanged(sentinel.productIds)
    await expect.poll(() => heard.length).toBeGreaterThan(0)
    expect(heard).toEqual([sentinel])

    // The approver sees what approving would take: the warehouse's stock now, line by line.
    const inbox = await listApprovalInbox((await actorFor('sales.manager@acme.test')) as StaffActor)
    const row = inbox.find((r) => r.id === held.order.id)!
    expect(row.stockNow.map((l) => [l.sku, l.quantity, l.available])).toEqual(SKUS.map((s) => [s, HUGE, before[s]]))
    // Not left waiting in the approval inbox and in frank's exposure for the tests after this one.
    await cancelOrder(frank, held.order.id, { reason: 'Test over' })
  })

  it('is approved: what is there is reserved, the rest backordered, and the shortfall raises the requisition then', async () => {
    const frank = await dealer('frank@south.test')
    const manager = await actorFor('sales.manager@acme.test')
    const heard = await listen('dora@north.test')
    const sh = await warehouseId('SH-MAIN')
    const skus = ['AS-4003', 'MT-2001']
    const ids = await Promise.all(skus.map(productId))
    const held = await order(frank, 'SH-MAIN', skus.map((s) => [s, HUGE]))
    expect(held.order.status).toBe('submitted')
    const free = await Promise.all(ids.map(async (p) => { const b = (await balanceOf(p, sh))!; return b.onHand - b.reserved }))
    expect(free.every((f) => f > 0)).toBe(true)
    const bells = await raisedBells()

    const ok = await approveOrder(manager, held.order.id, { note: 'Paid' })
    expect(ok.status).toBe('approved')
    const lines = await linesOf(held.order.id)
    for (const [i, p] of ids.entries()) {
      const l = lines.find((x) => x.productId === p)!
      expect([Number(l.reservedQty), l.backorderedQty]).toEqual([free[i], new D(HUGE).minus(free[i]).toFixed()])
      const b = (await balanceOf(p, sh))!
      expect(b.reserved).toBe(b.onHand)
    }
    const req = (await requisitionOf(held.order.id))!
    expect(req.status).toBe('open')
    expect(req.lines.map((l) => [l.productId, new D(l.quantity).toFixed(), l.sourceLineId]).sort()).toEqual(
      lines.map((l) => [l.productId, l.backorderedQty, l.id]).sort(),
    )
    expect(await raisedBells()).toBeGreaterThan(bells)
    const audit = await db().select().from(auditLog).where(inArray(auditLog.entityId, [held.order.id, req.id])).orderBy(auditLog.id)
    const approved = audit.find((a) => a.action === 'sales_order.approved')!
    expect(approved.after).toMatchObject({ status: 'approved', note: 'Paid', requisition: req.number })
    expect((approved.after as { lines: Array<{ sku: string; reserved: string; backordered: string }> }).lines.sort((a, b) => a.sku.localeCompare(b.sku))).toEqual(
      [...skus].sort().map((s) => ({ sku: s, reserved: String(free[skus.indexOf(s)]), backordered: new D(HUGE).minus(free[skus.indexOf(s)]).toFixed() })),
    )
    expect(audit.find((a) => a.action === 'requisition.created')!.after).toMatchObject({ number: req.number, source: { id: held.order.id, number: held.order.number } })
    // Every dealer's catalog is told those products' availability changed.
    await expect.poll(() => heard.some((p) => ids.every((id) => (p as { productIds: string[] }).productIds.includes(id))), { timeout: 3000 }).toBe(true)
    expect(await lineIdentityBreaches()).toEqual([])
    await cancelOrder(manager, held.order.id, { reason: 'Test over' })
  })

  it('is rejected or cancelled without any stock changing, and is never given stock that comes free', async () => {
    const [frank, wh, manager] = await Promise.all([dealer('frank@south.test'), actorFor('warehouse@acme.test'), actorFor('sales.manager@acme.test')])
    const sh = await warehouseId('SH-MAIN')
    const p = await productId('PK-3001')
    const a = await order(frank, 'SH-MAIN', [['PK-3001', HUGE]])
    const b = await order(frank, 'SH-MAIN', [['PK-3001', '1'], ['EL-1001', HUGE]])
    expect([a.order.status, b.order.status]).toEqual(['submitted', 'submitted'])
    // Stock arrives: no waiting order takes it, and the held ones are not waiting.
    // adjustStock's transact awaits its after-commit callbacks, so the allocation of the freed stock has run by now.
    await addStock(wh, p, sh, '7', 'Delivery')
    expect([await activeReservedOf(a.order.id), await activeReservedOf(b.order.id)]).toEqual([0, 0])
    const balance = await balanceOf(p, sh)
    const reqs = await requisitionCount()
    await rejectOrder(manager, a.order.id, { reason: 'Over the limit' })
    await cancelOrder(frank, b.order.id, { reason: 'Not needed' })
    expect(await balanceOf(p, sh)).toEqual(balance)
    expect(await requisitionCount()).toBe(reqs)
    for (const o of [a, b]) {
      const [ended] = await db().select().from(auditLog).where(and(eq(auditLog.entityId, o.order.id), inArray(auditLog.action, ['sales_order.rejected', 'sales_order.cancelled'])))
      expect(ended.after).toMatchObject({ released: [], requisitionCancelled: null })
    }
    expect((await orderRow(a.order.id)).status).toBe('rejected')
  })
})

// Real concurrency needs real connections: PGlite runs one transaction at a time.
describe.skipIf(testDbKind !== 'postgres')('approval under concurrency (PostgreSQL)', () => {
  it('an approval and other dealers’ orders for the last units never reserve more than is there', async () => {
    const frank = await dealer('frank@south.test')
    const manager = await actorFor('sales.manager@acme.test')
    const dealers = await extraDealers(12)
    const sh = await warehouseId('SH-MAIN')
    const p = await productId('AS-4002')
    const { onHand, reserved } = (await balanceOf(p, sh))!
    const free = onHand - reserved
    const held = await order(frank, 'SH-MAIN', [['AS-4002', HUGE]])
    expect(held.order.status).toBe('submitted')
    const others = Array.from({ length: 24 }, (_, i) => order(dealers[i % dealers.length], 'SH-MAIN', [['AS-4002', String(Math.max(1, Math.ceil(free / 12)))]]))
    const results = await Promise.allSettled([approveOrder(manager, held.order.id), ...others])
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([])
    expect(await balanceOf(p, sh)).toEqual({ onHand, reserved: onHand })
    const [t] = await rawRows<{ active: string; neg: number }>(
      db(),
      sql`select (select sum(quantity) from stock_reservations where product_id = ${p} and warehouse_id = ${sh} and status = 'active')::text as active,
                 (select count(*)::int from stock_balances where on_hand < 0 or reserved < 0 or reserved > on_hand) as neg`,
    )
    expect([Number(t.active), t.neg]).toEqual([onHand, 0])
    expect(await lineIdentityBreaches()).toEqual([])
  }, 120_000)
})
