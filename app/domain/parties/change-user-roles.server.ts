import { and, eq, or, sql } from 'drizzle-orm'
import { users } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import { rolesOfOrg, staffRolesGrant, type Actor, type Role } from '~/auth/roles'
import { setMailReader } from '~/realtime/publisher.server'
import { DomainError, notFound } from '~/utils/errors'
import { holdsRole, resolveOrgScope, type OrgRef } from './org-scope.server'
import { isUuid } from './parties.validation'
import { anotherActiveAdmin, lastAdmin } from './set-user-status.server'
import type { RequestMeta } from './invitation.server'

/** Sets a person's roles; taking the admin role from the last active admin is refused. */
export async function changeUserRoles(actor: Actor, ref: OrgRef, userId: string, roles: Role[], meta: RequestMeta) {
  if (!isUuid(userId)) throw notFound()
  await transact(async ({ tx, afterCommit }) => {
    const scope = await resolveOrgScope(tx, actor, ref, { lock: true })
    const allowed = rolesOfOrg[scope.orgKind]
    const next = [...new Set(roles)].sort()
    if (next.length === 0 || next.some((r) => !allowed.includes(r))) {
      throw new DomainError('bad_input', 'errors:bad_input', { roles: ['errors:field.choose'] })
    }
    const [user] = await tx
      .select({ id: users.id, roles: users.roles })
      .from(users)
      .where(and(eq(users.id, userId), eq(users.orgId, scope.orgId)))
    if (!user) throw notFound()
    const before = [...user.roles].sort()
    if (before.join(',') === next.join(',')) return
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
    // Open sockets joined their rooms by the roles of the moment; a staff member's follow the change.
    if (scope.orgKind === 'host') afterCommit(() => setMailReader(user.id, staffRolesGrant(next, 'mail.view')))
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'user.roles_changed',
      entityType: 'user',
      entityId: user.id,
      before: { roles: before },
      after: { roles: next },
    })
  })
}
