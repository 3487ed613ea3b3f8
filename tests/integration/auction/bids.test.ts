import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { auctionBids, idempotencyKeys } from '~db/schema'
import { acceptTerms } from '~/domain/auction/accept-terms.server'
import { onAuctionCommitted } from '~/domain/auction/auction-publish.server'
import { auctionStateFor, auctionViewFor, listAuctions } from '~/domain/auction/auction.queries.server'
import { readAuctionSince } from '~/domain/auction/auction-store.server'
import { placeBid } from '~/domain/auction/place-bid.server'
import { voidBid } from '~/domain/auction/void-bid.server'
import { verifyAuction } from '~/domain/auction/verify-auction.server'
import { DomainError } from '~/utils/errors'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { bidCount, eventTypes, orgId, plusSeconds, runningAuction, setEnd } from './helpers'

useTestDatabase({ seed: true })

const bidAs = async (email: string, auctionId: string, amount: string, opts: { confirm?: boolean; clientBidId?: string } = {}) =>
  placeBid(await actorFor(email), auctionId, { amount, confirm: opts.confirm ?? false, clientBidId: opts.clientBidId ?? randomUUID() })

describe('placing a bid', () => {
  it('refuses a bid one cent short of the decrement with DECREMENT_NOT_MET and the highest acceptable amount, and logs it', async () => {
    const buyer = await actorFor('buyer@acme.test')
    // 0.5 % of the bidder's own 9000.00 is 45.00: 8955.00 passes, 8955.01 does not.
    const id = await runningAuction(buyer, { decrementAmount: undefined, decrementPercent: '0.5', mustBeatBest: false })
    expect((await bidAs('alice@bright.test', id, '9000.00')).answer.ok).toBe(true)
    const short = await bidAs('alice@bright.test', id, '8955.01')
    expect(short.answer).toMatchObject({ ok: false, error: { code: 'DECREMENT_NOT_MET', maxAcceptable: '8955.00', messageKey: 'auction:reject.DECREMENT_NOT_MET', messageParams: { maxAcceptable: '8955.00' } } })
    expect(short.projection.maxAcceptable).toBe('8955.00')
    expect((await bidAs('alice@bright.test', id, '8955.00')).answer.ok).toBe(true)
    expect(await eventTypes(id)).toEqual(['published', 'terms_accepted', 'terms_accepted', 'terms_accepted', 'started', 'bid_accepted', 'bid_rejected', 'bid_accepted'])
    expect((await auctionStateFor(id)).row.rejectedAttempts).toBe(1)
    expect((await verifyAuction(id)).ok).toBe(true)
  })

  it('is idempotent on the client bid id: a retry returns the first answer, another body under the key is 422', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer)
    const key = randomUUID()
    const first = await bidAs('alice@bright.test', id, '9000.00', { clientBidId: key })
    // The org's other user retrying the same intent gets the same stored answer.
    const retry = await bidAs('amy@bright.test', id, '9000.00', { clientBidId: key })
    expect(retry.replayed).toBe(true)
    expect(retry.answer).toEqual(first.answer)
    expect(await bidCount(id)).toBe(1)
    const err = await bidAs('alice@bright.test', id, '8000.00', { clientBidId: key }).then(() => null, (e) => e)
    expect(err).toBeInstanceOf(DomainError)
    expect(err.status).toBe(422)
    // A rejected attempt is idempotent too: the retry is not a second logged attempt.
    const rk = randomUUID()
    const r1 = await bidAs('bob@precision.test', id, '9999.99', { clientBidId: rk })
    const r2 = await bidAs('bob@precision.test', id, '9999.99', { clientBidId: rk })
    expect(r1.answer).toMatchObject({ ok: false, error: { code: 'MUST_BEAT_BEST', maxAcceptable: '8990.00' } })
    expect(r2.answer).toEqual(r1.answer)
    expect((await auctionStateFor(id)).row.rejectedAttempts).toBe(1)
    const keys = await db().select().from(idempotencyKeys).where(eq(idempotencyKeys.key, rk))
    expect(keys).toHaveLength(1)
  })

  it('judges bids that arrive together one by one in arrival order, each answered on its own', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'], minParticipants: 2 })
    const [alice, bob, carol] = await Promise.all(['alice@bright.test', 'bob@precision.test', 'carol@ningbo.test'].map(actorFor))
    const before = await eventTypes(id)
    const k = randomUUID()
    const bid = (actor: typeof alice, amount: string, clientBidId = randomUUID()) => placeBid(actor, id, { amount, confirm: true, clientBidId })
    // Sent in one tick, so they wait for the same transaction.
    const [first, short, second, retry, reused, outsider] = await Promise.allSettled([
      bid(alice, '9000.00', k),
      bid(bob, '8995.00'),
      bid(bob, '8990.00'),
      bid(alice, '9000.00', k),
      bid(alice, '8000.00', k),
      bid(carol, '8000.00'),
    ])
    const value = <T,>(r: PromiseSettledResult<T>): T => {
      if (r.status === 'rejected') throw r.reason
      return r.value
    }
    const a = value(first)
    const b = value(short)
    const c = value(second)
    expect(a.answer.ok).toBe(true)
    expect(a.projection).toMatchObject({ myRank: 1, bestPrice: '9000.00' })
    expect(b.answer).toMatchObject({ ok: false, error: { code: 'MUST_BEAT_BEST', maxAcceptable: '8990.00' } })
    expect(c.answer.ok).toBe(true)
    expect(c.projection).toMatchObject({ myRank: 1, bestPrice: '8990.00', myBids: [{ amount: '8990.00' }] })
    expect([a.seq < b.seq, b.seq < c.seq]).toEqual([true, true])
    const r = value(retry)
    expect([r.replayed, r.answer]).toEqual([true, a.answer])
    expect(reused).toMatchObject({ status: 'rejected', reason: { status: 422 } })
    expect(outsider).toMatchObject({ status: 'rejected', reason: { code: 'not_found' } })
    expect((await eventTypes(id)).slice(before.length)).toEqual(['bid_accepted', 'bid_rejected', 'bid_accepted'])
    expect(await bidCount(id)).toBe(2)
    expect((await verifyAuction(id)).ok).toBe(true)
  })

  it('reads what was committed after a sequence number with the row in one statement, unless something other than bids happened', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer)
    const before = (await auctionStateFor(id)).row.lastSeq
    const first = await bidAs('alice@bright.test', id, '9000.00', { confirm: true })
    await bidAs('bob@precision.test', id, '8995.00', { confirm: true }) // must beat 9000.00 by 10.00
    await bidAs('bob@precision.test', id, '8990.00', { confirm: true })
    const read = (await readAuctionSince(db(), id, before, 100))!
    expect(read.row.lastSeq).toBe(before + 3)
    expect(read.since!.bids.map((b) => [b.amount, b.voided, b.surrogate])).toEqual([
      ['9000.00', false, false],
      ['8990.00', false, false],
    ])
    expect(read.since!.bids[0]).toMatchObject({ id: first.answer.ok ? first.answer.bid.id : '', at: first.answer.ok ? first.answer.bid.at : '' })
    expect(read.since!.rejected).toHaveLength(1)
    expect((await readAuctionSince(db(), id, read.row.lastSeq, 100))!.since).toEqual({ bids: [], rejected: [] })
    // More than asked for, or a void in between: the caller must load the state in full.
    expect((await readAuctionSince(db(), id, before, 2))!.since).toBeNull()
    await voidBid(buyer, id, { bidId: first.answer.ok ? first.answer.bid.id : '', reason: 'typing error' })
    expect((await readAuctionSince(db(), id, before, 100))!.since).toBeNull()
    expect(await readAuctionSince(db(), 'not-a-uuid', 0, 100)).toBeNull()
  })

  it('accepts nothing at or after the end, judged by the database clock', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer)
    await setEnd(id, sql`date_trunc('milliseconds', clock_timestamp())`)
    const late = await bidAs('alice@bright.test', id, '9000.00')
    expect(late.answer).toMatchObject({ ok: false, error: { code: 'AUCTION_ENDED', maxAcceptable: null } })
    expect(await bidCount(id)).toBe(0)
  })

  it('extends in the soft-close window exactly per the rules: from the bid time, up to K times', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { endIn: 30, hardStopIn: 3600, softCloseWindowSeconds: 180, softCloseExtensionSeconds: 120, softCloseMaxExtensions: 2 })
    const ends: string[] = []
    for (const [email, amount] of [['alice@bright.test', '9000.00'], ['bob@precision.test', '8900.00'], ['carol@ningbo.test', '8800.00']] as const) {
      const r = await bidAs(email, id, amount)
      if (!r.answer.ok) throw new Error(`refused: ${JSON.stringify(r.answer)}`)
      ends.push(r.projection.endsAt)
      await new Promise((res) => setTimeout(res, 5))
    }
    const bids = await db().select().from(auctionBids).where(eq(auctionBids.auctionId, id)).orderBy(auctionBids.seq)
    expect(ends[0]).toBe(plusSeconds(bids[0].placedAt.toISOString(), 120))
    expect(ends[1]).toBe(plusSeconds(bids[1].placedAt.toISOString(), 120))
    expect(ends[2]).toBe(ends[1]) // K = 2 reached
    const s = await auctionStateFor(id)
    expect(s.state.extensions).toBe(2)
    expect(await eventTypes(id)).toEqual(['published', 'terms_accepted', 'terms_accepted', 'terms_accepted', 'started', 'bid_accepted', 'extended', 'bid_accepted', 'extended', 'bid_accepted'])
    expect((await verifyAuction(id)).ok).toBe(true)
  })

  it('extends only on the trigger and inside the window', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const opts = { mustBeatBest: false, endIn: 100, softCloseWindowSeconds: 400, softCloseExtensionSeconds: 300 }
    const id = await runningAuction(buyer, { ...opts, softCloseTrigger: 'new_best' })
    await bidAs('bob@precision.test', id, '8000.00')
    const end1 = (await auctionStateFor(id)).state.currentEndsAt
    await new Promise((res) => setTimeout(res, 5))
    // Inside the window, but Alice's bid is not the new best: no extension under 'new_best'.
    const r = await bidAs('alice@bright.test', id, '9000.00')
    expect(r.answer.ok).toBe(true)
    expect(r.projection.endsAt).toBe(end1)
    const r2 = await bidAs('carol@ningbo.test', id, '7000.00', { confirm: true })
    if (!r2.answer.ok) throw new Error('refused')
    expect(r2.projection.endsAt).toBe(plusSeconds(r2.answer.bid.at, 300))
    expect((await auctionStateFor(id)).state.extensions).toBe(2)

    const any = await runningAuction(buyer, { ...opts, softCloseTrigger: 'any_bid' })
    await bidAs('bob@precision.test', any, '8000.00')
    await new Promise((res) => setTimeout(res, 5))
    const r3 = await bidAs('alice@bright.test', any, '9000.00')
    if (!r3.answer.ok) throw new Error('refused')
    expect(r3.projection.endsAt).toBe(plusSeconds(r3.answer.bid.at, 300)) // 'any_bid': every bid in the window counts

    // Outside the window (end 100 s away, window 60 s) a new best moves nothing.
    const far = await runningAuction(buyer, { ...opts, softCloseWindowSeconds: 60 })
    const endFar = (await auctionStateFor(far)).state.currentEndsAt
    expect((await bidAs('bob@precision.test', far, '8000.00')).projection.endsAt).toBe(endFar)
    for (const a of [id, any, far]) expect((await verifyAuction(a)).ok).toBe(true)
  })

  it('never extends past the hard stop', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { endIn: 30, hardStopIn: 50, softCloseWindowSeconds: 60, softCloseExtensionSeconds: 120, softCloseMaxExtensions: null })
    const r1 = await bidAs('alice@bright.test', id, '9000.00')
    const hard = (await auctionStateFor(id)).row.hardStopAt.toISOString()
    expect(r1.projection.endsAt).toBe(hard)
    const r2 = await bidAs('bob@precision.test', id, '8900.00')
    expect(r2.projection.endsAt).toBe(hard)
    expect((await auctionStateFor(id)).state.extensions).toBe(1) // the second did not move the end
    expect((await verifyAuction(id)).ok).toBe(true)
  })
})

describe('who may bid and see', () => {
  it('a supplier not invited, not past the terms, or a dealer cannot bid; other parties get not_found', async () => {
    const buyer = await actorFor('buyer@acme.test')
    // Ningbo is invited but has not accepted the terms; Precision is not invited.
    const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-NINGBO'], minParticipants: 2 }, ['SUP-BRIGHT'])
    expect((await bidAs('carol@ningbo.test', id, '9000.00')).answer).toMatchObject({ ok: false, error: { code: 'NOT_A_PARTICIPANT' } })
    for (const email of ['bob@precision.test', 'dave@north.test']) {
      const err = await bidAs(email, id, '9000.00').then(() => null, (e) => e)
      expect(err).toBeInstanceOf(DomainError)
      expect(err.code).toBe('not_found')
      await expect(auctionViewFor(await actorFor(email), id)).rejects.toMatchObject({ code: 'not_found' })
      expect((await listAuctions(await actorFor(email))).map((a) => a.id)).not.toContain(id)
    }
    expect((await listAuctions(await actorFor('carol@ningbo.test'))).map((a) => a.id)).toContain(id)
    expect((await listAuctions(buyer)).map((a) => a.id)).toContain(id)
    // A malformed id is simply not found.
    await expect(auctionViewFor(await actorFor('alice@bright.test'), 'nope')).rejects.toMatchObject({ code: 'not_found' })
    await acceptTerms(await actorFor('cathy@ningbo.test'), id)
    expect((await bidAs('cathy@ningbo.test', id, '9000.00')).answer.ok).toBe(true)
    expect((await verifyAuction(id)).ok).toBe(true)
  })

  it("a supplier's view never contains another organization's id, name, the reserve or the last purchase price, whatever the visibility", async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { visibility: 'ladder', reserve: '8000.00', lastPurchasePrice: '9191.91' })
    await bidAs('alice@bright.test', id, '9000.00')
    await bidAs('bob@precision.test', id, '8900.00')
    await bidAs('carol@ningbo.test', id, '8800.00')
    const others = await Promise.all(['SUP-PRECISION', 'SUP-NINGBO'].map(orgId))
    const view = await auctionViewFor(await actorFor('alice@bright.test'), id)
    const text = JSON.stringify(view)
    for (const o of others) expect(text).not.toContain(o)
    expect(text).not.toContain('8000.00')
    expect(text).not.toMatch(/9191|lastPurchase/)
    expect(text).not.toMatch(/Precision|Ningbo|精密|宁波/)
    expect(view).toMatchObject({ viewer: 'supplier', myRank: 3, bestPrice: '8800.00', ladder: [{ alias: 'C', amount: '8800.00', isMe: false }, { alias: 'B' }, { alias: 'A', isMe: true }] })
    const buyerView = await auctionViewFor(buyer, id)
    expect(buyerView).toMatchObject({ viewer: 'buyer', reserve: '8000.00', reserveStatus: 'not_met', lastPurchasePrice: '9191.91', savingsVsLastPurchase: { amount: '391.91', percent: '4.26' } })
  })

  it('announces committed events after the commit, with the sequence number', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer)
    const seen: { seq: number; types: string[] }[] = []
    const off = onAuctionCommitted((c) => {
      if (c.auctionId === id) seen.push({ seq: c.seq, types: c.events.map((e) => e.type) })
    })
    try {
      const r = await bidAs('alice@bright.test', id, '9000.00')
      expect(seen).toEqual([{ seq: r.seq, types: ['bid_accepted'] }])
      const [{ last_seq }] = await rawRows<{ last_seq: number }>(db(), sql`select last_seq from auctions where id = ${id}`)
      expect(last_seq).toBe(r.seq)
    } finally {
      off()
    }
  })

  it('detects a tampered event: the log is append-only, and an edit made with the trigger off fails the chain', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer)
    await bidAs('alice@bright.test', id, '9000.00')
    await bidAs('bob@precision.test', id, '8900.00')
    expect((await verifyAuction(id)).ok).toBe(true)
    await expect(db().execute(sql`update auction_events set payload = payload where auction_id = ${id}`)).rejects.toThrow()
    await expect(db().execute(sql`delete from auction_events where auction_id = ${id}`)).rejects.toThrow()
    await db().execute(sql`alter table auction_events disable trigger auction_events_no_update`)
    try {
      await db().execute(sql`update auction_events set payload = jsonb_set(payload, '{amount}', '"8000.00"') where auction_id = ${id} and type = 'bid_accepted' and payload->>'amount' = '8900.00'`)
    } finally {
      await db().execute(sql`alter table auction_events enable trigger auction_events_no_update`)
    }
    const v = await verifyAuction(id)
    expect(v.ok).toBe(false)
    expect(v.chain).toMatchObject({ ok: false, reason: 'HASH' })
  })
})
