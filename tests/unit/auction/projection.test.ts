import { describe, expect, it } from 'vitest'
import { aliasLabel, buyerProjection, supplierProjection } from '~/domain/auction/auction-projection.rules'
import { transition, visibilities, voidBid, type AuctionState } from '~/domain/auction/auction.rules'
import { HOUR, running, settings, t, withBids } from './support'

// Distinctive ids, a distinctive reserve and last purchase price, so a leak shows up in the serialized JSON.
const A = 'org-alpha-3f1c'
const B = 'org-beta-77aa'
const C = 'org-gamma-9e02'
const NAMES: Record<string, string> = { [A]: 'Alpha Trading Co', [B]: 'Beta Industrial Ltd', [C]: 'Gamma Metals' }
const RESERVE = '777.77'
const LAST_PURCHASE = '912.34'
const ctx = { auctionId: 'auc-1', seq: 42, serverTime: t(100) }

const auction = (visibility: (typeof visibilities)[number]) =>
  withBids(running(settings({ visibility, reserve: RESERVE, lastPurchasePrice: LAST_PURCHASE }), [A, B, C]), [B, '950', 10], [A, '900', 20], [C, '880', 30], [B, '870', 40])

describe('what a supplier sees', () => {
  it.each(visibilities)('never contains a rival id or name, nor the reserve or the last purchase price (visibility %s)', (v) => {
    for (const me of [A, B, C]) {
      const json = JSON.stringify(supplierProjection(auction(v), me, ctx))
      for (const other of [A, B, C].filter((o) => o !== me)) {
        expect(json).not.toContain(other)
        expect(json).not.toContain(NAMES[other])
      }
      expect(json).not.toContain(RESERVE)
      expect(json).not.toMatch(/reserve/i)
      expect(json).not.toContain(LAST_PURCHASE)
      expect(json).not.toMatch(/lastPurchase|savings/i)
    }
  })

  it("with 'rank', shows own bids and rank only", () => {
    const p = supplierProjection(auction('rank'), A, ctx)
    expect(p).toMatchObject({ myRank: 3, myBid: '900.00', bestPrice: null, ladder: null, participants: 3, seq: 42, serverTime: t(100) })
    expect(p.myBids.map((b) => b.amount)).toEqual(['900.00'])
  })

  it("with 'best', adds the best price", () => {
    expect(supplierProjection(auction('best'), A, ctx)).toMatchObject({ myRank: 3, bestPrice: '870.00', ladder: null })
  })

  it.each(['rank', 'best'] as const)("with '%s', carries no alias, not even the supplier's own (it would tell who bid first)", (v) => {
    // A's first bid came second: its alias would be "B".
    for (const me of [A, B, C]) expect(supplierProjection(auction(v), me, ctx).myAlias).toBeNull()
  })

  it("with 'ladder', shows every current bid under aliases by first-bid order", () => {
    const p = supplierProjection(auction('ladder'), A, ctx)
    // first bids: B's (alias A), then A's (alias B), then C's (alias C)
    expect(p.ladder).toEqual([
      { rank: 1, alias: 'A', amount: '870.00', isMe: false },
      { rank: 2, alias: 'C', amount: '880.00', isMe: false },
      { rank: 3, alias: 'B', amount: '900.00', isMe: true },
    ])
    expect(p.myAlias).toBe('B')
  })

  it('keeps aliases when a bid is voided', () => {
    const s = auction('ladder')
    const r = voidBid(s, s.bids[0].id) // B's first bid
    if (!r.ok) throw new Error(r.code)
    const p = supplierProjection(r.state, C, ctx)
    expect(p.ladder?.map((x) => x.alias)).toEqual(['A', 'C', 'B'])
  })

  it('offers the highest acceptable amount while running, nothing once ended', () => {
    expect(supplierProjection(auction('best'), A, ctx).maxAcceptable).toBe('860.00')
    expect(supplierProjection(auction('best'), A, { ...ctx, serverTime: t(HOUR) }).maxAcceptable).toBeNull()
  })

  it('tells each supplier whether it won, after the award only', () => {
    const closed = { ...auction('best'), status: 'closed' as const }
    expect(supplierProjection(closed, B, ctx).won).toBeNull()
    const awarded = transition(closed, { type: 'award', orgId: B }, t(HOUR))
    if (!awarded.ok) throw new Error(awarded.code)
    expect(supplierProjection(awarded.state, B, ctx).won).toBe(true)
    expect(supplierProjection(awarded.state, A, ctx).won).toBe(false)
  })

  it('labels aliases A…Z, AA…', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(aliasLabel)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA'])
  })
})

describe('what the buyer sees', () => {
  it('has the full ladder with names, the reserve status, rejected attempts and savings', () => {
    const s: AuctionState = { ...auction('rank'), rejectedAttempts: 3 }
    const p = buyerProjection(s, { ...ctx, orgNames: NAMES })
    expect(p.ladder.map((r) => [r.rank, r.orgId, r.orgName, r.amount])).toEqual([
      [1, B, NAMES[B], '870.00'],
      [2, C, NAMES[C], '880.00'],
      [3, A, NAMES[A], '900.00'],
    ])
    expect(p).toMatchObject({
      reserve: RESERVE,
      reserveStatus: 'not_met',
      rejectedAttempts: 3,
      bidders: 3,
      bestPrice: '870.00',
      savingsVsCeiling: { amount: '130.00', percent: '13.00' },
      lastPurchasePrice: LAST_PURCHASE,
      savingsVsLastPurchase: { amount: '42.34', percent: '4.64' },
    })
    expect(p.bids).toHaveLength(4)
  })

  it('reads a best bid above the last purchase price as a negative saving, and none without a last purchase price', () => {
    const above = withBids(running(settings({ lastPurchasePrice: '850.00' }), [A, B]), [A, '900', 10], [B, '880', 20])
    expect(buyerProjection(above, ctx).savingsVsLastPurchase).toEqual({ amount: '-30.00', percent: '-3.53' })
    const unset = withBids(running(settings(), [A, B]), [A, '900', 10])
    expect(buyerProjection(unset, ctx)).toMatchObject({ lastPurchasePrice: null, savingsVsLastPurchase: null })
    expect(buyerProjection(running(settings({ lastPurchasePrice: '850.00' }), [A, B]), ctx).savingsVsLastPurchase).toBeNull()
  })
})
