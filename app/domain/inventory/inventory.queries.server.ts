import { and, asc, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { db } from '~db/client'
import { bins, categories, products, stockBalances, stockMoves, users, warehouses } from '~db/schema'
import type { StaffActor } from '~/auth/roles'
import { likePattern, type ListParams } from '~/utils/list-params'
import { LOW_STOCK_THRESHOLD, type StockSort } from './inventory.validation'
import type { StockMoveKind } from './stock.rules'

export { isUuid } from '~/domain/catalog/catalog.queries.server'
import { isUuid } from '~/domain/catalog/catalog.queries.server'

// Stock is the host's: only staff with inventory.view reach these reads.

export interface StockListItem {
  productId: string
  sku: string
  nameEn: string
  nameZh: string
  unit: string
  categoryCode: string
  warehouseId: string
  warehouseCode: string
  onHand: string
  reserved: string
  available: string
  low: boolean
}

/** One row per product and warehouse, zero where nothing was ever received, so a missing product shows as low. */
export async function listStock(actor: StaffActor, params: ListParams<StockSort>): Promise<{ rows: StockListItem[]; total: number }> {
  const totals = db()
    .select({
      productId: stockBalances.productId,
      warehouseId: stockBalances.warehouseId,
      onHand: sql<string>`sum(${stockBalances.onHand})`.as('on_hand'),
      reserved: sql<string>`sum(${stockBalances.reserved})`.as('reserved'),
    })
    .from(stockBalances)
    .groupBy(stockBalances.productId, stockBalances.warehouseId)
    .as('totals')
  const onHand = sql<string>`coalesce(${totals.onHand}, 0)`
  const reserved = sql<string>`coalesce(${totals.reserved}, 0)`
  const available = sql<string>`(coalesce(${totals.onHand}, 0) - coalesce(${totals.reserved}, 0))`
  const pattern = params.q ? likePattern(params.q) : null
  const where: SQL | undefined = and(
    eq(products.active, true),
    pattern ? or(ilike(products.sku, pattern), ilike(products.nameEn, pattern), ilike(products.nameZh, pattern)) : undefined,
    params.filters.warehouse ? eq(warehouses.code, params.filters.warehouse) : undefined,
    params.filters.category ? eq(categories.code, params.filters.category) : undefined,
    params.filters.low === '1' ? sql`${available} < ${LOW_STOCK_THRESHOLD}` : undefined,
  )
  const order = params.dir === 'desc' ? desc : asc
  const sortBy: Record<StockSort, SQL> = {
    sku: sql`${products.sku}`,
    name: actor.locale === 'en' ? sql`${products.nameEn}` : sql`${products.nameZh}`,
    onHand,
    reserved,
    available,
  }
  const base = () =>
    db()
      .select({
        productId: products.id,
        sku: products.sku,
        nameEn: products.nameEn,
        nameZh: products.nameZh,
        unit: products.unit,
        categoryCode: categories.code,
        warehouseId: warehouses.id,
        warehouseCode: warehouses.code,
        onHand: sql<string>`${onHand}::text`,
        reserved: sql<string>`${reserved}::text`,
        available: sql<string>`${available}::text`,
      })
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .crossJoin(warehouses)
      .leftJoin(totals, and(eq(totals.productId, products.id), eq(totals.warehouseId, warehouses.id)))
      .where(where)
  const [rows, [{ total }]] = await Promise.all([
    base()
      .orderBy(order(sortBy[params.sort]), asc(products.sku), asc(warehouses.code))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db()
      .select({ total: sql<number>`count(*)::int` })
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .crossJoin(warehouses)
      .leftJoin(totals, and(eq(totals.productId, products.id), eq(totals.warehouseId, warehouses.id)))
      .where(where),
  ])
  return { rows: rows.map((r) => ({ ...r, low: Number(r.available) < LOW_STOCK_THRESHOLD })), total }
}

export interface BalanceRow {
  id: string
  warehouseId: string
  warehouseCode: string
  binId: string | null
  binCode: string | null
  batch: string | null
  onHand: string
  reserved: string
  available: string
}

export interface MoveRow {
  id: string
  kind: StockMoveKind
  warehouseCode: string
  binCode: string | null
  batch: string | null
  quantity: string
  reason: string
  referenceType: string | null
  referenceId: string | null
  actorName: string | null
  createdAt: string
}

export interface ProductStock {
  product: { id: string; sku: string; nameEn: string; nameZh: string; unit: string }
  balances: BalanceRow[]
  moves: MoveRow[]
  movesTotal: number
}

export const MOVES_PAGE = 100

export async function getProductStock(_actor: StaffActor, productId: string, page = 1): Promise<ProductStock | null> {
  if (!isUuid(productId)) return null
  const [product] = await db()
    .select({ id: products.id, sku: products.sku, nameEn: products.nameEn, nameZh: products.nameZh, unit: products.unit })
    .from(products)
    .where(eq(products.id, productId))
  if (!product) return null
  const moveBins = alias(bins, 'move_bins')
  const [balances, moves, [{ total }]] = await Promise.all([
    db()
      .select({
        id: stockBalances.id,
        warehouseId: stockBalances.warehouseId,
        warehouseCode: warehouses.code,
        binId: stockBalances.binId,
        binCode: bins.code,
        batch: stockBalances.batch,
        onHand: sql<string>`${stockBalances.onHand}::text`,
        reserved: sql<string>`${stockBalances.reserved}::text`,
        available: sql<string>`(${stockBalances.onHand} - ${stockBalances.reserved})::text`,
      })
      .from(stockBalances)
      .innerJoin(warehouses, eq(warehouses.id, stockBalances.warehouseId))
      .leftJoin(bins, eq(bins.id, stockBalances.binId))
      .where(eq(stockBalances.productId, productId))
      .orderBy(asc(warehouses.code), sql`${bins.code} nulls first`, sql`${stockBalances.batch} nulls first`),
    db()
      .select({
        id: stockMoves.id,
        kind: stockMoves.kind,
        warehouseCode: warehouses.code,
        binCode: moveBins.code,
        batch: stockMoves.batch,
        quantity: sql<string>`${stockMoves.quantity}::text`,
        reason: stockMoves.reason,
        referenceType: stockMoves.referenceType,
        referenceId: stockMoves.referenceId,
        actorName: users.name,
        createdAt: sql<string>`to_char(${stockMoves.createdAt} at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
      })
      .from(stockMoves)
      .innerJoin(warehouses, eq(warehouses.id, stockMoves.warehouseId))
      .leftJoin(moveBins, eq(moveBins.id, stockMoves.binId))
      .leftJoin(users, eq(users.id, stockMoves.actorUserId))
      .where(eq(stockMoves.productId, productId))
      .orderBy(desc(stockMoves.createdAt), desc(stockMoves.id))
      .limit(MOVES_PAGE)
      .offset((Math.max(1, page) - 1) * MOVES_PAGE),
    db().select({ total: sql<number>`count(*)::int` }).from(stockMoves).where(eq(stockMoves.productId, productId)),
  ])
  return { product, balances, moves, movesTotal: total }
}

export interface WarehouseOption {
  id: string
  code: string
  nameEn: string
  nameZh: string
  bins: Array<{ id: string; code: string }>
}

export async function warehouseOptions(_actor: StaffActor): Promise<WarehouseOption[]> {
  const rows = await db()
    .select({ id: warehouses.id, code: warehouses.code, nameEn: warehouses.nameEn, nameZh: warehouses.nameZh, binId: bins.id, binCode: bins.code })
    .from(warehouses)
    .leftJoin(bins, eq(bins.warehouseId, warehouses.id))
    .orderBy(asc(warehouses.code), asc(bins.code))
  const out = new Map<string, WarehouseOption>()
  for (const r of rows) {
    const w = out.get(r.id) ?? { id: r.id, code: r.code, nameEn: r.nameEn, nameZh: r.nameZh, bins: [] }
    if (r.binId && r.binCode) w.bins.push({ id: r.binId, code: r.binCode })
    out.set(r.id, w)
  }
  return [...out.values()]
}
