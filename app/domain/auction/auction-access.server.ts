// Who may do what with an auction, and which auctions a party can see. The party comes from the
// session (the actor), never from the request; another party's auction is "not found".
import { and, eq, ne, sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '~db/client'
import { auctionParticipants, auctions } from '~db/schema'
import { recordingNotTheirs } from '~/audit/record.server'
import { staffCan, type Actor, type StaffActor, type SupplierActor } from '~/auth/roles'
import { forbidden, notFound } from '~/utils/errors'
import type { AuctionRow } from './auction-store.server'

/** Opening one auction (its room, its API state): recorded only when it is refused. */
export const AUCTION_VIEW = 'auction.view'

export function isAuctionStaff(actor: Actor): actor is StaffActor {
  return staffCan(actor, 'auctions.run')
}

export function assertAuctionStaff(actor: Actor): asserts actor is StaffActor {
  if (actor.kind !== 'staff') throw notFound()
  if (!isAuctionStaff(actor)) throw forbidden()
}

/**
 * The scoping condition for one actor: host auction staff see every auction; a supplier only the
 * published ones it is an active participant of; dealers (and other staff) none.
 */
export function auctionsVisibleTo(actor: Actor): SQL | undefined {
  if (isAuctionStaff(actor)) return undefined
  if (actor.kind === 'supplier')
    return and(
      ne(auctions.status, 'draft'),
      sql`exists (select 1 from ${auctionParticipants} where ${auctionParticipants.auctionId} = ${auctions.id}
                  and ${auctionParticipants.orgId} = ${actor.orgId} and ${auctionParticipants.active})`,
    )
  return sql`false`
}

/** For a row already read (and locked): the same rule as auctionsVisibleTo, answering not_found. */
export async function assertSupplierSees(q: DbOrTx, actor: SupplierActor, row: AuctionRow): Promise<void> {
  if (row.status === 'draft') throw notFound()
  const [p] = await q
    .select({ active: auctionParticipants.active })
    .from(auctionParticipants)
    .where(and(eq(auctionParticipants.auctionId, row.id), eq(auctionParticipants.orgId, actor.orgId)))
  if (!p || !p.active) throw notFound()
}

/**
 * A partner's access to one auction by id — the room page and its forms, the API, the socket's join
 * and bid — runs through here: a "not found" answer (not invited, still a draft, or no such auction)
 * is recorded as a denied attempt, once any transaction has rolled back, and stays the same answer.
 * An allowed access costs nothing more. Staff are not scoped by invitation: an auction missing for
 * them is no attempt on anyone's.
 */
export function partnerAuctionAttempt<T>(actor: Actor, auctionId: string, attempt: { ip?: string | null; action: string }, run: () => Promise<T>): Promise<T> {
  if (actor.kind === 'staff') return run()
  return recordingNotTheirs({ actor, ip: attempt.ip, action: attempt.action }, { type: 'auction', id: auctionId }, run)
}
