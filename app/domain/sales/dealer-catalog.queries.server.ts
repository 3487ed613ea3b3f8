import { and, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm'
import { db, rawRows, type DbOrTx } from '~db/client'
import { categories, dealerTerms, priceListItems, priceLists, products, stockBalances, warehouses } from '~db/schema'
import type { DealerActor } from '~/auth/roles'
import { likePattern, type ListParams } from '~/utils/list-params'
import { D } from '~/utils/money'
import { isUuid } from '~/utils/uuid'
import { priceLadder, type PriceListCandidate } from './pricing.rules'
import { businessDateSql } from './sales.queries.server'
import type { CatalogSort } from './sales.validation'

// The dealer portal's catalog. Every read is scoped by the dealer org of the session (actor.orgId):
// the tier is looked up from it, never taken from the request. What leaves here is an explicit DTO:
// no tier, no price list id or code, no credit terms, nothing of another tier's prices.

export interface CatalogPrice {
  currency: string
  /** The entry price: the lowest break of the list that prices the product for this dealer today. */
  unitPrice: string
  /** Its min quantity (the minimum order; usually 1). */
  minQty: string
  /** Every break ascending, the first being unitPrice/minQty: the volume ladder the page shows. */
  breaks: Array<{ minQty: string; unitPrice: string }>
}

/**
 * Whether the dealer can be priced at all today: no terms yet, terms but no list of its tier in its currency in force
 * (every line would be "price on request"), or priced. The pages say so once, plainly, naming the dealer's sales contact
 * (an active one), instead of a refusal per line.
 */
export interface DealerPricingState {
  state: 'ok' | 'noTerms' | 'noPriceList'
  salesContact: { name: string; email: string } | null
}

/** The dealer's pricing state as one JSON value, for a statement of its own or inside another (the catalog's). */
function pricingStateSql(dealerOrgId: string) {
  return sql`(select json_build_object(
      'hasTerms', dt.dealer_org_id is not null,
      'inForce', exists (select 1 from ${priceLists} pl where pl.tier = dt.price_tier and pl.currency = dt.currency
        and pl.valid_from <= ${businessDateSql} and (pl.valid_to is null or ${businessDateSql} < pl.valid_to)),
      'contactName', u.name, 'contactEmail', u.email)
    from (select 1) as one
    left join ${dealerTerms} dt on dt.dealer_org_id = ${dealerOrgId}
    left join users u on u.id = dt.sales_owner_user_id and u.status = 'active')`
}

type PricingStateJson = { hasTerms: boolean; inForce: boolean; contactName: string | null; contactEmail: string | null }

function toPricingState(j: PricingStateJson): DealerPricingState {
  const state = !j.hasTerms ? 'noTerms' : j.inForce ? 'ok' : 'noPriceList'
  // The contact only travels when the page says whom to ask: a priced catalog carries no staff member's address.
  return { state, salesContact: state === 'noPriceList' && j.contactName && j.contactEmail ? { name: j.contactName, email: j.contactEmail } : null }
}

/** The dealer's pricing state alone (the cart, a product's page, a refused order). The dealer id comes from the session. */
export async function dealerPricingState(dealerOrgId: string, q: DbOrTx = db()): Promise<DealerPricingState> {
  const [row] = await rawRows<{ pricing: PricingStateJson }>(q, sql`select ${pricingStateSql(dealerOrgId)} as pricing`)
  return toPricingState(row.pricing)
}

export interface CatalogAvailability {
  warehouseCode: string
  warehouseNameEn: string
  warehouseNameZh: string
  /** Available to promise: on hand − reserved, summed over the warehouse's bins and batches. */
  available: string
}

/** A product as the catalog names it (decimals as text). */
interface CatalogProduct {
  productId: string
  sku: string
  nameEn: string
  nameZh: string
  categoryCode: string
  categoryNameEn: string
  categoryNameZh: string
  unit: string
  /** Ordered in whole numbers only (counted goods). */
  wholeUnits: boolean
  taxRate: string
}

export interface CatalogItem extends CatalogProduct {
  /** null: no list of this dealer's tier prices the product today ("price on request"). */
  price: CatalogPrice | null
  /** One entry per warehouse, zero where nothing is available, ordered by warehouse code. */
  availability: CatalogAvailability[]
  available: string
}

/** Available to promise of a product over all warehouses, as a correlated subquery (for sort and the in-stock filter). */
const totalAvailable = sql<string>`(select coalesce(sum(${stockBalances.onHand} - ${stockBalances.reserved}), 0) from ${stockBalances} where ${stockBalances.productId} = ${products.id})`

/**
 * The set-based side of price resolution: one query returns, for many products at once, every
 * list of the tier in the currency valid on the date with that product's breaks — exactly the candidates
 * resolvePriceForDealer builds for one product (the date may be businessDateSql, so the query
 * need not wait for the date to be read first). The choice itself stays in pricing.rules.ts
 * (priceLadder / resolvePrice), so catalog and order price by one definition.
 */
export async function priceCandidatesForProducts(
  q: DbOrTx,
  tier: string | SQL,
  currency: string | SQL,
  productIds: string[],
  date: string | SQL,
): Promise<Map<string, PriceListCandidate[]>> {
  const out = new Map<string, PriceListCandidate[]>()
  if (productIds.length === 0) return out
  const rows = await q
    .select({
      productId: priceListItems.productId,
      id: priceLists.id,
      code: priceLists.code,
      tier: priceLists.tier,
      currency: priceLists.currency,
      validFrom: priceLists.validFrom,
      validTo: priceLists.validTo,
      minQty: sql<string>`trim_scale(${priceListItems.minQty})::text`,
      unitPrice: sql<string>`${priceListItems.unitPrice}::text`,
    })
    .from(priceLists)
    .innerJoin(priceListItems, eq(priceListItems.priceListId, priceLists.id))
    .where(
      and(
        eq(priceLists.tier, tier),
        eq(priceLists.currency, currency),
        inArray(priceListItems.productId, productIds),
        // The same validity test as isListValidOn, applied early so old lists never leave the database.
        sql`${priceLists.validFrom} <= (${date})::date`,
        sql`(${priceLists.validTo} is null or (${date})::date < ${priceLists.validTo})`,
      ),
    )
  const byProduct = new Map<string, Map<string, PriceListCandidate & { items: Array<{ minQty: string; unitPrice: string }> }>>()
  for (const r of rows) {
    const lists = byProduct.get(r.productId) ?? new Map()
    const l = lists.get(r.id) ?? { id: r.id, code: r.code, tier: r.tier, currency: r.currency, validFrom: r.validFrom, validTo: r.validTo, items: [] }
    l.items.push({ minQty: r.minQty, unitPrice: r.unitPrice })
    lists.set(r.id, l)
    byProduct.set(r.productId, lists)
  }
  for (const [productId, lists] of byProduct) out.set(productId, [...lists.values()])
  return out
}

/** One product of the page as the catalog statement returns it: text for every decimal, never a JSON number. */
interface PageItemJson extends CatalogProduct {
  /** Lists of the dealer's tier valid today that price the product, with its breaks; null when none. */
  lists: PriceListCandidate[] | null
  availability: CatalogAvailability[] | null
}

interface CatalogStatementRow {
  date: string
  tier: string | null
  currency: string | null
  total: number | null
  categories: CatalogCategory[] | null
  rows: PageItemJson[]
  pricing: PricingStateJson
}

export interface CatalogCategory {
  code: string
  nameEn: string
  nameZh: string
}

/**
 * The whole catalog read in one statement: the page of products (`page`: columns of `products`
 * joined to `categories`, with `ord` giving their order), each with the candidate lists of the
 * dealer's tier and its available-to-promise per warehouse; the tier and the business date by the
 * database clock; and, when asked, the total and the categories for the filter. One round trip
 * instead of eight: per statement the app and PostgreSQL pay a write, a wake-up, a parse and a
 * plan, which cost more than the reads themselves. The tier is looked up from the session's
 * organization inside the statement; the choice of list stays in pricing.rules.ts (priceLadder).
 */
async function readCatalog(actor: DealerActor, page: SQL, extras: { total?: SQL; categories?: boolean }): Promise<CatalogStatementRow> {
  const lists = sql`(
    select json_agg(json_build_object(
      'id', pl.id, 'code', pl.code, 'tier', pl.tier, 'currency', pl.currency,
      'validFrom', to_char(pl.valid_from, 'YYYY-MM-DD'), 'validTo', to_char(pl.valid_to, 'YYYY-MM-DD'), 'items', i.items))
    from ${priceLists} pl
    cross join lateral (
      select json_agg(json_build_object('minQty', trim_scale(pli.min_qty)::text, 'unitPrice', pli.unit_price::text)) as items
      from ${priceListItems} pli where pli.price_list_id = pl.id and pli.product_id = page.product_id
    ) i
    -- The same validity test as isListValidOn, applied early so old lists never leave the database.
    where pl.tier = terms.tier and pl.currency = terms.currency and pl.valid_from <= terms.day and (pl.valid_to is null or terms.day < pl.valid_to) and i.items is not null
  )`
  const availability = sql`(
    select json_agg(json_build_object(
      'warehouseCode', w.code, 'warehouseNameEn', w.name_en, 'warehouseNameZh', w.name_zh,
      'available', coalesce((select trim_scale(sum(sb.on_hand - sb.reserved))::text from ${stockBalances} sb where sb.product_id = page.product_id and sb.warehouse_id = w.id), '0')
    ) order by w.code)
    from ${warehouses} w
  )`
  const categoriesSql = extras.categories
    ? // A semi-join: each category stops at its first active product (products_category_idx).
      sql`(select json_agg(json_build_object('code', c.code, 'nameEn', c.name_en, 'nameZh', c.name_zh) order by c.code)
           from ${categories} c where exists (select 1 from ${products} p where p.category_id = c.id and p.active))`
    : sql`null::json`
  const [row] = await rawRows<CatalogStatementRow>(
    db(),
    sql`with page as (${page}),
    terms as (
      select (select ${dealerTerms.priceTier} from ${dealerTerms} where ${dealerTerms.dealerOrgId} = ${actor.orgId}) as tier,
        (select ${dealerTerms.currency} from ${dealerTerms} where ${dealerTerms.dealerOrgId} = ${actor.orgId}) as currency, ${businessDateSql} as day
    )
    select to_char(terms.day, 'YYYY-MM-DD') as date, terms.tier as tier, terms.currency as currency, ${extras.total ?? sql`null::int`} as total, ${categoriesSql} as categories,
      ${pricingStateSql(actor.orgId)} as pricing,
      coalesce((
        select json_agg(json_build_object(
          'productId', page.product_id, 'sku', page.sku, 'nameEn', page.name_en, 'nameZh', page.name_zh,
          'categoryCode', page.category_code, 'categoryNameEn', page.category_name_en, 'categoryNameZh', page.category_name_zh,
          'unit', page.unit, 'wholeUnits', page.whole_units, 'taxRate', page.tax_rate, 'lists', ${lists}, 'availability', ${availability}
        ) order by page.ord)
        from page
      ), '[]'::json) as rows
    from terms`,
  )
  return row
}

/** The page's columns of one product, named as readCatalog reads them. */
const pageColumns = sql`${products.id} as product_id, ${products.sku} as sku, ${products.nameEn} as name_en, ${products.nameZh} as name_zh,
  ${categories.code} as category_code, ${categories.nameEn} as category_name_en, ${categories.nameZh} as category_name_zh,
  ${products.unit} as unit, ${products.wholeUnits} as whole_units, ${products.taxRate}::text as tax_rate`

function toItems(read: CatalogStatementRow): CatalogItem[] {
  return read.rows.map(({ lists, availability: stock, ...product }) => {
    const ladder = read.tier && read.currency ? priceLadder(lists ?? [], { tier: read.tier, currency: read.currency, date: read.date }) : null
    const availability = stock ?? []
    return {
      ...product,
      price: ladder ? { currency: ladder.currency, unitPrice: ladder.breaks[0].unitPrice, minQty: ladder.breaks[0].minQty, breaks: ladder.breaks } : null,
      availability: availability.map((a) => ({ warehouseCode: a.warehouseCode, warehouseNameEn: a.warehouseNameEn, warehouseNameZh: a.warehouseNameZh, available: a.available })),
      available: sumDecimalStrings(availability.map((a) => a.available)),
    }
  })
}

/** Sums quantities exactly, as decimals (never floats). */
function sumDecimalStrings(values: string[]): string {
  return values.reduce((acc, v) => acc.plus(v), new D(0)).toFixed()
}

/**
 * The catalog page: active products only, searched by SKU and both names, filtered, sorted and
 * paged in SQL, with the categories for the filter — all in one statement.
 */
export async function listDealerCatalog(
  actor: DealerActor,
  params: ListParams<CatalogSort>,
): Promise<{ rows: CatalogItem[]; total: number; categories: CatalogCategory[]; pricing: DealerPricingState }> {
  const pattern = params.q ? likePattern(params.q) : null
  // The category filter as a subquery on products alone, so the count needs no join.
  const where = and(
    eq(products.active, true),
    pattern ? or(ilike(products.sku, pattern), ilike(products.nameEn, pattern), ilike(products.nameZh, pattern)) : undefined,
    params.filters.category ? sql`${products.categoryId} in (select ${categories.id} from ${categories} where ${categories.code} = ${params.filters.category})` : undefined,
    params.filters.inStock === '1' ? sql`${totalAvailable} > 0` : undefined,
  )
  const dir = params.dir === 'desc' ? sql`desc` : sql`asc`
  const sortBy: Record<CatalogSort, SQL> = {
    sku: sql`${products.sku}`,
    name: actor.locale === 'en' ? sql`${products.nameEn}` : sql`${products.nameZh}`,
    available: totalAvailable,
  }
  const order = sql`${sortBy[params.sort]} ${dir}, ${products.sku} asc`
  const offset = (params.page - 1) * params.pageSize
  const page = sql`select ${pageColumns}, row_number() over (order by ${order}) as ord
    from ${products} inner join ${categories} on ${categories.id} = ${products.categoryId}
    where ${where} order by ${order} limit ${params.pageSize} offset ${offset}`
  // A page that is not full (and not past the end) already tells the total; only a full one is counted.
  const onPage = sql`(select count(*)::int from page)`
  const total = sql`case when ${onPage} < ${params.pageSize} and (${onPage} > 0 or ${offset}::int = 0) then ${offset}::int + ${onPage}
    else (select count(*)::int from ${products} where ${where}) end`
  const read = await readCatalog(actor, page, { total, categories: true })
  return { rows: toItems(read), total: read.total ?? 0, categories: read.categories ?? [], pricing: toPricingState(read.pricing) }
}

/** One product of the catalog; an unknown or inactive product is null (the route answers 404). */
export async function getDealerCatalogItem(actor: DealerActor, productId: string): Promise<CatalogItem | null> {
  if (!isUuid(productId)) return null
  const page = sql`select ${pageColumns}, 1 as ord
    from ${products} inner join ${categories} on ${categories.id} = ${products.categoryId}
    where ${products.id} = ${productId} and ${products.active}`
  const [item] = toItems(await readCatalog(actor, page, {}))
  return item ?? null
}
