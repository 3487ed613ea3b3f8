import { eq, sql } from 'drizzle-orm'
import { db, prepared } from '~db/client'
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

function actorOf(row: ActorRow, sessionId: string): Actor | null {
  if (row.status !== 'active' || row.orgStatus !== 'active') return null
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
