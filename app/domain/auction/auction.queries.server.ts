// Reads, always scoped by the actor: the list, one auction's projection for its viewer, and the
// full state the rules need (for the console, the replay check and the tests).
import { asc, desc, eq, inArray } from 'drizzle-orm'
import { db, type DbOrTx } from '~db/client'
import { auctionLines, auctions, organizations } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { forbidden, notFound } from '~/utils/errors'
import { assertSupplierSees, auctionsVisibleTo, isAuctionStaff } from './auction-access.server'
import { buyerProjection, supplierProjection, type BuyerProjection, type SupplierProjection } from './auction-projection.rules'
import { dbNow, loadState, readAuction, type AuctionRow } from './auction-store.server'
import type { AuctionState } from './auction.rules'

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

/** The viewer's own projection (supplier or buyer); another party's auction is not_found. */
export async function auctionViewFor(actor: Actor, auctionId: string): Promise<SupplierProjection | BuyerProjection> {
  const q = db()
  const row = await readAuction(q, auctionId)
  if (!row) throw notFound()
  if (actor.kind === 'supplier') await assertSupplierSees(q, actor, row)
  else if (actor.kind !== 'staff') throw notFound()
  else if (!isAuctionStaff(actor)) throw forbidden()
  const [state, serverTime] = [await loadState(q, row), await dbNow(q)]
  const ctx = { auctionId: row.id, seq: row.lastSeq, serverTime }
  if (actor.kind === 'supplier') return supplierProjection(state, actor.orgId, ctx)
  const ids = state.participants.map((p) => p.orgId)
  const names = ids.length ? await q.select({ id: organizations.id, name: organizations.nameZh, nameEn: organizations.nameEn }).from(organizations).where(inArray(organizations.id, ids)) : []
  const orgNames = Object.fromEntries(names.map((n) => [n.id, actor.locale === 'en' ? n.nameEn : n.name]))
  return buyerProjection(state, { ...ctx, orgNames })
}

