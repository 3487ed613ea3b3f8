import { and, eq } from 'drizzle-orm'
import { users } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import { revokeTokens } from '~/auth/tokens.server'
import type { Actor } from '~/auth/roles'
import { DomainError, notFound } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'
import { mailInvitation, type RequestMeta } from './invitation.server'
import { assertOrgActive, personAttempt, resolveOrgScope, type OrgRef } from './org-scope.server'

/** A new link for someone who has not accepted yet; the links sent before stop working. */
export async function resendInvitation(actor: Actor, ref: OrgRef, userId: string, meta: RequestMeta): Promise<{ email: string }> {
  if (!isUuid(userId)) throw notFound()
  return personAttempt(actor, ref, meta, 'user.invitation_resend', userId, () => resend(actor, ref, userId, meta))
}

function resend(actor: Actor, ref: OrgRef, userId: string, meta: RequestMeta): Promise<{ email: string }> {
  return transact(async (ctx) => {
    const { tx } = ctx
    const scope = await resolveOrgScope(tx, actor, ref)
    assertOrgActive(scope)
    const [user] = await tx
      .select({ id: users.id, name: users.name, email: users.email, locale: users.locale, status: users.status })
      .from(users)
      .where(and(eq(users.id, userId), eq(users.orgId, scope.orgId)))
    if (!user) throw notFound()
    if (user.status !== 'invited') throw new DomainError('unprocessable', 'parties:errors.notInvited')
    await revokeTokens(tx, user.id, 'invite')
    await mailInvitation(ctx, { actor, origin: meta.origin }, scope, user)
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'user.invitation_resent',
      entityType: 'user',
      entityId: user.id,
      before: { status: user.status },
      after: { status: user.status, email: user.email },
    })
    return { email: user.email }
  })
}
