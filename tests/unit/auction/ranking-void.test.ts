import { describe, expect, it } from 'vitest'
import { maxAcceptable, nextBidCheck } from '~/domain/auction/auction-bid.rules'
import { ranking, voidBid, type AuctionState } from '~/domain/auction/auction.rules'
import { accepted, attempt, rejected, running, settings, t, withBids } from './support'

const A = 'org-alpha'
const B = 'org-beta'
const C = 'org-gamma'
const rows = (s: AuctionState) => ranking(s.bids).map((r) => `${r.rank}:${r.orgId}:${r.amount}`)

function voided(s: AuctionState, bidId: string) {
  const r = voidBid(s, bidId)
  if (!r.ok) throw new Error(r.code)
  return r
}

describe('ranking', () => {
  it('ranks each supplier by its lowest current bid', () => {
    const s = withBids(running(), [A, '900', 10], [B, '880', 20], [A, '870', 30], [C, '860', 40])
    expect(rows(s)).toEqual([`1:${C}:860.00`, `2:${A}:870.00`, `3:${B}:880.00`])
  })
  it('ranks equal amounts by commit order, earlier better', () => {
    const s = withBids(running(settings({ mustBeatBest: false })), [B, '900', 10], [A, '900', 20], [C, '900', 30])
    expect(rows(s)).toEqual([`1:${B}:900.00`, `2:${A}:900.00`, `3:${C}:900.00`])
  })
})

describe('voiding a bid', () => {
  const base = withBids(running(), [A, '900', 10], [B, '880', 20], [A, '700', 30])
  const typo = base.bids[2]

  it("makes the bidder's previous bid current again and recomputes the ranks", () => {
    expect(rows(base)).toEqual([`1:${A}:700.00`, `2:${B}:880.00`])
    const r = voided(base, typo.id)
    expect(r.ranking.map((x) => `${x.rank}:${x.orgId}:${x.amount}`)).toEqual([`1:${B}:880.00`, `2:${A}:900.00`])
    expect(r.state.bids.find((b) => b.id === typo.id)?.voided).toBe(true)
  })

  it('judges later bids against the restored prices', () => {
    const s = voided(base, typo.id).state
    expect(maxAcceptable(s, A, t(40))).toBe('870.00')
    accepted(nextBidCheck(s, attempt(A, '870', 40)))
    expect(rejected(nextBidCheck(s, attempt(A, '870.01', 40))).code).toBe('MUST_BEAT_BEST')
  })

  it('removes a bidder whose every bid is void', () => {
    const s = withBids(running(), [A, '900', 10], [B, '880', 20])
    expect(rows(voided(s, s.bids[1].id).state)).toEqual([`1:${A}:900.00`])
  })

  it('refuses an unknown bid, a second void, and a void before the start or after the award', () => {
    expect(voidBid(base, 'nope')).toEqual({ ok: false, code: 'BID_NOT_FOUND' })
    expect(voidBid(voided(base, typo.id).state, typo.id)).toEqual({ ok: false, code: 'ALREADY_VOIDED' })
    expect(voidBid({ ...base, status: 'scheduled' }, typo.id)).toEqual({ ok: false, code: 'TRANSITION_NOT_ALLOWED' })
    expect(voidBid({ ...base, status: 'awarded' }, typo.id)).toEqual({ ok: false, code: 'TRANSITION_NOT_ALLOWED' })
    expect(voidBid({ ...base, status: 'closed' }, typo.id).ok).toBe(true)
  })
})
