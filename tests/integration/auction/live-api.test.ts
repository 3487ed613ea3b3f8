// The HTTP API of auctions (session cookie): list, one projection, and a bid with an
// Idempotency-Key — status codes, replay, key reuse, and other parties' auctions answering 404.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '~/auth/roles'
import * as listRoute from '~/routes/api.v1.auctions._index'
import * as oneRoute from '~/routes/api.v1.auctions.$id'
import * as bidsRoute from '~/routes/api.v1.auctions.$id_.bids'
import { actionTokenFor, actorFor, contextFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { bidCount, orgId, runningAuction } from './helpers'

useTestDatabase({ seed: true })

let auctionId: string
let buyer: Actor
let alice: Actor
let carol: Actor
let dave: Actor
let sales: Actor

const url = (path: string) => `http://localhost${path}`

async function get(mod: { loader: (a: any) => Promise<Response> }, actor: Actor | null, path: string, params: Record<string, string> = {}) {
  const res = await mod.loader({ request: new Request(url(path)), context: contextFor(actor), params })
  return { status: res.status, body: await res.json() }
}

/** A bid as the signed-in browser sends it: with the session's action token, unless `headers` say otherwise. */
async function post(actor: Actor | null, id: string, body: unknown, headers: Record<string, string> = {}) {
  const token = actionTokenFor(actor)
  const request = new Request(url(`/api/v1/auctions/${id}/bids`), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-action-token': token } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const res = await bidsRoute.action({ request, context: contextFor(actor), params: { id } } as any)
  return { status: res.status, body: await res.json() }
}

beforeAll(async () => {
  buyer = await actorFor('buyer@acme.test')
  ;[alice, carol, dave, sales] = await Promise.all(['alice@bright.test', 'carol@ningbo.test', 'dave@north.test', 'sales@acme.test'].map(actorFor))
  auctionId = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'], reserve: '6000.00', lastPurchasePrice: '9292.92', ceiling: '10000.00', decrementAmount: '10.00', maxSingleDropPercent: '100' })
})

describe('GET /api/v1/auctions and /api/v1/auctions/:id', () => {
  it('answers 401 to a visitor', async () => {
    expect((await get(listRoute as any, null, '/api/v1/auctions')).status).toBe(401)
    const one = await get(oneRoute as any, null, `/api/v1/auctions/${auctionId}`, { id: auctionId })
    expect(one).toMatchObject({ status: 401, body: { ok: false, error: { code: 'UNAUTHENTICATED' } } })
  })

  it('lists only what the caller may see', async () => {
    const forAlice = await get(listRoute as any, alice, '/api/v1/auctions')
    expect(forAlice.status).toBe(200)
    expect(forAlice.body.auctions.map((a: { id: string }) => a.id)).toContain(auctionId)
    expect(Object.keys(forAlice.body.auctions[0]).sort()).toEqual(['currency', 'endsAt', 'id', 'startsAt', 'status', 'title'])
    const forCarol = await get(listRoute as any, carol, '/api/v1/auctions')
    expect(forCarol.body.auctions.map((a: { id: string }) => a.id)).not.toContain(auctionId)
    expect((await get(listRoute as any, dave, '/api/v1/auctions')).body).toEqual({ auctions: [] })
    expect((await get(listRoute as any, sales, '/api/v1/auctions')).status).toBe(403)
    expect((await get(listRoute as any, buyer, '/api/v1/auctions')).body.auctions.map((a: { id: string }) => a.id)).toContain(auctionId)
  })

  it('returns the caller’s own projection, 404 for other parties and unknown ids, 403 for staff without the permission', async () => {
    const mine = await get(oneRoute as any, alice, `/api/v1/auctions/${auctionId}`, { id: auctionId })
    expect(mine.status).toBe(200)
    expect(mine.body).toMatchObject({ viewer: 'supplier', auctionId, myRank: null })
    expect(JSON.stringify(mine.body)).not.toContain('6000.00')
    expect(JSON.stringify(mine.body)).not.toMatch(/9292|lastPurchase/)
    const theirs = await get(oneRoute as any, buyer, `/api/v1/auctions/${auctionId}`, { id: auctionId })
    expect(theirs.body).toMatchObject({ viewer: 'buyer', reserve: '6000.00', lastPurchasePrice: '9292.92' })
    for (const actor of [carol, dave]) {
      const r = await get(oneRoute as any, actor, `/api/v1/auctions/${auctionId}`, { id: auctionId })
      const missing = await get(oneRoute as any, actor, '/api/v1/auctions/x', { id: crypto.randomUUID() })
      expect(r).toEqual(missing) // the same answer as for an auction that does not exist
      expect(r.status).toBe(404)
    }
    expect((await get(oneRoute as any, alice, '/api/v1/auctions/x', { id: 'not-a-uuid' })).status).toBe(404)
    expect((await get(oneRoute as any, sales, `/api/v1/auctions/${auctionId}`, { id: auctionId })).status).toBe(403)
  })
})

describe('POST /api/v1/auctions/:id/bids', () => {
  it('refuses bad requests with 400 and writes nothing', async () => {
    const before = await bidCount(auctionId)
    const key = { 'idempotency-key': crypto.randomUUID() }
    expect(await post(alice, auctionId, { amount: '9900.00' })).toMatchObject({ status: 400, body: { ok: false, error: { code: 'IDEMPOTENCY_KEY_REQUIRED' } } })
    expect(await post(alice, auctionId, { amount: '9900.00' }, { 'idempotency-key': 'k'.repeat(201) })).toMatchObject({ status: 400 })
    expect(await post(alice, auctionId, '{not json', key)).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } })
    // Deeper than the NUL walk goes (it once recursed per level and overflowed: a 500).
    expect(await post(alice, auctionId, '['.repeat(2000) + ']'.repeat(2000), key)).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } })
    expect(await post(alice, auctionId, { amount: 9900 }, key)).toMatchObject({ status: 400, body: { error: { code: 'INVALID_AMOUNT' } } })
    expect(await post(alice, auctionId, { amount: '9900.00', orgId: await orgId('SUP-PRECISION') }, key)).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } })
    expect(await post(alice, auctionId, { amount: '9900.00', confirm: 'yes' }, key)).toMatchObject({ status: 400 })
    const r = await post(alice, auctionId, { amount: '9900.00' }, key)
    // The last one was fine: only it placed a bid.
    expect(r.status).toBe(201)
    expect(await bidCount(auctionId)).toBe(before + 1)
  })

  it('says an amount sent as a JSON number must be a decimal string, in the bidder’s language', async () => {
    const before = await bidCount(auctionId)
    const words = {
      en: 'The amount must be a decimal string such as "12345.60" (not a JSON number: amounts travel as text, so no digit is lost).',
      'zh-CN': '金额必须是十进制数字字符串，例如 "12345.60"（不接受 JSON 数字：金额以文本传送，以免丢失位数）。',
    }
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const amount of [9900, 9900.5, null]) {
        // alice's session and action token, read in the language under test.
        const request = new Request(url(`/api/v1/auctions/${auctionId}/bids`), {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-action-token': actionTokenFor(alice)!, 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify({ amount }),
        })
        const res = await bidsRoute.action({ request, context: { ...contextFor(alice), actor: { ...alice, locale } }, params: { id: auctionId } } as any)
        const r = { status: res.status, body: await res.json() }
        expect(r, `${locale} ${amount}`).toMatchObject({ status: 400, body: { ok: false, error: { code: 'INVALID_AMOUNT', message: words[locale] } } })
      }
    }
    expect(await bidCount(auctionId)).toBe(before)
  })

  it('places a bid (201), replays it for the same key and body, and answers 409 for the same key with another body', async () => {
    const key = crypto.randomUUID()
    const first = await post(alice, auctionId, { amount: '9800.00' }, { 'idempotency-key': key })
    expect(first).toMatchObject({ status: 201, body: { ok: true, bid: { amount: '9800.00' }, state: { viewer: 'supplier', myBid: '9800.00', myRank: 1 } } })
    const count = await bidCount(auctionId)
    const again = await post(alice, auctionId, { amount: '9800.00' }, { 'idempotency-key': key })
    expect(again.status).toBe(201)
    expect(again.body.bid).toEqual(first.body.bid)
    const reused = await post(alice, auctionId, { amount: '9700.00' }, { 'idempotency-key': key })
    expect(reused).toMatchObject({ status: 422, body: { ok: false, error: { code: 'IDEMPOTENCY_KEY_REUSED' } } })
    expect(await bidCount(auctionId)).toBe(count)
    // A colleague of the same organization retrying with the key is the same client intent.
    const amy = await actorFor('amy@bright.test')
    expect((await post(amy, auctionId, { amount: '9800.00' }, { 'idempotency-key': key })).body.bid).toEqual(first.body.bid)
  })

  it('refuses a bid made with the session cookie but without the session’s action token (403), writing nothing', async () => {
    const before = await bidCount(auctionId)
    const otherSession = await actorFor('alice@bright.test')
    for (const token of ['', 'forged', actionTokenFor(otherSession)!]) {
      const r = await post(alice, auctionId, { amount: '9000.00' }, { 'idempotency-key': crypto.randomUUID(), 'x-action-token': token })
      expect(r, token).toMatchObject({ status: 403, body: { ok: false, error: { code: 'ACTION_TOKEN_REQUIRED' } } })
    }
    expect(await bidCount(auctionId)).toBe(before)
  })

  it('answers a rule rejection with 422 and the socket’s error body', async () => {
    const r = await post(alice, auctionId, { amount: '12000.00' }, { 'idempotency-key': crypto.randomUUID() })
    expect(r.status).toBe(422)
    expect(r.body).toMatchObject({ ok: false, error: { code: 'ABOVE_CEILING', maxAcceptable: '9790.00' }, state: { viewer: 'supplier' } })
    // As money in the auction's currency and the bidder's language (zh-CN), as on the page.
    expect(r.body.error.message).toContain('¥9,790.00')
    expect(r.body.error.message).not.toContain('9790.00')
  })

  it('answers 404 to parties without access and 403 to staff, writing nothing', async () => {
    const before = await bidCount(auctionId)
    for (const actor of [carol, dave]) {
      const r = await post(actor, auctionId, { amount: '9000.00' }, { 'idempotency-key': crypto.randomUUID() })
      const missing = await post(actor, crypto.randomUUID(), { amount: '9000.00' }, { 'idempotency-key': crypto.randomUUID() })
      expect(r.status).toBe(404)
      expect(r).toEqual(missing)
    }
    expect((await post(alice, crypto.randomUUID(), { amount: '9000.00' }, { 'idempotency-key': crypto.randomUUID() })).status).toBe(404)
    for (const actor of [buyer, sales]) expect((await post(actor, auctionId, { amount: '9000.00' }, { 'idempotency-key': crypto.randomUUID() })).status).toBe(403)
    expect((await post(null, auctionId, { amount: '9000.00' }, { 'idempotency-key': crypto.randomUUID() })).status).toBe(401)
    expect(await bidCount(auctionId)).toBe(before)
  })

  it('answers 405 to GET on the bids resource', async () => {
    const res = await bidsRoute.loader({ request: new Request(url(`/api/v1/auctions/${auctionId}/bids`)), context: contextFor(alice), params: { id: auctionId } } as any)
    expect(res.status).toBe(405)
  })
})
