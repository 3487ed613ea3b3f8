import { sql } from 'drizzle-orm'
import { bigint, boolean, check, index, integer, jsonb, numeric, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { products } from './catalog'
import { organizations, users } from './parties'

export const auctionStatus = pgEnum('auction_status', ['draft', 'scheduled', 'running', 'paused', 'closed', 'awarded', 'unsuccessful', 'cancelled'])
export const auctionVisibility = pgEnum('auction_visibility', ['rank', 'best', 'ladder'])
export const auctionSoftCloseTrigger = pgEnum('auction_soft_close_trigger', ['any_bid', 'new_best'])

// Times are written at millisecond precision (the rules' instants, D1), read back as Dates.
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

/**
 * One reverse auction. The settings columns are frozen at publish (the replay starts from them);
 * current_ends_at / current_hard_stop_at / extensions / paused_* are the live state, changed only
 * under this row's lock. last_seq and last_hash are the head of the event chain, so appending an
 * event never needs to read the log.
 */
export const auctions = pgTable(
  'auctions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    description: text('description'),
    buyerUserId: uuid('buyer_user_id')
      .notNull()
      .references(() => users.id),
    status: auctionStatus('status').notNull().default('draft'),
    currency: text('currency').notNull(),
    ceiling: numeric('ceiling', { precision: 15, scale: 2 }).notNull(),
    reserve: numeric('reserve', { precision: 15, scale: 2 }),
    /** The price last paid for the same lot (the buyer's baseline for savings): buyer-only, like the reserve. */
    lastPurchasePrice: numeric('last_purchase_price', { precision: 15, scale: 2 }),
    decrementAmount: numeric('decrement_amount', { precision: 15, scale: 2 }),
    decrementPercent: numeric('decrement_percent', { precision: 9, scale: 4 }),
    mustBeatBest: boolean('must_beat_best').notNull(),
    maxSingleDropPercent: numeric('max_single_drop_percent', { precision: 9, scale: 4 }).notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    softCloseWindowSeconds: integer('soft_close_window_seconds').notNull(),
    softCloseExtensionSeconds: integer('soft_close_extension_seconds').notNull(),
    softCloseTrigger: auctionSoftCloseTrigger('soft_close_trigger').notNull(),
    /** null = unlimited, 0 = none. */
    softCloseMaxExtensions: integer('soft_close_max_extensions'),
    hardStopAt: ts('hard_stop_at').notNull(),
    visibility: auctionVisibility('visibility').notNull(),
    minParticipants: integer('min_participants').notNull(),
    // live state
    currentEndsAt: ts('current_ends_at').notNull(),
    currentHardStopAt: ts('current_hard_stop_at').notNull(),
    extensions: integer('extensions').notNull().default(0),
    pausedAt: ts('paused_at'),
    pausedTotalMs: bigint('paused_total_ms', { mode: 'number' }).notNull().default(0),
    rejectedAttempts: integer('rejected_attempts').notNull().default(0),
    lastSeq: integer('last_seq').notNull().default(0),
    lastHash: text('last_hash').notNull().default('0000000000000000000000000000000000000000000000000000000000000000'),
    awardedOrgId: uuid('awarded_org_id').references(() => organizations.id),
    awardJustification: text('award_justification'),
    // An award not to rank 1 waiting for a second person (rules D15); cleared when decided.
    awardProposedOrgId: uuid('award_proposed_org_id').references(() => organizations.id),
    awardProposalJustification: text('award_proposal_justification'),
    awardProposedBy: uuid('award_proposed_by').references(() => users.id),
    awardProposedAt: ts('award_proposed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // The clock's two scans: scheduled auctions by start, running ones by current end.
    index('auctions_status_start_idx').on(t.status, t.startsAt),
    index('auctions_status_end_idx').on(t.status, t.currentEndsAt),
    check('auctions_ceiling_pos', sql`${t.ceiling} > 0`),
    check('auctions_last_purchase_price_pos', sql`${t.lastPurchasePrice} is null or ${t.lastPurchasePrice} > 0`),
    check('auctions_decrement_set', sql`${t.decrementAmount} is not null or ${t.decrementPercent} is not null`),
    check('auctions_times_ordered', sql`${t.endsAt} > ${t.startsAt} and ${t.hardStopAt} >= ${t.endsAt}`),
    check('auctions_current_end_le_hard_stop', sql`${t.currentEndsAt} <= ${t.currentHardStopAt}`),
    check(
      'auctions_award_proposal_whole',
      sql`(${t.awardProposedOrgId} is null) = (${t.awardProposedBy} is null) and (${t.awardProposedOrgId} is null) = (${t.awardProposedAt} is null) and (${t.awardProposedOrgId} is null) = (${t.awardProposalJustification} is null)`,
    ),
    // A proposal waits only on a closed auction: every other transition drops or decides it.
    check('auctions_award_proposal_closed', sql`${t.awardProposedOrgId} is null or ${t.status} = 'closed'`),
    check('auctions_counters_nonneg', sql`${t.extensions} >= 0 and ${t.rejectedAttempts} >= 0 and ${t.lastSeq} >= 0 and ${t.pausedTotalMs} >= 0`),
  ],
)

export const auctionLines = pgTable(
  'auction_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    auctionId: uuid('auction_id')
      .notNull()
      .references(() => auctions.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    productId: uuid('product_id').references(() => products.id),
    description: text('description').notNull(),
    quantity: numeric('quantity', { precision: 15, scale: 3 }).notNull(),
    unit: text('unit').notNull(),
  },
  (t) => [unique('auction_lines_position_uq').on(t.auctionId, t.position), check('auction_lines_quantity_pos', sql`${t.quantity} > 0`)],
)

export const auctionParticipants = pgTable(
  'auction_participants',
  {
    auctionId: uuid('auction_id')
      .notNull()
      .references(() => auctions.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    invitedAt: ts('invited_at').notNull().defaultNow(),
    termsAcceptedAt: ts('terms_accepted_at'),
    termsAcceptedBy: uuid('terms_accepted_by').references(() => users.id),
    active: boolean('active').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.auctionId, t.orgId] }), index('auction_participants_org_idx').on(t.orgId)],
)

/**
 * Accepted bids only (rejected attempts live in the event log). seq is the bid's event number:
 * commit order, which breaks ties between equal amounts.
 */
export const auctionBids = pgTable(
  'auction_bids',
  {
    id: uuid('id').primaryKey(),
    auctionId: uuid('auction_id')
      .notNull()
      .references(() => auctions.id),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    placedBy: uuid('placed_by')
      .notNull()
      .references(() => users.id),
    amount: numeric('amount', { precision: 15, scale: 2 }).notNull(),
    placedAt: ts('placed_at').notNull(),
    seq: integer('seq').notNull(),
    surrogate: boolean('surrogate').notNull().default(false),
    clientBidId: text('client_bid_id').notNull(),
    voidedAt: ts('voided_at'),
    voidReason: text('void_reason'),
    voidedBy: uuid('voided_by').references(() => users.id),
  },
  (t) => [
    unique('auction_bids_client_bid_uq').on(t.auctionId, t.orgId, t.clientBidId),
    unique('auction_bids_seq_uq').on(t.auctionId, t.seq),
    index('auction_bids_org_idx').on(t.orgId),
    check('auction_bids_amount_pos', sql`${t.amount} > 0`),
    check('auction_bids_void_reason', sql`(${t.voidedAt} is null) = (${t.voidReason} is null)`),
  ],
)

/**
 * The auction's log: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and hash-chained
 * per auction (see auction-events.rules.ts for what is hashed).
 */
export const auctionEvents = pgTable(
  'auction_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    auctionId: uuid('auction_id')
      .notNull()
      .references(() => auctions.id),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    at: ts('at').notNull(),
    actor: jsonb('actor').notNull(),
    payload: jsonb('payload').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [unique('auction_events_seq_uq').on(t.auctionId, t.seq), check('auction_events_seq_pos', sql`${t.seq} > 0`)],
)

/**
 * Idempotency keys for commands that must run once per client intent (bids now; orders and the
 * HTTP API's Idempotency-Key later). The row is written in the same transaction as the effect, so
 * a stored answer means the effect committed. request_hash tells a retry (same body) from a reuse
 * of the key for another request (refused with 422).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Whose key it is: 'org:<uuid>' or 'user:<uuid>'. */
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    /** 'in_flight' while a request holds it outside a single transaction; 'completed' with its answer. */
    status: text('status').notNull().default('completed'),
    responseStatus: integer('response_status'),
    response: jsonb('response'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('idempotency_keys_scope_key_uq').on(t.scope, t.key),
    index('idempotency_keys_created_idx').on(t.createdAt),
    check('idempotency_keys_status', sql`${t.status} in ('in_flight', 'completed')`),
    check('idempotency_keys_key_len', sql`length(${t.key}) between 1 and 200`),
  ],
)
