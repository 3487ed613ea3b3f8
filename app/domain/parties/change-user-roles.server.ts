import { and, eq, or, sql } from 'drizzle-orm'
import { users } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import { rolesOfOrg, type Actor, type Role } from '~/auth/roles'
import { notifyUsers } from '~/domain/notifications/notify.server'
import { disconnectActingFor } from '~/realtime/publisher.server'
import { DomainError, notFound } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'
import { holdsRole, personAttempt, resolveOrgScope, type OrgRef } from './org-scope.server'
import { anotherActiveAdmin, lastAdmin } from './set-user-status.server'
import type { RequestMeta } from './invitation.server'

/**
 * Sets a person's roles, within the roles of their organization's kind; taking the admin role from
 * the last active admin is refused. Returns the roles held now, and whether they changed: the same roles
 * again write nothing (no audit row, no notice) and the pages say so rather than "is now …".
 */
/** Roles as one comparable list: each once, in order (a stored list and a posted one alike). */
const roleSet = <R extends string>(roles: readonly R[]): R[] => [...new Set(roles)].sort()

export async function changeUserRoles(actor: Actor, ref: OrgRef, userId: string, roles: Role[], meta: RequestMeta): Promise<{ name: string; roles: Role[]; changed: boolean }> {
  if (!isUuid(userId)) throw notFound()
  return personAttempt(actor, ref, meta, 'user.roles_change', userId, () => change(actor, ref, userId, roles, meta))
}

function change(actor: Actor, ref: OrgRef, userId: string, roles: Role[], meta: RequestMeta): Promise<{ name: string; roles: Role[]; changed: boolean }> {
  return transact(async (ctx) => {
    const { tx, afterCommit } = ctx
    const scope = await resolveOrgScope(tx, actor, ref, { lock: true })
    const allowed = rolesOfOrg[scope.orgKind]
    const next = roleSet(roles)
    if (next.length === 0 || next.some((r) => !allowed.includes(r))) {
      throw new DomainError('bad_input', 'errors:bad_input', { roles: ['errors:field.choose'] })
    }
    const [user] = await tx
      .select({ id: users.id, name: users.name, roles: users.roles, status: users.status })
      .from(users)
      .where(and(eq(users.id, userId), eq(users.orgId, scope.orgId)))
    if (!user) throw notFound()
    const before = roleSet(user.roles)
    if (before.join(',') === next.join(',')) return { name: user.name, roles: next, changed: false }
    const keepsAdmin = next.includes(scope.adminRole)
    const [changed] = await tx
      .update(users)
      .set({ roles: next })
      .where(
        and(
          eq(users.id, user.id),
          eq(users.orgId, scope.orgId),
          keepsAdmin ? undefined : or(sql`not ${holdsRole(users.roles, scope.adminRole)}`, sql`${users.status} <> 'active'`, anotherActiveAdmin(scope, user.id)),
        ),
      )
      .returning({ id: users.id })
    if (!changed) throw lastAdmin()
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'user.roles_changed',
      entityType: 'user',
      entityId: user.id,
      before: { roles: before },
      after: { roles: next },
    })
    // The person hears of it live, and their open pages reload what their roles show (the menu of
    // admin pages, say): the bell refetches on this notice.
    if (user.status === 'active' && user.id !== actor.userId) await notifyUsers(ctx, [user.id], { kind: 'user.rolesChanged', params: { by: actor.name } })
    // Their open sockets, and their keys', were let in by the old roles (a buyer's view of a live
    // auction, say): they end, and reconnect with the new ones. After the notice, which then still
    // reaches the open tab. A partner's too: nothing must hang on roles a socket no longer has.
    afterCommit(() => disconnectActingFor([user.id]))
    return { name: user.name, roles: next, changed: true }
  })
}
