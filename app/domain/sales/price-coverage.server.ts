// How long the price lists keep pricing the dealers who use them. A dealer prices only from current lists of its tier in
// its own currency (pricing.rules.ts), so lists ending by time passing would leave it "price on request" for everything
// without anyone having done anything: the price-list pages and the pricing managers' home warn ahead, and a daily job
// rings their bells (price-coverage-reminders.server.ts).
import { sql } from 'drizzle-orm'
import { db, rawRows, type DbOrTx } from '~db/client'
import type { Actor } from '~/auth/roles'
import { assertPricingViewer } from './sales-access.server'
import { businessDateSql } from './sales.queries.server'

/** Coverage ending within this many days (or already ended) is warned about on the pages and queued on the home. */
export const COVERAGE_WARNING_DAYS = 30

export interface PriceCoverage {
  tier: string
  currency: string
  /** Dealers with terms on this tier and currency. */
  dealers: number
  /** The last business date some current list prices them; null when open-ended or when nothing prices them today. */
  coveredThrough: string | null
  /** Days from today (today included) that stay priced: 0 when nothing prices them today, null when open-ended. */
  daysLeft: number | null
}

/**
 * Per (tier, currency) some dealer's terms use: how many dealers, and the first business date from today on that no list
 * of that tier and currency prices, whatever the lists' order or overlaps. The lists not ended are taken from today
 * (a list started earlier counts from today), sorted by start; the running latest end reaches a gap where the next list
 * starts after it (valid_to is exclusive, so a list starting on the day another ends leaves none). Nothing starting
 * today means nothing prices them today. The same statement serves the pages, the home's count and the job, so they
 * never disagree. Columns: tier, currency, dealers, covered_through (text), days_left. A function: businessDateSql comes from
 * sales.queries.server, which imports this module for its filter.
 */
export const coverageSql = () => sql`
  with today as (select ${businessDateSql} as d),
  used as (select price_tier as tier, currency, count(*)::int as dealers from dealer_terms group by price_tier, currency),
  spans as (
    select p.tier, p.currency, greatest(p.valid_from, today.d) as f, coalesce(p.valid_to, 'infinity'::date) as e
    from price_lists p join used u on u.tier = p.tier and u.currency = p.currency cross join today
    where p.valid_to is null or p.valid_to > today.d
  ),
  reach as (
    select tier, currency, f, max(e) over w as e, lead(f) over w as next_f
    from spans window w as (partition by tier, currency order by f, e rows between unbounded preceding and current row)
  ),
  ends as (
    select tier, currency, min(f) as first_f, min(e) filter (where next_f is null or next_f > e) as e
    from reach group by tier, currency
  )
  select u.tier, u.currency, u.dealers,
    case when en.first_f = today.d and en.e <> 'infinity'::date then to_char(en.e - 1, 'YYYY-MM-DD') end as covered_through,
    case when en.first_f is distinct from today.d then 0 when en.e <> 'infinity'::date then en.e - today.d end as days_left
  from used u cross join today left join ends en on en.tier = u.tier and en.currency = u.currency`

/** The (tier, currency) pairs whose coverage ends within COVERAGE_WARNING_DAYS or has ended, as SQL rows of tier and currency. */
export const endingCoverageSql = () => sql`select c.tier, c.currency from (${coverageSql()}) c where c.days_left <= ${COVERAGE_WARNING_DAYS}`

/** The home's count: what the price-list page filtered by ?coverage=ending warns about. */
export const endingCoverageCountSql = () => sql`(select count(*)::int from (${endingCoverageSql()}) ending)`

export function isCoverageEnding(c: Pick<PriceCoverage, 'daysLeft'>): boolean {
  return c.daysLeft !== null && c.daysLeft <= COVERAGE_WARNING_DAYS
}

/** Every (tier, currency) in use with its coverage, by tier and currency; `ending` keeps only those warned about. For the system's own jobs. */
export async function readPriceCoverage(q: DbOrTx = db(), opts: { ending?: boolean } = {}): Promise<PriceCoverage[]> {
  const rows = await rawRows<{ tier: string; currency: string; dealers: number; covered_through: string | null; days_left: number | null }>(
    q,
    sql`select * from (${coverageSql()}) c ${opts.ending ? sql`where c.days_left <= ${COVERAGE_WARNING_DAYS}` : sql``} order by c.tier, c.currency`,
  )
  return rows.map((r) => ({ tier: r.tier, currency: r.currency, dealers: r.dealers, coveredThrough: r.covered_through, daysLeft: r.days_left }))
}

/** The coverage as a staff member may read it: checked here as well as by the pages' guard, so another caller meets the same rule. */
export async function priceCoverage(actor: Actor, opts: { ending?: boolean } = {}): Promise<PriceCoverage[]> {
  assertPricingViewer(actor)
  return readPriceCoverage(db(), opts)
}
