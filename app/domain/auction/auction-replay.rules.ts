// Replay: re-apply the rules to the stored log in sequence order and say where the log disagrees
// with them. The console's "verify" runs it after checking the hash chain; the concurrency tests
// (A1/A2/A4) compare its result with the stored ranking and end time.
import { nextBidCheck } from './auction-bid.rules'
import {
  addParticipant,
  extendEnd,
  initialState,
  ms,
  ranking,
  transition,
  updateParticipant,
  voidBid,
  type AuctionSettings,
  type AuctionState,
  type Instant,
  type RankingRow,
} from './auction.rules'
import type { AuctionEvent, AuctionEventBody, UnhashedAuctionEvent } from './auction-events.rules'

export type ReplayProblem =
  | 'SEQ_GAP'
  | 'TIME_WENT_BACK'
  /** A bid stored as accepted that the rules reject at its position (detail: the code). */
  | 'BID_SHOULD_BE_REJECTED'
  /** A rejection the rules would have accepted, or with another code (detail: what the rules say). */
  | 'REJECTION_MISMATCH'
  | 'MISSING_EXTENSION'
  | 'UNEXPECTED_EXTENSION'
  | 'EXTENSION_MISMATCH'
  | 'TRANSITION_NOT_ALLOWED'
  | 'CHANGE_NOT_ALLOWED'

export interface ReplayDiscrepancy {
  seq: number
  type: AuctionEventBody['type']
  problem: ReplayProblem
  detail?: string
}

export interface ReplayResult {
  state: AuctionState
  ranking: readonly RankingRow[]
  endsAt: Instant
  extensions: number
  discrepancies: ReplayDiscrepancy[]
}

type ReplayEvent = AuctionEvent | UnhashedAuctionEvent

/** Who decided an award step: the four-eyes rule compares people, as the log records them. */
const staffUserOf = (e: ReplayEvent): string | null => (e.actor.kind === 'staff' ? e.actor.userId : null)

/**
 * The state follows the rules, not the log: a stored bid the rules reject is reported and left out,
 * so the returned ranking is the one the rules give, to be compared with the stored one.
 */
export function replayAuction(settings: AuctionSettings, events: readonly ReplayEvent[]): ReplayResult {
  let state = initialState(settings)
  const problems: ReplayDiscrepancy[] = []
  const flag = (e: ReplayEvent, problem: ReplayProblem, detail?: string) =>
    problems.push({ seq: e.seq, type: e.type, problem, ...(detail ? { detail } : {}) })
  let pending: { seq: number; type: AuctionEventBody['type']; bidId: string; newEndsAt: Instant; extensions: number } | null = null
  let lastSeq = 0
  let lastAt = -Infinity

  for (const e of events) {
    if (e.seq !== lastSeq + 1) flag(e, 'SEQ_GAP', `expected ${lastSeq + 1}`)
    lastSeq = e.seq
    if (ms(e.at) < lastAt) flag(e, 'TIME_WENT_BACK')
    lastAt = Math.max(lastAt, ms(e.at))

    if (e.type === 'extended') {
      if (!pending) flag(e, 'UNEXPECTED_EXTENSION')
      else if (pending.bidId !== e.payload.bidId || ms(pending.newEndsAt) !== ms(e.payload.newEndsAt) || pending.extensions !== e.payload.extensions)
        flag(e, 'EXTENSION_MISMATCH', `rules: ${pending.newEndsAt} #${pending.extensions}`)
      pending = null
      continue
    }
    if (pending) {
      problems.push({ seq: pending.seq, type: pending.type, problem: 'MISSING_EXTENSION', detail: `${pending.newEndsAt} #${pending.extensions}` })
      pending = null
    }

    const step = (r: { ok: true; state: AuctionState } | { ok: false; code: string }, problem: ReplayProblem) => {
      if (r.ok) state = r.state
      else flag(e, problem, r.code)
    }

    switch (e.type) {
      case 'published':
        state = { ...state, participants: e.payload.participants.map((orgId) => ({ orgId, acceptedTerms: false, active: true })) }
        step(transition(state, { type: 'publish' }, e.at), 'TRANSITION_NOT_ALLOWED')
        break
      case 'participant_added':
        step(addParticipant(state, e.payload.orgId), 'CHANGE_NOT_ALLOWED')
        break
      case 'terms_accepted':
      case 'participant_deactivated':
      case 'participant_reactivated': {
        const orgId = e.payload.orgId
        if (!state.participants.some((p) => p.orgId === orgId)) {
          flag(e, 'CHANGE_NOT_ALLOWED', 'not invited')
          break
        }
        const patch = e.type === 'terms_accepted' ? { acceptedTerms: true } : { active: e.type === 'participant_reactivated' }
        state = updateParticipant(state, orgId, patch)
        break
      }
      case 'started':
        step(transition(state, { type: 'start' }, e.at), 'TRANSITION_NOT_ALLOWED')
        break
      case 'bid_accepted':
      case 'surrogate_bid': {
        const p = e.payload
        const v = nextBidCheck(state, { id: p.bidId, orgId: p.orgId, amount: p.amount, confirm: p.confirm, at: e.at, surrogate: e.type === 'surrogate_bid' })
        if (!v.ok) {
          flag(e, 'BID_SHOULD_BE_REJECTED', v.code)
          break
        }
        state = v.state
        if (v.effects.extension)
          pending = { seq: e.seq, type: e.type, bidId: p.bidId, newEndsAt: v.effects.extension.newEndsAt, extensions: v.effects.extension.extensions }
        break
      }
      case 'bid_rejected': {
        const p = e.payload
        // The id is irrelevant: a rejected attempt never becomes a bid.
        const v = nextBidCheck(state, { id: `rejected-${e.seq}`, orgId: p.orgId, amount: p.amount, confirm: p.confirm, at: e.at, surrogate: p.surrogate })
        if (v.ok) flag(e, 'REJECTION_MISMATCH', 'accepted')
        else if (v.code !== p.code) flag(e, 'REJECTION_MISMATCH', v.code)
        state = { ...state, rejectedAttempts: state.rejectedAttempts + 1 }
        break
      }
      case 'bid_voided': {
        const r = voidBid(state, e.payload.bidId)
        if (r.ok) state = r.state
        else flag(e, 'CHANGE_NOT_ALLOWED', r.code)
        break
      }
      case 'end_extended':
        step(extendEnd(state, e.payload.newEndsAt, e.at), 'CHANGE_NOT_ALLOWED')
        break
      case 'paused':
        step(transition(state, { type: 'pause' }, e.at), 'TRANSITION_NOT_ALLOWED')
        break
      case 'resumed':
        step(transition(state, { type: 'resume' }, e.at), 'TRANSITION_NOT_ALLOWED')
        break
      case 'closed':
        step(transition(state, { type: 'close' }, e.at), 'TRANSITION_NOT_ALLOWED')
        break
      case 'unsuccessful':
        step(transition(state, { type: 'mark_unsuccessful' }, e.at), 'TRANSITION_NOT_ALLOWED')
        break
      case 'award_proposed':
        step(transition(state, { type: 'propose_award', orgId: e.payload.orgId, justification: e.payload.justification, by: staffUserOf(e) ?? '' }, e.at), 'TRANSITION_NOT_ALLOWED')
        break
      case 'award_declined':
        step(transition(state, { type: 'decline_award' }, e.at), 'TRANSITION_NOT_ALLOWED')
        break
      case 'awarded':
        step(transition(state, { type: 'award', orgId: e.payload.orgId, justification: e.payload.justification, by: staffUserOf(e) }, e.at), 'TRANSITION_NOT_ALLOWED')
        break
      case 'cancelled':
        step(transition(state, { type: 'cancel' }, e.at), 'TRANSITION_NOT_ALLOWED')
        break
      default: {
        const never: never = e
        throw new Error(`unknown auction event ${(never as { type: string }).type}`)
      }
    }
  }
  if (pending) problems.push({ seq: pending.seq, type: pending.type, problem: 'MISSING_EXTENSION', detail: `${pending.newEndsAt} #${pending.extensions}` })

  return { state, ranking: ranking(state.bids), endsAt: state.currentEndsAt, extensions: state.extensions, discrepancies: problems }
}
