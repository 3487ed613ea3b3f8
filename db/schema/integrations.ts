import { sql } from 'drizzle-orm'
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { organizations, users } from './parties'

/**
 * API keys for the HTTP API and the live socket, one organization's each. The secret is shown once
 * at creation and never stored: only its SHA-256. A slow password hash (argon2) would add nothing:
 * the secret is 256 random bits, so there is no dictionary to try and a digest cannot be reversed;
 * it would only cost every API request ~15 ms of CPU. `prefix` is the visible part of the token, the
 * row's lookup key, and what lists show to tell keys apart.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    /** The key acts as this person (for audit and their permissions), narrowed to its scopes. */
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => users.id),
    /**
     * Why it was revoked: `manual` (an admin revoked it on the key page) or `maker_deactivated` (its
     * maker was deactivated, which revokes their keys for good: a reactivated account is often handed
     * to someone else, who must not inherit a live integration credential).
     */
    revokedReason: text('revoked_reason', { enum: ['manual', 'maker_deactivated'] }),
  },
  (t) => [
    uniqueIndex('api_keys_prefix_uq').on(t.prefix),
    index('api_keys_org_idx').on(t.orgId, t.createdAt),
    check('api_keys_scopes_nonempty', sql`cardinality(${t.scopes}) > 0`),
    check('api_keys_revoked_pair', sql`(${t.revokedAt} is null) = (${t.revokedBy} is null)`),
    check('api_keys_revoked_reason', sql`(${t.revokedAt} is null) = (${t.revokedReason} is null) and ${t.revokedReason} in ('manual', 'maker_deactivated')`),
  ],
)
