import { sql } from 'drizzle-orm'
import { check, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { currencies, products } from './catalog'
import { organizations, users } from './parties'

/** A dealer's commercial terms: one row per dealer organization. */
export const dealerTerms = pgTable(
  'dealer_terms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dealerOrgId: uuid('dealer_org_id')
      .notNull()
      .references(() => organizations.id),
    priceTier: text('price_tier').notNull(),
    creditLimit: numeric('credit_limit', { precision: 18, scale: 2 }).notNull(),
    paymentTermsDays: integer('payment_terms_days').notNull(),
    salesOwnerUserId: uuid('sales_owner_user_id').references(() => users.id),
    currency: text('currency')
      .notNull()
      .references(() => currencies.code),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('dealer_terms_dealer_uq').on(t.dealerOrgId),
    check('dealer_terms_credit_nonneg', sql`${t.creditLimit} >= 0`),
    check('dealer_terms_payment_days_range', sql`${t.paymentTermsDays} between 0 and 365`),
  ],
)

export const priceLists = pgTable(
  'price_lists',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    nameEn: text('name_en').notNull(),
    nameZh: text('name_zh').notNull(),
    tier: text('tier').notNull(),
    currency: text('currency')
      .notNull()
      .references(() => currencies.code),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    /** Exclusive; null: open-ended. */
    validTo: date('valid_to', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('price_lists_code_uq').on(t.code),
    index('price_lists_tier_idx').on(t.tier, t.validFrom),
    check('price_lists_validity', sql`${t.validTo} is null or ${t.validTo} > ${t.validFrom}`),
  ],
)

export const priceListItems = pgTable(
  'price_list_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    priceListId: uuid('price_list_id')
      .notNull()
      .references(() => priceLists.id),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    minQty: numeric('min_qty', { precision: 18, scale: 4 }).notNull().default('1'),
    unitPrice: numeric('unit_price', { precision: 18, scale: 4 }).notNull(),
  },
  (t) => [
    uniqueIndex('price_list_items_list_product_qty_uq').on(t.priceListId, t.productId, t.minQty),
    index('price_list_items_product_idx').on(t.productId),
    check('price_list_items_min_qty_pos', sql`${t.minQty} > 0`),
    check('price_list_items_price_nonneg', sql`${t.unitPrice} >= 0`),
  ],
)
