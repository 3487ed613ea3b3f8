// The skeleton every host command shares: check the role, lock the auction, read the state and
// the database clock, let the rules decide, then append the events, write the live state and the
// audit row (and the bells' notifications) in the same transaction, and announce after the commit.
import type { Tx } from '~db/client'
import type { auctions } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor, StaffActor } from '~/auth/roles'
import { DomainError } from '~/utils/errors'
import { assertAuctionStaff } from './auction-access.server'
import type { AuctionEvent, AuctionEventActor, AuctionEventBody } from './auction-events.rules'
import { notifyAwardDeciders, notifyParticipants } from './auction-notifications.server'
import { ranksMoved } from './auction-projection.rules'
import { publishAuctionCommitted } from './auction-publish.server'
import { appendEvents, dbNow, loadState, lockAuction, writeLive, type AuctionRow } from './auction-store.server'
import type { AuctionState, Instant } from './auction.rules'

/** A rules error code (transition, change or void) as the one error type, with its message key. */
export const ruleError = (code: string) => new DomainError('conflict', `auction:transitionError.${code}`)

export interface HostStep<T> {
  state: AuctionState
  events: AuctionEventBody[]
  audit: { action: string; before?: unknown; after?: unknown }
  /** Columns beyond the live state (award justification…). */
  extra?: Partial<typeof auctions.$inferInsert>
  result: T
}

export interface HostCommandContext {
  tx: Tx
  row: AuctionRow
  state: AuctionState
  now: Instant
}

export interface CommandResult<T> {
  result: T
  seq: number
  events: AuctionEvent[]
}

export const staffEventActor = (actor: StaffActor): AuctionEventActor => ({ kind: 'staff', userId: actor.userId })

export async function hostCommand<T>(
  actor: Actor,
  auctionId: string,
  meta: { ip?: string | null },
  step: (c: HostCommandContext) => Promise<HostStep<T>>,
): Promise<CommandResult<T>> {
  assertAuctionStaff(actor)
  return transact(async ({ tx, afterCommit }) => {
    const row = await lockAuction(tx, auctionId)
    const [state, now] = [await loadState(tx, row), await dbNow(tx)]
    const s = await step({ tx, row, state, now })
    const { head, events } = await appendEvents(tx, { seq: row.lastSeq, hash: row.lastHash }, row.id, s.events, now, staffEventActor(actor))
    await writeLive(tx, row.id, s.state, head, s.extra)
    await recordAudit(tx, { actor, ip: meta.ip }, { action: s.audit.action, entityType: 'auction', entityId: row.id, before: s.audit.before, after: s.audit.after })
    await notifyParticipants({ tx, afterCommit }, row, s.state, s.events)
    await notifyAwardDeciders({ tx, afterCommit }, row, actor, state, s.events)
    const moved = ranksMoved(s.state, state.bids)
    afterCommit(() => publishAuctionCommitted({ auctionId: row.id, seq: head.seq, events, ranksMoved: moved }))
    return { result: s.result, seq: head.seq, events }
  })
}
