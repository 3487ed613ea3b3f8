import { and, asc, desc, eq, ilike, ne, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { db } from '~db/client'
import { bins, products, stockCounts, users, warehouses } from '~db/schema'
import type { StaffActor } from '~/auth/roles'
import { likePattern, type ListParams } from '~/utils/list-params'
import { countStatuses, type CountStatus } from './count.validation'
import { assertInventoryViewer } from './inventory-access.server'
import type { Tracking } from './tracking.rules'

// Counts are the host's stock records: staff with inventory.view reach these reads (the routes' guard, and each read again).

export interface StockCountRow {
  id: string
  productId: string
  sku: string
  nameEn: string
  nameZh: string
  unit: string
  tracking: Tracking
  warehouseCode: string
  binCode: string | null
  batch: string | null
  countedQuantity: string
  bookQuantity: string
  difference: string
  /** The place's ledger moves when it was counted: none, and a batch was found there, is a batch new to the place (countHold). */
  bookMoves: number
  reason: string
  status: CountStatus
  countedById: string
  countedByName: string
  countedAt: string
  decidedByName: string | null
  decidedAt: string | null
  decisionReason: string | null
  /** Pending only: the place's stock moved since the count, so approval will refuse it (a recount is needed). */
  stale: boolean
}

const iso = (col: SQL | typeof stockCounts.countedAt) => sql<string>`to_char(${col} at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`

function countRows() {
  const deciders = alias(users, 'deciders')
  return db()
    .select({
      id: stockCounts.id,
      productId: stockCounts.productId,
      sku: products.sku,
      nameEn: products.nameEn,
      nameZh: products.nameZh,
      unit: products.unit,
      tracking: products.tracking,
      warehouseCode: warehouses.code,
      binCode: bins.code,
      batch: stockCounts.batch,
      countedQuantity: sql<string>`${stockCounts.countedQuantity}::text`,
      bookQuantity: sql<string>`${stockCounts.bookQuantity}::text`,
      difference: sql<string>`${stockCounts.difference}::text`,
      bookMoves: stockCounts.bookMoves,
      reason: stockCounts.reason,
      status: stockCounts.status,
      countedById: stockCounts.countedBy,
      countedByName: users.name,
      countedAt: iso(stockCounts.countedAt),
      decidedByName: deciders.name,
      decidedAt: sql<string | null>`case when ${stockCounts.decidedAt} is null then null else ${iso(sql`${stockCounts.decidedAt}`)} end`,
      decisionReason: stockCounts.decisionReason,
      // The same test approval makes under the lock (approveCount), read here without one: a hint, the server decides.
      stale: sql<boolean>`${stockCounts.status} = 'pending' and (select count(*) from stock_moves m
        where m.product_id = ${stockCounts.productId} and m.warehouse_id = ${stockCounts.warehouseId}
          and m.bin_id is not distinct from ${stockCounts.binId} and m.batch is not distinct from ${stockCounts.batch}) <> ${stockCounts.bookMoves}`,
    })
    .from(stockCounts)
    .innerJoin(products, eq(products.id, stockCounts.productId))
    .innerJoin(warehouses, eq(warehouses.id, stockCounts.warehouseId))
    .leftJoin(bins, eq(bins.id, stockCounts.binId))
    .innerJoin(users, eq(users.id, stockCounts.countedBy))
    .leftJoin(deciders, eq(deciders.id, stockCounts.decidedBy))
}

/** The status a list shows: pending unless another (or all) is asked for, so the approvers' link and its count agree. */
export function countStatusFilter(params: Pick<ListParams, 'filters'>): CountStatus | 'all' {
  const s = params.filters.status
  return s === 'all' || (countStatuses as readonly string[]).includes(s ?? '') ? (s as CountStatus | 'all') : 'pending'
}

export async function listStockCounts(actor: StaffActor, params: ListParams<'countedAt'>): Promise<{ rows: StockCountRow[]; total: number }> {
  // Checked here as well as by the route: another caller (an API, a job) meets the same rule.
  assertInventoryViewer(actor)
  const status = countStatusFilter(params)
  const where: SQL[] = []
  if (status !== 'all') where.push(eq(stockCounts.status, status))
  if (params.filters.warehouse) where.push(eq(warehouses.code, params.filters.warehouse))
  if (params.filters.by === 'others') where.push(ne(stockCounts.countedBy, actor.userId))
  if (params.q) {
    const like = likePattern(params.q)
    where.push(or(ilike(products.sku, like), ilike(stockCounts.reason, like), ilike(stockCounts.batch, like))!)
  }
  const order = params.dir === 'asc' ? [asc(stockCounts.countedAt), asc(stockCounts.id)] : [desc(stockCounts.countedAt), desc(stockCounts.id)]
  const [rows, [{ total }]] = await Promise.all([
    countRows()
      .where(and(...where))
      .orderBy(...order)
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db()
      .select({ total: sql<number>`count(*)::int` })
      .from(stockCounts)
      .innerJoin(products, eq(products.id, stockCounts.productId))
      .innerJoin(warehouses, eq(warehouses.id, stockCounts.warehouseId))
      .where(and(...where)),
  ])
  return { rows, total }
}

/** A product's counts waiting for a second person, oldest first (the order they are worked in). */
export async function pendingCountsOf(actor: StaffActor, productId: string): Promise<StockCountRow[]> {
  assertInventoryViewer(actor)
  return countRows()
    .where(and(eq(stockCounts.productId, productId), eq(stockCounts.status, 'pending')))
    .orderBy(asc(stockCounts.countedAt), asc(stockCounts.id))
}
