// Pure rules of channel stock (渠道库存): which period a date belongs to, and the figures the console
// shows (sell-through rate, weeks of cover) together with how reports add up across dealers. No I/O.
import type Decimal from 'decimal.js'
import { mapHeaders, type ImportSpec } from '~/domain/catalog/catalog-import.rules'
import { D } from '~/utils/money'
import { resources } from '~/i18n/resources'
import { dateLocale } from '~/utils/dates'
import { dateTimeFormat, numberFormat } from '~/utils/intl'

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

/**
 * How a period is named in tables, charts and exports, in the reader's language: "2026 年第 47 周" or
 * "Week 47, 2026", "2026 年 11 月" or "Nov 2026". The ISO code "2026-W47" is an English abbreviation a
 * Chinese reader does not write; the week number stays the ISO one, which is what both mean.
 */
export function periodLabel(kind: PeriodKind, start: string, locale: string): string {
  const names = resources[locale === 'en' ? 'en' : 'zh-CN'].channel.period
  if (kind === 'month') {
    // English names the month ("Nov"), Chinese numbers it (11 月).
    const month = locale === 'en' ? dateTimeFormat(dateLocale('en'), { month: 'short', timeZone: 'UTC' }).format(toUtc(start)) : String(Number(start.slice(5, 7)))
    return names.month.replace('{{year}}', start.slice(0, 4)).replace('{{month}}', month)
  }
  const { year, week } = isoWeek(start)
  return names.week.replace('{{year}}', String(year)).replace('{{week}}', String(week))
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
 * Weeks of cover: how many weeks the ending stock lasts at the average weekly sales
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

/**
 * Two rows by weeks of cover as the table shows them. A cover without sales is ∞ where there is stock (coverMark): the
 * largest of all, so a descending sort, the way overstock and dead stock are looked for, starts with stock that never
 * sold. "—" (no stock, no sales) has no cover at all and stays last in either direction.
 */
export function compareCover(a: Pick<ChannelAggregate, 'onHand' | 'weeksOfCover'>, b: Pick<ChannelAggregate, 'onHand' | 'weeksOfCover'>, dir: 'asc' | 'desc'): number {
  const cover = (r: Pick<ChannelAggregate, 'onHand' | 'weeksOfCover'>) => (r.weeksOfCover !== null ? new D(r.weeksOfCover) : coverMark(r.onHand) === '∞' ? new D(Infinity) : null)
  const x = cover(a)
  const y = cover(b)
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1
  return dir === 'asc' ? x.cmp(y) : y.cmp(x)
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
 * Channel stock per dealer (or region) and product over a range of periods of one kind. Each
 * dealer's average weekly sales of a product are over its own reporting weeks (weeksSpanned from its first report); a
 * region sells at the sum of its dealers' rates, so its cover is its dealers' stock over that sum.
 */
export function aggregateChannel(lines: readonly ChannelLine[], groupBy: GroupBy, kind: PeriodKind): ChannelAggregate[] {
  // Per dealer and product first: the latest report's on hand, the sum of sold, the first period reported.
  const perDealer = new Map<string, { line: ChannelLine; first: string; sold: Decimal; reports: number }>()
  for (const l of lines) {
    const k = `${l.dealerOrgId}|${l.productId}`
    const cur = perDealer.get(k)
    if (!cur) perDealer.set(k, { line: l, first: l.periodStart, sold: new D(l.sold), reports: 1 })
    else {
      cur.sold = cur.sold.plus(l.sold)
      cur.reports += 1
      if (l.periodStart > cur.line.periodStart) cur.line = l
      if (l.periodStart < cur.first) cur.first = l.periodStart
    }
  }
  const groups = new Map<string, { dealerOrgId: string | null; region: string | null; productId: string; onHand: Decimal; sold: Decimal; weekly: Decimal; latest: string; reports: number }>()
  for (const { line, first, sold, reports } of perDealer.values()) {
    const owner = groupBy === 'dealer' ? line.dealerOrgId : (line.region ?? '')
    const k = `${owner}|${line.productId}`
    const g = groups.get(k) ?? { dealerOrgId: groupBy === 'dealer' ? line.dealerOrgId : null, region: line.region, productId: line.productId, onHand: new D(0), sold: new D(0), weekly: new D(0), latest: line.periodStart, reports: 0 }
    g.onHand = g.onHand.plus(line.onHand)
    g.sold = g.sold.plus(sold)
    // Over its weeks from its first report to its latest: weeks before it began (or after it stopped)
    // are no weeks of no sales, so cover does not move when the date filter widens; a skipped week still counts.
    g.weekly = g.weekly.plus(sold.div(weeksSpanned(kind, first, line.periodStart)))
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
    // Sell-through needs no such care: weeks without reports add nothing to sold nor to the latest stock.
    sellThrough: fixed(sellThroughRate(g.sold, g.onHand), 4),
    weeksOfCover: fixed(weeksOfCover(g.onHand, g.weekly, 1), 1),
  }))
}

/** Figures of one unit added up. */
export interface UnitTotal {
  /** The unit as a product stores it ("pcs"); shown through unitName. */
  unit: string
  onHand: string
  sold: string
}

/** One unit whichever way its code was typed ("PCS", "pcs "): quantities of one unit only are ever added up. */
export const unitKey = (unit: string) => unit.trim().toLowerCase()

/**
 * On hand and sold added up per unit, never across units: 120 sets and 1,500 pieces are not 1,620
 * of anything. One entry when a single unit is in play (the only case with a grand total), none for
 * no items; sorted by unit.
 */
export function totalsByUnit(items: ReadonlyArray<{ unit: string; onHand: Decimal.Value; sold: Decimal.Value }>): UnitTotal[] {
  const sums = new Map<string, { unit: string; onHand: Decimal; sold: Decimal }>()
  for (const it of items) {
    const k = unitKey(it.unit)
    const cur = sums.get(k) ?? { unit: it.unit.trim(), onHand: new D(0), sold: new D(0) }
    cur.onHand = cur.onHand.plus(it.onHand)
    cur.sold = cur.sold.plus(it.sold)
    sums.set(k, cur)
  }
  return [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => ({ unit: t.unit, onHand: t.onHand.toFixed(), sold: t.sold.toFixed() }))
}

/**
 * The chart's series, one per unit (a chart adding sets to kilograms draws nothing real): per
 * period, on hand and sold summed over the lines of that unit. With no lines, one empty series
 * (unit null) keeps the periods on the axis.
 */
export function seriesByUnit(lines: ReadonlyArray<ChannelLine & { unit: string }>, starts: readonly string[]) {
  const byUnit = new Map<string, { unit: string; lines: ChannelLine[] }>()
  for (const l of lines) {
    const k = unitKey(l.unit)
    const g = byUnit.get(k) ?? { unit: l.unit.trim(), lines: [] }
    g.lines.push(l)
    byUnit.set(k, g)
  }
  if (!byUnit.size) return [{ unit: null, points: seriesByPeriod([], starts) }]
  return [...byUnit.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => ({ unit: g.unit as string | null, points: seriesByPeriod(g.lines, starts) }))
}

/** Per period, on hand and sold summed over the lines given (of one unit: see seriesByUnit). */
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

/**
 * The upload's template lists every active product with blank figures, and the dealer fills in the
 * ones it carries. A row whose on_hand and sold are both blank reports nothing, whatever its SKU or
 * name cells hold, so it is blanked out before the rows are checked, as the form skips its empty
 * rows; it keeps its place, so the other rows' messages name their spreadsheet rows. `filled` counts
 * the rows left; null when the header is not one the spec reads (the check of the rows reports that).
 */
export function skipUnfilledRows(grid: readonly (readonly string[])[], spec: ImportSpec): { grid: string[][]; filled: number | null } {
  const copy = grid.map((r) => [...r])
  if (!grid.length) return { grid: copy, filled: null }
  const { keys, issues } = mapHeaders(grid[0], spec)
  if (issues.length) return { grid: copy, filled: null }
  const figures = keys.flatMap((k, i) => (k === 'on_hand' || k === 'sold' ? [i] : []))
  let filled = 0
  for (let r = 1; r < copy.length; r++) {
    if (figures.some((i) => (copy[r][i] ?? '').trim() !== '')) filled += 1
    else copy[r] = []
  }
  return { grid: copy, filled }
}

/** A period the dealer has reported, as the pages that may replace its report name it. */
export interface ReportedPeriod {
  /** `${kind}|${periodStart}` */
  key: string
  label: string
  /** reportVersion of the report */
  version: string
  submittedBy: string
  updatedAt: string
}

/** The dealer's report of the period of this kind containing `date`, if it has one. */
export function reportedPeriodOf(reported: readonly ReportedPeriod[], kind: PeriodKind, date: string): ReportedPeriod | null {
  if (!isIsoDate(date)) return null
  const key = `${kind}|${periodStartOf(kind, date)}`
  return reported.find((r) => r.key === key) ?? null
}

/** A report as it stands: another submission of its period (which keeps its id) changes it. */
export function reportVersion(id: string, updatedAt: Date | string): string {
  return `${id}@${new Date(updatedAt).toISOString()}`
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
