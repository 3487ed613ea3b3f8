import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { db } from '~db/client'
import { bins, categories, products, warehouses } from '~db/schema'
import type { StaffActor } from '~/auth/roles'
import { likePattern, type ListParams } from '~/utils/list-params'
import { isUuid } from '~/utils/uuid'
import type { Tracking } from './catalog.rules'
import { productStatusFilters, type ProductSort, type ProductStatusFilter } from './catalog.validation'

// Catalog master data is the host's: only staff reach these reads, through catalog.view routes.

export interface ProductFilters {
  q: string
  /** A category code. */
  category?: string
  status?: ProductStatusFilter
}

export interface ProductListItem {
  id: string
  sku: string
  nameEn: string
  nameZh: string
  categoryCode: string
  categoryNameEn: string
  categoryNameZh: string
  unit: string
  /** Decimal string, e.g. "0.1300". */
  taxRate: string
  tracking: Tracking
  /** Quantities are whole numbers (counted goods); false for goods weighed or measured. */
  wholeUnits: boolean
  active: boolean
}

export interface ProductDetail extends ProductListItem {
  categoryId: string
}

export interface CategoryOption {
  id: string
  code: string
  nameEn: string
  nameZh: string
}

export function productFiltersFrom(params: Pick<ListParams, 'q' | 'filters'>): ProductFilters {
  const status = params.filters.status
  return {
    q: params.q,
    category: params.filters.category || undefined,
    status: (productStatusFilters as readonly string[]).includes(status ?? '') ? (status as ProductStatusFilter) : undefined,
  }
}

function productWhere(f: ProductFilters): SQL | undefined {
  const pattern = f.q ? likePattern(f.q) : null
  return and(
    pattern ? or(ilike(products.sku, pattern), ilike(products.nameEn, pattern), ilike(products.nameZh, pattern)) : undefined,
    f.category ? eq(categories.code, f.category) : undefined,
    f.status ? eq(products.active, f.status === 'active') : undefined,
  )
}

const productColumns = {
  id: products.id,
  sku: products.sku,
  nameEn: products.nameEn,
  nameZh: products.nameZh,
  categoryId: products.categoryId,
  categoryCode: categories.code,
  categoryNameEn: categories.nameEn,
  categoryNameZh: categories.nameZh,
  unit: products.unit,
  taxRate: products.taxRate,
  tracking: products.tracking,
  wholeUnits: products.wholeUnits,
  active: products.active,
}

const nameColumn = (actor: StaffActor, en: AnyPgColumn, zh: AnyPgColumn) => (actor.locale === 'en' ? en : zh)

function productOrder(actor: StaffActor, sort: ProductSort, dir: 'asc' | 'desc'): SQL[] {
  const by: Record<ProductSort, AnyPgColumn> = {
    sku: products.sku,
    name: nameColumn(actor, products.nameEn, products.nameZh),
    category: categories.code,
    unit: products.unit,
    taxRate: products.taxRate,
    tracking: products.tracking,
    active: products.active,
  }
  const order = dir === 'desc' ? desc : asc
  // The SKU (unique) breaks ties, so pages never repeat or skip a row.
  return sort === 'sku' ? [order(products.sku)] : [order(by[sort]), asc(products.sku)]
}

export async function listProducts(actor: StaffActor, params: ListParams<ProductSort>): Promise<{ rows: ProductListItem[]; total: number }> {
  const where = productWhere(productFiltersFrom(params))
  const [rows, [{ total }]] = await Promise.all([
    db()
      .select(productColumns)
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .where(where)
      .orderBy(...productOrder(actor, params.sort, params.dir))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db().select({ total: count() }).from(products).innerJoin(categories, eq(categories.id, products.categoryId)).where(where),
  ])
  return { rows: rows.map(toProductItem), total }
}

/** The DTO: exactly the fields the console shows, nothing else of the row. */
function toProductItem(r: ProductDetail): ProductListItem {
  return {
    id: r.id,
    sku: r.sku,
    nameEn: r.nameEn,
    nameZh: r.nameZh,
    categoryCode: r.categoryCode,
    categoryNameEn: r.categoryNameEn,
    categoryNameZh: r.categoryNameZh,
    unit: r.unit,
    taxRate: r.taxRate,
    tracking: r.tracking,
    wholeUnits: r.wholeUnits,
    active: r.active,
  }
}

/** Every product the filters match, by SKU, for exports and the catalog PDF (bounded). */
export async function productsMatching(_actor: StaffActor, filters: ProductFilters, limit = 10_000): Promise<ProductListItem[]> {
  const rows = await db()
    .select(productColumns)
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(productWhere(filters))
    .orderBy(asc(products.sku))
    .limit(limit)
  return rows.map(toProductItem)
}

export async function getProduct(_actor: StaffActor, id: string): Promise<ProductDetail | null> {
  if (!isUuid(id)) return null
  const [r] = await db().select(productColumns).from(products).innerJoin(categories, eq(categories.id, products.categoryId)).where(eq(products.id, id))
  return r ? { ...toProductItem(r), categoryId: r.categoryId } : null
}

export async function categoryOptions(_actor: StaffActor): Promise<CategoryOption[]> {
  return db().select({ id: categories.id, code: categories.code, nameEn: categories.nameEn, nameZh: categories.nameZh }).from(categories).orderBy(asc(categories.code))
}

// ---- categories ----

export interface CategoryListItem extends CategoryOption {
  productCount: number
}

// Written out with an alias: drizzle leaves columns unqualified in a select over one table, and an
// unqualified "id" inside the subquery would mean the subquery's own table.
const productCount = sql<number>`(select count(*)::int from products p where p.category_id = categories.id)`

function categoryWhere(q: string): SQL | undefined {
  if (!q) return undefined
  const p = likePattern(q)
  return or(ilike(categories.code, p), ilike(categories.nameEn, p), ilike(categories.nameZh, p))
}

export async function listCategories(actor: StaffActor, params: ListParams<'code' | 'name' | 'products'>): Promise<{ rows: CategoryListItem[]; total: number }> {
  const where = categoryWhere(params.q)
  const order = params.dir === 'desc' ? desc : asc
  const primary =
    params.sort === 'products' ? order(productCount) : params.sort === 'name' ? order(nameColumn(actor, categories.nameEn, categories.nameZh)) : order(categories.code)
  const [rows, [{ total }]] = await Promise.all([
    db()
      .select({ id: categories.id, code: categories.code, nameEn: categories.nameEn, nameZh: categories.nameZh, productCount })
      .from(categories)
      .where(where)
      .orderBy(primary, asc(categories.code))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db().select({ total: count() }).from(categories).where(where),
  ])
  return { rows: rows.map((r) => ({ ...r, productCount: Number(r.productCount) })), total }
}

export async function categoriesMatching(_actor: StaffActor, q: string): Promise<CategoryListItem[]> {
  const rows = await db()
    .select({ id: categories.id, code: categories.code, nameEn: categories.nameEn, nameZh: categories.nameZh, productCount })
    .from(categories)
    .where(categoryWhere(q))
    .orderBy(asc(categories.code))
  return rows.map((r) => ({ ...r, productCount: Number(r.productCount) }))
}

export async function getCategory(_actor: StaffActor, id: string): Promise<CategoryListItem | null> {
  if (!isUuid(id)) return null
  const [r] = await db()
    .select({ id: categories.id, code: categories.code, nameEn: categories.nameEn, nameZh: categories.nameZh, productCount })
    .from(categories)
    .where(eq(categories.id, id))
  return r ? { ...r, productCount: Number(r.productCount) } : null
}

// ---- warehouses ----

export interface BinItem {
  id: string
  code: string
}

export interface WarehouseItem {
  id: string
  code: string
  nameEn: string
  nameZh: string
  address: string | null
  bins: BinItem[]
}

const binCount = sql<number>`(select count(*)::int from bins b where b.warehouse_id = warehouses.id)`

function warehouseWhere(q: string): SQL | undefined {
  if (!q) return undefined
  const p = likePattern(q)
  return or(
    ilike(warehouses.code, p),
    ilike(warehouses.nameEn, p),
    ilike(warehouses.nameZh, p),
    ilike(warehouses.address, p),
    sql`exists (select 1 from bins b where b.warehouse_id = warehouses.id and b.code ilike ${p})`,
  )
}

const warehouseColumns = { id: warehouses.id, code: warehouses.code, nameEn: warehouses.nameEn, nameZh: warehouses.nameZh, address: warehouses.address }

async function withBins(rows: Array<Omit<WarehouseItem, 'bins'>>): Promise<WarehouseItem[]> {
  if (rows.length === 0) return []
  const all = await db()
    .select({ id: bins.id, code: bins.code, warehouseId: bins.warehouseId })
    .from(bins)
    .where(inArray(bins.warehouseId, rows.map((r) => r.id)))
    .orderBy(asc(bins.code))
  return rows.map((r) => ({ ...r, bins: all.filter((b) => b.warehouseId === r.id).map((b) => ({ id: b.id, code: b.code })) }))
}

export async function listWarehouses(actor: StaffActor, params: ListParams<'code' | 'name' | 'bins'>): Promise<{ rows: WarehouseItem[]; total: number }> {
  const where = warehouseWhere(params.q)
  const order = params.dir === 'desc' ? desc : asc
  const primary = params.sort === 'bins' ? order(binCount) : params.sort === 'name' ? order(nameColumn(actor, warehouses.nameEn, warehouses.nameZh)) : order(warehouses.code)
  const [rows, [{ total }]] = await Promise.all([
    db()
      .select(warehouseColumns)
      .from(warehouses)
      .where(where)
      .orderBy(primary, asc(warehouses.code))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db().select({ total: count() }).from(warehouses).where(where),
  ])
  return { rows: await withBins(rows), total }
}

export async function warehousesMatching(_actor: StaffActor, q: string): Promise<WarehouseItem[]> {
  return withBins(await db().select(warehouseColumns).from(warehouses).where(warehouseWhere(q)).orderBy(asc(warehouses.code)))
}

export async function getWarehouse(_actor: StaffActor, id: string): Promise<WarehouseItem | null> {
  if (!isUuid(id)) return null
  const [r] = await withBins(await db().select(warehouseColumns).from(warehouses).where(eq(warehouses.id, id)))
  return r ?? null
}
