/*
 * Pure auction rules: the types, the state machine, money and ranking. The bid check lives in
 * auction-bid.rules.ts, what each party sees in auction-projection.rules.ts, the log replay in
 * auction-replay.rules.ts and the event hash chain in auction-events.rules.ts. No I/O anywhere:
 * the database commands, the socket handlers, the console's "verify" and the UI call these same
 * functions, so there is one answer to "who wins".
 *
 * Decisions where ../shared/spec/auction-rules.md leaves room (each is also in the session report):
 *  D1 Instants are ISO 8601 UTC strings with millisecond precision (as on the wire and in the
 *     hashed log). The database's microseconds must be truncated to milliseconds before they reach
 *     the rules, or a replay could disagree with the live run by a sub-millisecond.
 *  D2 The decrement is computed exactly (no rounding) from the price being beaten: the bidder's own
 *     current bid for rule 4, the current best bid for rule 5. A bid passes when
 *     amount <= beaten - decrement; since amounts are whole cents this is the same as rounding the
 *     decrement UP to the cent. When both an amount and a percent are set the smaller applies; a
 *     zero decrement is treated as one cent, because bids can only go down.
 *  D3 When several rules fail, the reported code is the first in the spec's order:
 *     status/time (1), participant (2), amount format/ceiling (3), own decrement (4), best (5),
 *     confirmation (6). Closed, unsuccessful and awarded auctions answer AUCTION_ENDED; draft,
 *     scheduled, paused and cancelled ones answer AUCTION_NOT_RUNNING.
 *  D4 maxAcceptable ignores the drop confirmation: it is the highest amount accepted now, which
 *     never needs more confirmation than "yes, I meant it" (a rejected CONFIRMATION_REQUIRED
 *     answer also says from which amount down the confirmation is needed).
 *     The spec's "the lowest amount they may bid now" (What each party sees) is read as this same
 *     highest acceptable amount, as its own live protocol section says.
 *  D5 The drop is measured from the bidder's current bid (or the ceiling on a first bid); a drop of
 *     exactly maxSingleDropPercent needs no confirmation, anything beyond does.
 *  D6 Soft close triggers when currentEnd - bidTime <= W (a bid exactly W before the end extends).
 *     The end moves to min(hardStop, max(currentEnd, bidTime + E)); only a move that actually
 *     changes the end counts as an extension and is announced. 'new_best' means the bid's amount is
 *     strictly below the previous best (or it is the first bid).
 *  D7 Pausing shifts both the end and the hard stop by the paused duration (paused time is not
 *     bidding time). A manual "extend the end" may pass the hard stop; the hard stop then moves to
 *     the new end (the buyer's explicit, announced decision).
 *  D8 cancelled is reachable from draft, scheduled, running, paused and closed; not from awarded,
 *     unsuccessful (already final) or cancelled. Closing is allowed from running once
 *     now >= currentEnd (a paused auction is resumed first). A close with fewer distinct bidders
 *     than minParticipants is followed at once by closed -> unsuccessful; award needs the minimum.
 *     Publishing needs at least minParticipants invited suppliers and an end in the future.
 *  D9 A void is allowed while running, paused or closed (before award). It never undoes an
 *     extension and never re-judges later bids: they were valid against the best price at the time.
 *  D10 Participant changes after publish are logged (participant_added, terms_accepted,
 *     participant_deactivated/_reactivated) so that a replay knows who could bid when.
 *  D11 The supplier's ladder shows one row per bidder (its current bid), ranked, with aliases
 *     "A", "B", ... by the order of each bidder's first accepted bid (voided ones included, so an
 *     alias never changes). Aliases reveal only who bid first, nothing of names or ids.
 *  D12 Amounts are positive, at most 13 integer digits and two decimals (numeric(15,2)), written
 *     without leading zeros or exponent; the rules normalize them to two decimals ("12.5" -> "12.50").
 *  D13 A surrogate bid is judged by exactly the same rules as the supplier's own (the supplier must
 *     be an active participant that accepted the terms; a large drop needs the buyer's confirmation).
 *  D14 The rules never read a clock: every time is an argument (the database's now()), so the live
 *     check, the replay and the tests agree to the millisecond.
 *  D15 An award to rank 1 is one buyer's decision. An award to any other rank is the gravest call a
 *     buyer makes (security-and-reliability.md: two people for the gravest approvals): one staff
 *     member proposes it with a justification, and a second, different person confirms it (who may
 *     is the server's permission check; that it is another person is a rule, so the replay checks
 *     it from the events' actors). One proposal at a time: while it waits, no other award or
 *     proposal is accepted; it is declined (or withdrawn) or confirmed. A void after the proposal
 *     does not drop it; the confirmer judges against the ranking of the moment.
 *     Rank 1 counts as one person's decision only if it would lead had no bid been voided: a void
 *     is the buyer's own act, and one that hands first place to another supplier (after the close,
 *     or in the last seconds, when the voided bidder cannot answer) would otherwise let one person
 *     pass over the best price after all; so awarding a leader made by a void takes two people too.
 *     Derived from the bids alone, so it holds for auctions closed before this rule as well.
 */
import { D, type Money } from '~/utils/money'

export type Instant = string // ISO 8601 UTC, e.g. "2026-11-22T14:30:00.000Z"

export const auctionStatuses = ['draft', 'scheduled', 'running', 'paused', 'closed', 'awarded', 'unsuccessful', 'cancelled'] as const
export type AuctionStatus = (typeof auctionStatuses)[number]
/** Published and not yet over: bids, terms, pauses and extensions belong to these. */
export const openAuctionStatuses: readonly AuctionStatus[] = ['scheduled', 'running', 'paused']
/** Whether an auction is published and not yet over (any status text, as pages and payloads carry it). */
export const isOpenAuction = (status: string): boolean => (openAuctionStatuses as readonly string[]).includes(status)

export const visibilities = ['rank', 'best', 'ladder'] as const
export type Visibility = (typeof visibilities)[number]

export const softCloseTriggers = ['any_bid', 'new_best'] as const
export type SoftCloseTrigger = (typeof softCloseTriggers)[number]

export const bidRejectionCodes = [
  'AUCTION_NOT_RUNNING',
  'AUCTION_ENDED',
  'NOT_A_PARTICIPANT',
  'INVALID_AMOUNT',
  'ABOVE_CEILING',
  'DECREMENT_NOT_MET',
  'MUST_BEAT_BEST',
  'CONFIRMATION_REQUIRED',
] as const
export type BidRejectionCode = (typeof bidRejectionCodes)[number]

export interface AuctionSettings {
  currency: string
  ceiling: Money
  reserve: Money | null
  /**
   * The price last paid for the same lot, the baseline for savings (SAP Ariba's historic price): the
   * buyer's own figure like the reserve, so it never reaches a supplier; no rule reads it.
   */
  lastPurchasePrice: Money | null
  /** At least one is set; percent is of the price being beaten ("0.5" = 0.5 %). */
  decrement: { amount: Money | null; percent: string | null }
  mustBeatBest: boolean
  /** Percent ("20"); a larger drop needs a second confirmation. */
  maxSingleDropPercent: string
  startsAt: Instant
  endsAt: Instant
  softClose: {
    windowSeconds: number
    extensionSeconds: number
    trigger: SoftCloseTrigger
    /** 0 = no extension, null = unlimited. */
    maxExtensions: number | null
    hardStopAt: Instant
  }
  visibility: Visibility
  minParticipants: number
}

export const DEFAULT_SETTINGS = {
  currency: 'CNY',
  decrement: { amount: null, percent: '0.5' },
  mustBeatBest: true,
  maxSingleDropPercent: '20',
  softClose: { windowSeconds: 180, extensionSeconds: 180, trigger: 'new_best' as SoftCloseTrigger, maxExtensions: 10 },
  visibility: 'best' as Visibility,
  minParticipants: 2,
} as const

export interface Participant {
  orgId: string
  acceptedTerms: boolean
  /** False once the supplier is suspended/blacklisted or removed from bidding. */
  active: boolean
}

export interface AcceptedBid {
  id: string
  orgId: string
  amount: Money // normalized, two decimals
  at: Instant
  voided: boolean
  surrogate: boolean
}

export interface AuctionState {
  settings: AuctionSettings
  status: AuctionStatus
  currentEndsAt: Instant
  /** The hard stop as shifted by pauses and manual extensions (D7). */
  hardStopAt: Instant
  extensions: number
  pausedAt: Instant | null
  pausedTotalMs: number
  /** Accepted bids in commit order. */
  bids: AcceptedBid[]
  participants: Participant[]
  rejectedAttempts: number
  awardedOrgId: string | null
  /** An award not to rank 1 waiting for a second person (D15). */
  awardProposal: AwardProposal | null
}

export interface AwardProposal {
  orgId: string
  justification: string
  /** The proposing staff user. */
  proposedBy: string
  proposedAt: Instant
}

export function initialState(settings: AuctionSettings, participants: Participant[] = []): AuctionState {
  return {
    settings,
    status: 'draft',
    currentEndsAt: settings.endsAt,
    hardStopAt: settings.softClose.hardStopAt,
    extensions: 0,
    pausedAt: null,
    pausedTotalMs: 0,
    bids: [],
    participants,
    rejectedAttempts: 0,
    awardedOrgId: null,
    awardProposal: null,
  }
}

// ---------------------------------------------------------------- time and money

export const ms = (t: Instant): number => {
  const v = Date.parse(t)
  if (Number.isNaN(v)) throw new Error(`not an instant: ${t}`)
  return v
}
export const iso = (v: number): Instant => new Date(v).toISOString()

const AMOUNT_RE = /^(0|[1-9]\d{0,12})(\.\d{1,2})?$/
export const CENT = '0.01'

/** A bid amount as typed or sent: positive, at most two decimals (D12). Null when invalid. */
export function parseAmount(input: unknown): Money | null {
  if (typeof input !== 'string' || !AMOUNT_RE.test(input)) return null
  const d = new D(input)
  if (d.lte(0)) return null
  return d.toFixed(2)
}

/** Rounds DOWN to the cent: the highest whole-cent amount not above the value. */
export function floorCent(v: InstanceType<typeof D>): InstanceType<typeof D> {
  return v.toDecimalPlaces(2, D.ROUND_FLOOR)
}

/** The minimum improvement over `beaten` (D2): the smaller of the set parts, never below zero. */
export function decrementOf(settings: Pick<AuctionSettings, 'decrement'>, beaten: Money): InstanceType<typeof D> {
  const parts: InstanceType<typeof D>[] = []
  if (settings.decrement.amount != null) parts.push(new D(settings.decrement.amount))
  if (settings.decrement.percent != null) parts.push(new D(beaten).times(settings.decrement.percent).div(100))
  const d = parts.length ? D.min(...parts) : new D(0)
  return d.gt(0) ? d : new D(CENT)
}

/** The highest acceptable amount against `beaten`, as an exact decimal (not yet floored). */
export function limitBelow(settings: Pick<AuctionSettings, 'decrement'>, beaten: Money): InstanceType<typeof D> {
  return new D(beaten).minus(decrementOf(settings, beaten))
}

// ---------------------------------------------------------------- ranking

export interface RankingRow {
  rank: number
  orgId: string
  bidId: string
  amount: Money
  at: Instant
  surrogate: boolean
}

// A bid list is never changed in place (every rule builds a new array), so what is derived from one
// can be kept with it: the live layer projects one state for every watching socket, and each
// projection asks for the ranking several times. Without this a burst of bids cost sockets × bids.
const currentCache = new WeakMap<readonly AcceptedBid[], ReadonlyMap<string, { bid: AcceptedBid; index: number }>>()
const rankingCache = new WeakMap<readonly AcceptedBid[], readonly RankingRow[]>()

/**
 * Amounts compared as numbers: they have at most 15 significant digits (13 before the point, two
 * after), which a double represents in order and distinctly, and comparing two Decimals cost a
 * parse of each for every comparison of every ranking.
 */
const amountLess = (a: Money, b: Money) => Number(a) < Number(b)

/** Each bidder's current bid: its lowest non-voided one, the earliest of equals. */
export function currentBids(bids: readonly AcceptedBid[]): ReadonlyMap<string, { bid: AcceptedBid; index: number }> {
  const cached = currentCache.get(bids)
  if (cached) return cached
  const out = new Map<string, { bid: AcceptedBid; index: number }>()
  bids.forEach((bid, index) => {
    if (bid.voided) return
    const prev = out.get(bid.orgId)
    if (!prev || amountLess(bid.amount, prev.bid.amount)) out.set(bid.orgId, { bid, index })
  })
  currentCache.set(bids, out)
  return out
}

/** Lowest amount first; equal amounts by commit order, earlier better. */
export function ranking(bids: readonly AcceptedBid[]): readonly RankingRow[] {
  const cached = rankingCache.get(bids)
  if (cached) return cached
  const rows = Object.freeze(
    [...currentBids(bids).values()]
      .map((c) => ({ ...c, n: Number(c.bid.amount) }))
      .sort((a, b) => a.n - b.n || a.index - b.index)
      .map(({ bid }, i) => Object.freeze({ rank: i + 1, orgId: bid.orgId, bidId: bid.id, amount: bid.amount, at: bid.at, surrogate: bid.surrogate })),
  )
  rankingCache.set(bids, rows)
  return rows
}

/**
 * The list with `added` appended, in commit order. When the current bids of `bids` are already
 * known they are carried over and updated with the new bids only: the live layer appends every
 * burst to a state of thousands of bids, and re-deriving each bidder's current bid from all of
 * them for every burst cost more than everything else a push does.
 */
export function appendBids(bids: readonly AcceptedBid[], added: readonly AcceptedBid[]): AcceptedBid[] {
  const out = bids.concat(added)
  const known = currentCache.get(bids)
  if (known) {
    const next = new Map(known)
    let rows = rankingCache.get(bids)
    added.forEach((bid, i) => {
      if (bid.voided) return
      const prev = next.get(bid.orgId)
      if (prev && !amountLess(bid.amount, prev.bid.amount)) return
      next.set(bid.orgId, { bid, index: bids.length + i })
      if (rows) rows = rerank(rows, bid)
    })
    currentCache.set(out, next)
    if (rows) rankingCache.set(out, rows)
  }
  return out
}

/**
 * The ranking after `bid` became its bidder's current bid, from the ranking before: the bidder's
 * row moves up to just after every row at or below its amount (it is the latest bid, so it loses
 * ties), and the rows it passes move down one rank. Rows keep their objects where nothing changed.
 */
function rerank(rows: readonly RankingRow[], bid: AcceptedBid): readonly RankingRow[] {
  const n = Number(bid.amount)
  const others = rows.filter((r) => r.orgId !== bid.orgId)
  let at = others.length
  while (at > 0 && Number(others[at - 1].amount) > n) at--
  const moved = Object.freeze({ rank: at + 1, orgId: bid.orgId, bidId: bid.id, amount: bid.amount, at: bid.at, surrogate: bid.surrogate })
  const list = [...others.slice(0, at), moved, ...others.slice(at)]
  return Object.freeze(list.map((r, i) => (r.rank === i + 1 ? r : Object.freeze({ ...r, rank: i + 1 }))))
}

/**
 * Only what the rules read of a bid list: each bidder's first bid (aliases) and current bid (the
 * ranking, the decrement), in commit order. Verdicts and rankings on it are those on the full list.
 */
export function compactBids(bids: readonly AcceptedBid[]): AcceptedBid[] {
  const keep = new Set<number>()
  const seen = new Set<string>()
  bids.forEach((b, i) => {
    if (!seen.has(b.orgId)) {
      seen.add(b.orgId)
      keep.add(i)
    }
  })
  for (const { index } of currentBids(bids).values()) keep.add(index)
  return keep.size === bids.length ? [...bids] : bids.filter((_, i) => keep.has(i))
}

export function bestBid(bids: readonly AcceptedBid[]): RankingRow | null {
  return ranking(bids)[0] ?? null
}

export function currentBidOf(bids: readonly AcceptedBid[], orgId: string): AcceptedBid | null {
  return currentBids(bids).get(orgId)?.bid ?? null
}

// ---------------------------------------------------------------- the state machine

export type AuctionAction =
  | { type: 'publish' }
  | { type: 'start' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'close' }
  | { type: 'mark_unsuccessful' }
  /** `by`: the deciding staff user; an award not to rank 1 confirms another person's proposal (D15). */
  | { type: 'award'; orgId: string; justification?: string | null; by?: string | null }
  | { type: 'propose_award'; orgId: string; justification?: string | null; by: string }
  | { type: 'decline_award' }
  | { type: 'cancel' }

export type TransitionErrorCode =
  | 'TRANSITION_NOT_ALLOWED'
  | 'TOO_EARLY'
  | 'AUCTION_ENDED'
  | 'TOO_FEW_PARTICIPANTS'
  | 'NOT_A_BIDDER'
  | 'JUSTIFICATION_REQUIRED'
  | 'SECOND_APPROVER_REQUIRED'
  | 'SAME_APPROVER'
  | 'AWARD_PENDING'
  | 'NO_PROPOSAL'
  | 'PROPOSAL_NOT_NEEDED'

export type TransitionResult = { ok: true; state: AuctionState } | { ok: false; code: TransitionErrorCode }

/** Which statuses each action may leave from; the fine checks are in transition(). */
export const allowedFrom: Record<AuctionAction['type'], readonly AuctionStatus[]> = {
  publish: ['draft'],
  start: ['scheduled'],
  pause: ['running'],
  resume: ['paused'],
  close: ['running'],
  mark_unsuccessful: ['closed'],
  award: ['closed'],
  propose_award: ['closed'],
  decline_award: ['closed'],
  cancel: ['draft', 'scheduled', 'running', 'paused', 'closed'],
}

export function canTransition(status: AuctionStatus, action: AuctionAction['type']): boolean {
  return allowedFrom[action].includes(status)
}

export function distinctBidders(bids: readonly AcceptedBid[]): number {
  return currentBids(bids).size
}

export function transition(state: AuctionState, action: AuctionAction, at: Instant): TransitionResult {
  if (!canTransition(state.status, action.type)) return { ok: false, code: 'TRANSITION_NOT_ALLOWED' }
  const now = ms(at)
  switch (action.type) {
    case 'publish':
      if (now >= ms(state.settings.endsAt)) return { ok: false, code: 'AUCTION_ENDED' }
      if (state.participants.length < state.settings.minParticipants) return { ok: false, code: 'TOO_FEW_PARTICIPANTS' }
      return { ok: true, state: { ...state, status: 'scheduled' } }
    case 'start':
      if (now < ms(state.settings.startsAt)) return { ok: false, code: 'TOO_EARLY' }
      return { ok: true, state: { ...state, status: 'running' } }
    case 'pause':
      if (now >= ms(state.currentEndsAt)) return { ok: false, code: 'AUCTION_ENDED' }
      return { ok: true, state: { ...state, status: 'paused', pausedAt: at } }
    case 'resume': {
      const paused = Math.max(0, now - ms(state.pausedAt ?? at))
      return {
        ok: true,
        state: {
          ...state,
          status: 'running',
          pausedAt: null,
          pausedTotalMs: state.pausedTotalMs + paused,
          currentEndsAt: iso(ms(state.currentEndsAt) + paused),
          hardStopAt: iso(ms(state.hardStopAt) + paused),
        },
      }
    }
    case 'close':
      if (now < ms(state.currentEndsAt)) return { ok: false, code: 'TOO_EARLY' }
      return { ok: true, state: { ...state, status: 'closed' } }
    case 'mark_unsuccessful':
      return { ok: true, state: { ...state, status: 'unsuccessful' } }
    case 'award': {
      const row = awardableRow(state, action.orgId)
      if (!row.ok) return row
      const proposal = state.awardProposal
      if (proposal) {
        if (proposal.orgId !== action.orgId) return { ok: false, code: 'AWARD_PENDING' }
        if (!action.by || action.by === proposal.proposedBy) return { ok: false, code: 'SAME_APPROVER' }
      } else if (awardNeedsSecondPerson(state.bids, row)) return { ok: false, code: 'SECOND_APPROVER_REQUIRED' }
      return { ok: true, state: { ...state, status: 'awarded', awardedOrgId: action.orgId, awardProposal: null } }
    }
    case 'propose_award': {
      if (state.awardProposal) return { ok: false, code: 'AWARD_PENDING' }
      const row = awardableRow(state, action.orgId)
      if (!row.ok) return row
      if (!awardNeedsSecondPerson(state.bids, row)) return { ok: false, code: 'PROPOSAL_NOT_NEEDED' }
      const justification = action.justification?.trim()
      if (!justification) return { ok: false, code: 'JUSTIFICATION_REQUIRED' }
      return { ok: true, state: { ...state, awardProposal: { orgId: action.orgId, justification, proposedBy: action.by, proposedAt: at } } }
    }
    case 'decline_award':
      if (!state.awardProposal) return { ok: false, code: 'NO_PROPOSAL' }
      return { ok: true, state: { ...state, awardProposal: null } }
    case 'cancel':
      return { ok: true, state: { ...state, status: 'cancelled', pausedAt: null, awardProposal: null } }
  }
}

/** The lead had no bid been voided: the lowest amount ever accepted, the earlier on a tie. */
export function leadWithoutVoids<B extends Pick<AcceptedBid, 'orgId' | 'amount'>>(bids: readonly B[]): B | null {
  let best: B | null = null
  for (const b of bids) if (!best || amountLess(b.amount, best.amount)) best = b
  return best
}

/** Who would lead had no bid been voided. */
export function leaderWithoutVoids(bids: readonly Pick<AcceptedBid, 'orgId' | 'amount'>[]): string | null {
  return leadWithoutVoids(bids)?.orgId ?? null
}

/** Whether awarding this ranking row takes two people (D15): not rank 1, or rank 1 only through a void. */
export function awardNeedsSecondPerson(bids: readonly Pick<AcceptedBid, 'orgId' | 'amount'>[], row: Pick<RankingRow, 'rank' | 'orgId'>): boolean {
  return row.rank !== 1 || leaderWithoutVoids(bids) !== row.orgId
}

/** The ranking row of a supplier that may be awarded: enough bidders, and it bid. */
function awardableRow(state: AuctionState, orgId: string): (RankingRow & { ok: true }) | { ok: false; code: TransitionErrorCode } {
  if (distinctBidders(state.bids) < state.settings.minParticipants) return { ok: false, code: 'TOO_FEW_PARTICIPANTS' }
  const row = ranking(state.bids).find((r) => r.orgId === orgId)
  return row ? { ...row, ok: true } : { ok: false, code: 'NOT_A_BIDDER' }
}

// ---------------------------------------------------------------- changes after publish

export type ChangeErrorCode = 'SETTINGS_LOCKED' | 'END_NOT_LATER' | 'ALREADY_PARTICIPANT' | 'TRANSITION_NOT_ALLOWED' | 'AUCTION_ENDED'
export type ChangeResult = { ok: true; state: AuctionState } | { ok: false; code: ChangeErrorCode }


/**
 * The settings that differ between two versions. After publish only the end time (later) and the
 * participants (more) may change, and those go through extendEnd/addParticipant, so any name
 * returned here for a published auction means the change must be refused.
 */
export function lockedSettingChanges(before: AuctionSettings, after: AuctionSettings): string[] {
  const changed: string[] = []
  const walk = (a: unknown, b: unknown, path: string) => {
    if (a && b && typeof a === 'object' && typeof b === 'object') {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk((a as any)[k], (b as any)[k], path ? `${path}.${k}` : k)
    } else if (a !== b) changed.push(path)
  }
  walk(before, after, '')
  return changed
}

export function settingsEditable(status: AuctionStatus): boolean {
  return status === 'draft'
}

/** The buyer extends the end (never shortens it); D7 for the hard stop. */
export function extendEnd(state: AuctionState, newEndsAt: Instant, at: Instant): ChangeResult {
  if (!isOpenAuction(state.status)) return { ok: false, code: 'TRANSITION_NOT_ALLOWED' }
  if (state.status !== 'scheduled' && ms(at) >= ms(state.currentEndsAt)) return { ok: false, code: 'AUCTION_ENDED' }
  if (ms(newEndsAt) <= ms(state.currentEndsAt)) return { ok: false, code: 'END_NOT_LATER' }
  const end = iso(ms(newEndsAt))
  return { ok: true, state: { ...state, currentEndsAt: end, hardStopAt: ms(end) > ms(state.hardStopAt) ? end : state.hardStopAt } }
}

export function addParticipant(state: AuctionState, orgId: string): ChangeResult {
  if (!isOpenAuction(state.status) && state.status !== 'draft') return { ok: false, code: 'TRANSITION_NOT_ALLOWED' }
  if (state.participants.some((p) => p.orgId === orgId)) return { ok: false, code: 'ALREADY_PARTICIPANT' }
  return { ok: true, state: { ...state, participants: [...state.participants, { orgId, acceptedTerms: false, active: true }] } }
}

export function updateParticipant(state: AuctionState, orgId: string, patch: Partial<Omit<Participant, 'orgId'>>): AuctionState {
  return { ...state, participants: state.participants.map((p) => (p.orgId === orgId ? { ...p, ...patch } : p)) }
}

// ---------------------------------------------------------------- voiding

export type VoidErrorCode = 'TRANSITION_NOT_ALLOWED' | 'BID_NOT_FOUND' | 'ALREADY_VOIDED'
export type VoidResult = { ok: true; state: AuctionState; ranking: readonly RankingRow[] } | { ok: false; code: VoidErrorCode }

export function voidBid(state: AuctionState, bidId: string): VoidResult {
  if (!['running', 'paused', 'closed'].includes(state.status)) return { ok: false, code: 'TRANSITION_NOT_ALLOWED' }
  const bid = state.bids.find((b) => b.id === bidId)
  if (!bid) return { ok: false, code: 'BID_NOT_FOUND' }
  if (bid.voided) return { ok: false, code: 'ALREADY_VOIDED' }
  const bids = state.bids.map((b) => (b.id === bidId ? { ...b, voided: true } : b))
  return { ok: true, state: { ...state, bids }, ranking: ranking(bids) }
}

// ---------------------------------------------------------------- the close

export type ReserveStatus = 'none' | 'met' | 'not_met'

export function reserveStatus(state: AuctionState): ReserveStatus {
  if (state.settings.reserve == null) return 'none'
  const best = bestBid(state.bids)
  return best && new D(best.amount).lte(state.settings.reserve) ? 'met' : 'not_met'
}

export interface CloseOutcome {
  ranking: readonly RankingRow[]
  bidders: number
  minParticipantsMet: boolean
  /** What closed turns into at once: unsuccessful below the minimum, otherwise it awaits the award. */
  next: 'closed' | 'unsuccessful'
  /** Buyer-only. */
  reserve: ReserveStatus
}

export function closeOutcome(state: AuctionState): CloseOutcome {
  const rows = ranking(state.bids)
  const met = rows.length >= state.settings.minParticipants
  return { ranking: rows, bidders: rows.length, minParticipantsMet: met, next: met ? 'closed' : 'unsuccessful', reserve: reserveStatus(state) }
}

/** Savings of the best bid against a reference price (the ceiling, the last purchase price). */
export function savings(reference: Money, best: Money | null): { amount: Money; percent: string } | null {
  if (best == null) return null
  const ref = new D(reference)
  const amount = ref.minus(best)
  return { amount: amount.toFixed(2), percent: ref.gt(0) ? amount.div(ref).times(100).toDecimalPlaces(2).toFixed(2) : '0.00' }
}
