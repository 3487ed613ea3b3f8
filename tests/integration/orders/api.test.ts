// POST/GET /api/v1/orders: the order command over JSON — created once per Idempotency-Key, the
// same key with another body refused, unknown fields (a price, a dealer id, a status) refused,
// and nobody but a dealer has orders here; a dealer's list holds only its own orders.
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { products, salesOrderLines, salesOrders, warehouses } from '~db/schema'
import type { Actor } from '~/auth/roles'
import * as route from '~/routes/api.v1.orders._index'
import { actorFor, contextFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'

useTestDatabase({ seed: true })

let dave: Actor
let erin: Actor
let alice: Actor
let sales: Actor
let warehouseId: string
let productId: string

async function post(actor: Actor | null, body: unknown, key: string | null = 'k-1') {
  const request = new Request('http://localhost/api/v1/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const res = await route.action({ request, context: contextFor(actor), params: {} } as any)
  return { status: res.status, body: await res.json() }
}

async function list(actor: Actor | null) {
  const res = await route.loader({ request: new Request('http://localhost/api/v1/orders'), context: contextFor(actor), params: {} } as any)
  return { status: res.status, body: await res.json() }
}

beforeAll(async () => {
  ;[dave, erin, alice, sales] = await Promise.all(['dave@north.test', 'erin@east.test', 'alice@bright.test', 'sales@acme.test'].map(actorFor))
  warehouseId = (await db().select({ id: warehouses.id }).from(warehouses).where(eq(warehouses.code, 'SH-MAIN')))[0].id
  productId = (await db().select({ id: products.id }).from(products).where(eq(products.sku, 'PK-3001')))[0].id
})

describe('POST /api/v1/orders', () => {
  it('creates the order once per key and replays it for a retry', async () => {
    const body = { warehouseId, lines: [{ productId, quantity: '2' }], dealerReference: 'PO-API-1' }
    const first = await post(dave, body, 'api-key-1')
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ ok: true, replayed: false, order: { id: expect.any(String), number: expect.stringMatching(/^SO-/) } })
    const again = await post(dave, body, 'api-key-1')
    expect(again).toMatchObject({ status: 200, body: { ok: true, replayed: true, order: { id: first.body.order.id } } })
    const rows = await db().select({ id: salesOrders.id }).from(salesOrders).where(eq(salesOrders.idempotencyKey, 'api-key-1'))
    expect(rows).toHaveLength(1)
    // The same key with another body is another request: refused, nothing written.
    const other = await post(dave, { ...body, lines: [{ productId, quantity: '3' }] }, 'api-key-1')
    expect(other.status).toBeGreaterThanOrEqual(400)
    expect(other.body.ok).toBe(false)
    expect(await db().select({ id: salesOrders.id }).from(salesOrders).where(eq(salesOrders.idempotencyKey, 'api-key-1'))).toHaveLength(1)
  })

  it('refuses a price, a dealer id or a status in the body, and writes nothing', async () => {
    const before = (await db().select({ id: salesOrders.id }).from(salesOrders)).length
    for (const extra of [{ unitPrice: '0.01' }, { dealerOrgId: erin.orgId }, { status: 'delivered' }]) {
      const r = await post(dave, { warehouseId, lines: [{ productId, quantity: '1' }], ...extra }, `extra-${Object.keys(extra)[0]}`)
      expect(r.status).toBe(400)
      expect(r.body).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.any(String) } })
    }
    const lineWithPrice = await post(dave, { warehouseId, lines: [{ productId, quantity: '1', unitPrice: '0.01' }] }, 'extra-line-price')
    expect(lineWithPrice.status).toBe(400)
    expect((await db().select({ id: salesOrders.id }).from(salesOrders)).length).toBe(before)
  })

  it("words a refused field in the caller's language, with its parameters (the field's name, the limit)", async () => {
    const cases = [
      { body: { warehouseId, lines: [{ productId, quantity: '1', unitPrice: '0.01' }] }, field: 'lines[0]', en: 'Unexpected field: unitPrice.', zh: '不允许的字段：unitPrice。' },
      { body: { warehouseId, lines: [{ productId, quantity: '1' }], dealerReference: 'x'.repeat(300) }, field: 'dealerReference', en: 'At most 100 characters.', zh: '最多 100 个字符。' },
    ]
    for (const [i, c] of cases.entries()) {
      for (const locale of ['en', 'zh-CN'] as const) {
        const r = await post({ ...dave, locale }, c.body, `api-words-${i}-${locale}`)
        const text = locale === 'en' ? c.en : c.zh
        expect(r.status).toBe(400)
        expect(r.body.error).toMatchObject({ code: 'BAD_INPUT', message: text })
        expect(r.body.error.fields[c.field]).toEqual([text])
      }
    }
  })

  it('takes a quantity as a JSON number, as the exact decimal it was written as', async () => {
    const r = await post(dave, { warehouseId, lines: [{ productId, quantity: 60 }] }, 'api-number-60')
    expect(r).toMatchObject({ status: 201, body: { ok: true, replayed: false } })
    const [line] = await db().select({ quantity: salesOrderLines.quantity }).from(salesOrderLines).where(eq(salesOrderLines.orderId, r.body.order.id))
    expect(Number(line.quantity)).toBe(60)
    // The number and its text are one body: a retry with the other spelling replays the order.
    expect(await post(dave, { warehouseId, lines: [{ productId, quantity: '60' }] }, 'api-number-60')).toMatchObject({ status: 200, body: { replayed: true, order: { id: r.body.order.id } } })
  })

  it('refuses a number that cannot be an exact quantity with a message for a number, in both languages', async () => {
    const before = (await db().select({ id: salesOrders.id }).from(salesOrders)).length
    const words = { en: 'Send a quantity greater than 0 with at most 10 digits before the decimal point and 4 after it, such as 60 or 12.5.', 'zh-CN': '数量须大于 0，整数部分最多 10 位、小数部分最多 4 位，例如 60 或 12.5。' }
    for (const [i, quantity] of [1e21, 1e-7, 0, -3, 1.23456].entries()) {
      for (const locale of ['en', 'zh-CN'] as const) {
        const r = await post({ ...dave, locale }, { warehouseId, lines: [{ productId, quantity }] }, `api-number-bad-${i}-${locale}`)
        expect(r.status, String(quantity)).toBe(400)
        expect(r.body.error).toMatchObject({ code: 'BAD_INPUT', message: words[locale], fields: { 'lines[0].quantity': [words[locale]] } })
      }
    }
    // Counted goods still take whole units only, whichever way the quantity is written.
    const half = await post({ ...dave, locale: 'en' }, { warehouseId, lines: [{ productId, quantity: 2.5 }] }, 'api-number-half')
    expect(half).toMatchObject({ status: 400, body: { error: { code: 'BAD_INPUT', fields: { 'lines[0].quantity': ['PK-3001 is counted in whole units: enter a whole number.'] } } } })
    expect((await db().select({ id: salesOrders.id }).from(salesOrders)).length).toBe(before)
  })

  it('needs a key, JSON and a dealer', async () => {
    // No key, or one too short to be unique: told what the header must be (the forms' "reload the page" means nothing to a program).
    for (const key of [null, 'k-1']) {
      const r = await post({ ...dave, locale: 'en' }, { warehouseId, lines: [{ productId, quantity: '1' }] }, key)
      expect(r.status, String(key)).toBe(400)
      expect(r.body.error.message).toBe('Send an Idempotency-Key header of 8 to 200 letters, digits or . _ : - (one per order; a retry sends the same key).')
    }
    expect((await post(dave, '{not json', 'k-json')).status).toBe(400)
    expect((await post(null, { warehouseId, lines: [] })).status).toBe(401)
    expect((await post(alice, { warehouseId, lines: [{ productId, quantity: '1' }] }, 'k-alice')).status).toBe(404)
    expect((await post(sales, { warehouseId, lines: [{ productId, quantity: '1' }] }, 'k-sales')).status).toBe(404)
  })
})

describe('GET /api/v1/orders', () => {
  it("lists the dealer's own orders only", async () => {
    const mine = await list(dave)
    expect(mine.status).toBe(200)
    const ids = new Set(mine.body.orders.map((o: { id: string }) => o.id))
    const own = await db().select({ id: salesOrders.id }).from(salesOrders).where(eq(salesOrders.dealerOrgId, dave.orgId))
    for (const o of mine.body.orders) expect(own.map((r) => r.id)).toContain(o.id)
    const erins = await list(erin)
    for (const o of erins.body.orders) expect(ids.has(o.id)).toBe(false)
    expect((await list(null)).status).toBe(401)
    expect((await list(alice)).status).toBe(404)
  })
})
