import { and, eq, ne, or, sql } from 'drizzle-orm'
import { users } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import { revokeKeysOfMaker } from '~/auth/api-keys.server'
import type { Actor } from '~/auth/roles'
import { invalidateUserSessions } from '~/auth/session.server'
import { revokeTokens } from '~/auth/tokens.server'
import { disconnectUser } from '~/realtime/publisher.server'
import { DomainError, notFound } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'
import { activeAdmins, notifyAboutPerson, type RequestMeta } from './invitation.server'
import { holdsRole, personAttempt, resolveOrgScope, type OrgRef, type OrgScope } from './org-scope.server'

/** True while someone else in the organization is an active admin (used inside guarded writes). */
export const anotherActiveAdmin = (scope: OrgScope, userId: string) =>
  sql`exists (select 1 from users as other_user where other_user.org_id = ${scope.orgId} and other_user.id <> ${userId}
      and other_user.status = 'active' and ${scope.adminRole} = any(other_user.roles))`

export const lastAdmin = () => new DomainError('unprocessable', 'parties:errors.lastAdmin')

/**
 * Deactivates a person of an organization the actor manages. Their sessions and sockets end once
 * this commits; even before that callback runs, every request and socket handshake re-loads the
 * user and refuses an inactive one. Their API keys are revoked in the same transaction, for good:
 * reactivation brings none back. Nobody deactivates themself, and the last active admin stays.
 */
export async function deactivateUser(actor: Actor, ref: OrgRef, userId: string, meta: RequestMeta): Promise<{ name: string }> {
  if (!isUuid(userId)) throw notFound()
  return personAttempt(actor, ref, meta, 'user.deactivate', userId, () => deactivate(actor, ref, userId, meta))
}

function deactivate(actor: Actor, ref: OrgRef, userId: string, meta: RequestMeta): Promise<{ name: string }> {
  return transact(async (ctx) => {
    const { tx, afterCommit } = ctx
    const scope = await resolveOrgScope(tx, actor, ref, { lock: true })
    const [user] = await tx
      .select({ id: users.id, name: users.name, status: users.status, roles: users.roles })
      .from(users)
      .where(and(eq(users.id, userId), eq(users.orgId, scope.orgId)))
    if (!user) throw notFound()
    if (user.id === actor.userId) throw new DomainError('unprocessable', 'parties:errors.cannotDeactivateSelf')
    if (user.status === 'inactive') throw new DomainError('unprocessable', 'parties:errors.alreadyInactive')
    const [changed] = await tx
      .update(users)
      .set({ status: 'inactive' })
      .where(
        and(
          eq(users.id, user.id),
          eq(users.orgId, scope.orgId),
          ne(users.status, 'inactive'),
          or(sql`not ${holdsRole(users.roles, scope.adminRole)}`, ne(users.status, 'active'), anotherActiveAdmin(scope, user.id)),
        ),
      )
      .returning({ id: users.id })
    if (!changed) throw lastAdmin()
    if (user.status === 'invited') await revokeTokens(tx, user.id, 'invite')
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'user.deactivated',
      entityType: 'user',
      entityId: user.id,
      before: { status: user.status },
      after: { status: 'inactive' },
    })
    await revokeKeysOfMaker(ctx, { actor, ip: meta.ip }, user.id)
    await notifyAboutPerson(ctx, await activeAdmins(tx, scope, [actor.userId, user.id]), scope, user.id, {
      kind: 'user.deactivated',
      params: { name: user.name },
    })
    afterCommit(async () => {
      disconnectUser(user.id)
      await invalidateUserSessions(user.id)
    })
    return { name: user.name }
  })
}

/** Lets a deactivated person back in; one who never set a password goes back to "invited". */
export async function reactivateUser(actor: Actor, ref: OrgRef, userId: string, meta: RequestMeta): Promise<{ name: string }> {
  if (!isUuid(userId)) throw notFound()
  return personAttempt(actor, ref, meta, 'user.reactivate', userId, () => reactivate(actor, ref, userId, meta))
}

function reactivate(actor: Actor, ref: OrgRef, userId: string, meta: RequestMeta): Promise<{ name: string }> {
  return transact(async ({ tx }) => {
    const scope = await resolveOrgScope(tx, actor, ref, { lock: true })
    const [user] = await tx
      .select({ id: users.id, name: users.name, status: users.status })
      .from(users)
      .where(and(eq(users.id, userId), eq(users.orgId, scope.orgId)))
    if (!user) throw notFound()
    const [changed] = await tx
      .update(users)
      .set({ status: sql`case when ${users.passwordHash} is null then 'invited'::user_status else 'active'::user_status end` as any })
      .where(and(eq(users.id, user.id), eq(users.orgId, scope.orgId), eq(users.status, 'inactive')))
      .returning({ status: users.status })
    if (!changed) throw new DomainError('unprocessable', 'parties:errors.notInactive')
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'user.reactivated',
      entityType: 'user',
      entityId: user.id,
      before: { status: user.status },
      after: { status: changed.status },
    })
    return { name: user.name }
  })
}
