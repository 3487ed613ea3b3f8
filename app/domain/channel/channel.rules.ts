// Pure rules of channel stock (渠道库存): which period a date belongs to, and the figures the console
// shows (sell-through rate, weeks of cover) together with how reports add up across dealers. No I/O.
import type Decimal from 'decimal.js'
import { D } from '~/utils/money'
import { numberFormat } from '~/utils/intl'

export const periodKinds = ['week', 'month'] as const
export type PeriodKind = (typeof periodKinds)[number]

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

/** A calendar date "YYYY-MM-DD" that exists (2026-02-30 does not). */
export function isIsoDate(s: string): boolean {
  const m = DATE_RE.exec(s)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])
}

// Dates are calendar days: computed at UTC midnight so no time zone or DST can shift them.
const toUtc = (s: string) => {
  if (!isIsoDate(s)) throw new RangeError(`not a date: ${s}`)
  const [y, m, d] = s.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d))
}
const fromUtc = (d: Date) => d.toISOString().slice(0, 10)

export function addDays(date: string, days: number): string {
  const d = toUtc(date)
  d.setUTCDate(d.getUTCDate() + days)
  return fromUtc(d)
}

/** The Monday of the ISO week the date falls in (ISO weeks start on Monday). */
export function isoWeekMonday(date: string): string {
  const d = toUtc(date)
  const weekday = (d.getUTCDay() + 6) % 7 // Monday 0 … Sunday 6
  return addDays(date, -weekday)
}

export function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`
}

/** The first day of the period of this kind that contains the date. */
export function periodStartOf(kind: PeriodKind, date: string): string {
  if (kind === 'week') return isoWeekMonday(date)
  toUtc(date) // refuses what is not a date, as isoWeekMonday does
  return monthStart(date)
}

/** The last day of the period that starts on `start`. */
export function periodEnd(kind: PeriodKind, start: string): string {
  if (kind === 'week') return addDays(start, 6)
  const d = toUtc(start)
  return fromUtc(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)))
}

/** ISO 8601 week number and its week-year: 2026-12-28 is in 2026-W53, 2027-01-01 too. */
export function isoWeek(date: string): { year: number; week: number } {
  const monday = toUtc(isoWeekMonday(date))
  // The Thursday of the week decides its year.
  const thursday = new Date(monday)
  thursday.setUTCDate(monday.getUTCDate() + 3)
  const year = thursday.getUTCFullYear()
  const jan1 = Date.UTC(year, 0, 1)
  const week = Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7) + 1
  return { year, week }
}

/** "2026-W47" or "2026-11": how a period is named in tables, charts and exports. */
export function periodLabel(kind: PeriodKind, start: string): string {
  if (kind === 'month') return start.slice(0, 7)
  const { year, week } = isoWeek(start)
  return `${year}-W${String(week).padStart(2, '0')}`
}

/** Every period start from the period of `from` up to the period of `to`, both included. */
export function periodStartsBetween(kind: PeriodKind, from: string, to: string): string[] {
  const out: string[] = []
  let cur = periodStartOf(kind, from)
  const last = periodStartOf(kind, to)
  while (cur <= last && out.length < 1000) {
    out.push(cur)
    cur = kind === 'week' ? addDays(cur, 7) : addDays(periodEnd('month', cur), 1)
  }
  return out
}

/** How many weeks the periods from..to span: the divisor of "average weekly sales". */
export function weeksSpanned(kind: PeriodKind, from: string, to: string): Decimal {
  const starts = periodStartsBetween(kind, from, to)
  if (!starts.length) return new D(0)
  if (kind === 'week') return new D(starts.length)
  const days = (toUtc(periodEnd('month', starts[starts.length - 1])).getTime() - toUtc(starts[0]).getTime()) / 86_400_000 + 1
  return new D(days).div(7)
}

/**
 * Sell-through rate of a range: sold ÷ (sold + ending on hand), i.e. the share of what the
 * dealer had to sell that it sold. Null when there was nothing to sell and nothing sold.
 */
export function sellThroughRate(sold: Decimal.Value, endingOnHand: Decimal.Value): Decimal | null {
  const s = new D(sold)
  const total = s.plus(endingOnHand)
  if (total.lte(0)) return null
  return s.div(total)
}

/**
 * Weeks of cover: how many weeks the ending stock lasts at the range's average weekly sales
 * (on hand ÷ (sold ÷ weeks)). Null when nothing was sold: the cover is unbounded, shown as ∞
 * when there is stock and — when there is none.
 */
export function weeksOfCover(onHand: Decimal.Value, sold: Decimal.Value, weeks: Decimal.Value): Decimal | null {
  const s = new D(sold)
  const w = new D(weeks)
  if (s.lte(0) || w.lte(0)) return null
  return new D(onHand).div(s.div(w))
}

/** The "no cover figure" mark: ∞ for unsold stock, — for no stock and no sales. */
export function coverMark(onHand: Decimal.Value): '∞' | '—' {
  return new D(onHand).gt(0) ? '∞' : '—'
}

/** A report line as the console reads it, with its dealer, region and period. */
export interface ChannelLine {
  dealerOrgId: string
  region: string | null
  productId: string
  periodStart: string
  onHand: string
  sold: string
}

export type GroupBy = 'dealer' | 'region'

export interface ChannelAggregate {
  /** The dealer's id (group by dealer) or the region (group by region), and the product. */
  key: string
  dealerOrgId: string | null
  region: string | null
  productId: string
  /** Latest reported on hand: per dealer, the on hand of its latest report of the product in the range; summed over a region's dealers. */
  onHand: string
  /** Sold in the range: the sum over every report in it. */
  sold: string
  latestPeriod: string
  reports: number
  sellThrough: string | null
  weeksOfCover: string | null
}

const fixed = (d: Decimal | null, dp: number) => (d ? d.toDecimalPlaces(dp).toFixed(dp) : null)

/**
 * Channel stock per dealer (or region) and product over a range of periods. `weeks` is how many
 * weeks the range spans (weeksSpanned), so a dealer that skipped a week does not look faster-selling.
 */
export function aggregateChannel(lines: readonly ChannelLine[], groupBy: GroupBy, weeks: Decimal.Value): ChannelAggregate[] {
  // Per dealer and product first: the latest report's on hand, and the sum of sold.
  const perDealer = new Map<string, { line: ChannelLine; sold: Decimal; reports: number }>()
  for (const l of lines) {
    const k = `${l.dealerOrgId}|${l.productId}`
    const cur = perDealer.get(k)
    if (!cur) perDealer.set(k, { line: l, sold: new D(l.sold), reports: 1 })
    else {
      cur.sold = cur.sold.plus(l.sold)
      cur.reports += 1
      if (l.periodStart > cur.line.periodStart) cur.line = l
    }
  }
  const groups = new Map<string, { dealerOrgId: string | null; region: string | null; productId: string; onHand: Decimal; sold: Decimal; latest: string; reports: number }>()
  for (const { line, sold, reports } of perDealer.values()) {
    const owner = groupBy === 'dealer' ? line.dealerOrgId : (line.region ?? '')
    const k = `${owner}|${line.productId}`
    const g = groups.get(k) ?? { dealerOrgId: groupBy === 'dealer' ? line.dealerOrgId : null, region: line.region, productId: line.productId, onHand: new D(0), sold: new D(0), latest: line.periodStart, reports: 0 }
    g.onHand = g.onHand.plus(line.onHand)
    g.sold = g.sold.plus(sold)
    g.reports += reports
    if (line.periodStart > g.latest) g.latest = line.periodStart
    groups.set(k, g)
  }
  return [...groups.entries()].map(([key, g]) => ({
    key,
    dealerOrgId: g.dealerOrgId,
    region: g.region,
    productId: g.productId,
    onHand: g.onHand.toFixed(),
    sold: g.sold.toFixed(),
    latestPeriod: g.latest,
    reports: g.reports,
    sellThrough: fixed(sellThroughRate(g.sold, g.onHand), 4),
    weeksOfCover: fixed(weeksOfCover(g.onHand, g.sold, weeks), 1),
  }))
}

/** The chart's series: per period, on hand and sold summed over every line shown. */
export function seriesByPeriod(lines: readonly ChannelLine[], starts: readonly string[]): Array<{ periodStart: string; onHand: string; sold: string }> {
  const sums = new Map(starts.map((s) => [s, { onHand: new D(0), sold: new D(0) }]))
  for (const l of lines) {
    const s = sums.get(l.periodStart)
    if (!s) continue
    s.onHand = s.onHand.plus(l.onHand)
    s.sold = s.sold.plus(l.sold)
  }
  return starts.map((s) => ({ periodStart: s, onHand: sums.get(s)!.onHand.toFixed(), sold: sums.get(s)!.sold.toFixed() }))
}

/** Quantities are numeric(18,4), never negative here. */
const QTY_RE = /^\d{1,14}(\.\d{1,4})?$/
export function isChannelQuantity(s: string): boolean {
  return QTY_RE.test(s)
}

/** A rate 0.4567 as "45.7 %" in the user's locale. */
export function formatRate(rate: string | null, locale: string): string {
  if (rate === null) return '—'
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(rate as unknown as number)
}
