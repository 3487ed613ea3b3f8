// What the buyer's changes tell the suppliers: a cancellation, an unsuccessful close, a pause, a
// resume and a moved end reach every participant's bell in the command's own commit, with the
// buyer's reason; the room's state names the pause's and the cancellation's reason and time; and
// a surrogate bid's reason is in the hash-chained log (the buyer's record), never in a supplier's view.
import { randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auctionEvents } from '~db/schema'
import { auctionDetail } from '~/domain/auction/auction-console.queries.server'
import { liveViewFor } from '~/domain/auction/auction-live.server'
import type { SupplierProjection } from '~/domain/auction/auction-projection.rules'
import { chainEvents as chainBodies, verifyEventChain } from '~/domain/auction/auction-events.rules'
import { sha256Hex } from '~/domain/auction/auction-events.server'
import { replayAuction } from '~/domain/auction/auction-replay.rules'
import { dbNow, readEvents, settingsOf } from '~/domain/auction/auction-store.server'
import { auctionStateFor, auctionViewFor, listSupplierAuctions, supplierAuctionOverview } from '~/domain/auction/auction.queries.server'
import { cancelAuction } from '~/domain/auction/cancel-auction.server'
import { extendAuctionEnd } from '~/domain/auction/extend-end.server'
import { pauseAuction } from '~/domain/auction/pause-auction.server'
import { placeBid } from '~/domain/auction/place-bid.server'
import { resumeAuction } from '~/domain/auction/resume-auction.server'
import { surrogateBid } from '~/domain/auction/surrogate-bid.server'
import { verifyAuction } from '~/domain/auction/verify-auction.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { closeNow, notices, notified, orgId, plusSeconds, runningAuction, usersOf } from './helpers'

useTestDatabase({ seed: true })

const supplierView = async (email: string, id: string) => (await auctionViewFor(await actorFor(email), id)) as SupplierProjection

describe('the buyer\'s changes, announced to the participants', () => {
  it('rings every participant\'s bell on a pause (with its reason), a resume and a moved end (with the new end), and the room names the pause\'s reason', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'] })
    const everyone = await usersOf(['SUP-BRIGHT', 'SUP-PRECISION'])

    await pauseAuction(buyer, id, { reason: 'Line 2 specification is being corrected' })
    expect(await notified('auction.paused', id)).toEqual(everyone)
    expect((await notices('auction.paused', id))[0].params).toMatchObject({ title: 'Aluminium housings, Q1 lot', reason: 'Line 2 specification is being corrected' })
    // The room, over HTTP and over the socket's join, says why; so does a bid refused meanwhile.
    const paused = await supplierView('alice@bright.test', id)
    expect(paused.status).toBe('paused')
    expect(paused.statusNote).toEqual({ reason: 'Line 2 specification is being corrected', at: expect.any(String) })
    expect(((await liveViewFor(await actorFor('bob@precision.test'), id)) as SupplierProjection).statusNote?.reason).toBe('Line 2 specification is being corrected')
    const refused = await placeBid(await actorFor('alice@bright.test'), id, { amount: '9000.00', confirm: false, clientBidId: randomUUID() })
    expect(refused.answer.ok).toBe(false)
    expect(refused.projection.statusNote?.reason).toBe('Line 2 specification is being corrected')

    const { result } = await resumeAuction(buyer, id, { reason: 'Line check done' })
    expect(await notified('auction.resumed', id)).toEqual(everyone)
    expect((await notices('auction.resumed', id))[0].params).toMatchObject({ endsAt: result.endsAt })
    // Running again: no note is left over from the pause.
    expect((await supplierView('alice@bright.test', id)).statusNote).toBeNull()

    const later = plusSeconds(result.endsAt, 600)
    const extended = await extendAuctionEnd(buyer, id, { endsAt: later, reason: 'Suppliers asked for more time' })
    expect(await notified('auction.endExtended', id)).toEqual(everyone)
    expect((await notices('auction.endExtended', id))[0].params).toMatchObject({ endsAt: extended.result.endsAt, reason: 'Suppliers asked for more time' })
    // Nobody else hears of it: not a supplier that was never invited.
    expect(await notified('auction.endExtended', id)).not.toEqual(expect.arrayContaining(await usersOf(['SUP-NINGBO'])))
  })

  it('tells every participant of a cancellation with the reason; the room, the home page and the list show the reason and the time, not the planned end', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'] })
    expect((await placeBid(await actorFor('alice@bright.test'), id, { amount: '9000.00', confirm: false, clientBidId: randomUUID() })).answer.ok).toBe(true)
    const before = await dbNow(db())
    await cancelAuction(buyer, id, { reason: 'The requirement was withdrawn' })
    const after = await dbNow(db())

    expect(await notified('auction.cancelled', id)).toEqual(await usersOf(['SUP-BRIGHT', 'SUP-PRECISION']))
    expect((await notices('auction.cancelled', id))[0].params).toEqual({ title: 'Aluminium housings, Q1 lot', reason: 'The requirement was withdrawn' })

    const view = await supplierView('alice@bright.test', id)
    expect(view.status).toBe('cancelled')
    expect(view.statusNote?.reason).toBe('The requirement was withdrawn')
    const at = Date.parse(view.statusNote!.at)
    expect(at).toBeGreaterThanOrEqual(Date.parse(before))
    expect(at).toBeLessThanOrEqual(Date.parse(after))

    const alice = await actorFor('alice@bright.test')
    const item = (await supplierAuctionOverview(alice)).finished.find((i) => i.id === id)!
    expect(item.cancelledAt).toBe(view.statusNote!.at)
    expect(item.endsAt).not.toBe(item.cancelledAt) // the planned end, which never came
    expect((await listSupplierAuctions(alice)).find((r) => r.id === id)?.cancelledAt).toBe(view.statusNote!.at)
    // Not cancelled: no cancellation time.
    const other = await runningAuction(buyer, { participants: ['SUP-BRIGHT'], minParticipants: 1 })
    expect((await listSupplierAuctions(alice)).find((r) => r.id === other)?.cancelledAt).toBeNull()
  })

  it('tells every participant when the clock closes an auction as unsuccessful, in the clock\'s commit', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'], minParticipants: 2, softCloseMaxExtensions: 0 })
    expect((await placeBid(await actorFor('alice@bright.test'), id, { amount: '9000.00', confirm: false, clientBidId: randomUUID() })).answer.ok).toBe(true)
    expect(await closeNow(id)).toEqual({ auctionId: id, outcome: 'unsuccessful' })
    expect((await auctionStateFor(id)).state.status).toBe('unsuccessful')
    expect(await notified('auction.unsuccessful', id)).toEqual(await usersOf(['SUP-BRIGHT', 'SUP-PRECISION']))
  })
})

describe('a surrogate bid\'s reason', () => {
  it('is in the hash-chained log, which still verifies, and in the console\'s log; never in a supplier\'s view', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'] })
    const ningboSecret = 'Supplier lost its connection; price confirmed by phone 7Q'
    const out = await surrogateBid(buyer, id, { orgId: await orgId('SUP-BRIGHT'), amount: '9500.00', confirm: false, clientBidId: randomUUID(), reason: ningboSecret })
    expect(out.answer.ok).toBe(true)

    const [e] = await db().select().from(auctionEvents).where(and(eq(auctionEvents.auctionId, id), eq(auctionEvents.type, 'surrogate_bid')))
    expect(e.payload).toMatchObject({ orgId: await orgId('SUP-BRIGHT'), amount: '9500.00', reason: ningboSecret })
    expect((await verifyAuction(id)).ok).toBe(true)

    const consoleView = await auctionDetail(buyer, id)
    const row = consoleView.log.find((r) => r.type === 'surrogate_bid')!
    expect(row.detail).toMatchObject({ kind: 'bid', amount: '9500.00', reason: ningboSecret })

    // The supplier it was placed for sees the bid marked as surrogate, never the buyer's reason.
    for (const email of ['alice@bright.test', 'bob@precision.test']) {
      const actor = await actorFor(email)
      expect(JSON.stringify(await auctionViewFor(actor, id))).not.toContain('7Q')
      expect(JSON.stringify(await liveViewFor(actor, id))).not.toContain('7Q')
    }
    expect((await supplierView('alice@bright.test', id)).myBids).toMatchObject([{ amount: '9500.00', surrogate: true }])
  })

  it('leaves a log written before the reason was kept verifying, replaying and showing as it was', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'] })
    await surrogateBid(buyer, id, { orgId: await orgId('SUP-BRIGHT'), amount: '9500.00', confirm: false, clientBidId: randomUUID(), reason: 'phone' })
    expect((await placeBid(await actorFor('bob@precision.test'), id, { amount: '9400.00', confirm: false, clientBidId: randomUUID() })).answer.ok).toBe(true)
    // Store the log as an older version wrote it: no reason in the surrogate event, the chain as it then hashed.
    const old = chainBodies(
      (await readEvents(db(), id)).map(({ hash: _h, prevHash: _p, ...e }) =>
        e.type === 'surrogate_bid' ? { ...e, payload: { bidId: e.payload.bidId, orgId: e.payload.orgId, amount: e.payload.amount, confirm: e.payload.confirm } } : e,
      ),
      sha256Hex,
    )
    // The log is append-only: the old version's rows are put back with the trigger off, as a restore would.
    await db().execute(sql`alter table auction_events disable trigger auction_events_no_update`)
    try {
      for (const e of old)
        await db().update(auctionEvents).set({ payload: e.payload, prevHash: e.prevHash, hash: e.hash }).where(and(eq(auctionEvents.auctionId, id), eq(auctionEvents.seq, e.seq)))
    } finally {
      await db().execute(sql`alter table auction_events enable trigger auction_events_no_update`)
    }
    await db().execute(sql`update auctions set last_hash = ${old.at(-1)!.hash} where id = ${id}`)

    const stored = await readEvents(db(), id)
    expect(stored.find((e) => e.type === 'surrogate_bid')!.payload).not.toHaveProperty('reason')
    expect(verifyEventChain(stored, sha256Hex)).toEqual({ ok: true, checked: stored.length })
    expect((await verifyAuction(id)).ok).toBe(true)
    const replay = replayAuction(settingsOf((await auctionStateFor(id)).row), stored)
    expect(replay.ranking.map((r) => [r.rank, r.amount, r.surrogate])).toEqual([
      [1, '9400.00', false],
      [2, '9500.00', true],
    ])
    // The console shows it as before: a surrogate bid with no reason.
    expect((await auctionDetail(buyer, id)).log.find((r) => r.type === 'surrogate_bid')!.detail).toMatchObject({ kind: 'bid', reason: null })
  })
})
