import { createHash } from 'node:crypto'
import { asc, gt, sql } from 'drizzle-orm'
import { db, rawRows, type DbOrTx } from '~db/client'
import { auditLog } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { canonicalJson, toPlainJson } from '~/utils/canonical-json'

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
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`)
  const [head] = await rawRows<{ hash: string; now: string }>(
    tx,
    sql`select (select hash from audit_log order by id desc limit 1) as hash,
               to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as now`,
  )
  const actor = who.actor ?? null
  const fields: ChainFields = {
    at: head.now,
    actorUserId: actor?.userId ?? null,
    actorOrgId: actor?.orgId ?? null,
    actorKind: actor ? actor.kind : who.system ? 'system' : 'anonymous',
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: toPlainJson(entry.before ?? null),
    after: toPlainJson(entry.after ?? null),
    outcome: entry.outcome ?? 'ok',
    ip: who.ip ?? null,
    prevHash: head.hash ?? GENESIS_HASH,
  }
  await tx.insert(auditLog).values({ ...fields, hash: auditHash(fields) })
}

/** Records a refused attempt in its own transaction (the refused request writes nothing else). */
export async function recordDenied(who: AuditWho, entry: Omit<AuditEntry, 'outcome'>): Promise<void> {
  await db().transaction((tx) => recordAudit(tx, who, { ...entry, outcome: 'denied' }))
}

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
