// After-commit notification of committed auction events, inside this process. The socket layer
// (next session: auction:state to the auction's room, outbid alerts) subscribes here; the typed
// socket event map is not ours to change yet, so commands publish to this hook and nothing else.
// Listeners run after the commit only (the commands call publish from transact's afterCommit), so
// a rolled-back bid is never announced. Other processes learn through their own socket adapter.
import type { AuctionEvent } from './auction-events.rules'
import { logFailure } from '~/utils/errors'

export interface AuctionCommitted {
  auctionId: string
  /** The sequence number after these events: clients compare it with theirs to spot a gap. */
  seq: number
  events: AuctionEvent[]
  /** Active participants whose own rank these events changed (bids, voids). */
  ranksMoved?: string[]
}

type Listener = (c: AuctionCommitted) => void | Promise<void>
const holder: { listeners?: Set<Listener> } = ((globalThis as any).__caixiaoAuctionListeners ??= {})
const listeners = (holder.listeners ??= new Set())

export function onAuctionCommitted(fn: Listener): () => void {
  listeners.add(fn)
  return () => listeners.delete(fn)
}

export async function publishAuctionCommitted(c: AuctionCommitted): Promise<void> {
  if (!c.events.length) return
  for (const fn of listeners) {
    try {
      await fn(c)
    } catch (err) {
      logFailure('auction listener failed', err)
    }
  }
}
