// Reads, always scoped by the actor: the list, one auction's projection for its viewer, and the
// full state the rules need (for the console, the replay check and the tests).
import { asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { db, rawRows, type DbOrTx } from '~db/client'
import { auctionLines, auctions, organizations } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { forbidden, notFound } from '~/utils/errors'
import type { Money } from '~/utils/money'
import { AUCTION_VIEW, assertSupplierSees, auctionsVisibleTo, isAuctionStaff, partnerAuctionAttempt } from './auction-access.server'
import { buyerProjection, supplierProjection, type BuyerProjection, type SupplierProjection } from './auction-projection.rules'
import { dbNow, loadState, readAuction, statusNoteOf, type AuctionRow } from './auction-store.server'
import { isOpenAuction, openAuctionStatuses, type AuctionState } from './auction.rules'

export interface AuctionFullState {
  row: AuctionRow
  state: AuctionState
  seq: number
  lines: (typeof auctionLines.$inferSelect)[]
}

/** Everything the rules need about one auction, unscoped: callers scope first (or are the system). */
export async function auctionStateFor(auctionId: string, q: DbOrTx = db()): Promise<AuctionFullState> {
  const row = await readAuction(q, auctionId)
  if (!row) throw notFound()
  const [state, lines] = await Promise.all([loadState(q, row), q.select().from(auctionLines).where(eq(auctionLines.auctionId, row.id)).orderBy(asc(auctionLines.position))])
  return { row, state, seq: row.lastSeq, lines }
}

export interface AuctionListItem {
  id: string
  title: string
  status: AuctionRow['status']
  currency: string
  startsAt: string
  endsAt: string
}

export async function listAuctions(actor: Actor): Promise<AuctionListItem[]> {
  if (actor.kind === 'staff' && !isAuctionStaff(actor)) throw forbidden()
  const rows = await db()
    .select({ id: auctions.id, title: auctions.title, status: auctions.status, currency: auctions.currency, startsAt: auctions.startsAt, endsAt: auctions.currentEndsAt })
    .from(auctions)
    .where(auctionsVisibleTo(actor))
    .orderBy(desc(auctions.startsAt))
  return rows.map((r) => ({ ...r, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString() }))
}

/**
 * The time of an auction's cancellation as ISO text, from its log (the row keeps none); null for
 * any other status and for a cancelled draft, which has no log. Nothing is logged after a
 * cancellation, so the walk back from the last event stops at once.
 */
const cancelledAtSql = (id: SQL, status: SQL) =>
  sql`case when ${status} = 'cancelled' then (
        select to_char(e.at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') from auction_events e
         where e.auction_id = ${id} and e.type = 'cancelled' order by e.seq desc limit 1) end`

/** The supplier's list: each auction with when it was cancelled, for those the buyer cancelled. */
export async function listSupplierAuctions(actor: Actor): Promise<(AuctionListItem & { cancelledAt: string | null })[]> {
  const rows = await listAuctions(actor)
  const ids = rows.filter((r) => r.status === 'cancelled').map((r) => r.id)
  if (!ids.length) return rows.map((r) => ({ ...r, cancelledAt: null }))
  const times = await rawRows<{ id: string; at: string | null }>(
    db(),
    sql`select a.id::text as id, ${cancelledAtSql(sql`a.id`, sql`a.status`)} as at from auctions a where a.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`,
  )
  const at = new Map(times.map((t) => [t.id, t.at]))
  return rows.map((r) => ({ ...r, cancelledAt: at.get(r.id) ?? null }))
}

/** The viewer's own projection (supplier or buyer); another party's auction is not_found, and a partner's attempt is recorded. */
export function auctionViewFor(actor: Actor, auctionId: string, attempt: { ip?: string | null; action?: string } = {}): Promise<SupplierProjection | BuyerProjection> {
  return partnerAuctionAttempt(actor, auctionId, { ip: attempt.ip, action: attempt.action ?? AUCTION_VIEW }, () => viewFor(actor, auctionId))
}

async function viewFor(actor: Actor, auctionId: string): Promise<SupplierProjection | BuyerProjection> {
  const q = db()
  const row = await readAuction(q, auctionId)
  if (!row) throw notFound()
  if (actor.kind === 'supplier') await assertSupplierSees(q, actor, row)
  else if (actor.kind !== 'staff') throw notFound()
  else if (!isAuctionStaff(actor)) throw forbidden()
  const [state, serverTime, statusNote] = [await loadState(q, row), await dbNow(q), await statusNoteOf(q, row.id, row.status)]
  const ctx = { auctionId: row.id, seq: row.lastSeq, serverTime, statusNote }
  if (actor.kind === 'supplier') return supplierProjection(state, actor.orgId, ctx)
  const ids = state.participants.map((p) => p.orgId)
  const names = ids.length ? await q.select({ id: organizations.id, name: organizations.nameZh, nameEn: organizations.nameEn }).from(organizations).where(inArray(organizations.id, ids)) : []
  const orgNames = Object.fromEntries(names.map((n) => [n.id, actor.locale === 'en' ? n.nameEn : n.name]))
  return buyerProjection(state, { ...ctx, orgNames })
}

export interface SupplierOverviewItem extends AuctionListItem {
  acceptedTerms: boolean
  /** When the buyer cancelled it (its log's cancellation); null unless cancelled. Its planned end never came. */
  cancelledAt: string | null
  /** Whether this organization ever bid (voided bids too): no current bid then means all were voided. */
  placedAny: boolean
  /** This organization's own rank and current (or final) bid; null before its first bid. */
  myRank: number | null
  myBid: Money | null
  /** After the award: whether it went to this organization; null before (or without) one. */
  won: boolean | null
}

export interface SupplierAuctionOverview {
  /** Running or paused, the soonest end first. */
  live: SupplierOverviewItem[]
  /** Scheduled and the terms not accepted yet, the soonest start first. */
  invitations: SupplierOverviewItem[]
  /** Scheduled with the terms accepted, the soonest start first. */
  upcoming: SupplierOverviewItem[]
  /** The latest finished ones (closed, awarded, unsuccessful, cancelled), the latest end first. */
  finished: SupplierOverviewItem[]
}

export const OVERVIEW_FINISHED = 5

/**
 * The supplier home page: what needs the organization's attention, in one statement. Scoped by
 * auctionsVisibleTo (active participant, published) like the list; the own rank is computed as the
 * rules rank (each bidder's lowest non-voided bid, ties by commit order), and only the own row of
 * that ranking leaves the database: no rival's identity, amount or the reserve is read out.
 */
export async function supplierAuctionOverview(actor: Actor): Promise<SupplierAuctionOverview> {
  if (actor.kind !== 'supplier') throw forbidden()
  const org = actor.orgId
  const open = sql.join(openAuctionStatuses.map((st) => sql`${st}`), sql`, `)
  const rows = await rawRows<{
    id: string
    title: string
    status: AuctionListItem['status']
    currency: string
    starts_at: string
    ends_at: string
    accepted: boolean
    won: boolean | null
    my_rank: number | null
    my_bid: string | null
    cancelled_at: string | null
    placed_any: boolean
  }>(
    db(),
    sql`with mine as (
          select auctions.id, auctions.title, auctions.status, auctions.currency, auctions.starts_at, auctions.current_ends_at,
                 auctions.awarded_org_id, p.terms_accepted_at is not null as accepted,
                 row_number() over (partition by auctions.status::text in (${open}) order by auctions.current_ends_at desc, auctions.id) as recency
            from auctions
            join auction_participants p on p.auction_id = auctions.id and p.org_id = ${org}
           where ${auctionsVisibleTo(actor)}
        )
        select m.id::text as id, m.title, m.status::text as status, m.currency,
               to_char(m.starts_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as starts_at,
               to_char(m.current_ends_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ends_at,
               m.accepted,
               case when m.status = 'awarded' then m.awarded_org_id is not distinct from ${org}::uuid end as won,
               r.rank::int as my_rank, r.amount::text as my_bid,
               ${cancelledAtSql(sql`m.id`, sql`m.status`)} as cancelled_at,
               exists (select 1 from auction_bids b where b.auction_id = m.id and b.org_id = ${org}) as placed_any
          from mine m
          left join lateral (
            select x.rank, x.amount
              from (select c.org_id, c.amount, row_number() over (order by c.amount asc, c.seq asc) as rank
                      from (select distinct on (b.org_id) b.org_id, b.amount, b.seq
                              from auction_bids b
                             where b.auction_id = m.id and b.voided_at is null
                             order by b.org_id, b.amount asc, b.seq asc) c) x
             where x.org_id = ${org}
          ) r on true
         where m.status::text in (${open}) or m.recency <= ${OVERVIEW_FINISHED}`,
  )
  const items = rows.map(
    (r): SupplierOverviewItem => ({
      id: r.id,
      title: r.title,
      status: r.status,
      currency: r.currency,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      acceptedTerms: r.accepted,
      cancelledAt: r.cancelled_at,
      placedAny: r.placed_any,
      myRank: r.my_rank == null ? null : Number(r.my_rank),
      myBid: r.my_bid,
      won: r.won,
    }),
  )
  const by = (key: 'startsAt' | 'endsAt', dir: 1 | -1) => (a: SupplierOverviewItem, b: SupplierOverviewItem) => dir * (Date.parse(a[key]) - Date.parse(b[key])) || (a.id < b.id ? -1 : 1)
  return {
    live: items.filter((i) => i.status === 'running' || i.status === 'paused').sort(by('endsAt', 1)),
    invitations: items.filter((i) => i.status === 'scheduled' && !i.acceptedTerms).sort(by('startsAt', 1)),
    upcoming: items.filter((i) => i.status === 'scheduled' && i.acceptedTerms).sort(by('startsAt', 1)),
    finished: items.filter((i) => !isOpenAuction(i.status)).sort(by('endsAt', -1)),
  }
}
