// The core of the auction: one bid, judged by the rules under the auction row's lock with the
// database's clock, written with its log events, and idempotent on the client's bid id.
import { randomUUID } from 'node:crypto'
import { and, eq, or } from 'drizzle-orm'
import { auctionBids, idempotencyKeys } from '~db/schema'
import { db, type Tx } from '~db/client'
import { transact } from '~db/transaction'
import { recordAudits } from '~/audit/record.server'
import { mayActNow, orgsActiveNow } from '~/auth/actor.server'
import type { Actor } from '~/auth/roles'
import { LIVE_SUPPLIER_BIDS } from '~/realtime/events'
import { canonicalJson } from '~/utils/canonical-json'
import { DomainError, logFailure, notFound } from '~/utils/errors'
import type { Money } from '~/utils/money'
import { isUuid } from '~/utils/uuid'
import { partnerAuctionAttempt } from './auction-access.server'
import { bidRejectionMessage, nextBidCheck, type BidAttempt } from './auction-bid.rules'
import { eventsForVerdict, type AuctionEvent, type AuctionEventActor } from './auction-events.rules'
import { sha256Hex } from './auction-events.server'
import { ranksMoved, supplierProjection, type SupplierProjection } from './auction-projection.rules'
import { publishAuctionCommitted } from './auction-publish.server'
import { bidsSince, chainEvents, dbNow, insertEvents, loadRecentBids, loadState, loadJudgingState, lockAuction, stateOf, statusNoteOf, writeLive, type AuctionRow, type ChainHead } from './auction-store.server'
import { appendBids, compactBids, type AcceptedBid, type AuctionState, type BidRejectionCode, type Instant } from './auction.rules'

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
  /** The bidder's latest bids as of this one (the judging state holds only its current and first bid). */
  ownBids?: readonly AcceptedBid[]
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
  /**
   * The supplier's own bid: refused as not found unless it is an active participant of a published
   * auction, and its placer and their organization are active now (a socket's actor is as old as its handshake).
   */
  participantOnly?: boolean
  /** A surrogate bid's reason: in its log event and its audit line. */
  reason?: string
  /** Judge in the full bid list (the buyer's projection lists every bid); a bidder's own needs less. */
  fullState?: boolean
}

interface PendingBid {
  ctx: BidContext
  input: BidInput
  key: string
  requestHash: string
  resolve: (o: BidOutcome) => void
  reject: (err: unknown) => void
}

/**
 * Bids on one auction wait here and are judged in batches: one transaction takes every bid that
 * arrived while the previous one ran, judges them one by one in arrival order under one hold of
 * the auction's lock and one read of the clock, and writes their events, bids, answers and audit
 * rows with one statement each (group commit). Bids are serialized by the auction's row lock
 * anyway; paying the lock, the state read, the chain heads and the commit once per bid instead of
 * once per batch limited an auction to about fifty bids a second. Each process runs one batch per
 * auction at a time, so a burst also holds one pooled connection, not one per bid.
 */
const pending = new Map<string, PendingBid[]>()
const MAX_BATCH = Number(process.env.AUCTION_BID_BATCH ?? 200)

export function bidRequestHash(auctionId: string, orgId: string, input: BidInput, surrogate: boolean): string {
  return sha256Hex(canonicalJson({ op: 'auction.bid', auctionId, orgId, amount: input.amount, confirm: input.confirm, surrogate }))
}

/** Shared by placeBid and surrogateBid: the same rules, the same log, the same idempotency. */
export function submitBid(ctx: BidContext, input: BidInput): Promise<BidOutcome> {
  const key = String(input.clientBidId ?? '').trim()
  if (!key || key.length > 200) return Promise.reject(new DomainError('bad_input', 'auction:validation.clientBidId', { clientBidId: ['auction:validation.clientBidId'] }))
  if (!isUuid(ctx.auctionId)) return Promise.reject(notFound())
  const requestHash = bidRequestHash(ctx.auctionId, ctx.orgId, input, ctx.surrogate)
  return new Promise((resolve, reject) => {
    const queue = pending.get(ctx.auctionId)
    const bid: PendingBid = { ctx, input, key, requestHash, resolve, reject }
    if (queue) queue.push(bid)
    else {
      pending.set(ctx.auctionId, [bid])
      void drain(ctx.auctionId)
    }
  })
}

async function drain(auctionId: string) {
  const queue = pending.get(auctionId)!
  while (queue.length) {
    const batch = queue.splice(0, MAX_BATCH)
    let results: (BidOutcome | Error)[]
    try {
      results = await judgeBatch(auctionId, batch)
      await attachOwnBids(auctionId, batch, results)
    } catch (err) {
      results = batch.map(() => err as Error)
    }
    batch.forEach((b, i) => {
      const r = results[i]
      if (r instanceof Error) b.reject(r)
      else b.resolve(r)
    })
  }
  pending.delete(auctionId)
}

const scopedKey = (b: PendingBid) => `${b.ctx.idempotencyScope}\u0000${b.key}`

async function judgeBatch(auctionId: string, batch: PendingBid[]): Promise<(BidOutcome | Error)[]> {
  return transact(async ({ tx, afterCommit }) => {
    // The lock serializes every batch (and every other command) on this auction: the state read
    // below is the committed one, and a retry of a key waits here until the first try committed.
    // The clock is asked right behind the lock on the same connection, so it runs once the lock is held.
    const [row, now] = await Promise.all([lockAuction(tx, auctionId), dbNow(tx)])
    const keys = batch.map((b) => and(eq(idempotencyKeys.scope, b.ctx.idempotencyScope), eq(idempotencyKeys.key, b.key)))
    const full = batch.some((b) => b.ctx.fullState)
    const bidders = [...new Set(batch.filter((b) => b.ctx.participantOnly).map((b) => b.ctx.placedBy))]
    // A surrogate bid speaks for a supplier that is not at the keyboard: its organization must still be active.
    const represented = [...new Set(batch.filter((b) => b.ctx.surrogate).map((b) => b.ctx.orgId))]
    const [loaded, storedRows, active, activeOrgs] = await Promise.all([
      full ? loadState(tx, row) : judgingState(tx, row),
      tx.select().from(idempotencyKeys).where(or(...keys)),
      mayActNow(tx, bidders),
      orgsActiveNow(tx, represented),
    ])
    const stored = new Map(storedRows.map((r) => [`${r.scope}\u0000${r.key}`, { requestHash: r.requestHash, answer: r.response as BidAnswer }]))

    let state: AuctionState = loaded
    let head: ChainHead = { seq: row.lastSeq, hash: row.lastHash }
    const events: AuctionEvent[] = []
    const bidRows: (typeof auctionBids.$inferInsert)[] = []
    const keyRows: (typeof idempotencyKeys.$inferInsert)[] = []
    const audits: Parameters<typeof recordAudits>[1][number][] = []

    const results = batch.map((b): BidOutcome | Error => {
      const { ctx, input, key } = b
      if (ctx.participantOnly && (row.status === 'draft' || !active.has(ctx.placedBy) || !state.participants.some((p) => p.orgId === ctx.orgId && p.active))) return notFound()
      const done = stored.get(scopedKey(b))
      if (done) {
        if (done.requestHash !== b.requestHash) return new DomainError('unprocessable', 'auction:errors.idempotencyKeyReused')
        return { answer: done.answer, replayed: true, state, seq: head.seq, serverTime: now }
      }
      // After the replay: a retry of a surrogate bid that went through before the supplier was deactivated is told it did.
      if (ctx.surrogate && !activeOrgs.has(ctx.orgId)) {
        audits.push({
          who: { actor: ctx.auditActor, ip: ctx.ip },
          entry: { action: 'auction.bid.surrogate', entityType: 'auction', entityId: row.id, after: { orgId: ctx.orgId, amount: input.amount, confirm: input.confirm, code: 'SUPPLIER_INACTIVE', ...(ctx.reason ? { reason: ctx.reason } : {}) }, outcome: 'denied' },
        })
        return new DomainError('conflict', 'auction:errors.supplierInactive')
      }

      const attempt: BidAttempt = { id: randomUUID(), orgId: ctx.orgId, amount: input.amount, confirm: input.confirm, at: now, surrogate: ctx.surrogate }
      const verdict = nextBidCheck(state, attempt)
      const chained = chainEvents(head, eventsForVerdict(attempt, verdict, ctx.surrogate ? ctx.reason : undefined), now, ctx.eventActor)
      events.push(...chained.events)
      head = chained.head

      let answer: BidAnswer
      if (verdict.ok) {
        const bid = verdict.effects.bid
        bidRows.push({
          id: bid.id,
          auctionId: row.id,
          orgId: bid.orgId,
          placedBy: ctx.placedBy,
          amount: bid.amount,
          placedAt: new Date(bid.at),
          seq: chained.events[0].seq,
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
      state = verdict.state
      // A second try of this key later in the same batch is answered as a retry.
      stored.set(scopedKey(b), { requestHash: b.requestHash, answer })
      keyRows.push({ scope: ctx.idempotencyScope, key, requestHash: b.requestHash, status: 'completed', responseStatus: verdict.ok ? 201 : 422, response: answer })
      audits.push({
        who: { actor: ctx.auditActor, ip: ctx.ip },
        entry: {
          action: ctx.surrogate ? 'auction.bid.surrogate' : 'auction.bid.placed',
          entityType: 'auction',
          entityId: row.id,
          after: { orgId: ctx.orgId, amount: input.amount, confirm: input.confirm, seq: head.seq, ...(verdict.ok ? { bidId: verdict.effects.bid.id } : { code: verdict.code }), ...(ctx.reason ? { reason: ctx.reason } : {}) },
          outcome: verdict.ok ? 'ok' : 'denied',
        },
      })
      return { answer, replayed: false, state, seq: head.seq, serverTime: now }
    })

    if (events.length) {
      // Independent statements, sent together on the transaction's connection.
      await Promise.all([
        insertEvents(tx, row.id, events),
        bidRows.length ? tx.insert(auctionBids).values(bidRows) : null,
        tx.insert(idempotencyKeys).values(keyRows),
        writeLive(tx, row.id, state, head),
        recordAudits(tx, audits),
      ])
      const committed = events
      const moved = ranksMoved(state, loaded.bids)
      afterCommit(() => publishAuctionCommitted({ auctionId: row.id, seq: head.seq, events: committed, ranksMoved: moved }))
    } else if (audits.length) {
      // Only refusals that leave no event (a surrogate bid for a deactivated supplier): still on record as denied.
      await recordAudits(tx, audits)
    }
    const final = { seq: head.seq, state }
    afterCommit(() => holdJudgingState(row.id, final.seq, final.state))
    return results
  })
}

/**
 * Each supplier's answer lists its latest own bids as of its bid (its projection's myBids). They
 * are read after the commit, outside the auction's lock, which the batch holds for the judging
 * only; bids committed since are left out by their sequence numbers. If the read fails the bids
 * stand and the answer lists what the judging state holds; the next push lists them all.
 */
async function attachOwnBids(auctionId: string, batch: PendingBid[], results: (BidOutcome | Error)[]) {
  const wanted = batch.flatMap((b, i) => {
    const r = results[i]
    return b.ctx.surrogate || r instanceof Error ? [] : [{ orgId: b.ctx.orgId, outcome: r }]
  })
  if (!wanted.length) return
  try {
    const upTo = Math.max(...wanted.map((w) => w.outcome.seq))
    const recent = await loadRecentBids(db(), auctionId, [...new Set(wanted.map((w) => w.orgId))], LIVE_SUPPLIER_BIDS + batch.length, upTo)
    for (const { orgId, outcome } of wanted)
      outcome.ownBids = (recent.get(orgId) ?? [])
        .filter((b) => b.seq <= outcome.seq)
        .slice(-LIVE_SUPPLIER_BIDS)
        .map((b) => b.bid)
  } catch (err) {
    logFailure('auction: reading the bidders\' own bids failed', err)
  }
}

/**
 * Per auction, the judging state as of the last batch this process committed, compacted to what
 * the rules read. The next batch, under the lock, reads the row: if nothing was committed since,
 * it judges in the held state at once; if only bids were (by the other processes), it appends
 * them from the log; anything else, or a state never held, loads from the rows. So a busy
 * auction's batch reads a few events instead of scanning every bid for each bidder's current one.
 */
const heldStates = new Map<string, { seq: number; participants: AuctionState['participants']; bids: AuctionState['bids'] }>()
const MAX_CATCH_UP = 2_000

function holdJudgingState(auctionId: string, seq: number, state: AuctionState) {
  if (state.status !== 'running') heldStates.delete(auctionId)
  else heldStates.set(auctionId, { seq, participants: state.participants, bids: compactBids(state.bids) })
}

async function judgingState(tx: Tx, row: AuctionRow): Promise<AuctionState> {
  const held = heldStates.get(row.id)
  if (held && held.seq <= row.lastSeq && row.lastSeq - held.seq <= MAX_CATCH_UP) {
    const since = await bidsSince(tx, row.id, held.seq, row.lastSeq)
    if (since) return stateOf(row, held.participants, since.bids.length ? compactBids(appendBids(held.bids, since.bids)) : held.bids)
  }
  return loadJudgingState(tx, row)
}

/** A supplier's bid; the bidding organization is the session's, never the request's. */
export async function placeBid(actor: Actor, auctionId: string, input: BidInput, meta: { ip?: string | null } = {}): Promise<BidOutcome & { projection: SupplierProjection }> {
  if (actor.kind !== 'supplier') throw notFound()
  const out = await partnerAuctionAttempt(actor, auctionId, { ip: meta.ip, action: 'auction.bid' }, () => submitBid(
    {
      auctionId,
      orgId: actor.orgId,
      placedBy: actor.userId,
      surrogate: false,
      eventActor: { kind: 'supplier', userId: actor.userId, orgId: actor.orgId },
      auditActor: actor,
      idempotencyScope: `org:${actor.orgId}`,
      ip: meta.ip,
      participantOnly: true,
    },
    input,
  ))
  // A bid refused while paused (or cancelled) answers with the state, which names the buyer's reason as the room's does.
  const statusNote = await statusNoteOf(db(), auctionId, out.state.status)
  return { ...out, projection: supplierProjection(out.state, actor.orgId, { auctionId, seq: out.seq, serverTime: out.serverTime, statusNote }, out.ownBids) }
}

