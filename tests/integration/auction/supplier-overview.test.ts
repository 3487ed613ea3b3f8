// The supplier home page's overview: only the session organization's auctions, each with its OWN
// rank, bid and outcome (the same answers as the bid room's projection), and nothing of a rival.
import { randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auctionParticipants } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { advanceAuctions } from '~/domain/auction/advance-auctions.server'
import { auctionViewFor, supplierAuctionOverview, type SupplierAuctionOverview, type SupplierOverviewItem } from '~/domain/auction/auction.queries.server'
import type { SupplierProjection } from '~/domain/auction/auction-projection.rules'
import { awardAuction, confirmAward } from '~/domain/auction/award-auction.server'
import { createAuction } from '~/domain/auction/create-auction.server'
import { placeBid } from '~/domain/auction/place-bid.server'
import { publishAuction } from '~/domain/auction/publish-auction.server'
import { voidBid } from '~/domain/auction/void-bid.server'
import { DomainError } from '~/utils/errors'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { routeArgs, statusOf } from '../catalog/helpers'
import { orgId, runningAuction, setEnd, setup } from './helpers'

useTestDatabase({ seed: true })

const home = () => import('../../../portal-supplier/routes/_index')

const bid = async (who: Actor, auctionId: string, amount: string) => {
  const r = await placeBid(who, auctionId, { amount, confirm: true, clientBidId: randomUUID() })
  if (!r.answer.ok) throw new Error(`bid ${amount} refused: ${r.answer.error.code}`)
  return r.answer.bid.id
}

const all = (o: SupplierAuctionOverview) => [...o.live, ...o.invitations, ...o.upcoming, ...o.finished]
const find = (o: SupplierAuctionOverview, id: string) => all(o).find((i) => i.id === id)

/** The bid room's own answer for the same auction: the overview must agree with it. */
async function expectSameAsRoom(actor: Actor, item: SupplierOverviewItem) {
  const view = (await auctionViewFor(actor, item.id)) as SupplierProjection
  expect({ myRank: item.myRank, myBid: item.myBid, won: item.won, acceptedTerms: item.acceptedTerms, status: item.status }).toEqual({
    myRank: view.myRank,
    myBid: view.myBid,
    won: view.won,
    acceptedTerms: view.acceptedTerms,
    status: view.status,
  })
}

describe('supplierAuctionOverview', () => {
  it('lists only the organization\'s own auctions, grouped, with its own rank, bid and outcome', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const alice = await actorFor('alice@bright.test')
    const amy = await actorFor('amy@bright.test')
    const bob = await actorFor('bob@precision.test')
    const carol = await actorFor('carol@ningbo.test')
    const duo = { participants: ['SUP-BRIGHT', 'SUP-PRECISION'] as const }

    // Live, without "must beat the best": equal amounts rank by commit order.
    const live = await runningAuction(buyer, { ...duo, mustBeatBest: false, reserve: '7777.00' })
    await bid(alice, live, '9000.00')
    await bid(bob, live, '9000.00')
    const bobLow = await bid(bob, live, '8800.00')

    // Not invited, removed after the invitation, and a draft: none of them may ever show.
    const notInvited = await runningAuction(buyer, { participants: ['SUP-PRECISION', 'SUP-NINGBO'] })
    await bid(carol, notInvited, '9500.00')
    const removed = await runningAuction(buyer, duo)
    await bid(alice, removed, '9400.00')
    await db()
      .update(auctionParticipants)
      .set({ active: false })
      .where(and(eq(auctionParticipants.auctionId, removed), eq(auctionParticipants.orgId, await orgId('SUP-BRIGHT'))))
    const { id: draft } = await createAuction(buyer, await setup(duo))

    // Scheduled: one whose terms Bright has not accepted (an invitation), one it has.
    const invitation = await createAuction(buyer, await setup({ ...duo, startIn: 3600, endIn: 7200, hardStopIn: 9000 }))
    await publishAuction(buyer, invitation.id)
    const upcoming = await runningAuctionLater(buyer, alice, duo)

    // Finished and awarded to Precision, Bright ranked 1: it lost anyway (the buyer's decision).
    const finished = await runningAuction(buyer, duo)
    await bid(bob, finished, '9200.00')
    await bid(alice, finished, '9100.00')
    await setEnd(finished, sql`date_trunc('milliseconds', clock_timestamp())`)
    expect((await advanceAuctions()).closed).toContainEqual({ auctionId: finished, outcome: 'closed' })
    await awardAuction(buyer, finished, { orgId: await orgId('SUP-PRECISION'), justification: 'Better delivery terms' })
    await confirmAward(await actorFor('buyer.manager@acme.test'), finished, { orgId: await orgId('SUP-PRECISION') })

    const mine = await supplierAuctionOverview(alice)
    const ids = all(mine).map((i) => i.id)
    for (const hidden of [notInvited, removed, draft]) expect(ids).not.toContain(hidden)
    // Every row is an auction Bright is an active participant of (whatever else the file made).
    const bright = await orgId('SUP-BRIGHT')
    for (const id of ids) {
      const [p] = await db().select({ active: auctionParticipants.active }).from(auctionParticipants).where(and(eq(auctionParticipants.auctionId, id), eq(auctionParticipants.orgId, bright)))
      expect(p?.active, id).toBe(true)
    }

    expect(mine.live.map((i) => i.id)).toContain(live)
    expect(mine.invitations.map((i) => i.id)).toContain(invitation.id)
    expect(mine.upcoming.map((i) => i.id)).toContain(upcoming)
    expect(mine.finished.map((i) => i.id)).toContain(finished)
    expect(find(mine, live)).toMatchObject({ status: 'running', acceptedTerms: true, myRank: 2, myBid: '9000.00', won: null })
    expect(find(mine, invitation.id)).toMatchObject({ status: 'scheduled', acceptedTerms: false, myRank: null, myBid: null })
    expect(find(mine, finished)).toMatchObject({ status: 'awarded', myRank: 1, myBid: '9100.00', won: false })

    // Precision sees its own rank and its win; a colleague of Alice sees what she sees.
    const theirs = await supplierAuctionOverview(bob)
    expect(find(theirs, live)).toMatchObject({ myRank: 1, myBid: '8800.00' })
    expect(find(theirs, finished)).toMatchObject({ myRank: 2, myBid: '9200.00', won: true })
    expect(find(theirs, notInvited)).toBeDefined()
    expect(await supplierAuctionOverview(amy)).toEqual(mine)

    // The same answers as the bid room, for each organization.
    for (const [actor, o] of [[alice, mine], [bob, theirs]] as const) for (const item of all(o)) await expectSameAsRoom(actor, item)

    // Nothing of a rival: not its amounts, its id, nor the reserve.
    const payload = JSON.stringify(mine)
    for (const secret of ['8800.00', '9200.00', '7777.00', await orgId('SUP-PRECISION')]) expect(payload).not.toContain(secret)
    expect(Object.keys(find(mine, finished)!).sort()).toEqual(['acceptedTerms', 'cancelledAt', 'currency', 'endsAt', 'id', 'myBid', 'myRank', 'placedAny', 'startsAt', 'status', 'title', 'won'])

    // A void makes the bidder's previous bid current again: Bright is first once more.
    await voidBid(buyer, live, { bidId: bobLow, reason: 'typing error' })
    expect(find(await supplierAuctionOverview(alice), live)).toMatchObject({ myRank: 1, myBid: '9000.00' })
    expect(find(await supplierAuctionOverview(bob), live)).toMatchObject({ myRank: 2, myBid: '9000.00' })
  })

  it('keeps only the latest five finished auctions, the latest end first', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const alice = await actorFor('alice@bright.test')
    const closed: string[] = []
    for (let i = 0; i < 7; i++) {
      const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'] })
      await setEnd(id, sql`date_trunc('milliseconds', clock_timestamp())`)
      expect((await advanceAuctions()).closed.map((c) => c.auctionId)).toContain(id)
      closed.push(id)
    }
    const o = await supplierAuctionOverview(alice)
    expect(o.finished.map((i) => i.id)).toEqual(closed.slice(-5).reverse())
    expect(o.finished.every((i) => i.status === 'unsuccessful' && i.myRank === null && i.won === null)).toBe(true)
  })

  it('refuses dealers and host staff, the buyer included', async () => {
    for (const email of ['dave@north.test', 'dora@north.test', 'buyer@acme.test', 'admin@acme.test']) {
      const actor = await actorFor(email)
      const err = await supplierAuctionOverview(actor).then(() => null, (e: unknown) => e)
      expect(err, email).toBeInstanceOf(DomainError)
      expect((err as DomainError).code, email).toBe('forbidden')
      // The page itself answers 403 before asking.
      const mod = await home()
      expect(await statusOf(() => mod.loader(routeArgs(actor, '/supplier'))), email).toBe(403)
    }
  })

  it('hands the page the overview of the session\'s organization', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'] })
    const mod = await home()
    const page: any = await mod.loader(routeArgs(await actorFor('alice@bright.test'), '/supplier'))
    expect(page.overview.live.map((i: { id: string }) => i.id)).toContain(id)
    const other: any = await mod.loader(routeArgs(await actorFor('carol@ningbo.test'), '/supplier'))
    expect(JSON.stringify(other.overview)).not.toContain(id)
  })
})

/** Published, terms accepted by the given supplier, starting in an hour. */
async function runningAuctionLater(buyer: Actor, supplier: Actor, opts: { participants: readonly string[] }) {
  const { acceptTerms } = await import('~/domain/auction/accept-terms.server')
  const { id } = await createAuction(buyer, await setup({ ...opts, startIn: 3600, endIn: 7200, hardStopIn: 9000 }))
  await publishAuction(buyer, id)
  await acceptTerms(supplier, id)
  return id
}
