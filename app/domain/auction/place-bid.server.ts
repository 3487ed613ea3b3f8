// The core of the auction: one bid, judged by the rules under the auction row's lock with the
// database's clock, written with its log events, and idempotent on the client's bid id.
import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { auctionBids, idempotencyKeys } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { canonicalJson } from '~/utils/canonical-json'
import { keyedLimiter } from '~/utils/keyed-limiter.server'
import { DomainError, notFound } from '~/utils/errors'
import type { Money } from '~/utils/money'
import { assertSupplierSees } from './auction-access.server'
import { bidRejectionMessage, nextBidCheck, type BidAttempt } from './auction-bid.rules'
import { eventsForVerdict, type AuctionEventActor } from './auction-events.rules'
import { sha256Hex } from './auction-events.server'
import { supplierProjection, type SupplierProjection } from './auction-projection.rules'
import { publishAuctionCommitted } from './auction-publish.server'
import { appendEvents, dbNow, loadState, loadStateForBidder, lockAuction, writeLive } from './auction-store.server'
import type { AuctionState, BidRejectionCode, Instant } from './auction.rules'

export interface BidInput {
  /** As typed: the rules validate it, so a malformed amount is a logged INVALID_AMOUNT. */
  amount: string
  confirm: boolean
  /** The client's id for this intent (socket clientBidId, HTTP Idempotency-Key). */
  clientBidId: string
}

/** What the socket ack and the HTTP answer carry; stored with the idempotency key and replayed as is. */
export type BidAnswer =
  | { ok: true; bid: { id: string; amount: Money; at: Instant; surrogate: boolean }; seq: number }
  | {
      ok: false
      error: {
        code: BidRejectionCode
        maxAcceptable: Money | null
        confirmationThreshold?: Money
        messageKey: string
        messageParams: Record<string, string>
      }
      seq: number
    }

export interface BidOutcome {
  answer: BidAnswer
  /** True when this was a retry: the answer is the one stored the first time, nothing was written. */
  replayed: boolean
  /** The state after the bid (or now, for a retry), for the caller to project. */
  state: AuctionState
  seq: number
  serverTime: Instant
}

interface BidContext {
  auctionId: string
  orgId: string
  placedBy: string
  surrogate: boolean
  eventActor: AuctionEventActor
  auditActor: Actor
  idempotencyScope: string
  ip?: string | null
  /** Extra refusal before anything is judged (the supplier's visibility of the auction). */
  guard?: (tx: Parameters<Parameters<typeof transact>[0]>[0]['tx'], row: Awaited<ReturnType<typeof lockAuction>>) => Promise<void>
  /** For the audit line of a surrogate bid. */
  reason?: string
  /** Judge in the full bid list (the buyer's projection lists every bid); a bidder's own needs less. */
  fullState?: boolean
}

/**
 * Bids on one auction queue here before they open a transaction: they are serialized by the
 * auction's row lock anyway, and waiting for it inside the database holds a pooled connection, so a
 * burst of bids left the process none for its pushes and pages. Eight in flight per process (of a
 * pool of ten) keep the lock busy and leave connections for everything else.
 */
const bidQueue = keyedLimiter(Number(process.env.AUCTION_BIDS_IN_FLIGHT ?? 8))

export function bidRequestHash(auctionId: string, orgId: string, input: BidInput, surrogate: boolean): string {
  return sha256Hex(canonicalJson({ op: 'auction.bid', auctionId, orgId, amount: input.amount, confirm: input.confirm, surrogate }))
}

/** Shared by placeBid and surrogateBid: the same rules, the same log, the same idempotency. */
export async function submitBid(ctx: BidContext, input: BidInput): Promise<BidOutcome> {
  const key = String(input.clientBidId ?? '').trim()
  if (!key || key.length > 200) throw new DomainError('bad_input', 'auction:validation.clientBidId', { clientBidId: ['auction:validation.clientBidId'] })
  const requestHash = bidRequestHash(ctx.auctionId, ctx.orgId, input, ctx.surrogate)

  return bidQueue(ctx.auctionId, () => transact(async ({ tx, afterCommit }) => {
    // The lock serializes every bid (and every other command) on this auction: the state read
    // below is the committed one, and a retry of a key waits here until the first try committed.
    const row = await lockAuction(tx, ctx.auctionId)
    if (ctx.guard) await ctx.guard(tx, row)

    const [stored] = await tx
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, ctx.idempotencyScope), eq(idempotencyKeys.key, key)))
    if (stored) {
      if (stored.requestHash !== requestHash) throw new DomainError('unprocessable', 'auction:errors.idempotencyKeyReused')
      const state = await loadState(tx, row)
      return { answer: stored.response as BidAnswer, replayed: true, state, seq: row.lastSeq, serverTime: await dbNow(tx) }
    }

    const now = await dbNow(tx)
    const state = ctx.fullState ? await loadState(tx, row) : await loadStateForBidder(tx, row, ctx.orgId)
    const attempt: BidAttempt = { id: randomUUID(), orgId: ctx.orgId, amount: input.amount, confirm: input.confirm, at: now, surrogate: ctx.surrogate }
    const verdict = nextBidCheck(state, attempt)
    const { head, events } = await appendEvents(tx, { seq: row.lastSeq, hash: row.lastHash }, row.id, eventsForVerdict(attempt, verdict), now, ctx.eventActor)

    let answer: BidAnswer
    if (verdict.ok) {
      const bid = verdict.effects.bid
      await tx.insert(auctionBids).values({
        id: bid.id,
        auctionId: row.id,
        orgId: bid.orgId,
        placedBy: ctx.placedBy,
        amount: bid.amount,
        placedAt: new Date(bid.at),
        seq: events[0].seq,
        surrogate: bid.surrogate,
        clientBidId: ctx.surrogate ? `surrogate:${key}` : key,
      })
      answer = { ok: true, bid: { id: bid.id, amount: bid.amount, at: bid.at, surrogate: bid.surrogate }, seq: head.seq }
    } else {
      const msg = bidRejectionMessage(verdict.code, verdict.maxAcceptable, verdict.confirmationThreshold)
      answer = {
        ok: false,
        error: {
          code: verdict.code,
          maxAcceptable: verdict.maxAcceptable,
          ...(verdict.confirmationThreshold ? { confirmationThreshold: verdict.confirmationThreshold } : {}),
          messageKey: msg.key,
          messageParams: msg.params,
        },
        seq: head.seq,
      }
    }
    await writeLive(tx, row.id, verdict.state, head)
    await tx.insert(idempotencyKeys).values({ scope: ctx.idempotencyScope, key, requestHash, status: 'completed', responseStatus: verdict.ok ? 201 : 422, response: answer })
    await recordAudit(tx, { actor: ctx.auditActor, ip: ctx.ip }, {
      action: ctx.surrogate ? 'auction.bid.surrogate' : 'auction.bid.placed',
      entityType: 'auction',
      entityId: row.id,
      after: { orgId: ctx.orgId, amount: input.amount, confirm: input.confirm, seq: head.seq, ...(verdict.ok ? { bidId: verdict.effects.bid.id } : { code: verdict.code }), ...(ctx.reason ? { reason: ctx.reason } : {}) },
      outcome: verdict.ok ? 'ok' : 'denied',
    })
    afterCommit(() => publishAuctionCommitted({ auctionId: row.id, seq: head.seq, events }))
    return { answer, replayed: false, state: verdict.state, seq: head.seq, serverTime: now }
  }))
}

/** A supplier's bid; the bidding organization is the session's, never the request's. */
export async function placeBid(actor: Actor, auctionId: string, input: BidInput, meta: { ip?: string | null } = {}): Promise<BidOutcome & { projection: SupplierProjection }> {
  if (actor.kind !== 'supplier') throw notFound()
  const out = await submitBid(
    {
      auctionId,
      orgId: actor.orgId,
      placedBy: actor.userId,
      surrogate: false,
      eventActor: { kind: 'supplier', userId: actor.userId, orgId: actor.orgId },
      auditActor: actor,
      idempotencyScope: `org:${actor.orgId}`,
      ip: meta.ip,
      guard: (tx, row) => assertSupplierSees(tx, actor, row),
    },
    input,
  )
  return { ...out, projection: supplierProjection(out.state, actor.orgId, { auctionId, seq: out.seq, serverTime: out.serverTime }) }
}

