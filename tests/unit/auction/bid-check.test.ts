import { describe, expect, it } from 'vitest'
import { bidRejectionMessage, maxAcceptable, nextBidCheck } from '~/domain/auction/auction-bid.rules'
import { bidRejectionCodes, type AuctionStatus } from '~/domain/auction/auction.rules'
import { accepted, attempt, HOUR, rejected, running, settings, withBids } from './support'

const A = 'org-alpha'
const B = 'org-beta'

describe('accepting a bid: the ceiling and the amount (rule 3)', () => {
  it('accepts a first bid exactly at the ceiling and refuses one cent above it', () => {
    const s = running()
    expect(accepted(nextBidCheck(s, attempt(A, '1000.00', 10))).effects.bid.amount).toBe('1000.00')
    const v = rejected(nextBidCheck(s, attempt(A, '1000.01', 10)))
    expect(v.code).toBe('ABOVE_CEILING')
    expect(v.maxAcceptable).toBe('1000.00')
  })

  it.each(['0', '0.00', '-5', '12.345', 'abc', '1e3', '', ' 12', '012.00', '1,000', 'NaN', 'Infinity', '12.', '.5', '99999999999999'])(
    'refuses %j as INVALID_AMOUNT and still states the highest acceptable amount',
    (amount) => {
      const v = rejected(nextBidCheck(running(), attempt(A, amount, 10)))
      expect(v.code).toBe('INVALID_AMOUNT')
      expect(v.maxAcceptable).toBe('1000.00')
    },
  )

  it('normalizes accepted amounts to two decimals', () => {
    expect(accepted(nextBidCheck(running(), attempt(A, '900', 10))).effects.bid.amount).toBe('900.00')
    expect(accepted(nextBidCheck(running(), attempt(A, '899.5', 10))).effects.bid.amount).toBe('899.50')
  })

  it('refuses an amount above the ceiling before judging the decrement', () => {
    const s = withBids(running(), [A, '900', 10])
    expect(rejected(nextBidCheck(s, attempt(A, '1000.01', 20))).code).toBe('ABOVE_CEILING')
  })
})

describe('the decrement against the own previous bid (rule 4)', () => {
  const s = withBids(running(), [A, '900', 10])
  it('accepts exactly one decrement below and refuses one cent less improvement', () => {
    accepted(nextBidCheck(s, attempt(A, '890.00', 20)))
    const v = rejected(nextBidCheck(s, attempt(A, '890.01', 20)))
    expect(v.code).toBe('DECREMENT_NOT_MET')
    expect(v.maxAcceptable).toBe('890.00')
  })
  it('refuses the same amount again and a higher one: bids only go down', () => {
    expect(rejected(nextBidCheck(s, attempt(A, '900.00', 20))).code).toBe('DECREMENT_NOT_MET')
    expect(rejected(nextBidCheck(s, attempt(A, '950.00', 20))).code).toBe('DECREMENT_NOT_MET')
  })
  it('applies even when must-beat-best is off', () => {
    const off = withBids(running(settings({ mustBeatBest: false })), [A, '900', 10])
    expect(rejected(nextBidCheck(off, attempt(A, '895', 20))).code).toBe('DECREMENT_NOT_MET')
  })
})

describe('must beat the best (rule 5)', () => {
  const s = withBids(running(), [A, '900', 10])
  it('requires a rival to go one decrement below the best', () => {
    accepted(nextBidCheck(s, attempt(B, '890.00', 20)))
    const v = rejected(nextBidCheck(s, attempt(B, '890.01', 20)))
    expect(v.code).toBe('MUST_BEAT_BEST')
    expect(v.maxAcceptable).toBe('890.00')
  })
  it('when off, lets a rival bid above or equal to the best; equal amounts rank by commit order', () => {
    const off = withBids(running(settings({ mustBeatBest: false })), [A, '900', 10])
    const v = accepted(nextBidCheck(off, attempt(B, '900.00', 20)))
    expect(v.effects.ranking.map((r) => [r.orgId, r.rank])).toEqual([[A, 1], [B, 2]])
    expect(v.effects.newBest).toBe(false)
    accepted(nextBidCheck(off, attempt(B, '950.00', 20)))
    expect(maxAcceptable(off, B, '2026-01-01T00:00:20.000Z')).toBe('1000.00')
  })
  it('rejects the loser of a race with the reason it now fails, never on the stale best', () => {
    const s3 = withBids(running(), [A, '900', 10])
    const offeredToBoth = maxAcceptable(s3, B, '2026-01-01T00:00:15.000Z')
    expect(offeredToBoth).toBe('890.00')
    const afterB = accepted(nextBidCheck(s3, attempt(B, offeredToBoth!, 20))).state
    const v = rejected(nextBidCheck(afterB, attempt('org-gamma', offeredToBoth!, 20)))
    expect(v.code).toBe('MUST_BEAT_BEST')
    expect(v.maxAcceptable).toBe('880.00')
  })
})

describe('the decrement as a percent, and both', () => {
  it('takes the percent of the price being beaten', () => {
    const s = withBids(running(settings({ decrement: { amount: null, percent: '1' } })), [A, '900', 10])
    accepted(nextBidCheck(s, attempt(A, '891.00', 20)))
    expect(rejected(nextBidCheck(s, attempt(A, '891.01', 20))).code).toBe('DECREMENT_NOT_MET')
  })
  it('rounds the limit down to the cent, so a fractional decrement is never under-applied', () => {
    // 0.5 % of 1234.57 is 6.17285: the limit 1228.39715 admits 1228.39, not 1228.40.
    const s = withBids(running(settings({ ceiling: '2000.00', decrement: { amount: null, percent: '0.5' } })), [A, '1234.57', 10])
    expect(maxAcceptable(s, B, '2026-01-01T00:00:20.000Z')).toBe('1228.39')
    accepted(nextBidCheck(s, attempt(B, '1228.39', 20, true)))
    expect(rejected(nextBidCheck(s, attempt(B, '1228.40', 20, true))).code).toBe('MUST_BEAT_BEST')
  })
  it('applies the smaller of an amount and a percent', () => {
    const both = settings({ decrement: { amount: '10.00', percent: '2' } })
    // at 900, 2 % is 18 > 10: the amount applies
    const high = withBids(running(both), [A, '900', 10])
    expect(maxAcceptable(high, A, '2026-01-01T00:00:20.000Z')).toBe('890.00')
    accepted(nextBidCheck(high, attempt(A, '890.00', 20)))
    // at 400, 2 % is 8 < 10: the percent applies
    const low = withBids(running(both), [A, '500', 10], [A, '400', 20])
    expect(maxAcceptable(low, A, '2026-01-01T00:00:30.000Z')).toBe('392.00')
    accepted(nextBidCheck(low, attempt(A, '392.00', 30)))
    expect(rejected(nextBidCheck(low, attempt(A, '392.01', 30))).code).toBe('DECREMENT_NOT_MET')
  })
})

describe('the fat-finger guard (rule 6)', () => {
  it('measures a first bid from the ceiling: exactly the limit needs no confirmation, one cent past it does', () => {
    const s = running()
    accepted(nextBidCheck(s, attempt(A, '800.00', 10)))
    const v = rejected(nextBidCheck(s, attempt(A, '799.99', 10)))
    expect(v.code).toBe('CONFIRMATION_REQUIRED')
    expect(v.maxAcceptable).toBe('1000.00')
    expect(v.confirmationThreshold).toBe('800.00')
    accepted(nextBidCheck(s, attempt(A, '799.99', 10, true)))
  })
  it('measures later bids from the bidder’s own previous bid, exactly', () => {
    const s = withBids(running(), [A, '333.33', 10])
    // 20 % below 333.33 is 266.664: 266.67 drops 19.998 %, 266.66 drops 20.0012 %.
    accepted(nextBidCheck(s, attempt(A, '266.67', 20)))
    const v = rejected(nextBidCheck(s, attempt(A, '266.66', 20)))
    expect(v.code).toBe('CONFIRMATION_REQUIRED')
    expect(v.confirmationThreshold).toBe('266.67')
  })
  it('is checked last: a bid that breaks a price rule gets that reason even unconfirmed', () => {
    const s = withBids(running(), [A, '900', 10])
    expect(rejected(nextBidCheck(s, attempt(B, '1000.01', 20))).code).toBe('ABOVE_CEILING')
  })
})

describe('time and status (rule 1) and participation (rule 2)', () => {
  it('accepts a bid 1 ms before the end and refuses one at the end', () => {
    const s = running()
    accepted(nextBidCheck(s, attempt(A, '900', HOUR - 0.001)))
    const v = rejected(nextBidCheck(s, attempt(A, '900', HOUR)))
    expect(v.code).toBe('AUCTION_ENDED')
    expect(v.maxAcceptable).toBeNull()
    expect(rejected(nextBidCheck(s, attempt(A, '900', HOUR + 1))).code).toBe('AUCTION_ENDED')
  })
  it.each<[AuctionStatus, string]>([
    ['draft', 'AUCTION_NOT_RUNNING'],
    ['scheduled', 'AUCTION_NOT_RUNNING'],
    ['paused', 'AUCTION_NOT_RUNNING'],
    ['cancelled', 'AUCTION_NOT_RUNNING'],
    ['closed', 'AUCTION_ENDED'],
    ['awarded', 'AUCTION_ENDED'],
    ['unsuccessful', 'AUCTION_ENDED'],
  ])('refuses every bid while %s with %s and offers nothing', (status, code) => {
    const v = rejected(nextBidCheck({ ...running(), status }, attempt(A, '900', 10)))
    expect(v.code).toBe(code)
    expect(v.maxAcceptable).toBeNull()
  })
  it('refuses an uninvited, an inactive, and a not-yet-agreed supplier', () => {
    const s = running()
    const notAgreed = { ...s, participants: s.participants.map((p) => (p.orgId === A ? { ...p, acceptedTerms: false } : p)) }
    const inactive = { ...s, participants: s.participants.map((p) => (p.orgId === A ? { ...p, active: false } : p)) }
    for (const [state, org] of [[s, 'org-stranger'], [notAgreed, A], [inactive, A]] as const) {
      const v = rejected(nextBidCheck(state, attempt(org, '900', 10)))
      expect(v.code).toBe('NOT_A_PARTICIPANT')
      expect(v.maxAcceptable).toBeNull()
    }
  })
  it('judges status before participation (spec order)', () => {
    expect(rejected(nextBidCheck({ ...running(), status: 'paused' }, attempt('org-stranger', '900', 10))).code).toBe('AUCTION_NOT_RUNNING')
  })
})

describe('maxAcceptable and the rejection log', () => {
  it('is null when no positive amount could be accepted', () => {
    const s = withBids(running(), [A, '5.00', 10])
    expect(maxAcceptable(s, B, '2026-01-01T00:00:20.000Z')).toBeNull()
    const v = rejected(nextBidCheck(s, attempt(B, '1.00', 20, true)))
    expect(v.code).toBe('MUST_BEAT_BEST')
    expect(v.maxAcceptable).toBeNull()
  })
  it('counts rejected attempts and leaves everything else as it was', () => {
    const s = withBids(running(), [A, '900', 10])
    const v = rejected(nextBidCheck(s, attempt(B, '999', 20)))
    expect(v.state).toEqual({ ...s, rejectedAttempts: 1 })
  })
  it('marks surrogate bids', () => {
    expect(accepted(nextBidCheck(running(), attempt(A, '900', 10, false, { surrogate: true }))).effects.bid.surrogate).toBe(true)
  })
  it('names who was outbid', () => {
    const s = withBids(running(), [A, '900', 10])
    expect(accepted(nextBidCheck(s, attempt(B, '850', 20))).effects.outbidOrgId).toBe(A)
    expect(accepted(nextBidCheck(s, attempt(A, '850', 20))).effects.outbidOrgId).toBeNull()
  })
})

describe('rejection messages', () => {
  it('state the highest acceptable amount for every price reason, and say when there is none', () => {
    for (const code of bidRejectionCodes) {
      const m = bidRejectionMessage(code, '890.00', '800.00')
      const priceCode = !['AUCTION_NOT_RUNNING', 'AUCTION_ENDED', 'NOT_A_PARTICIPANT'].includes(code)
      expect(m.key).toBe(`auction:reject.${code}`)
      expect(m.params.maxAcceptable).toBe(priceCode ? '890.00' : undefined)
    }
    expect(bidRejectionMessage('MUST_BEAT_BEST', null).key).toBe('auction:rejectNoneAcceptable.MUST_BEAT_BEST')
  })
})
