import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, numeric, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

export const categories = pgTable(
  'categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    nameEn: text('name_en').notNull(),
    nameZh: text('name_zh').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('categories_code_uq').on(t.code)],
)

export const trackingEnum = pgEnum('tracking', ['none', 'batch', 'serial'])

export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sku: text('sku').notNull(),
    nameEn: text('name_en').notNull(),
    nameZh: text('name_zh').notNull(),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => categories.id),
    unit: text('unit').notNull(),
    taxRate: numeric('tax_rate', { precision: 5, scale: 4 }).notNull(),
    tracking: trackingEnum('tracking').notNull().default('none'),
    /** Quantities of it are whole numbers (pieces, sets, rolls); false where it is weighed or measured (kg, m). */
    wholeUnits: boolean('whole_units').notNull().default(true),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('products_sku_uq').on(t.sku),
    index('products_category_idx').on(t.categoryId),
    check('products_tax_rate_range', sql`${t.taxRate} >= 0 and ${t.taxRate} < 1`),
    // Each serial number is one unit: half of one cannot be moved or sold.
    check('products_serial_whole_units', sql`${t.tracking} <> 'serial' or ${t.wholeUnits}`),
  ],
)

export const warehouses = pgTable(
  'warehouses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    nameEn: text('name_en').notNull(),
    nameZh: text('name_zh').notNull(),
    address: text('address'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('warehouses_code_uq').on(t.code)],
)

export const bins = pgTable(
  'bins',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    code: text('code').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('bins_wh_code_uq').on(t.warehouseId, t.code)],
)

export const currencies = pgTable('currencies', {
  code: text('code').primaryKey(),
  nameEn: text('name_en').notNull(),
  nameZh: text('name_zh').notNull(),
  decimals: integer('decimals').notNull().default(2),
})
