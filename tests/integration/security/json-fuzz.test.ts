// M1 and M2 on the JSON API, with real API keys: a dealer's order (POST /api/v1/orders), a supplier's bid
// (POST /api/v1/auctions/:id/bids), and the auction reads that take no writes. See json-fuzz.ts.
import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { products, warehouses } from '~db/schema'
import { createApiKey } from '~/auth/api-keys.server'
import type { Actor } from '~/auth/roles'
import * as auctionRoute from '~/routes/api.v1.auctions.$id'
import * as auctionsRoute from '~/routes/api.v1.auctions._index'
import * as bidsRoute from '~/routes/api.v1.auctions.$id_.bids'
import * as ordersRoute from '~/routes/api.v1.orders._index'
import { resolveRequestAuth } from '~/auth/request-auth.server'
import { actorFor, contextFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { runningAuction } from '../auction/helpers'
import { findingsOf } from './form-fuzz'
import { fuzzJson } from './json-fuzz'

useTestDatabase({ seed: true })

const ORDER_TABLES = ['sales_orders', 'sales_order_lines', 'stock_reservations', 'stock_balances', 'requisitions', 'idempotency_keys']
const meta = { ip: '127.0.0.1' }

let dave: Actor
let alice: Actor
let daveKey: string
let aliceKey: string

beforeAll(async () => {
  ;[dave, alice] = await Promise.all(['dave@north.test', 'alice@bright.test'].map(actorFor))
  daveKey = (await createApiKey(dave, { intent: 'create', name: 'Fuzz ERP', scopes: ['orders:read', 'orders:write'], expiry: 'never' }, meta)).token
  aliceKey = (await createApiKey(alice, { intent: 'create', name: 'Fuzz bidder', scopes: ['auctions:read', 'auctions:bid'], expiry: 'never' }, meta)).token
})

describe('POST /api/v1/orders', () => {
  it('refuses junk bodies with a JSON error in the dealer’s language and writes nothing', async () => {
    const [wh] = await db().select({ id: warehouses.id }).from(warehouses).where(eq(warehouses.code, 'SH-MAIN'))
    const [p] = await db().select({ id: products.id }).from(products).where(eq(products.sku, 'PK-3001'))
    const outcomes = await fuzzJson({
      name: 'api orders',
      action: ordersRoute.action,
      path: '/api/v1/orders',
      token: daveKey,
      locale: dave.locale,
      valid: () => ({ warehouseId: wh.id, lines: [{ productId: p.id, quantity: '2' }], dealerReference: 'PO-FUZZ', shipTo: 'Dock 3', note: 'Fuzz' }),
      headers: () => ({ 'idempotency-key': randomUUID() }),
      maxBody: 64 * 1024,
      textPaths: ['dealerReference', 'shipTo', 'note'],
      known: { 'lines.0.quantity number 1': 'documented: a quantity is a number or a string (quantityField reads a safe number as its text)' },
      tables: ORDER_TABLES,
    })
    expect(outcomes.filter((o) => o.verdict === 'refused').length).toBeGreaterThan(100)
    expect(findingsOf(outcomes)).toEqual([])
  }, 120_000)
})

describe('POST /api/v1/auctions/:id/bids', () => {
  it('refuses junk bodies with a JSON error in the supplier’s language and places no bid', async () => {
    const id = await runningAuction(await actorFor('buyer@acme.test'))
    const outcomes = await fuzzJson({
      name: 'api bids',
      action: bidsRoute.action,
      path: `/api/v1/auctions/${id}/bids`,
      params: { id },
      token: aliceKey,
      locale: alice.locale,
      valid: () => ({ amount: '9990.00', confirm: false }),
      headers: () => ({ 'idempotency-key': randomUUID() }),
      maxBody: 4 * 1024,
      known: { 'confirm true': 'a confirmed bid: confirm is a boolean, and true is one of its two values' },
      tables: ['auctions', 'auction_lines', 'auction_participants', 'auction_bids', 'auction_events', 'idempotency_keys'],
      // A bid the rules refuse (422 INVALID_AMOUNT, 409 …) is logged as a bid_rejected event and its answer kept under its
      // key, so a retry gets the same answer (auction-rules.md): by design. A malformed body (400, 413) writes nothing.
      ruleRefusalWrites: { tables: ['auction_events', 'idempotency_keys'], statuses: [409, 422] },
    })
    expect(outcomes.filter((o) => o.verdict === 'refused').length).toBeGreaterThan(40)
    expect(findingsOf(outcomes)).toEqual([])
  }, 120_000)
})

describe('a body not declared JSON', () => {
  it('is refused on both writing routes with words that name the header, whatever it holds', async () => {
    const id = await runningAuction(await actorFor('buyer@acme.test'))
    const [wh] = await db().select({ id: warehouses.id }).from(warehouses).where(eq(warehouses.code, 'SH-MAIN'))
    const [p] = await db().select({ id: products.id }).from(products).where(eq(products.sku, 'PK-3001'))
    const cases = [
      { action: ordersRoute.action, path: '/api/v1/orders', params: {}, token: daveKey, body: { warehouseId: wh.id, lines: [{ productId: p.id, quantity: '2' }] } },
      { action: bidsRoute.action, path: `/api/v1/auctions/${id}/bids`, params: { id }, token: aliceKey, body: { amount: '9990.00' } },
    ]
    for (const c of cases) {
      const headers = { authorization: `Bearer ${c.token}`, 'content-type': 'text/plain;charset=UTF-8', 'idempotency-key': randomUUID() }
      const auth = await resolveRequestAuth(c.path, { authorization: headers.authorization })
      const res = await c.action({ request: new Request(`http://localhost${c.path}`, { method: 'POST', headers, body: JSON.stringify(c.body) }), context: contextFor(auth.actor!), params: c.params } as never)
      expect(res.status, c.path).toBe(400)
      expect((await res.json()).error.message, c.path).toContain('Content-Type: application/json')
    }
  })
})

describe('the auction reads', () => {
  it('answer a POST of any body with 405 and write nothing', async () => {
    const id = await runningAuction(await actorFor('buyer@acme.test'))
    for (const [route, path, params] of [[auctionsRoute, '/api/v1/auctions', {}], [auctionRoute, `/api/v1/auctions/${id}`, { id }]] as const) {
      const outcomes = await fuzzJson({ name: `api ${path}`, action: route.action, path, params, token: aliceKey, locale: alice.locale, valid: () => ({ title: 'x', status: 'closed' }), maxBody: 64 * 1024, tables: ['auctions', 'auction_lines', 'auction_bids', 'auction_events'] })
      expect(outcomes.every((o) => o.status === 405), path).toBe(true)
      expect(findingsOf(outcomes)).toEqual([])
    }
  }, 120_000)
})
