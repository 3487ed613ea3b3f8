// The supplier portal's auction pages, called as Remix calls them: who gets in, what the loader
// hands the browser, and the form-post fallback for accepting terms and bidding.
import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auctionBids, auctionParticipants, auditLog, organizations } from '~db/schema'
import { createAuction } from '~/domain/auction/create-auction.server'
import { publishAuction } from '~/domain/auction/publish-auction.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { payload, routeArgs, statusOf } from '../catalog/helpers'
import { bidCount, eventTypes, orgId, runningAuction, setup } from './helpers'

useTestDatabase({ seed: true })

const list = () => import('../../../portal-supplier/routes/auctions')
const room = () => import('../../../portal-supplier/routes/auctions.$id')

const roomUrl = (id: string) => `/supplier/auctions/${id}`
const post = (fields: Record<string, string>) => ({ method: 'POST', body: new URLSearchParams(fields) })

async function loadRoom(email: string, id: string) {
  const mod = await room()
  return mod.loader(routeArgs(await actorFor(email), roomUrl(id), { id }))
}

async function postRoom(email: string, id: string, fields: Record<string, string>) {
  const mod = await room()
  return mod.action(routeArgs(await actorFor(email), roomUrl(id), { id }, post(fields)))
}

const auditCount = async (action: string) => db().$count(auditLog, eq(auditLog.action, action))

describe('supplier auction pages: who gets in', () => {
  it('answers 404 to a supplier that is not invited, for the room and both of its actions, changing nothing', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'] })
    const bids = await bidCount(id)
    const accepted = await auditCount('auction.terms.accepted')
    for (const email of ['carol@ningbo.test', 'cathy@ningbo.test']) {
      expect(await statusOf(() => loadRoom(email, id)), email).toBe(404)
      expect(await statusOf(() => postRoom(email, id, { intent: 'accept-terms' })), email).toBe(404)
      expect(await statusOf(() => postRoom(email, id, { intent: 'bid', amount: '9000.00', clientBidId: randomUUID() })), email).toBe(404)
    }
    expect(await bidCount(id)).toBe(bids)
    expect(await auditCount('auction.terms.accepted')).toBe(accepted)
    const rows: any = await (await list()).loader(routeArgs(await actorFor('carol@ningbo.test'), '/supplier/auctions'))
    expect(rows.rows.map((r: { id: string }) => r.id)).not.toContain(id)
  })

  it('answers 404 for a draft, an unknown id and a malformed id', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const { id: draft } = await createAuction(buyer, await setup())
    for (const id of [draft, randomUUID(), 'not-a-uuid', "1' or '1'='1"]) {
      expect(await statusOf(() => loadRoom('alice@bright.test', id)), id).toBe(404)
      expect(await statusOf(() => postRoom('alice@bright.test', id, { intent: 'accept-terms' })), id).toBe(404)
    }
  })

  it('refuses dealers and host staff every supplier auction page and action with 403', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer)
    const bids = await bidCount(id)
    for (const email of ['dave@north.test', 'dora@north.test', 'buyer@acme.test', 'admin@acme.test']) {
      const actor = await actorFor(email)
      const l = await list()
      const r = await room()
      expect(await statusOf(() => l.loader(routeArgs(actor, '/supplier/auctions'))), email).toBe(403)
      expect(await statusOf(() => r.loader(routeArgs(actor, roomUrl(id), { id }))), email).toBe(403)
      expect(await statusOf(() => r.action(routeArgs(actor, roomUrl(id), { id }, post({ intent: 'bid', amount: '9000.00', clientBidId: randomUUID() })))), email).toBe(403)
    }
    expect(await bidCount(id)).toBe(bids)
  })

  it('sends a signed-out visitor to sign-in', async () => {
    const mod = await room()
    const id = randomUUID()
    const res = await mod.loader(routeArgs(null, roomUrl(id), { id })).catch((e: unknown) => e)
    expect(res).toBeInstanceOf(Response)
    expect((res as Response).status).toBe(302)
    expect((res as Response).headers.get('Location')).toContain('/login')
  })
})

describe('the auction list', () => {
  it('lists the invited auctions with their state, never a draft', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const running = await runningAuction(buyer)
    const { id: draft } = await createAuction(buyer, await setup())
    const data: any = await (await list()).loader(routeArgs(await actorFor('amy@bright.test'), '/supplier/auctions'))
    const ids = data.rows.map((r: { id: string }) => r.id)
    expect(ids).toContain(running)
    expect(ids).not.toContain(draft)
    expect(data.rows.find((r: { id: string }) => r.id === running)).toMatchObject({ status: 'running', currency: 'CNY' })
  })
})

describe('accepting the terms through the page', () => {
  it('records the acceptance (audited) and the page then shows the bid room', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const { id } = await createAuction(buyer, await setup({ startIn: 600, endIn: 1200, hardStopIn: 2400 }))
    await publishAuction(buyer, id)
    const before: any = await loadRoom('alice@bright.test', id)
    expect(before.view).toMatchObject({ viewer: 'supplier', acceptedTerms: false, status: 'scheduled' })
    expect(before.terms).toMatchObject({ ceiling: '10000.00', decrementAmount: '10.00', mustBeatBest: true, maxSingleDropPercent: '20', visibility: 'best' })

    const res = await postRoom('alice@bright.test', id, { intent: 'accept-terms' })
    expect(await statusOf(async () => res)).toBe(302)
    const bright = await orgId('SUP-BRIGHT')
    const [p] = await db().select().from(auctionParticipants).where(and(eq(auctionParticipants.auctionId, id), eq(auctionParticipants.orgId, bright)))
    expect(p.termsAcceptedAt).not.toBeNull()
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.action, 'auction.terms.accepted'), eq(auditLog.entityId, id)))
    expect(audit).toHaveLength(1)
    // A colleague of the same supplier sees the acceptance; it is the organization's.
    expect(((await loadRoom('amy@bright.test', id)) as any).view.acceptedTerms).toBe(true)
  })

  it('refuses unknown fields with 400 and records nothing', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const { id } = await createAuction(buyer, await setup({ startIn: 600, endIn: 1200, hardStopIn: 2400 }))
    await publishAuction(buyer, id)
    const audits = await auditCount('auction.terms.accepted')
    for (const extra of [{ orgId: await orgId('SUP-PRECISION') }, { acceptedBy: 'x' }, { status: 'running' }] as Record<string, string>[])
      expect(await statusOf(() => postRoom('alice@bright.test', id, { intent: 'accept-terms', ...extra })), JSON.stringify(extra)).toBe(400)
    expect(await auditCount('auction.terms.accepted')).toBe(audits)
  })
})

describe('bidding through the form-post fallback', () => {
  it('places a bid once per client bid id, and answers a retry with the same result', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer)
    const key = randomUUID()
    const first = await postRoom('alice@bright.test', id, { intent: 'bid', amount: '9000', clientBidId: key })
    expect(await statusOf(async () => first)).toBe(201)
    const placed = { form: 'bid', result: { ok: true, amount: '9000.00', bidId: expect.any(String) } }
    expect(payload(first)).toEqual(placed)
    const again = await postRoom('alice@bright.test', id, { intent: 'bid', amount: '9000', clientBidId: key })
    expect(payload(again)).toEqual(placed)
    expect(payload(again).result.bidId).toBe(payload(first).result.bidId)
    expect(await bidCount(id)).toBe(1)

    const page: any = await loadRoom('alice@bright.test', id)
    expect(page.view).toMatchObject({ myRank: 1, myBid: '9000.00', bestPrice: '9000.00', maxAcceptable: '8990.00' })
    expect(page.view.myBids.map((b: { amount: string }) => b.amount)).toEqual(['9000.00'])
  })

  it('answers a rejected bid with its reason code, the localized message and the highest acceptable amount', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer)
    expect(await statusOf(() => postRoom('bob@precision.test', id, { intent: 'bid', amount: '9000.00', clientBidId: randomUUID() }))).toBe(201)

    const beat = await postRoom('alice@bright.test', id, { intent: 'bid', amount: '8995.00', clientBidId: randomUUID() })
    expect(await statusOf(async () => beat)).toBe(422)
    expect(payload(beat).result).toMatchObject({ ok: false, code: 'MUST_BEAT_BEST', maxAcceptable: '8990.00' })
    // Translated in the supplier's own language (zh-CN), with the amount in it as money (not a raw key, not "8990.00").
    expect(payload(beat).result.message).toContain('您目前最高可报 ¥8,990.00')
    expect(payload(beat).result.message).not.toContain('8990.00')
    expect(payload(beat).result.message).not.toContain('auction:')

    const above = await postRoom('alice@bright.test', id, { intent: 'bid', amount: '10000.01', clientBidId: randomUUID() })
    expect(payload(above).result).toMatchObject({ ok: false, code: 'ABOVE_CEILING', maxAcceptable: '8990.00' })
    const cents = await postRoom('alice@bright.test', id, { intent: 'bid', amount: '8000.001', clientBidId: randomUUID() })
    expect(payload(cents).result).toMatchObject({ ok: false, code: 'INVALID_AMOUNT', maxAcceptable: '8990.00' })
    expect(await bidCount(id)).toBe(1)
  })

  it('asks for the second confirmation of a large drop and accepts it once confirmed', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer)
    // The server enforces the rule whatever the client asked first, and logs the refusal (rejected attempts are logged).
    const big = await postRoom('alice@bright.test', id, { intent: 'bid', amount: '5000.00', clientBidId: randomUUID() })
    expect(await statusOf(async () => big)).toBe(422)
    expect(payload(big).result).toMatchObject({ ok: false, code: 'CONFIRMATION_REQUIRED', confirmationThreshold: '8000.00' })
    expect(await bidCount(id)).toBe(0)
    expect((await eventTypes(id)).filter((t) => t === 'bid_rejected')).toHaveLength(1)
    // Sent confirmed at once (as the bid room does after asking): accepted, nothing refused.
    const confirmed = await postRoom('alice@bright.test', id, { intent: 'bid', amount: '5000.00', confirm: 'on', clientBidId: randomUUID() })
    expect(await statusOf(async () => confirmed)).toBe(201)
    expect(await bidCount(id)).toBe(1)
    expect((await eventTypes(id)).filter((t) => t === 'bid_rejected')).toHaveLength(1)
  })

  it('refuses a bid before the terms are accepted with NOT_A_PARTICIPANT', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, {}, ['SUP-PRECISION', 'SUP-NINGBO'])
    const res = await postRoom('alice@bright.test', id, { intent: 'bid', amount: '9000.00', clientBidId: randomUUID() })
    expect(payload(res).result).toMatchObject({ ok: false, code: 'NOT_A_PARTICIPANT', maxAcceptable: null })
    expect(await bidCount(id)).toBe(0)
  })

  it('refuses fields the form does not have (another organization, a price) with 400 and writes nothing', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer)
    const precision = await orgId('SUP-PRECISION')
    const audits = await auditCount('auction.bid.placed')
    for (const extra of [{ orgId: precision }, { price: '1.00' }, { surrogate: 'on' }, { placedBy: 'x' }] as Record<string, string>[]) {
      const res = await postRoom('alice@bright.test', id, { intent: 'bid', amount: '9000.00', clientBidId: randomUUID(), ...extra })
      expect(await statusOf(async () => res), JSON.stringify(extra)).toBe(400)
    }
    for (const bad of [{ amount: 'abc' }, { amount: '-5' }, { clientBidId: 'not-a-uuid' }, { amount: '' }] as Record<string, string>[]) {
      const res = await postRoom('alice@bright.test', id, { intent: 'bid', amount: '9000.00', clientBidId: randomUUID(), ...bad })
      expect(await statusOf(async () => res), JSON.stringify(bad)).toBe(400)
    }
    expect(await bidCount(id)).toBe(0)
    expect(await auditCount('auction.bid.placed')).toBe(audits)
    expect(await db().$count(auctionBids, and(eq(auctionBids.auctionId, id), eq(auctionBids.orgId, precision)))).toBe(0)
  })
})

describe('after the close', () => {
  it('shows each supplier its own final rank and whether it won, and its own bids only', async () => {
    const { seedAuctionDemo } = await import('~db/seed/auction-demo')
    const { finished } = await seedAuctionDemo()
    const pages: any[] = await Promise.all(['alice@bright.test', 'bob@precision.test', 'carol@ningbo.test'].map((e) => loadRoom(e, finished)))
    for (const p of pages) expect(p.view.status).toBe('awarded')
    expect(pages.filter((p) => p.view.won === true)).toHaveLength(1)
    expect(pages.map((p) => p.view.myRank).filter((r) => r !== null).sort()).toEqual([1, 2, 3].slice(0, pages.filter((p) => p.view.myRank !== null).length))
    const allBids = pages.flatMap((p) => p.view.myBids.map((b: { id: string }) => b.id))
    expect(new Set(allBids).size).toBe(allBids.length)
    expect(allBids).toHaveLength(7)
  })
})

describe('junk posted to the room', () => {
  it('answers a body that is not the form with a 400 and writes nothing', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer)
    const mod = await room()
    const alice = await actorFor('alice@bright.test')
    const bodies: RequestInit[] = [
      { method: 'POST', body: JSON.stringify({ intent: 'bid', amount: '9000.00', clientBidId: randomUUID() }), headers: { 'Content-Type': 'application/json' } },
      { method: 'POST', body: 'intent=bid&amount=9000.00&amount=8000.00&clientBidId=' + randomUUID(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
      { method: 'POST', body: `intent=bid&amount=${'9'.repeat(100_000)}&clientBidId=${randomUUID()}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
      { method: 'POST', body: `intent=bid&amount=NaN&clientBidId=${randomUUID()}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
      { method: 'POST', body: '--XyZ\r\nContent-Disposition: form-data; name="intent"\r\n\r\nbid', headers: { 'Content-Type': 'multipart/form-data; boundary=XyZ' } },
      { method: 'POST', body: 'intent=accept-terms' },
    ]
    for (const init of bodies) {
      // The urlencoded ones carry the session's action token (routeArgs adds it): each reaches the form's checks.
      const status = await statusOf(() => mod.action(routeArgs(alice, roomUrl(id), { id }, init)))
      expect(status, String(init.body).slice(0, 80)).toBe(400)
    }
    expect(await bidCount(id)).toBe(0)
  })
})

describe('what the room hands a supplier', () => {
  it('holds no rival name or id, no reserve and no last purchase price, under every visibility', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const rivals = await db().select().from(organizations).where(eq(organizations.code, 'SUP-PRECISION'))
    for (const visibility of ['rank', 'best', 'ladder'] as const) {
      const id = await runningAuction(buyer, { visibility, reserve: '7777.77', lastPurchasePrice: '9494.94' })
      expect(await statusOf(() => postRoom('bob@precision.test', id, { intent: 'bid', amount: '9000.00', clientBidId: randomUUID() }))).toBe(201)
      expect(await statusOf(() => postRoom('alice@bright.test', id, { intent: 'bid', amount: '8900.00', clientBidId: randomUUID() }))).toBe(201)
      const page: any = await loadRoom('alice@bright.test', id)
      const body = JSON.stringify(page)
      expect(body).not.toContain('7777.77')
      expect(body).not.toContain('reserve')
      expect(body).not.toMatch(/9494|9,494|lastPurchase/)
      for (const r of rivals) for (const v of [r.id, r.nameZh, r.nameEn, r.code]) expect(body, `${visibility}: ${v}`).not.toContain(v)
      expect(page.view.myRank).toBe(1)
      if (visibility === 'rank') expect(page.view.bestPrice).toBeNull()
      else expect(page.view.bestPrice).toBe('8900.00')
      if (visibility === 'ladder') expect(page.view.ladder).toEqual([{ rank: 1, alias: 'B', amount: '8900.00', isMe: true }, { rank: 2, alias: 'A', amount: '9000.00', isMe: false }])
      else expect(page.view.ladder).toBeNull()
    }
  })
})
