// The supplier's auction list follows the buyer's and the clock's changes live: after each commit
// that changes a list row (status, end), the auction's invited organizations hear
// `auction:listChanged` with the id alone; another supplier, a dealer and staff hear nothing, and
// a bid that only moves the ladder announces nothing.
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import type { Actor } from '~/auth/roles'
import { db } from '~db/client'
import { dbNow } from '~/domain/auction/auction-store.server'
import { advanceAuctions } from '~/domain/auction/advance-auctions.server'
import { awardAuction } from '~/domain/auction/award-auction.server'
import { cancelAuction } from '~/domain/auction/cancel-auction.server'
import { extendAuctionEnd } from '~/domain/auction/extend-end.server'
import { pauseAuction } from '~/domain/auction/pause-auction.server'
import { placeBid } from '~/domain/auction/place-bid.server'
import { resumeAuction } from '~/domain/auction/resume-auction.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { orgId, plusSeconds, runningAuction, setEnd } from '../auction/helpers'
import { pause } from './auction-socket-helpers'
import { useSocketListeners } from './socket-listeners'

useTestDatabase({ seed: true })

const listen = useSocketListeners('auction:listChanged', {
  // Ask for another organization's room: no such handler exists, and it must change nothing.
  afterConnect: (socket) => socket.emit('join' as any, ['org:*', 'staff']),
})

/** Time for a stray emit to arrive before saying none did. */
const GRACE_MS = 250

/** Invited: Bright (two users) and Precision. Not invited: Ningbo. Plus a dealer and the buyer. */
async function audience() {
  const emails = ['alice@bright.test', 'amy@bright.test', 'bob@precision.test', 'carol@ningbo.test', 'dave@north.test', 'buyer@acme.test']
  const [alice, amy, bob, carol, dave, buyer] = await Promise.all(emails.map(listen))
  return { invited: { alice, amy, bob }, outsiders: { carol, dave, buyer } }
}

const only = (heard: unknown[], auctionId: string) => heard.filter((p) => (p as { auctionId: string }).auctionId === auctionId)

async function expectAnnounced(a: Awaited<ReturnType<typeof audience>>, auctionId: string, times: number) {
  await expect.poll(() => Object.values(a.invited).map((h) => only(h, auctionId).length), { timeout: 5000 }).toEqual([times, times, times])
  await pause(GRACE_MS)
  for (const [who, heard] of Object.entries(a.invited)) {
    expect(only(heard, auctionId), who).toHaveLength(times)
    // The id and nothing else: no status, no times, no names.
    for (const p of only(heard, auctionId)) expect(p, who).toEqual({ auctionId })
  }
  // Demo auctions the clock moves meanwhile may concern Ningbo; this auction never does.
  for (const [who, heard] of Object.entries(a.outsiders)) expect(only(heard, auctionId), who).toEqual([])
  for (const [who, heard] of Object.entries({ dave: a.outsiders.dave, buyer: a.outsiders.buyer })) expect(heard, who).toEqual([])
}

let buyerActor: Actor
const buyer = async () => (buyerActor ??= await actorFor('buyer@acme.test'))
const invitedOnly = { participants: ['SUP-BRIGHT', 'SUP-PRECISION'] as const }

describe('auction:listChanged reaches the invited suppliers only', () => {
  it('announces a pause and a resume, once each, to the invited organizations and to nobody else', async () => {
    const a = await audience()
    const id = await runningAuction(await buyer(), invitedOnly)
    // The clock's start is a change of status too.
    await expectAnnounced(a, id, 1)
    await pauseAuction(await buyer(), id, { reason: 'line check' })
    await expectAnnounced(a, id, 2)
    await resumeAuction(await buyer(), id, { reason: 'line checked' })
    await expectAnnounced(a, id, 3)
  })

  it('announces the buyer\'s extension of the end', async () => {
    const a = await audience()
    const id = await runningAuction(await buyer(), invitedOnly)
    await expectAnnounced(a, id, 1)
    await extendAuctionEnd(await buyer(), id, { endsAt: plusSeconds(await dbNow(db()), 900), reason: 'more time' })
    await expectAnnounced(a, id, 2)
  })

  it('announces a bid only when it moved the end (soft close), not one that only changed the ladder', async () => {
    const a = await audience()
    const alice = await actorFor('alice@bright.test')
    const bob = await actorFor('bob@precision.test')
    // The end is far outside the 180 s soft-close window: a bid changes the ladder only.
    const id = await runningAuction(await buyer(), { ...invitedOnly, endIn: 600 })
    await expectAnnounced(a, id, 1)
    const plain = await placeBid(alice, id, { amount: '9000.00', confirm: true, clientBidId: 'plain-1' })
    expect(plain.answer.ok).toBe(true)
    await pause(GRACE_MS)
    for (const [who, heard] of Object.entries(a.invited)) expect(only(heard, id), who).toHaveLength(1)

    // Inside the window now: the next bid extends the end, and that is announced once.
    await setEnd(id, sql`clock_timestamp() + interval '60 seconds'`)
    const late = await placeBid(bob, id, { amount: '8900.00', confirm: true, clientBidId: 'late-1' })
    expect(late.answer.ok).toBe(true)
    expect(Date.parse(late.projection.endsAt)).toBeGreaterThan(Date.now() + 120_000)
    await expectAnnounced(a, id, 2)
  })

  it('announces the clock\'s close and the award, and a cancellation', async () => {
    const a = await audience()
    const id = await runningAuction(await buyer(), invitedOnly)
    await expectAnnounced(a, id, 1)
    // Two bidders: the minimum, so the close is 'closed' and the award is allowed.
    await placeBid(await actorFor('alice@bright.test'), id, { amount: '9000.00', confirm: true, clientBidId: 'close-1' })
    await placeBid(await actorFor('bob@precision.test'), id, { amount: '8900.00', confirm: true, clientBidId: 'close-2' })
    await setEnd(id, sql`date_trunc('milliseconds', clock_timestamp())`)
    expect((await advanceAuctions()).closed).toContainEqual({ auctionId: id, outcome: 'closed' })
    await expectAnnounced(a, id, 2)
    await awardAuction(await buyer(), id, { orgId: await orgId('SUP-PRECISION'), justification: null })
    await expectAnnounced(a, id, 3)

    const other = await runningAuction(await buyer(), invitedOnly)
    await expectAnnounced(a, other, 1)
    await cancelAuction(await buyer(), other, { reason: 'specification changed' })
    await expectAnnounced(a, other, 2)
  })
})
