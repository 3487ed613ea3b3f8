// API keys end to end below the browser: admins make, list and revoke their own organization's
// keys through the real pages; a Bearer token becomes its creator's actor narrowed to the key's
// scopes, through the same resolution the HTTP layer runs, into the real /api/v1 route modules.
// Revoked, expired, or a deactivated creator's or organization's keys answer like no key at all.
import { and, desc, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { apiKeys, auditLog, organizations, products, users, warehouses } from '~db/schema'
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from '~/auth/api-keys.server'
import { resolveRequestAuth } from '~/auth/request-auth.server'
import { SESSION_COOKIE } from '~/auth/session.server'
import type { Actor } from '~/auth/roles'
import * as consoleKeys from '~/routes/console.api-keys'
import * as auctionsRoute from '~/routes/api.v1.auctions._index'
import * as auctionRoute from '~/routes/api.v1.auctions.$id'
import * as bidsRoute from '~/routes/api.v1.auctions.$id_.bids'
import * as ordersRoute from '~/routes/api.v1.orders._index'
import * as supplierKeys from '../../../portal-supplier/routes/api-keys'
import * as dealerKeys from '../../../portal-customer/routes/api-keys'
import { actorFor, contextFor, tokenOf } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { bidCount, runningAuction } from '../auction/helpers'
import { call } from '../parties/helpers'

useTestDatabase({ seed: true })

let admin: Actor
let sales: Actor
let alice: Actor
let amy: Actor
let bob: Actor
let carol: Actor
let dave: Actor
let auctionId: string

const meta = { ip: '127.0.0.1' }

beforeAll(async () => {
  ;[admin, sales, alice, amy, bob, carol, dave] = await Promise.all(
    ['admin@acme.test', 'sales@acme.test', 'alice@bright.test', 'amy@bright.test', 'bob@precision.test', 'carol@ningbo.test', 'dave@north.test'].map(actorFor),
  )
  auctionId = await runningAuction(await actorFor('buyer@acme.test'), {
    participants: ['SUP-BRIGHT', 'SUP-PRECISION'],
    ceiling: '10000.00',
    decrementAmount: '10.00',
    maxSingleDropPercent: '100',
  })
})

/** Through the page, as an admin would: the token is in this answer only. */
async function createThroughPage(route: { action: (a: any) => unknown }, actor: Actor, url: string, fields: Record<string, string | string[]>) {
  return call(route.action, { actor, url, fields: { intent: 'create', ...fields } })
}

/**
 * One API request as the server handles it: the HTTP layer's resolution (Bearer on /api/v1, the
 * cookie otherwise) builds the context, then the real route module answers.
 */
async function api(
  handler: (args: any) => Promise<Response>,
  path: string,
  opts: { token?: string; cookie?: string; method?: string; body?: unknown; headers?: Record<string, string>; params?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) }
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`
  if (opts.cookie) headers.cookie = `${SESSION_COOKIE}=${opts.cookie}`
  if (opts.body !== undefined) headers['content-type'] = 'application/json'
  const url = `http://localhost${path}`
  const request = new Request(url, { method: opts.method ?? 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) })
  const auth = await resolveRequestAuth(path, { authorization: headers.authorization, cookie: headers.cookie })
  const context = { ...contextFor(auth.actor), sessionId: auth.session?.sessionId ?? null }
  const res = await handler({ request, context, params: opts.params ?? {} })
  return { status: res.status, body: await res.json() }
}

async function keyRow(id: string) {
  const [row] = await db().select().from(apiKeys).where(eq(apiKeys.id, id))
  return row
}

describe('managing keys on the pages', () => {
  it('shows a partner admin the secret once, stores only its digest, and lists the key without it', async () => {
    const made = await createThroughPage(supplierKeys, alice, '/supplier/api-keys', { name: 'ERP connector', scopes: ['auctions:read'], expiry: '90' })
    expect(made.status).toBe(200)
    const { id, token } = made.body.created
    expect(token).toMatch(/^cxk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/)
    const row = await keyRow(id)
    expect(row).toMatchObject({ orgId: alice.orgId, createdBy: alice.userId, name: 'ERP connector', scopes: ['auctions:read'], revokedAt: null })
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(row)).not.toContain(token.slice(17))
    expect(row.expiresAt!.getTime() - row.createdAt.getTime()).toBeCloseTo(90 * 86_400_000, -4)

    const page = await call(supplierKeys.loader, { actor: alice, url: '/supplier/api-keys' })
    expect(page.status).toBe(200)
    expect(page.body.keys.map((k: { id: string }) => k.id)).toContain(id)
    expect(page.body.keys.find((k: { id: string }) => k.id === id)).toMatchObject({ prefix: token.slice(4, 16), status: 'active', lastUsedAt: null, createdByName: alice.name })
    expect(JSON.stringify(page.body)).not.toContain(token.slice(17))

    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'api_key.created'), eq(auditLog.entityId, id)))
    expect(audit).toMatchObject({ actorUserId: alice.userId, actorOrgId: alice.orgId, outcome: 'ok' })
    expect(audit.after).toMatchObject({ name: 'ERP connector', scopes: ['auctions:read'] })
    expect(JSON.stringify(audit)).not.toContain(token.slice(17))
  })

  it('refuses a scope the organization cannot have, an empty scope list and a missing name', async () => {
    const before = (await db().select().from(apiKeys)).length
    expect((await createThroughPage(dealerKeys, dave, '/dealer/api-keys', { name: 'x', scopes: ['auctions:bid'] })).status).toBe(400)
    expect((await createThroughPage(consoleKeys, admin, '/console/api-keys', { name: 'x', scopes: ['auctions:bid'] })).status).toBe(400)
    const none = await createThroughPage(supplierKeys, alice, '/supplier/api-keys', { name: 'x' })
    expect(none.status).toBe(400)
    expect(none.body.submission.error.scopes).toEqual(['apikeys:validation.scopes'])
    expect((await createThroughPage(supplierKeys, alice, '/supplier/api-keys', { name: ' ', scopes: ['auctions:read'] })).status).toBe(400)
    expect((await db().select().from(apiKeys)).length).toBe(before)
  })

  it('is for admins only: a partner user and staff without users.manage get 403', async () => {
    expect((await call(supplierKeys.loader, { actor: amy, url: '/supplier/api-keys' })).status).toBe(403)
    expect((await createThroughPage(supplierKeys, amy, '/supplier/api-keys', { name: 'x', scopes: ['auctions:read'] })).status).toBe(403)
    expect((await call(consoleKeys.loader, { actor: sales, url: '/console/api-keys' })).status).toBe(403)
    expect((await call(consoleKeys.loader, { actor: admin, url: '/console/api-keys' })).body.scopes).toEqual(['auctions:read'])
    expect((await call(supplierKeys.loader, { actor: dave, url: '/supplier/api-keys' })).status).toBe(403)
    // A plain partner user's 403 says the page is the admins' (the error page reads it from the answer).
    expect(JSON.parse((await call(supplierKeys.loader, { actor: amy, url: '/supplier/api-keys' })).body)).toEqual({ adminOnly: 'apiKeys' })
    const dora = await actorFor('dora@north.test')
    expect(JSON.parse((await call(dealerKeys.loader, { actor: dora, url: '/dealer/api-keys' })).body)).toEqual({ adminOnly: 'apiKeys' })
  })

  it('keeps each organization to its own keys: another one’s key is not found, and not listed', async () => {
    const { key } = await createApiKey(alice, { intent: 'create', name: 'Bright only', scopes: ['auctions:read'], expiry: 'never' }, meta)
    expect((await listApiKeys(bob)).map((k) => k.id)).not.toContain(key.id)
    expect((await call(supplierKeys.loader, { actor: bob, url: '/supplier/api-keys' })).body.keys.map((k: { id: string }) => k.id)).not.toContain(key.id)
    const byBob = await call(supplierKeys.action, { actor: bob, url: '/supplier/api-keys', fields: { intent: 'revoke', keyId: key.id } })
    const unknown = await call(supplierKeys.action, { actor: bob, url: '/supplier/api-keys', fields: { intent: 'revoke', keyId: crypto.randomUUID() } })
    expect(byBob.status).toBe(404)
    expect(unknown.status).toBe(404)
    expect((await call(dealerKeys.action, { actor: dave, url: '/dealer/api-keys', fields: { intent: 'revoke', keyId: key.id } })).status).toBe(404)
    expect((await call(consoleKeys.action, { actor: admin, url: '/console/api-keys', fields: { intent: 'revoke', keyId: key.id } })).status).toBe(404)
    expect((await call(supplierKeys.action, { actor: bob, url: '/supplier/api-keys', fields: { intent: 'revoke', keyId: 'not-a-uuid' } })).status).toBe(404)
    expect((await keyRow(key.id)).revokedAt).toBeNull()
  })

  it('revokes with an audit row, once', async () => {
    const { key, token } = await createApiKey(alice, { intent: 'create', name: 'Short-lived', scopes: ['auctions:read'], expiry: 'never' }, meta)
    expect(await authenticateApiKey(token)).not.toBeNull()
    const done = await call(supplierKeys.action, { actor: alice, url: '/supplier/api-keys', fields: { intent: 'revoke', keyId: key.id } })
    expect(done).toMatchObject({ status: 302, location: '/supplier/api-keys' })
    expect(await keyRow(key.id)).toMatchObject({ revokedBy: alice.userId, revokedReason: 'manual' })
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'api_key.revoked'), eq(auditLog.entityId, key.id)))
    expect(audit).toMatchObject({ actorUserId: alice.userId, outcome: 'ok' })
    const again = await call(supplierKeys.action, { actor: alice, url: '/supplier/api-keys', fields: { intent: 'revoke', keyId: key.id } })
    expect(again.status).toBe(422)
    expect((await listApiKeys(alice)).find((k) => k.id === key.id)?.status).toBe('revoked')
  })
})

describe('authenticating a token', () => {
  it('gives the creator’s actor, narrowed to the key’s scopes, for the key’s organization', async () => {
    const { key, token } = await createApiKey(alice, { intent: 'create', name: 'Bidder', scopes: ['auctions:read', 'auctions:bid'], expiry: '30' }, meta)
    const actor = await authenticateApiKey(token)
    expect(actor).toMatchObject({ kind: 'supplier', userId: alice.userId, orgId: alice.orgId, sessionId: `apikey:${key.id}`, apiKey: { id: key.id } })
    expect([...actor!.apiKey!.scopes].sort()).toEqual(['auctions:bid', 'auctions:read'])
  })

  it('refuses a wrong secret with a real prefix, an unknown prefix and a malformed token', async () => {
    const { token } = await createApiKey(alice, { intent: 'create', name: 'Guess me', scopes: ['auctions:read'], expiry: 'never' }, meta)
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')
    expect(await authenticateApiKey(flipped)).toBeNull()
    expect(await authenticateApiKey(`cxk_000000000000_${token.slice(17)}`)).toBeNull()
    expect(await authenticateApiKey(token + 'x')).toBeNull()
    expect(await authenticateApiKey('')).toBeNull()
    expect(await authenticateApiKey(null)).toBeNull()
  })

  it('refuses an expired key', async () => {
    const { key, token } = await createApiKey(alice, { intent: 'create', name: 'Old', scopes: ['auctions:read'], expiry: '30' }, meta)
    expect(await authenticateApiKey(token)).not.toBeNull()
    await db().update(apiKeys).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(apiKeys.id, key.id))
    expect(await authenticateApiKey(token)).toBeNull()
    expect((await listApiKeys(alice)).find((k) => k.id === key.id)?.status).toBe('expired')
  })

  it('refuses the key of a deactivated creator, and of a deactivated organization, and works again once they are back', async () => {
    const { token } = await createApiKey(bob, { intent: 'create', name: 'Precision ERP', scopes: ['auctions:read'], expiry: 'never' }, meta)
    expect(await authenticateApiKey(token)).not.toBeNull()
    await db().update(users).set({ status: 'inactive' }).where(eq(users.id, bob.userId))
    expect(await authenticateApiKey(token)).toBeNull()
    await db().update(users).set({ status: 'active' }).where(eq(users.id, bob.userId))
    await db().update(organizations).set({ status: 'inactive' }).where(eq(organizations.id, bob.orgId))
    expect(await authenticateApiKey(token)).toBeNull()
    await db().update(organizations).set({ status: 'active' }).where(eq(organizations.id, bob.orgId))
    expect(await authenticateApiKey(token)).not.toBeNull()
  })

  it('writes last_used_at on first use, then not again within the minute', async () => {
    const { key, token } = await createApiKey(alice, { intent: 'create', name: 'Busy', scopes: ['auctions:read'], expiry: 'never' }, meta)
    expect((await keyRow(key.id)).lastUsedAt).toBeNull()
    await authenticateApiKey(token)
    const first = (await keyRow(key.id)).lastUsedAt
    expect(first).toBeInstanceOf(Date)
    for (let i = 0; i < 3; i++) await authenticateApiKey(token)
    expect((await keyRow(key.id)).lastUsedAt).toEqual(first)
  })

  it('revokes only through its own organization’s admins', async () => {
    const { key } = await createApiKey(alice, { intent: 'create', name: 'Mine', scopes: ['auctions:read'], expiry: 'never' }, meta)
    await expect(revokeApiKey(bob, key.id, meta)).rejects.toMatchObject({ code: 'not_found' })
    await expect(revokeApiKey(amy, key.id, meta)).rejects.toMatchObject({ code: 'forbidden' })
    // A key cannot manage keys, even one made by an admin.
    const { token } = await createApiKey(alice, { intent: 'create', name: 'Robot', scopes: ['auctions:read'], expiry: 'never' }, meta)
    const robot = (await authenticateApiKey(token))!
    await expect(revokeApiKey(robot, key.id, meta)).rejects.toMatchObject({ code: 'forbidden' })
    await expect(listApiKeys(robot)).rejects.toMatchObject({ code: 'forbidden' })
  })
})

describe('the HTTP API with a Bearer key', () => {
  const unauthenticated = async () => api(auctionsRoute.loader, '/api/v1/auctions')

  it('answers a wrong, malformed or revoked key exactly like no credentials, and never falls back to the cookie', async () => {
    const none = await unauthenticated()
    expect(none.status).toBe(401)
    const { key, token } = await createApiKey(alice, { intent: 'create', name: 'To revoke', scopes: ['auctions:read'], expiry: 'never' }, meta)
    await revokeApiKey(alice, key.id, meta)
    for (const t of ['nonsense', token, `cxk_0123456789ab_${'A'.repeat(43)}`, '']) {
      // alice's own valid session cookie rides along: a Bearer request is judged by its key alone.
      const r = await api(auctionsRoute.loader, '/api/v1/auctions', { token: t, cookie: tokenOf(alice) })
      expect(r, t).toEqual(none)
    }
    // The cookie alone still works on the API, as before.
    expect((await api(auctionsRoute.loader, '/api/v1/auctions', { cookie: tokenOf(alice) })).status).toBe(200)
  })

  it('ignores a Bearer header on pages: only the cookie counts there, and a key actor never reaches a page guard', async () => {
    const { token } = await createApiKey(admin, { intent: 'create', name: 'Console robot', scopes: ['auctions:read'], expiry: 'never' }, meta)
    const page = await resolveRequestAuth('/console/auctions', { authorization: `Bearer ${token}` })
    expect(page).toMatchObject({ via: 'session', actor: null })
    const traversal = await resolveRequestAuth('/api/v1/../../console/api-keys', { authorization: `Bearer ${token}` })
    expect(traversal.actor).toBeNull()
    const withCookie = await resolveRequestAuth('/console/auctions', { authorization: `Bearer ${token}`, cookie: `${SESSION_COOKIE}=${tokenOf(admin)}` })
    expect(withCookie.actor).toMatchObject({ userId: admin.userId })
    expect(withCookie.actor?.apiKey).toBeUndefined()
    const robot = (await authenticateApiKey(token))!
    expect((await call(consoleKeys.loader, { actor: robot, url: '/console/api-keys' })).status).toBe(401)
  })

  it('lets a read-only supplier key read its auctions and refuses its bid with 403, writing nothing', async () => {
    const { token } = await createApiKey(alice, { intent: 'create', name: 'Watcher', scopes: ['auctions:read'], expiry: 'never' }, meta)
    const list = await api(auctionsRoute.loader, '/api/v1/auctions', { token })
    expect(list.status).toBe(200)
    expect(list.body.auctions.map((a: { id: string }) => a.id)).toContain(auctionId)
    const one = await api(auctionRoute.loader, `/api/v1/auctions/${auctionId}`, { token, params: { id: auctionId } })
    expect(one).toMatchObject({ status: 200, body: { viewer: 'supplier', auctionId } })
    const before = await bidCount(auctionId)
    const bid = await api(bidsRoute.action, `/api/v1/auctions/${auctionId}/bids`, {
      token,
      method: 'POST',
      body: { amount: '9900.00' },
      headers: { 'idempotency-key': crypto.randomUUID() },
      params: { id: auctionId },
    })
    expect(bid).toMatchObject({ status: 403, body: { ok: false, error: { code: 'FORBIDDEN' } } })
    expect(await bidCount(auctionId)).toBe(before)
  })

  it('places a bid with a bid key, in the creator’s name in the audit log', async () => {
    const { token } = await createApiKey(alice, { intent: 'create', name: 'Bidder', scopes: ['auctions:read', 'auctions:bid'], expiry: 'never' }, meta)
    const before = await bidCount(auctionId)
    const bid = await api(bidsRoute.action, `/api/v1/auctions/${auctionId}/bids`, {
      token,
      method: 'POST',
      body: { amount: '9800.00' },
      headers: { 'idempotency-key': crypto.randomUUID() },
      params: { id: auctionId },
    })
    expect(bid).toMatchObject({ status: 201, body: { ok: true, bid: { amount: '9800.00' } } })
    expect(await bidCount(auctionId)).toBe(before + 1)
    const [row] = await db().select().from(auditLog).where(eq(auditLog.entityType, 'auction')).orderBy(desc(auditLog.id)).limit(1)
    expect(row).toMatchObject({ actorUserId: alice.userId, actorOrgId: alice.orgId, actorKind: 'supplier_api_key', action: 'auction.bid.placed' })
  })

  it('answers 404 for an auction the key’s organization is not invited to, like a nonexistent one', async () => {
    const { token } = await createApiKey(carol, { intent: 'create', name: 'Ningbo', scopes: ['auctions:read', 'auctions:bid'], expiry: 'never' }, meta)
    const theirs = await api(auctionRoute.loader, `/api/v1/auctions/${auctionId}`, { token, params: { id: auctionId } })
    const missingId = crypto.randomUUID()
    const missing = await api(auctionRoute.loader, `/api/v1/auctions/${missingId}`, { token, params: { id: missingId } })
    expect(theirs.status).toBe(404)
    expect(theirs).toEqual(missing)
    expect((await api(auctionsRoute.loader, '/api/v1/auctions', { token })).body.auctions.map((a: { id: string }) => a.id)).not.toContain(auctionId)
    const bid = await api(bidsRoute.action, `/api/v1/auctions/${auctionId}/bids`, {
      token,
      method: 'POST',
      body: { amount: '9000.00' },
      headers: { 'idempotency-key': crypto.randomUUID() },
      params: { id: auctionId },
    })
    expect(bid.status).toBe(404)
  })

  it('gives a host key the buyer’s view when its creator may run auctions', async () => {
    const { token } = await createApiKey(admin, { intent: 'create', name: 'BI export', scopes: ['auctions:read'], expiry: 'never' }, meta)
    const one = await api(auctionRoute.loader, `/api/v1/auctions/${auctionId}`, { token, params: { id: auctionId } })
    expect(one).toMatchObject({ status: 200, body: { viewer: 'buyer', auctionId } })
  })

  it('keeps a dealer key to its scopes on orders', async () => {
    const [wh] = await db().select({ id: warehouses.id }).from(warehouses).where(eq(warehouses.code, 'SH-MAIN'))
    const [product] = await db().select({ id: products.id }).from(products).where(eq(products.sku, 'PK-3001'))
    const body = { warehouseId: wh.id, lines: [{ productId: product.id, quantity: '1' }] }
    const reader = (await createApiKey(dave, { intent: 'create', name: 'Reader', scopes: ['orders:read'], expiry: 'never' }, meta)).token
    const writer = (await createApiKey(dave, { intent: 'create', name: 'Writer', scopes: ['orders:write'], expiry: 'never' }, meta)).token
    expect((await api(ordersRoute.loader, '/api/v1/orders', { token: reader })).status).toBe(200)
    const refused = await api(ordersRoute.action, '/api/v1/orders', { token: reader, method: 'POST', body, headers: { 'idempotency-key': 'key-order-1' } })
    expect(refused).toMatchObject({ status: 403, body: { ok: false, error: { code: 'FORBIDDEN' } } })
    const placed = await api(ordersRoute.action, '/api/v1/orders', { token: writer, method: 'POST', body, headers: { 'idempotency-key': 'key-order-1' } })
    expect(placed).toMatchObject({ status: 201, body: { ok: true } })
    expect((await api(ordersRoute.loader, '/api/v1/orders', { token: writer })).status).toBe(403)
    // Auctions are not a dealer key's business.
    expect((await api(auctionsRoute.loader, '/api/v1/auctions', { token: reader })).status).toBe(403)
  })
})

describe('deactivating a key’s maker', () => {
  const dealerColleague = () => import('../../../portal-customer/routes/users.$id')

  /** A colleague made an admin (as the colleague page does it), who then makes a key. */
  async function adminWithKey(email: string, roles: string[], name: string, scopes: ('orders:read' | 'auctions:read')[]) {
    await db().update(users).set({ roles }).where(eq(users.email, email))
    const maker = await actorFor(email)
    const made = await createApiKey(maker, { intent: 'create', name, scopes, expiry: 'never' }, meta)
    expect(await authenticateApiKey(made.token)).not.toBeNull()
    return { maker, ...made }
  }

  it('revokes the maker’s keys in the same step, audited with the reason, and reactivation brings none back', async () => {
    const daves = await createApiKey(dave, { intent: 'create', name: 'Dave’s own', scopes: ['orders:read'], expiry: 'never' }, meta)
    const { maker: dora, key, token } = await adminWithKey('dora@north.test', ['dealer_admin'], 'Dora’s ERP link', ['orders:read'])
    const page = await dealerColleague()
    const url = `/dealer/users/${dora.userId}`
    const off = await call(page.action, { actor: dave, url, params: { id: dora.userId }, fields: { intent: 'deactivate' } })
    expect(off.status).toBe(302)
    expect(await keyRow(key.id)).toMatchObject({ revokedBy: dave.userId, revokedReason: 'maker_deactivated' })
    expect((await keyRow(key.id)).revokedAt).toBeInstanceOf(Date)
    expect(await authenticateApiKey(token)).toBeNull()
    // The list says so, and why; nothing is left to revoke by hand.
    const listed = (await call(dealerKeys.loader, { actor: dave, url: '/dealer/api-keys' })).body.keys.find((k: any) => k.id === key.id)
    expect(listed).toMatchObject({ status: 'revoked', revokedReason: 'maker_deactivated' })
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'api_key.revoked'), eq(auditLog.entityId, key.id)))
    expect(audit).toMatchObject({ actorUserId: dave.userId, outcome: 'ok', after: { revoked: true, reason: 'maker_deactivated', makerId: dora.userId } })
    const on = await call(page.action, { actor: dave, url, params: { id: dora.userId }, fields: { intent: 'reactivate' } })
    expect(on.status).toBe(302)
    expect(await authenticateApiKey(token)).toBeNull()
    expect((await listApiKeys(dave)).find((k) => k.id === key.id)?.status).toBe('revoked')
    // Only the maker's own keys went: the admin's key still works.
    expect(await authenticateApiKey(daves.token)).not.toBeNull()
  })

  it('does the same for a staff admin deactivated in the console, leaving other makers’ keys alone', async () => {
    const { maker: finance, key, token } = await adminWithKey('finance@acme.test', ['admin', 'finance'], 'Finance BI', ['auctions:read'])
    const others = await createApiKey(admin, { intent: 'create', name: 'Admin’s own', scopes: ['auctions:read'], expiry: 'never' }, meta)
    const staffPage = await import('~/routes/console.users.$userId')
    const off = await call(staffPage.action, { actor: admin, url: `/console/users/${finance.userId}`, params: { userId: finance.userId }, fields: { intent: 'deactivate' } })
    expect(off.status).toBe(302)
    expect(await keyRow(key.id)).toMatchObject({ revokedBy: admin.userId, revokedReason: 'maker_deactivated' })
    expect(await authenticateApiKey(token)).toBeNull()
    expect(await authenticateApiKey(others.token)).not.toBeNull()
    await call(staffPage.action, { actor: admin, url: `/console/users/${finance.userId}`, params: { userId: finance.userId }, fields: { intent: 'reactivate' } })
    expect(await authenticateApiKey(token)).toBeNull()
  })

  it('keeps the key when the deactivation is refused, since nothing happened', async () => {
    const frank = await actorFor('frank@south.test')
    const { key, token } = await createApiKey(frank, { intent: 'create', name: 'South ERP', scopes: ['orders:read'], expiry: 'never' }, meta)
    const page = await dealerColleague()
    const self = await call(page.action, { actor: frank, url: `/dealer/users/${frank.userId}`, params: { id: frank.userId }, fields: { intent: 'deactivate' } })
    expect(self.status).toBe(422)
    expect((await keyRow(key.id)).revokedAt).toBeNull()
    expect(await authenticateApiKey(token)).not.toBeNull()
  })
})
