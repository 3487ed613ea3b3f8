// The auction's persistence primitives, shared by every command: lock the row, read the database
// clock, rebuild the rules' AuctionState from the rows, append hash-chained events and write the
// live state back. Every write happens under the auction row's lock (SELECT … FOR UPDATE), so the
// commands are serialized per auction exactly as the rules assume (one by one, in commit order).
import { and, asc, desc, eq, gt, inArray, isNotNull, lte, or, sql } from 'drizzle-orm'
import { rawRows, type DbOrTx, type Tx } from '~db/client'
import { auctionBids, auctionEvents, auctionParticipants, auctions } from '~db/schema'
import { notFound } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'
import type { AuctionEvent, AuctionEventActor, AuctionEventBody, AuctionEventType } from './auction-events.rules'
import { hashAuctionEvent } from './auction-events.server'
import type { StatusNote } from './auction-projection.rules'
import type { AcceptedBid, AuctionSettings, AuctionState, AuctionStatus, Instant, Participant } from './auction.rules'

export type AuctionRow = typeof auctions.$inferSelect

/**
 * The database's time, truncated to milliseconds (D1). clock_timestamp(), not now(): now() is the
 * transaction's start, which for a bid that waited on the row lock lies before the previous bid's
 * time — the log's times would run backwards and a bid could be judged before the end it waited past.
 */
export async function dbNow(q: DbOrTx): Promise<Instant> {
  const [r] = await rawRows<{ now: string }>(
    q,
    sql`select to_char(date_trunc('milliseconds', clock_timestamp()) at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as now`,
  )
  return r.now
}

const iso = (d: Date) => d.toISOString()
const dateOf = (t: Instant) => new Date(t)

export function settingsOf(row: AuctionRow): AuctionSettings {
  return {
    currency: row.currency,
    ceiling: row.ceiling,
    reserve: row.reserve,
    lastPurchasePrice: row.lastPurchasePrice,
    decrement: { amount: row.decrementAmount, percent: row.decrementPercent == null ? null : trimPercent(row.decrementPercent) },
    mustBeatBest: row.mustBeatBest,
    maxSingleDropPercent: trimPercent(row.maxSingleDropPercent),
    startsAt: iso(row.startsAt),
    endsAt: iso(row.endsAt),
    softClose: {
      windowSeconds: row.softCloseWindowSeconds,
      extensionSeconds: row.softCloseExtensionSeconds,
      trigger: row.softCloseTrigger,
      maxExtensions: row.softCloseMaxExtensions,
      hardStopAt: iso(row.hardStopAt),
    },
    visibility: row.visibility,
    minParticipants: row.minParticipants,
  }
}

/** numeric(9,4) comes back as "0.5000": the rules take the plain decimal ("0.5"). */
function trimPercent(p: string): string {
  return p.includes('.') ? p.replace(/0+$/, '').replace(/\.$/, '') : p
}

/** The auction row, locked for the rest of the transaction; not_found when it does not exist. */
export async function lockAuction(tx: Tx, auctionId: string): Promise<AuctionRow> {
  if (!isUuid(auctionId)) throw notFound()
  const [row] = await tx.select().from(auctions).where(eq(auctions.id, auctionId)).for('update')
  if (!row) throw notFound()
  return row
}

export async function readAuction(q: DbOrTx, auctionId: string): Promise<AuctionRow | null> {
  if (!isUuid(auctionId)) return null
  const [row] = await q.select().from(auctions).where(eq(auctions.id, auctionId))
  return row ?? null
}

/**
 * The buyer's reason and the time of the pause or cancellation that gave the auction its status,
 * from the log (the row keeps neither); null in any other status, and for a cancelled draft, which
 * has no log. The latest of its kind: an auction paused twice shows the second pause's reason.
 */
export async function statusNoteOf(q: DbOrTx, auctionId: string, status: AuctionStatus): Promise<StatusNote | null> {
  if (status !== 'paused' && status !== 'cancelled') return null
  const [e] = await q
    .select({ at: auctionEvents.at, payload: auctionEvents.payload })
    .from(auctionEvents)
    .where(and(eq(auctionEvents.auctionId, auctionId), eq(auctionEvents.type, status)))
    .orderBy(desc(auctionEvents.seq))
    .limit(1)
  return e ? { reason: (e.payload as { reason?: string | null }).reason ?? null, at: iso(e.at) } : null
}

/** Everything the rules need, from the rows (the live state), not from a replay of the log. */
export async function loadState(q: DbOrTx, row: AuctionRow): Promise<AuctionState> {
  const [parts, bids] = await Promise.all([
    loadParticipants(q, row),
    q.select().from(auctionBids).where(eq(auctionBids.auctionId, row.id)).orderBy(asc(auctionBids.seq)),
  ])
  return stateFrom(row, parts, bids)
}

/**
 * The state as bids are judged in it: every bidder's current bid (the lowest non-voided, earliest
 * of equals) and first bid, in commit order. The rules read nothing else of a bidder's history:
 * the ranking takes each one's current bid with ties by commit order, which the kept bids
 * preserve, and aliases go by each bidder's first bid. So verdicts are the same as on the full
 * list, while a bid under the auction's lock no longer reads (or copies) every bid ever placed.
 * Projections that list a bidder's own bids take them from loadRecentBids. Voided bids are kept too
 * (the buyer voids a few, by hand): every projection counts them (voidedBids), and a push built here
 * must count what one built from the full list counts, or the room would hear of a void that never was.
 */
export async function loadJudgingState(q: DbOrTx, row: AuctionRow): Promise<AuctionState> {
  const kept = or(
    inArray(
      auctionBids.id,
      sql`(select distinct on (org_id) id from auction_bids
           where auction_id = ${row.id} and voided_at is null
           order by org_id, amount asc, seq asc)`,
    ),
    inArray(auctionBids.id, sql`(select distinct on (org_id) id from auction_bids where auction_id = ${row.id} order by org_id, seq asc)`),
    isNotNull(auctionBids.voidedAt),
  )
  const [parts, bids] = await Promise.all([
    loadParticipants(q, row),
    q.select().from(auctionBids).where(and(eq(auctionBids.auctionId, row.id), kept)).orderBy(asc(auctionBids.seq)),
  ])
  return stateFrom(row, parts, bids)
}

/** Each bidder's latest `limit` bids up to `uptoSeq`, in commit order, with their sequence numbers. */
export async function loadRecentBids(
  q: DbOrTx,
  auctionId: string,
  orgIds: readonly string[],
  limit: number,
  uptoSeq: number = 2 ** 31 - 1,
): Promise<Map<string, { seq: number; bid: AcceptedBid }[]>> {
  const out = new Map<string, { seq: number; bid: AcceptedBid }[]>(orgIds.map((id) => [id, []]))
  if (!orgIds.length) return out
  const rows = await rawRows<{ id: string; org_id: string; amount: string; at: string; voided: boolean; surrogate: boolean; seq: number }>(
    q,
    sql`select b.id::text as id, b.org_id::text as org_id, b.amount::text as amount,
               to_char(b.placed_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at,
               b.voided_at is not null as voided, b.surrogate, b.seq
          from unnest(array[${sql.join(orgIds.map((id) => sql`${id}`), sql`, `)}]::uuid[]) as o(org_id)
          cross join lateral (
            select * from auction_bids
             where auction_id = ${auctionId} and org_id = o.org_id and seq <= ${uptoSeq}
             order by seq desc limit ${limit}
          ) b
         order by b.seq`,
  )
  for (const r of rows)
    out.get(r.org_id)?.push({ seq: Number(r.seq), bid: { id: r.id, orgId: r.org_id, amount: r.amount, at: r.at, voided: r.voided, surrogate: r.surrogate } })
  return out
}

/**
 * The bids accepted in the log after `afterSeq` up to `uptoSeq`, and the refusals, when nothing
 * else happened there; null when something else did (a void, a pause, a participant), for the
 * caller to load the state in full. Lets a caller holding the state at `afterSeq` catch up on
 * what other processes committed by reading only the new events.
 */
export async function bidsSince(q: DbOrTx, auctionId: string, afterSeq: number, uptoSeq: number): Promise<BidsSince | null> {
  if (uptoSeq === afterSeq) return { bids: [], rejected: [] }
  const events = await q
    .select({ seq: auctionEvents.seq, type: auctionEvents.type, at: auctionEvents.at, payload: auctionEvents.payload })
    .from(auctionEvents)
    .where(and(eq(auctionEvents.auctionId, auctionId), gt(auctionEvents.seq, afterSeq), lte(auctionEvents.seq, uptoSeq)))
    .orderBy(asc(auctionEvents.seq))
  return bidsFromEvents(events, afterSeq, uptoSeq)
}

type LoggedEvent = { seq: number; type: string; at: Date; payload: unknown }
export interface BidsSince {
  bids: AcceptedBid[]
  rejected: LoggedEvent[]
}

function bidsFromEvents(events: readonly LoggedEvent[], afterSeq: number, uptoSeq: number): BidsSince | null {
  if (events.length !== uptoSeq - afterSeq || events.some((e) => !BID_EVENTS.has(e.type))) return null
  const bids: AcceptedBid[] = []
  const rejected: LoggedEvent[] = []
  for (const e of events) {
    if (e.type === 'bid_accepted' || e.type === 'surrogate_bid') {
      const p = e.payload as { bidId: string; orgId: string; amount: string }
      bids.push({ id: p.bidId, orgId: p.orgId, amount: p.amount, at: iso(e.at), voided: false, surrogate: e.type === 'surrogate_bid' })
    } else if (e.type === 'bid_rejected') rejected.push(e)
  }
  return { bids, rejected }
}

/**
 * The row, the database's clock and what bidsSince(afterSeq, row.lastSeq) answers, in one
 * statement (one snapshot, one round trip): the live layer asks this for every push. At most
 * `maxEvents` are read; beyond that `since` is null, as for any event that is not a bid's.
 */
export async function readAuctionSince(q: DbOrTx, auctionId: string, afterSeq: number, maxEvents: number): Promise<{ row: AuctionRow; now: Instant; since: BidsSince | null } | null> {
  if (!isUuid(auctionId)) return null
  // The subquery names the outer row as auctions.*: drizzle leaves a lone table's columns unqualified.
  const [r] = await q
    .select({
      row: auctions,
      now: sql<string>`to_char(date_trunc('milliseconds', clock_timestamp()) at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
      events: sql<{ seq: number; type: string; at: string; payload: unknown }[]>`coalesce((
        select jsonb_agg(jsonb_build_object('seq', e.seq, 'type', e.type, 'at', to_char(e.at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'payload', e.payload) order by e.seq)
          from auction_events e
         where e.auction_id = auctions.id and e.seq > ${afterSeq} and e.seq <= least(auctions.last_seq, ${afterSeq + maxEvents})), '[]'::jsonb)`,
    })
    .from(auctions)
    .where(eq(auctions.id, auctionId))
  if (!r) return null
  const events = (typeof r.events === 'string' ? JSON.parse(r.events) : r.events) as { seq: number; type: string; at: string; payload: unknown }[]
  const since = r.row.lastSeq < afterSeq ? null : bidsFromEvents(events.map((e) => ({ ...e, at: new Date(e.at) })), afterSeq, r.row.lastSeq)
  return { row: r.row, now: r.now, since }
}

/** Events that change nothing but the bids, the refusals and the row's live fields. */
const BID_EVENTS = new Set(['bid_accepted', 'surrogate_bid', 'bid_rejected', 'extended'])

const acceptedBidOf = (b: typeof auctionBids.$inferSelect): AcceptedBid => ({
  id: b.id,
  orgId: b.orgId,
  amount: b.amount,
  at: iso(b.placedAt),
  voided: b.voidedAt != null,
  surrogate: b.surrogate,
})

function loadParticipants(q: DbOrTx, row: AuctionRow) {
  return q.select().from(auctionParticipants).where(eq(auctionParticipants.auctionId, row.id)).orderBy(asc(auctionParticipants.invitedAt), asc(auctionParticipants.orgId))
}

function stateFrom(row: AuctionRow, parts: (typeof auctionParticipants.$inferSelect)[], bids: (typeof auctionBids.$inferSelect)[]): AuctionState {
  return stateOf(
    row,
    parts.map((p) => ({ orgId: p.orgId, acceptedTerms: p.termsAcceptedAt != null, active: p.active })),
    bids.map(acceptedBidOf),
  )
}

/** The rules' state from the auction row, its participants and the bids kept. */
export function stateOf(row: AuctionRow, participants: Participant[], bids: AcceptedBid[]): AuctionState {
  return {
    settings: settingsOf(row),
    status: row.status,
    currentEndsAt: iso(row.currentEndsAt),
    hardStopAt: iso(row.currentHardStopAt),
    extensions: row.extensions,
    pausedAt: row.pausedAt ? iso(row.pausedAt) : null,
    pausedTotalMs: row.pausedTotalMs,
    bids,
    participants,
    rejectedAttempts: row.rejectedAttempts,
    awardedOrgId: row.awardedOrgId,
    awardProposal:
      row.awardProposedOrgId && row.awardProposedBy && row.awardProposedAt
        ? { orgId: row.awardProposedOrgId, justification: row.awardProposalJustification ?? '', proposedBy: row.awardProposedBy, proposedAt: iso(row.awardProposedAt) }
        : null,
  }
}

export interface ChainHead {
  seq: number
  hash: string
}

/** Hash-chains event bodies after `head` (pure: the caller inserts them with insertEvents). */
export function chainEvents(head: ChainHead, bodies: readonly AuctionEventBody[], at: Instant, actor: AuctionEventActor): { head: ChainHead; events: AuctionEvent[] } {
  const events: AuctionEvent[] = []
  let { seq, hash } = head
  for (const body of bodies) {
    const e = hashAuctionEvent({ ...body, seq: seq + 1, at, actor } as Parameters<typeof hashAuctionEvent>[0], hash)
    events.push(e)
    seq = e.seq
    hash = e.hash
  }
  return { head: { seq, hash }, events }
}

export async function insertEvents(tx: Tx, auctionId: string, events: readonly AuctionEvent[]): Promise<void> {
  if (events.length)
    await tx.insert(auctionEvents).values(
      events.map((e) => ({ auctionId, seq: e.seq, type: e.type, at: dateOf(e.at), actor: e.actor, payload: e.payload, prevHash: e.prevHash, hash: e.hash })),
    )
}

/**
 * Appends events after the row's chain head (the caller holds the row lock) and returns the new
 * head; writeLive() stores it on the row. The unique (auction_id, seq) is the last net.
 */
export async function appendEvents(tx: Tx, head: ChainHead, auctionId: string, bodies: readonly AuctionEventBody[], at: Instant, actor: AuctionEventActor): Promise<{ head: ChainHead; events: AuctionEvent[] }> {
  const out = chainEvents(head, bodies, at, actor)
  await insertEvents(tx, auctionId, out.events)
  return out
}

/** Writes the live part of a state (and the chain head) back to the locked row. */
export async function writeLive(tx: Tx, auctionId: string, state: AuctionState, head: ChainHead, extra: Partial<typeof auctions.$inferInsert> = {}) {
  await tx
    .update(auctions)
    .set({
      status: state.status,
      currentEndsAt: dateOf(state.currentEndsAt),
      currentHardStopAt: dateOf(state.hardStopAt),
      extensions: state.extensions,
      pausedAt: state.pausedAt ? dateOf(state.pausedAt) : null,
      pausedTotalMs: state.pausedTotalMs,
      rejectedAttempts: state.rejectedAttempts,
      awardedOrgId: state.awardedOrgId,
      awardProposedOrgId: state.awardProposal?.orgId ?? null,
      awardProposalJustification: state.awardProposal?.justification ?? null,
      awardProposedBy: state.awardProposal?.proposedBy ?? null,
      awardProposedAt: state.awardProposal ? dateOf(state.awardProposal.proposedAt) : null,
      lastSeq: head.seq,
      lastHash: head.hash,
      updatedAt: sql`clock_timestamp()`,
      ...extra,
    })
    .where(eq(auctions.id, auctionId))
}

/** The stored log in sequence order, as the rules' events. */
export async function readEvents(q: DbOrTx, auctionId: string): Promise<AuctionEvent[]> {
  const rows = await q.select().from(auctionEvents).where(eq(auctionEvents.auctionId, auctionId)).orderBy(asc(auctionEvents.seq))
  return rows.map(
    (r) =>
      ({
        seq: r.seq,
        type: r.type as AuctionEventType,
        at: iso(r.at),
        actor: r.actor as AuctionEventActor,
        payload: r.payload,
        prevHash: r.prevHash,
        hash: r.hash,
      }) as AuctionEvent,
  )
}
