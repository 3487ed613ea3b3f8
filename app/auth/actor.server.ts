import { asc, eq, inArray, sql } from 'drizzle-orm'
import { db, prepared, type Tx } from '~db/client'
import { organizations, sessions, users } from '~db/schema'
import type { Actor, DealerRole, StaffRole, SupplierRole } from './roles'
import { isSessionTokenShape, sessionIdOf, settleSession, type ValidSession } from './session.server'

const actorColumns = {
  userId: users.id,
  orgId: users.orgId,
  email: users.email,
  name: users.name,
  roles: users.roles,
  status: users.status,
  locale: users.locale,
  timeZone: users.timeZone,
  orgKind: organizations.kind,
  orgStatus: organizations.status,
  orgNameEn: organizations.nameEn,
  orgNameZh: organizations.nameZh,
}

/**
 * The signed-in actor behind a session token (the cookie's value), or null when the session, user or
 * organization is not active. Every request pays this, so the session, its user and organization
 * come in one statement.
 */
export async function actorFromSession(token: string | null): Promise<{ actor: Actor; session: ValidSession } | null> {
  if (!token || !isSessionTokenShape(token)) return null
  const sessionId = sessionIdOf(token)
  const [row] = await prepared('actorFromSession', (d) =>
    d
      .select({ ...actorColumns, sessionExpiresAt: sessions.expiresAt, sessionCreatedAt: sessions.createdAt })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(eq(sessions.id, sql.placeholder('sessionId')))
      .prepare('actor_from_session'),
  ).execute({ sessionId })
  if (!row) return null
  const session = await settleSession({ id: sessionId, userId: row.userId, expiresAt: row.sessionExpiresAt, createdAt: row.sessionCreatedAt })
  if (!session) return null
  const actor = actorOf(row, sessionId)
  return actor ? { actor, session } : null
}

export async function loadActor(userId: string, sessionId: string): Promise<Actor | null> {
  const [row] = await db()
    .select(actorColumns)
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.id, userId))
  return row ? actorOf(row, sessionId) : null
}

type ActorRow = { [K in keyof typeof actorColumns]: (typeof actorColumns)[K]['_']['data'] }

/** Who may act at all: an active person of an active organization (every request, handshake and API key asks this). */
const mayAct = (row: Pick<ActorRow, 'status' | 'orgStatus'>) => row.status === 'active' && row.orgStatus === 'active'

/**
 * Of these people, those who may act now, read in the caller's transaction: for a command sent over a
 * socket, whose actor is as old as its handshake. Their organizations' rows stay share-locked until the
 * transaction ends, so a deactivation of the organization or of one of its people (both lock the
 * organization for update) either committed before this read, and is seen, or waits for this commit.
 */
export async function mayActNow(tx: Tx, userIds: readonly string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set()
  const rows = await tx
    .select({ userId: users.id, status: users.status, orgStatus: organizations.status })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(inArray(users.id, [...userIds]))
    // In one order, as every statement that locks several organizations should.
    .orderBy(asc(organizations.id))
    .for('share', { of: organizations })
  return new Set(rows.filter(mayAct).map((r) => r.userId))
}

/**
 * Of these organizations, those active now, read and share-locked in the caller's transaction as mayActNow does: for a
 * command made on an organization's behalf by someone else (a buyer's surrogate bid for a supplier).
 */
export async function orgsActiveNow(tx: Tx, orgIds: readonly string[]): Promise<Set<string>> {
  if (!orgIds.length) return new Set()
  const rows = await tx
    .select({ id: organizations.id, status: organizations.status })
    .from(organizations)
    .where(inArray(organizations.id, [...orgIds]))
    .orderBy(asc(organizations.id))
    .for('share')
  return new Set(rows.filter((r) => r.status === 'active').map((r) => r.id))
}

function actorOf(row: ActorRow, sessionId: string): Actor | null {
  if (!mayAct(row)) return null
  const base = {
    userId: row.userId,
    orgId: row.orgId,
    org: { nameEn: row.orgNameEn, nameZh: row.orgNameZh },
    sessionId,
    email: row.email,
    name: row.name,
    locale: row.locale,
    timeZone: row.timeZone,
  }
  switch (row.orgKind) {
    case 'host':
      return { ...base, kind: 'staff', roles: new Set(row.roles as StaffRole[]) }
    case 'supplier':
      return { ...base, kind: 'supplier', roles: new Set(row.roles as SupplierRole[]) }
    case 'dealer':
      return { ...base, kind: 'dealer', roles: new Set(row.roles as DealerRole[]) }
  }
}
