import type { StatusNote } from '~/domain/auction/auction-projection.rules'
import type { AuctionStatus } from '~/domain/auction/auction.rules'

/**
 * The time left while the auction is paused, frozen at the pause: the end is shifted by the paused
 * duration only on resume, so counting down to the current end during a pause would run the clock
 * out for a bidding that is not running. The pause's time is the log's (statusNote.at), written in
 * the same transaction and with the same server clock as the state's own pausedAt; null when the
 * auction is not paused or the note is missing.
 */
export function pausedMsLeft(view: { status: AuctionStatus; endsAt: string; statusNote: StatusNote | null }): number | null {
  if (view.status !== 'paused' || !view.statusNote) return null
  const left = Date.parse(view.endsAt) - Date.parse(view.statusNote.at)
  return Number.isFinite(left) ? Math.max(0, left) : null
}
