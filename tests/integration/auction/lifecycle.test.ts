import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { auditLog } from '~db/schema'
import { addParticipants } from '~/domain/auction/add-participants.server'
import { advanceAuctions } from '~/domain/auction/advance-auctions.server'
import { dbNow } from '~/domain/auction/auction-store.server'
import { auctionStateFor } from '~/domain/auction/auction.queries.server'
import { awardAuction, confirmAward } from '~/domain/auction/award-auction.server'
import { cancelAuction } from '~/domain/auction/cancel-auction.server'
import { createAuction } from '~/domain/auction/create-auction.server'
import { extendAuctionEnd } from '~/domain/auction/extend-end.server'
import { pauseAuction } from '~/domain/auction/pause-auction.server'
import { placeBid } from '~/domain/auction/place-bid.server'
import { publishAuction } from '~/domain/auction/publish-auction.server'
import { resumeAuction } from '~/domain/auction/resume-auction.server'
import { surrogateBid } from '~/domain/auction/surrogate-bid.server'
import { updateDraft } from '~/domain/auction/update-draft.server'
import { verifyAuction } from '~/domain/auction/verify-auction.server'
import { voidBid } from '~/domain/auction/void-bid.server'
import { DomainError } from '~/utils/errors'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { eventTypes, notified, orgId, plusSeconds, runningAuction, setEnd, setup, usersOf } from './helpers'

useTestDatabase({ seed: true })

const bid = async (email: string, auctionId: string, amount: string, confirm = false) =>
  (await placeBid(await actorFor(email), auctionId, { amount, confirm, clientBidId: randomUUID() })).answer

/** Waits until the database's clock is past an instant. */
const waitPast = async (t: string) => {
  for (;;) {
    const now = await dbNow(db())
    if (Date.parse(now) > Date.parse(t)) return
    await new Promise((r) => setTimeout(r, Math.min(500, Date.parse(t) - Date.parse(now) + 5)))
  }
}

const expectDomain = async (p: Promise<unknown>, code: string, messageKey?: string) => {
  const err = await p.then(() => null, (e) => e)
  expect(err).toBeInstanceOf(DomainError)
  expect(err.code).toBe(code)
  if (messageKey) expect(err.messageKey).toBe(messageKey)
}

describe('the auction lifecycle', () => {
  it('keeps the last purchase price as set up: stored on create, changed or cleared in the draft, locked once published', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const later = { startIn: 3600, endIn: 7200, hardStopIn: 9000 }
    const stored = async (id: string) => (await rawRows<{ v: string | null }>(db(), sql`select last_purchase_price::text as v from auctions where id = ${id}`))[0].v
    const { id } = await createAuction(buyer, await setup({ ...later, lastPurchasePrice: '10,250.5' }))
    expect(await stored(id)).toBe('10250.50')
    expect((await auctionStateFor(id)).state.settings.lastPurchasePrice).toBe('10250.50')
    await updateDraft(buyer, id, await setup({ ...later, lastPurchasePrice: '9800' }))
    expect(await stored(id)).toBe('9800.00')
    await updateDraft(buyer, id, await setup({ ...later, lastPurchasePrice: '' }))
    expect(await stored(id)).toBeNull()
    await updateDraft(buyer, id, await setup({ ...later, lastPurchasePrice: '9800' }))
    await publishAuction(buyer, id)
    await expectDomain(updateDraft(buyer, id, await setup({ ...later, lastPurchasePrice: '9500' })), 'conflict', 'auction:transitionError.SETTINGS_LOCKED')
    expect(await stored(id)).toBe('9800.00')
    // The database refuses a zero or negative price that skipped the form.
    const refused = await rawRows(db(), sql`update auctions set last_purchase_price = 0 where id = ${id}`).then(() => null, (e) => e)
    expect(String(refused?.cause?.message ?? refused?.message)).toMatch(/auctions_last_purchase_price_pos/)
  })

  it('goes draft → scheduled → running → closed → awarded, logging every step, and verifies', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const { id } = await createAuction(buyer, await setup({ startIn: 3600, endIn: 7200, hardStopIn: 9000, softCloseMaxExtensions: 0 }))
    expect((await auctionStateFor(id)).state.status).toBe('draft')
    expect(await eventTypes(id)).toEqual([]) // a draft has no log yet
    await updateDraft(buyer, id, await setup({ title: 'Renamed', startIn: 3600, endIn: 7200, hardStopIn: 9000, softCloseMaxExtensions: 0 }))
    await publishAuction(buyer, id)
    expect((await auctionStateFor(id)).state.status).toBe('scheduled')
    // Settings are locked once published.
    await expectDomain(updateDraft(buyer, id, await setup({ startIn: 3600, endIn: 7200, hardStopIn: 9000 })), 'conflict', 'auction:transitionError.SETTINGS_LOCKED')
    // Not yet due: the clock leaves it alone.
    expect((await advanceAuctions()).started).not.toContain(id)
    // Bring the schedule forward (start passed, end in 3 s) in the settings themselves, so the
    // replay judges the log against the times the auction really ran with. One reading of the clock:
    // read once per column, the planned and the live end could differ by a millisecond.
    await db().execute(
      sql`update auctions set starts_at = n.t - interval '1 second', ends_at = n.t + interval '3 seconds', current_ends_at = n.t + interval '3 seconds'
          from (select date_trunc('milliseconds', clock_timestamp()) as t) n where auctions.id = ${id}`,
    )
    for (const e of ['alice@bright.test', 'bob@precision.test']) await (await import('~/domain/auction/accept-terms.server')).acceptTerms(await actorFor(e), id)
    expect((await advanceAuctions()).started).toContain(id)
    expect((await auctionStateFor(id)).state.status).toBe('running')

    expect((await bid('alice@bright.test', id, '9000.00')).ok).toBe(true)
    expect((await bid('bob@precision.test', id, '8900.00')).ok).toBe(true)
    expect((await advanceAuctions()).closed).toEqual([]) // not before the end
    await waitPast((await auctionStateFor(id)).state.currentEndsAt)
    const closed = await advanceAuctions()
    expect(closed.closed).toContainEqual({ auctionId: id, outcome: 'closed' })
    expect((await auctionStateFor(id)).state.status).toBe('closed')

    // Award to rank 2 needs a justification and a second person; rank 1 needs neither.
    const bright = await orgId('SUP-BRIGHT')
    await expectDomain(awardAuction(buyer, id, { orgId: bright, justification: null }), 'conflict', 'auction:transitionError.JUSTIFICATION_REQUIRED')
    expect((await awardAuction(buyer, id, { orgId: bright, justification: 'Better delivery terms' })).result.outcome).toBe('proposed')
    expect((await auctionStateFor(id)).state.status).toBe('closed')
    await confirmAward(await actorFor('buyer.manager@acme.test'), id, { orgId: bright })
    const after = await auctionStateFor(id)
    expect(after.state.status).toBe('awarded')
    expect(after.row.awardJustification).toBe('Better delivery terms')
    expect(await eventTypes(id)).toEqual(['published', 'terms_accepted', 'terms_accepted', 'started', 'bid_accepted', 'bid_accepted', 'closed', 'award_proposed', 'awarded'])
    const v = await verifyAuction(id)
    expect(v).toMatchObject({ ok: true, discrepancies: [], mismatches: [] })
    expect(v.replayed.ranking.map((r) => r.amount)).toEqual(['8900.00', '9000.00'])
    // In the order written: without an ORDER BY PostgreSQL may hand rows back in another (it did once another test wrote first).
    const audit = await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, id)).orderBy(auditLog.id)
    expect(audit.map((a) => a.action)).toEqual([
      'auction.created', 'auction.draft.updated', 'auction.published', 'auction.terms.accepted', 'auction.terms.accepted',
      'auction.started', 'auction.bid.placed', 'auction.bid.placed', 'auction.closed', 'auction.awardProposed', 'auction.awarded',
    ])
  })

  it('writes the invitations and the award to the bells in the command\'s own commit, with no live layer running', async () => {
    // No socket server runs in this file: before, the bell rows were written by a listener after
    // the commit, and a process dying in between lost them.
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'], minParticipants: 1 })
    const [bright, precision, ningbo] = [await orgId('SUP-BRIGHT'), await orgId('SUP-PRECISION'), await orgId('SUP-NINGBO')]
    expect(await notified('auction.invited', id)).toEqual(await usersOf(['SUP-BRIGHT', 'SUP-PRECISION']))
    await addParticipants(buyer, id, { participantIds: [ningbo] })
    expect(await notified('auction.invited', id)).toEqual(await usersOf(['SUP-BRIGHT', 'SUP-PRECISION', 'SUP-NINGBO']))

    expect((await bid('alice@bright.test', id, '9000.00')).ok).toBe(true)
    expect((await bid('bob@precision.test', id, '8900.00')).ok).toBe(true)
    await setEnd(id, sql`date_trunc('milliseconds', clock_timestamp())`)
    await waitPast((await auctionStateFor(id)).state.currentEndsAt)
    expect((await advanceAuctions()).closed).toContainEqual({ auctionId: id, outcome: 'closed' })
    // A refused award notifies nobody; the award notifies every participant.
    await expectDomain(awardAuction(buyer, id, { orgId: bright, justification: null }), 'conflict', 'auction:transitionError.JUSTIFICATION_REQUIRED')
    expect(await notified('auction.awarded', id)).toEqual([])
    await awardAuction(buyer, id, { orgId: precision, justification: null })
    expect(await notified('auction.awarded', id)).toEqual(await usersOf(['SUP-BRIGHT', 'SUP-PRECISION', 'SUP-NINGBO']))
  })

  it('closes as unsuccessful with fewer bidders than the minimum, and then cannot be awarded', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { endIn: 2, softCloseMaxExtensions: 0 })
    expect((await bid('alice@bright.test', id, '9500.00')).ok).toBe(true)
    await waitPast((await auctionStateFor(id)).state.currentEndsAt)
    const res = await advanceAuctions()
    expect(res.closed).toContainEqual({ auctionId: id, outcome: 'unsuccessful' })
    expect((await auctionStateFor(id)).state.status).toBe('unsuccessful')
    expect((await eventTypes(id)).slice(-2)).toEqual(['closed', 'unsuccessful'])
    await expectDomain(awardAuction(buyer, id, { orgId: await orgId('SUP-BRIGHT'), justification: null }), 'conflict')
    expect((await verifyAuction(id)).ok).toBe(true)
  })

  it('pauses and resumes (the end shifts by the pause), extends, voids, bids as surrogate, adds a participant, and verifies', async () => {
    const buyer = await actorFor('buyer.manager@acme.test')
    const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'] })
    const before = (await auctionStateFor(id)).state.currentEndsAt
    await pauseAuction(buyer, id, { reason: 'Line check' })
    expect((await bid('alice@bright.test', id, '9000.00')).ok).toBe(false)
    await new Promise((r) => setTimeout(r, 50))
    await resumeAuction(buyer, id, { reason: 'Line check done' })
    const resumed = await auctionStateFor(id)
    const shift = Date.parse(resumed.state.currentEndsAt) - Date.parse(before)
    expect(shift).toBeGreaterThanOrEqual(50)
    expect(shift).toBe(resumed.state.pausedTotalMs)

    const a1 = await bid('alice@bright.test', id, '9000.00')
    const a2 = await bid('alice@bright.test', id, '8800.00')
    if (!a2.ok || !a1.ok) throw new Error('bids refused')
    const bob = await orgId('SUP-PRECISION')
    const s = await surrogateBid(buyer, id, { orgId: bob, amount: '8700.00', confirm: false, clientBidId: randomUUID(), reason: 'Supplier phoned in: connection lost' })
    expect(s.answer.ok).toBe(true)
    expect(s.projection.ladder[0]).toMatchObject({ orgId: bob, amount: '8700.00', surrogate: true })

    // Voiding alice's current bid makes her previous one current again.
    const v = await voidBid(buyer, id, { bidId: a2.bid.id, reason: 'Typing error' })
    expect(v.result.ranking.map((r) => [r.orgId === bob ? 'bob' : 'alice', r.amount])).toEqual([['bob', '8700.00'], ['alice', '9000.00']])
    await expectDomain(voidBid(buyer, id, { bidId: a2.bid.id, reason: 'again' }), 'conflict', 'auction:transitionError.ALREADY_VOIDED')

    const newEnd = plusSeconds(resumed.state.currentEndsAt, 600)
    await extendAuctionEnd(buyer, id, { endsAt: newEnd, reason: 'More time asked' })
    await expectDomain(extendAuctionEnd(buyer, id, { endsAt: resumed.state.currentEndsAt, reason: 'shorter' }), 'conflict', 'auction:transitionError.END_NOT_LATER')
    expect((await auctionStateFor(id)).state.currentEndsAt).toBe(newEnd)

    await addParticipants(buyer, id, { participantIds: [await orgId('SUP-NINGBO')] })
    await expectDomain(addParticipants(buyer, id, { participantIds: [await orgId('DLR-NORTH')] }), 'bad_input', 'auction:errors.supplierNotEligible')

    expect(await eventTypes(id)).toEqual([
      'published', 'terms_accepted', 'terms_accepted', 'started', 'paused', 'bid_rejected', 'resumed',
      'bid_accepted', 'bid_accepted', 'surrogate_bid', 'bid_voided', 'end_extended', 'participant_added',
    ])
    const report = await verifyAuction(id)
    expect(report).toMatchObject({ ok: true, discrepancies: [], mismatches: [] })
  })

  it('cancels with a reason; only buyers, buyer managers and admins run auctions', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'] })
    await expectDomain(cancelAuction(await actorFor('sales@acme.test'), id, { reason: 'x' }), 'forbidden')
    await expectDomain(cancelAuction(await actorFor('dave@north.test'), id, { reason: 'x' }), 'not_found')
    await expectDomain(cancelAuction(await actorFor('alice@bright.test'), id, { reason: 'x' }), 'not_found')
    await cancelAuction(await actorFor('admin@acme.test'), id, { reason: 'Requirement withdrawn' })
    expect((await auctionStateFor(id)).state.status).toBe('cancelled')
    expect((await bid('alice@bright.test', id, '9000.00'))).toMatchObject({ ok: false, error: { code: 'AUCTION_NOT_RUNNING' } })
    expect((await verifyAuction(id)).ok).toBe(true)
  })
})
