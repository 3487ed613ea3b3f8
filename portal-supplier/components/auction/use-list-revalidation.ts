import { useRevalidator } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { useSocketEvent } from '~/realtime/client'

// The clock starts and closes auctions within about a second of their times; a little slack lets
// the loader see the new state rather than the old one.
const AFTER_CLOCK_MS = 1500
const IDLE_REFRESH_MS = 30_000
const MAX_TIMER_MS = 2 ** 31 - 1

interface ListRow {
  status: string
  startsAt: string
  endsAt: string
}

/**
 * Keeps the supplier's auction list current: an invitation (or any auction notification) arrives
 * over the notification channel and the list refetches through its own scoped loader; starts and
 * closes are data (the times on screen), so a timer refetches just after the next one, and a slow
 * refresh catches pauses, extensions and awards that announce nothing to this page.
 */
export function useAuctionListRevalidation(rows: readonly ListRow[]) {
  const revalidator = useRevalidator()
  const revalidate = useRef(revalidator.revalidate)
  revalidate.current = revalidator.revalidate

  useSocketEvent('notification:new', (n) => {
    if (n.kind.startsWith('auction.')) revalidate.current()
  })

  const next = nextChange(rows, Date.now())
  useEffect(() => {
    const due = next === null ? IDLE_REFRESH_MS : Math.min(IDLE_REFRESH_MS, Math.max(0, next - Date.now()) + AFTER_CLOCK_MS)
    const timer = setTimeout(() => {
      if (document.visibilityState === 'visible') revalidate.current()
    }, Math.min(due, MAX_TIMER_MS))
    return () => clearTimeout(timer)
  }, [next, rows])
}

/** The next scheduled start or end still ahead, by the client's clock (only a refetch hint). */
function nextChange(rows: readonly ListRow[], now: number): number | null {
  let best: number | null = null
  for (const r of rows) {
    const t = r.status === 'scheduled' ? Date.parse(r.startsAt) : r.status === 'running' ? Date.parse(r.endsAt) : NaN
    if (Number.isFinite(t) && t > now - AFTER_CLOCK_MS && (best === null || t < best)) best = t
  }
  return best
}
