import { describe, expect, it } from 'vitest'
import { nextBidCheck } from '~/domain/auction/auction-bid.rules'
import { accepted, attempt, HOUR, rejected, running, settings, t, withBids } from './support'

const A = 'org-alpha'
const B = 'org-beta'
const END = HOUR

describe('soft close', () => {
  it('does nothing for a bid just outside the window', () => {
    const v = accepted(nextBidCheck(running(settings({ softClose: { extensionSeconds: 300 } })), attempt(A, '900', END - 180.001)))
    expect(v.effects.extension).toBeNull()
    expect(v.effects.endsAt).toBe(t(END))
  })

  it('extends for a bid exactly W before the end, to the bid time + E', () => {
    const v = accepted(nextBidCheck(running(settings({ softClose: { extensionSeconds: 300 } })), attempt(A, '900', END - 180)))
    expect(v.effects.extension).toEqual({ previousEndsAt: t(END), newEndsAt: t(END - 180 + 300), extensions: 1 })
    expect(v.state.currentEndsAt).toBe(t(END + 120))
    expect(v.state.extensions).toBe(1)
  })

  it('never moves the end earlier: bid time + E before the current end changes nothing', () => {
    // W = 180, E = 60: a bid 120 s before the end would give end - 60 s.
    const v = accepted(nextBidCheck(running(settings({ softClose: { extensionSeconds: 60 } })), attempt(A, '900', END - 120)))
    expect(v.effects.extension).toBeNull()
    expect(v.state.currentEndsAt).toBe(t(END))
    expect(v.state.extensions).toBe(0)
  })

  it('counts from the triggering bid, again and again, and then refuses at the new end', () => {
    let s = running()
    s = accepted(nextBidCheck(s, attempt(A, '900', END - 100))).state
    expect(s.currentEndsAt).toBe(t(END + 80))
    accepted(nextBidCheck(s, attempt(B, '850', END))) // the old end is no longer the end
    s = accepted(nextBidCheck(s, attempt(B, '850', END + 20))).state
    expect(s.currentEndsAt).toBe(t(END + 200))
    expect(s.extensions).toBe(2)
    accepted(nextBidCheck(s, attempt(A, '800', END + 199.999)))
    expect(rejected(nextBidCheck(s, attempt(A, '800', END + 200))).code).toBe('AUCTION_ENDED')
  })

  it("with trigger 'new_best', a bid that is not the new best does not extend; with 'any_bid' it does", () => {
    const base = { mustBeatBest: false }
    const nb = withBids(running(settings({ ...base, softClose: { trigger: 'new_best' } })), [A, '800', 10], [B, '900', 20])
    expect(accepted(nextBidCheck(nb, attempt(B, '890', END - 60))).effects.extension).toBeNull()
    // an equal amount is not a new best either: the earlier bid keeps rank 1
    expect(accepted(nextBidCheck(nb, attempt(B, '800', END - 60))).effects.extension).toBeNull()
    const ab = withBids(running(settings({ ...base, softClose: { trigger: 'any_bid' } })), [A, '800', 10], [B, '900', 20])
    expect(accepted(nextBidCheck(ab, attempt(B, '890', END - 60))).effects.extension?.newEndsAt).toBe(t(END + 120))
  })

  it('stops after K extensions', () => {
    let s = running(settings({ softClose: { maxExtensions: 2 } }))
    let price = 900
    let at = END - 10
    for (let i = 0; i < 3; i++) {
      const v = accepted(nextBidCheck(s, attempt(i % 2 ? B : A, String(price), at)))
      expect(v.effects.extension === null).toBe(i === 2)
      s = v.state
      price -= 10
      at = Date.parse(s.currentEndsAt) / 1000 - Date.parse(t(0)) / 1000 - 10
    }
    expect(s.extensions).toBe(2)
    expect(s.currentEndsAt).toBe(t(END - 10 + 180 - 10 + 180))
  })

  it('never extends with K = 0, and keeps extending with K unlimited', () => {
    expect(accepted(nextBidCheck(running(settings({ softClose: { maxExtensions: 0 } })), attempt(A, '900', END - 1))).effects.extension).toBeNull()
    let s = running(settings({ softClose: { maxExtensions: null, hardStopAt: t(10 * HOUR) } }))
    for (let i = 0; i < 15; i++) {
      const end = (Date.parse(s.currentEndsAt) - Date.parse(t(0))) / 1000
      s = accepted(nextBidCheck(s, attempt(i % 2 ? B : A, String(900 - i * 10), end - 1))).state
    }
    expect(s.extensions).toBe(15)
  })

  it('never passes the hard stop, and a clipped-to-nothing extension is not counted', () => {
    let s = running(settings({ softClose: { hardStopAt: t(END + 60) } }))
    const v = accepted(nextBidCheck(s, attempt(A, '900', END - 100)))
    expect(v.effects.extension?.newEndsAt).toBe(t(END + 60))
    s = v.state
    const w = accepted(nextBidCheck(s, attempt(B, '850', END + 50)))
    expect(w.effects.extension).toBeNull()
    expect(w.state.extensions).toBe(1)
    expect(rejected(nextBidCheck(w.state, attempt(A, '800', END + 60))).code).toBe('AUCTION_ENDED')
  })
})
