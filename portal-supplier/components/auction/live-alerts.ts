// What the bid room tells a supplier about a change it just received: pure, so the rules of the
// notices are tested without a browser. Each state is compared with the one the tab held before.
import type { SupplierProjection } from '~/domain/auction/auction-projection.rules'
import type { Money } from '~/utils/money'

/**
 * The own standing changed: outbid by a rival, the buyer voided the supplier's own bid, or the buyer
 * voided someone else's (`othersVoided`: the rules tell everyone of a void, never whose; the ranks
 * say how it moved this supplier, null when it has no rank).
 */
export type RankAlert =
  | { kind: 'outbid'; from: number; to: number }
  /** `current`: the bid that counts again (null: none); ranks null when there is none. */
  | { kind: 'voided'; amount: Money; current: Money | null; from: number | null; to: number | null }
  | { kind: 'othersVoided'; from: number | null; to: number | null }

/** The end moved: a late bid's extension, a resume after a pause, or the buyer's extension of the end. */
export type EndNotice = { kind: 'extended'; endsAt: string; count: number } | { kind: 'resumed'; endsAt: string } | { kind: 'moved'; endsAt: string }

export interface LiveAlerts {
  rank: RankAlert | null
  end: EndNotice | null
}

export const NO_ALERTS: LiveAlerts = { rank: null, end: null }

const FINISHED = new Set<SupplierProjection['status']>(['closed', 'awarded', 'unsuccessful', 'cancelled'])

type View = Pick<SupplierProjection, 'seq' | 'status' | 'myRank' | 'myBid' | 'myBids' | 'endsAt' | 'extensions' | 'voidedBids'>

/**
 * The alerts after `view`, given those held after `before`. Once the auction is over they are all
 * cleared: the result (won, lost, awaiting the award, cancelled) is what the supplier is told then,
 * and "you were outbid" or "it now ends at" above it would speak of an auction that no longer runs.
 */
export function nextAlerts(before: View, view: View, held: LiveAlerts): LiveAlerts {
  if (FINISHED.has(view.status)) return NO_ALERTS
  if (before === view || before.seq > view.seq) return held
  return { rank: rankAlert(before, view, held.rank), end: endNotice(before, view, held.end) }
}

function rankAlert(before: View, view: View, held: RankAlert | null): RankAlert | null {
  // The own bid voided (by the buyer, with a reason): said as such, whatever it did to the rank.
  const wasVoided = new Set(before.myBids.filter((b) => b.voided).map((b) => b.id))
  const voided = view.myBids.filter((b) => b.voided && !wasVoided.has(b.id)).at(-1)
  if (voided) return { kind: 'voided', amount: voided.amount, current: view.myBid, from: before.myRank, to: view.myRank }
  // A rival's void can only keep or better this rank: a worse one means a rival bid too (pushes
  // coalesced, a rejoin), and that is the outbid alert, not the void's polite note.
  const worse = before.myRank !== null && view.myRank !== null && view.myRank > before.myRank
  if (view.voidedBids > before.voidedBids && !worse) return { kind: 'othersVoided', from: before.myRank, to: view.myRank }
  if (worse) return { kind: 'outbid', from: before.myRank!, to: view.myRank! }
  if (before.myRank !== null && view.myRank !== null && view.myRank < before.myRank) return null
  return held
}

function endNotice(before: View, view: View, held: EndNotice | null): EndNotice | null {
  if (view.extensions > before.extensions) return { kind: 'extended', endsAt: view.endsAt, count: view.extensions }
  if (before.status === 'paused' && view.status === 'running') return { kind: 'resumed', endsAt: view.endsAt }
  if (view.endsAt !== before.endsAt) return { kind: 'moved', endsAt: view.endsAt }
  return held
}
