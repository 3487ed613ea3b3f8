// What the bid room tells a supplier when a new state arrives: a void of its own bid is said as
// such (not "outbid"), the end's moves are announced, and everything is cleared once it is over.
import { describe, expect, it } from 'vitest'
import { supplierProjection } from '~/domain/auction/auction-projection.rules'
import { transition, voidBid, type AuctionState } from '~/domain/auction/auction.rules'
import { NO_ALERTS, nextAlerts, type LiveAlerts } from '../../../portal-supplier/components/auction/live-alerts'
import { running, settings, t, withBids } from './support'

const A = 'org-alpha'
const B = 'org-beta'
let seq = 0
const view = (s: AuctionState, org = A) => supplierProjection(s, org, { auctionId: 'auc-1', seq: ++seq, serverTime: t(100) })
const base = running(settings({ ceiling: '1000.00' }), [A, B])
const ok = <T extends { ok: boolean }>(r: T) => {
  if (!r.ok) throw new Error(JSON.stringify(r))
  return r as Extract<T, { ok: true }>
}

describe('the supplier room alerts', () => {
  it('says "outbid" when a rival takes the lead', () => {
    const s = withBids(base, [A, '950', 10])
    const before = view(s)
    expect(nextAlerts(before, view(withBids(s, [B, '900', 20])), NO_ALERTS).rank).toEqual({ kind: 'outbid', from: 1, to: 2 })
  })

  it('says the buyer voided the own bid, with its amount and the bid that counts again, never "outbid"', () => {
    const s = withBids(base, [A, '950', 10], [B, '940', 20], [A, '900', 30])
    const before = view(s)
    expect(before.myRank).toBe(1)
    const after = view(ok(voidBid(s, s.bids[2].id)).state)
    expect(after.myRank).toBe(2)
    expect(nextAlerts(before, after, NO_ALERTS).rank).toEqual({ kind: 'voided', amount: '900.00', current: '950.00', from: 1, to: 2 })
  })

  it('says so also when the void left the rank as it was, or left no bid at all', () => {
    const free = running(settings({ ceiling: '1000.00', mustBeatBest: false }), [A, B])
    const s = withBids(free, [B, '900', 10], [A, '950', 20], [A, '940', 30])
    const same = nextAlerts(view(s), view(ok(voidBid(s, s.bids[2].id)).state), NO_ALERTS).rank
    expect(same).toEqual({ kind: 'voided', amount: '940.00', current: '950.00', from: 2, to: 2 })
    const only = withBids(base, [A, '950', 10])
    const none = nextAlerts(view(only), view(ok(voidBid(only, only.bids[0].id)).state), NO_ALERTS).rank
    expect(none).toEqual({ kind: 'voided', amount: '950.00', current: null, from: 1, to: null })
  })

  it("tells every supplier of another's voided bid, never whose, with the own rank as it moved", () => {
    const C = 'org-gamma'
    const s = withBids(running(settings({ ceiling: '1000.00' }), [A, B, C]), [A, '950', 10], [C, '920', 15], [B, '900', 20])
    const held: LiveAlerts = { rank: { kind: 'outbid', from: 1, to: 2 }, end: null }
    const after = ok(voidBid(s, s.bids[2].id)).state
    // B's bid voided: A moves up from 3 to 2, and the outbid alert it held gives way.
    expect(nextAlerts(view(s), view(after), held).rank).toEqual({ kind: 'othersVoided', from: 3, to: 2 })
    // C takes the lead; a supplier without a bid is told too, with no rank.
    expect(nextAlerts(view(s, C), view(after, C), NO_ALERTS).rank).toEqual({ kind: 'othersVoided', from: 2, to: 1 })
    const fresh = withBids(running(settings({ ceiling: '1000.00' }), [A, B, C]), [B, '900', 20])
    expect(nextAlerts(view(fresh, C), view(ok(voidBid(fresh, fresh.bids[0].id)).state, C), NO_ALERTS).rank).toEqual({ kind: 'othersVoided', from: null, to: null })
    // The count says a void happened, nothing about whose.
    expect(view(after, C).voidedBids).toBe(1)
    // A void and a rival's lower bid in one push (a rejoin, pushes coalesced): the worse rank is an outbid, said as one.
    const voidThenBids = withBids(after, [B, '880', 30], [A, '870', 31])
    expect(nextAlerts(view(s, C), view(voidThenBids, C), NO_ALERTS).rank).toEqual({ kind: 'outbid', from: 2, to: 3 })
  })

  it('announces an extension, a resume and the buyer moving the end, each with the new end', () => {
    const late = running(settings({ ceiling: '1000.00', softClose: { windowSeconds: 3600, extensionSeconds: 3600 } }), [A, B])
    const ext = withBids(late, [A, '950', 10])
    expect(nextAlerts(view(late), view(ext), NO_ALERTS).end).toEqual({ kind: 'extended', endsAt: ext.currentEndsAt, count: 1 })
    const paused = ok(transition(base, { type: 'pause' }, t(100))).state
    const resumed = ok(transition(paused, { type: 'resume' }, t(141))).state
    expect(nextAlerts(view(paused), view(resumed), NO_ALERTS).end).toEqual({ kind: 'resumed', endsAt: resumed.currentEndsAt })
    const moved = { ...base, currentEndsAt: t(7200) }
    expect(nextAlerts(view(base), view(moved), NO_ALERTS).end).toEqual({ kind: 'moved', endsAt: t(7200) })
  })

  it('clears every alert once the auction is over', () => {
    const s = withBids(base, [A, '950', 10], [B, '900', 20])
    const held: LiveAlerts = { rank: { kind: 'outbid', from: 1, to: 2 }, end: { kind: 'extended', endsAt: t(3700), count: 1 } }
    for (const status of ['closed', 'awarded', 'unsuccessful', 'cancelled'] as const) expect(nextAlerts(view(s), view({ ...s, status }), held)).toEqual(NO_ALERTS)
    // While it runs they stay, and an older state changes nothing.
    const now = view(s)
    expect(nextAlerts(now, now, held)).toBe(held)
    expect(nextAlerts(view(s), { ...view(s), seq: 0 }, held)).toBe(held)
  })
})
