// API keys: create, list and revoke (an organization's own keys, by its admins), and turn a
// Bearer token into the actor it stands for. The secret exists only in the creation's answer.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm'
import { db } from '~db/client'
import { apiKeys, organizations, users } from '~db/schema'
import { transact, type TxContext } from '~db/transaction'
import { recordAudit, recordAudits, recordingNotTheirs } from '~/audit/record.server'
import { disconnectSession } from '~/realtime/publisher.server'
import { DomainError, forbidden, notFound } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'
import { loadActor } from './actor.server'
import { apiKeyStatus, formatToken, isApiScope, parseToken, scopesOfOrg, type ApiKeyDto, type ApiScope } from './api-keys.rules'
import type { ApiKeyCreateInput } from './api-keys.validation'

export type { ApiKeyDto }
import { isPartnerAdmin, staffCan, type Actor, type OrgKind } from './roles'


interface RequestMeta {
  ip: string
}

/** How often at most one process writes a key's last_used_at: an API client may call many times a second. */
export const LAST_USED_EVERY_MS = 60_000

export const orgKindOfActor = (actor: Actor): OrgKind => (actor.kind === 'staff' ? 'host' : actor.kind)

/** The socket room and `sessionId` of a key's actor: revoking the key ends its sockets through it. */
export const apiKeySessionId = (keyId: string) => `apikey:${keyId}`

/** Host keys: staff who manage users (admins). Partner keys: the partner's admins. Never a key itself. */
export function canManageApiKeys(actor: Actor): boolean {
  if (actor.apiKey) return false
  return actor.kind === 'staff' ? staffCan(actor, 'users.manage') : isPartnerAdmin(actor)
}

function assertManager(actor: Actor) {
  if (!canManageApiKeys(actor)) throw forbidden()
}

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest()

function toDto(row: typeof apiKeys.$inferSelect & { createdByName: string }, now: Date): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.filter(isApiScope),
    createdAt: row.createdAt.toISOString(),
    createdByName: row.createdByName,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedReason: row.revokedReason ?? null,
    status: apiKeyStatus(row, now),
  }
}

/** The actor's organization's keys, newest first, revoked ones included (for the record). */
export async function listApiKeys(actor: Actor): Promise<ApiKeyDto[]> {
  assertManager(actor)
  const rows = await db()
    .select({ key: apiKeys, createdByName: users.name, now: sql<string>`now()` })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.createdBy))
    .where(eq(apiKeys.orgId, actor.orgId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
  return rows.map((r) => toDto({ ...r.key, createdByName: r.createdByName }, new Date(r.now)))
}

/**
 * Makes a key for the actor's own organization. Returns the token once; only its SHA-256 is kept.
 * Scopes are those the organization's kind can use (the schema already refused others).
 */
export async function createApiKey(actor: Actor, input: ApiKeyCreateInput, meta: RequestMeta): Promise<{ key: ApiKeyDto; token: string }> {
  assertManager(actor)
  const allowed = scopesOfOrg[orgKindOfActor(actor)]
  if (!input.scopes.length || input.scopes.some((s) => !allowed.includes(s))) {
    throw new DomainError('bad_input', 'apikeys:validation.scopes', { scopes: ['apikeys:validation.scopes'] })
  }
  const prefix = randomBytes(6).toString('hex')
  const token = formatToken(prefix, randomBytes(32).toString('base64url'))
  const days = input.expiry === 'never' ? null : Number(input.expiry)
  return transact(async ({ tx }) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        orgId: actor.orgId,
        createdBy: actor.userId,
        name: input.name,
        prefix,
        secretHash: digest(token).toString('hex'),
        scopes: input.scopes,
        expiresAt: days === null ? null : sql`now() + make_interval(days => ${days})`,
      })
      .returning()
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'api_key.created',
      entityType: 'api_key',
      entityId: row.id,
      after: { name: row.name, prefix: row.prefix, scopes: row.scopes, expiresAt: row.expiresAt?.toISOString() ?? null },
    })
    return { key: toDto({ ...row, createdByName: actor.name }, row.createdAt), token }
  })
}

/** Revokes one of the organization's keys; another organization's key (or none) is not found. */
export async function revokeApiKey(actor: Actor, keyId: string, meta: RequestMeta): Promise<{ name: string }> {
  assertManager(actor)
  if (!isUuid(keyId)) throw notFound()
  // Keys are scoped to the admin's own organization (the console's too): another's key, or none, is
  // not found, and the attempt is on record.
  return recordingNotTheirs({ actor, ip: meta.ip, action: 'api_key.revoke' }, { type: 'api_key', id: keyId }, () => revoke(actor, keyId, meta))
}

function revoke(actor: Actor, keyId: string, meta: RequestMeta): Promise<{ name: string }> {
  return transact(async ({ tx, afterCommit }) => {
    const [key] = await tx
      .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.orgId, actor.orgId)))
      .for('update')
    if (!key) throw notFound()
    if (key.revokedAt) throw new DomainError('unprocessable', 'apikeys:errors.alreadyRevoked')
    await tx
      .update(apiKeys)
      .set({ revokedAt: sql`now()`, revokedBy: actor.userId, revokedReason: 'manual' })
      .where(and(eq(apiKeys.id, key.id), isNull(apiKeys.revokedAt)))
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'api_key.revoked',
      entityType: 'api_key',
      entityId: key.id,
      before: { name: key.name, prefix: key.prefix, revokedAt: null },
      after: { revoked: true },
    })
    // Open sockets of the key end now, on every process (the sweep would catch them within a minute).
    afterCommit(() => disconnectSession(apiKeySessionId(key.id)))
    return { name: key.name }
  })
}

/**
 * Revokes every live key a person made, in the caller's transaction: deactivating someone ends their
 * integration credentials for good, so reactivating the account (often for someone else) brings none
 * back. Each key gets its own audit row saying why; its open sockets end after the commit.
 */
export async function revokeKeysOfMaker(ctx: TxContext, who: { actor: Actor; ip: string }, makerId: string): Promise<number> {
  const revoked = await ctx.tx
    .update(apiKeys)
    .set({ revokedAt: sql`now()`, revokedBy: who.actor.userId, revokedReason: 'maker_deactivated' })
    .where(and(eq(apiKeys.createdBy, makerId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix })
  await recordAudits(
    ctx.tx,
    revoked.map((key) => ({
      who,
      entry: {
        action: 'api_key.revoked',
        entityType: 'api_key',
        entityId: key.id,
        before: { name: key.name, prefix: key.prefix, revokedAt: null },
        after: { revoked: true, reason: 'maker_deactivated', makerId },
      },
    })),
  )
  if (revoked.length) ctx.afterCommit(() => revoked.forEach((k) => disconnectSession(apiKeySessionId(k.id))))
  return revoked.length
}

// Per process: when each key's last_used_at was last written, so a busy client costs one write a minute.
const lastUsedWrites = new Map<string, number>()

async function touchLastUsed(keyId: string) {
  const now = Date.now()
  const prev = lastUsedWrites.get(keyId)
  if (prev !== undefined && now - prev < LAST_USED_EVERY_MS) return
  lastUsedWrites.set(keyId, now)
  if (lastUsedWrites.size > 10_000) lastUsedWrites.clear()
  try {
    // Guarded too: several processes write at most about once a minute between them.
    await db()
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(apiKeys.id, keyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`))))
  } catch {
    // Bookkeeping only: never fail the request for it; the next minute tries again.
    lastUsedWrites.delete(keyId)
  }
}

/**
 * The actor a Bearer token stands for, or null — for a malformed, unknown, revoked or expired
 * token, and for a key whose creator or organization is no longer active; the caller answers all
 * of them alike. The digest is compared in constant time, though a lookup by the prefix already
 * tells nothing about the secret.
 */
export async function authenticateApiKey(token: string | null): Promise<Actor | null> {
  if (!token) return null
  const parsed = parseToken(token)
  if (!parsed) return null
  const [row] = await db()
    .select({
      id: apiKeys.id,
      createdBy: apiKeys.createdBy,
      orgId: apiKeys.orgId,
      secretHash: apiKeys.secretHash,
      scopes: apiKeys.scopes,
      usable: sql<boolean>`(${apiKeys.revokedAt} is null and (${apiKeys.expiresAt} is null or ${apiKeys.expiresAt} > now()))`,
    })
    .from(apiKeys)
    .where(eq(apiKeys.prefix, parsed.prefix))
  if (!row) return null
  const stored = Buffer.from(row.secretHash, 'hex')
  const given = digest(token)
  if (stored.length !== given.length || !timingSafeEqual(stored, given)) return null
  if (!row.usable) return null
  // The creator's current roles and status, and their organization's (loadActor refuses inactive ones).
  const actor = await loadActor(row.createdBy, apiKeySessionId(row.id))
  if (!actor || actor.orgId !== row.orgId) return null
  const scopes = new Set(row.scopes.filter(isApiScope).filter((s) => scopesOfOrg[orgKindOfActor(actor)].includes(s)))
  if (!scopes.size) return null
  await touchLastUsed(row.id)
  return { ...actor, apiKey: { id: row.id, scopes } }
}

/** Of these keys, those still usable (not revoked or expired, creator and organization active): for the socket sweep. */
export async function liveApiKeyIds(ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set()
  const rows = await db()
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.createdBy))
    .innerJoin(organizations, eq(organizations.id, apiKeys.orgId))
    .where(
      and(
        inArray(apiKeys.id, ids),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), sql`${apiKeys.expiresAt} > now()`),
        eq(users.status, 'active'),
        eq(organizations.status, 'active'),
      ),
    )
  return new Set(rows.map((r) => r.id))
}

/** Whether the actor may use this scope: always for a signed-in person, per the key's scopes for a key. */
export function hasApiScope(actor: Actor, scope: ApiScope): boolean {
  return !actor.apiKey || actor.apiKey.scopes.has(scope)
}
