// A1–A4 under real concurrency (run with --project integration-pg; on PGlite the same test runs
// with transactions serialized in-process, which still checks the bookkeeping).
import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { auctionBids, auctionEvents } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { advanceAuctions } from '~/domain/auction/advance-auctions.server'
import { readEvents } from '~/domain/auction/auction-store.server'
import { auctionStateFor } from '~/domain/auction/auction.queries.server'
import { ranking } from '~/domain/auction/auction.rules'
import { placeBid, type BidAnswer } from '~/domain/auction/place-bid.server'
import { verifyAuction } from '~/domain/auction/verify-auction.server'
import { D } from '~/utils/money'
import { actorFor } from '../../support/actors'
import { testDbKind, useTestDatabase } from '../../support/db'
import { SUPPLIER_USERS, eventTypes, runningAuction, setEnd } from './helpers'

useTestDatabase({ seed: true })

const ROUNDS = testDbKind === 'postgres' ? 8 : 4

describe('concurrent bidding (A1, A2, A3)', () => {
  it('many suppliers bidding at once, with duplicates and retries: every acknowledged bid is logged once, and the replay agrees', async () => {
    const buyer = await actorFor('buyer@acme.test')
    // 1.00 decrement, no drop confirmation, no soft close: the interest is the race on the best price.
    const id = await runningAuction(buyer, { ceiling: '100000.00', decrementAmount: '1.00', maxSingleDropPercent: '100', softCloseMaxExtensions: 0 })
    const actors: Actor[] = []
    for (const users of Object.values(SUPPLIER_USERS)) for (const email of users) actors.push(await actorFor(email))

    let price = 100000
    type Sent = { key: string; orgId: string; answers: (BidAnswer | 'indeterminate')[] }
    const sent: Sent[] = []
    const errors: unknown[] = []
    const background: Promise<unknown>[] = []
    const attempt = async (actor: Actor, key: string, amount: string, timeoutMs?: number): Promise<BidAnswer | 'indeterminate'> => {
      const p = placeBid(actor, id, { amount, confirm: false, clientBidId: key }).then(
        (r) => r.answer,
        (err) => {
          errors.push(err)
          return 'indeterminate' as const
        },
      )
      background.push(p)
      if (timeoutMs === undefined) return p
      // The client gives up waiting (a timeout): it cannot know whether the bid committed.
      return Promise.race([p, new Promise<'indeterminate'>((r) => setTimeout(() => r('indeterminate'), timeoutMs))])
    }

    for (let round = 0; round < ROUNDS; round++) {
      const batch: Promise<void>[] = []
      for (const actor of actors) {
        // Amounts a few units apart, so several bids of a round race for the same best price.
        price -= 2
        const amount = new D(price).minus(actor.userId.charCodeAt(0) % 3).toFixed(2)
        const s: Sent = { key: randomUUID(), orgId: actor.orgId, answers: [] }
        sent.push(s)
        // Sent twice at once (a double click, a retry racing its original), same key and body.
        // Every third intent's first copy times out on the client side.
        batch.push(attempt(actor, s.key, amount, sent.length % 3 === 0 ? 2 : undefined).then((a) => void s.answers.push(a)))
        batch.push(attempt(actor, s.key, amount).then((a) => void s.answers.push(a)))
      }
      await Promise.all(batch)
    }
    await Promise.all(background)
    expect(errors).toEqual([]) // nothing surfaced as an error (no deadlock, no unique violation)
    // Retries after the fact return the stored answer and write nothing.
    const beforeRetry = await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from auction_events where auction_id = ${id}`)
    for (const s of sent.slice(0, 6)) {
      const actor = actors.find((a) => a.orgId === s.orgId)!
      const again = await placeBid(actor, id, { amount: 'ignored', confirm: false, clientBidId: s.key }).catch((e) => e)
      // Another body under the same key is refused, never re-judged.
      expect(again?.status).toBe(422)
    }
    const afterRetry = await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from auction_events where auction_id = ${id}`)
    expect(afterRetry[0].n).toBe(beforeRetry[0].n)

    const bids = await db().select().from(auctionBids).where(eq(auctionBids.auctionId, id)).orderBy(auctionBids.seq)
    const byKey = new Map(bids.map((b) => [b.clientBidId, b]))
    expect(byKey.size).toBe(bids.length) // one bid per key
    const sentKeys = new Set(sent.map((s) => s.key))
    for (const b of bids) expect(sentKeys.has(b.clientBidId)).toBe(true) // committed ⊆ sent

    let acknowledged = 0
    let indeterminate = 0
    for (const s of sent) {
      const known = s.answers.filter((a): a is BidAnswer => a !== 'indeterminate')
      // Both copies of one intent got the same answer.
      for (const a of known) expect(a).toEqual(known[0])
      const ok = known.find((a) => a.ok)
      if (ok && ok.ok) {
        acknowledged++
        expect(byKey.get(s.key)?.id).toBe(ok.bid.id) // acknowledged ⊆ committed
      } else if (known.length) expect(byKey.has(s.key)).toBe(false) // a rejection never became a bid
      if (s.answers.includes('indeterminate')) indeterminate++
    }
    // PGlite runs its queries on this thread, so the client-side timers cannot fire mid-bid there.
    if (testDbKind === 'postgres') expect(indeterminate).toBeGreaterThan(0)
    expect(acknowledged).toBe(bids.length)
    expect(acknowledged).toBeGreaterThan(ROUNDS) // the race let several through, not only one

    // A2, independently of the replay: each accepted bid beat its own previous bid and the best by 1.00 when it committed.
    const own = new Map<string, number>()
    let best = Infinity
    for (const b of bids) {
      const a = Number(b.amount)
      expect(a).toBeLessThanOrEqual((own.get(b.orgId) ?? Infinity) - 1)
      expect(a).toBeLessThanOrEqual(best - 1)
      own.set(b.orgId, a)
      best = Math.min(best, a)
    }
    // The events and the bids agree, seq by seq.
    const events = await readEvents(db(), id)
    const accepted = events.filter((e) => e.type === 'bid_accepted')
    expect(accepted.map((e) => (e.payload as { bidId: string }).bidId)).toEqual(bids.map((b) => b.id))

    // A1: the replay of the committed log reproduces the stored ranking, best price and end.
    const report = await verifyAuction(id)
    expect(report).toMatchObject({ ok: true, discrepancies: [], mismatches: [] })
    const stored = await auctionStateFor(id)
    expect(report.replayed.ranking).toEqual(ranking(stored.state.bids))
    expect(report.replayed.endsAt).toBe(stored.state.currentEndsAt)
    expect(report.replayed.ranking[0].amount).toBe(new D(best).toFixed(2))
  }, 120_000)
})

describe('the close (A4)', () => {
  it('two clocks running at once close an auction exactly once', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'], softCloseMaxExtensions: 0 })
    await placeBid(await actorFor('alice@bright.test'), id, { amount: '9000.00', confirm: false, clientBidId: randomUUID() })
    await placeBid(await actorFor('bob@precision.test'), id, { amount: '8900.00', confirm: false, clientBidId: randomUUID() })
    await setEnd(id, sql`date_trunc('milliseconds', clock_timestamp())`)
    const results = await Promise.all([advanceAuctions(), advanceAuctions(), advanceAuctions()])
    expect(results.flatMap((r) => r.closed).filter((c) => c.auctionId === id)).toEqual([{ auctionId: id, outcome: 'closed' }])
    const closed = await db().select().from(auctionEvents).where(eq(auctionEvents.auctionId, id))
    expect(closed.filter((e) => e.type === 'closed')).toHaveLength(1)
    expect((await advanceAuctions()).closed.map((c) => c.auctionId)).not.toContain(id)
  })

  it('bids racing the end and the clock: nothing is accepted at or after the end, and the close happens once', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { ceiling: '100000.00', decrementAmount: '1.00', maxSingleDropPercent: '100', softCloseMaxExtensions: 0, endIn: 1 })
    const actors = await Promise.all(['alice@bright.test', 'bob@precision.test', 'carol@ningbo.test'].map(actorFor))
    let price = 100000
    const stop = Date.now() + 2500
    const bidder = async (actor: Actor) => {
      while (Date.now() < stop) {
        price -= 1
        await placeBid(actor, id, { amount: new D(price).toFixed(2), confirm: false, clientBidId: randomUUID() })
      }
    }
    const clock = async () => {
      while (Date.now() < stop) {
        await advanceAuctions()
        await new Promise((r) => setTimeout(r, 20))
      }
    }
    await Promise.all([...actors.map(bidder), clock(), clock()])
    await advanceAuctions()
    const s = await auctionStateFor(id)
    expect(['closed', 'unsuccessful']).toContain(s.state.status)
    const end = Date.parse(s.state.currentEndsAt)
    for (const b of s.state.bids) expect(Date.parse(b.at)).toBeLessThan(end)
    const types = await eventTypes(id)
    expect(types.filter((t) => t === 'closed')).toHaveLength(1)
    // Every attempt after the close was refused as ended, and the log says so in order.
    const closedAt = types.indexOf('closed')
    expect(types.slice(closedAt + 1).every((t) => t === 'bid_rejected' || t === 'unsuccessful')).toBe(true)
    expect(await verifyAuction(id)).toMatchObject({ ok: true, discrepancies: [], mismatches: [] })
  }, 60_000)
})
