// The console's reads for auctions: the filtered list, the set-up form's choices (suppliers,
// products), a draft as form values, and the full result (ranking, log with actor names) that the
// result page, the PDF and the CSV share. Every function checks 'auctions.run' first.
import { and, asc, count, desc, eq, ilike, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm'
import { db } from '~db/client'
import { auctionParticipants, auctions, organizations, products, users } from '~db/schema'
import { staffCan, type Actor } from '~/auth/roles'
import { likePattern, type ListParams } from '~/utils/list-params'
import { forbidden, notFound } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'
import { assertAuctionStaff } from './auction-access.server'
import type { SetupFormValues } from './auction-console.validation'
import type { AuctionEvent } from './auction-events.rules'
import { largeDropBids, logDetailOf, type LogDetail } from './auction-log.rules'
import { awardProposalView, buyerProjection, type AwardProposalItem, type AwardProposalView, type BuyerProjection } from './auction-projection.rules'
import { dbNow, readEvents, settingsOf } from './auction-store.server'
import { auctionStatuses, leaderWithoutVoids, ranking, type AuctionSettings, type AuctionStatus } from './auction.rules'
import { auctionStateFor } from './auction.queries.server'

export const auctionListSorts = ['startsAt', 'endsAt', 'title', 'status'] as const
export const auctionListOptions = { sortable: auctionListSorts, defaultSort: 'startsAt' as const, defaultDir: 'desc' as const, filters: ['status', 'award'] }

export interface ConsoleAuctionRow {
  id: string
  title: string
  status: AuctionStatus
  currency: string
  ceiling: string
  startsAt: string
  endsAt: string
  participants: number
  /** An award not to rank 1 waits for a second person (rules D15). */
  awardProposed: boolean
}

export async function listConsoleAuctions(actor: Actor, params: ListParams<(typeof auctionListSorts)[number]>): Promise<{ rows: ConsoleAuctionRow[]; total: number }> {
  assertAuctionStaff(actor)
  const conds: SQL[] = []
  const status = params.filters.status
  if (status && (auctionStatuses as readonly string[]).includes(status)) conds.push(eq(auctions.status, status as AuctionStatus))
  // The console home's "awards waiting for a second person" opens exactly this list.
  if (params.filters.award === 'proposed') conds.push(isNotNull(auctions.awardProposedOrgId))
  if (params.q) {
    const p = likePattern(params.q)
    conds.push(or(ilike(auctions.title, p), ilike(auctions.description, p))!)
  }
  const where = conds.length ? and(...conds) : undefined
  const col = { startsAt: auctions.startsAt, endsAt: auctions.currentEndsAt, title: auctions.title, status: auctions.status }[params.sort]
  const q = db()
  const [rows, [{ n }]] = await Promise.all([
    q
      .select({
        id: auctions.id,
        title: auctions.title,
        status: auctions.status,
        currency: auctions.currency,
        ceiling: auctions.ceiling,
        startsAt: auctions.startsAt,
        endsAt: auctions.currentEndsAt,
        awardProposed: sql<boolean>`${auctions.awardProposedOrgId} is not null`,
        // $count correlates through the outer query's auctions.id.
        participants: q.$count(auctionParticipants, eq(auctionParticipants.auctionId, auctions.id)),
      })
      .from(auctions)
      .where(where)
      .orderBy(params.dir === 'asc' ? asc(col) : desc(col), asc(auctions.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    q.select({ n: count() }).from(auctions).where(where),
  ])
  return { rows: rows.map((r) => ({ ...r, participants: Number(r.participants), startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString() })), total: n }
}


export interface SupplierOption {
  id: string
  code: string
  name: string
  /** Inactive suppliers are listed (so the buyer sees why) but cannot be chosen. */
  active: boolean
}

export async function supplierOptions(actor: Actor): Promise<SupplierOption[]> {
  assertAuctionStaff(actor)
  const rows = await db()
    .select({ id: organizations.id, code: organizations.code, nameEn: organizations.nameEn, nameZh: organizations.nameZh, status: organizations.status })
    .from(organizations)
    .where(eq(organizations.kind, 'supplier'))
    .orderBy(asc(organizations.code))
  return rows.map((r) => ({ id: r.id, code: r.code ?? '', name: actor.locale === 'en' ? r.nameEn : r.nameZh, active: r.status === 'active' }))
}

export interface ProductOption {
  id: string
  sku: string
  name: string
  unit: string
}

export async function productOptions(actor: Actor): Promise<ProductOption[]> {
  assertAuctionStaff(actor)
  const rows = await db()
    .select({ id: products.id, sku: products.sku, nameEn: products.nameEn, nameZh: products.nameZh, unit: products.unit })
    .from(products)
    .where(eq(products.active, true))
    .orderBy(asc(products.sku))
  return rows.map((r) => ({ id: r.id, sku: r.sku, name: actor.locale === 'en' ? r.nameEn : r.nameZh, unit: r.unit }))
}

/** The form's lines for the chosen products: description "SKU name", quantity 1, the product's unit. */
export async function linesFromProducts(actor: Actor, productIds: string[]) {
  assertAuctionStaff(actor)
  const ids = productIds.filter(isUuid).slice(0, 200)
  if (!ids.length) return []
  const rows = await db()
    .select({ id: products.id, sku: products.sku, nameEn: products.nameEn, nameZh: products.nameZh, unit: products.unit })
    .from(products)
    .where(and(inArray(products.id, ids), eq(products.active, true)))
    .orderBy(asc(products.sku))
  return rows.map((r) => ({ productId: r.id, description: `${r.sku} ${r.nameZh} ${r.nameEn}`, quantity: '1', unit: r.unit }))
}


export function formValuesFromSettings(s: AuctionSettings): Omit<SetupFormValues, 'title' | 'description' | 'lines' | 'participantIds'> {
  return {
    currency: s.currency,
    ceiling: s.ceiling,
    reserve: s.reserve ?? '',
    lastPurchasePrice: s.lastPurchasePrice ?? '',
    decrementAmount: s.decrement.amount ?? '',
    decrementPercent: s.decrement.percent ?? '',
    mustBeatBest: s.mustBeatBest ? 'on' : 'off',
    maxSingleDropPercent: s.maxSingleDropPercent,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    softCloseWindowSeconds: String(s.softClose.windowSeconds),
    softCloseExtensionSeconds: String(s.softClose.extensionSeconds),
    softCloseTrigger: s.softClose.trigger,
    softCloseMaxExtensions: s.softClose.maxExtensions == null ? '' : String(s.softClose.maxExtensions),
    hardStopAt: s.softClose.hardStopAt,
    visibility: s.visibility,
    minParticipants: String(s.minParticipants),
  }
}

export async function draftFormValues(actor: Actor, auctionId: string): Promise<{ status: AuctionStatus; values: SetupFormValues }> {
  assertAuctionStaff(actor)
  const full = await auctionStateFor(auctionId)
  return {
    status: full.row.status,
    values: {
      title: full.row.title,
      description: full.row.description ?? '',
      ...formValuesFromSettings(settingsOf(full.row)),
      lines: full.lines.map((l) => ({ productId: l.productId ?? '', description: l.description, quantity: trimQty(l.quantity), unit: l.unit })),
      participantIds: full.state.participants.map((p) => p.orgId),
    },
  }
}

const trimQty = (q: string) => (q.includes('.') ? q.replace(/0+$/, '').replace(/\.$/, '') : q)

export interface LogRow {
  seq: number
  at: string
  type: AuctionEvent['type']
  actor: string
  /** The payload as data, organizations by name (auction-log.rules puts it into the reader's words). */
  detail: LogDetail
  hash: string
}

export interface AuctionDetail {
  id: string
  title: string
  description: string | null
  status: AuctionStatus
  settings: AuctionSettings
  lines: { position: number; description: string; quantity: string; unit: string }[]
  buyerName: string | null
  awardJustification: string | null
  /** An award not to rank 1 waiting for a second person (rules D15), with names for the page. */
  awardProposal: AwardProposalView | null
  view: BuyerProjection
  orgNames: Record<string, string>
  log: LogRow[]
}

/**
 * One auction for the console: the buyer's projection with supplier names and the whole event log
 * with every actor resolved to a name. The supplier's name is what the buyer sees (the console is
 * the one place identities appear).
 */
export async function auctionDetail(actor: Actor, auctionId: string): Promise<AuctionDetail> {
  assertAuctionStaff(actor)
  const q = db()
  const full = await auctionStateFor(auctionId)
  const [events, serverTime] = await Promise.all([readEvents(q, full.row.id), dbNow(q)])
  const orgIds = new Set(full.state.participants.map((p) => p.orgId))
  const userIds = new Set<string>([full.row.buyerUserId])
  const proposal = full.state.awardProposal
  if (proposal) {
    userIds.add(proposal.proposedBy)
    orgIds.add(proposal.orgId)
  }
  for (const e of events) {
    if (e.actor.kind === 'staff') userIds.add(e.actor.userId)
    if (e.actor.kind === 'supplier') orgIds.add(e.actor.orgId)
  }
  const [orgs, people] = await Promise.all([
    orgIds.size ? q.select({ id: organizations.id, nameEn: organizations.nameEn, nameZh: organizations.nameZh }).from(organizations).where(inArray(organizations.id, [...orgIds])) : [],
    q.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, [...userIds])),
  ])
  const orgNames = Object.fromEntries(orgs.map((o) => [o.id, actor.locale === 'en' ? o.nameEn : o.nameZh]))
  const userNames = Object.fromEntries(people.map((u) => [u.id, u.name]))
  const view = buyerProjection(full.state, { auctionId: full.row.id, seq: full.seq, serverTime, orgNames })
  const bidsById = new Map(full.state.bids.map((b) => [b.id, b]))
  const largeDrops = largeDropBids(full.state.settings, events)
  const lookup = { org: (id: string) => orgNames[id] ?? id, bid: (id: string) => bidsById.get(id), largeDrop: (id: string) => largeDrops.has(id) }
  const log = events.map((e) => ({ seq: e.seq, at: e.at, type: e.type, actor: actorLabel(e, orgNames, userNames), detail: logDetailOf(e, lookup), hash: e.hash }))
  return {
    id: full.row.id,
    title: full.row.title,
    description: full.row.description,
    status: full.row.status,
    settings: settingsOf(full.row),
    lines: full.lines.map((l) => ({ position: l.position, description: l.description, quantity: trimQty(l.quantity), unit: l.unit })),
    buyerName: userNames[full.row.buyerUserId] ?? null,
    awardJustification: full.row.awardJustification,
    awardProposal: proposal ? awardProposalView(proposal, full.state.bids, { org: (id) => orgNames[id] ?? id, proposer: userNames[proposal.proposedBy] ?? proposal.proposedBy }) : null,
    view,
    orgNames,
    log,
  }
}

function actorLabel(e: AuctionEvent, orgs: Record<string, string>, people: Record<string, string>): string {
  if (e.actor.kind === 'system') return 'system'
  if (e.actor.kind === 'staff') return people[e.actor.userId] ?? e.actor.userId
  return orgs[e.actor.orgId] ?? e.actor.orgId
}

/**
 * The awards waiting for a second person (rules D15), oldest first, for those who may confirm them.
 * Few at a time (one per closed auction at most), so each is ranked from its own state.
 */
export async function listAwardProposals(actor: Actor): Promise<AwardProposalItem[]> {
  if (!staffCan(actor, 'auctions.confirmAward')) throw forbidden()
  const q = db()
  const waiting = await q
    .select({ id: auctions.id })
    .from(auctions)
    .where(isNotNull(auctions.awardProposedOrgId))
    .orderBy(asc(auctions.awardProposedAt), asc(auctions.id))
    .limit(100)
  const items = await Promise.all(waiting.map((w) => auctionStateFor(w.id, q)))
  const open = items.filter((f) => f.state.awardProposal)
  if (!open.length) return []
  const proposals = open.map((f) => f.state.awardProposal!)
  // Proposed suppliers, and each lead before a void, which the card names too.
  const orgIds = [...new Set(open.flatMap((f) => [f.state.awardProposal!.orgId, leaderWithoutVoids(f.state.bids)]).filter((id): id is string => !!id))]
  const [orgs, people] = await Promise.all([
    q.select({ id: organizations.id, nameEn: organizations.nameEn, nameZh: organizations.nameZh }).from(organizations).where(inArray(organizations.id, orgIds)),
    q.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, proposals.map((p) => p.proposedBy))),
  ])
  const orgName = (id: string) => {
    const org = orgs.find((o) => o.id === id)
    return org ? (actor.locale === 'en' ? org.nameEn : org.nameZh) : id
  }
  return open.map(({ row, state }) => {
    const p = state.awardProposal!
    const rows = ranking(state.bids)
    const names = { org: orgName, proposer: people.find((u) => u.id === p.proposedBy)?.name ?? p.proposedBy }
    return { ...awardProposalView(p, state.bids, names), auctionId: row.id, title: row.title, currency: row.currency, bestPrice: rows[0]?.amount ?? null }
  })
}

/** 404 for an id that is not an auction, after the permission check. */
export async function assertAuctionExists(actor: Actor, auctionId: string) {
  assertAuctionStaff(actor)
  const [r] = await db().select({ id: auctions.id }).from(auctions).where(eq(auctions.id, auctionId))
  if (!r) throw notFound()
}
