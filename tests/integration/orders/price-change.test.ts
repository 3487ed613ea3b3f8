// A price changed between the dealer's quote and its click: the order is not placed at a total the
// dealer was never shown. submitOrder compares the quoted total (expectedTotal) with its own pricing
// and refuses a difference with a conflict, writing nothing (no order, reservation, requisition or
// audit row); the cart and the API answer 409 with the localized message. The same total places
// the order; a replay of a placed order still answers it; API callers that send no total still order.
import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { priceLists } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { quoteCart } from '~/domain/orders/quote-cart.server'
import { submitOrder } from '~/domain/orders/submit-order.server'
import { setPriceListItem } from '~/domain/sales/set-price-list-item.server'
import { fixedT } from '~/i18n/i18next.server'
import * as api from '~/routes/api.v1.orders._index'
import { actorFor, contextFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { refusal } from '../../support/errors'
import { payload, routeArgs, statusOf } from '../catalog/helpers'
import { dealer, linesOf, orderRow, productId, warehouseId } from './helpers'

useTestDatabase({ seed: true })

let manager: Actor
let listA: string
beforeAll(async () => {
  manager = await actorFor('sales.manager@acme.test')
  listA = (await db().select({ id: priceLists.id }).from(priceLists).where(eq(priceLists.code, 'PL-A-2026')))[0].id
})

const setPrice = (sku: string, unitPrice: string) => setPriceListItem(manager, listA, { sku, minQty: '1', unitPrice })

/** Everything an order writes, counted: a refused submission must leave each as it was. */
async function footprint() {
  const [row] = await rawRows<Record<string, number>>(
    db(),
    sql`select (select count(*)::int from sales_orders) as orders, (select count(*)::int from sales_order_lines) as lines,
               (select count(*)::int from stock_reservations) as reservations, (select count(*)::int from requisitions) as requisitions,
               (select count(*)::int from audit_log where entity_type = 'sales_order') as audits,
               (select coalesce(sum(reserved), 0)::text from stock_balances) as reserved`,
  )
  return row
}

describe('the total the dealer was shown is the one it is charged', () => {
  it('refuses a submission priced since its quote and writes nothing; the new total places it under the same key', async () => {
    const dave = await dealer('dave@north.test')
    // More MT-2001 than Shanghai holds: placed, this order would reserve stock, backorder the rest and raise a requisition.
    const body = { warehouseId: await warehouseId('SH-MAIN'), lines: [{ productId: await productId('MT-2001'), quantity: '100000' }, { productId: await productId('EL-1003'), quantity: '10' }] }
    const shown = await quoteCart(dave, body)
    expect(shown.lines.find((l) => l.sku === 'MT-2001')).toMatchObject({ unitPrice: '1.2800', willBackorder: true })
    expect(shown.credit.overLimit).toBe(false)

    await setPrice('MT-2001', '1.3000')
    const before = await footprint()
    const key = randomUUID()
    const err = await refusal(submitOrder(dave, { ...body, expectedTotal: shown.total }, { idempotencyKey: key }))
    expect([err.code, err.status, err.messageKey]).toEqual(['conflict', 409, 'orders:errors.pricesChanged'])
    expect(await footprint()).toEqual(before)

    // The cart prices again and the dealer confirms the new total: placed at it, with the same checkout key.
    const requoted = await quoteCart(dave, body)
    expect(requoted.total).not.toBe(shown.total)
    const placed = await submitOrder(dave, { ...body, expectedTotal: requoted.total }, { idempotencyKey: key })
    expect(placed.replayed).toBe(false)
    expect((await orderRow(placed.order.id)).total).toBe(requoted.total)
    expect((await linesOf(placed.order.id)).find((l) => l.position === 1)!.unitPrice).toBe('1.3000')
    const after = await footprint()
    expect([after.orders, after.requisitions]).toEqual([before.orders + 1, before.requisitions + 1])

    // A retry of that order (a double click, a lost answer) is its replay, whatever total it carried: the key's order exists.
    for (const expectedTotal of [requoted.total, shown.total, undefined]) {
      expect(await submitOrder(dave, { ...body, expectedTotal }, { idempotencyKey: key })).toEqual({ order: placed.order, replayed: true })
    }
    expect((await footprint()).orders).toBe(after.orders)
  })

  it('places the order when the total is the one shown, however it is written, and without one (API callers)', async () => {
    const dave = await dealer('dave@north.test')
    const body = { warehouseId: await warehouseId('SH-MAIN'), lines: [{ productId: await productId('MT-2003'), quantity: '5' }] }
    const { total } = await quoteCart(dave, body)
    // Compared as amounts, not as text: "0123.40" is 123.4.
    expect((await submitOrder(dave, { ...body, expectedTotal: `0${total}` }, { idempotencyKey: randomUUID() })).replayed).toBe(false)
    expect((await submitOrder(dave, body, { idempotencyKey: randomUUID() })).replayed).toBe(false)
  })

  it('refuses an expected total that is no amount, as a field of the order', async () => {
    const dave = await dealer('dave@north.test')
    const body = { warehouseId: await warehouseId('SH-MAIN'), lines: [{ productId: await productId('MT-2003'), quantity: '1' }] }
    const before = await footprint()
    for (const expectedTotal of ['abc', '-1', '1.001', '99999999999999999']) {
      const err = await refusal(submitOrder(dave, { ...body, expectedTotal }, { idempotencyKey: randomUUID() }))
      expect(err.code, expectedTotal).toBe('bad_input')
      expect(Object.keys(err.fieldErrors ?? {})).toEqual(['expectedTotal'])
    }
    expect(await footprint()).toEqual(before)
  })
})

describe('the cart and the API answer 409 with the localized message', () => {
  it('the cart form: 409, the words, nothing written (also when it carries no total)', async () => {
    const erin = await dealer('erin@east.test')
    const cart = await import('../../../portal-customer/routes/cart')
    const fields = { warehouseId: await warehouseId('SH-MAIN'), 'lines[0].productId': await productId('PK-3002'), 'lines[0].quantity': '3' }
    const quoted: any = await cart.action!(routeArgs(erin, '/dealer/cart', {}, { method: 'POST', body: new URLSearchParams({ intent: 'quote', ...fields }) }))
    const total: string = quoted.quote.total
    // Tier B's list, not the one erin was quoted from, changes nothing for her: the same total still places.
    await setPrice('PK-3002', '1.0000')
    const submit = (expectedTotal: string, idempotencyKey: string) =>
      cart.action!(routeArgs(erin, '/dealer/cart', {}, { method: 'POST', body: new URLSearchParams({ intent: 'submit', idempotencyKey, expectedTotal, ...fields }) }))
    const ok = (await submit(total, 'price-change-cart-ok-1')) as Response
    expect(ok.status).toBe(302)

    const before = await footprint()
    const res = await submit(`${(Number(total) + 1).toFixed(2)}`, 'price-change-cart-stale-1')
    expect(await statusOf(async () => res)).toBe(409)
    expect(payload(res)).toMatchObject({ intent: 'submit', error: 'orders:errors.pricesChanged' })
    expect(await footprint()).toEqual(before)
    // Posted without the total it showed (a stale tab, a script, a page not yet hydrated): priced again, not placed.
    const bare = await cart.action!(routeArgs(erin, '/dealer/cart', {}, { method: 'POST', body: new URLSearchParams({ intent: 'submit', idempotencyKey: 'price-change-cart-bare-1', ...fields }) }))
    expect(await statusOf(async () => bare)).toBe(409)
    expect(payload(bare)).toMatchObject({ intent: 'submit', error: 'orders:errors.pricesChanged' })
    expect(await footprint()).toEqual(before)
    expect((await fixedT('en', 'orders'))('errors.pricesChanged')).toBe('Prices changed since your cart was priced: check the new total and place the order again.')
    expect((await fixedT('zh-CN', 'orders'))('errors.pricesChanged')).toBe('购物车计价后价格有变动：请核对新的价税合计，再重新提交订单。')
  })

  it('POST /api/v1/orders: 409 CONFLICT for a stale expectedTotal, 201 for the current one', async () => {
    const dave = await dealer('dave@north.test')
    const body = { warehouseId: await warehouseId('SH-MAIN'), lines: [{ productId: await productId('PK-3003'), quantity: '4' }] }
    const post = async (json: unknown, key: string) => {
      const request = new Request('http://localhost/api/v1/orders', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(json) })
      const res = await api.action({ request, context: contextFor({ ...dave, locale: 'en' }), params: {} } as any)
      return { status: res.status, body: await res.json() }
    }
    const { total } = await quoteCart(dave, body)
    await setPrice('PK-3003', '2.5000')
    const before = await footprint()
    const stale = await post({ ...body, expectedTotal: total }, 'price-change-api-1')
    expect(stale).toMatchObject({ status: 409, body: { ok: false, error: { code: 'CONFLICT', message: 'Prices changed since your cart was priced: check the new total and place the order again.' } } })
    expect(await footprint()).toEqual(before)
    const fresh = await post({ ...body, expectedTotal: (await quoteCart(dave, body)).total }, 'price-change-api-1')
    expect(fresh).toMatchObject({ status: 201, body: { ok: true, replayed: false } })
  })
})
