// The bid check: rules 1–6 of "Accepting a bid" and the soft close, as one pure function that the
// bid command runs under the auction's row lock (with the database's time) and the replay reruns.
import { D, formatMoney, type Money } from '~/utils/money'
import {
  appendBids,
  bestBid,
  currentBidOf,
  floorCent,
  iso,
  limitBelow,
  ms,
  parseAmount,
  ranking,
  type AcceptedBid,
  type AuctionState,
  type BidRejectionCode,
  type Instant,
  type RankingRow,
} from './auction.rules'

export interface BidAttempt {
  /** Assigned by the server before the check, so the accepted bid keeps it. */
  id: string
  orgId: string
  /** As received: validated here, so a malformed amount gets INVALID_AMOUNT with maxAcceptable. */
  amount: string
  confirm: boolean
  /** The server's commit time (the database clock), never the client's. */
  at: Instant
  surrogate?: boolean
}

export interface Extension {
  previousEndsAt: Instant
  newEndsAt: Instant
  extensions: number
}

export interface BidEffects {
  bid: AcceptedBid
  /** The bid is now the lowest price (strictly below the previous best, or the first bid). */
  newBest: boolean
  /** Who held rank 1 before, when it was someone else and it changed: they get the "outbid" alert. */
  outbidOrgId: string | null
  extension: Extension | null
  endsAt: Instant
  extensions: number
  ranking: readonly RankingRow[]
}

export type BidVerdict =
  | { ok: true; effects: BidEffects; state: AuctionState }
  | {
      ok: false
      code: BidRejectionCode
      /** The highest amount this bidder could bid now; null when no amount would be accepted. */
      maxAcceptable: Money | null
      /** With CONFIRMATION_REQUIRED: amounts at or above this need no second confirmation. */
      confirmationThreshold?: Money
      /** The rejection counted in the state (the log records it too). */
      state: AuctionState
    }

type Eligibility = { ok: true } | { ok: false; code: BidRejectionCode }

/** Rules 1 and 2: may this organization bid at all, right now? */
export function bidEligibility(state: AuctionState, orgId: string, at: Instant): Eligibility {
  switch (state.status) {
    case 'running':
      if (ms(at) >= ms(state.currentEndsAt)) return { ok: false, code: 'AUCTION_ENDED' }
      break
    case 'closed':
    case 'awarded':
    case 'unsuccessful':
      return { ok: false, code: 'AUCTION_ENDED' }
    default:
      return { ok: false, code: 'AUCTION_NOT_RUNNING' }
  }
  const p = state.participants.find((x) => x.orgId === orgId)
  if (!p || !p.active || !p.acceptedTerms) return { ok: false, code: 'NOT_A_PARTICIPANT' }
  return { ok: true }
}

/**
 * The highest amount `orgId` may bid now, rounded down to the cent so that it is itself accepted
 * (with confirmation if it is a large drop); null when nothing would be accepted.
 */
export function maxAcceptable(state: AuctionState, orgId: string, at: Instant): Money | null {
  if (!bidEligibility(state, orgId, at).ok) return null
  return maxByPrice(state, orgId)
}

function maxByPrice(state: AuctionState, orgId: string): Money | null {
  const s = state.settings
  let limit = new D(s.ceiling)
  const own = currentBidOf(state.bids, orgId)
  if (own) limit = D.min(limit, limitBelow(s, own.amount))
  const best = bestBid(state.bids)
  if (s.mustBeatBest && best) limit = D.min(limit, limitBelow(s, best.amount))
  const max = floorCent(limit)
  return max.gt(0) ? max.toFixed(2) : null
}

/**
 * D5 on plain amounts, shared by the server's check and the bid form (which asks before sending):
 * does `amount` drop further than `maxSingleDropPercent` below `reference` (the bidder's current
 * bid, or the ceiling for a first bid)?
 */
export function isLargeDrop(reference: Money, amount: Money, maxSingleDropPercent: string): boolean {
  const ref = new D(reference)
  return ref.minus(amount).div(ref).times(100).gt(maxSingleDropPercent)
}

/** The lowest amount below `reference` that needs no second confirmation (D5), rounded up to the cent. */
export function largeDropThreshold(reference: Money, maxSingleDropPercent: string): Money {
  return new D(reference).times(new D(100).minus(maxSingleDropPercent)).div(100).toDecimalPlaces(2, D.ROUND_CEIL).toFixed(2)
}

/** The lowest amount that needs no second confirmation (D5), rounded up to the cent. */
export function confirmationThreshold(state: AuctionState, orgId: string): Money {
  return largeDropThreshold(currentBidOf(state.bids, orgId)?.amount ?? state.settings.ceiling, state.settings.maxSingleDropPercent)
}

/** Does this amount drop further than maxSingleDropPercent below the reference (D5)? */
export function needsConfirmation(state: AuctionState, orgId: string, amount: Money): boolean {
  return isLargeDrop(currentBidOf(state.bids, orgId)?.amount ?? state.settings.ceiling, amount, state.settings.maxSingleDropPercent)
}

/** Soft close (D6) for an accepted bid at `at`; null when the end does not move. */
export function softCloseExtension(state: AuctionState, at: Instant, newBest: boolean): Extension | null {
  const sc = state.settings.softClose
  if (sc.trigger === 'new_best' && !newBest) return null
  if (sc.maxExtensions !== null && state.extensions >= sc.maxExtensions) return null
  const end = ms(state.currentEndsAt)
  const t = ms(at)
  if (end - t > sc.windowSeconds * 1000) return null
  const target = Math.min(ms(state.hardStopAt), Math.max(end, t + sc.extensionSeconds * 1000))
  if (target <= end) return null
  return { previousEndsAt: state.currentEndsAt, newEndsAt: iso(target), extensions: state.extensions + 1 }
}

export function nextBidCheck(state: AuctionState, attempt: BidAttempt): BidVerdict {
  const reject = (code: BidRejectionCode, extra: { maxAcceptable?: Money | null; confirmationThreshold?: Money } = {}): BidVerdict => ({
    ok: false,
    code,
    maxAcceptable: extra.maxAcceptable ?? null,
    ...(extra.confirmationThreshold ? { confirmationThreshold: extra.confirmationThreshold } : {}),
    state: { ...state, rejectedAttempts: state.rejectedAttempts + 1 },
  })

  const eligible = bidEligibility(state, attempt.orgId, attempt.at)
  if (!eligible.ok) return reject(eligible.code)

  const max = maxByPrice(state, attempt.orgId)
  const amount = parseAmount(attempt.amount)
  if (amount === null) return reject('INVALID_AMOUNT', { maxAcceptable: max })
  const s = state.settings
  const a = new D(amount)
  if (a.gt(s.ceiling)) return reject('ABOVE_CEILING', { maxAcceptable: max })
  const own = currentBidOf(state.bids, attempt.orgId)
  if (own && a.gt(limitBelow(s, own.amount))) return reject('DECREMENT_NOT_MET', { maxAcceptable: max })
  const best = bestBid(state.bids)
  if (s.mustBeatBest && best && a.gt(limitBelow(s, best.amount))) return reject('MUST_BEAT_BEST', { maxAcceptable: max })
  if (!attempt.confirm && needsConfirmation(state, attempt.orgId, amount))
    return reject('CONFIRMATION_REQUIRED', { maxAcceptable: max, confirmationThreshold: confirmationThreshold(state, attempt.orgId) })

  const bid: AcceptedBid = { id: attempt.id, orgId: attempt.orgId, amount, at: iso(ms(attempt.at)), voided: false, surrogate: attempt.surrogate ?? false }
  const newBest = !best || a.lt(best.amount)
  const extension = softCloseExtension(state, bid.at, newBest)
  const bids = appendBids(state.bids, [bid])
  const rows = ranking(bids)
  const next: AuctionState = {
    ...state,
    bids,
    currentEndsAt: extension?.newEndsAt ?? state.currentEndsAt,
    extensions: extension?.extensions ?? state.extensions,
  }
  return {
    ok: true,
    state: next,
    effects: {
      bid,
      newBest,
      outbidOrgId: newBest && best && best.orgId !== bid.orgId ? best.orgId : null,
      extension,
      endsAt: next.currentEndsAt,
      extensions: next.extensions,
      ranking: rows,
    },
  }
}

/** Codes whose message states the highest acceptable amount (the others have none to state). */
const PRICE_CODES: readonly BidRejectionCode[] = ['INVALID_AMOUNT', 'ABOVE_CEILING', 'DECREMENT_NOT_MET', 'MUST_BEAT_BEST', 'CONFIRMATION_REQUIRED']

/**
 * The i18n key and parameters of a rejection's message. Amounts are passed as given (this is what
 * the idempotency store keeps and replays); the caller formats them with formatRejectionParams, in
 * the auction's currency and the reader's language, before translating.
 */
export function bidRejectionMessage(
  code: BidRejectionCode,
  maxAcceptable: string | null,
  confirmationThreshold?: string,
): { key: string; params: Record<string, string> } {
  if (!PRICE_CODES.includes(code)) return { key: `auction:reject.${code}`, params: {} }
  // A bid that reached the confirmation step passed every price check, so maxAcceptable is set.
  if (code === 'CONFIRMATION_REQUIRED') return { key: `auction:reject.${code}`, params: { maxAcceptable: maxAcceptable ?? '', confirmationThreshold: confirmationThreshold ?? '' } }
  if (maxAcceptable === null) return { key: `auction:rejectNoneAcceptable.${code}`, params: {} }
  return { key: `auction:reject.${code}`, params: { maxAcceptable } }
}

/** The parameters of bidRejectionMessage that are amounts of money. */
const MONEY_PARAMS: readonly string[] = ['maxAcceptable', 'confirmationThreshold']

/**
 * A rejection's parameters as the reader sees them: "CN¥98,900.00" for an English reader, "¥98,900.00"
 * for a Chinese one, as the amounts beside the message are shown (never the raw "98900.00").
 */
export function formatRejectionParams(params: Readonly<Record<string, string>>, currency: string, locale: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(params)) out[k] = MONEY_PARAMS.includes(k) && v !== '' ? formatMoney(v, currency, locale) : v
  return out
}
