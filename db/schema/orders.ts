import { sql } from 'drizzle-orm'
import { boolean, check, date, index, integer, jsonb, numeric, pgEnum, pgSequence, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { currencies, products, warehouses } from './catalog'
import { organizations, users } from './parties'

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })
const money = (name: string) => numeric(name, { precision: 18, scale: 2 })
const qty = (name: string) => numeric(name, { precision: 18, scale: 4 })

// Document numbers come from sequences, not a counter row: a counter row would serialize every
// order's whole transaction on one lock. A rolled-back order leaves a gap, which is acceptable.
export const salesOrderNumberSeq = pgSequence('sales_order_number_seq', { startWith: 1 })
export const shipmentNumberSeq = pgSequence('shipment_number_seq', { startWith: 1 })
export const requisitionNumberSeq = pgSequence('requisition_number_seq', { startWith: 1 })

/**
 * submitted: placed, waiting for a sales manager (over credit) · approved: credit cleared, some of
 * it still backordered · reserved: every open unit is reserved · picked · partially_shipped ·
 * shipped · delivered; cancelled (before picking) and rejected (by the approver) end it.
 */
export const salesOrderStatus = pgEnum('sales_order_status', [
  'submitted',
  'approved',
  'reserved',
  'picked',
  'partially_shipped',
  'shipped',
  'delivered',
  'cancelled',
  'rejected',
])

/** Open orders, and shipped or delivered ones not yet fully paid: the orders that still count towards credit. */
const LIVE_ORDER = sql`status in ('submitted', 'approved', 'reserved', 'picked', 'partially_shipped') or (status in ('shipped', 'delivered') and paid_total < total)`

export const salesOrders = pgTable(
  'sales_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human number, e.g. SO-2026-000123. */
    number: text('number').notNull(),
    dealerOrgId: uuid('dealer_org_id')
      .notNull()
      .references(() => organizations.id),
    placedBy: uuid('placed_by')
      .notNull()
      .references(() => users.id),
    status: salesOrderStatus('status').notNull(),
    /** The warehouse the order ships from (the dealer chooses among those with ATP). */
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    currency: text('currency')
      .notNull()
      .references(() => currencies.code),
    /** The tier the prices were taken from, as it was at submission. */
    priceTier: text('price_tier').notNull(),
    subtotal: money('subtotal').notNull(),
    taxTotal: money('tax_total').notNull(),
    total: money('total').notNull(),
    /** What the credit check saw at submission: { limit, receivables, openOrders, thisOrder, available }. */
    creditCheck: jsonb('credit_check').notNull(),
    needsApproval: boolean('needs_approval').notNull().default(false),
    approvedBy: uuid('approved_by').references(() => users.id),
    approvedAt: ts('approved_at'),
    decisionNote: text('decision_note'),
    cancelledBy: uuid('cancelled_by').references(() => users.id),
    cancelledAt: ts('cancelled_at'),
    cancelReason: text('cancel_reason'),
    /**
     * Who cancelled the order's backordered quantities, when and why: the order stays open (what is held
     * still ships), so these are not cancelled_*, which a later cancel of the whole order or its rest writes
     * beside them. Null when the backorders were never cancelled, or when that act itself ended the order
     * unshipped (then it was the order's cancellation, in cancelled_*).
     */
    backordersCancelledBy: uuid('backorders_cancelled_by').references(() => users.id),
    backordersCancelledAt: ts('backorders_cancelled_at'),
    backordersCancelReason: text('backorders_cancel_reason'),
    /** The dealer's own reference (its PO number) and delivery details. */
    dealerReference: text('dealer_reference'),
    shipTo: text('ship_to'),
    note: text('note'),
    /** Payments received against this order: receivables = shipped value − paid. */
    paidTotal: money('paid_total').notNull().default('0'),
    /** Submission idempotency: one order per (dealer, key); the hash refuses a different payload. */
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    /** Bumped on every change: optimistic checks and the list's live refresh. */
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sales_orders_number_uq').on(t.number),
    uniqueIndex('sales_orders_idempotency_uq').on(t.dealerOrgId, t.idempotencyKey),
    index('sales_orders_dealer_created_idx').on(t.dealerOrgId, t.createdAt),
    index('sales_orders_status_created_idx').on(t.status, t.createdAt),
    index('sales_orders_created_idx').on(t.createdAt),
    // A dealer's live orders for the credit check (credit.server.ts repeats LIVE_ORDER word for
    // word, so the planner sees the implication). Years of settled history stay out of every
    // submission's read.
    index('sales_orders_exposure_idx').on(t.dealerOrgId).where(LIVE_ORDER),
    // The console's unpaid list (owesOnShipped includes the same predicate) in either of its sort
    // orders: without them a page walked the whole created_at or number index past settled history.
    index('sales_orders_live_created_idx').on(t.createdAt).where(LIVE_ORDER),
    index('sales_orders_live_number_idx').on(t.number).where(LIVE_ORDER),
    check('sales_orders_amounts_nonneg', sql`${t.subtotal} >= 0 and ${t.taxTotal} >= 0 and ${t.total} >= 0 and ${t.paidTotal} >= 0`),
    check('sales_orders_key_len', sql`length(${t.idempotencyKey}) between 1 and 200`),
  ],
)

export const salesOrderLines = pgTable(
  'sales_order_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => salesOrders.id),
    position: integer('position').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    quantity: qty('quantity').notNull(),
    /** From the dealer's price list at submission (never from the client). */
    unitPrice: numeric('unit_price', { precision: 18, scale: 4 }).notNull(),
    taxRate: numeric('tax_rate', { precision: 5, scale: 4 }).notNull(),
    lineNet: money('line_net').notNull(),
    lineTax: money('line_tax').notNull(),
    /** Units not yet reserved (waiting for stock); active reservations + shipped + backordered + cancelled = quantity. */
    backorderedQty: qty('backordered_qty').notNull().default('0'),
    shippedQty: qty('shipped_qty').notNull().default('0'),
    /** Units that will never ship: the order was cancelled or rejected, or the rest of it cancelled after part had shipped. */
    cancelledQty: qty('cancelled_qty').notNull().default('0'),
  },
  (t) => [
    unique('sales_order_lines_order_position_uq').on(t.orderId, t.position),
    index('sales_order_lines_product_idx').on(t.productId),
    check('sales_order_lines_quantity_pos', sql`${t.quantity} > 0`),
    check('sales_order_lines_price_nonneg', sql`${t.unitPrice} >= 0`),
    check('sales_order_lines_progress', sql`${t.backorderedQty} >= 0 and ${t.shippedQty} >= 0 and ${t.cancelledQty} >= 0 and ${t.backorderedQty} + ${t.shippedQty} + ${t.cancelledQty} <= ${t.quantity}`),
  ],
)

export const shipmentStatus = pgEnum('shipment_status', ['shipped', 'delivered'])

export const shipments = pgTable(
  'shipments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => salesOrders.id),
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    carrier: text('carrier').notNull(),
    trackingNumber: text('tracking_number').notNull(),
    status: shipmentStatus('status').notNull().default('shipped'),
    shippedBy: uuid('shipped_by')
      .notNull()
      .references(() => users.id),
    shippedAt: ts('shipped_at').notNull().defaultNow(),
    deliveredAt: ts('delivered_at'),
    /** Who confirmed the arrival: the warehouse (staff) or a user of the ordering dealer. Null for deliveries recorded before it was kept. */
    deliveredBy: uuid('delivered_by').references(() => users.id),
  },
  (t) => [uniqueIndex('shipments_number_uq').on(t.number), index('shipments_order_idx').on(t.orderId)],
)

export const shipmentLines = pgTable(
  'shipment_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    shipmentId: uuid('shipment_id')
      .notNull()
      .references(() => shipments.id),
    orderLineId: uuid('order_line_id')
      .notNull()
      .references(() => salesOrderLines.id),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    quantity: qty('quantity').notNull(),
  },
  (t) => [index('shipment_lines_shipment_idx').on(t.shipmentId), check('shipment_lines_quantity_pos', sql`${t.quantity} > 0`)],
)

/** open → (procure-to-pay: approved → ordered) · cancelled. */
export const requisitionStatus = pgEnum('requisition_status', ['open', 'approved', 'ordered', 'cancelled'])

/** A purchase requisition: today raised automatically for a dealer order's shortfall. */
export const requisitions = pgTable(
  'requisitions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    status: requisitionStatus('status').notNull().default('open'),
    /** What raised it: ('sales_order', order id), ('reorder', replenishment rule id), or ('manual', null) once buyers can create them. */
    sourceType: text('source_type').notNull(),
    sourceId: uuid('source_id'),
    /** Null when the system raised it. */
    requestedBy: uuid('requested_by').references(() => users.id),
    note: text('note'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('requisitions_number_uq').on(t.number),
    index('requisitions_source_idx').on(t.sourceType, t.sourceId),
    index('requisitions_status_idx').on(t.status, t.createdAt),
    // One open reorder requisition per replenishment rule (a product in a warehouse): two processes
    // that both find the position below the reorder point cannot both raise one.
    uniqueIndex('requisitions_open_reorder_uq').on(t.sourceId).where(sql`source_type = 'reorder' and status = 'open'`),
  ],
)

export const requisitionLines = pgTable(
  'requisition_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requisitionId: uuid('requisition_id')
      .notNull()
      .references(() => requisitions.id),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    quantity: qty('quantity').notNull(),
    /** The order line whose shortfall this covers. */
    sourceLineId: uuid('source_line_id'),
  },
  (t) => [index('requisition_lines_requisition_idx').on(t.requisitionId), index('requisition_lines_product_idx').on(t.productId), check('requisition_lines_quantity_pos', sql`${t.quantity} > 0`)],
)

export const channelPeriodKind = pgEnum('channel_period_kind', ['week', 'month'])

/** A dealer's own stock and sell-through for one period (渠道库存); one report per dealer and period. */
export const channelStockReports = pgTable(
  'channel_stock_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dealerOrgId: uuid('dealer_org_id')
      .notNull()
      .references(() => organizations.id),
    periodKind: channelPeriodKind('period_kind').notNull(),
    /** Monday of the ISO week, or the first of the month. */
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    submittedBy: uuid('submitted_by')
      .notNull()
      .references(() => users.id),
    source: text('source').notNull().default('form'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('channel_stock_reports_period_uq').on(t.dealerOrgId, t.periodKind, t.periodStart),
    index('channel_stock_reports_period_idx').on(t.periodStart),
    check('channel_stock_reports_source', sql`${t.source} in ('form', 'upload', 'demo')`),
  ],
)

export const channelStockLines = pgTable(
  'channel_stock_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => channelStockReports.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    /** Units the dealer holds at the end of the period. */
    onHand: qty('on_hand').notNull(),
    /** Units the dealer sold in the period. */
    sold: qty('sold').notNull(),
  },
  (t) => [
    unique('channel_stock_lines_report_product_uq').on(t.reportId, t.productId),
    index('channel_stock_lines_product_idx').on(t.productId),
    check('channel_stock_lines_nonneg', sql`${t.onHand} >= 0 and ${t.sold} >= 0`),
  ],
)
