// GET /api/v1/openapi.json: an OpenAPI 3.1 document that covers every /api/v1 route file, reachable
// without a key, whose request bodies are the routes' own zod schemas and whose answers are held to
// what the routes really send (each real answer parses with the documented schema, no field more).
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { db } from '~db/client'
import { products, warehouses } from '~db/schema'
import { createApiKey } from '~/auth/api-keys.server'
import { resolveRequestAuth } from '~/auth/request-auth.server'
import type { Actor } from '~/auth/roles'
import * as docs from '~/domain/integrations/openapi.server'
import { OPEN_STATUS_FILTER, orderStatuses } from '~/domain/orders/order-list.validation'
import { openOrderStatuses } from '~/domain/orders/order.rules'
import * as auctionsRoute from '~/routes/api.v1.auctions._index'
import * as auctionRoute from '~/routes/api.v1.auctions.$id'
import * as bidsRoute from '~/routes/api.v1.auctions.$id_.bids'
import * as openapiRoute from '~/routes/api.v1.openapi[.]json'
import * as ordersRoute from '~/routes/api.v1.orders._index'
import { actorFor, contextFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { runningAuction } from '../auction/helpers'

useTestDatabase({ seed: true })

type Doc = Record<string, any>
const ROUTES = path.resolve(__dirname, '../../../app/routes')
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

/** The URL Remix serves a flat route file at: `api.v1.auctions.$id_.bids.tsx` → `/api/v1/auctions/{id}/bids`. */
function urlOf(file: string): string {
  const segments = file
    .replace(/\.tsx?$/, '')
    .replace(/\[\.\]/g, '\0')
    .split('.')
    .filter((s) => s !== '_index')
    .map((s) => s.replace(/_$/, '').replace(/^\$(.+)$/, '{$1}').replace(/\0/g, '.'))
  return `/${segments.join('/')}`
}

const apiRouteFiles = readdirSync(ROUTES).filter((f) => /^api\.v1\./.test(f))

async function fetchDocument(headers: Record<string, string> = {}) {
  const url = 'http://localhost/api/v1/openapi.json'
  const auth = await resolveRequestAuth(url, { authorization: headers.authorization })
  const res = await openapiRoute.loader({ request: new Request(url, { headers }), context: contextFor(auth.actor), params: {} } as any)
  return { res, doc: (await res.json()) as Doc }
}

/** Every `$ref` in the document, wherever it stands. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out)
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v)
      else refsIn(v, out)
    }
  }
  return out
}

const resolve = (doc: Doc, ref: string) => ref.replace(/^#\//, '').split('/').reduce<any>((node, key) => node?.[key], doc)

/** The body parses with the documented schema and loses nothing to it: no field the document does not name. */
function matches(schema: z.ZodType, body: unknown) {
  const parsed = schema.safeParse(body)
  expect(parsed.error?.issues ?? [], JSON.stringify(body).slice(0, 300)).toEqual([])
  expect(parsed.data).toEqual(body)
}

describe('the document', () => {
  let doc: Doc

  beforeAll(async () => {
    doc = (await fetchDocument()).doc
  })

  it('is served to anyone as JSON, without a key and whatever Bearer header comes along', async () => {
    const { res } = await fetchDocument()
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const withWrongKey = await fetchDocument({ authorization: 'Bearer cxk_000000000000_nonsense' })
    expect(withWrongKey.res.status).toBe(200)
    expect(withWrongKey.doc).toEqual(doc)
  })

  it('is OpenAPI 3.1 in shape', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/)
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) })
    expect(Object.keys(doc).every((k) => ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'paths', 'webhooks', 'components', 'security', 'tags', 'externalDocs'].includes(k) || k.startsWith('x-'))).toBe(true)
    for (const [url, item] of Object.entries<Doc>(doc.paths)) {
      expect(url).toMatch(/^\//)
      const operations = Object.entries<Doc>(item).filter(([k]) => METHODS.includes(k))
      expect(operations.length, url).toBeGreaterThan(0)
      // Every {param} of the template is declared as a required path parameter, and no other.
      const template = [...url.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort()
      for (const [method, op] of operations) {
        const params = [...(item.parameters ?? []), ...(op.parameters ?? [])]
        for (const p of params) {
          expect(['query', 'header', 'path', 'cookie'], `${method} ${url}`).toContain(p.in)
          expect(p.schema ?? p.content, `${method} ${url} ${p.name}`).toBeDefined()
          if (p.in === 'path') expect(p.required).toBe(true)
        }
        expect(params.filter((p) => p.in === 'path').map((p) => p.name).sort(), `${method} ${url}`).toEqual(template)
        expect(Object.keys(op.responses ?? {}).length, `${method} ${url}`).toBeGreaterThan(0)
        for (const [status, r] of Object.entries<Doc>(op.responses)) {
          expect(status).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/)
          expect(r.$ref ?? r.description, `${method} ${url} ${status}`).toEqual(expect.any(String))
        }
        // A requirement names a declared scheme; scopes only where they mean something.
        for (const requirement of op.security ?? doc.security ?? []) {
          for (const [scheme, scopes] of Object.entries(requirement)) {
            expect(doc.components.securitySchemes[scheme], scheme).toBeDefined()
            expect(Array.isArray(scopes)).toBe(true)
          }
        }
        if (op.operationId) expect(op.operationId).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/)
      }
    }
    const ids = Object.values<Doc>(doc.paths).flatMap((item) => Object.entries<Doc>(item).filter(([k]) => METHODS.includes(k)).map(([, op]) => op.operationId))
    expect(new Set(ids).size).toBe(ids.length)
    // Every reference resolves, and no schema carries what JSON Schema 2020-12 would refuse there.
    for (const ref of refsIn(doc)) expect(resolve(doc, ref), ref).toBeDefined()
    for (const [id, schema] of Object.entries<Doc>(doc.components.schemas)) {
      expect(schema.$id, id).toBeUndefined()
      expect(JSON.stringify(schema)).not.toContain('"$defs"')
    }
  })

  it('has a path for every api.v1 route file, with an operation for each method the file answers', async () => {
    expect(apiRouteFiles.length).toBeGreaterThanOrEqual(5)
    for (const file of apiRouteFiles) {
      const url = urlOf(file)
      expect(doc.paths[url], `${file} → ${url}`).toBeDefined()
      const mod = await import(path.join(ROUTES, file))
      for (const method of Object.keys(doc.paths[url]).filter((k) => METHODS.includes(k))) {
        expect(typeof (method === 'get' ? mod.loader : mod.action), `${method} ${url}`).toBe('function')
      }
    }
    expect(Object.keys(doc.paths).sort()).toEqual(apiRouteFiles.map(urlOf).sort())
  })

  it('says how the routes authenticate: a Bearer API key with scopes, or the session cookie', () => {
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'cx_session' })
    expect(doc.paths['/api/v1/orders'].post.security).toEqual([{ apiKey: ['orders:write'] }, { session: [] }])
    expect(doc.paths['/api/v1/orders'].get.security).toEqual([{ apiKey: ['orders:read'] }, { session: [] }])
    expect(doc.paths['/api/v1/auctions/{id}/bids'].post.security).toEqual([{ apiKey: ['auctions:bid'] }, { session: [] }])
    expect(doc.paths['/api/v1/openapi.json'].get.security).toEqual([])
    expect(resolve(doc, doc.paths['/api/v1/orders'].get.responses['401'].$ref).headers['WWW-Authenticate']).toBeDefined()
  })

  it("lists every value of the order list's status filter, the group 'open' too", () => {
    const status = doc.paths['/api/v1/orders'].get.parameters.find((p: Doc) => p.name === 'status')
    expect([...status.schema.enum].sort()).toEqual([...orderStatuses, OPEN_STATUS_FILTER].sort())
  })

  it('asks for an Idempotency-Key where the routes read one', () => {
    for (const op of [doc.paths['/api/v1/orders'].post, doc.paths['/api/v1/auctions/{id}/bids'].post]) {
      expect(op.parameters.find((p: Doc) => p.in === 'header' && p.name === 'Idempotency-Key')).toMatchObject({ required: true, schema: { type: 'string', maxLength: 200 } })
    }
  })

  it('takes the order body from the schema the order command parses: lines of productId and a quantity as a number or a string', () => {
    const body = resolve(doc, doc.paths['/api/v1/orders'].post.requestBody.content['application/json'].schema.$ref)
    expect(body).toMatchObject({ type: 'object', required: ['warehouseId', 'lines'], additionalProperties: false })
    const line = body.properties.lines.items
    expect(line.required).toEqual(['productId', 'quantity'])
    expect(line.properties.productId).toMatchObject({ type: 'string', format: 'uuid' })
    expect(line.properties.quantity.type).toEqual(['string', 'number'])
    expect(line.additionalProperties).toBe(false)
    // The total the caller was quoted, optional: callers that price nothing still order.
    expect(body.properties.expectedTotal).toMatchObject({ type: 'string' })
    expect(body.properties.expectedTotal.description).toMatch(/409/)
    const bid = resolve(doc, doc.paths['/api/v1/auctions/{id}/bids'].post.requestBody.content['application/json'].schema.$ref)
    expect(bid).toMatchObject({ required: ['amount'], properties: { amount: { type: 'string' }, confirm: { type: 'boolean' } }, additionalProperties: false })
    expect(resolve(doc, '#/components/schemas/Error')).toMatchObject({ properties: { error: { required: ['code', 'message'], properties: { fields: { type: 'object' } } } } })
  })
})

describe('what the routes answer, against the document', () => {
  let dave: Actor
  let alice: Actor
  let buyer: Actor
  let auctionId: string

  beforeAll(async () => {
    ;[dave, alice, buyer] = await Promise.all(['dave@north.test', 'alice@bright.test', 'buyer@acme.test'].map(actorFor))
    // The last purchase price is below the bid placed below, so the document must take a negative saving.
    auctionId = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'], reserve: '6000.00', lastPurchasePrice: '9800.00', ceiling: '10000.00', decrementAmount: '10.00', maxSingleDropPercent: '100' })
  })

  async function call(handler: (a: any) => Promise<Response>, actor: Actor | null, url: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; params?: Record<string, string> } = {}) {
    const request = new Request(`http://localhost${url}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })
    const res = await handler({ request, context: contextFor(actor), params: init.params ?? {} })
    return { status: res.status, body: await res.json() }
  }

  it('orders: placed, listed (also filtered to the unpaid) and refused', async () => {
    const [wh] = await db().select({ id: warehouses.id }).from(warehouses).where(eq(warehouses.code, 'SH-MAIN'))
    const [product] = await db().select({ id: products.id }).from(products).where(eq(products.sku, 'PK-3001'))
    const key = (await createApiKey(dave, { intent: 'create', name: 'ERP', scopes: ['orders:read', 'orders:write'], expiry: 'never' }, { ip: '127.0.0.1' })).token
    const robot = (await resolveRequestAuth('/api/v1/orders', { authorization: `Bearer ${key}` })).actor
    const placed = await call(ordersRoute.action, robot, '/api/v1/orders', { method: 'POST', body: { warehouseId: wh.id, lines: [{ productId: product.id, quantity: 60 }] }, headers: { 'idempotency-key': 'openapi-doc-1' } })
    expect(placed.status).toBe(201)
    matches(docs.OrderPlacedSchema, placed.body)
    const list = await call(ordersRoute.loader, robot, '/api/v1/orders')
    expect(list.body.orders.length).toBeGreaterThan(0)
    matches(docs.OrderListSchema, list.body)
    const unpaid = await call(ordersRoute.loader, robot, '/api/v1/orders?payment=unpaid')
    matches(docs.OrderListSchema, unpaid.body)
    const open = await call(ordersRoute.loader, robot, `/api/v1/orders?status=${OPEN_STATUS_FILTER}`)
    matches(docs.OrderListSchema, open.body)
    expect(open.body.orders.length).toBeGreaterThan(0)
    for (const o of open.body.orders) expect(openOrderStatuses).toContain(o.status)
    const refused = await call(ordersRoute.action, robot, '/api/v1/orders', { method: 'POST', body: { warehouseId: wh.id, lines: [{ productId: product.id, quantity: 1e21 }] }, headers: { 'idempotency-key': 'openapi-doc-2' } })
    expect(refused.status).toBe(400)
    matches(docs.ApiErrorSchema, refused.body)
    matches(docs.ApiErrorSchema, (await call(ordersRoute.loader, null, '/api/v1/orders')).body)
  })

  it('auctions: the list, both projections, an accepted and a refused bid, and an error', async () => {
    const list = await call(auctionsRoute.loader, alice, '/api/v1/auctions')
    expect(list.body.auctions.length).toBeGreaterThan(0)
    matches(docs.AuctionListSchema, list.body)
    const bid = await call(bidsRoute.action, alice, `/api/v1/auctions/${auctionId}/bids`, {
      method: 'POST',
      body: { amount: '9900.00' },
      headers: { 'idempotency-key': crypto.randomUUID(), 'x-action-token': contextFor(alice).actionToken! },
      params: { id: auctionId },
    })
    expect(bid.status).toBe(201)
    matches(docs.BidAcceptedSchema, bid.body)
    const above = await call(bidsRoute.action, alice, `/api/v1/auctions/${auctionId}/bids`, {
      method: 'POST',
      body: { amount: '20000.00' },
      headers: { 'idempotency-key': crypto.randomUUID(), 'x-action-token': contextFor(alice).actionToken! },
      params: { id: auctionId },
    })
    expect(above.status).toBe(422)
    matches(docs.BidRejectedSchema, above.body)
    const mine = await call(auctionRoute.loader, alice, `/api/v1/auctions/${auctionId}`, { params: { id: auctionId } })
    expect(mine.body.myBids.length).toBe(1)
    matches(docs.SupplierStateSchema, mine.body)
    const host = await call(auctionRoute.loader, buyer, `/api/v1/auctions/${auctionId}`, { params: { id: auctionId } })
    expect(host.body.bids.length).toBe(1)
    expect(host.body).toMatchObject({ lastPurchasePrice: '9800.00', savingsVsLastPurchase: { amount: '-100.00', percent: '-1.02' } })
    matches(docs.BuyerStateSchema, host.body)
    const number = await call(bidsRoute.action, alice, `/api/v1/auctions/${auctionId}/bids`, {
      method: 'POST',
      body: { amount: 9800 },
      headers: { 'idempotency-key': crypto.randomUUID(), 'x-action-token': contextFor(alice).actionToken! },
      params: { id: auctionId },
    })
    expect(number.status).toBe(400)
    matches(docs.ApiErrorSchema, number.body)
  })
})
