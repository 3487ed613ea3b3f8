/*
 * The auction's event log: the vocabulary, what a bid verdict writes, and the SHA-256 hash chain.
 *
 * The hash function is a parameter, not an import: node:crypto would pull a Node built-in into the
 * client bundle of anything importing the rules (the console's result page, the bid room), and the
 * browser's crypto.subtle is asynchronous, which would make every check here async. So the rules
 * fix WHAT is hashed (canonical JSON of seq, type, at, actor, payload and prevHash) and the caller
 * supplies a synchronous SHA-256: auction-events.server.ts passes node:crypto's.
 */
import { canonicalJson } from '~/utils/canonical-json'
import type { Money } from '~/utils/money'
import type { BidAttempt, BidVerdict } from './auction-bid.rules'
import type { BidRejectionCode, Instant } from './auction.rules'

export const GENESIS_HASH = '0'.repeat(64)

export type AuctionEventActor =
  | { kind: 'system' }
  | { kind: 'staff'; userId: string }
  | { kind: 'supplier'; userId: string | null; orgId: string }

export interface AuctionEventPayloads {
  published: { participants: string[] }
  participant_added: { orgId: string }
  terms_accepted: { orgId: string }
  participant_deactivated: { orgId: string }
  participant_reactivated: { orgId: string }
  started: Record<string, never>
  bid_accepted: { bidId: string; orgId: string; amount: Money; confirm: boolean }
  /**
   * A bid the buyer placed for a supplier; the actor is the staff user. `reason`: the buyer's written
   * reason, in the log since it is the auction's record of why the buyer bid; absent in events logged
   * before it was kept here (they hash and replay as stored).
   */
  surrogate_bid: { bidId: string; orgId: string; amount: Money; confirm: boolean; reason?: string }
  /** `reason`: a refused surrogate attempt's, as the accepted one carries it (attempts logged before carry none). */
  bid_rejected: { orgId: string; amount: string; confirm: boolean; surrogate: boolean; code: BidRejectionCode; maxAcceptable: Money | null; reason?: string }
  bid_voided: { bidId: string; reason: string }
  /** Soft close: always right after the bid that triggered it. */
  extended: { bidId: string; previousEndsAt: Instant; newEndsAt: Instant; extensions: number }
  /** The buyer moved the end later. */
  end_extended: { newEndsAt: Instant; reason: string | null }
  paused: { reason: string | null }
  /** Resumes logged before a reason was asked carry none. */
  resumed: { reason?: string | null }
  closed: Record<string, never>
  unsuccessful: Record<string, never>
  /** An award not to rank 1, waiting for a second person; the actor is the proposer. */
  award_proposed: { orgId: string; justification: string }
  /** The proposal declined by a confirmer, or withdrawn by its proposer. */
  award_declined: { orgId: string; reason: string | null }
  /** The actor decided: rank 1 alone, or a second person confirming the proposal (its justification). */
  awarded: { orgId: string; justification: string | null }
  cancelled: { reason: string | null }
}
export type AuctionEventType = keyof AuctionEventPayloads

export type AuctionEventBody = { [K in AuctionEventType]: { type: K; payload: AuctionEventPayloads[K] } }[AuctionEventType]

/** An event as stored: body, sequence number (1, 2, … per auction), server time, actor and chain. */
export type AuctionEvent = AuctionEventBody & { seq: number; at: Instant; actor: AuctionEventActor; prevHash: string; hash: string }
export type UnhashedAuctionEvent = AuctionEventBody & { seq: number; at: Instant; actor: AuctionEventActor }

/** The exact text that is hashed: key order and spacing can never change a hash. */
export function eventHashInput(e: UnhashedAuctionEvent & { prevHash: string }): string {
  return canonicalJson({ seq: e.seq, type: e.type, at: e.at, actor: e.actor, payload: e.payload, prevHash: e.prevHash })
}

export type Sha256Hex = (text: string) => string

export function chainEvent(e: UnhashedAuctionEvent, prevHash: string, sha256: Sha256Hex): AuctionEvent {
  const withPrev = { ...e, prevHash } as UnhashedAuctionEvent & { prevHash: string }
  return { ...withPrev, hash: sha256(eventHashInput(withPrev)) } as AuctionEvent
}

/** Chains a list of bodies from the genesis (used for seeds and tests). */
export function chainEvents(events: readonly UnhashedAuctionEvent[], sha256: Sha256Hex): AuctionEvent[] {
  const out: AuctionEvent[] = []
  for (const e of events) out.push(chainEvent(e, out.at(-1)?.hash ?? GENESIS_HASH, sha256))
  return out
}

export type ChainCheck = { ok: true; checked: number } | { ok: false; checked: number; brokenAtSeq: number; reason: 'PREV_HASH' | 'HASH' }

export function verifyEventChain(events: readonly AuctionEvent[], sha256: Sha256Hex): ChainCheck {
  let prev = GENESIS_HASH
  for (let i = 0; i < events.length; i++) {
    const e = events[i]
    if (e.prevHash !== prev) return { ok: false, checked: i, brokenAtSeq: e.seq, reason: 'PREV_HASH' }
    if (sha256(eventHashInput(e)) !== e.hash) return { ok: false, checked: i, brokenAtSeq: e.seq, reason: 'HASH' }
    prev = e.hash
  }
  return { ok: true, checked: events.length }
}

/**
 * The log entries a bid verdict writes, in order: the accepted (or surrogate, with the buyer's
 * reason) bid and, when it moved the end, its extension; or the rejection. The bid command appends exactly these, so the
 * replay sees what the rules produced.
 */
export function eventsForVerdict(attempt: BidAttempt, verdict: BidVerdict, surrogateReason?: string): AuctionEventBody[] {
  if (!verdict.ok) {
    return [
      {
        type: 'bid_rejected',
        payload: {
          orgId: attempt.orgId,
          amount: attempt.amount,
          confirm: attempt.confirm,
          surrogate: attempt.surrogate ?? false,
          code: verdict.code,
          maxAcceptable: verdict.maxAcceptable,
          ...(attempt.surrogate && surrogateReason ? { reason: surrogateReason } : {}),
        },
      },
    ]
  }
  const { bid, extension } = verdict.effects
  const out: AuctionEventBody[] = [
    bid.surrogate
      ? { type: 'surrogate_bid', payload: { bidId: bid.id, orgId: bid.orgId, amount: bid.amount, confirm: attempt.confirm, ...(surrogateReason ? { reason: surrogateReason } : {}) } }
      : { type: 'bid_accepted', payload: { bidId: bid.id, orgId: bid.orgId, amount: bid.amount, confirm: attempt.confirm } },
  ]
  if (extension)
    out.push({
      type: 'extended',
      payload: { bidId: bid.id, previousEndsAt: extension.previousEndsAt, newEndsAt: extension.newEndsAt, extensions: extension.extensions },
    })
  return out
}
