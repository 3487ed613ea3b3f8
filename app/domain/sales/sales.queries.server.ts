import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm'
import { db, rawRows, type DbOrTx } from '~db/client'
import { currencies, dealerTerms, organizations, priceListItems, priceLists, products, users } from '~db/schema'
import type { StaffActor } from '~/auth/roles'
import { likePattern, type ListParams } from '~/utils/list-params'
import { isUuid } from '~/utils/uuid'
import { endingCoverageSql } from './price-coverage.server'
import { resolvePrice, type PriceListCandidate, type ResolvedPrice } from './pricing.rules'
import { priceItemListOptions, type dealerTermsSorts, type PriceItemParams, type priceListSorts } from './sales.validation'

// Commercial terms and price lists are internal: staff with pricing.view read them here. The dealer
// portal (next) gets its own price through resolvePriceForDealer, scoped by the dealer's own org.

export interface DealerTermsRow {
  orgId: string
  code: string
  nameEn: string
  nameZh: string
  region: string | null
  priceTier: string | null
  creditLimit: string | null
  paymentTermsDays: number | null
  currency: string | null
  salesOwnerUserId: string | null
  salesOwnerName: string | null
  /** The owner is still an active user of a sales role (null without an owner): one deactivated or moved stays owner until changed. */
  salesOwnerEligible: boolean | null
}

/** Who may own a dealer: an active host user of a sales role (the organization is joined by the caller where it matters). */
export const SALES_ROLES = sql`array['sales', 'sales_manager']::text[]`

const termsColumns = {
  orgId: organizations.id,
  code: organizations.code,
  nameEn: organizations.nameEn,
  nameZh: organizations.nameZh,
  region: organizations.region,
  priceTier: dealerTerms.priceTier,
  creditLimit: sql<string | null>`${dealerTerms.creditLimit}::text`,
  paymentTermsDays: dealerTerms.paymentTermsDays,
  currency: dealerTerms.currency,
  salesOwnerUserId: dealerTerms.salesOwnerUserId,
  salesOwnerName: users.name,
  salesOwnerEligible: sql<boolean | null>`case when ${users.id} is null then null else (${users.status} = 'active' and ${users.roles} && ${SALES_ROLES}) end`,
}

/** Every dealer, with its terms where set (a dealer without terms cannot order yet, and shows so). */
export async function listDealerTerms(actor: StaffActor, params: ListParams<(typeof dealerTermsSorts)[number]>): Promise<{ rows: DealerTermsRow[]; total: number }> {
  const pattern = params.q ? likePattern(params.q) : null
  const where = and(
    eq(organizations.kind, 'dealer'),
    pattern ? or(ilike(organizations.code, pattern), ilike(organizations.nameEn, pattern), ilike(organizations.nameZh, pattern)) : undefined,
  )
  const order = params.dir === 'desc' ? desc : asc
  const sortBy: Record<(typeof dealerTermsSorts)[number], SQL> = {
    code: sql`${organizations.code}`,
    name: actor.locale === 'en' ? sql`${organizations.nameEn}` : sql`${organizations.nameZh}`,
    tier: sql`${dealerTerms.priceTier}`,
    creditLimit: sql`${dealerTerms.creditLimit}`,
    paymentTermsDays: sql`${dealerTerms.paymentTermsDays}`,
  }
  const [rows, [{ total }]] = await Promise.all([
    db()
      .select(termsColumns)
      .from(organizations)
      .leftJoin(dealerTerms, eq(dealerTerms.dealerOrgId, organizations.id))
      .leftJoin(users, eq(users.id, dealerTerms.salesOwnerUserId))
      .where(where)
      .orderBy(sql`${order(sortBy[params.sort])} nulls last`, asc(organizations.code))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db().select({ total: count() }).from(organizations).where(where),
  ])
  return { rows, total }
}

export async function getDealerTerms(_actor: StaffActor, orgId: string): Promise<DealerTermsRow | null> {
  if (!isUuid(orgId)) return null
  const [row] = await db()
    .select(termsColumns)
    .from(organizations)
    .leftJoin(dealerTerms, eq(dealerTerms.dealerOrgId, organizations.id))
    .leftJoin(users, eq(users.id, dealerTerms.salesOwnerUserId))
    .where(and(eq(organizations.id, orgId), eq(organizations.kind, 'dealer')))
  return row ?? null
}

/** Active host staff who can own a dealer: the sales roles. */
export async function salesOwnerOptions(_actor: StaffActor): Promise<Array<{ id: string; name: string; email: string }>> {
  return db()
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(organizations.kind, 'host'), eq(users.status, 'active'), sql`${users.roles} && ${SALES_ROLES}`))
    .orderBy(asc(users.name))
}

/** The tiers a dealer may be given: those some price list prices. */
export async function priceTierOptions(q: DbOrTx = db()): Promise<string[]> {
  return (await q.selectDistinct({ tier: priceLists.tier }).from(priceLists).orderBy(asc(priceLists.tier))).map((r) => r.tier)
}

export async function currencyOptions(): Promise<string[]> {
  return (await db().select({ code: currencies.code }).from(currencies).orderBy(asc(currencies.code))).map((r) => r.code)
}

export interface PriceListRow {
  id: string
  code: string
  nameEn: string
  nameZh: string
  tier: string
  currency: string
  validFrom: string
  validTo: string | null
  items: number
}

// Spelled out: in a select from one table drizzle leaves column refs unqualified, and `price_list_id = id` would compare the items with themselves.
const itemCount = sql<number>`(select count(*)::int from price_list_items as counted where counted.price_list_id = "price_lists"."id")`
const listColumns = {
  id: priceLists.id,
  code: priceLists.code,
  nameEn: priceLists.nameEn,
  nameZh: priceLists.nameZh,
  tier: priceLists.tier,
  currency: priceLists.currency,
  validFrom: priceLists.validFrom,
  validTo: priceLists.validTo,
  items: itemCount,
}

export async function listPriceLists(_actor: StaffActor, params: ListParams<(typeof priceListSorts)[number]>): Promise<{ rows: PriceListRow[]; total: number }> {
  const pattern = params.q ? likePattern(params.q) : null
  const where = and(
    pattern ? or(ilike(priceLists.code, pattern), ilike(priceLists.nameEn, pattern), ilike(priceLists.nameZh, pattern), ilike(priceLists.tier, pattern)) : undefined,
    params.filters.coverage === 'ending' ? sql`(${priceLists.tier}, ${priceLists.currency}) in (${endingCoverageSql()})` : undefined,
  )
  const order = params.dir === 'desc' ? desc : asc
  const sortBy: Record<(typeof priceListSorts)[number], SQL> = {
    code: sql`${priceLists.code}`,
    tier: sql`${priceLists.tier}`,
    validFrom: sql`${priceLists.validFrom}`,
    items: itemCount,
  }
  const [rows, [{ total }]] = await Promise.all([
    db()
      .select(listColumns)
      .from(priceLists)
      .where(where)
      .orderBy(order(sortBy[params.sort]), asc(priceLists.code))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db().select({ total: count() }).from(priceLists).where(where),
  ])
  return { rows, total }
}

export interface PriceItemRow {
  id: string
  productId: string
  sku: string
  nameEn: string
  nameZh: string
  unit: string
  minQty: string
  unitPrice: string
}

const firstItems: PriceItemParams = { q: '', page: 1, pageSize: priceItemListOptions.pageSize, sort: 'sku', dir: 'asc', filters: {} }

/**
 * A price list with one page of its prices (`itemTotal` of them match): a list may hold 20,000 breaks, and the
 * page once rendered them all (9 MB, seconds to hydrate). The export reads them all (priceListItemRows).
 */
export async function getPriceList(
  _actor: StaffActor,
  id: string,
  items: PriceItemParams = firstItems,
): Promise<(PriceListRow & { itemRows: PriceItemRow[]; itemTotal: number }) | null> {
  if (!isUuid(id)) return null
  const pattern = items.q ? likePattern(items.q) : null
  const where = and(eq(priceListItems.priceListId, id), pattern ? or(ilike(products.sku, pattern), ilike(products.nameEn, pattern), ilike(products.nameZh, pattern)) : undefined)
  const dir = items.dir === 'desc' ? desc : asc
  const [[list], itemRows, [{ total }]] = await Promise.all([
    db().select(listColumns).from(priceLists).where(eq(priceLists.id, id)),
    itemRowsQuery(db())
      .where(where)
      .orderBy(dir(products.sku), asc(priceListItems.minQty), asc(priceListItems.id))
      .limit(items.pageSize)
      .offset((items.page - 1) * items.pageSize),
    db().select({ total: count() }).from(priceListItems).innerJoin(products, eq(products.id, priceListItems.productId)).where(where),
  ])
  if (!list) return null
  return { ...list, itemRows, itemTotal: total }
}

const itemRowsQuery = (q: DbOrTx) =>
  q
    .select({
      id: priceListItems.id,
      productId: products.id,
      sku: products.sku,
      nameEn: products.nameEn,
      nameZh: products.nameZh,
      unit: products.unit,
      minQty: sql<string>`trim_scale(${priceListItems.minQty})::text`,
      unitPrice: sql<string>`${priceListItems.unitPrice}::text`,
    })
    .from(priceListItems)
    .innerJoin(products, eq(products.id, priceListItems.productId))

/** Every price of a list, by SKU and quantity (the export). */
export function priceListItemRows(q: DbOrTx, priceListId: string): Promise<PriceItemRow[]> {
  return itemRowsQuery(q).where(eq(priceListItems.priceListId, priceListId)).orderBy(asc(products.sku), asc(priceListItems.minQty))
}

/** Candidate lists of a tier in one currency with their breaks for one product, as resolvePrice wants them. */
async function candidatesFor(q: DbOrTx, tier: string, currency: string, productId: string): Promise<PriceListCandidate[]> {
  const rows = await q
    .select({
      id: priceLists.id,
      code: priceLists.code,
      tier: priceLists.tier,
      currency: priceLists.currency,
      validFrom: priceLists.validFrom,
      validTo: priceLists.validTo,
      minQty: sql<string | null>`trim_scale(${priceListItems.minQty})::text`,
      unitPrice: sql<string | null>`${priceListItems.unitPrice}::text`,
    })
    .from(priceLists)
    .leftJoin(priceListItems, and(eq(priceListItems.priceListId, priceLists.id), eq(priceListItems.productId, productId)))
    .where(and(eq(priceLists.tier, tier), eq(priceLists.currency, currency)))
  const lists = new Map<string, PriceListCandidate & { items: Array<{ minQty: string; unitPrice: string }> }>()
  for (const r of rows) {
    const l = lists.get(r.id) ?? { id: r.id, code: r.code, tier: r.tier, currency: r.currency, validFrom: r.validFrom, validTo: r.validTo, items: [] }
    if (r.minQty !== null && r.unitPrice !== null) l.items.push({ minQty: r.minQty, unitPrice: r.unitPrice })
    lists.set(r.id, l)
  }
  return [...lists.values()]
}

/** Today in the host's business time zone, by the database clock: price validity is a business date. */
export async function businessDate(q: DbOrTx = db()): Promise<string> {
  const [{ d }] = await rawRows<{ d: string }>(q, sql`select to_char(${businessDateSql}, 'YYYY-MM-DD') as d`)
  return d
}

/** The business date as an SQL expression: the same day businessDate reads, inside another query. */
export const businessDateSql = sql`(now() at time zone 'Asia/Shanghai')::date`

/** The Monday of the business date's ISO week, as SQL (channel stock is reported per host week). */
export const businessWeekStartSql = sql`date_trunc('week', ${businessDateSql})::date`

/**
 * The unit price a dealer pays: its tier and currency from dealer_terms, then the rules of pricing.rules.ts. Null
 * when the dealer has no terms or no list prices the product at that quantity. The dealer id comes
 * from the caller's session, never from a request.
 */
export async function resolvePriceForDealer(
  q: DbOrTx,
  dealerOrgId: string,
  productId: string,
  quantity: string,
  date?: string,
): Promise<(ResolvedPrice & { tier: string }) | null> {
  const [terms] = await q.select({ tier: dealerTerms.priceTier, currency: dealerTerms.currency }).from(dealerTerms).where(eq(dealerTerms.dealerOrgId, dealerOrgId))
  if (!terms) return null
  const on = date ?? (await businessDate(q))
  const price = resolvePrice(await candidatesFor(q, terms.tier, terms.currency, productId), { tier: terms.tier, currency: terms.currency, quantity, date: on })
  return price ? { ...price, tier: terms.tier } : null
}
