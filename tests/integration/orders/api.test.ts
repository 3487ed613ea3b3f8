// POST/GET /api/v1/orders: the order command over JSON — created once per Idempotency-Key, the
// same key with another body refused, unknown fields (a price, a dealer id, a status) refused,
// and nobody but a dealer has orders here; a dealer's list holds only its own orders.
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { products, salesOrders, warehouses } from '~db/schema'
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

  it('needs a key, JSON and a dealer', async () => {
    expect((await post(dave, { warehouseId, lines: [{ productId, quantity: '1' }] }, null)).status).toBe(400)
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
