import { eq } from 'drizzle-orm'
import { db } from '~db/client'
import { users } from '~db/schema'
import { transact } from '~db/transaction'
import { recordDenied } from '~/audit/record.server'
import { rolesOfOrg, type Actor, type Role } from '~/auth/roles'
import type { Locale } from '~/i18n/config'
import { DomainError } from '~/utils/errors'
import { createInvitedUser, EmailTakenError, type RequestMeta } from './invitation.server'
import { assertOrgActive, resolveOrgScope, type OrgRef } from './org-scope.server'

/**
 * Invites a person into an organization the actor manages: staff users (console, users.manage),
 * another admin of a partner (console, partners.manage) or a colleague (partner admin, own org).
 *
 * `userId` is null when nothing was sent: a partner admin invited an address that belongs to another
 * organization. Saying so would tell a supplier which addresses its rivals or the host's dealers use
 * on the platform, so the admin gets the answer any invitation gets, nobody is written or mailed, and
 * a denied audit row lets the host see it (and anyone trying addresses one by one).
 */
export async function inviteUser(
  actor: Actor,
  ref: OrgRef,
  invitee: { name: string; email: string; locale: Locale; roles: Role[] },
  meta: RequestMeta,
): Promise<{ userId: string | null }> {
  try {
    return await transact(async (ctx) => {
      const scope = await resolveOrgScope(ctx.tx, actor, ref)
      assertOrgActive(scope)
      const allowed = rolesOfOrg[scope.orgKind]
      if (invitee.roles.length === 0 || invitee.roles.some((r) => !allowed.includes(r))) {
        throw new DomainError('bad_input', 'errors:bad_input', { roles: ['errors:field.choose'] })
      }
      const userId = await createInvitedUser(ctx, { actor, ip: meta.ip, origin: meta.origin }, scope, invitee)
      return { userId }
    })
  } catch (err) {
    if (!(err instanceof EmailTakenError)) throw err
    // A racing invitation took the address: who holds it is known now that both transactions are over.
    const [holder] = err.sameOrg === null ? await db().select({ id: users.id, orgId: users.orgId }).from(users).where(eq(users.email, invitee.email)) : []
    const orgId = ref.kind === 'own' ? actor.orgId : ref.orgId
    const sameOrg = err.sameOrg ?? (holder ? holder.orgId === orgId : null)
    if (actor.kind === 'staff' || sameOrg !== false) throw err.sameOrg === sameOrg ? err : new EmailTakenError('email', sameOrg)
    await recordDenied(
      { actor, ip: meta.ip },
      { action: 'user.invite', entityType: 'user', entityId: err.holderId ?? holder?.id ?? null, after: { email: invitee.email, reason: 'email_in_other_organization' } },
    )
    return { userId: null }
  }
}
