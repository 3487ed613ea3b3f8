import { and, asc, desc, eq, gt, ilike, isNull, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { db } from '~db/client'
import { authTokens, organizations, users } from '~db/schema'
import { recordNotTheirs } from '~/audit/record.server'
import { isPartnerAdmin, staffCan, type Actor } from '~/auth/roles'
import { peekToken } from '~/auth/tokens.server'
import { forbidden } from '~/utils/errors'
import { likePattern, type ListParams } from '~/utils/list-params'
import { isUuid } from '~/utils/uuid'
import type { InvitationDto, PersonDto } from './parties.types'

export type { InvitationDto, PersonDto }


export const personColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  roles: users.roles,
  status: users.status,
  locale: users.locale,
  createdAt: users.createdAt,
}

export const toPersonDto = (row: { createdAt: Date } & Omit<PersonDto, 'createdAt'>): PersonDto => ({
  id: row.id,
  name: row.name,
  email: row.email,
  roles: [...row.roles],
  status: row.status,
  locale: row.locale,
  createdAt: row.createdAt.toISOString(),
})

export const peopleSortable = ['name', 'email', 'status', 'createdAt'] as const
export type PeopleSort = (typeof peopleSortable)[number]

/** Staff users (users.manage) or a partner admin's colleagues: always the actor's own organization. */
function ownOrgOrThrow(actor: Actor): string {
  if (actor.kind === 'staff' ? !staffCan(actor, 'users.manage') : !isPartnerAdmin(actor)) throw forbidden()
  return actor.orgId
}

export async function listOwnPeople(actor: Actor, params: ListParams<PeopleSort>) {
  const orgId = ownOrgOrThrow(actor)
  const search = params.q ? or(ilike(users.name, likePattern(params.q)), ilike(users.email, likePattern(params.q))) : undefined
  const where = and(eq(users.orgId, orgId), search)
  const sortColumn = { name: users.name, email: users.email, status: users.status, createdAt: users.createdAt }[params.sort]
  const order: SQL[] = [params.dir === 'desc' ? desc(sortColumn) : asc(sortColumn), asc(users.id)]
  const [rows, [{ total }]] = await Promise.all([
    db()
      .select(personColumns)
      .from(users)
      .where(where)
      .orderBy(...order)
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db().select({ total: sql<number>`count(*)::int` }).from(users).where(where),
  ])
  return { rows: rows.map(toPersonDto), total }
}

/**
 * One person of the actor's own organization, or null: another organization's person, or an id
 * nobody has, is not found, and that attempt is recorded as denied (recordNotTheirs).
 */
export async function getOwnPerson(actor: Actor, userId: string | undefined, meta: { ip?: string | null } = {}): Promise<PersonDto | null> {
  const orgId = ownOrgOrThrow(actor)
  if (!isUuid(userId)) return null
  const [row] = await db()
    .select(personColumns)
    .from(users)
    .where(and(eq(users.id, userId), eq(users.orgId, orgId)))
  if (!row) {
    await recordNotTheirs({ actor, ip: meta.ip, action: 'user.view' }, { type: 'user', id: userId })
    return null
  }
  return toPersonDto(row)
}


/** What the invitation page shows about a live link, or null for an unknown, used or expired one. */
export async function invitationByToken(token: string): Promise<InvitationDto | null> {
  const live = await peekToken(db(), token, 'invite')
  if (!live) return null
  const [row] = await db()
    .select({ name: users.name, email: users.email, status: users.status, orgNameEn: organizations.nameEn, orgNameZh: organizations.nameZh, orgStatus: organizations.status })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.id, live.userId))
  if (!row || row.status !== 'invited' || row.orgStatus !== 'active') return null
  // Issuing a link revokes the older ones, so the user's one live link is the one in hand.
  const inviter = alias(users, 'inviter')
  const [by] = await db()
    .select({ name: inviter.name })
    .from(authTokens)
    .innerJoin(inviter, eq(inviter.id, authTokens.createdBy))
    .where(and(eq(authTokens.userId, live.userId), eq(authTokens.purpose, 'invite'), isNull(authTokens.usedAt), gt(authTokens.expiresAt, sql`now()`)))
    .orderBy(desc(authTokens.createdAt))
    .limit(1)
  return { name: row.name, email: row.email, orgNameEn: row.orgNameEn, orgNameZh: row.orgNameZh, inviterName: by?.name ?? null }
}
