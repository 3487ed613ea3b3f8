import { and, asc, desc, eq, ilike, isNotNull, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { db } from '~db/client'
import { bins, organizations, products, salesOrders, shipments, stockBalances, stockMoves, users, warehouses } from '~db/schema'
import { staffCan, type Actor, type StaffActor } from '~/auth/roles'
import { ORDER_SOURCE } from '~/domain/orders/order-command.server'
import { forbidden } from '~/utils/errors'
import { likePattern } from '~/utils/list-params'
import { D } from '~/utils/money'
import { isUuid } from '~/utils/uuid'
import { BATCH_SEARCH_LIMIT, TRACE_LIST_LIMIT, prefixPattern } from './batch-trace.validation'
import { assertInventoryViewer } from './inventory-access.server'
import { COUNT_SOURCE } from './count-stock.server'
import { isOpeningBalance, type StockMoveKind } from './stock.rules'

// Traceability of a batch or serial number both ways (product spec §9): where it came from, where it
// is, and which dealers got it on which orders and shipments. Stock is the host's: inventory.view
// reads it; who got it is order data, read only with orders.view. The ledger keeps a serial number
// in the same column as a batch, so everything here serves both.

const qty = (col: unknown) => sql<string>`trim_scale(${col})::text`
const iso = (col: unknown) => sql<string>`to_char(${col} at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`
const isoOrNull = (col: unknown) => sql<string | null>`case when ${col} is null then null else to_char(${col} at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') end`

export type Tracking = 'none' | 'batch' | 'serial'

export interface TraceProduct {
  id: string
  sku: string
  nameEn: string
  nameZh: string
  unit: string
  tracking: Tracking
}

export interface BatchMatch {
  productId: string
  sku: string
  nameEn: string
  nameZh: string
  unit: string
  tracking: Tracking
  batch: string
  onHand: string
  reserved: string
  /** The warehouses holding some of it now, by code. */
  warehouses: string[]
}

const productFields = { id: products.id, sku: products.sku, nameEn: products.nameEn, nameZh: products.nameZh, unit: products.unit, tracking: products.tracking }

/**
 * Batches and serial numbers starting with `q` (without regard to case) across products, or of one
 * product; an empty `q` with a product lists that product's. Read from the balances, which keep a row
 * for every place a batch was ever moved to (the ledger's running sums), so a batch shipped out whole
 * is still found. At most BATCH_SEARCH_LIMIT, by batch; `more` says the list stopped there.
 */
export async function searchBatches(actor: Actor, params: { q: string; productId: string | null }): Promise<{ rows: BatchMatch[]; more: boolean }> {
  assertInventoryViewer(actor)
  const q = params.q.trim()
  if (!q && !params.productId) return { rows: [], more: false }
  // lower(batch) LIKE 'prefix%', served by stock_balances_batch_prefix_idx (lower(batch) text_pattern_ops, batch not null);
  // with a product picked, stock_balances_batch_idx narrows it to that product's rows.
  const where = and(
    isNotNull(stockBalances.batch),
    q ? sql`lower(${stockBalances.batch}) like ${prefixPattern(q)}` : undefined,
    params.productId ? eq(stockBalances.productId, params.productId) : undefined,
  )
  const rows = await db()
    .select({
      productId: products.id,
      sku: products.sku,
      nameEn: products.nameEn,
      nameZh: products.nameZh,
      unit: products.unit,
      tracking: products.tracking,
      batch: sql<string>`${stockBalances.batch}`,
      onHand: qty(sql`sum(${stockBalances.onHand})`),
      reserved: qty(sql`sum(${stockBalances.reserved})`),
      warehouses: sql<string | null>`string_agg(distinct ${warehouses.code}, ',' order by ${warehouses.code}) filter (where ${stockBalances.onHand} > 0)`,
    })
    .from(stockBalances)
    .innerJoin(products, eq(products.id, stockBalances.productId))
    .innerJoin(warehouses, eq(warehouses.id, stockBalances.warehouseId))
    .where(where)
    .groupBy(products.id, stockBalances.batch)
    .orderBy(sql`lower(${stockBalances.batch})`, asc(stockBalances.batch), asc(products.sku))
    .limit(BATCH_SEARCH_LIMIT + 1)
  return {
    rows: rows.slice(0, BATCH_SEARCH_LIMIT).map((r) => ({ ...r, warehouses: r.warehouses ? r.warehouses.split(',') : [] })),
    more: rows.length > BATCH_SEARCH_LIMIT,
  }
}

/** How many products one picker search answers with. */
export const PRODUCT_SEARCH_LIMIT = 20

/** Products whose SKU or name (either language) contains `q`, by SKU, for the search's product picker (code: the SKU). */
export async function searchTraceProducts(actor: Actor, q: string): Promise<Array<{ code: string; name: string }>> {
  assertInventoryViewer(actor)
  const text = q.trim()
  const p = likePattern(text)
  return db()
    .select({ code: products.sku, name: actor.locale === 'en' ? products.nameEn : products.nameZh })
    .from(products)
    .where(text ? or(ilike(products.sku, p), ilike(products.nameEn, p), ilike(products.nameZh, p)) : undefined)
    .orderBy(asc(products.sku))
    .limit(PRODUCT_SEARCH_LIMIT)
}

/** The product a SKU names, as typed (any case): the search's product filter. */
export async function productBySku(actor: Actor, sku: string): Promise<TraceProduct | null> {
  assertInventoryViewer(actor)
  const typed = sku.trim()
  if (!typed) return null
  const rows = await db()
    .select(productFields)
    .from(products)
    .where(sql`lower(${products.sku}) = lower(${typed})`)
    .limit(2)
  return rows.find((r) => r.sku === typed) ?? rows[0] ?? null
}

/** A move's cause as the trace tells it: an opening balance, a cycle count, or what the ledger names (a PO, once procure-to-pay writes them). */
export type TraceReference = { kind: 'opening' } | { kind: 'count' } | { kind: 'other'; type: string; id: string | null } | null

export interface TraceMove {
  id: string
  kind: StockMoveKind
  at: string
  /** Signed. */
  quantity: string
  warehouseCode: string
  binCode: string | null
  reason: string
  reference: TraceReference
  actorName: string | null
}

export interface TraceShipment {
  shipmentId: string
  shipmentNumber: string
  shippedAt: string
  deliveredAt: string | null
  status: 'shipped' | 'delivered'
  carrier: string
  trackingNumber: string
  warehouseCode: string
  /** Of this batch, on this shipment (positive). */
  quantity: string
  order: { id: string; number: string; dealerReference: string | null; shipTo: string | null }
  dealer: { id: string; code: string; nameEn: string; nameZh: string }
}

export interface TraceBalance {
  id: string
  warehouseCode: string
  warehouseNameEn: string
  warehouseNameZh: string
  binCode: string | null
  onHand: string
  reserved: string
  available: string
}

export interface BatchTraceDetail {
  product: TraceProduct
  batch: string
  totals: {
    /** Receipts (opening balances among them) and positive adjustments: what entered the books. */
    cameIn: string
    /** Shipped to dealers. */
    shipped: string
    onHand: string
    reserved: string
    available: string
  }
  origins: { rows: TraceMove[]; total: number }
  /** Places holding some of it now, or reserving it. */
  balances: TraceBalance[]
  /** Null for viewers who do not see orders: who got it is order data. */
  shipped: { rows: TraceShipment[]; total: number; dealers: number } | null
  /** Transfers, write-offs (negative adjustments) and counts. */
  others: { rows: TraceMove[]; total: number }
}

/**
 * A receipt, a positive adjustment or a count that found stock: where stock of the batch came from. A count that
 * found some is stock coming in like an adjustment up; filed under "other moves" it made "came in" less than what
 * was shipped, written off and on hand together.
 */
const isOrigin = sql`(${stockMoves.kind} = 'receipt' or (${stockMoves.kind} in ('adjustment', 'count') and ${stockMoves.quantity} > 0))`
const isOther = sql`(${stockMoves.kind} in ('transfer_out', 'transfer_in') or (${stockMoves.kind} in ('adjustment', 'count') and ${stockMoves.quantity} < 0))`

const ofBatch = (productId: string, batch: string) => and(eq(stockMoves.productId, productId), eq(stockMoves.batch, batch))!

/**
 * The batch as the product's ledger spells it: the exact text when it has moves, else the one batch
 * of the product that matches it without regard to case (stock forms keep one spelling per lot, see
 * canonicalBatch), else null.
 */
export async function resolveBatch(actor: Actor, productId: string, batch: string): Promise<string | null> {
  assertInventoryViewer(actor)
  if (!isUuid(productId)) return null
  const rows = await db()
    .selectDistinct({ batch: stockBalances.batch })
    .from(stockBalances)
    .where(and(eq(stockBalances.productId, productId), sql`lower(${stockBalances.batch}) = lower(${batch})`))
    .limit(2)
  if (rows.some((r) => r.batch === batch)) return batch
  return rows.length === 1 ? rows[0].batch : null
}

/** The trace of one batch or serial number of a product; null when the product never moved it (or is unknown). */
export async function getBatchTrace(actor: StaffActor, productId: string, batch: string): Promise<BatchTraceDetail | null> {
  assertInventoryViewer(actor)
  if (!isUuid(productId)) return null
  const [product] = await db().select(productFields).from(products).where(eq(products.id, productId))
  if (!product) return null
  const seesOrders = staffCan(actor, 'orders.view')
  const [[sums], balances, origins, others, shipped] = await Promise.all([
    db()
      .select({
        moves: sql<number>`count(*)::int`,
        cameIn: qty(sql`coalesce(sum(${stockMoves.quantity}) filter (where ${isOrigin}), 0)`),
        shipped: qty(sql`coalesce(-sum(${stockMoves.quantity}) filter (where ${stockMoves.kind} = 'shipment'), 0)`),
        origins: sql<number>`(count(*) filter (where ${isOrigin}))::int`,
        others: sql<number>`(count(*) filter (where ${isOther}))::int`,
      })
      .from(stockMoves)
      .where(ofBatch(productId, batch)),
    db()
      .select({
        id: stockBalances.id,
        warehouseCode: warehouses.code,
        warehouseNameEn: warehouses.nameEn,
        warehouseNameZh: warehouses.nameZh,
        binCode: bins.code,
        onHand: qty(stockBalances.onHand),
        reserved: qty(stockBalances.reserved),
        available: qty(sql`${stockBalances.onHand} - ${stockBalances.reserved}`),
      })
      .from(stockBalances)
      .innerJoin(warehouses, eq(warehouses.id, stockBalances.warehouseId))
      .leftJoin(bins, eq(bins.id, stockBalances.binId))
      .where(and(eq(stockBalances.productId, productId), eq(stockBalances.batch, batch), sql`(${stockBalances.onHand} > 0 or ${stockBalances.reserved} > 0)`))
      .orderBy(asc(warehouses.code), sql`${bins.code} nulls first`),
    traceMoves(productId, batch, isOrigin, 'asc'),
    traceMoves(productId, batch, isOther, 'desc'),
    seesOrders ? batchShipments(productId, batch, TRACE_LIST_LIMIT) : null,
  ])
  if (!sums.moves) return null
  const onHand = balances.reduce((s, b) => s.plus(b.onHand), new D(0))
  const reserved = balances.reduce((s, b) => s.plus(b.reserved), new D(0))
  return {
    product,
    batch,
    totals: { cameIn: sums.cameIn, shipped: sums.shipped, onHand: onHand.toFixed(), reserved: reserved.toFixed(), available: onHand.minus(reserved).toFixed() },
    origins: { rows: origins, total: sums.origins },
    balances,
    shipped: shipped ? { rows: shipped.rows, total: shipped.total, dealers: shipped.dealers } : null,
    others: { rows: others, total: sums.others },
  }
}

async function traceMoves(productId: string, batch: string, which: SQL, dir: 'asc' | 'desc'): Promise<TraceMove[]> {
  const moveBins = alias(bins, 'move_bins')
  const order = dir === 'asc' ? asc : desc
  const rows = await db()
    .select({
      id: stockMoves.id,
      kind: stockMoves.kind,
      at: iso(stockMoves.createdAt),
      quantity: qty(stockMoves.quantity),
      warehouseCode: warehouses.code,
      binCode: moveBins.code,
      reason: stockMoves.reason,
      referenceType: stockMoves.referenceType,
      referenceId: stockMoves.referenceId,
      actorName: users.name,
    })
    .from(stockMoves)
    .innerJoin(warehouses, eq(warehouses.id, stockMoves.warehouseId))
    .leftJoin(moveBins, eq(moveBins.id, stockMoves.binId))
    .leftJoin(users, eq(users.id, stockMoves.actorUserId))
    .where(and(ofBatch(productId, batch), which))
    .orderBy(order(stockMoves.createdAt), order(stockMoves.id))
    .limit(TRACE_LIST_LIMIT)
  return rows.map(({ referenceType, referenceId, ...m }) => ({ ...m, reference: referenceOf(m.kind, referenceType, referenceId) }))
}

function referenceOf(kind: StockMoveKind, type: string | null, id: string | null): TraceReference {
  if (isOpeningBalance({ kind, referenceType: type })) return { kind: 'opening' }
  if (type === COUNT_SOURCE) return { kind: 'count' }
  // An order's id is only ever on a shipment, which these lists do not hold; anything else is shown as the ledger has it.
  if (!type || type === ORDER_SOURCE) return null
  return { kind: 'other', type, id }
}

/**
 * The shipments that took some of the batch, newest first, each with how much of it: the ledger's
 * shipment moves name their order (reference) and their shipment (its number is the move's reason,
 * which the shipments' unique index finds). At most `limit` rows; `total` and `dealers` count them all.
 */
export async function batchShipments(productId: string, batch: string, limit: number): Promise<{ rows: TraceShipment[]; total: number; dealers: number }> {
  const moveOfShipment = and(
    ofBatch(productId, batch),
    eq(stockMoves.kind, 'shipment'),
    eq(stockMoves.referenceType, ORDER_SOURCE),
    eq(shipments.number, stockMoves.reason),
    sql`${shipments.orderId}::text = ${stockMoves.referenceId}`,
  )
  const [rows, [counts]] = await Promise.all([
    db()
      .select({
        shipmentId: shipments.id,
        shipmentNumber: shipments.number,
        shippedAt: iso(shipments.shippedAt),
        deliveredAt: isoOrNull(shipments.deliveredAt),
        status: shipments.status,
        carrier: shipments.carrier,
        trackingNumber: shipments.trackingNumber,
        warehouseCode: warehouses.code,
        quantity: qty(sql`-sum(${stockMoves.quantity})`),
        orderId: salesOrders.id,
        orderNumber: salesOrders.number,
        dealerReference: salesOrders.dealerReference,
        shipTo: salesOrders.shipTo,
        dealerId: organizations.id,
        dealerCode: organizations.code,
        dealerNameEn: organizations.nameEn,
        dealerNameZh: organizations.nameZh,
      })
      .from(stockMoves)
      .innerJoin(shipments, moveOfShipment)
      .innerJoin(salesOrders, eq(salesOrders.id, shipments.orderId))
      .innerJoin(organizations, eq(organizations.id, salesOrders.dealerOrgId))
      .innerJoin(warehouses, eq(warehouses.id, shipments.warehouseId))
      .groupBy(shipments.id, warehouses.code, salesOrders.id, organizations.id)
      .orderBy(desc(shipments.shippedAt), desc(shipments.number))
      .limit(limit),
    db()
      .select({ total: sql<number>`count(distinct ${shipments.id})::int`, dealers: sql<number>`count(distinct ${salesOrders.dealerOrgId})::int` })
      .from(stockMoves)
      .innerJoin(shipments, moveOfShipment)
      .innerJoin(salesOrders, eq(salesOrders.id, shipments.orderId)),
  ])
  return {
    rows: rows.map((r) => ({
      shipmentId: r.shipmentId,
      shipmentNumber: r.shipmentNumber,
      shippedAt: r.shippedAt,
      deliveredAt: r.deliveredAt,
      status: r.status,
      carrier: r.carrier,
      trackingNumber: r.trackingNumber,
      warehouseCode: r.warehouseCode,
      quantity: r.quantity,
      order: { id: r.orderId, number: r.orderNumber, dealerReference: r.dealerReference, shipTo: r.shipTo },
      dealer: { id: r.dealerId, code: r.dealerCode, nameEn: r.dealerNameEn, nameZh: r.dealerNameZh },
    })),
    total: counts.total,
    dealers: counts.dealers,
  }
}

/** Who got the batch is order data: the trace's shipments and its recall export ask for orders.view as well. */
export function assertSeesShipments(actor: Actor): asserts actor is StaffActor {
  assertInventoryViewer(actor)
  if (!staffCan(actor, 'orders.view')) throw forbidden()
}
