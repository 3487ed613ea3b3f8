import { eq } from 'drizzle-orm'
import { db } from '~db/client'
import { organizations, users } from '~db/schema'
import type { Actor, DealerRole, StaffRole, SupplierRole } from './roles'
import { validateSession, type ValidSession } from './session.server'

/** The signed-in actor behind a session id, or null when the session, user or organization is not active. */
export async function actorFromSession(sessionId: string | null): Promise<{ actor: Actor; session: ValidSession } | null> {
  if (!sessionId) return null
  const session = await validateSession(sessionId)
  if (!session) return null
  const actor = await loadActor(session.userId, session.sessionId)
  return actor ? { actor, session } : null
}

export async function loadActor(userId: string, sessionId: string): Promise<Actor | null> {
  const [row] = await db()
    .select({
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
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.id, userId))
  if (!row || row.status !== 'active' || row.orgStatus !== 'active') return null
  const base = {
    userId: row.userId,
    orgId: row.orgId,
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
