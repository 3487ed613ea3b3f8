// The auction clock: starts scheduled auctions whose start has passed and closes running ones whose
// end has passed. Each change is one guarded UPDATE (… WHERE status = 'running' AND current_ends_at
// <= clock_timestamp()), which takes the row lock: a bid holding the lock commits first and the
// guard is re-evaluated against its extension, and of two processes running this at once exactly
// one UPDATE matches. So it is safe to run in every process, as often as we like.
import { sql } from 'drizzle-orm'
import { db, rawRows } from '~db/client'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { AuctionEventBody } from './auction-events.rules'
import { notifyParticipants } from './auction-notifications.server'
import { publishAuctionCommitted } from './auction-publish.server'
import { appendEvents, dbNow, loadState, lockAuction, writeLive } from './auction-store.server'
import { closeOutcome, transition, type AuctionState, type AuctionStatus } from './auction.rules'
import { logFailure } from '~/utils/errors'

const BATCH = 100

export interface AdvanceResult {
  started: string[]
  closed: { auctionId: string; outcome: 'closed' | 'unsuccessful' }[]
}

async function due(status: 'scheduled' | 'running'): Promise<string[]> {
  const column = status === 'scheduled' ? sql`starts_at` : sql`current_ends_at`
  const rows = await rawRows<{ id: string }>(
    db(),
    sql`select id from auctions where status = ${status} and ${column} <= clock_timestamp() order by ${column} limit ${BATCH}`,
  )
  return rows.map((r) => r.id)
}

/** Moves one auction on if it is (still) due; false when another process already did. */
async function advanceOne(auctionId: string, from: 'scheduled' | 'running'): Promise<AdvanceResult['closed'][number] | 'started' | null> {
  return transact(async ({ tx, afterCommit }) => {
    const to: AuctionStatus = from === 'scheduled' ? 'running' : 'closed'
    const column = from === 'scheduled' ? sql`starts_at` : sql`current_ends_at`
    const hit = await rawRows<{ id: string }>(
      tx,
      sql`update auctions set status = ${to}, updated_at = clock_timestamp()
          where id = ${auctionId} and status = ${from} and ${column} <= clock_timestamp() returning id`,
    )
    if (!hit.length) return null
    const row = await lockAuction(tx, auctionId) // already ours since the UPDATE; re-read for the state
    const now = await dbNow(tx)
    const before: AuctionState = { ...(await loadState(tx, row)), status: from }
    const events: AuctionEventBody[] = []
    let state = before
    let result: AdvanceResult['closed'][number] | 'started'
    if (from === 'scheduled') {
      const r = transition(state, { type: 'start' }, now)
      if (!r.ok) throw new Error(`auction ${auctionId}: start refused by the rules (${r.code})`)
      state = r.state
      events.push({ type: 'started', payload: {} })
      result = 'started'
    } else {
      const r = transition(state, { type: 'close' }, now)
      if (!r.ok) throw new Error(`auction ${auctionId}: close refused by the rules (${r.code})`)
      state = r.state
      events.push({ type: 'closed', payload: {} })
      const outcome = closeOutcome(state)
      if (outcome.next === 'unsuccessful') {
        const u = transition(state, { type: 'mark_unsuccessful' }, now)
        if (!u.ok) throw new Error(`auction ${auctionId}: unsuccessful refused by the rules (${u.code})`)
        state = u.state
        events.push({ type: 'unsuccessful', payload: {} })
      }
      result = { auctionId, outcome: outcome.next }
    }
    const { head, events: written } = await appendEvents(tx, { seq: row.lastSeq, hash: row.lastHash }, row.id, events, now, { kind: 'system' })
    await writeLive(tx, row.id, state, head)
    await recordAudit(tx, { system: true }, { action: from === 'scheduled' ? 'auction.started' : `auction.${state.status}`, entityType: 'auction', entityId: row.id, before: { status: from }, after: { status: state.status, at: now } })
    // An unsuccessful close reaches the suppliers' bells (the other steps of the clock ring none).
    await notifyParticipants({ tx, afterCommit }, row, state, events)
    afterCommit(() => publishAuctionCommitted({ auctionId: row.id, seq: head.seq, events: written }))
    return result
  })
}

/** One pass of the clock. Safe to call concurrently from any number of processes. */
export async function advanceAuctions(): Promise<AdvanceResult> {
  const out: AdvanceResult = { started: [], closed: [] }
  for (const id of await due('scheduled')) {
    const r = await advanceOne(id, 'scheduled')
    if (r === 'started') out.started.push(id)
  }
  // After the starts, so an auction whose whole window passed while no process ran starts then closes.
  for (const id of await due('running')) {
    const r = await advanceOne(id, 'running')
    if (r && r !== 'started') out.closed.push(r)
  }
  return out
}

// ---------------------------------------------------------------- the loop

/*
 * pg-boss schedules run at most once a minute, too coarse for an auction end; so each process runs
 * this loop (every 500 ms by default): the guarded UPDATEs make the extra runs harmless, and an
 * auction closes within about half a second of its end even if one process dies.
 */
const loop: { timer?: NodeJS.Timeout; running?: Promise<void>; stopped?: boolean } = ((globalThis as any).__caixiaoAuctionClock ??= {})

export function startAuctionClock(opts: { intervalMs?: number } = {}): void {
  const interval = opts.intervalMs ?? Number(process.env.AUCTION_CLOCK_MS ?? 500)
  if (loop.timer || loop.running) return
  loop.stopped = false
  const tick = () => {
    loop.timer = undefined
    loop.running = advanceAuctions()
      .then(() => undefined)
      .catch((err) => logFailure('auction clock failed', err))
      .finally(() => {
        loop.running = undefined
        if (!loop.stopped) {
          loop.timer = setTimeout(tick, interval)
          loop.timer.unref()
        }
      })
  }
  loop.timer = setTimeout(tick, 0)
  loop.timer.unref()
}

/** Stops the loop and waits for a pass in progress (call before closing the database). */
export async function stopAuctionClock(): Promise<void> {
  loop.stopped = true
  if (loop.timer) clearTimeout(loop.timer)
  loop.timer = undefined
  await loop.running
}

