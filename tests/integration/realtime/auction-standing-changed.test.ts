// The supplier home page follows its own standing live: after a commit that moves an organization's
// own rank (its bid, a rival's, a void) or records its acceptance of the terms, that organization
// hears `auction:standingChanged` with the id alone. An organization whose standing stayed, an
// uninvited supplier, a dealer and staff hear nothing.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { placeBid } from '~/domain/auction/place-bid.server'
import { voidBid } from '~/domain/auction/void-bid.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { acceptTerms } from '~/domain/auction/accept-terms.server'
import { createAuction } from '~/domain/auction/create-auction.server'
import { publishAuction } from '~/domain/auction/publish-auction.server'
import { runningAuction, setup } from '../auction/helpers'
import { pause } from './auction-socket-helpers'
import { useSocketListeners } from './socket-listeners'

useTestDatabase({ seed: true })

const listen = useSocketListeners('auction:standingChanged')

/** Time for a stray emit to arrive before saying none did. */
const GRACE_MS = 250

const only = (heard: unknown[], auctionId: string) => heard.filter((p) => (p as { auctionId: string }).auctionId === auctionId)

describe('auction:standingChanged reaches the organizations whose own standing changed', () => {
  it('tells the bidder and the displaced, not an organization whose rank stayed, and nobody outside', async () => {
    const emails = ['alice@bright.test', 'amy@bright.test', 'bob@precision.test', 'carol@ningbo.test', 'dave@north.test', 'buyer@acme.test']
    const [alice, amy, bob, carol, dave, buyerHeard] = await Promise.all(emails.map(listen))
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'] })
    const bid = async (email: string, amount: string) => {
      const r = await placeBid(await actorFor(email), id, { amount, confirm: true, clientBidId: randomUUID() })
      return r.answer.ok ? r.answer.bid.id : null
    }
    const counts = () => [alice, amy, bob].map((h) => only(h, id).length)
    const expectCounts = async (want: number[]) => {
      await expect.poll(counts, { timeout: 5000 }).toEqual(want)
      await pause(GRACE_MS)
      expect(counts()).toEqual(want)
    }

    // Each organization accepted the terms (runningAuction): one each.
    await expectCounts([1, 1, 1])
    // Bright's first bid gives it rank 1; Precision has no rank yet, so it is not told.
    await bid('alice@bright.test', '9000.00')
    await expectCounts([2, 2, 1])
    // Precision takes the lead: both ranks move.
    const lead = await bid('bob@precision.test', '8900.00')
    await expectCounts([3, 3, 2])
    // Precision improves its own lead: nobody's rank moved.
    const better = await bid('bob@precision.test', '8800.00')
    await expectCounts([3, 3, 2])
    // A refused bid changes nothing either.
    expect(await bid('alice@bright.test', '9999.00')).toBeNull()
    await expectCounts([3, 3, 2])
    // Voiding Precision's best leaves its previous bid current and first: no rank moved.
    await voidBid(buyer, id, { bidId: better!, reason: 'typing error' })
    await expectCounts([3, 3, 2])
    // Voiding that one too leaves Precision without a bid and Bright first again.
    await voidBid(buyer, id, { bidId: lead!, reason: 'typing error' })
    await expectCounts([4, 4, 3])

    for (const heard of [alice, amy, bob]) for (const p of only(heard, id)) expect(p).toEqual({ auctionId: id })
    for (const [who, heard] of Object.entries({ carol, dave, buyer: buyerHeard })) expect(heard, who).toEqual([])
  })

  it('tells the organization that accepted the terms, and only it', async () => {
    const emails = ['alice@bright.test', 'amy@bright.test', 'bob@precision.test', 'carol@ningbo.test', 'dave@north.test', 'buyer@acme.test']
    const [alice, amy, bob, carol, dave, buyerHeard] = await Promise.all(emails.map(listen))
    const buyer = await actorFor('buyer@acme.test')
    const { id } = await createAuction(buyer, await setup({ participants: ['SUP-BRIGHT', 'SUP-PRECISION'], startIn: 3600, endIn: 7200, hardStopIn: 9000 }))
    await publishAuction(buyer, id)
    expect(await acceptTerms(await actorFor('amy@bright.test'), id)).toEqual({ accepted: true })
    await expect.poll(() => [alice, amy].map((h) => only(h, id).length), { timeout: 5000 }).toEqual([1, 1])
    // Accepting again is a no-op and announces nothing.
    expect(await acceptTerms(await actorFor('alice@bright.test'), id)).toEqual({ accepted: false })
    await pause(GRACE_MS)
    expect([alice, amy, bob].map((h) => only(h, id))).toEqual([[{ auctionId: id }], [{ auctionId: id }], []])
    for (const [who, heard] of Object.entries({ carol, dave, buyer: buyerHeard })) expect(only(heard, id), who).toEqual([])
  })
})
