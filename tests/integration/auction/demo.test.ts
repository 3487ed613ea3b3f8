import { and, eq, inArray } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auctionEvents } from '~db/schema'
import { seedAuctionDemo } from '~db/seed/auction-demo'
import { buyerProjection } from '~/domain/auction/auction-projection.rules'
import { auctionStateFor } from '~/domain/auction/auction.queries.server'
import { verifyAuction } from '~/domain/auction/verify-auction.server'
import { useTestDatabase } from '../../support/db'

useTestDatabase({ seed: true })

describe('demo auctions', () => {
  it('are built through the commands: one awarded, one whose award waits for a second person, each with a verifiable log, one about to start with one invitation still open', async () => {
    const { finished, awaitingConfirmation, upcoming } = await seedAuctionDemo()
    const f = await auctionStateFor(finished)
    expect(f.state.status).toBe('awarded')
    expect(f.state.bids).toHaveLength(7)
    expect(await verifyAuction(finished)).toMatchObject({ ok: true, discrepancies: [], mismatches: [] })
    const w = await auctionStateFor(awaitingConfirmation)
    expect(w.state).toMatchObject({ status: 'closed', awardedOrgId: null })
    expect(w.state.awardProposal?.orgId).toBe(w.state.bids.find((b) => b.amount === '43800.00')?.orgId)
    expect(await verifyAuction(awaitingConfirmation)).toMatchObject({ ok: true, discrepancies: [], mismatches: [] })
    const u = await auctionStateFor(upcoming)
    expect(u.state.status).toBe('scheduled')
    expect(u.state.participants.every((p) => p.active)).toBe(true)
    // Bright and Precision are ready to bid; Ningbo's users still have the rules to accept.
    expect(u.state.participants.filter((p) => !p.acceptedTerms)).toHaveLength(1)
    expect((await verifyAuction(upcoming)).ok).toBe(true)
    // A title names the goods and outlives every state its auction passes through (the status badge says which one):
    // "(demo, live)" stayed on the housings after they closed, "awaiting award" on the film once awarded, and a
    // proposal's title on suppliers' pages told them of an award they may not know of yet.
    for (const s of [f, w, u]) expect(s.row.title).not.toMatch(/live|finish|award|confirm|propos|upcoming|进行|结束|授标|确认|建议|待/i)
    // Savings against the last purchase price show on first start: below it, and above it (prices rose).
    const savings = (s: typeof f) => buyerProjection(s.state, { auctionId: s.row.id, seq: s.seq, serverTime: new Date().toISOString() }).savingsVsLastPurchase
    expect(savings(f)).toEqual({ amount: '3300.00', percent: '5.81' })
    expect(savings(w)).toEqual({ amount: '-300.00', percent: '-0.69' })
    expect(u.state.settings.lastPurchasePrice).toBe('236000.00')
    // No demo bid drops by the max single drop (20 %), so none carries a confirmation: the log read "(large drop,
    // confirmed)" after every one of them.
    const bids = await db().select({ payload: auctionEvents.payload }).from(auctionEvents).where(and(inArray(auctionEvents.auctionId, [finished, awaitingConfirmation]), eq(auctionEvents.type, 'bid_accepted')))
    expect(bids).toHaveLength(13)
    expect(bids.map((b) => (b.payload as { confirm: boolean }).confirm)).toEqual(bids.map(() => false))
  })
})
