// How the HTTP API refuses a machine client: a 401 names the API key (missing, unknown, revoked or
// expired, one text that does not say which) with a Bearer challenge, never "please sign in"; and a
// 403 reads the same on every route, auction or order, in either language.
import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { apiKeys, products, warehouses } from '~db/schema'
import { createApiKey, revokeApiKey } from '~/auth/api-keys.server'
import { resolveRequestAuth } from '~/auth/request-auth.server'
import type { Actor } from '~/auth/roles'
import * as auctionsRoute from '~/routes/api.v1.auctions._index'
import * as auctionRoute from '~/routes/api.v1.auctions.$id'
import * as bidsRoute from '~/routes/api.v1.auctions.$id_.bids'
import * as ordersRoute from '~/routes/api.v1.orders._index'
import { actorFor, contextFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'

useTestDatabase({ seed: true })

const meta = { ip: '127.0.0.1' }
const UNAUTHENTICATED = {
  en: 'The API key is missing, unknown, revoked or expired. Send a valid key as "Authorization: Bearer cxk_…", or sign in.',
  'zh-CN': 'API 密钥缺失、无效、已吊销或已过期。请以 "Authorization: Bearer cxk_…" 请求头发送有效的密钥，或先登录。',
}
const FORBIDDEN = { en: 'You are not allowed to do this.', 'zh-CN': '您无权执行此操作。' }

let alice: Actor
let dave: Actor
let sales: Actor

type Handler = (args: any) => Promise<Response>

/** One request as the server handles it: the HTTP layer's resolution of the Bearer header, then the route. */
async function api(handler: Handler, path: string, opts: { token?: string; method?: string; body?: unknown; language?: string; actor?: Actor } = {}) {
  const headers: Record<string, string> = { 'accept-language': opts.language ?? 'zh-CN', 'idempotency-key': crypto.randomUUID() }
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`
  if (opts.body !== undefined) headers['content-type'] = 'application/json'
  const request = new Request(`http://localhost${path}`, { method: opts.method ?? 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) })
  const auth = await resolveRequestAuth(path, { authorization: headers.authorization })
  const res = await handler({ request, context: contextFor(opts.actor ?? auth.actor), params: { id: crypto.randomUUID() } })
  return { status: res.status, challenge: res.headers.get('www-authenticate'), body: await res.json() }
}

const routes: Array<[string, Handler, string, string]> = [
  ['GET /api/v1/auctions', auctionsRoute.loader, '/api/v1/auctions', 'GET'],
  ['GET /api/v1/auctions/{id}', auctionRoute.loader, '/api/v1/auctions/x', 'GET'],
  ['POST /api/v1/auctions/{id}/bids', bidsRoute.action, '/api/v1/auctions/x/bids', 'POST'],
  ['GET /api/v1/orders', ordersRoute.loader, '/api/v1/orders', 'GET'],
  ['POST /api/v1/orders', ordersRoute.action, '/api/v1/orders', 'POST'],
]

beforeAll(async () => {
  ;[alice, dave, sales] = await Promise.all(['alice@bright.test', 'dave@north.test', 'sales@acme.test'].map(actorFor))
})

describe('a refused key', () => {
  it('is a 401 that names the API key, alike for a missing, unknown, malformed, revoked or expired key, in both languages', async () => {
    const revoked = await createApiKey(alice, { intent: 'create', name: 'Revoked', scopes: ['auctions:read'], expiry: 'never' }, meta)
    await revokeApiKey(alice, revoked.key.id, meta)
    const expired = await createApiKey(dave, { intent: 'create', name: 'Expired', scopes: ['orders:read', 'orders:write'], expiry: '30' }, meta)
    await db().update(apiKeys).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(apiKeys.id, expired.key.id))
    const tokens = [undefined, '', 'nonsense', `cxk_0123456789ab_${'A'.repeat(43)}`, revoked.token, expired.token]
    for (const [name, handler, path, method] of routes) {
      for (const language of ['en', 'zh-CN'] as const) {
        const answers = await Promise.all(tokens.map((token) => api(handler, path, { token, method, language, body: method === 'POST' ? { amount: '1.00' } : undefined })))
        for (const [i, r] of answers.entries()) {
          expect(r.status, `${name} ${language} #${i}`).toBe(401)
          expect(r.body, `${name} ${language} #${i}`).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: UNAUTHENTICATED[language] } })
          expect(r.challenge).toBe('Bearer realm="caixiao"')
        }
      }
    }
  })
})

describe('a refused permission', () => {
  it('reads the same on the auction and the order routes, in both languages', async () => {
    const reader = (await createApiKey(dave, { intent: 'create', name: 'Reader', scopes: ['orders:read'], expiry: 'never' }, meta)).token
    const [wh] = await db().select({ id: warehouses.id }).from(warehouses).where(eq(warehouses.code, 'SH-MAIN'))
    const [product] = await db().select({ id: products.id }).from(products).where(eq(products.sku, 'PK-3001'))
    for (const locale of ['en', 'zh-CN'] as const) {
      const answers = [
        // staff without the auction permission, and a supplier key without the bid scope
        await api(auctionsRoute.loader, '/api/v1/auctions', { actor: { ...sales, locale } }),
        await api(bidsRoute.action, '/api/v1/auctions/x/bids', { actor: { ...sales, locale }, method: 'POST', body: { amount: '1.00' } }),
        // a dealer key without the write scope, and with no auction scope at all
        await api(ordersRoute.action, '/api/v1/orders', { actor: { ...(await authenticated(reader)), locale }, method: 'POST', body: { warehouseId: wh.id, lines: [{ productId: product.id, quantity: 1 }] } }),
        await api(auctionsRoute.loader, '/api/v1/auctions', { actor: { ...(await authenticated(reader)), locale } }),
      ]
      for (const r of answers) expect(r).toMatchObject({ status: 403, challenge: null, body: { ok: false, error: { code: 'FORBIDDEN', message: FORBIDDEN[locale] } } })
    }
  })
})

async function authenticated(token: string): Promise<Actor> {
  const auth = await resolveRequestAuth('/api/v1/orders', { authorization: `Bearer ${token}` })
  if (!auth.actor) throw new Error('key refused')
  return auth.actor
}
