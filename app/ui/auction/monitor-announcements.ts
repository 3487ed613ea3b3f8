// What the buyer's monitor says aloud (WCAG 4.1.3): the state pushes come once per event, often
// several a second under a burst, and a live region that spoke on each would drown the reader in
// stale prices. So each push only adds to what is pending, and the pending news is spoken at most
// once per interval: the first news after a quiet spell at once, later news coalesced into one
// sentence with the latest best price and how many bids arrived meanwhile.
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { BuyerStateDto } from '~/realtime/events'
import { formatMoney } from '~/utils/money'
import { logTime } from './event-log'

/** At most one announcement per this many ms. */
export const ANNOUNCE_INTERVAL_MS = 5_000

type Snapshot = Pick<BuyerStateDto, 'seq' | 'status' | 'bestPrice' | 'ladder' | 'bids' | 'extensions' | 'endsAt'>

export interface MonitorNews {
  /** Accepted bids that arrived since the last announcement. */
  bids: number
  /** The best price as it stands now, when it moved (a new bid, or a void raising it again). */
  best: { amount: string; supplier: string } | { amount: null } | null
  /** The end after the latest extension, when there was one. */
  extended: { endsAt: string; count: number } | null
  /** The end after the buyer moved it (not a soft-close extension, not a resume's shift). */
  moved: { endsAt: string } | null
  /** The latest change of the auction's status that a buyer acts on (a resume moves the end; null once a later move superseded it). */
  status: { kind: 'paused' | 'closed' | 'cancelled' } | { kind: 'resumed'; endsAt: string | null } | null
}

export const NO_NEWS: MonitorNews = { bids: 0, best: null, extended: null, moved: null, status: null }

function hasNews(n: MonitorNews) {
  return n.best !== null || n.extended !== null || n.moved !== null || n.status !== null
}

/** What changed between two states the monitor showed, added to what is still pending. */
export function addNews(pending: MonitorNews, prev: Snapshot, next: Snapshot, supplierName: (orgId: string) => string): MonitorNews {
  const seen = new Set(prev.bids.map((b) => b.id))
  const bids = pending.bids + next.bids.filter((b) => !seen.has(b.id) && !b.voided).length
  const leader = next.ladder[0]
  const prevLeader = prev.ladder[0]
  const moved = next.bestPrice !== prev.bestPrice || leader?.orgId !== prevLeader?.orgId
  const best = !moved ? pending.best : leader && next.bestPrice ? { amount: next.bestPrice, supplier: leader.orgName ?? supplierName(leader.orgId) } : { amount: null }
  let extended = next.extensions > prev.extensions ? { endsAt: next.endsAt, count: next.extensions } : pending.extended
  // Without it the line kept saying "resumed; it ends at 15:13" under a header that said 15:23.
  let endMoved = next.endsAt !== prev.endsAt && next.extensions === prev.extensions && next.status === prev.status ? { endsAt: next.endsAt } : pending.moved
  let status = pending.status
  const resumedNow = next.status === 'running' && prev.status === 'paused'
  if (next.status !== prev.status) {
    if (next.status === 'paused') status = { kind: 'paused' }
    else if (resumedNow) status = { kind: 'resumed', endsAt: next.endsAt }
    // The results replace the monitor after a reload, but a reader still hears why the bids stopped.
    else if (next.status === 'closed' || next.status === 'unsuccessful' || next.status === 'awarded') status = { kind: 'closed' }
    else if (next.status === 'cancelled') status = { kind: 'cancelled' }
  }
  // Only the latest end is said: news that moved it earlier in the same announcement gives up its time
  // (a move, then an extension by a late bid, ended on the superseded 15:23 after the true 15:26).
  const endNews = resumedNow ? 'resumed' : next.extensions > prev.extensions ? 'extended' : endMoved !== pending.moved ? 'moved' : null
  if (endNews) {
    if (endNews !== 'extended') extended = null
    if (endNews !== 'moved') endMoved = null
    if (endNews !== 'resumed' && status?.kind === 'resumed') status = { kind: 'resumed', endsAt: null }
  }
  return { bids, best, extended, moved: endMoved, status }
}

/**
 * Rate-limits announcements: `push` news as it comes; `speak` is called at most once per
 * `interval` with everything pending since the last call. Kept apart from React so a test can
 * drive it with fake timers.
 */
export class Coalescer {
  private pending: MonitorNews = NO_NEWS
  private last = -Infinity
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly speak: (n: MonitorNews) => void,
    private readonly interval = ANNOUNCE_INTERVAL_MS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  update(f: (pending: MonitorNews) => MonitorNews) {
    this.pending = f(this.pending)
    if (!hasNews(this.pending) || this.timer) return
    const wait = this.last + this.interval - this.now()
    if (wait <= 0) this.flush()
    else this.timer = setTimeout(() => this.flush(), wait)
  }

  private flush() {
    this.timer = null
    if (!hasNews(this.pending)) return
    const n = this.pending
    this.pending = NO_NEWS
    this.last = this.now()
    this.speak(n)
  }

  dispose() {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}

export type ConnectionPhase = 'connecting' | 'live' | 'lost' | 'restored'
export const connectionKey: Record<ConnectionPhase, string> = { connecting: 'connecting', live: 'connected', lost: 'connectionLost', restored: 'reconnected' }

/**
 * The connection line says only connected, lost and restored: a lost connection reads differently
 * from the first wait, so a listener knows the prices on screen may be stale.
 */
export function nextConnectionPhase(prev: ConnectionPhase, connected: boolean): ConnectionPhase {
  if (connected) return prev === 'lost' || prev === 'restored' ? 'restored' : 'live'
  return prev === 'connecting' ? 'connecting' : 'lost'
}

type T = (key: string, options?: Record<string, unknown>) => string

/** One sentence per kind of news, in the order a buyer weighs them: the end first, then the price. */
export function newsText(n: MonitorNews, t: T, money: (a: string) => string, time: (iso: string) => string): string {
  const parts: string[] = []
  if (n.status) {
    if (n.status.kind !== 'resumed') parts.push(t(`console.announce.${n.status.kind}`))
    else parts.push(n.status.endsAt ? t('console.announce.resumed', { time: time(n.status.endsAt) }) : t('console.announce.resumedOnly'))
  }
  if (n.extended) parts.push(t('console.announce.extended', { n: n.extended.count, time: time(n.extended.endsAt) }))
  if (n.moved) parts.push(t('console.announce.moved', { time: time(n.moved.endsAt) }))
  if (n.best) {
    if (n.best.amount === null) parts.push(t('console.announce.noBest'))
    else if (n.bids > 1) parts.push(t('console.announce.bestAfterBids', { count: n.bids, amount: money(n.best.amount), supplier: n.best.supplier }))
    else parts.push(t('console.announce.best', { amount: money(n.best.amount), supplier: n.best.supplier }))
  }
  // Chinese sentences follow each other without a space; English ones take one.
  return parts.reduce((text, part) => (text ? `${text}${/[。！？]$/.test(text) ? '' : ' '}${part}` : part), '')
}

/** The monitor's announcement: the text for its polite region, rate-limited as above. */
export function useMonitorAnnouncement(view: BuyerStateDto, locale: string, timeZone: string, supplierName: (orgId: string) => string): string {
  const { t } = useTranslation('auction')
  const [text, setText] = useState('')
  const prev = useRef<Snapshot>(view)
  // The latest renderers, so a trailing announcement reads in the current language.
  const render = useRef({ t, locale, timeZone, currency: view.currency, supplierName })
  render.current = { t, locale, timeZone, currency: view.currency, supplierName }
  const coalescer = useRef<Coalescer | null>(null)
  useEffect(() => {
    const c = new Coalescer((n) => {
      const r = render.current
      setText(
        newsText(
          n,
          r.t as T,
          (a) => formatMoney(a, r.currency, r.locale),
          (iso) => logTime(iso, r.locale, r.timeZone),
        ),
      )
    })
    coalescer.current = c
    return () => c.dispose()
  }, [])
  useEffect(() => {
    const before = prev.current
    if (view.seq <= before.seq) return
    prev.current = view
    coalescer.current?.update((p) => addNews(p, before, view, render.current.supplierName))
  }, [view])
  return text
}
