// What the bid form says about a bid, before it is sent (which confirmations it needs) and after
// (whether the answer still holds). Pure, so the rules of both are tested without a browser.
import { isLargeDrop, largeDropThreshold } from '~/domain/auction/auction-bid.rules'
import type { SupplierProjection } from '~/domain/auction/auction-projection.rules'
import { isOpenAuction, parseAmount } from '~/domain/auction/auction.rules'
import { D, type Money } from '~/utils/money'

/** One bid's outcome as the page shows it, whichever way it travelled (socket ack or form post). */
export type BidResult =
  | { ok: true; amount: string; bidId?: string }
  | { ok: false; code: string; message: string; maxAcceptable?: string | null; confirmationThreshold?: string }

/**
 * An answer as the form holds it: with the highest acceptable amount it was given against. A
 * refusal quotes one ("your bid must be at most 995.00"); an answer that quotes none (no answer
 * at all, a malformed amount caught here) is held against the one the page showed when it came.
 */
export interface HeldAnswer {
  result: BidResult
  quotedMax: Money | null
}

type View = Pick<SupplierProjection, 'status' | 'maxAcceptable' | 'myBids'>

export function holdAnswer(result: BidResult, shownMax: Money | null): HeldAnswer {
  const quoted = !result.ok && result.maxAcceptable !== undefined ? result.maxAcceptable : shownMax
  return { result, quotedMax: quoted ?? null }
}


/**
 * Whether an answer still holds in the live state, so the form never shows one that contradicts
 * the panel above it: a refusal holds while the highest acceptable amount is the one it quoted (a
 * bid, a void, a surrogate bid or a pause changes it); an acceptance while its bid is not voided;
 * neither once the auction is no longer open.
 */
export function answerHolds(held: HeldAnswer, view: View): boolean {
  if (!isOpenAuction(view.status)) return false
  const r = held.result
  if (r.ok) {
    const bid = r.bidId ? view.myBids.find((b) => b.id === r.bidId) : view.myBids.findLast((b) => b.amount === r.amount)
    return !bid?.voided
  }
  return (view.maxAcceptable ?? null) === held.quotedMax
}

export interface BidConfirmation {
  /** The supplier's first bid in this auction: bids are binding. */
  first: boolean
  /** A drop beyond the max single drop (D5): sent confirmed, so the server does not refuse it first. */
  large: boolean
  /** With `large`: amounts at or above this need no second confirmation. */
  threshold: Money | null
}

/**
 * What to ask before sending `amount`, all in one question: the first bid's confirmation and the
 * large drop's, by the same rule the server applies (against the current own bid, or the ceiling
 * for a first bid). An amount the server would refuse on price anyway (above the highest acceptable)
 * is no large drop to confirm. Null when nothing needs asking.
 */
export function bidConfirmation(view: Pick<SupplierProjection, 'myBid' | 'ceiling' | 'maxAcceptable'>, typed: string, maxSingleDropPercent: string): BidConfirmation | null {
  const first = view.myBid === null
  const amount = parseAmount(typed)
  const reference = view.myBid ?? view.ceiling
  // No highest acceptable amount means nothing is acceptable now (paused, not eligible): nothing to confirm.
  const withinMax = amount !== null && view.maxAcceptable !== null && new D(amount).lte(view.maxAcceptable)
  const large = amount !== null && withinMax && isLargeDrop(reference, amount, maxSingleDropPercent)
  if (!first && !large) return null
  return { first, large, threshold: large ? largeDropThreshold(reference, maxSingleDropPercent) : null }
}
