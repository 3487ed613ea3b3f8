// Property-based tests over random settings and random sequences of bids, voids and pauses from
// several suppliers at random times. The oracle below recomputes the rules independently with
// decimal.js (it does not call decrementOf/limitBelow), so a wrong rule cannot also be the judge.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { maxAcceptable, nextBidCheck, type BidAttempt } from '~/domain/auction/auction-bid.rules'
import { eventsForVerdict, type AuctionEventActor, type AuctionEventBody, type UnhashedAuctionEvent } from '~/domain/auction/auction-events.rules'
import { aliases, supplierProjection } from '~/domain/auction/auction-projection.rules'
import { replayAuction } from '~/domain/auction/auction-replay.rules'
import { closeOutcome, compactBids, initialState, ranking, transition, voidBid, type AuctionSettings, type AuctionState, type TransitionResult } from '~/domain/auction/auction.rules'
import { D } from '~/utils/money'
import { T0 } from './support'

// Distinctive ids so that a leak is visible in serialized JSON.
const BIDDERS = ['org-7f3a-north', 'org-91c2-south', 'org-c0de-east'] // invited, terms accepted
const NO_TERMS = 'org-5e5e-west' // invited, terms not accepted
const STRANGER = 'org-dead-beef' // not invited
const ALL = [...BIDDERS, NO_TERMS, STRANGER]

const cents = (n: number) => new D(n).div(100).toFixed(2)
const iso = (msAfterT0: number) => new Date(T0 + msAfterT0).toISOString()

export const settingsArb: fc.Arbitrary<AuctionSettings> = fc
  .record({
    ceilingCents: fc.integer({ min: 10_000, max: 10_000_000 }),
    decrementKind: fc.constantFrom('amount', 'percent', 'both'),
    decrementAmountPermille: fc.integer({ min: 1, max: 50 }), // of the ceiling
    decrementPercent: fc.oneof(fc.constantFrom('0.1', '0.5', '1', '2.5'), fc.integer({ min: 1, max: 999 }).map((n) => cents(n))),
    mustBeatBest: fc.boolean(),
    maxDrop: fc.integer({ min: 1, max: 100 }).map(String),
    durationS: fc.integer({ min: 20, max: 180 }),
    windowS: fc.integer({ min: 0, max: 60 }),
    extensionS: fc.integer({ min: 1, max: 60 }),
    trigger: fc.constantFrom('any_bid' as const, 'new_best' as const),
    maxExtensions: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 6 })),
    hardStopExtraS: fc.integer({ min: 0, max: 300 }),
    visibility: fc.constantFrom('rank' as const, 'best' as const, 'ladder' as const),
    minParticipants: fc.integer({ min: 1, max: 3 }),
    reserveCents: fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: null }),
  })
  .map((r) => ({
    currency: 'CNY',
    ceiling: cents(r.ceilingCents),
    reserve: r.reserveCents === null ? null : cents(Math.min(r.reserveCents, r.ceilingCents)),
    lastPurchasePrice: null,
    decrement: {
      amount: r.decrementKind === 'percent' ? null : cents(Math.max(1, Math.floor((r.ceilingCents * r.decrementAmountPermille) / 1000))),
      percent: r.decrementKind === 'amount' ? null : r.decrementPercent,
    },
    mustBeatBest: r.mustBeatBest,
    maxSingleDropPercent: r.maxDrop,
    startsAt: iso(0),
    endsAt: iso(r.durationS * 1000),
    softClose: { windowSeconds: r.windowS, extensionSeconds: r.extensionS, trigger: r.trigger, maxExtensions: r.maxExtensions, hardStopAt: iso((r.durationS + r.hardStopExtraS) * 1000) },
    visibility: r.visibility,
    minParticipants: r.minParticipants,
  }))

/** Most bids come after a random gap; some land exactly on the boundaries that matter. */
type Timing = 'gap' | 'windowStart' | 'windowStartMinus1' | 'endMinus1' | 'atEnd'
const timingArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Timing>('gap') },
  { weight: 1, arbitrary: fc.constantFrom<Timing>('windowStart', 'windowStartMinus1', 'endMinus1', 'atEnd') },
)

type Action =
  | { kind: 'bid'; org: number; how: 'max' | 'maxPlusCent' | 'below' | 'random' | 'invalid' | 'equalBest'; centsBelow: number; random: number; confirm: boolean; gapMs: number; timing: Timing; surrogate: boolean }
  | { kind: 'void'; pick: number; gapMs: number }
  | { kind: 'pause'; durationMs: number; gapMs: number }

const gap = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 3_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 30_000 }) })
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.record({
      kind: fc.constant('bid' as const),
      org: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 2 }) }, { weight: 1, arbitrary: fc.integer({ min: 3, max: 4 }) }),
      how: fc.constantFrom('max' as const, 'max' as const, 'max' as const, 'maxPlusCent' as const, 'below' as const, 'below' as const, 'below' as const, 'random' as const, 'invalid' as const, 'equalBest' as const),
      centsBelow: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 100_000 })),
      random: fc.integer({ min: 1, max: 1100 }), // permille of the ceiling
      confirm: fc.boolean(),
      gapMs: gap,
      timing: timingArb,
      surrogate: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), pick: fc.nat(), gapMs: gap }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pause' as const), durationMs: fc.integer({ min: 1, max: 120_000 }), gapMs: gap }) },
)

const INVALID = ['0', '-1.00', '1.234', 'abc', '', '1e3', '00.10', '12.']

/** The rules restated independently: the limit below a beaten price. */
function oracleLimit(s: AuctionSettings, beaten: string) {
  const parts = [] as InstanceType<typeof D>[]
  if (s.decrement.amount) parts.push(new D(s.decrement.amount))
  if (s.decrement.percent) parts.push(new D(beaten).mul(s.decrement.percent).div(100))
  const d = D.min(...parts)
  return new D(beaten).minus(d.gt(0) ? d : '0.01')
}
function oracleCurrent(state: AuctionState) {
  const cur = new Map<string, string>()
  for (const b of state.bids) if (!b.voided && (!cur.has(b.orgId) || new D(b.amount).lt(cur.get(b.orgId)!))) cur.set(b.orgId, b.amount)
  return cur
}

interface Run {
  live: AuctionState
  log: UnhashedAuctionEvent[]
  violations: string[]
}

export function simulate(s: AuctionSettings, actions: readonly Action[]): Run {
  const violations: string[] = []
  const log: UnhashedAuctionEvent[] = []
  const system: AuctionEventActor = { kind: 'system' }
  const push = (body: AuctionEventBody, at: string) => log.push({ ...body, seq: log.length + 1, at, actor: system } as UnhashedAuctionEvent)
  const must = (r: TransitionResult, what: string): AuctionState => {
    if (!r.ok) throw new Error(`premise: ${what} refused with ${r.code}`)
    return r.state
  }

  let state = initialState(s, [...BIDDERS, NO_TERMS].map((orgId) => ({ orgId, acceptedTerms: false, active: true })))
  state = must(transition(state, { type: 'publish' }, iso(-1000)), 'publish')
  push({ type: 'published', payload: { participants: [...BIDDERS, NO_TERMS] } }, iso(-1000))
  for (const orgId of BIDDERS) {
    state = { ...state, participants: state.participants.map((p) => (p.orgId === orgId ? { ...p, acceptedTerms: true } : p)) }
    push({ type: 'terms_accepted', payload: { orgId } }, iso(-1000))
  }
  state = must(transition(state, { type: 'start' }, iso(0)), 'start')
  push({ type: 'started', payload: {} }, iso(0))

  let clock = 0
  let n = 0
  for (const a of actions) {
    clock += a.gapMs
    if (a.kind === 'bid' && a.timing !== 'gap') {
      const end = Date.parse(state.currentEndsAt) - T0
      const w = s.softClose.windowSeconds * 1000
      const target = { windowStart: end - w, windowStartMinus1: end - w - 1, endMinus1: end - 1, atEnd: end }[a.timing]
      clock = Math.max(clock, target) // time never goes back
    }
    const at = iso(clock)
    const before = state
    if (a.kind === 'void') {
      const live = state.bids.filter((b) => !b.voided)
      if (!live.length || !['running', 'paused'].includes(state.status)) continue
      const bid = live[a.pick % live.length]
      const r = voidBid(state, bid.id)
      if (!r.ok) throw new Error(r.code)
      state = r.state
      push({ type: 'bid_voided', payload: { bidId: bid.id, reason: 'typo' } }, at)
      continue
    }
    if (a.kind === 'pause') {
      const p = transition(state, { type: 'pause' }, at)
      if (!p.ok) continue
      push({ type: 'paused', payload: { reason: null } }, at)
      clock += a.durationMs
      state = must(transition(p.state, { type: 'resume' }, iso(clock)), 'resume')
      push({ type: 'resumed', payload: {} }, iso(clock))
      if (Date.parse(state.currentEndsAt) - Date.parse(before.currentEndsAt) !== a.durationMs) violations.push('pause did not shift the end by its duration')
      continue
    }

    const orgId = ALL[a.org]
    const max = maxAcceptable(state, orgId, at)
    let amount: string
    if (a.how === 'invalid') amount = INVALID[a.centsBelow % INVALID.length]
    else if (a.how === 'equalBest') amount = ranking(state.bids)[0]?.amount ?? s.ceiling // a tie, when must-beat-best is off
    else if (a.how === 'random') amount = D.max(new D(s.ceiling).mul(a.random).div(1000).toDecimalPlaces(2, D.ROUND_FLOOR), '0.01').toFixed(2)
    else if (max === null) amount = cents(1 + (a.centsBelow % 1000))
    else if (a.how === 'max') amount = max
    else if (a.how === 'maxPlusCent') amount = new D(max).plus('0.01').toFixed(2)
    else amount = D.max(new D(max).minus(cents(a.centsBelow)), '0.01').toFixed(2)

    // (e) maxAcceptable, when offered, is accepted if bid at once (confirmed), and one cent more is refused.
    if (max !== null) {
      const probe = (amt: string) => nextBidCheck(state, { id: 'probe', orgId, amount: amt, confirm: true, at })
      if (!probe(max).ok) violations.push(`maxAcceptable ${max} refused`)
      if (probe(new D(max).plus('0.01').toFixed(2)).ok) violations.push(`one cent above maxAcceptable ${max} accepted`)
    }

    const attempt: BidAttempt = { id: `b${++n}`, orgId, amount, confirm: a.confirm, at, surrogate: a.surrogate }
    const v = nextBidCheck(state, attempt)
    state = v.state
    for (const body of eventsForVerdict(attempt, v)) push(body, at)
    if (!v.ok) {
      if (v.maxAcceptable !== max) violations.push(`rejection states ${v.maxAcceptable}, maxAcceptable says ${max}`)
      continue
    }

    // (a) the accepted bid obeyed the rules at its position, judged by the oracle
    const amt = new D(v.effects.bid.amount)
    const cur = oracleCurrent(before)
    const own = cur.get(orgId)
    const best = [...cur.values()].reduce<string | null>((m, x) => (m === null || new D(x).lt(m) ? x : m), null)
    if (amt.gt(s.ceiling) || amt.lte(0)) violations.push(`accepted ${amt} outside (0, ceiling]`)
    if (own && amt.gt(oracleLimit(s, own))) violations.push(`accepted ${amt} against own ${own}: decrement not met`)
    if (s.mustBeatBest && best && amt.gt(oracleLimit(s, best))) violations.push(`accepted ${amt} against best ${best}: must beat best`)
    const ref = new D(own ?? s.ceiling)
    if (!attempt.confirm && ref.minus(amt).div(ref).mul(100).gt(s.maxSingleDropPercent)) violations.push(`accepted an unconfirmed drop to ${amt} from ${ref}`)
    if (!BIDDERS.includes(orgId)) violations.push(`accepted a bid from ${orgId}`)
    // (b) nothing accepted at or after the current end, or while not running
    if (before.status !== 'running' || T0 + clock >= Date.parse(before.currentEndsAt)) violations.push(`accepted at ${at}, end ${before.currentEndsAt}`)
    // (c) the end never moves earlier, never past the hard stop; extensions <= K
    const hardStop = Date.parse(s.softClose.hardStopAt) + state.pausedTotalMs
    if (Date.parse(state.currentEndsAt) < Date.parse(before.currentEndsAt)) violations.push('end moved earlier')
    if (Date.parse(state.currentEndsAt) > Math.max(hardStop, Date.parse(s.endsAt) + state.pausedTotalMs)) violations.push('end past the hard stop')
    if (s.softClose.maxExtensions !== null && state.extensions > s.softClose.maxExtensions) violations.push('more than K extensions')
    if (state.extensions < before.extensions || state.extensions > before.extensions + 1) violations.push('extension count jumped')
    // the oracle's soft close: a qualifying bid within W moves the end to min(hardStop, max(end, t + E))
    const end = Date.parse(before.currentEndsAt)
    const qualifies = s.softClose.trigger === 'any_bid' || best === null || amt.lt(best)
    const room = s.softClose.maxExtensions === null || before.extensions < s.softClose.maxExtensions
    const now = T0 + clock
    const expected = qualifies && room && end - now <= s.softClose.windowSeconds * 1000 ? Math.min(hardStop, Math.max(end, now + s.softClose.extensionSeconds * 1000)) : end
    if (Date.parse(state.currentEndsAt) !== expected) violations.push(`end ${state.currentEndsAt}, oracle ${iso(expected)}`)
  }

  // the ranking, recomputed by the oracle: each bidder's lowest non-voided bid; ties by commit order
  const oracleRows = [...oracleCurrent(state).entries()]
    .map(([orgId, amount]) => ({ orgId, amount, index: state.bids.findIndex((b) => !b.voided && b.orgId === orgId && b.amount === amount) }))
    .sort((x, y) => new D(x.amount).cmp(y.amount) || x.index - y.index)
    .map((r) => `${r.orgId}:${r.amount}`)
  const rulesRows = ranking(state.bids).map((r, i) => (r.rank === i + 1 ? `${r.orgId}:${r.amount}` : 'bad rank'))
  if (JSON.stringify(rulesRows) !== JSON.stringify(oracleRows)) violations.push(`ranking ${rulesRows} vs oracle ${oracleRows}`)

  // the closer: once the end has passed
  const closeAt = Math.max(clock, Date.parse(state.currentEndsAt) - T0)
  if (state.status === 'running') {
    state = must(transition(state, { type: 'close' }, iso(closeAt)), 'close')
    push({ type: 'closed', payload: {} }, iso(closeAt))
    if (closeOutcome(state).next === 'unsuccessful') {
      state = must(transition(state, { type: 'mark_unsuccessful' }, iso(closeAt)), 'unsuccessful')
      push({ type: 'unsuccessful', payload: {} }, iso(closeAt))
    }
  }
  return { live: state, log, violations }
}

export const actionsArb = fc.array(actionArb, { minLength: 1, maxLength: 80, size: 'medium' })
const RUNS = { numRuns: 150 }

describe('auction rules, over random auctions', () => {
  it('(a, b, c, e) every accepted bid obeys the rules at its position; ends move only later and stay in bounds; maxAcceptable is exact; the ranking is right', () => {
    fc.assert(
      fc.property(settingsArb, actionsArb, (s, actions) => {
        expect(simulate(s, actions).violations).toEqual([])
      }),
      RUNS,
    )
  })

  it('(d) replaying the log gives the live ranking, end time, extension count and status, without discrepancies', () => {
    fc.assert(
      fc.property(settingsArb, actionsArb, (s, actions) => {
        const { live, log } = simulate(s, actions)
        const r = replayAuction(s, log)
        expect(r.discrepancies).toEqual([])
        expect(r.ranking).toEqual(ranking(live.bids))
        expect(r.endsAt).toBe(live.currentEndsAt)
        expect(r.extensions).toBe(live.extensions)
        expect(r.state.status).toBe(live.status)
        expect(r.state.rejectedAttempts).toBe(live.rejectedAttempts)
      }),
      RUNS,
    )
  })

  it('(f) a supplier projection never contains another supplier’s id, nor the reserve field', () => {
    fc.assert(
      fc.property(settingsArb, actionsArb, fc.integer({ min: 0, max: 4 }), (s, actions, cut) => {
        const { live } = simulate(s, actions.slice(0, Math.max(1, actions.length - cut)))
        for (const me of ALL) {
          const json = JSON.stringify(supplierProjection(live, me, { auctionId: 'a', seq: 1, serverTime: iso(0) }))
          for (const other of ALL) if (other !== me) expect(json).not.toContain(other)
          expect(json).not.toMatch(/reserve/i)
        }
      }),
      RUNS,
    )
  })

  it('the ranking carried bid by bid is the one computed afresh; judging on the compacted bid list (each bidder\'s first and current bid) gives the verdicts, ranking and aliases of the full list', () => {
    fc.assert(
      fc.property(settingsArb, actionsArb, fc.constantFrom(...ALL), fc.integer({ min: 1, max: 12_000_000 }), (s, actions, orgId, probeCents) => {
        const { live } = simulate(s, actions)
        const compact = { ...live, bids: compactBids(live.bids) }
        // The live list's ranking was carried along bid by bid; a copy has none and is ranked afresh.
        expect(ranking(live.bids)).toEqual(ranking([...live.bids]))
        expect(ranking(compact.bids)).toEqual(ranking(live.bids))
        expect(aliases(compact)).toEqual(aliases(live))
        const at = live.status === 'running' ? live.currentEndsAt : iso(0)
        const probe = { id: 'probe', orgId, amount: cents(probeCents), confirm: probeCents % 2 === 0, at: new Date(Date.parse(at) - 1).toISOString() }
        const a = nextBidCheck(live, probe)
        const b = nextBidCheck(compact, probe)
        expect(b.ok).toBe(a.ok)
        if (a.ok && b.ok) expect([b.effects.ranking, b.effects.newBest, b.effects.outbidOrgId, b.effects.extension]).toEqual([a.effects.ranking, a.effects.newBest, a.effects.outbidOrgId, a.effects.extension])
        if (!a.ok && !b.ok) expect([b.code, b.maxAcceptable, b.confirmationThreshold]).toEqual([a.code, a.maxAcceptable, a.confirmationThreshold])
        expect(maxAcceptable(compact, orgId, probe.at)).toBe(maxAcceptable(live, orgId, probe.at))
      }),
      RUNS,
    )
  })

  it('(d) the replay notices when one accepted bid is tampered with', () => {
    fc.assert(
      fc.property(settingsArb, actionsArb, fc.nat(), (s, actions, pick) => {
        const { log } = simulate(s, actions)
        const bids = log.map((e, i) => [e, i] as const).filter(([e]) => e.type === 'bid_accepted')
        fc.pre(bids.length > 0)
        const [e, i] = bids[pick % bids.length]
        if (e.type !== 'bid_accepted') return
        // raise it above the ceiling: always against the rules
        const forged = log.map((x, j) => (j === i ? ({ ...e, payload: { ...e.payload, amount: new D(s.ceiling).plus(1).toFixed(2) } } as UnhashedAuctionEvent) : x))
        expect(replayAuction(s, forged).discrepancies.some((d) => d.seq === e.seq && d.problem === 'BID_SHOULD_BE_REJECTED')).toBe(true)
      }),
      { numRuns: 50 },
    )
  })
})
