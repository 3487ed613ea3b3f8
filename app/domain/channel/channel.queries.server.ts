import { and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, lte, or, sql, type SQL } from 'drizzle-orm'
import { db } from '~db/client'
import { categories, channelStockLines, channelStockReports, organizations, products, users } from '~db/schema'
import { recordNotTheirs } from '~/audit/record.server'
import type { Actor, DealerActor } from '~/auth/roles'
import { businessDate } from '~/domain/sales/sales.queries.server'
import { regionCanonical } from '~/i18n/regions'
import { D } from '~/utils/money'
import { likePattern, type ListParams } from '~/utils/list-params'
import { isUuid } from '~/utils/uuid'
import { assertChannelViewer, assertDealer } from './channel-access.server'
import {
  addDays,
  aggregateChannel,
  compareCover,
  isIsoDate,
  periodKinds,
  periodLabel,
  periodStartOf,
  periodStartsBetween,
  reportVersion,
  seriesByUnit,
  totalsByUnit,
  weeksSpanned,
  type ChannelAggregate,
  type GroupBy,
  type PeriodKind,
  type ReportedPeriod,
} from './channel.rules'
import { channelGroupings, type ChannelSort, type ReportFormContext } from './channel.validation'

/** A dealer sees its own reports only: every dealer query goes through this condition. */
function ownReports(actor: DealerActor): SQL {
  return eq(channelStockReports.dealerOrgId, actor.orgId)
}

export async function productOptions() {
  return db()
    .select({ id: products.id, sku: products.sku, nameEn: products.nameEn, nameZh: products.nameZh, unit: products.unit, wholeUnits: products.wholeUnits })
    .from(products)
    .where(eq(products.active, true))
    .orderBy(asc(products.sku))
}

/** The dealer's history: one row per reported period, newest first, with its totals per unit (totalsByUnit). */
export async function listOwnReports(actor: Actor, params: ListParams) {
  assertDealer(actor)
  const kind = (periodKinds as readonly string[]).includes(params.filters.kind ?? '') ? (params.filters.kind as PeriodKind) : null
  const where = and(ownReports(actor), kind ? eq(channelStockReports.periodKind, kind) : undefined)
  const [{ total }] = await db().select({ total: count() }).from(channelStockReports).where(where)
  const rows = await db()
    .select({
      id: channelStockReports.id,
      kind: channelStockReports.periodKind,
      periodStart: channelStockReports.periodStart,
      source: channelStockReports.source,
      updatedAt: channelStockReports.updatedAt,
      submittedBy: users.name,
      lines: sql<number>`(select count(*)::int from channel_stock_lines l where l.report_id = ${channelStockReports.id})`,
      // The report's lines with their units, added up per unit below (never across units). As text, so both drivers hand back the same.
      figures: sql<string>`(select coalesce(json_agg(json_build_object('unit', p.unit, 'onHand', l.on_hand::text, 'sold', l.sold::text)), '[]'::json)::text
        from channel_stock_lines l join products p on p.id = l.product_id where l.report_id = ${channelStockReports.id})`,
    })
    .from(channelStockReports)
    .innerJoin(users, eq(users.id, channelStockReports.submittedBy))
    .where(where)
    .orderBy(params.dir === 'asc' ? asc(channelStockReports.periodStart) : desc(channelStockReports.periodStart), asc(channelStockReports.periodKind))
    .limit(params.pageSize)
    .offset((params.page - 1) * params.pageSize)
  return {
    total,
    rows: rows.map(({ figures, ...r }) => ({
      ...r,
      label: periodLabel(r.kind, r.periodStart, actor.locale),
      totals: totalsByUnit(JSON.parse(figures) as Array<{ unit: string; onHand: string; sold: string }>),
      updatedAt: r.updatedAt.toISOString(),
    })),
  }
}

/** One of the dealer's own reports with its lines; another dealer's id (or a made-up one) is null, and the attempt is recorded as denied. */
export async function getOwnReport(actor: Actor, id: string, meta: { ip?: string | null } = {}) {
  assertDealer(actor)
  if (!isUuid(id)) return null
  const [report] = await db()
    .select({
      id: channelStockReports.id,
      kind: channelStockReports.periodKind,
      periodStart: channelStockReports.periodStart,
      source: channelStockReports.source,
      updatedAt: channelStockReports.updatedAt,
      submittedBy: users.name,
    })
    .from(channelStockReports)
    .innerJoin(users, eq(users.id, channelStockReports.submittedBy))
    .where(and(eq(channelStockReports.id, id), ownReports(actor)))
  if (!report) {
    await recordNotTheirs({ actor, ip: meta.ip, action: 'channel.report.view' }, { type: 'channel_stock_report', id })
    return null
  }
  const lines = await reportLines(report.id)
  return { ...report, label: periodLabel(report.kind, report.periodStart, actor.locale), updatedAt: report.updatedAt.toISOString(), lines }
}

async function reportLines(reportId: string) {
  const rows = await db()
    .select({ productId: products.id, sku: products.sku, nameEn: products.nameEn, nameZh: products.nameZh, unit: products.unit, onHand: channelStockLines.onHand, sold: channelStockLines.sold })
    .from(channelStockLines)
    .innerJoin(products, eq(products.id, channelStockLines.productId))
    .where(eq(channelStockLines.reportId, reportId))
    .orderBy(asc(products.sku))
  return rows.map((l) => ({ ...l, onHand: new D(l.onHand).toFixed(), sold: new D(l.sold).toFixed() }))
}

/** The dealer's own report of a period, to start the form from when it is reported again. */
export async function ownReportForPeriod(actor: Actor, kind: PeriodKind, date: string) {
  assertDealer(actor)
  const start = periodStartOf(kind, date)
  const [report] = await db()
    .select({ id: channelStockReports.id })
    .from(channelStockReports)
    .where(and(ownReports(actor), eq(channelStockReports.periodKind, kind), eq(channelStockReports.periodStart, start)))
  return report ? { id: report.id, lines: await reportLines(report.id) } : null
}

// Console ------------------------------------------------------------------------------------

export interface ChannelFilters {
  kind: PeriodKind
  from: string
  to: string
  region: string | null
  dealer: string | null
  category: string | null
  q: string
  group: GroupBy
}

/** Filters from the URL, each checked; the default range is the last 8 weeks (or 3 months) up to today. */
export async function channelFiltersFrom(params: Pick<ListParams, 'q' | 'filters'>): Promise<ChannelFilters> {
  const f = params.filters
  const kind: PeriodKind = f.kind === 'month' ? 'month' : 'week'
  const today = await businessDate(db())
  const defaultFrom = kind === 'week' ? addDays(periodStartOf('week', today), -7 * 7) : periodStartOf('month', addDays(periodStartOf('month', today), -62))
  let from = f.from && isIsoDate(f.from) ? periodStartOf(kind, f.from) : defaultFrom
  let to = f.to && isIsoDate(f.to) ? periodStartOf(kind, f.to) : periodStartOf(kind, today)
  if (from > to) [from, to] = [to, from]
  // A range of more than about two years is cut: the chart has a point per period.
  const starts = periodStartsBetween(kind, from, to)
  if (starts.length > 110) from = starts[starts.length - 110]
  return {
    kind,
    from,
    to,
    region: f.region ? f.region.slice(0, 100) : null,
    dealer: f.dealer && isUuid(f.dealer) ? f.dealer : null,
    category: f.category ? f.category.slice(0, 64) : null,
    q: params.q,
    group: (channelGroupings as readonly string[]).includes(f.group ?? '') ? (f.group as GroupBy) : 'dealer',
  }
}

export interface ChannelRow extends ChannelAggregate {
  dealerCode: string | null
  dealerNameEn: string | null
  dealerNameZh: string | null
  sku: string
  nameEn: string
  nameZh: string
  unit: string
  latestLabel: string
}

/**
 * Channel stock across dealers for staff with channel.view: per dealer (or region) and product over
 * the range, with the per-period series for the chart. Every line matching the filters is read and
 * added up in channel.rules, so the table, its totals, the chart and the export agree.
 */
export async function channelStockView(actor: Actor, filters: ChannelFilters) {
  assertChannelViewer(actor)
  const conds: SQL[] = [
    eq(organizations.kind, 'dealer'),
    eq(channelStockReports.periodKind, filters.kind),
    gte(channelStockReports.periodStart, filters.from),
    lte(channelStockReports.periodStart, filters.to),
  ]
  // A region is one whichever way it was typed ("East China", "华东"): every dealer of it is in.
  if (filters.region) conds.push(inArray(organizations.region, await regionSpellings(filters.region)))
  if (filters.dealer) conds.push(eq(organizations.id, filters.dealer))
  if (filters.category) conds.push(eq(categories.code, filters.category))
  if (filters.q) conds.push(or(ilike(products.sku, likePattern(filters.q)), ilike(products.nameEn, likePattern(filters.q)), ilike(products.nameZh, likePattern(filters.q)))!)
  const lines = await db()
    .select({
      dealerOrgId: channelStockReports.dealerOrgId,
      region: organizations.region,
      productId: channelStockLines.productId,
      periodStart: channelStockReports.periodStart,
      onHand: channelStockLines.onHand,
      sold: channelStockLines.sold,
      unit: products.unit,
    })
    .from(channelStockLines)
    .innerJoin(channelStockReports, eq(channelStockReports.id, channelStockLines.reportId))
    .innerJoin(organizations, eq(organizations.id, channelStockReports.dealerOrgId))
    .innerJoin(products, eq(products.id, channelStockLines.productId))
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(...conds))
  const weeks = weeksSpanned(filters.kind, filters.from, filters.to)
  const aggregates = aggregateChannel(
    lines.map((l) => ({ ...l, region: l.region === null ? null : regionCanonical(l.region) })),
    filters.group,
    filters.kind,
  )
  const starts = periodStartsBetween(filters.kind, filters.from, filters.to)
  const series = seriesByUnit(lines, starts).map((s) => ({ unit: s.unit, points: s.points.map((p) => ({ ...p, label: periodLabel(filters.kind, p.periodStart, actor.locale) })) }))

  const productIds = [...new Set(aggregates.map((a) => a.productId))]
  const dealerIds = [...new Set(aggregates.flatMap((a) => (a.dealerOrgId ? [a.dealerOrgId] : [])))]
  const productInfo = new Map(
    productIds.length
      ? (await db().select({ id: products.id, sku: products.sku, nameEn: products.nameEn, nameZh: products.nameZh, unit: products.unit }).from(products).where(inArray(products.id, productIds))).map((p) => [p.id, p])
      : [],
  )
  const dealerInfo = new Map(
    dealerIds.length
      ? (await db().select({ id: organizations.id, code: organizations.code, nameEn: organizations.nameEn, nameZh: organizations.nameZh }).from(organizations).where(inArray(organizations.id, dealerIds))).map((o) => [o.id, o])
      : [],
  )
  const rows: ChannelRow[] = aggregates.map((a) => {
    const p = productInfo.get(a.productId)!
    const d = a.dealerOrgId ? dealerInfo.get(a.dealerOrgId) : undefined
    return {
      ...a,
      dealerCode: d?.code ?? null,
      dealerNameEn: d?.nameEn ?? null,
      dealerNameZh: d?.nameZh ?? null,
      sku: p.sku,
      nameEn: p.nameEn,
      nameZh: p.nameZh,
      unit: p.unit,
      latestLabel: periodLabel(filters.kind, a.latestPeriod, actor.locale),
    }
  })
  return { rows, series, weeks: weeks.toDecimalPlaces(2).toFixed(), totals: totalsByUnit(rows) }
}

/** Sorts the aggregated rows as the table asks; figures compare as decimals, a missing figure last (a cover of ∞ is no missing one). */
export function sortChannelRows(rows: ChannelRow[], sort: ChannelSort, dir: 'asc' | 'desc', locale: string): ChannelRow[] {
  const sign = dir === 'asc' ? 1 : -1
  const text = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '', locale)
  const num = (a: string | null, b: string | null) => (a === null && b === null ? 0 : a === null ? 1 : b === null ? -1 : sign * new D(a).cmp(b))
  const by: Record<ChannelSort, (a: ChannelRow, b: ChannelRow) => number> = {
    region: (a, b) => sign * (text(a.region, b.region) || text(a.dealerCode, b.dealerCode) || text(a.sku, b.sku)),
    dealer: (a, b) => sign * (text(a.dealerCode, b.dealerCode) || text(a.sku, b.sku)),
    sku: (a, b) => sign * (text(a.sku, b.sku) || text(a.dealerCode, b.dealerCode)),
    onHand: (a, b) => num(a.onHand, b.onHand),
    sold: (a, b) => num(a.sold, b.sold),
    sellThrough: (a, b) => num(a.sellThrough, b.sellThrough),
    weeksOfCover: (a, b) => compareCover(a, b, dir),
  }
  // Ties fall back to what the reader sees (region, dealer, SKU), not to ids that differ between databases.
  return [...rows].sort((a, b) => by[sort](a, b) || text(a.region, b.region) || text(a.dealerCode, b.dealerCode) || text(a.sku, b.sku) || text(a.key, b.key))
}

/** Every stored spelling of the region a filter names. */
async function regionSpellings(region: string): Promise<string[]> {
  const canonical = regionCanonical(region)
  const stored = await db().selectDistinct({ region: organizations.region }).from(organizations).where(and(eq(organizations.kind, 'dealer'), isNotNull(organizations.region)))
  return [region, ...stored.map((r) => r.region!).filter((r) => regionCanonical(r) === canonical)]
}

/** Regions and dealers for the console's filters. */
export async function channelFilterOptions(actor: Actor) {
  assertChannelViewer(actor)
  const dealers = await db()
    .select({ id: organizations.id, code: organizations.code, nameEn: organizations.nameEn, nameZh: organizations.nameZh, region: organizations.region })
    .from(organizations)
    .where(eq(organizations.kind, 'dealer'))
    .orderBy(asc(organizations.code))
  const regions = [...new Set(dealers.flatMap((d) => (d.region ? [regionCanonical(d.region)] : [])))].sort()
  const cats = await db().select({ code: categories.code, nameEn: categories.nameEn, nameZh: categories.nameZh }).from(categories).orderBy(asc(categories.code))
  return { dealers, regions, categories: cats }
}

/** Every period the dealer has reported, with who last submitted it and when, so the form and the upload can say whose report a period's submission replaces. */
export async function ownReportedPeriods(actor: Actor): Promise<ReportedPeriod[]> {
  assertDealer(actor)
  const rows = await db()
    .select({ id: channelStockReports.id, kind: channelStockReports.periodKind, start: channelStockReports.periodStart, updatedAt: channelStockReports.updatedAt, submittedBy: users.name })
    .from(channelStockReports)
    .innerJoin(users, eq(users.id, channelStockReports.submittedBy))
    .where(ownReports(actor))
  return rows.map((r) => ({ key: `${r.kind}|${r.start}`, label: periodLabel(r.kind, r.start, actor.locale), version: reportVersion(r.id, r.updatedAt), submittedBy: r.submittedBy, updatedAt: r.updatedAt.toISOString() }))
}

/** What the report form's schema checks on the server (reportFormSchema): the active products and today. */
export async function reportFormContext(): Promise<ReportFormContext> {
  const [active, today] = await Promise.all([db().select({ id: products.id }).from(products).where(eq(products.active, true)), businessDate(db())])
  return { activeProductIds: new Set(active.map((p) => p.id.toLowerCase())), today }
}

/** Today where the host works, by the database clock: the default period of a new report. */
export async function reportingToday(): Promise<string> {
  return businessDate(db())
}
