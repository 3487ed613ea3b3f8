import { and, asc, count, eq, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm'
import { db } from '~db/client'
import { bins, products, stockBalances, warehouses } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { isUuid } from '~/utils/uuid'
import { prefixPattern } from './batch-trace.validation'
import { assertInventoryViewer } from './inventory-access.server'
import type { PlaceBatch, PlaceLookup, StockPlace } from './stock-places.validation'
import type { Tracking } from './tracking.rules'

export type { StockPlace }

// The product stock page's balances, read for a warehouse user rather than row by row: a serial-tracked product keeps
// a balance row per serial number ever stocked (a thousand for the demo's AS-4001), so its serial numbers are summed
// per place and read a page at a time on demand; a row whose batch or serial number has left (nothing on hand, and
// so nothing reserved: reserved <= on_hand) is history, which the ledger and the trace keep.

export interface StockPlaces {
  places: StockPlace[]
  /** Emptied batches left out (none when asked to show them, and none for serial numbers, which the trace finds). */
  emptied: number
  /** Every warehouse the product has had a balance in, by code, with its names: the ledger's warehouse filter. */
  ledgerWarehouses: Array<{ code: string; nameEn: string; nameZh: string }>
  /** More lines than the page lists (PLACES_LIMIT): the trace search finds any batch. */
  truncated: boolean
}

/** The most balance lines a stock page lists: a product kept in thousands of lots is searched, not scrolled. */
export const PLACES_LIMIT = 500

const onHandSum = sql<string>`sum(${stockBalances.onHand})::text`
const reservedSum = sql<string>`sum(${stockBalances.reserved})::text`
const availableSum = sql<string>`sum(${stockBalances.onHand} - ${stockBalances.reserved})::text`
// Rows without a batch stay listed at zero: a place the product is kept at, not a batch that ran out.
const emptiedBatch = and(isNotNull(stockBalances.batch), eq(stockBalances.onHand, '0'))

/**
 * The balances of a product as its stock page lists them, by warehouse code, bin (none first) and batch. Serial-tracked:
 * a line per place holding its serial numbers (their count and sums), beside any stock there from before the product
 * was tracked. Otherwise a line per batch, emptied batches left out unless `emptied` (counted, so the page can offer them).
 */
export async function stockPlaces(actor: Actor, product: { id: string; tracking: Tracking }, opts: { emptied?: boolean } = {}): Promise<StockPlaces> {
  assertInventoryViewer(actor)
  const ofProduct = eq(stockBalances.productId, product.id)
  const placeOrder = [asc(warehouses.code), sql`${bins.code} nulls first`]
  const codes = db()
    .selectDistinct({ code: warehouses.code, nameEn: warehouses.nameEn, nameZh: warehouses.nameZh })
    .from(stockBalances)
    .innerJoin(warehouses, eq(warehouses.id, stockBalances.warehouseId))
    .where(ofProduct)
    .orderBy(asc(warehouses.code))
  if (product.tracking === 'serial') {
    // Grouped by place and by whether the row has a serial: the rows without one are one per place already (the balance key).
    const serialRows = sql<boolean>`(${stockBalances.batch} is not null)`
    const [rows, ledgerWarehouses] = await Promise.all([
      db()
        .select({
          warehouseId: stockBalances.warehouseId,
          warehouseCode: warehouses.code,
          binId: stockBalances.binId,
          binCode: bins.code,
          serialRows,
          serials: count(),
          onHand: onHandSum,
          reserved: reservedSum,
          available: availableSum,
        })
        .from(stockBalances)
        .innerJoin(warehouses, eq(warehouses.id, stockBalances.warehouseId))
        .leftJoin(bins, eq(bins.id, stockBalances.binId))
        .where(and(ofProduct, or(isNull(stockBalances.batch), sql`${stockBalances.onHand} > 0`)))
        .groupBy(stockBalances.warehouseId, warehouses.code, stockBalances.binId, bins.code, serialRows)
        .orderBy(...placeOrder, serialRows),
      codes,
    ])
    return {
      places: rows.map(({ serialRows: isSerials, serials, ...r }) => ({ ...r, batch: null, serials: isSerials ? serials : null })),
      emptied: 0,
      ledgerWarehouses,
      truncated: false,
    }
  }
  const shown: SQL | undefined = opts.emptied ? ofProduct : and(ofProduct, sql`not (${emptiedBatch})`)
  const [rows, [{ emptied }], ledgerWarehouses] = await Promise.all([
    db()
      .select({
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
      .where(shown)
      .orderBy(...placeOrder, sql`${stockBalances.batch} nulls first`)
      .limit(PLACES_LIMIT + 1),
    opts.emptied ? [{ emptied: 0 }] : db().select({ emptied: count() }).from(stockBalances).where(and(ofProduct, emptiedBatch)),
    codes,
  ])
  return { places: rows.slice(0, PLACES_LIMIT).map((r) => ({ ...r, serials: null })), emptied, ledgerWarehouses, truncated: rows.length > PLACES_LIMIT }
}

/** The product a lookup names, or null (a malformed id too). */
export async function lookupProduct(actor: Actor, productId: string): Promise<{ id: string; tracking: Tracking } | null> {
  assertInventoryViewer(actor)
  if (!isUuid(productId)) return null
  const [p] = await db().select({ id: products.id, tracking: products.tracking }).from(products).where(eq(products.id, productId))
  return p ?? null
}

/**
 * The batches or serial numbers of a product at one place starting with `q` (any case), with stock on hand or available
 * as asked: a page of at most `limit` by name from `offset`, and how many match in all. The place's rows are the balance
 * key's (product, warehouse, bin, batch), so the read stays within that place whatever the product holds elsewhere.
 */
export async function batchesAtPlace(actor: Actor, productId: string, p: PlaceLookup): Promise<{ rows: PlaceBatch[]; total: number }> {
  assertInventoryViewer(actor)
  const where = and(
    eq(stockBalances.productId, productId),
    eq(stockBalances.warehouseId, p.warehouse),
    p.bin ? eq(stockBalances.binId, p.bin) : isNull(stockBalances.binId),
    isNotNull(stockBalances.batch),
    p.stock === 'available' ? sql`${stockBalances.onHand} > ${stockBalances.reserved}` : sql`${stockBalances.onHand} > 0`,
    p.q ? sql`lower(${stockBalances.batch}) like ${prefixPattern(p.q)}` : undefined,
  )
  const [rows, [{ total }]] = await Promise.all([
    db()
      .select({
        batch: sql<string>`${stockBalances.batch}`,
        onHand: sql<string>`${stockBalances.onHand}::text`,
        reserved: sql<string>`${stockBalances.reserved}::text`,
        available: sql<string>`(${stockBalances.onHand} - ${stockBalances.reserved})::text`,
      })
      .from(stockBalances)
      .where(where)
      .orderBy(asc(stockBalances.batch))
      .limit(p.limit)
      .offset(p.offset),
    db().select({ total: count() }).from(stockBalances).where(where),
  ])
  return { rows, total }
}
