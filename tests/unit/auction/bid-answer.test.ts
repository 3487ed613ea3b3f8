// The bid form's own rules: which questions a bid needs before it is sent (the same large-drop rule
// the server applies, asked once, so the server never has to refuse it), and whether the answer to
// the last bid still holds in the live state (it must never contradict the panel above it).
import { describe, expect, it } from 'vitest'
import { needsConfirmation } from '~/domain/auction/auction-bid.rules'
import { supplierProjection } from '~/domain/auction/auction-projection.rules'
import { transition, voidBid } from '~/domain/auction/auction.rules'
import { answerHolds, bidConfirmation, holdAnswer, type BidResult } from '../../../portal-supplier/components/auction/bid-answer'
import { running, settings, t, withBids } from './support'

const A = 'org-alpha'
const B = 'org-beta'
const ctx = { auctionId: 'auc-1', seq: 1, serverTime: t(100) }
// Ceiling 1000, decrement 10, max single drop 20 %.
const base = running(settings({ ceiling: '1000.00' }), [A, B])
const view = (s = base, org = A) => supplierProjection(s, org, ctx)

describe('what the bid form asks before sending', () => {
  it('asks a first bid once; a later small step goes without a question', () => {
    expect(bidConfirmation(view(), '950', '20')).toEqual({ first: true, large: false, threshold: null })
    const s = withBids(base, [A, '950', 10])
    expect(bidConfirmation(view(s), '930', '20')).toBeNull()
  })

  it('asks a large drop before it is sent, with the amount that would need no question', () => {
    const s = withBids(base, [A, '950', 10])
    expect(bidConfirmation(view(s), '700', '20')).toEqual({ first: false, large: true, threshold: '760.00' })
  })

  it('asks no large drop when nothing is acceptable now (paused or not eligible)', () => {
    const s = withBids(base, [A, '950', 10])
    expect(bidConfirmation({ ...view(s), maxAcceptable: null }, '700', '20')).toBeNull()
  })

  it('asks a first bid that is also a large drop both things in one question', () => {
    expect(bidConfirmation(view(), '700', '20')).toEqual({ first: true, large: true, threshold: '800.00' })
  })

  it('agrees with the server on every amount around the threshold, first bid or not', () => {
    for (const s of [base, withBids(base, [A, '950', 10])]) {
      const v = view(s)
      for (const amount of ['800.00', '799.99', '760.01', '760.00', '759.99', '500.00', '0.01']) {
        const client = bidConfirmation(v, amount, s.settings.maxSingleDropPercent)?.large ?? false
        expect(client, `${amount} after ${v.myBid}`).toBe(needsConfirmation(s, A, amount))
      }
    }
  })

  it('does not ask about a drop the server refuses on price anyway, nor about a malformed amount', () => {
    const s = withBids(base, [A, '950', 10], [B, '900', 20])
    // Must beat the best (900): 895 is above the highest acceptable (890), whatever the drop.
    expect(view(s).maxAcceptable).toBe('890.00')
    expect(bidConfirmation(view(s), '895', '1')).toBeNull()
    expect(bidConfirmation(view(s), '12.345', '20')).toBeNull()
  })
})

describe('whether the answer to the last bid still holds', () => {
  const refusal = (max: string | null): BidResult => ({ ok: false, code: 'MUST_BEAT_BEST', message: '…', maxAcceptable: max })

  it('keeps a refusal while the highest acceptable amount is the one it quoted', () => {
    const s = withBids(base, [A, '950', 10], [B, '900', 20])
    const held = holdAnswer(refusal('890.00'), view(s).maxAcceptable)
    expect(answerHolds(held, view(s))).toBe(true)
  })

  it('drops it once a void, a rival bid (a surrogate one alike) or a pause changed that amount', () => {
    const s = withBids(base, [A, '950', 10], [B, '900', 20])
    const held = holdAnswer(refusal('890.00'), view(s).maxAcceptable)
    const voided = voidBid(s, s.bids[1].id) // the best bid, B's
    if (!voided.ok) throw new Error(voided.code)
    expect(view(voided.state).maxAcceptable).toBe('940.00')
    expect(answerHolds(held, view(voided.state))).toBe(false)
    expect(answerHolds(held, view(withBids(s, [B, '880', 30])))).toBe(false)
    const paused = transition(s, { type: 'pause' }, t(40))
    if (!paused.ok) throw new Error(paused.code)
    expect(answerHolds(held, view(paused.state))).toBe(false)
  })

  it('holds an answer that quotes nothing (no answer from the server) against the amount shown when it came', () => {
    const s = withBids(base, [B, '900', 10])
    const network = holdAnswer({ ok: false, code: 'NETWORK', message: 'No answer' }, view(s).maxAcceptable)
    expect(answerHolds(network, view(s))).toBe(true)
    expect(answerHolds(network, view(withBids(s, [A, '880', 20])))).toBe(false)
  })

  it('keeps an acceptance until its bid is voided', () => {
    const s = withBids(base, [A, '950', 10], [A, '900', 20])
    const bid = s.bids[1]
    const held = holdAnswer({ ok: true, amount: bid.amount, bidId: bid.id }, view(s).maxAcceptable)
    expect(answerHolds(held, view(withBids(s, [B, '850', 30])))).toBe(true)
    const voided = voidBid(s, bid.id)
    if (!voided.ok) throw new Error(voided.code)
    expect(answerHolds(held, view(voided.state))).toBe(false)
    // Without the bid's id (an answer from before it was sent along), by its amount.
    expect(answerHolds(holdAnswer({ ok: true, amount: '900.00' }, null), view(voided.state))).toBe(false)
  })

  it('drops every answer once the auction is no longer open', () => {
    const s = withBids(base, [A, '950', 10])
    const closed = { ...s, status: 'closed' as const }
    expect(answerHolds(holdAnswer({ ok: true, amount: '950.00', bidId: s.bids[0].id }, null), view(closed))).toBe(false)
    expect(answerHolds(holdAnswer(refusal(null), null), view(closed))).toBe(false)
  })
})
