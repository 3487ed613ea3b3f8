// The auction the auction benchmark and the chaos specs bid in: every bid a bidder sends is
// acceptable (a cent's decrement, any drop, no extensions, so the end stays put), it is published,
// and the bidders have accepted its terms. Made through the app's own commands, as a buyer would.
import { loadActor } from '~/auth/actor.server'
import { acceptTerms } from '~/domain/auction/accept-terms.server'
import { AuctionSetupSchema } from '~/domain/auction/auction.validation'
import { createAuction } from '~/domain/auction/create-auction.server'
import { publishAuction } from '~/domain/auction/publish-auction.server'

export async function openLoadAuction(o: {
  /** Names the auction, its lot and the sessions its commands run under. */
  tag: string
  buyerUserId: string
  participantIds: string[]
  bidderUserIds: string[]
  startsAt: number
  endsAt: number
  hardStopAt: number
  ceiling: string
  /** False: a bidder need only beat its own bid, so nearly every bid is accepted. */
  mustBeatBest: boolean
}): Promise<{ id: string }> {
  const buyer = (await loadActor(o.buyerUserId, o.tag))!
  const auction = await createAuction(
    buyer,
    AuctionSetupSchema.parse({
      title: `${o.tag} auction`,
      lines: [{ description: `${o.tag} lot`, quantity: '1', unit: 'lot' }],
      participantIds: o.participantIds,
      ceiling: o.ceiling,
      decrementAmount: '0.01',
      decrementPercent: '0.0001',
      maxSingleDropPercent: '100',
      startsAt: new Date(o.startsAt).toISOString(),
      endsAt: new Date(o.endsAt).toISOString(),
      hardStopAt: new Date(o.hardStopAt).toISOString(),
      softCloseMaxExtensions: 0,
      mustBeatBest: o.mustBeatBest,
      visibility: 'best',
      minParticipants: 2,
    }),
  )
  await publishAuction(buyer, auction.id)
  for (const id of o.bidderUserIds) await acceptTerms((await loadActor(id, o.tag))!, auction.id)
  return { id: auction.id }
}
