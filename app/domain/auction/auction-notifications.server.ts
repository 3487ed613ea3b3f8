// Invitations, awards and every announced change of status or end reach the suppliers' bells. The
// notifications are written in the command's own transaction: a committed invitation, award or
// cancellation always has them (written after the commit, a crash in between lost them) and a
// rolled-back one never does; the bell push follows the commit (notifyOrganizations).
import type { TxContext } from '~db/transaction'
import type { StaffActor } from '~/auth/roles'
import { notifyOrganizations, notifyStaffWith, notifyUsers, type NewNotification } from '~/domain/notifications/notify.server'
import { emitToStaff } from '~/realtime/publisher.server'
import type { AuctionEventBody } from './auction-events.rules'
import type { AuctionRow } from './auction-store.server'
import { ranking, type AuctionState } from './auction.rules'

/**
 * For a host command's (or the clock's) events: the organizations it invites (publish, a participant
 * added); and every active participant on an award (in the same words for all, so the bell names no
 * winner), a cancellation or an unsuccessful close, a pause (with the buyer's reason), a resume and
 * the buyer moving the end. The room announces these live; the bell reaches the suppliers who are
 * not in it, as the rules announce every such change to all participants.
 */
export async function notifyParticipants(ctx: TxContext, row: AuctionRow, state: AuctionState, events: readonly AuctionEventBody[]) {
  const invited = new Set<string>()
  const toAll: NewNotification[] = []
  const title = row.title
  for (const e of events) {
    if (e.type === 'published') for (const orgId of e.payload.participants) invited.add(orgId)
    else if (e.type === 'participant_added') invited.add(e.payload.orgId)
    else if (e.type === 'awarded') toAll.push({ kind: 'auction.awarded', params: { title } })
    else if (e.type === 'cancelled') toAll.push({ kind: 'auction.cancelled', params: { title, reason: e.payload.reason ?? '' } })
    else if (e.type === 'unsuccessful') toAll.push({ kind: 'auction.unsuccessful', params: { title } })
    else if (e.type === 'paused') toAll.push({ kind: 'auction.paused', params: { title, reason: e.payload.reason ?? '' } })
    // The end a resume gives is the state's: the paused time is added to it.
    else if (e.type === 'resumed') toAll.push({ kind: 'auction.resumed', params: { title, endsAt: state.currentEndsAt } })
    else if (e.type === 'end_extended') toAll.push({ kind: 'auction.endExtended', params: { title, endsAt: e.payload.newEndsAt, reason: e.payload.reason ?? '' } })
  }
  if (!invited.size && !toAll.length) return
  const link = `/supplier/auctions/${row.id}`
  if (invited.size) await notifyOrganizations(ctx, [...invited], { kind: 'auction.invited', params: { title }, link })
  if (!toAll.length) return
  const participants = state.participants.filter((p) => p.active).map((p) => p.orgId)
  for (const n of toAll) await notifyOrganizations(ctx, participants, { ...n, link })
}

/**
 * The award's second person (rules D15): a proposal reaches the staff who may confirm it (not its
 * proposer); a confirmation or a decline by someone else reaches the proposer. Every award step
 * (and a cancellation that drops a proposal) tells the staff's pages, which refetch through their loaders.
 */
export async function notifyAwardDeciders(ctx: TxContext, row: AuctionRow, actor: StaffActor, before: AuctionState, events: readonly AuctionEventBody[]) {
  const step = events.find((e) => e.type === 'award_proposed' || e.type === 'award_declined' || e.type === 'awarded')
  // Cancelling drops a waiting proposal: the inboxes and home tiles that list it follow.
  const dropped = before.awardProposal !== null && events.some((e) => e.type === 'cancelled')
  if (step || dropped) ctx.afterCommit(() => emitToStaff('auction:awardChanged', { auctionId: row.id }))
  if (!step) return
  const link = `/console/auctions/${row.id}`
  const name = actor.name
  if (step.type === 'award_proposed') {
    const rank = ranking(before.bids).find((r) => r.orgId === step.payload.orgId)?.rank ?? 0
    await notifyStaffWith(ctx, 'auctions.confirmAward', { kind: 'auction.awardProposed', params: { title: row.title, rank, name }, link }, actor.userId)
    return
  }
  const proposer = before.awardProposal?.proposedBy
  if (!proposer || proposer === actor.userId) return
  if (step.type === 'awarded') await notifyUsers(ctx, [proposer], { kind: 'auction.awardConfirmed', params: { title: row.title, name }, link })
  else await notifyUsers(ctx, [proposer], { kind: 'auction.awardDeclined', params: { title: row.title, name, reason: step.payload.reason ?? '' }, link })
}
