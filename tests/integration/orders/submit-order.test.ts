import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { auditLog, priceListItems, priceLists, products, salesOrders } from '~db/schema'
import { quoteCart } from '~/domain/orders/quote-cart.server'
import { submitOrder } from '~/domain/orders/submit-order.server'
import { businessDate } from '~/domain/sales/sales.queries.server'
import { D } from '~/utils/money'
import { parseMessage } from '~/utils/validation'
import { fixedT } from '~/i18n/i18next.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { refusal } from '../../support/errors'
import { balanceOf, dealer, lineIdentityBreaches, linesOf, order, orderRow, productId, requisitionOf, setCreditLimit, warehouseId } from './helpers'

useTestDatabase({ seed: true })

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

describe('prices on order lines come from the dealer’s own list', () => {
  it('uses the tier price, and the volume break the quantity reaches', async () => {
    const dave = await dealer('dave@north.test') // tier A: 80 % of list
    const erin = await dealer('erin@east.test') // tier B: 88 %
    const a = await order(dave, 'SH-MAIN', [['EL-1003', '99'], ['MT-2001', '10']])
    const b = await order(erin, 'SH-MAIN', [['EL-1003', '100']])
    const la = await linesOf(a.order.id)
    const lb = await linesOf(b.order.id)
    const el = la.find((l) => l.position === 1)!
    expect(el.unitPrice).toBe('0.6400') // 0.80 × 0.80
    expect(la.find((l) => l.position === 2)!.unitPrice).toBe('1.2800') // MT: 1.60 × 0.80, no breaks
    expect(lb[0].unitPrice).toBe('0.6688') // 0.80 × 0.88 × 0.95 at 100
    const row = await orderRow(a.order.id)
    expect(row.priceTier).toBe('A')
    expect([row.subtotal, row.taxTotal, row.total]).toEqual(['76.16', '9.90', '86.06']) // 63.36 + 12.80; 8.24 + 1.66
  })

  it('honours validity dates: a newer list from today wins, one from tomorrow or one that ended today does not', async () => {
    const dave = await dealer('dave@north.test')
    const today = await businessDate()
    const p = await productId('PK-3005')
    const mk = async (code: string, validFrom: string, validTo: string | null, price: string) => {
      const [l] = await db().insert(priceLists).values({ code, nameEn: code, nameZh: code, tier: 'A', currency: 'CNY', validFrom, validTo }).returning()
      await db().insert(priceListItems).values({ priceListId: l.id, productId: p, minQty: '1', unitPrice: price })
    }
    await mk('T-ENDED', addDays(today, -10), today, '1.0000')
    await mk('T-FUTURE', addDays(today, 1), null, '2.0000')
    const before = await order(dave, 'SH-MAIN', [['PK-3005', '1']])
    expect((await linesOf(before.order.id))[0].unitPrice).toBe('30.4000') // PL-A-2026: 38.00 × 0.80
    await mk('T-TODAY', today, addDays(today, 1), '29.9900')
    const after = await order(dave, 'SH-MAIN', [['PK-3005', '1']])
    expect((await linesOf(after.order.id))[0].unitPrice).toBe('29.9900')
  })

  it('refuses a product with no price for this dealer, with a localized message, and writes nothing', async () => {
    const erin = await dealer('erin@east.test')
    const p = await productId('MT-2004')
    await db().execute(sql`delete from price_list_items where product_id = ${p} and price_list_id in (select id from price_lists where tier = 'B')`)
    const count = await db().$count(salesOrders)
    const mt1 = await balanceOf(await productId('MT-2001'), await warehouseId('SH-MAIN'))
    const err = await refusal(order(erin, 'SH-MAIN', [['MT-2001', '1'], ['MT-2004', '5']]))
    // The first line's stock is untouched by the refused order.
    expect(await balanceOf(await productId('MT-2001'), await warehouseId('SH-MAIN'))).toEqual(mt1)
    expect(err.code).toBe('unprocessable')
    expect(err.messageKey).toBe('orders:errors.notPriced|{"sku":"MT-2004"}')
    expect(await db().$count(salesOrders)).toBe(count)
    // The cart's preview prices the line it can and names the one it cannot, with the same reason.
    const mt1Id = await productId('MT-2001')
    const preview = await quoteCart(erin, { warehouseId: await warehouseId('SH-MAIN'), lines: [{ productId: p, quantity: '1' }, { productId: mt1Id, quantity: '2' }] })
    expect(preview.lines.map((l) => [l.sku, l.quantity])).toEqual([['MT-2001', '2']])
    expect(preview.problems).toEqual([{ productId: p, sku: 'MT-2004', nameEn: expect.any(String), nameZh: expect.any(String), wholeUnits: false, message: 'orders:errors.notPriced|{"sku":"MT-2004"}' }])
    expect(preview.total).toBe(new D(preview.lines[0].lineNet).plus(preview.lines[0].lineTax).toFixed(2))
    expect(preview.credit.thisOrder).toBe(preview.total)
  })

  it('previews a cart with a deactivated product: the other lines are priced, the product is named with its reason', async () => {
    const dave = await dealer('dave@north.test')
    const gone = await productId('PK-3005')
    await db().update(products).set({ active: false }).where(eq(products.id, gone))
    const sh = await warehouseId('SH-MAIN')
    const preview = await quoteCart(dave, { warehouseId: sh, lines: [{ productId: gone, quantity: '1' }, { productId: await productId('MT-2002'), quantity: '3' }] })
    expect(preview.lines.map((l) => l.sku)).toEqual(['MT-2002'])
    expect(preview.problems).toMatchObject([{ productId: gone, sku: 'PK-3005', message: 'orders:errors.unknownProduct' }])
    // A product id that does not exist is named by nothing but its reason.
    const unknown = '00000000-0000-4000-8000-000000000000'
    expect((await quoteCart(dave, { warehouseId: sh, lines: [{ productId: unknown, quantity: '1' }] })).problems).toEqual([
      { productId: unknown, sku: null, nameEn: null, nameZh: null, wholeUnits: null, message: 'orders:errors.unknownProduct' },
    ])
    // Submission still takes all of an order or nothing.
    const err = await refusal(order(dave, 'SH-MAIN', [['MT-2002', '3'], ['PK-3005', '1']]))
    expect(err.messageKey).toBe('orders:errors.unknownProduct')
    await db().update(products).set({ active: true }).where(eq(products.id, gone))
  })

  it('quotes a cart as submission would price it, with availability and the credit check', async () => {
    const dave = await dealer('dave@north.test')
    const q = await quoteCart(dave, { warehouseId: await warehouseId('SH-MAIN'), lines: [{ productId: await productId('AS-4003'), quantity: '12' }] })
    expect(q).toMatchObject({ currency: 'CNY', priceTier: 'A', subtotal: '35040.00', taxTotal: '4555.20', total: '39595.20' })
    expect(q.lines[0]).toMatchObject({ sku: 'AS-4003', unitPrice: '2920.0000', available: '10', willBackorder: true })
    expect(q.credit).toMatchObject({ limit: '500000.00', thisOrder: '39595.20', overLimit: false })
    await expect(quoteCart(await actorFor('alice@bright.test'), { warehouseId: await warehouseId('SH-MAIN'), lines: [] })).rejects.toMatchObject({ code: 'forbidden' })
  })
})

describe('the credit check at submission', () => {
  it('approves exactly at the limit, holds one cent over, and holds everything at a zero limit', async () => {
    const erin = await dealer('erin@east.test')
    const wh = await warehouseId('SH-MAIN')
    const lines = [{ productId: await productId('AS-4005'), quantity: '1' }]
    const q = await quoteCart(erin, { warehouseId: wh, lines })
    const exposure = q.credit
    const atLimit = new D(exposure.receivables).plus(exposure.openOrders).plus(q.total)
    await setCreditLimit('DLR-EAST', atLimit.toFixed(2))
    const ok = await submitOrder(erin, { warehouseId: wh, lines }, { idempotencyKey: randomUUID() })
    expect(ok.order.status).toBe('reserved')
    expect((await orderRow(ok.order.id)).creditCheck).toMatchObject({ available: '0.00', overLimit: false })
    await setCreditLimit('DLR-EAST', atLimit.plus(q.total).minus('0.01').toFixed(2))
    const over = await submitOrder(erin, { warehouseId: wh, lines }, { idempotencyKey: randomUUID() })
    expect(over.order.status).toBe('submitted')
    const row = await orderRow(over.order.id)
    expect(row.needsApproval).toBe(true)
    expect(row.creditCheck).toMatchObject({ available: '-0.01', overLimit: true })
    // Held over credit: nothing reserved, nothing backordered, until a sales manager approves it.
    expect((await linesOf(over.order.id))[0]).toMatchObject({ reservedQty: '0', backorderedQty: '0' })
    expect(await requisitionOf(over.order.id)).toBeNull()
    await setCreditLimit('DLR-EAST', '0')
    expect((await order(erin, 'SH-MAIN', [['EL-1002', '1']])).order.status).toBe('submitted')
    await setCreditLimit('DLR-EAST', '200000.00')
  })

  it('counts open orders: a dealer at its limit is held on the next order', async () => {
    const frank = await dealer('frank@south.test') // CNY 30,000
    const first = await order(frank, 'SH-MAIN', [['AS-4005', '50']]) // 399 × 50 × 1.13 = 22,543.50
    expect(first.order.status).toBe('reserved')
    const second = await order(frank, 'SH-MAIN', [['AS-4005', '20']]) // 9,017.40 more → over
    expect(second.order.status).toBe('submitted')
    expect((await orderRow(second.order.id)).creditCheck).toMatchObject({ openOrders: '22543.50', thisOrder: '9017.40', overLimit: true })
    const audit = await db().select().from(auditLog).where(eq(auditLog.entityId, first.order.id))
    expect(audit.map((a) => [a.action, a.actorKind])).toEqual([['sales_order.submitted', 'dealer'], ['sales_order.approved', 'system']])
  })
})

describe('reserving stock at submission', () => {
  it('reserves what is there, backorders the rest and raises one requisition for the shortfall', async () => {
    const dave = await dealer('dave@north.test')
    const p = await productId('AS-4003')
    const sh = await warehouseId('SH-MAIN')
    expect(await balanceOf(p, sh)).toEqual({ onHand: 10, reserved: 0 })
    const r = await order(dave, 'SH-MAIN', [['AS-4004', '3'], ['AS-4003', '12']])
    expect(r.order.status).toBe('approved')
    const lines = await linesOf(r.order.id)
    const as3 = lines.find((l) => l.position === 2)!
    expect([as3.reservedQty, as3.backorderedQty]).toEqual(['10', '2'])
    expect(lines.find((l) => l.position === 1)!).toMatchObject({ reservedQty: '3', backorderedQty: '0' })
    expect(await balanceOf(p, sh)).toEqual({ onHand: 10, reserved: 10 })
    const req = await requisitionOf(r.order.id)
    expect(req).toMatchObject({ status: 'open', sourceType: 'sales_order', sourceId: r.order.id, requestedBy: null, note: null })
    expect(req!.lines.map((l) => [l.productId, Number(l.quantity), l.sourceLineId, l.warehouseId])).toEqual([[p, 2, as3.id, sh]])
    // Nothing left: the next order backorders all of it, into its own requisition.
    const next = await order(await dealer('erin@east.test'), 'SH-MAIN', [['AS-4003', '1']])
    expect(next.order.status).toBe('approved')
    expect((await requisitionOf(next.order.id))!.lines.map((l) => Number(l.quantity))).toEqual([1])
    expect(await lineIdentityBreaches()).toEqual([])
  })
})

describe('a failure after the stock is reserved', () => {
  // The reservation, the order, its lines, the requisition and the number draws are one transaction: an error at its
  // last statement (the audit insert, made to fail here by a trigger) must leave none of them. The refusals above fail
  // before anything is written, so they cannot tell a transaction from a series of autocommits.
  it('rolls all of it back: no stock held, no order, no lines, no requisition', async () => {
    const dave = await dealer('dave@north.test')
    const sh = await warehouseId('SH-MAIN')
    const [held, short] = [await productId('AS-4004'), await productId('AS-4003')]
    const count = async (table: string) => (await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from ${sql.raw(table)}`))[0].n
    const counts = async () => Promise.all(['sales_orders', 'sales_order_lines', 'stock_reservations', 'requisitions', 'requisition_lines'].map(count))
    const control = await order(dave, 'SH-MAIN', [['MT-2001', '1']])
    const before = [await balanceOf(held, sh), await balanceOf(short, sh)]
    const was = await counts()
    await db().execute(sql.raw(`create function fail_order_audit() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`))
    await db().execute(sql.raw(`create trigger fail_order_audit before insert on audit_log for each row when (new.action = 'sales_order.submitted') execute function fail_order_audit()`))
    try {
      const failed = await order(dave, 'SH-MAIN', [['AS-4004', '3'], ['AS-4003', '12']]).then(() => null, (e: Error & { cause?: Error }) => e)
      expect(failed?.cause?.message ?? failed?.message).toMatch(/injected failure/)
    } finally {
      await db().execute(sql.raw('drop trigger fail_order_audit on audit_log'))
      await db().execute(sql.raw('drop function fail_order_audit()'))
    }
    expect([await balanceOf(held, sh), await balanceOf(short, sh)]).toEqual(before)
    expect(await counts()).toEqual(was)
    // The same order once the fault is gone goes through. Its number skips the failed attempt's: numbers come from
    // sequences, which no rollback gives back (a gap, never a number used twice).
    const r = await order(dave, 'SH-MAIN', [['AS-4004', '3'], ['AS-4003', '12']])
    expect(r.order.status).toBe('approved')
    const seq = (n: string) => Number(n.split('-').pop())
    expect(seq(r.order.number)).toBeGreaterThan(seq(control.order.number))
  })
})

describe('idempotent submission', () => {
  it('replays the same order for the same key and body, and refuses the same key with another body', async () => {
    const dave = await dealer('dave@north.test')
    const key = randomUUID()
    const a = await order(dave, 'SH-MAIN', [['MT-2003', '2']], key)
    const b = await order(dave, 'SH-MAIN', [['MT-2003', '2.000']], key)
    expect(b).toEqual({ order: a.order, replayed: true })
    expect(a.replayed).toBe(false)
    const err = await refusal(order(dave, 'SH-MAIN', [['MT-2003', '3']], key))
    expect([err.code, err.messageKey]).toEqual(['unprocessable', 'orders:errors.idempotencyMismatch'])
    // The key is the dealer's own: another dealer using it places its own order.
    const c = await order(await dealer('erin@east.test'), 'SH-MAIN', [['MT-2003', '2']], key)
    expect(c.replayed).toBe(false)
    expect(c.order.id).not.toBe(a.order.id)
  })

  it('makes one order of concurrent duplicates, reserving once', async () => {
    const dave = await dealer('dave@north.test')
    const p = await productId('MT-2002')
    const sh = await warehouseId('SH-MAIN')
    const before = (await balanceOf(p, sh))!.reserved
    const key = randomUUID()
    const results = await Promise.all(Array.from({ length: 8 }, () => order(dave, 'SH-MAIN', [['MT-2002', '7']], key)))
    expect(new Set(results.map((r) => r.order.id)).size).toBe(1)
    expect(results.filter((r) => !r.replayed)).toHaveLength(1)
    expect((await balanceOf(p, sh))!.reserved).toBe(before + 7)
    const [{ n }] = await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from sales_orders where idempotency_key = ${key}`)
    expect(n).toBe(1)
  })
})

describe('what a submission refuses', () => {
  it.each([['price', '0.01'], ['dealerOrgId', randomUUID()], ['status', 'approved'], ['priceTier', 'A']])('an unknown field %s, writing nothing', async (field, value) => {
    const dave = await dealer('dave@north.test')
    const count = await db().$count(salesOrders)
    const body = { warehouseId: await warehouseId('SH-MAIN'), lines: [{ productId: await productId('MT-2001'), quantity: '1' }], [field]: value }
    const err = await refusal(submitOrder(dave, body as never, { idempotencyKey: randomUUID() }))
    expect(err.code).toBe('bad_input')
    expect(await db().$count(salesOrders)).toBe(count)
  })

  it('staff and suppliers: only a dealer places dealer orders', async () => {
    const body = { warehouseId: await warehouseId('SH-MAIN'), lines: [{ productId: await productId('MT-2001'), quantity: '1' }] }
    for (const email of ['alice@bright.test', 'sales.manager@acme.test']) {
      expect((await refusal(submitOrder(await actorFor(email), body, { idempotencyKey: randomUUID() }))).code).toBe('forbidden')
    }
  })

  it('an amount the order columns cannot hold, as a message rather than a server error', async () => {
    const dave = await dealer('dave@north.test')
    const [l] = await db().insert(priceLists).values({ code: 'T-HUGE', nameEn: 'x', nameZh: 'x', tier: 'A', currency: 'CNY', validFrom: await businessDate(), validTo: null }).returning()
    const [as1, as2, mt] = [await productId('AS-4001'), await productId('AS-4002'), await productId('MT-2001')]
    await db()
      .insert(priceListItems)
      .values([as1, as2].map((p) => ({ priceListId: l.id, productId: p, minQty: '1', unitPrice: '999999.0000' })))
    const count = await db().$count(salesOrders)

    // One line worth more than a whole order may be (its net alone near line_net's limit): refused on its own quantity, by SKU.
    const err = await refusal(order(dave, 'SH-MAIN', [['MT-2001', '1'], ['AS-4001', '9999999999']]))
    expect(err.code).toBe('unprocessable')
    expect(parseMessage(err.messageKey)).toEqual(['orders:errors.lineTooLarge', { sku: 'AS-4001' }])
    expect(err.fieldErrors).toEqual({ 'lines[1].quantity': [err.messageKey] })
    expect((await fixedT('en', 'orders'))('errors.lineTooLarge', { sku: 'AS-4001' })).toBe('The amount for AS-4001 is too large for one order. Order a smaller quantity.')
    // The cart's preview names that line and still prices the other.
    const preview = await quoteCart(dave, { warehouseId: await warehouseId('SH-MAIN'), lines: [{ productId: mt, quantity: '1' }, { productId: as1, quantity: '9999999999' }] })
    expect(preview.lines.map((x) => x.sku)).toEqual(['MT-2001'])
    expect(preview.problems).toMatchObject([{ productId: as1, sku: 'AS-4001', message: err.messageKey }])

    // Lines that each fit but together do not: the order's total.
    const total = await refusal(order(dave, 'SH-MAIN', [['AS-4001', '500000000'], ['AS-4002', '500000000']]))
    expect([total.code, total.messageKey]).toEqual(['unprocessable', 'orders:errors.amountTooLarge'])
    expect((await refusal(order(dave, 'SH-MAIN', [['AS-4003', '99999999999']]))).code).toBe('bad_input')
    expect(await db().$count(salesOrders)).toBe(count)
  })

  it('a bad idempotency key, an unknown product or warehouse', async () => {
    const dave = await dealer('dave@north.test')
    const wh = await warehouseId('SH-MAIN')
    const p = await productId('MT-2001')
    expect((await refusal(submitOrder(dave, { warehouseId: wh, lines: [{ productId: p, quantity: '1' }] }, { idempotencyKey: '' }))).code).toBe('bad_input')
    expect((await refusal(submitOrder(dave, { warehouseId: wh, lines: [{ productId: randomUUID(), quantity: '1' }] }, { idempotencyKey: randomUUID() }))).messageKey).toBe('orders:errors.unknownProduct')
    expect((await refusal(submitOrder(dave, { warehouseId: randomUUID(), lines: [{ productId: p, quantity: '1' }] }, { idempotencyKey: randomUUID() }))).messageKey).toBe('orders:errors.unknownWarehouse')
  })
})
