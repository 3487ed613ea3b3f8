import { transact } from '~db/transaction'
import { rolesOfOrg, type Actor, type Role } from '~/auth/roles'
import type { Locale } from '~/i18n/config'
import { DomainError } from '~/utils/errors'
import { createInvitedUser, type RequestMeta } from './invitation.server'
import { assertOrgActive, resolveOrgScope, type OrgRef } from './org-scope.server'

/**
 * Invites a person into an organization the actor manages: staff users (console, users.manage),
 * another admin of a partner (console, partners.manage) or a colleague (partner admin, own org).
 */
export async function inviteUser(
  actor: Actor,
  ref: OrgRef,
  invitee: { name: string; email: string; locale: Locale; roles: Role[] },
  meta: RequestMeta,
): Promise<{ userId: string }> {
  return transact(async (ctx) => {
    const scope = await resolveOrgScope(ctx.tx, actor, ref)
    assertOrgActive(scope)
    const allowed = rolesOfOrg[scope.orgKind]
    if (invitee.roles.length === 0 || invitee.roles.some((r) => !allowed.includes(r))) {
      throw new DomainError('bad_input', 'errors:bad_input', { roles: ['errors:field.choose'] })
    }
    const userId = await createInvitedUser(ctx, { actor, ip: meta.ip, origin: meta.origin }, scope, invitee)
    return { userId }
  })
}
