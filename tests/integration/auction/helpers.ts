import { and, eq, inArray, sql } from 'drizzle-orm'
import { db, rawRows } from '~db/client'
import { auctionEvents, notifications, organizations, users } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { acceptTerms } from '~/domain/auction/accept-terms.server'
import { advanceAuctions } from '~/domain/auction/advance-auctions.server'
import { dbNow } from '~/domain/auction/auction-store.server'
import { AuctionSetupSchema } from '~/domain/auction/auction.validation'
import { createAuction } from '~/domain/auction/create-auction.server'
import { placeBid } from '~/domain/auction/place-bid.server'
import { publishAuction } from '~/domain/auction/publish-auction.server'
import { actorFor } from '../../support/actors'

export const SUPPLIER_CODES = ['SUP-BRIGHT', 'SUP-PRECISION', 'SUP-NINGBO'] as const
export const SUPPLIER_USERS = {
  'SUP-BRIGHT': ['alice@bright.test', 'amy@bright.test'],
  'SUP-PRECISION': ['bob@precision.test', 'ben@precision.test'],
  'SUP-NINGBO': ['carol@ningbo.test', 'cathy@ningbo.test'],
} as const

export async function orgId(code: string) {
  const [o] = await db().select({ id: organizations.id }).from(organizations).where(eq(organizations.code, code))
  return o.id
}

export const plusSeconds = (t: string, s: number) => new Date(Date.parse(t) + s * 1000).toISOString()

/** The active users of these organizations (by code), sorted: who a notice to them reaches. */
export async function usersOf(codes: readonly string[]) {
  const orgIds = await Promise.all(codes.map(orgId))
  return (await db().select({ id: users.id }).from(users).where(and(inArray(users.orgId, orgIds), eq(users.status, 'active')))).map((u) => u.id).sort()
}

/** The bell notices of one kind that link to this auction's supplier page. */
export const notices = (kind: string, auctionId: string) =>
  db().select({ userId: notifications.userId, params: notifications.params }).from(notifications).where(and(eq(notifications.kind, kind), eq(notifications.link, `/supplier/auctions/${auctionId}`)))

/** Who got a notice of this kind for this auction, sorted as usersOf is. */
export const notified = async (kind: string, auctionId: string) => (await notices(kind, auctionId)).map((n) => n.userId).sort()

/**
 * Moves the planned and live end to now (so a replay judges the close against the times it ran with) and runs the clock
 * until it closes the auction. A few runs at most: the end is in the same millisecond as the clock's now; a clock that
 * never closes it fails here, saying so, rather than as the test's timeout.
 */
export async function closeNow(auctionId: string, attempts = 100) {
  await db().execute(sql`update auctions set ends_at = n.t, current_ends_at = n.t from (select date_trunc('milliseconds', clock_timestamp()) as t) n where auctions.id = ${auctionId}`)
  for (let i = 0; i < attempts; i++) {
    const closed = (await advanceAuctions()).closed.find((c) => c.auctionId === auctionId)
    if (closed) return closed
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`the clock did not close auction ${auctionId} in ${attempts} runs after its end was set to now`)
}

/** A parsed set-up form; times are seconds from the database's now. */
export async function setup(overrides: Record<string, unknown> & { participants?: readonly string[]; startIn?: number; endIn?: number; hardStopIn?: number } = {}) {
  const { participants = SUPPLIER_CODES, startIn = -60, endIn = 600, hardStopIn = 1800, ...rest } = overrides
  const now = await dbNow(db())
  return AuctionSetupSchema.parse({
    title: 'Aluminium housings, Q1 lot',
    lines: [{ description: 'Housing AH-200', quantity: '1000', unit: 'pcs' }],
    participantIds: await Promise.all(participants.map(orgId)),
    ceiling: '10000.00',
    decrementAmount: '10.00',
    startsAt: plusSeconds(now, startIn),
    endsAt: plusSeconds(now, endIn),
    hardStopAt: plusSeconds(now, hardStopIn),
    ...rest,
  })
}

/**
 * A closed auction in well under a second: by default Bright bids 9000 (rank 2), Precision 8900 (rank 1), then
 * the planned end is moved to now (so the replay judges the close against the times it ran with) and
 * the clock closes it.
 */
export async function closedAuction(buyer: Actor, bids: readonly (readonly [email: string, amount: string])[] = [['alice@bright.test', '9000.00'], ['bob@precision.test', '8900.00']]) {
  const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'], softCloseMaxExtensions: 0 })
  for (const [email, amount] of bids) {
    const r = await placeBid(await actorFor(email), id, { amount, confirm: false, clientBidId: crypto.randomUUID() })
    if (!r.answer.ok) throw new Error(`bid ${amount} refused: ${r.answer.error.code}`)
  }
  await closeNow(id)
  return { id, bright: await orgId('SUP-BRIGHT'), precision: await orgId('SUP-PRECISION') }
}

/** Draft → published → terms accepted by every invited supplier → started by the clock. */
export async function runningAuction(buyer: Actor, overrides: Parameters<typeof setup>[0] = {}, accept: readonly string[] = overrides.participants ?? SUPPLIER_CODES) {
  const { id } = await createAuction(buyer, await setup(overrides))
  await publishAuction(buyer, id)
  for (const code of accept) await acceptTerms(await actorFor(SUPPLIER_USERS[code as keyof typeof SUPPLIER_USERS][0]), id)
  const r = await advanceAuctions()
  if (!r.started.includes(id)) throw new Error('auction did not start')
  return id
}

export async function eventTypes(auctionId: string) {
  const rows = await db().select({ type: auctionEvents.type }).from(auctionEvents).where(eq(auctionEvents.auctionId, auctionId)).orderBy(auctionEvents.seq)
  return rows.map((r) => r.type)
}

/** Moves the live end (test only): the clock's and the bid's judgement is then the database's. */
export async function setEnd(auctionId: string, expr: ReturnType<typeof sql>) {
  await db().execute(sql`update auctions set current_ends_at = ${expr} where id = ${auctionId}`)
}

export async function bidCount(auctionId: string) {
  const [r] = await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from auction_bids where auction_id = ${auctionId}`)
  return r.n
}
