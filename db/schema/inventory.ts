import { sql } from 'drizzle-orm'
import { check, index, integer, numeric, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { bins, products, warehouses } from './catalog'
import { users } from './parties'

export const stockMoveKind = pgEnum('stock_move_kind', ['receipt', 'shipment', 'transfer_out', 'transfer_in', 'adjustment', 'count'])

/**
 * The ledger: every change of stock is one row and rows are never changed. stock_balances is its
 * running sum, kept in the same transaction, so balance = sum of moves per (product, warehouse, bin, batch).
 */
export const stockMoves = pgTable(
  'stock_moves',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: stockMoveKind('kind').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    binId: uuid('bin_id').references(() => bins.id),
    batch: text('batch'),
    quantity: numeric('quantity', { precision: 18, scale: 4 }).notNull(),
    reason: text('reason').notNull(),
    /** What caused the move outside the ledger: an order, a PO, an import ('order', id). */
    referenceType: text('reference_type'),
    referenceId: text('reference_id'),
    /** Both legs of a transfer carry the same id. */
    transferId: uuid('transfer_id'),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('stock_moves_product_idx').on(t.productId, t.createdAt),
    index('stock_moves_reference_idx').on(t.referenceType, t.referenceId),
    index('stock_moves_transfer_idx').on(t.transferId),
    // A batch's (or serial's) moves in time: its first receipt orders allocation (oldest first), and its trace reads them.
    index('stock_moves_batch_idx').on(t.productId, t.batch, t.createdAt),
    check('stock_moves_quantity_nonzero', sql`${t.quantity} <> 0`),
    check('stock_moves_transfer_paired', sql`(${t.kind} in ('transfer_out', 'transfer_in')) = (${t.transferId} is not null)`),
  ],
)

export const stockBalances = pgTable(
  'stock_balances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    binId: uuid('bin_id').references(() => bins.id),
    batch: text('batch'),
    onHand: numeric('on_hand', { precision: 18, scale: 4 }).notNull().default('0'),
    reserved: numeric('reserved', { precision: 18, scale: 4 }).notNull().default('0'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // NULLS NOT DISTINCT: stock with no bin or no batch is still one row per place, so ON CONFLICT finds it.
    unique('stock_balances_key_uq').on(t.productId, t.warehouseId, t.binId, t.batch).nullsNotDistinct(),
    index('stock_balances_warehouse_idx').on(t.warehouseId),
    // A serial number is looked up whatever its case, across every place of the product (is it in stock anywhere?).
    index('stock_balances_batch_idx').on(t.productId, sql`lower(${t.batch})`),
    // The trace's search finds a batch or serial by its first characters across every product (lower(batch) LIKE 'x%'):
    // text_pattern_ops lets a prefix use the index whatever the database's collation.
    index('stock_balances_batch_prefix_idx').on(sql`lower(${t.batch}) text_pattern_ops`).where(sql`${t.batch} is not null`),
    check('stock_balances_on_hand_nonneg', sql`${t.onHand} >= 0`),
    check('stock_balances_reserved_nonneg', sql`${t.reserved} >= 0`),
    check('stock_balances_reserved_le_on_hand', sql`${t.reserved} <= ${t.onHand}`),
  ],
)

export const stockReservationStatus = pgEnum('stock_reservation_status', ['active', 'released', 'consumed'])

/** A claim on a balance row for an order line; its quantity is counted in that row's `reserved`. */
export const stockReservations = pgTable(
  'stock_reservations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    balanceId: uuid('balance_id')
      .notNull()
      .references(() => stockBalances.id),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    quantity: numeric('quantity', { precision: 18, scale: 4 }).notNull(),
    sourceType: text('source_type').notNull(),
    sourceId: text('source_id').notNull(),
    status: stockReservationStatus('status').notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('stock_reservations_source_idx').on(t.sourceType, t.sourceId),
    index('stock_reservations_balance_idx').on(t.balanceId),
    check('stock_reservations_quantity_pos', sql`${t.quantity} > 0`),
  ],
)

/**
 * pending: beyond tolerance, waiting for a second person; approved / rejected: decided by that person;
 * posted: within tolerance, written to the ledger at once with nobody's approval.
 */
export const stockCountStatus = pgEnum('stock_count_status', ['pending', 'approved', 'rejected', 'posted'])

/**
 * A cycle count of one place (product, warehouse, bin, batch): what was counted against what the books said then.
 * The ledger changes only through its move (`move_id`), written at once within tolerance or when approved.
 */
export const stockCounts = pgTable(
  'stock_counts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    binId: uuid('bin_id').references(() => bins.id),
    batch: text('batch'),
    countedQuantity: numeric('counted_quantity', { precision: 18, scale: 4 }).notNull(),
    /** on_hand of the place when it was counted. */
    bookQuantity: numeric('book_quantity', { precision: 18, scale: 4 }).notNull(),
    difference: numeric('difference', { precision: 18, scale: 4 }).notNull(),
    /**
     * How many ledger moves the place had when it was counted: approval refuses the count as stale when this has changed,
     * even if the moves since add up to nothing (the books then describe other goods than the ones counted).
     */
    bookMoves: integer('book_moves').notNull(),
    reason: text('reason').notNull(),
    status: stockCountStatus('status').notNull(),
    countedBy: uuid('counted_by')
      .notNull()
      .references(() => users.id),
    countedAt: timestamp('counted_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionReason: text('decision_reason'),
    moveId: uuid('move_id').references(() => stockMoves.id),
  },
  (t) => [
    index('stock_counts_status_idx').on(t.status, t.countedAt),
    index('stock_counts_product_idx').on(t.productId, t.countedAt),
    check('stock_counts_difference', sql`${t.difference} = ${t.countedQuantity} - ${t.bookQuantity}`),
    check('stock_counts_quantities_nonneg', sql`${t.countedQuantity} >= 0 and ${t.bookQuantity} >= 0 and ${t.bookMoves} >= 0`),
    // Only a second person's decision names a decider; a rejection always says why.
    check('stock_counts_decided', sql`(${t.status} in ('approved', 'rejected')) = (${t.decidedBy} is not null and ${t.decidedAt} is not null)`),
    check('stock_counts_rejection_reason', sql`${t.status} <> 'rejected' or ${t.decisionReason} is not null`),
    check('stock_counts_decider_not_counter', sql`${t.decidedBy} is null or ${t.decidedBy} <> ${t.countedBy}`),
    // Nothing reaches the ledger before approval or after rejection; an approved count always moved stock (it was beyond tolerance).
    check('stock_counts_move', sql`case ${t.status} when 'approved' then ${t.moveId} is not null when 'posted' then true else ${t.moveId} is null end`),
  ],
)
