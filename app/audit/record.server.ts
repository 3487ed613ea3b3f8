import { createHash, randomBytes } from 'node:crypto'
import { asc, gt, sql, type SQL } from 'drizzle-orm'
import { db, getDatabaseHandle, type DbOrTx } from '~db/client'
import { auditLog } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { canonicalJson, toPlainJson } from '~/utils/canonical-json'
import { DomainError } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'

export const GENESIS_HASH = '0'.repeat(64)
const AUDIT_CHAIN_LOCK = 727_002

export interface AuditWho {
  actor?: Actor | null
  ip?: string | null
  /** 'system' for jobs and seeds; otherwise derived from the actor. */
  system?: boolean
}

export interface AuditEntry {
  action: string
  entityType: string
  entityId?: string | null
  before?: unknown
  after?: unknown
  outcome?: 'ok' | 'denied'
}

interface ChainFields {
  at: string
  actorUserId: string | null
  actorOrgId: string | null
  actorKind: string
  action: string
  entityType: string
  entityId: string | null
  before: unknown
  after: unknown
  outcome: string
  ip: string | null
  prevHash: string
}

export function auditHash(fields: ChainFields): string {
  return createHash('sha256').update(canonicalJson(fields)).digest('hex')
}

/**
 * Appends one audit row inside the caller's transaction. The chain lock serializes audit writers
 * until their transactions commit, so each row's prevHash is the hash of the row committed before it.
 */
export async function recordAudit(tx: DbOrTx, who: AuditWho, entry: AuditEntry): Promise<void> {
  await recordAudits(tx, [{ who, entry }])
}

/**
 * Appends several rows, chained in the given order, in one round trip: the chain lock and one
 * statement that reads the head, hashes and inserts, sent together (pipelined). The lock is held to
 * commit, so everything between its grant and the commit is serialized across the whole
 * application; doing the hashing in that statement keeps the app's event loop out of that window.
 *
 * The hash is the same sha256 of canonicalJson(fields) that verifyAuditChain recomputes: the JSON is
 * built here with placeholders for the two values only the database knows under the lock (`at` and
 * `prevHash`), and the statement splices them in. Being a separate statement from the lock, it takes
 * its snapshot after the lock is granted and so sees the head committed by the previous holder.
 *
 * `commit`: this is the transaction's last statement; on PostgreSQL it also commits, in the same
 * round trip, so the lock is held for the insert and the commit only (PGlite: a plain insert). The
 * caller must have awaited every other statement of the transaction and issue none after it.
 */
export async function recordAudits(tx: DbOrTx, items: readonly { who: AuditWho; entry: AuditEntry }[], opts: { commit?: boolean } = {}): Promise<void> {
  if (!items.length) return
  const rows = items.map(({ who, entry }) => {
    const actor = who.actor ?? null
    const fields: ChainFields = {
      at: AT_MARK,
      actorUserId: actor?.userId ?? null,
      actorOrgId: actor?.orgId ?? null,
      // A key acts in its creator's name; the kind says it came through an API key (staff_api_key...).
      actorKind: actor ? (actor.apiKey ? `${actor.kind}_api_key` : actor.kind) : who.system ? 'system' : 'anonymous',
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      before: toPlainJson(entry.before ?? null),
      after: toPlainJson(entry.after ?? null),
      outcome: entry.outcome ?? 'ok',
      ip: who.ip ?? null,
      prevHash: PREV_MARK,
    }
    const [p1, rest] = splitOnce(canonicalJson(fields), JSON.stringify(AT_MARK))
    const [p2, p3] = splitOnce(rest, JSON.stringify(PREV_MARK))
    const { at: _at, prevHash: _prev, ...data } = fields
    return { ...data, p1: `${p1}"`, p2: `"${p2}"`, p3: `"${p3}` }
  })
  const json = JSON.stringify(rows)
  if (opts.commit && getDatabaseHandle().kind === 'postgres') {
    // One simple-protocol round trip: lock, insert, COMMIT, then BEGIN an empty transaction for
    // the driver's own COMMIT to close. The chain lock is released by that COMMIT without waiting
    // for the app to answer the insert. The simple protocol carries no parameters, so the rows go
    // as a dollar-quoted literal under a tag they cannot contain. If the insert fails, the rest of
    // the string is skipped and the error rolls the transaction back as usual.
    const tag = `a${randomBytes(8).toString('hex')}`
    if (json.includes(`$${tag}$`)) throw new Error('audit: quote tag collision')
    await tx.execute(
      sql`select pg_advisory_xact_lock(${sql.raw(String(AUDIT_CHAIN_LOCK))}); ${chainInsert(sql.raw(`$${tag}$${json}$${tag}$`))}; commit; begin`,
    )
    return
  }
  // The lock and the insert are sent together (pipelined); the insert, a later statement, takes its
  // snapshot once the lock is granted and so sees the head committed by the previous holder.
  await Promise.all([tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`), tx.execute(chainInsert(sql`${json}`))])
}

/** Reads the head, hashes each row after the one before it, and inserts them in chain order (ids follow). */
function chainInsert(rowsJson: SQL): SQL {
  return sql`
    with recursive
      items as (select t.i, t.e from jsonb_array_elements((${rowsJson})::jsonb) with ordinality as t(e, i)),
      head as (
        select coalesce((select hash from audit_log order by id desc limit 1), ${sql.raw(`'${GENESIS_HASH}'`)}) as hash, now() as at,
               to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at_text
      ),
      chain(i, prev_hash, hash) as (
        select 0::bigint, null::text, hash from head
        union all
        select items.i, chain.hash,
               encode(sha256(convert_to((items.e->>'p1') || head.at_text || (items.e->>'p2') || chain.hash || (items.e->>'p3'), 'UTF8')), 'hex')
        from chain join items on items.i = chain.i + 1 cross join head
      )
    insert into audit_log (at, actor_user_id, actor_org_id, actor_kind, action, entity_type, entity_id, before, after, outcome, ip, prev_hash, hash)
    select head.at, (e->>'actorUserId')::uuid, (e->>'actorOrgId')::uuid, e->>'actorKind', e->>'action', e->>'entityType', e->>'entityId',
           nullif(e->'before', 'null'::jsonb), nullif(e->'after', 'null'::jsonb), e->>'outcome', e->>'ip', chain.prev_hash, chain.hash
    from chain join items on items.i = chain.i cross join head
    order by chain.i`
}

// Placeholders no real value contains; each appears exactly once in a row's canonical JSON.
const AT_MARK = '\u0000at:9f3c1e7a-6b2d-4c58-a1e0-5d7b2c9e4f10'
const PREV_MARK = '\u0000prev:2e8b6d14-3a9f-4e07-b5c2-8f1d0a6c3e95'

function splitOnce(s: string, mark: string): [string, string] {
  const at = s.indexOf(mark)
  if (at < 0 || s.indexOf(mark, at + 1) >= 0) throw new Error('audit: placeholder not found exactly once')
  return [s.slice(0, at), s.slice(at + mark.length)]
}

/** Records a refused attempt in its own transaction (the refused request writes nothing else). */
export async function recordDenied(who: AuditWho, entry: Omit<AuditEntry, 'outcome'>): Promise<void> {
  await db().transaction((tx) => recordAudit(tx, who, { ...entry, outcome: 'denied' }))
}


/** Who asked for one record by its id, from where, and what they tried to do with it ("sales_order.view"). */
export interface ByIdAttempt {
  actor: Actor
  ip?: string | null
  action: string
}

/**
 * An organization-scoped lookup by id found nothing of the asker's: another organization's record, or
 * none at all. The answer stays "not found"; the attempt is recorded as denied, alike in both cases so
 * the time taken tells nothing. A malformed id names no record and is not recorded. Callers are the
 * scoped lookups themselves (one per kind of record), never the routes, and never list or filter
 * queries: only a request for one record.
 */
export async function recordNotTheirs(attempt: ByIdAttempt, entity: { type: string; id: string; after?: Record<string, unknown> }): Promise<void> {
  if (!isUuid(entity.id)) return
  await recordDenied({ actor: attempt.actor, ip: attempt.ip }, { action: attempt.action, entityType: entity.type, entityId: entity.id.toLowerCase(), after: entity.after ?? null })
}

/**
 * recordNotTheirs for a lookup or command that answers "not found" by throwing, often from inside its
 * transaction: the row is written once that transaction has rolled back (a denied row must outlive
 * it, and PGlite has one connection), then the same error goes on to the caller.
 */
export async function recordingNotTheirs<T>(attempt: ByIdAttempt, entity: { type: string; id: string; after?: Record<string, unknown> }, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') await recordNotTheirs(attempt, entity)
    throw err
  }
}

/**
 * Records that data was read by someone (a file that left the system, or a record shown on a page
 * whose content matters, such as a stored mail with a reset link): who took what, with which filter,
 * and when. Written in its own transaction before the data is sent, so every read that happened is
 * on record; blank import templates are not data and are not recorded.
 */
async function recordRead(who: AuditWho, entry: Omit<AuditEntry, 'outcome' | 'before'>): Promise<void> {
  await db().transaction((tx) => recordAudit(tx, who, { ...entry, outcome: 'ok' }))
}

/** A file download (an export, a printed document, a stored mail or upload). */
export const recordDownload = recordRead

/** One record's content opened on a page; lists are not recorded, or every GET would write a row. */
export const recordView = recordRead

/**
 * Re-computes every hash in id order; reports the first row that does not match. Reads the log in
 * batches by id, so memory stays flat however long the log grows.
 */
export async function verifyAuditChain(
  q: DbOrTx = db(),
  opts: { batchSize?: number } = {},
): Promise<{ ok: boolean; checked: number; brokenAtId?: number }> {
  const batchSize = opts.batchSize ?? 2000
  let prev = GENESIS_HASH
  let checked = 0
  let afterId = 0
  for (;;) {
    const rows = await q
      .select({
        id: auditLog.id,
        at: sql<string>`to_char(${auditLog.at} at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
        actorUserId: auditLog.actorUserId,
        actorOrgId: auditLog.actorOrgId,
        actorKind: auditLog.actorKind,
        action: auditLog.action,
        entityType: auditLog.entityType,
        entityId: auditLog.entityId,
        before: auditLog.before,
        after: auditLog.after,
        outcome: auditLog.outcome,
        ip: auditLog.ip,
        prevHash: auditLog.prevHash,
        hash: auditLog.hash,
      })
      .from(auditLog)
      .where(gt(auditLog.id, afterId))
      .orderBy(asc(auditLog.id))
      .limit(batchSize)
    for (const { id, hash, ...fields } of rows) {
      checked++
      if (fields.prevHash !== prev || auditHash(fields as ChainFields) !== hash) return { ok: false, checked, brokenAtId: id }
      prev = hash
    }
    if (rows.length < batchSize) return { ok: true, checked }
    afterId = rows[rows.length - 1].id
  }
}
