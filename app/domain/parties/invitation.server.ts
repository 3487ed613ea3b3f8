// What every invitation does, whoever sends it (console for staff or a partner's admins, a partner
// admin for colleagues): the invited user, the single-use link by e-mail, the audit row and the
// admins' bells, all in the caller's transaction.
import { and, eq, inArray, notInArray } from 'drizzle-orm'
import type { DbOrTx } from '~db/client'
import { organizations, users } from '~db/schema'
import type { TxContext } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor, OrgKind, Role } from '~/auth/roles'
import { issueToken } from '~/auth/tokens.server'
import type { Locale } from '~/i18n/config'
import { queueMail } from '~/domain/notifications/mail.server'
import { renderMail } from '~/domain/notifications/mail-templates.server'
import { notifyUsers } from '~/domain/notifications/notify.server'
import { DomainError } from '~/utils/errors'
import { uniqueViolation } from '~/utils/pg-errors.server'
import { holdsRole, orgNameIn, type OrgScope } from './org-scope.server'

export interface RequestMeta {
  ip: string
  /** Our public origin, for the link in the e-mail. */
  origin: string
}

export interface Invitee {
  name: string
  email: string
  locale: Locale
  roles: Role[]
}

/**
 * The address belongs to someone already: `sameOrg` says whether to a member of the organization the
 * invitation is for (null: a racing invitation took it, holder unknown until the transaction is over).
 * The message is for host staff and for the organization's own members; inviteUser answers a partner
 * admin differently for another organization's address (see there).
 */
export class EmailTakenError extends DomainError {
  constructor(
    field: string,
    readonly sameOrg: boolean | null,
    /** Who holds the address, when known. */
    readonly holderId: string | null = null,
  ) {
    const key = sameOrg === true ? 'parties:errors.alreadyMember' : sameOrg === false ? 'parties:errors.emailInOtherOrg' : 'errors:field.duplicate'
    super('conflict', key, { [field]: [key] })
  }
}

/**
 * Inserts the invited user, issues the link and mails it. An e-mail already in use (checked first,
 * and enforced by users_email_uq when two invitations race) is an EmailTakenError (a field message)
 * and, because it is thrown, rolls back everything the caller's transaction wrote.
 */
export async function createInvitedUser(
  ctx: TxContext,
  who: { actor: Actor; ip: string; origin: string },
  scope: OrgScope,
  invitee: Invitee,
  emailField = 'email',
): Promise<string> {
  const { tx } = ctx
  const [taken] = await tx.select({ id: users.id, orgId: users.orgId }).from(users).where(eq(users.email, invitee.email))
  if (taken) throw new EmailTakenError(emailField, taken.orgId === scope.orgId, taken.id)
  let userId: string
  try {
    const [row] = await tx
      .insert(users)
      .values({ orgId: scope.orgId, email: invitee.email, name: invitee.name, roles: invitee.roles, status: 'invited', locale: invitee.locale })
      .returning({ id: users.id })
    userId = row.id
  } catch (err) {
    if (uniqueViolation(err) === 'users_email_uq') throw new EmailTakenError(emailField, null)
    throw err
  }
  await mailInvitation(ctx, who, scope, { id: userId, ...invitee })
  await recordAudit(tx, who, {
    action: 'user.invited',
    entityType: 'user',
    entityId: userId,
    before: null,
    after: { orgId: scope.orgId, email: invitee.email, name: invitee.name, roles: invitee.roles, locale: invitee.locale, status: 'invited' },
  })
  const admins = await activeAdmins(tx, scope, [who.actor.userId, userId])
  await notifyAboutPerson(ctx, admins, scope, userId, { kind: 'user.invited', params: { inviter: who.actor.name, email: invitee.email } })
  return userId
}

/** A fresh single-use link (older ones of the user stop working) in the invitee's own language. */
export async function mailInvitation(
  ctx: TxContext,
  who: { actor: Actor; origin: string },
  scope: OrgScope,
  invitee: { id: string; name: string; email: string; locale: Locale },
) {
  const token = await issueToken(ctx.tx, invitee.id, 'invite', who.actor.userId)
  const mail = await renderMail(invitee.locale, 'invite', invitee.email, {
    name: invitee.name,
    inviter: who.actor.name,
    org: orgNameIn(scope, invitee.locale),
    link: `${who.origin.replace(/\/$/, '')}/invite/${token}`,
  })
  await queueMail(ctx, mail)
}

export interface Recipient {
  id: string
  locale: Locale
  orgKind: OrgKind
}

/** The organization's active admins, except the given users. */
export async function activeAdmins(q: DbOrTx, scope: OrgScope, except: string[] = []): Promise<Recipient[]> {
  const rows = await q
    .select({ id: users.id, locale: users.locale })
    .from(users)
    .where(
      and(
        eq(users.orgId, scope.orgId),
        eq(users.status, 'active'),
        holdsRole(users.roles, scope.adminRole),
        except.length ? notInArray(users.id, except) : undefined,
      ),
    )
  return rows.map((r) => ({ ...r, orgKind: scope.orgKind }))
}

/** Active users by id, with what their bell needs to know. */
export async function recipientsById(q: DbOrTx, ids: string[]): Promise<Recipient[]> {
  if (ids.length === 0) return []
  return q
    .select({ id: users.id, locale: users.locale, orgKind: organizations.kind })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(inArray(users.id, ids), eq(users.status, 'active')))
}

/** Where a recipient looks at this person: staff at the console's pages, partner admins at their own. */
function personLink(recipient: Recipient, scope: OrgScope, userId: string) {
  if (recipient.orgKind !== 'host') return `/${recipient.orgKind}/users/${userId}`
  return scope.orgKind === 'host' ? `/console/users/${userId}` : `/console/${scope.orgKind}s/${scope.orgId}`
}

/**
 * Notifies each recipient once, with a link on their own surface. The organization's name is stored
 * in both languages (`orgEn`, `orgZh`) and chosen when the bell shows it (noticeParams), so a notice
 * reads whole in the language the reader has now, not the one they had when it was written.
 */
export async function notifyAboutPerson(
  ctx: TxContext,
  recipients: Recipient[],
  scope: OrgScope,
  userId: string,
  n: { kind: string; params: Record<string, string> },
) {
  // Recipients of one surface share a link; grouping by it also drops duplicates.
  const groups = new Map<OrgKind, { ids: Set<string>; sample: Recipient }>()
  for (const r of recipients) {
    const g = groups.get(r.orgKind) ?? { ids: new Set<string>(), sample: r }
    g.ids.add(r.id)
    groups.set(r.orgKind, g)
  }
  for (const { ids, sample } of groups.values()) {
    await notifyUsers(ctx, [...ids], {
      kind: n.kind,
      params: { ...n.params, orgEn: scope.nameEn, orgZh: scope.nameZh },
      link: personLink(sample, scope, userId),
    })
  }
}
