// Builders for the auction rule tests: one running auction an hour long, three suppliers who
// accepted the terms, and times given as seconds from the start.
import { nextBidCheck, type BidAttempt, type BidVerdict } from '~/domain/auction/auction-bid.rules'
import { eventsForVerdict, type AuctionEventActor, type AuctionEventBody, type UnhashedAuctionEvent } from '~/domain/auction/auction-events.rules'
import { initialState, transition, type AuctionSettings, type AuctionState } from '~/domain/auction/auction.rules'

export const T0 = Date.parse('2026-01-01T00:00:00.000Z')
/** An instant `seconds` after the start (fractions allowed: 3599.999 is 1 ms before a 1 h end). */
export const t = (seconds: number) => new Date(T0 + Math.round(seconds * 1000)).toISOString()
export const HOUR = 3600

export function settings(over: Partial<Omit<AuctionSettings, 'softClose'>> & { softClose?: Partial<AuctionSettings['softClose']> } = {}): AuctionSettings {
  const { softClose, ...rest } = over
  return {
    currency: 'CNY',
    ceiling: '1000.00',
    reserve: null,
    lastPurchasePrice: null,
    decrement: { amount: '10.00', percent: null },
    mustBeatBest: true,
    maxSingleDropPercent: '20',
    startsAt: t(0),
    endsAt: t(HOUR),
    visibility: 'best',
    minParticipants: 2,
    ...rest,
    softClose: { windowSeconds: 180, extensionSeconds: 180, trigger: 'new_best', maxExtensions: 10, hardStopAt: t(2 * HOUR), ...softClose },
  }
}

export const ORGS = ['org-alpha', 'org-beta', 'org-gamma'] as const

export function running(s: AuctionSettings = settings(), orgs: readonly string[] = ORGS): AuctionState {
  return { ...initialState(s, orgs.map((orgId) => ({ orgId, acceptedTerms: true, active: true }))), status: 'running' }
}

let n = 0
export function attempt(orgId: string, amount: string, atSeconds: number, confirm = false, extra: Partial<BidAttempt> = {}): BidAttempt {
  return { id: `bid-${++n}`, orgId, amount, confirm, at: t(atSeconds), ...extra }
}

/** Applies accepted bids in order and fails loudly if one is refused: the test's premise is wrong. */
export function withBids(state: AuctionState, ...bids: [orgId: string, amount: string, atSeconds: number][]): AuctionState {
  let s = state
  for (const [orgId, amount, at] of bids) {
    const v = nextBidCheck(s, attempt(orgId, amount, at, true))
    if (!v.ok) throw new Error(`premise: ${orgId} ${amount} at ${at}s refused with ${v.code}`)
    s = v.state
  }
  return s
}

export function rejected(v: BidVerdict) {
  if (v.ok) throw new Error(`expected a rejection, got acceptance of ${v.effects.bid.amount}`)
  return v
}
export function accepted(v: BidVerdict) {
  if (!v.ok) throw new Error(`expected acceptance, got ${v.code} (maxAcceptable ${v.maxAcceptable})`)
  return v
}


/**
 * A live run as the bid command will do it: publish, terms, start, then each attempt judged by the
 * rules and logged with eventsForVerdict, in commit order. Returns the final live state and the log.
 */
export function liveRun(s: AuctionSettings, orgs: readonly string[], attempts: readonly BidAttempt[]) {
  const log: UnhashedAuctionEvent[] = []
  const system: AuctionEventActor = { kind: 'system' }
  const push = (body: AuctionEventBody, at: string, actor: AuctionEventActor = system) => log.push({ ...body, seq: log.length + 1, at, actor } as UnhashedAuctionEvent)
  let state: AuctionState = { ...initialState(s, orgs.map((orgId) => ({ orgId, acceptedTerms: true, active: true }))) }
  const before = new Date(Date.parse(s.startsAt) - 60_000).toISOString()
  const published = transition(state, { type: 'publish' }, before)
  if (!published.ok) throw new Error(`premise: publish ${published.code}`)
  state = published.state
  push({ type: 'published', payload: { participants: [...orgs] } }, before)
  for (const orgId of orgs) push({ type: 'terms_accepted', payload: { orgId } }, before, { kind: 'supplier', userId: null, orgId })
  const started = transition(state, { type: 'start' }, s.startsAt)
  if (!started.ok) throw new Error(`premise: start ${started.code}`)
  state = started.state
  push({ type: 'started', payload: {} }, s.startsAt)
  const verdicts: BidVerdict[] = []
  for (const a of attempts) {
    const v = nextBidCheck(state, a)
    verdicts.push(v)
    state = v.state
    for (const body of eventsForVerdict(a, v)) push(body, a.at, { kind: 'supplier', userId: null, orgId: a.orgId })
  }
  return { state, log, verdicts }
}
