import { and, asc, desc, eq, exists, ilike, inArray, or, sql, type SQL } from 'drizzle-orm'
import { db, type DbOrTx } from '~db/client'
import { categories, dealerTerms, priceListItems, priceLists, products, stockBalances, warehouses } from '~db/schema'
import type { DealerActor } from '~/auth/roles'
import { isUuid } from '~/domain/catalog/catalog.queries.server'
import { likePattern, type ListParams } from '~/utils/list-params'
import { D } from '~/utils/money'
import { priceLadder, type PriceListCandidate } from './pricing.rules'
import { businessDate, businessDateSql } from './sales.queries.server'
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

export interface CatalogAvailability {
  warehouseCode: string
  warehouseNameEn: string
  warehouseNameZh: string
  /** Available to promise: on hand − reserved, summed over the warehouse's bins and batches. */
  available: string
}

export interface CatalogItem {
  productId: string
  sku: string
  nameEn: string
  nameZh: string
  categoryCode: string
  categoryNameEn: string
  categoryNameZh: string
  unit: string
  taxRate: string
  /** null: no list of this dealer's tier prices the product today ("price on request"). */
  price: CatalogPrice | null
  /** One entry per warehouse, zero where nothing is available, ordered by warehouse code. */
  availability: CatalogAvailability[]
  available: string
}

/** Available to promise of a product over all warehouses, as a correlated subquery (for sort and the in-stock filter). */
const totalAvailable = sql<string>`(select coalesce(sum(${stockBalances.onHand} - ${stockBalances.reserved}), 0) from ${stockBalances} where ${stockBalances.productId} = ${products.id})`

const productColumns = {
  productId: products.id,
  sku: products.sku,
  nameEn: products.nameEn,
  nameZh: products.nameZh,
  categoryCode: categories.code,
  categoryNameEn: categories.nameEn,
  categoryNameZh: categories.nameZh,
  unit: products.unit,
  taxRate: sql<string>`${products.taxRate}::text`,
}
type ProductRow = { [K in keyof typeof productColumns]: string }

/** The dealer's own tier, from its terms; null when it has none yet (then nothing is priced). */
async function tierOf(q: DbOrTx, dealerOrgId: string): Promise<string | null> {
  const [t] = await q.select({ tier: dealerTerms.priceTier }).from(dealerTerms).where(eq(dealerTerms.dealerOrgId, dealerOrgId))
  return t?.tier ?? null
}

/**
 * The set-based side of price resolution: one query returns, for many products at once, every
 * list of the tier valid on the date with that product's breaks — exactly the candidates
 * resolvePriceForDealer builds for one product (the date may be businessDateSql, so the query
 * need not wait for the date to be read first). The choice itself stays in pricing.rules.ts
 * (priceLadder / resolvePrice), so catalog and order price by one definition.
 */
export async function priceCandidatesForProducts(q: DbOrTx, tier: string | SQL, productIds: string[], date: string | SQL): Promise<Map<string, PriceListCandidate[]>> {
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

/** Prices, availability and warehouses for the products of one page: a fixed number of queries, whatever the page size. */
async function decorate(actor: DealerActor, rows: ProductRow[]): Promise<CatalogItem[]> {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.productId)
  const q = db()
  // One wave: the price query takes the tier and the date as SQL, so it need not wait for them.
  const tierSql = sql`(select ${dealerTerms.priceTier} from ${dealerTerms} where ${dealerTerms.dealerOrgId} = ${actor.orgId})`
  const [tier, date, whs, atp, candidates] = await Promise.all([
    tierOf(q, actor.orgId),
    businessDate(q),
    q.select({ id: warehouses.id, code: warehouses.code, nameEn: warehouses.nameEn, nameZh: warehouses.nameZh }).from(warehouses).orderBy(asc(warehouses.code)),
    q
      .select({
        productId: stockBalances.productId,
        warehouseId: stockBalances.warehouseId,
        available: sql<string>`trim_scale(sum(${stockBalances.onHand} - ${stockBalances.reserved}))::text`,
      })
      .from(stockBalances)
      .where(inArray(stockBalances.productId, ids))
      .groupBy(stockBalances.productId, stockBalances.warehouseId),
    priceCandidatesForProducts(q, tierSql, ids, businessDateSql),
  ])
  const atpOf = new Map(atp.map((a) => [`${a.productId}:${a.warehouseId}`, a.available]))
  return rows.map((r) => {
    const ladder = tier ? priceLadder(candidates.get(r.productId) ?? [], { tier, date }) : null
    const availability = whs.map((w) => ({ warehouseCode: w.code, warehouseNameEn: w.nameEn, warehouseNameZh: w.nameZh, available: atpOf.get(`${r.productId}:${w.id}`) ?? '0' }))
    return {
      ...r,
      price: ladder ? { currency: ladder.currency, unitPrice: ladder.breaks[0].unitPrice, minQty: ladder.breaks[0].minQty, breaks: ladder.breaks } : null,
      availability,
      available: sumDecimalStrings(availability.map((a) => a.available)),
    }
  })
}

/** Sums quantities exactly, as decimals (never floats). */
function sumDecimalStrings(values: string[]): string {
  return values.reduce((acc, v) => acc.plus(v), new D(0)).toFixed()
}

/** The catalog page: active products only, searched by SKU and both names, filtered, sorted and paged in SQL. */
export async function listDealerCatalog(actor: DealerActor, params: ListParams<CatalogSort>): Promise<{ rows: CatalogItem[]; total: number }> {
  const pattern = params.q ? likePattern(params.q) : null
  const where = and(
    eq(products.active, true),
    pattern ? or(ilike(products.sku, pattern), ilike(products.nameEn, pattern), ilike(products.nameZh, pattern)) : undefined,
    params.filters.category ? eq(categories.code, params.filters.category) : undefined,
    params.filters.inStock === '1' ? sql`${totalAvailable} > 0` : undefined,
  )
  const order = params.dir === 'desc' ? desc : asc
  const sortBy: Record<CatalogSort, SQL> = {
    sku: sql`${products.sku}`,
    name: actor.locale === 'en' ? sql`${products.nameEn}` : sql`${products.nameZh}`,
    available: totalAvailable,
  }
  const [rows, [{ total }]] = await Promise.all([
    db()
      .select(productColumns)
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .where(where)
      .orderBy(order(sortBy[params.sort]), asc(products.sku))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db()
      .select({ total: sql<number>`count(*)::int` })
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .where(where),
  ])
  return { rows: await decorate(actor, rows), total }
}

/** One product of the catalog; an unknown or inactive product is null (the route answers 404). */
export async function getDealerCatalogItem(actor: DealerActor, productId: string): Promise<CatalogItem | null> {
  if (!isUuid(productId)) return null
  const rows = await db()
    .select(productColumns)
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(eq(products.id, productId), eq(products.active, true)))
  const [item] = await decorate(actor, rows)
  return item ?? null
}

/**
 * Categories that hold at least one active product, for the filter. A semi-join: each category
 * stops at its first active product (products_category_idx) instead of joining every product and
 * de-duplicating, which cost more than the rest of the page's queries together.
 */
export async function catalogCategories(_actor: DealerActor): Promise<Array<{ code: string; nameEn: string; nameZh: string }>> {
  return db()
    .select({ code: categories.code, nameEn: categories.nameEn, nameZh: categories.nameZh })
    .from(categories)
    .where(exists(db().select({ one: sql`1` }).from(products).where(and(eq(products.categoryId, categories.id), eq(products.active, true)))))
    .orderBy(asc(categories.code))
}
