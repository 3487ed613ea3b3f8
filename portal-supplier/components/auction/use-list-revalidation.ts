import { useRevalidator } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { useSocket, useSocketEvent } from '~/realtime/client'

// The clock starts and closes auctions within about a second of their times; a little slack lets
// the loader see the new state rather than the old one.
const AFTER_CLOCK_MS = 1500
const IDLE_REFRESH_MS = 30_000
const MAX_TIMER_MS = 2 ** 31 - 1
/**
 * Announcements arriving within this window share one refetch: a soft-close race extends an
 * auction many times a second, and closing several auctions at once announces each of them.
 */
const COALESCE_MS = 300

interface ListRow {
  status: string
  startsAt: string
  endsAt: string
}

/**
 * Keeps the supplier's auction list current. The server announces every change a row shows
 * (`auction:listChanged`: pause, resume, extension, start, close, cancellation, award) to the
 * invited organizations only, and an invitation arrives as an auction notification; either makes
 * the list refetch through its own scoped loader, as does a (re)connect, which may have missed
 * some. With `standing`, a change of the organization's own rank or terms acceptance
 * (`auction:standingChanged`) refetches too. The timers stay for a socket that is down: a refetch
 * just after the next start or end on screen, and a slow idle refresh.
 */
export function useAuctionListRevalidation(rows: readonly ListRow[], opts: { standing?: boolean } = {}) {
  const revalidator = useRevalidator()
  const revalidate = useRef(revalidator.revalidate)
  revalidate.current = revalidator.revalidate

  // A window opened by the first announcement, not a debounce that restarts on each: a steady
  // stream of extensions still refetches every COALESCE_MS instead of never.
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null)
  const soon = useRef(() => {
    if (pending.current !== null) return
    pending.current = setTimeout(() => {
      pending.current = null
      revalidate.current()
    }, COALESCE_MS)
  })
  useEffect(
    () => () => {
      if (pending.current !== null) clearTimeout(pending.current)
      pending.current = null
    },
    [],
  )

  useSocketEvent('notification:new', (n) => {
    if (n.kind.startsWith('auction.')) soon.current()
  })
  useSocketEvent('auction:listChanged', () => soon.current())
  // Pages that show the organization's own rank and terms (the home page) follow them too; only
  // the organizations concerned are told, so a busy auction does not refetch every bidder's page.
  const standing = !!opts.standing
  useSocketEvent('auction:standingChanged', () => {
    if (standing) soon.current()
  })

  // Announcements sent while the socket was not connected are lost: the first connect after a
  // server-rendered page (its loader read before the socket existed) and every reconnect refetch
  // once. A client-side navigation finds the socket connected and costs nothing extra.
  const socket = useSocket()
  useEffect(() => {
    if (!socket) return
    const onConnect = () => soon.current()
    socket.on('connect', onConnect)
    return () => void socket.off('connect', onConnect)
  }, [socket])

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
