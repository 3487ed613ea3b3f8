// The hash function the event-log rules take as a parameter (see auction-events.rules.ts for why
// it is injected rather than imported there).
import { createHash } from 'node:crypto'
import { chainEvent, verifyEventChain, type AuctionEvent, type UnhashedAuctionEvent } from './auction-events.rules'

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

export const hashAuctionEvent = (e: UnhashedAuctionEvent, prevHash: string): AuctionEvent => chainEvent(e, prevHash, sha256Hex)

export const verifyAuctionEventChain = (events: readonly AuctionEvent[]) => verifyEventChain(events, sha256Hex)
