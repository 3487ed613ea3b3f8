import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, numeric, pgTable, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { products, warehouses } from './catalog'
import { users } from './parties'

const qty = (name: string) => numeric(name, { precision: 18, scale: 4 })

/**
 * When to buy more of a product for one warehouse (product spec §9): below the reorder point, the
 * stock position calls for a purchase requisition (source_type 'reorder', source_id this rule).
 * Safety stock and reorder point are computed from shipments and the lead time, unless `manual`.
 * Lead time lives here, not on a supplier-product relation, because there is none yet.
 */
export const replenishmentRules = pgTable(
  'replenishment_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    /** Off: kept with its figures, raises nothing. Rules are switched off, never deleted, so a requisition's source stays readable. */
    enabled: boolean('enabled').notNull().default(true),
    leadTimeDays: integer('lead_time_days').notNull(),
    /** Percent of replenishment cycles without a stockout the safety stock is sized for; picks z. */
    serviceLevel: integer('service_level').notNull().default(95),
    /** true: safety stock and reorder point are the buyer's figures, left alone by every recomputation. */
    manual: boolean('manual').notNull().default(false),
    safetyStock: qty('safety_stock').notNull().default('0'),
    reorderPoint: qty('reorder_point').notNull().default('0'),
    /** Order up to this position; null: up to the reorder point. */
    orderUpTo: qty('order_up_to'),
    minOrderQty: qty('min_order_qty'),
    /** Order in multiples of this (a carton, a pallet). */
    orderMultiple: qty('order_multiple'),
    /** Shipments per day over the usage window at the last computation, and their standard deviation (shown for manual rules too). */
    avgDailyUsage: qty('avg_daily_usage'),
    usageStdDev: qty('usage_std_dev'),
    computedAt: timestamp('computed_at', { withTimezone: true, mode: 'date' }),
    updatedBy: uuid('updated_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('replenishment_rules_place_uq').on(t.productId, t.warehouseId),
    index('replenishment_rules_warehouse_idx').on(t.warehouseId),
    check('replenishment_rules_lead_time', sql`${t.leadTimeDays} between 1 and 365`),
    check('replenishment_rules_service_level', sql`${t.serviceLevel} in (90, 95, 98, 99)`),
    check('replenishment_rules_figures', sql`${t.safetyStock} >= 0 and ${t.reorderPoint} >= ${t.safetyStock}`),
    check(
      'replenishment_rules_order_qty',
      sql`(${t.orderUpTo} is null or ${t.orderUpTo} > 0) and (${t.minOrderQty} is null or ${t.minOrderQty} > 0) and (${t.orderMultiple} is null or ${t.orderMultiple} > 0)`,
    ),
    check('replenishment_rules_usage', sql`(${t.avgDailyUsage} is null or ${t.avgDailyUsage} >= 0) and (${t.usageStdDev} is null or ${t.usageStdDev} >= 0)`),
  ],
)
