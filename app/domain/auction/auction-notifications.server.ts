// Invitations and awards reach the suppliers' bells. The notifications are written in the
// command's own transaction: a committed invitation or award always has them (written after the
// commit, a crash in between lost them) and a rolled-back one never does; the bell push follows
// the commit (notifyOrganizations).
import type { TxContext } from '~db/transaction'
import { notifyOrganizations } from '~/domain/notifications/notify.server'
import type { AuctionEventBody } from './auction-events.rules'
import type { AuctionRow } from './auction-store.server'
import type { AuctionState } from './auction.rules'

/**
 * For a host command's events: the organizations it invites (publish, a participant added) and,
 * on an award, every active participant — in the same words for all, so the bell names no winner.
 */
export async function notifyParticipants(ctx: TxContext, row: AuctionRow, state: AuctionState, events: readonly AuctionEventBody[]) {
  const invited = new Set<string>()
  let awarded = false
  for (const e of events) {
    if (e.type === 'published') for (const orgId of e.payload.participants) invited.add(orgId)
    else if (e.type === 'participant_added') invited.add(e.payload.orgId)
    else if (e.type === 'awarded') awarded = true
  }
  if (!invited.size && !awarded) return
  const link = `/supplier/auctions/${row.id}`
  if (invited.size) await notifyOrganizations(ctx, [...invited], { kind: 'auction.invited', params: { title: row.title }, link })
  if (awarded) {
    const participants = state.participants.filter((p) => p.active).map((p) => p.orgId)
    await notifyOrganizations(ctx, participants, { kind: 'auction.awarded', params: { title: row.title }, link })
  }
}
