import { and, desc, eq, sql } from 'drizzle-orm'
import { authTokens, organizations, users } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import { hashPassword } from '~/auth/password.server'
import { surfaceOfOrg, type Actor, type DealerRole, type StaffRole, type Surface, type SupplierRole } from '~/auth/roles'
import { createSession, invalidateSession } from '~/auth/session.server'
import { consumeToken, peekToken, revokeTokens } from '~/auth/tokens.server'
import { db } from '~db/client'
import { activeAdmins, notifyAboutPerson, recipientsById } from './invitation.server'
import { adminRoleOf, type OrgScope } from './org-scope.server'

/** `sessionToken`: the new session's cookie value. */
export type AcceptResult = { ok: true; userId: string; sessionToken: string; surface: Surface } | { ok: false }

class InvalidInvitation extends Error {}

/**
 * Accepting an invitation: in one transaction the link is used up (of two concurrent uses only
 * one gets through), the password is set and the user becomes active; the inviter and the
 * organization's admins hear about it. Then the user is signed in with a brand-new session.
 */
export async function acceptInvitation(
  token: string,
  password: string,
  meta: { ip: string; userAgent?: string; previousSessionId?: string | null },
): Promise<AcceptResult> {
  // Hashing is the slow part: do it outside the transaction, and only for a link that looks alive.
  if (!(await peekToken(db(), token, 'invite'))) return { ok: false }
  const passwordHash = await hashPassword(password)
  let accepted: { userId: string; surface: Surface }
  try {
    accepted = await transact(async (ctx) => {
      const { tx } = ctx
      const consumed = await consumeToken(tx, token, 'invite')
      if (!consumed) throw new InvalidInvitation()
      const [user] = await tx
        .update(users)
        .set({ passwordHash, status: 'active', passwordChangedAt: sql`now()` as any })
        .where(
          and(
            eq(users.id, consumed.userId),
            eq(users.status, 'invited'),
            sql`exists (select 1 from organizations as org where org.id = ${users.orgId} and org.status = 'active')`,
          ),
        )
        .returning()
      if (!user) throw new InvalidInvitation()
      // now() is this transaction's start, so the token used just above is the one with used_at = now().
      const [used] = await tx
        .select({ createdBy: authTokens.createdBy })
        .from(authTokens)
        .where(and(eq(authTokens.userId, user.id), eq(authTokens.purpose, 'invite'), sql`${authTokens.usedAt} = now()`))
        .orderBy(desc(authTokens.createdAt))
        .limit(1)
      await revokeTokens(tx, user.id, 'invite')
      const [org] = await tx.select().from(organizations).where(eq(organizations.id, user.orgId))
      const scope: OrgScope = { orgId: org.id, orgKind: org.kind, nameEn: org.nameEn, nameZh: org.nameZh, status: org.status, adminRole: adminRoleOf[org.kind] }
      const self = {
        userId: user.id,
        orgId: user.orgId,
        org: { nameEn: org.nameEn, nameZh: org.nameZh },
        sessionId: '',
        email: user.email,
        name: user.name,
        locale: user.locale,
        timeZone: user.timeZone,
      }
      const actor: Actor =
        org.kind === 'host'
          ? { ...self, kind: 'staff', roles: new Set(user.roles as StaffRole[]) }
          : org.kind === 'supplier'
            ? { ...self, kind: 'supplier', roles: new Set(user.roles as SupplierRole[]) }
            : { ...self, kind: 'dealer', roles: new Set(user.roles as DealerRole[]) }
      await recordAudit(tx, { actor, ip: meta.ip }, {
        action: 'user.invitation_accepted',
        entityType: 'user',
        entityId: user.id,
        before: { status: 'invited' },
        after: { status: 'active' },
      })
      const inviter = used?.createdBy ? await recipientsById(tx, [used.createdBy]) : []
      const admins = await activeAdmins(tx, scope, [user.id])
      await notifyAboutPerson(ctx, [...inviter, ...admins].filter((r) => r.id !== user.id), scope, user.id, {
        kind: 'org.user_added',
        params: { name: user.name },
      })
      return { userId: user.id, surface: surfaceOfOrg[org.kind] }
    })
  } catch (err) {
    if (err instanceof InvalidInvitation) return { ok: false }
    throw err
  }
  if (meta.previousSessionId) await invalidateSession(meta.previousSessionId).catch(() => {})
  const sessionToken = await createSession(accepted.userId, { ip: meta.ip, userAgent: meta.userAgent })
  return { ok: true, ...accepted, sessionToken }
}
