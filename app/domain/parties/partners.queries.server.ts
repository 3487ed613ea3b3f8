import { and, asc, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { db } from '~db/client'
import { organizations, users } from '~db/schema'
import { staffCan, type Actor } from '~/auth/roles'
import { forbidden } from '~/utils/errors'
import { likePattern, type ListParams } from '~/utils/list-params'
import { isUuid } from '~/utils/uuid'
import type { PartnerKind } from './parties.validation'
import { personColumns, toPersonDto } from './people.queries.server'
import type { PartnerOrgDto, PersonDto } from './parties.types'


export const partnerSortable = ['code', 'name', 'region', 'status', 'users'] as const
export type PartnerSort = (typeof partnerSortable)[number]

// Spelled out: drizzle leaves columns unqualified inside a select's sql, which would make this subquery compare users.id.
const userCount = sql<number>`(select count(*)::int from users as counted where counted.org_id = "organizations"."id")`

const partnerColumns = {
  id: organizations.id,
  code: organizations.code,
  nameEn: organizations.nameEn,
  nameZh: organizations.nameZh,
  region: organizations.region,
  status: organizations.status,
  userCount,
}

function assertCanView(actor: Actor) {
  if (!staffCan(actor, 'partners.view')) throw forbidden()
}

/** The console's list of suppliers or of dealers: search by code or name, sorted, one page. */
export async function listPartnerOrganizations(actor: Actor, kind: PartnerKind, params: ListParams<PartnerSort>) {
  assertCanView(actor)
  const pattern = likePattern(params.q)
  const search = params.q
    ? or(ilike(organizations.code, pattern), ilike(organizations.nameEn, pattern), ilike(organizations.nameZh, pattern))
    : undefined
  const where = and(eq(organizations.kind, kind), search)
  const sortBy: Record<PartnerSort, SQL | AnyPgColumn> = {
    code: organizations.code,
    name: actor.locale === 'en' ? organizations.nameEn : organizations.nameZh,
    region: organizations.region,
    status: organizations.status,
    users: userCount,
  }
  const column = sortBy[params.sort]
  const [rows, [{ total }]] = await Promise.all([
    db()
      .select(partnerColumns)
      .from(organizations)
      .where(where)
      .orderBy(params.dir === 'desc' ? desc(column) : asc(column), asc(organizations.code))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db().select({ total: sql<number>`count(*)::int` }).from(organizations).where(where),
  ])
  return { rows: rows as PartnerOrgDto[], total }
}

/** One supplier or dealer with its people, or null when there is none of that kind with that id. */
export async function getPartnerOrganization(actor: Actor, kind: PartnerKind, orgId: string | undefined): Promise<(PartnerOrgDto & { people: PersonDto[] }) | null> {
  assertCanView(actor)
  if (!isUuid(orgId)) return null
  const [org] = await db()
    .select(partnerColumns)
    .from(organizations)
    .where(and(eq(organizations.id, orgId), eq(organizations.kind, kind)))
  if (!org) return null
  const people = await db().select(personColumns).from(users).where(eq(users.orgId, org.id)).orderBy(asc(users.createdAt), asc(users.name))
  return { ...(org as PartnerOrgDto), people: people.map(toPersonDto) }
}
