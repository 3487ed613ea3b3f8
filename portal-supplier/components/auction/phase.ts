import type { AuctionStatus } from '~/domain/auction/auction.rules'

export type AuctionPhase = 'upcoming' | 'live' | 'finished'

/** How the supplier's list groups an auction: paused ones are still live (they resume). */
export function auctionPhase(status: AuctionStatus): AuctionPhase {
  switch (status) {
    case 'draft':
    case 'scheduled':
      return 'upcoming'
    case 'running':
    case 'paused':
      return 'live'
    default:
      return 'finished'
  }
}
