// A dealer keeps what is held for its order and stops waiting for the rest: the backordered quantities
// are cancelled under the order's lock, the order is worth what still comes, the shortfall requisition
// goes, and the status follows what is left. AS-4003 is short in the demo (10 in SH-MAIN).
import { and, asc, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { auditLog, notifications, users } from '~db/schema'
import { cancelBackorders } from '~/domain/orders/cancel-backorders.server'
import { cancelOrder, cancelOrderRest } from '~/domain/orders/cancel-order.server'
import { dealerExposure } from '~/domain/orders/credit.server'
import { lineAmounts, valueOf } from '~/domain/orders/order.rules'
import { pickOrder } from '~/domain/orders/pick-order.server'
import { allocateFreedStock } from '~/domain/orders/reserve-backorders.server'
import { shipOrder } from '~/domain/orders/ship-order.server'
import { D } from '~/utils/money'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { renderRoute } from '../../support/render-route'
import { codeOf, refusal } from '../../support/errors'
import { routeArgs, statusOf } from '../catalog/helpers'
import { ledgerBreaches } from '../inventory/helpers'
import { useSocketListeners } from '../realtime/socket-listeners'
import { activeReservedOf, addStock, balanceOf, dealer, dealerPdfText, lineIdentityBreaches, linesOf, order, orderRow, productId, pureExposureOf, requisitionOf, warehouseId } from './helpers'

useTestDatabase({ seed: true })

const heardBy = useSocketListeners('order:changed')
const staff = (email: string) => actorFor(email)
const dealerPage = () => import('../../../portal-customer/routes/orders.$id')
const consolePage = () => import('~/routes/console.orders.$id')
const post = (fields: Record<string, string>) => ({ method: 'POST', body: new URLSearchParams(fields) })

/** Orders waiting for AS-4003 in SH-MAIN: each test leaves none, so stock it adds goes to its own order. */
async function waitingForDriveUnits() {
  const [r] = await rawRows<{ n: number }>(
    db(),
    sql`select count(*)::int as n from sales_order_lines l join sales_orders o on o.id = l.order_id join products p on p.id = l.product_id
        where p.sku = 'AS-4003' and o.status in ('approved', 'picked', 'partially_shipped') and l.backordered_qty > 0`,
  )
  return r.n
}

/** `email`'s order of every free AS-4003 in SH-MAIN (topped up to at least `atLeast`) plus `short` more: approved, part held, the rest backordered. */
async function shortOrder(email: string, short = 5, atLeast = 2) {
  expect(await waitingForDriveUnits()).toBe(0)
  const who = await dealer(email)
  const p = await productId('AS-4003')
  const sh = await warehouseId('SH-MAIN')
  const b = (await balanceOf(p, sh))!
  if (b.onHand - b.reserved < atLeast) await addStock(await staff('warehouse@acme.test'), p, sh, String(atLeast), 'Stock for the test')
  const { onHand, reserved } = (await balanceOf(p, sh))!
  const free = onHand - reserved
  const r = await order(who, 'SH-MAIN', [['AS-4003', String(free + short)]])
  expect(r.order.status).toBe('approved')
  expect(await linesOf(r.order.id)).toMatchObject([{ reservedQty: String(free), backorderedQty: String(short) }])
  expect((await requisitionOf(r.order.id))!.status).toBe('open')
  return { who, p, sh, free, id: r.order.id, number: r.order.number }
}

const bellsOf = async (link: string) =>
  db()
    .select({ email: users.email, kind: notifications.kind, params: notifications.params })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(eq(notifications.link, link))

describe('a dealer cancels the backordered quantities', () => {
  it('keeps the reserved part, is worth what still comes, cancels the requisition, and the sales people hear of it', async () => {
    const { who: dave, p, sh, free, id } = await shortOrder('dave@north.test')
    const before = await balanceOf(p, sh)
    const [eric, dora, admin] = [await heardBy('eric@east.test'), await heardBy('dora@north.test'), await heardBy('admin@acme.test')]

    const done = await cancelBackorders(dave, id, { reason: 'We cannot wait for the rest' })
    // Every open unit is held now: the order is reserved.
    expect(done.status).toBe('reserved')
    expect(await linesOf(id)).toMatchObject([{ reservedQty: String(free), backorderedQty: '0', cancelledQty: '5', shippedQty: '0' }])
    // Nothing held was released, nothing moved.
    expect(await balanceOf(p, sh)).toEqual(before)
    expect(await activeReservedOf(id)).toBe(free)
    const req = (await requisitionOf(id))!
    expect(req.status).toBe('cancelled')

    const [line] = await linesOf(id)
    const row = await orderRow(id)
    const kept = lineAmounts(String(free), line.unitPrice, line.taxRate)
    expect([new D(row.subtotal).toFixed(2), new D(row.taxTotal).toFixed(2), new D(row.total).toFixed(2)]).toEqual([kept.lineNet, kept.lineTax, kept.lineTotal])
    // The backorders' own who and why: the order was not cancelled, and a later cancellation writes beside them.
    expect(row).toMatchObject({ status: 'reserved', backordersCancelReason: 'We cannot wait for the rest', backordersCancelledBy: dave.userId, cancelReason: null, cancelledBy: null, cancelledAt: null })
    expect(row.backordersCancelledAt).toBeInstanceOf(Date)
    // The credit SQL and the pure rule agree on an open order with a cancelled part.
    expect(await dealerExposure(db(), dave.orgId)).toEqual(await pureExposureOf(dave.orgId))
    // The printed confirmation says so too: the cancelled column beside the reserved one, the notice and the reason.
    const pdf = (await dealerPdfText(dave, id)).replace(/\s+/g, ' ')
    expect(pdf).toContain('已预留 缺货待补 已取消 已发货')
    expect(pdf).toContain('Cancelled')
    // Reserved, backordered, cancelled, shipped.
    expect(pdf).toMatch(new RegExp(`AS-4003 .*? ${free} 0 5 0 `))
    expect(pdf).toContain('缺货待补的数量已取消')
    expect(pdf).toContain('The backordered quantities were cancelled')
    expect(pdf).toContain('We cannot wait for the rest')

    const audits = await db().select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'sales_order.backorders_cancelled')))
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({ outcome: 'ok', before: { status: 'approved' }, after: { status: 'reserved', reason: 'We cannot wait for the rest', cancelled: [{ sku: 'AS-4003', quantity: '5' }], requisitionCancelled: req.number } })

    // The sales managers, the admin and the dealer's sales owner hear of it, once each; the dealer knows what it did.
    const bells = await bellsOf(`/console/orders/${id}`)
    expect(bells.map((b) => b.email).sort()).toEqual(['admin@acme.test', 'sales.manager@acme.test', 'sales@acme.test'])
    expect(bells.every((b) => b.kind === 'order.dealerCancelledBackorders' && (b.params as any).reason === 'We cannot wait for the rest')).toBe(true)
    expect(await bellsOf(`/dealer/orders/${id}`)).toEqual([])

    // Both sides follow: the dealer's organization and the staff; another dealer hears nothing.
    const expected = { orderId: id, number: done.number, status: 'reserved', version: done.version }
    await expect.poll(() => admin.filter((x: any) => x.orderId === id), { timeout: 3000 }).toEqual([expected])
    await expect.poll(() => dora.filter((x: any) => x.orderId === id), { timeout: 3000 }).toEqual([expected])
    expect(eric.filter((x: any) => x.orderId === id)).toEqual([])

    // What is held still ships, and the order closes on it at the amount it now has.
    const wh = await staff('warehouse@acme.test')
    await pickOrder(wh, id)
    const s = await shipOrder(wh, id, { carrier: 'SF', trackingNumber: 'SF-BO-1', lines: [{ orderLineId: line.id, quantity: String(free) }] })
    expect(s.status).toBe('shipped')
    expect(new D((await orderRow(id)).total).toFixed(2)).toBe(valueOf(String(free), line.unitPrice, line.taxRate))
    // Closed on what shipped, yet nobody cancelled its rest: the PDF says the backorders were cancelled, and why, only.
    const shipped = (await dealerPdfText(dave, id)).replace(/\s+/g, ' ')
    expect(shipped).toContain('Backorders cancelled, reason: We cannot wait for the rest')
    expect(shipped).not.toContain('未发货部分已取消')
    expect(shipped).not.toContain('The rest that had not shipped was cancelled')
    expect(await codeOf(cancelBackorders(dave, id, { reason: 'again' }))).toBe('conflict')
    expect(await lineIdentityBreaches()).toEqual([])
    expect(await ledgerBreaches()).toEqual([])
  })

  it('closes a partly shipped order whose only rest was backordered as shipped, worth what shipped', async () => {
    const { who: erin, free, id } = await shortOrder('erin@east.test', 4)
    const wh = await staff('warehouse@acme.test')
    await pickOrder(wh, id)
    const [line] = await linesOf(id)
    expect((await shipOrder(wh, id, { carrier: 'SF', trackingNumber: 'SF-BO-2', lines: [{ orderLineId: line.id, quantity: String(free) }] })).status).toBe('partially_shipped')

    const manager = await staff('sales.manager@acme.test')
    const done = await cancelBackorders(manager, id, { reason: 'Supplier cannot deliver' })
    expect(done.status).toBe('shipped')
    expect(await linesOf(id)).toMatchObject([{ shippedQty: String(free), cancelledQty: '4', backorderedQty: '0', reservedQty: '0' }])
    const row = await orderRow(id)
    expect(new D(row.total).toFixed(2)).toBe(valueOf(String(free), line.unitPrice, line.taxRate))
    // Ended on what shipped by cancelling its backorders, not its rest: the backorders' columns say who and why.
    expect(row).toMatchObject({ status: 'shipped', backordersCancelledBy: manager.userId, backordersCancelReason: 'Supplier cannot deliver', cancelledBy: null, cancelReason: null })
    expect((await requisitionOf(id))!.status).toBe('cancelled')
    // The host decided: the dealer's users hear of it.
    const bells = (await bellsOf(`/dealer/orders/${id}`)).filter((b) => b.kind !== 'order.shipped')
    expect(bells.length).toBeGreaterThan(0)
    expect(bells.every((b) => b.kind === 'order.backordersCancelled' && (b.params as any).reason === 'Supplier cannot deliver')).toBe(true)
    expect(await dealerExposure(db(), erin.orgId)).toEqual(await pureExposureOf(erin.orgId))
    expect(await lineIdentityBreaches()).toEqual([])
  })

  it('cancels an approved order all of which was backordered, as cancelling it would, its amounts as ordered', async () => {
    // Dave holds every free drive unit; Erin's three all wait.
    const first = await shortOrder('dave@north.test')
    const erin = await dealer('erin@east.test')
    const r = await order(erin, 'SH-MAIN', [['AS-4003', '3']])
    expect(r.order.status).toBe('approved')
    expect(await linesOf(r.order.id)).toMatchObject([{ reservedQty: '0', backorderedQty: '3' }])
    const total = (await orderRow(r.order.id)).total

    const done = await cancelBackorders(erin, r.order.id, { reason: 'Bought elsewhere' })
    expect(done.status).toBe('cancelled')
    expect(await linesOf(r.order.id)).toMatchObject([{ reservedQty: '0', backorderedQty: '0', cancelledQty: '3', shippedQty: '0' }])
    // Ended unshipped: the act was the order's cancellation, recorded as one (and not twice).
    expect(await orderRow(r.order.id)).toMatchObject({ status: 'cancelled', total, cancelReason: 'Bought elsewhere', cancelledBy: erin.userId, backordersCancelledBy: null, backordersCancelReason: null })
    expect((await requisitionOf(r.order.id))!.status).toBe('cancelled')
    // In the log's own order: without it PostgreSQL may return the rows in any order (PGlite happened to keep them).
    const actions = (await db().select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityId, r.order.id), eq(auditLog.outcome, 'ok'))).orderBy(asc(auditLog.id))).map((a) => a.action)
    expect(actions.at(-1)).toBe('sales_order.cancelled')
    expect(actions).not.toContain('sales_order.backorders_cancelled')
    // Dave's held units were untouched; he drops his wait too.
    expect(await activeReservedOf(first.id)).toBe(first.free)
    expect((await cancelBackorders(first.who, first.id, { reason: 'Enough for now' })).status).toBe('reserved')
    expect(await lineIdentityBreaches()).toEqual([])
  })
})

describe('a cancellation after the backorders were cancelled', () => {
  it('keeps who cancelled the backorders and why beside who cancelled the order and why, on both pages and the PDF', async () => {
    const { who: dave, id } = await shortOrder('dave@north.test')
    await cancelBackorders(dave, id, { reason: 'We cannot wait for the rest' })
    const manager = await staff('sales.manager@acme.test')
    expect((await cancelOrder(manager, id, { reason: 'Dealer closed the project' })).status).toBe('cancelled')
    expect(await orderRow(id)).toMatchObject({
      status: 'cancelled',
      backordersCancelledBy: dave.userId,
      backordersCancelReason: 'We cannot wait for the rest',
      cancelledBy: manager.userId,
      cancelReason: 'Dealer closed the project',
    })
    const nameOf = async (userId: string) => (await db().select({ name: users.name }).from(users).where(eq(users.id, userId)))[0].name
    const [daveName, managerName] = [await nameOf(dave.userId), await nameOf(manager.userId)]
    expect(daveName).not.toBe(managerName)

    const url = `/console/orders/${id}`
    const consoleRoute = await consolePage()
    const staffData: any = await consoleRoute.loader(routeArgs(manager, url, { id }))
    expect(staffData.order).toMatchObject({ backordersCancelledBy: daveName, backordersCancelReason: 'We cannot wait for the rest', cancelledBy: managerName, cancelReason: 'Dealer closed the project' })
    const consoleHtml = await renderRoute(consoleRoute.default, staffData, 'en', url)
    expect(consoleHtml).toMatch(new RegExp(`data-testid="backorders-cancel-reason"[^>]*>${daveName} cancelled the backordered quantities: We cannot wait for the rest<`))
    expect(consoleHtml).toMatch(new RegExp(`data-testid="order-cancel-reason"[^>]*>Cancelled by ${managerName}: Dealer closed the project<`))

    const durl = `/dealer/orders/${id}`
    const page = await dealerPage()
    const dealerHtml = await renderRoute(page.default, await page.loader(routeArgs(dave, durl, { id })), 'zh-CN', durl)
    // Ended: what is reserved no longer ships, so the notice does not say it does.
    expect(dealerHtml).toMatch(/data-testid="backorders-cancelled-notice"[^>]*>本订单缺货待补的数量已取消。原因：We cannot wait for the rest</)
    expect(dealerHtml).toMatch(/data-testid="cancelled-notice"[^>]*>本订单已取消：Dealer closed the project</)

    const pdf = (await dealerPdfText(dave, id)).replace(/\s+/g, ' ')
    expect(pdf).toContain('Backorders cancelled, reason: We cannot wait for the rest')
    expect(pdf).toContain('Reason: Dealer closed the project')
  })

  it('keeps the backorders\' who and why when the host then cancels the rest of a partly shipped order', async () => {
    // Part shipped, some held, the rest waiting: the dealer drops the wait, the host then closes the order on what shipped.
    const { who: erin, free, id } = await shortOrder('erin@east.test', 4, 3)
    expect(free).toBeGreaterThanOrEqual(3)
    const wh = await staff('warehouse@acme.test')
    await pickOrder(wh, id)
    const [line] = await linesOf(id)
    expect((await shipOrder(wh, id, { carrier: 'SF', trackingNumber: 'SF-BO-3', lines: [{ orderLineId: line.id, quantity: '1' }] })).status).toBe('partially_shipped')
    expect((await cancelBackorders(erin, id, { reason: 'Only what you have' })).status).toBe('partially_shipped')
    const manager = await staff('sales.manager@acme.test')
    expect((await cancelOrderRest(manager, id, { reason: 'The rest is damaged' })).status).toBe('shipped')
    expect(await orderRow(id)).toMatchObject({ backordersCancelledBy: erin.userId, backordersCancelReason: 'Only what you have', cancelledBy: manager.userId, cancelReason: 'The rest is damaged' })
    const durl = `/dealer/orders/${id}`
    const page = await dealerPage()
    const html = await renderRoute(page.default, await page.loader(routeArgs(erin, durl, { id })), 'en', durl)
    expect(html).toMatch(/data-testid="backorders-cancelled-notice"[^>]*>The backordered quantities of this order were cancelled\. Reason: Only what you have</)
    expect(html).toMatch(/data-testid="rest-cancelled-notice"[^>]*>[^<]*Reason: The rest is damaged</)
    expect(await lineIdentityBreaches()).toEqual([])
  })
})

describe('cancelling the backorders is refused', () => {
  it('with nothing backordered, for another dealer, a supplier or staff without the right, and for unknown fields or no reason', async () => {
    const dave = await dealer('dave@north.test')
    const full = await order(dave, 'SH-MAIN', [['PK-3002', '2']])
    expect(full.order.status).toBe('reserved')
    const { version: fullVersion } = await orderRow(full.order.id)
    const conflict = await refusal(cancelBackorders(dave, full.order.id, { reason: 'x' }))
    expect([conflict.code, conflict.messageKey]).toEqual(['conflict', 'orders:errors.nothingBackorderedToCancel'])
    expect((await orderRow(full.order.id)).version).toBe(fullVersion)

    const { id } = await shortOrder('dave@north.test')
    const version = (await orderRow(id)).version
    expect(await codeOf(cancelBackorders(await dealer('erin@east.test'), id, { reason: 'x' }))).toBe('not_found')
    expect(await codeOf(cancelBackorders(await staff('alice@bright.test'), id, { reason: 'x' }))).toBe('not_found')
    for (const email of ['sales@acme.test', 'warehouse@acme.test', 'finance@acme.test']) expect(await codeOf(cancelBackorders(await staff(email), id, { reason: 'x' })), email).toBe('forbidden')
    expect(await codeOf(cancelBackorders(dave, id, { reason: '   ' }))).toBe('bad_input')
    expect(await codeOf(cancelBackorders(dave, id, { reason: 'x', quantity: '1' } as any))).toBe('bad_input')
    const denied = await db().select({ outcome: auditLog.outcome }).from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'sales_order.cancel_backorders')))
    expect(denied.length).toBeGreaterThanOrEqual(4)
    expect(denied.every((d) => d.outcome !== 'ok')).toBe(true)
    // Refusals left it as it was.
    expect((await orderRow(id)).version).toBe(version)
    expect(await linesOf(id)).toMatchObject([{ backorderedQty: '5', cancelledQty: '0' }])
    expect((await requisitionOf(id))!.status).toBe('open')
    await cancelOrder(dave, id, { reason: 'Done' })
  })

  it('through the pages: an extra field is 400, another dealer 404, a stale second post 409; the sales manager may from the console', async () => {
    const page = await dealerPage()
    const { who: dave, id } = await shortOrder('dave@north.test')
    const url = `/dealer/orders/${id}`
    const params = { id }
    expect(await statusOf(() => page.action(routeArgs(dave, url, params, post({ intent: 'cancelBackorders', reason: 'x', status: 'cancelled' }))))).toBe(400)
    expect(await statusOf(async () => page.action(routeArgs(await dealer('erin@east.test'), url, params, post({ intent: 'cancelBackorders', reason: 'x' }))))).toBe(404)
    const res = (await page.action(routeArgs(dave, url, params, post({ intent: 'cancelBackorders', reason: 'No longer needed' })))) as Response
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(url)
    expect((await orderRow(id)).status).toBe('reserved')
    const stale: any = await page.action(routeArgs(dave, url, params, post({ intent: 'cancelBackorders', reason: 'Again' })))
    expect(stale.init.status).toBe(409)
    expect(stale.data).toMatchObject({ intent: 'cancelBackorders', submission: { error: { '': ['orders:errors.nothingBackorderedToCancel'] } } })
    await cancelOrder(dave, id, { reason: 'Done' })

    const consoleRoute = await consolePage()
    const other = await shortOrder('erin@east.test')
    const curl = `/console/orders/${other.id}`
    expect(await statusOf(async () => consoleRoute.action(routeArgs(await staff('sales@acme.test'), curl, { id: other.id }, post({ intent: 'cancelBackorders', reason: 'x' }))))).toBe(403)
    const ok = (await consoleRoute.action(routeArgs(await staff('sales.manager@acme.test'), curl, { id: other.id }, post({ intent: 'cancelBackorders', reason: 'Dealer asked by phone' })))) as Response
    expect(ok.status).toBe(302)
    expect(await linesOf(other.id)).toMatchObject([{ backorderedQty: '0', cancelledQty: '5', reservedQty: String(other.free) }])
    await cancelOrder(other.who, other.id, { reason: 'Done' })
  })
})

describe('stock arriving while the dealer cancels its backorders', () => {
  it('ends each unit reserved or cancelled, never both, never more than the line', async () => {
    const wh = await staff('warehouse@acme.test')
    // The delivery and the cancellation start together or the cancellation a little later, so rounds see it land
    // before the delivery, between the delivery and its allocation, and after the allocation.
    const rounds: Array<[arriving: string, delayMs: number]> = [['3', 0], ['2', 0], ['3', 5], ['5', 15], ['1', 30], ['3', 60], ['4', 120], ['2', 250]]
    const later = <T>(ms: number, run: () => Promise<T>) => (ms === 0 ? run() : new Promise((resolve) => setTimeout(resolve, ms)).then(run))
    for (const [round, [arriving, delayMs]] of rounds.entries()) {
      const { who: dave, p, sh, free, id } = await shortOrder('dave@north.test', 3)
      const quantity = free + 3
      const { onHand: onHandBefore, reserved: reservedBefore } = (await balanceOf(p, sh))!
      // All three started before any is awaited: an await among them would leave the others unobserved.
      const [arrival, allocation, cancel] = await Promise.allSettled([
        addStock(wh, p, sh, arriving, `Delivery during the race ${round}`),
        allocateFreedStock(sh, [p]),
        later(delayMs, () => cancelBackorders(dave, id, { reason: `Race ${round}` })),
      ])
      expect(arrival.status).toBe('fulfilled')
      expect(allocation.status).toBe('fulfilled')
      const [l] = await linesOf(id)
      expect(l.backorderedQty).toBe('0')
      const held = Number(l.reservedQty)
      const cancelled = Number(l.cancelledQty)
      expect(held + cancelled).toBe(quantity)
      expect(held).toBeGreaterThanOrEqual(free)
      expect(held).toBeLessThanOrEqual(Math.min(quantity, free + Number(arriving)))
      if (cancel.status === 'rejected') {
        // Everything waited for was reserved first: nothing left to cancel.
        expect(await codeOf(Promise.reject(cancel.reason))).toBe('conflict')
        expect([held, cancelled]).toEqual([quantity, 0])
      } else {
        expect(cancelled).toBeGreaterThan(0)
      }
      // What this order did not take of the delivery is free for the next order.
      const after = (await balanceOf(p, sh))!
      expect(after.onHand).toBe(onHandBefore + Number(arriving))
      expect(after.reserved - reservedBefore).toBe(held - free)
      const row = await orderRow(id)
      expect(new D(row.total).toFixed(2)).toBe(valueOf(String(held), l.unitPrice, l.taxRate))
      expect(row.status).toBe('reserved')
      expect(await lineIdentityBreaches()).toEqual([])
      // Leave nothing held for the next round.
      await cancelOrder(dave, id, { reason: 'Next round' })
    }
    expect(await ledgerBreaches()).toEqual([])
  })
})
