import { and, asc, desc, eq, ilike, inArray, like, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { db, rawRows } from '~db/client'
import { auditLog, users } from '~db/schema'
import { staffCan, type StaffActor } from '~/auth/roles'
import { forbidden } from '~/utils/errors'
import { likePattern } from '~/utils/list-params'
import type { JsonValue } from './audit-diff.rules'
import type { AuditFilter } from './audit.validation'

export interface AuditRowDto {
  id: number
  /** UTC, ISO 8601 with milliseconds. */
  at: string
  actorKind: string
  actor: { email: string; name: string } | null
  action: string
  entityType: string
  entityId: string | null
  /** A readable name for the entity when it is a user (sign-ins record the user only as the entity). */
  entityLabel: string | null
  outcome: 'ok' | 'denied'
  ip: string | null
  before: JsonValue
  after: JsonValue
  hash: string
}

/** Defence in depth: the routes guard too, but nothing reads the log without the permission. */
function assertCanRead(actor: StaffActor) {
  if (!staffCan(actor, 'audit.view')) throw forbidden()
}

function prefixPattern(s: string) {
  return `${likePattern(s).slice(1, -1)}%`
}

function actorMatches(text: string): SQL {
  const p = likePattern(text)
  return inArray(
    auditLog.actorUserId,
    db()
      .select({ id: users.id })
      .from(users)
      .where(or(ilike(users.email, p), ilike(users.name, p))),
  )
}

/**
 * The filter as SQL. Days are the viewer's calendar days: local midnight of "from" up to local
 * midnight after "to", converted by the database so daylight-saving zones come out right.
 * upToId pins a result to the rows that existed when a request started (exports write their own row).
 */
export function auditWhere(filter: AuditFilter, timeZone: string, upToId?: number): SQL | undefined {
  const conds: (SQL | undefined)[] = []
  if (filter.q) {
    const p = likePattern(filter.q)
    conds.push(or(ilike(auditLog.action, p), ilike(auditLog.entityType, p), ilike(auditLog.entityId, p), actorMatches(filter.q)))
  }
  if (filter.actor) conds.push(actorMatches(filter.actor))
  if (filter.action) conds.push(like(auditLog.action, prefixPattern(filter.action)))
  if (filter.entityType) conds.push(eq(auditLog.entityType, filter.entityType))
  if (filter.entityId) conds.push(eq(auditLog.entityId, filter.entityId))
  if (filter.outcome) conds.push(eq(auditLog.outcome, filter.outcome))
  if (filter.from) conds.push(sql`${auditLog.at} >= ((${filter.from})::date::timestamp at time zone ${timeZone})`)
  if (filter.to) conds.push(sql`${auditLog.at} < (((${filter.to})::date + 1)::timestamp at time zone ${timeZone})`)
  if (upToId !== undefined) conds.push(lte(auditLog.id, upToId))
  return and(...conds)
}

const actorUser = alias(users, 'actor_user')
const entityUser = alias(users, 'entity_user')

function selectRows() {
  return db()
    .select({
      id: auditLog.id,
      at: sql<string>`to_char(${auditLog.at} at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
      actorKind: auditLog.actorKind,
      actorEmail: actorUser.email,
      actorName: actorUser.name,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      entityEmail: entityUser.email,
      outcome: auditLog.outcome,
      ip: auditLog.ip,
      before: auditLog.before,
      after: auditLog.after,
      hash: auditLog.hash,
    })
    .from(auditLog)
    .leftJoin(actorUser, eq(actorUser.id, auditLog.actorUserId))
    .leftJoin(entityUser, and(eq(auditLog.entityType, 'user'), eq(sql`${entityUser.id}::text`, auditLog.entityId)))
}

type RawRow = Awaited<ReturnType<ReturnType<typeof selectRows>['execute']>>[number]

function toDto(r: RawRow): AuditRowDto {
  return {
    id: r.id,
    at: r.at,
    actorKind: r.actorKind,
    actor: r.actorEmail ? { email: r.actorEmail, name: r.actorName ?? '' } : null,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    entityLabel: r.entityEmail ?? null,
    outcome: r.outcome === 'denied' ? 'denied' : 'ok',
    ip: r.ip,
    before: (r.before ?? null) as JsonValue,
    after: (r.after ?? null) as JsonValue,
    hash: r.hash,
  }
}

export async function listAuditRows(
  actor: StaffActor,
  filter: AuditFilter,
  paging: { page: number; pageSize: number; dir: 'asc' | 'desc' },
): Promise<{ rows: AuditRowDto[]; total: number }> {
  assertCanRead(actor)
  const where = auditWhere(filter, actor.timeZone)
  // Ids follow commit order (writers hold the chain lock), so they sort like time and are indexed.
  const [rows, total] = await Promise.all([
    selectRows()
      .where(where)
      .orderBy(paging.dir === 'asc' ? asc(auditLog.id) : desc(auditLog.id))
      .limit(paging.pageSize)
      .offset((paging.page - 1) * paging.pageSize),
    db().$count(auditLog, where),
  ])
  return { rows: rows.map(toDto), total }
}

export async function countAuditRows(actor: StaffActor, filter: AuditFilter, upToId?: number): Promise<number> {
  assertCanRead(actor)
  return db().$count(auditLog, auditWhere(filter, actor.timeZone, upToId))
}

/** The newest row's id (0 for an empty log). */
export async function latestAuditId(): Promise<number> {
  const [row] = await db().select({ id: auditLog.id }).from(auditLog).orderBy(desc(auditLog.id)).limit(1)
  return row?.id ?? 0
}

/**
 * Distinct entity types, offered as suggestions in the filter. A plain DISTINCT reads the whole
 * log on every page view; this walks the (entity_type, entity_id) index one type at a time
 * ("loose index scan"), so it costs a few index probes however many rows there are.
 */
export async function auditEntityTypes(actor: StaffActor): Promise<string[]> {
  assertCanRead(actor)
  const rows = await rawRows<{ t: string }>(
    db(),
    sql`with recursive types(t) as (
          (select entity_type from audit_log order by entity_type limit 1)
          union all
          select (select a.entity_type from audit_log a where a.entity_type > types.t order by a.entity_type limit 1)
          from types where types.t is not null
        )
        select t from types where t is not null limit 200`,
  )
  return rows.map((r) => r.t)
}

/**
 * Every matching row up to upToId, newest first, in batches by id (keyset, not offset), so an
 * export of many rows holds one batch in memory at a time. The log is append-only, so reading it
 * in several statements still yields one consistent set.
 */
export async function* auditRowBatches(actor: StaffActor, filter: AuditFilter, upToId: number, batchSize = 1000): AsyncGenerator<AuditRowDto[]> {
  assertCanRead(actor)
  const where = auditWhere(filter, actor.timeZone, upToId)
  let below: number | undefined
  for (;;) {
    const rows = await selectRows()
      .where(below === undefined ? where : and(where, lt(auditLog.id, below)))
      .orderBy(desc(auditLog.id))
      .limit(batchSize)
    if (rows.length === 0) return
    yield rows.map(toDto)
    if (rows.length < batchSize) return
    below = rows[rows.length - 1].id
  }
}
