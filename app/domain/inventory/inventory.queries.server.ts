import { and, asc, desc, eq, ilike, isNotNull, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { db, rawRows } from '~db/client'
import { bins, categories, organizations, products, replenishmentRules, salesOrders, stockBalances, stockMoves, users, warehouses } from '~db/schema'
import { staffCan, type StaffActor } from '~/auth/roles'
import { ORDER_SOURCE } from '~/domain/orders/order-command.server'
import { likePattern, type ListParams } from '~/utils/list-params'
import { D } from '~/utils/money'
import { isUuid } from '~/utils/uuid'
import { LOW_STOCK_THRESHOLD, ledgerOptions, type LedgerParams, type StockSort } from './inventory.validation'
import { netStockSql } from './replenishment.queries.server'
import { resolveBatch } from './batch-trace.queries.server'
import { assertInventoryViewer } from './inventory-access.server'
import { stockMoveKinds, type StockMoveKind } from './stock.rules'
import type { Tracking } from './tracking.rules'

// Stock is the host's: only staff with inventory.view reach these reads (the routes' guard, and each read again).

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
  /** The enabled reorder point here, if any, and whether the stock net of reservations and backorders is below it. */
  reorderPoint: string | null
  belowReorder: boolean
}

/** One row per product and warehouse, zero where nothing was ever received, so a missing product shows as low. */
export async function listStock(actor: StaffActor, params: ListParams<StockSort>): Promise<{ rows: StockListItem[]; total: number }> {
  assertInventoryViewer(actor)
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
  const rule = and(eq(replenishmentRules.productId, products.id), eq(replenishmentRules.warehouseId, warehouses.id), eq(replenishmentRules.enabled, true))
  // Only rows with a rule pay for the position's subqueries.
  const belowReorder = sql<boolean>`(${replenishmentRules.id} is not null and ${netStockSql(sql`${products.id}`, sql`${warehouses.id}`)} < ${replenishmentRules.reorderPoint})`
  const where: SQL | undefined = and(
    eq(products.active, true),
    pattern ? or(ilike(products.sku, pattern), ilike(products.nameEn, pattern), ilike(products.nameZh, pattern)) : undefined,
    params.filters.warehouse ? eq(warehouses.code, params.filters.warehouse) : undefined,
    params.filters.category ? eq(categories.code, params.filters.category) : undefined,
    params.filters.low === '1' ? sql`${available} < ${LOW_STOCK_THRESHOLD}` : undefined,
    params.filters.reorder === '1' ? belowReorder : undefined,
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
        reorderPoint: sql<string | null>`trim_scale(${replenishmentRules.reorderPoint})::text`,
        belowReorder,
      })
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .crossJoin(warehouses)
      .leftJoin(totals, and(eq(totals.productId, products.id), eq(totals.warehouseId, warehouses.id)))
      .leftJoin(replenishmentRules, rule)
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
      .leftJoin(replenishmentRules, rule)
      .where(where),
  ])
  return { rows: rows.map((r) => ({ ...r, low: Number(r.available) < LOW_STOCK_THRESHOLD })), total }
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
  /** The sales order a shipment went out on, for viewers who see orders. */
  order: { id: string; number: string; dealerName: string } | null
  actorName: string | null
  createdAt: string
}

/** Where one batch came from and went (traceability): received into stock, on hand now, and per dealer shipped to. */
export interface BatchTrace {
  batch: string
  received: string
  onHand: string
  /** Null for viewers who do not see orders. At most TRACE_PANEL_DEALERS, each with its first TRACE_PANEL_ORDERS orders. */
  dealers: Array<{ dealerOrgId: string; dealerName: string; quantity: string; orders: Array<{ id: string; number: string }>; orderCount: number }> | null
  /** How many dealers got some of it, listed or not. */
  dealerCount: number
}

export interface ProductStock {
  product: { id: string; sku: string; nameEn: string; nameZh: string; unit: string; tracking: Tracking }
  moves: MoveRow[]
  movesTotal: number
  /** The batches ever moved, for the ledger's filter (none for a serial-tracked product). */
  batches: string[]
  batchTrace: BatchTrace | null
}

const defaultLedger: LedgerParams = { q: '', page: 1, pageSize: ledgerOptions.pageSize, sort: 'at', dir: 'desc', filters: {} }

export async function getProductStock(actor: StaffActor, productId: string, ledger: LedgerParams = defaultLedger): Promise<ProductStock | null> {
  assertInventoryViewer(actor)
  if (!isUuid(productId)) return null
  const [product] = await db()
    .select({ id: products.id, sku: products.sku, nameEn: products.nameEn, nameZh: products.nameZh, unit: products.unit, tracking: products.tracking })
    .from(products)
    .where(eq(products.id, productId))
  if (!product) return null
  const seesOrders = staffCan(actor, 'orders.view')
  const en = actor.locale === 'en'
  const moveBins = alias(bins, 'move_bins')
  const dealers = alias(organizations, 'dealers')
  const { warehouse, kind } = ledger.filters
  // A batch or serial typed in another case (by hand, from a label) means the ledger's spelling of it: the filter and
  // the batch's panel compare exactly.
  const batch = ledger.filters.batch ? ((await resolveBatch(actor, productId, ledger.filters.batch)) ?? ledger.filters.batch) : undefined
  const where: SQL[] = [eq(stockMoves.productId, productId)]
  if (warehouse) where.push(eq(warehouses.code, warehouse))
  if (kind) where.push((stockMoveKinds as readonly string[]).includes(kind) ? eq(stockMoves.kind, kind as StockMoveKind) : sql`false`)
  if (batch) where.push(eq(stockMoves.batch, batch))
  if (ledger.q) {
    const like = likePattern(ledger.q)
    where.push(or(ilike(stockMoves.reason, like), ilike(stockMoves.batch, like), ...(seesOrders ? [ilike(salesOrders.number, like)] : []))!)
  }
  // A shipment's order, joined on the reference the ledger keeps (text, as references name other kinds too).
  const onOrder = and(eq(stockMoves.referenceType, ORDER_SOURCE), sql`${salesOrders.id}::text = ${stockMoves.referenceId}`)
  const ledgerRows = () =>
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
        orderId: salesOrders.id,
        orderNumber: salesOrders.number,
        dealerName: en ? dealers.nameEn : dealers.nameZh,
        actorName: users.name,
        createdAt: sql<string>`to_char(${stockMoves.createdAt} at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
      })
      .from(stockMoves)
      .innerJoin(warehouses, eq(warehouses.id, stockMoves.warehouseId))
      .leftJoin(moveBins, eq(moveBins.id, stockMoves.binId))
      .leftJoin(users, eq(users.id, stockMoves.actorUserId))
      .leftJoin(salesOrders, onOrder)
      .leftJoin(dealers, eq(dealers.id, salesOrders.dealerOrgId))
  const [moves, [{ total }], batchRows, batchTrace] = await Promise.all([
    ledgerRows()
      .where(and(...where))
      .orderBy(ledger.dir === 'asc' ? asc(stockMoves.createdAt) : desc(stockMoves.createdAt), ledger.dir === 'asc' ? asc(stockMoves.id) : desc(stockMoves.id))
      .limit(ledger.pageSize)
      .offset((ledger.page - 1) * ledger.pageSize),
    db()
      .select({ total: sql<number>`count(*)::int` })
      .from(stockMoves)
      .innerJoin(warehouses, eq(warehouses.id, stockMoves.warehouseId))
      .leftJoin(salesOrders, onOrder)
      .where(and(...where)),
    // A serial-tracked product's serial numbers ever moved are no list to choose from (the page types one).
    product.tracking === 'serial'
      ? []
      : db()
          .selectDistinct({ batch: stockMoves.batch })
          .from(stockMoves)
          .where(and(eq(stockMoves.productId, productId), isNotNull(stockMoves.batch)))
          .orderBy(asc(stockMoves.batch))
          .limit(500),
    batch ? traceBatch(productId, batch, seesOrders, en) : null,
  ])
  return {
    product,
    // The order a shipment went out on, only to those who see orders: its id is no one else's business either.
    moves: moves.map(({ orderId, orderNumber, dealerName, ...m }) => ({
      ...m,
      referenceId: seesOrders || m.referenceType !== ORDER_SOURCE ? m.referenceId : null,
      order: seesOrders && orderId && orderNumber ? { id: orderId, number: orderNumber, dealerName: dealerName ?? '' } : null,
    })),
    movesTotal: total,
    batches: batchRows.map((b) => b.batch!),
    batchTrace,
  }
}

/** The product page's batch panel sums up; the trace page lists everything. */
export const TRACE_PANEL_DEALERS = 20
export const TRACE_PANEL_ORDERS = 5

async function traceBatch(productId: string, batch: string, seesOrders: boolean, en: boolean): Promise<BatchTrace | null> {
  const ofBatch = and(eq(stockMoves.productId, productId), eq(stockMoves.batch, batch))
  const [[sums], [{ onHand }]] = await Promise.all([
    db()
      .select({ received: sql<string>`coalesce(sum(${stockMoves.quantity}) filter (where ${stockMoves.kind} = 'receipt'), 0)::text`, moves: sql<number>`count(*)::int` })
      .from(stockMoves)
      .where(ofBatch),
    db()
      .select({ onHand: sql<string>`coalesce(sum(${stockBalances.onHand}), 0)::text` })
      .from(stockBalances)
      .where(and(eq(stockBalances.productId, productId), eq(stockBalances.batch, batch))),
  ])
  if (!sums.moves) return null
  if (!seesOrders) return { batch, received: sums.received, onHand, dealers: null, dealerCount: 0 }
  // A summary, bounded whatever the batch's history: per dealer its sum, its order count and its first few orders; the
  // trace page pages through every shipment. Shipment moves per order first, so an order shipped in parts counts once.
  const rows = await rawRows<{ dealer_org_id: string; dealer_name: string; quantity: string; order_count: number; orders: Array<{ id: string; number: string }>; dealer_count: number }>(
    db(),
    sql`with per_order as (
          select o.dealer_org_id, o.id, o.number, -sum(m.quantity) as quantity
          from stock_moves m
          join sales_orders o on m.reference_type = ${ORDER_SOURCE} and o.id::text = m.reference_id
          where m.product_id = ${productId} and m.batch = ${batch} and m.kind = 'shipment'
          group by o.dealer_org_id, o.id, o.number
        ), per_dealer as (
          select p.dealer_org_id, sum(p.quantity) as quantity, count(*)::int as order_count,
                 (array_agg(json_build_object('id', p.id, 'number', p.number) order by p.number))[1:${TRACE_PANEL_ORDERS}] as orders
          from per_order p group by p.dealer_org_id
        )
        select d.dealer_org_id, ${en ? sql`org.name_en` : sql`org.name_zh`} as dealer_name, d.quantity::text as quantity, d.order_count,
               to_json(d.orders) as orders, count(*) over ()::int as dealer_count
        from per_dealer d join organizations org on org.id = d.dealer_org_id
        order by dealer_name, d.dealer_org_id
        limit ${TRACE_PANEL_DEALERS}`,
  )
  return {
    batch,
    received: sums.received,
    onHand,
    dealers: rows.map((r) => ({ dealerOrgId: r.dealer_org_id, dealerName: r.dealer_name, quantity: new D(r.quantity).toFixed(), orders: r.orders, orderCount: r.order_count })),
    dealerCount: rows[0]?.dealer_count ?? 0,
  }
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
