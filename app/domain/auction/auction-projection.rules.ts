// What each party sees. Projections are built field by field from the state (never spread), so
// a field added to the state later cannot leak to suppliers by accident: rival ids, names and the
// reserve and the last purchase price have no path into SupplierProjection.
import { type Money } from '~/utils/money'
import { maxAcceptable } from './auction-bid.rules'
import {
  bestBid,
  leadWithoutVoids,
  ranking,
  reserveStatus,
  savings,
  type AuctionState,
  type AcceptedBid,
  type AuctionStatus,
  type AwardProposal,
  type Instant,
  type RankingRow,
  type ReserveStatus,
  type Visibility,
} from './auction.rules'

export interface ProjectionContext {
  auctionId: string
  /** The event sequence number this projection reflects (the client detects gaps with it). */
  seq: number
  /** The database's time when the projection was built; clients compute their clock offset from it. */
  serverTime: Instant
  /** The log's pause or cancellation that set the current status (statusNoteOf); kept only while the status is that one. */
  statusNote?: StatusNote | null
}

/**
 * Why the auction is paused or was cancelled, in the buyer's words, and when: the rules tell every
 * participant the reason, so suppliers see it as the buyer does. Never a surrogate bid's or a void's
 * reason, which are the buyer's record, not an announcement.
 */
export interface StatusNote {
  reason: string | null
  at: Instant
}

interface CommonProjection {
  auctionId: string
  seq: number
  serverTime: Instant
  status: AuctionStatus
  currency: string
  ceiling: Money
  startsAt: Instant
  endsAt: Instant
  hardStopAt: Instant
  extensions: number
  visibility: Visibility
  /** Invited, active participants: a count, never who. */
  participants: number
  /** While paused, and once cancelled: the buyer's reason and the time; null otherwise. */
  statusNote: StatusNote | null
}

export interface SupplierLadderRow {
  rank: number
  alias: string
  amount: Money
  isMe: boolean
}

export interface SupplierProjection extends CommonProjection {
  viewer: 'supplier'
  acceptedTerms: boolean
  myRank: number | null
  myBid: Money | null
  myAlias: string | null
  myBids: { id: string; amount: Money; at: Instant; voided: boolean; surrogate: boolean }[]
  bestPrice: Money | null
  ladder: SupplierLadderRow[] | null
  maxAcceptable: Money | null
  /**
   * Bids the buyer voided in this auction, anyone's: a count, never whose. The rules tell everyone
   * of a void, and a rival's void can move this supplier's rank; the room says so when it grows.
   */
  voidedBids: number
  /** After the award: whether this supplier won; null before. */
  won: boolean | null
}

export interface BuyerLadderRow {
  rank: number
  orgId: string
  orgName: string | null
  bidId: string
  amount: Money
  at: Instant
  surrogate: boolean
}

export interface BuyerProjection extends CommonProjection {
  viewer: 'buyer'
  reserve: Money | null
  reserveStatus: ReserveStatus
  minParticipants: number
  bidders: number
  ladder: BuyerLadderRow[]
  bids: { id: string; orgId: string; amount: Money; at: Instant; voided: boolean; surrogate: boolean }[]
  participantList: { orgId: string; orgName: string | null; acceptedTerms: boolean; active: boolean }[]
  rejectedAttempts: number
  bestPrice: Money | null
  /** The price last paid for this lot, as set up (buyer-only, like the reserve). */
  lastPurchasePrice: Money | null
  savingsVsCeiling: { amount: Money; percent: string } | null
  /** Negative when the best bid is above the last purchase price. */
  savingsVsLastPurchase: { amount: Money; percent: string } | null
  awardedOrgId: string | null
}

/** A waiting award not to rank 1 as the console shows it (rules D15): staff only, with names. */
export interface AwardProposalView {
  orgId: string
  orgName: string
  rank: number | null
  amount: Money | null
  justification: string
  proposedBy: string
  proposedByName: string
  proposedAt: Instant
  /** Set when the proposed supplier is rank 1 only because a bid was voided: who led before, at what amount. */
  leadBeforeVoid: { orgName: string; amount: Money } | null
}

/** The waiting proposal with its supplier's standing of the moment and the names the console shows. */
export function awardProposalView(proposal: AwardProposal, bids: readonly AcceptedBid[], names: { org: (orgId: string) => string; proposer: string }): AwardProposalView {
  const row = ranking(bids).find((r) => r.orgId === proposal.orgId)
  const lead = leadWithoutVoids(bids)
  const leadBeforeVoid = row?.rank === 1 && lead && lead.orgId !== proposal.orgId ? { orgName: names.org(lead.orgId), amount: lead.amount } : null
  return { ...proposal, orgName: names.org(proposal.orgId), rank: row?.rank ?? null, amount: row?.amount ?? null, proposedByName: names.proposer, leadBeforeVoid }
}

/** A waiting award in the approval inbox: the proposal, its auction, and the best price to weigh it against. */
export type AwardProposalItem = AwardProposalView & { auctionId: string; title: string; currency: string; bestPrice: Money | null }

function common(state: AuctionState, ctx: ProjectionContext): CommonProjection {
  return {
    auctionId: ctx.auctionId,
    seq: ctx.seq,
    serverTime: ctx.serverTime,
    status: state.status,
    currency: state.settings.currency,
    ceiling: state.settings.ceiling,
    startsAt: state.settings.startsAt,
    endsAt: state.currentEndsAt,
    hardStopAt: state.hardStopAt,
    extensions: state.extensions,
    visibility: state.settings.visibility,
    participants: state.participants.filter((p) => p.active).length,
    statusNote: (state.status === 'paused' || state.status === 'cancelled') && ctx.statusNote ? { reason: ctx.statusNote.reason, at: ctx.statusNote.at } : null,
  }
}

/** "A", "B", …, "Z", "AA", "AB", … (bijective base 26). */
export function aliasLabel(index: number): string {
  let n = index + 1
  let s = ''
  while (n > 0) {
    const r = (n - 1) % 26
    s = String.fromCharCode(65 + r) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

// Derived per bid list and kept with it (lists are never changed in place): the live layer
// projects one state for every supplier watching, and each projection needs both.
const aliasCache = new WeakMap<AuctionState['bids'], ReadonlyMap<string, string>>()
const byOrgCache = new WeakMap<AuctionState['bids'], ReadonlyMap<string, AuctionState['bids']>>()

/** Aliases by the order of each bidder's first accepted bid, voided ones included (D11). */
export function aliases(state: AuctionState): ReadonlyMap<string, string> {
  const cached = aliasCache.get(state.bids)
  if (cached) return cached
  const out = new Map<string, string>()
  for (const b of state.bids) if (!out.has(b.orgId)) out.set(b.orgId, aliasLabel(out.size))
  aliasCache.set(state.bids, out)
  return out
}

function bidsOf(state: AuctionState, orgId: string): AuctionState['bids'] {
  let byOrg = byOrgCache.get(state.bids)
  if (!byOrg) {
    const m = new Map<string, AuctionState['bids'][number][]>()
    for (const b of state.bids) {
      const list = m.get(b.orgId)
      if (list) list.push(b)
      else m.set(b.orgId, [b])
    }
    byOrgCache.set(state.bids, (byOrg = m))
  }
  return byOrg.get(orgId) ?? []
}

/**
 * `ownBids` stands in for the bidder's bids in `state` when the state holds only each bidder's
 * current and first bid (the bid path's judging state); everything else needs no more than those.
 */
/**
 * Carries what was derived from `from` over to `to` = from + `added` (the live layer extends its
 * state by the bids of each burst), so each push costs the new bids, not the whole history.
 */
export function carryDerived(from: AuctionState['bids'], to: AuctionState['bids'], added: AuctionState['bids']): void {
  const names = aliasCache.get(from)
  if (names) {
    const next = new Map(names)
    for (const b of added) if (!next.has(b.orgId)) next.set(b.orgId, aliasLabel(next.size))
    aliasCache.set(to, next)
  }
  const byOrg = byOrgCache.get(from)
  if (byOrg) {
    const next = new Map(byOrg)
    for (const b of added) next.set(b.orgId, [...(next.get(b.orgId) ?? []), b])
    byOrgCache.set(to, next)
  }
}

/**
 * The active participants whose own rank differs between two bid lists (a bid, a batch of bids or
 * a void): they are told so their pages showing that rank refetch. Only whose, never the ranks.
 */
export function ranksMoved(state: AuctionState, before: AuctionState['bids']): string[] {
  if (before === state.bids) return []
  const was = new Map(ranking(before).map((r) => [r.orgId, r.rank]))
  const now = new Map(ranking(state.bids).map((r) => [r.orgId, r.rank]))
  return state.participants.filter((p) => p.active && was.get(p.orgId) !== now.get(p.orgId)).map((p) => p.orgId)
}

const voidedCounts = new WeakMap<AuctionState['bids'], number>()
/** Counted once per bid list: every supplier's projection of one push asks for the same list. */
function voidedCount(bids: AuctionState['bids']): number {
  let n = voidedCounts.get(bids)
  if (n === undefined) voidedCounts.set(bids, (n = bids.reduce((k, b) => (b.voided ? k + 1 : k), 0)))
  return n
}

export function supplierProjection(state: AuctionState, orgId: string, ctx: ProjectionContext, ownBids?: readonly AuctionState['bids'][number][]): SupplierProjection {
  const rows = ranking(state.bids)
  const mine = rows.find((r) => r.orgId === orgId) ?? null
  const vis = state.settings.visibility
  const names = aliases(state)
  const me = state.participants.find((p) => p.orgId === orgId)
  return {
    ...common(state, ctx),
    viewer: 'supplier',
    acceptedTerms: me?.acceptedTerms ?? false,
    myRank: mine?.rank ?? null,
    myBid: mine?.amount ?? null,
    // The alias exists only where aliases are shown (the ladder): elsewhere "B" would tell that another supplier bid first.
    myAlias: vis === 'ladder' ? (names.get(orgId) ?? null) : null,
    myBids: (ownBids ?? bidsOf(state, orgId)).map((b) => ({ id: b.id, amount: b.amount, at: b.at, voided: b.voided, surrogate: b.surrogate })),
    bestPrice: vis === 'rank' ? null : (rows[0]?.amount ?? null),
    ladder: vis === 'ladder' ? rows.map((r) => ({ rank: r.rank, alias: names.get(r.orgId)!, amount: r.amount, isMe: r.orgId === orgId })) : null,
    maxAcceptable: maxAcceptable(state, orgId, ctx.serverTime),
    voidedBids: voidedCount(state.bids),
    won: state.status === 'awarded' ? state.awardedOrgId === orgId : null,
  }
}

export function buyerProjection(
  state: AuctionState,
  ctx: ProjectionContext & {
    orgNames?: Readonly<Record<string, string>>
    /** List only the latest this many bids (live pushes); the ranking still covers all. */
    recentBids?: number
  },
): BuyerProjection {
  const rows = ranking(state.bids)
  const name = (id: string) => ctx.orgNames?.[id] ?? null
  const best = bestBid(state.bids)?.amount ?? null
  return {
    ...common(state, ctx),
    viewer: 'buyer',
    reserve: state.settings.reserve,
    reserveStatus: reserveStatus(state),
    minParticipants: state.settings.minParticipants,
    bidders: rows.length,
    ladder: rows.map((r) => ({ rank: r.rank, orgId: r.orgId, orgName: name(r.orgId), bidId: r.bidId, amount: r.amount, at: r.at, surrogate: r.surrogate })),
    bids: (ctx.recentBids === undefined ? state.bids : state.bids.slice(-ctx.recentBids)).map((b) => ({ id: b.id, orgId: b.orgId, amount: b.amount, at: b.at, voided: b.voided, surrogate: b.surrogate })),
    participantList: state.participants.map((p) => ({ orgId: p.orgId, orgName: name(p.orgId), acceptedTerms: p.acceptedTerms, active: p.active })),
    rejectedAttempts: state.rejectedAttempts,
    bestPrice: best,
    savingsVsCeiling: savings(state.settings.ceiling, best),
    lastPurchasePrice: state.settings.lastPurchasePrice,
    savingsVsLastPurchase: state.settings.lastPurchasePrice ? savings(state.settings.lastPurchasePrice, best) : null,
    awardedOrgId: state.awardedOrgId,
  }
}
