import { and, eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '~db/client'
import { organizations } from '~db/schema'
import { recordingNotTheirs } from '~/audit/record.server'
import { isPartnerAdmin, staffCan, type Actor, type OrgKind, type Role } from '~/auth/roles'
import { DomainError, forbidden, notFound } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'
import type { PartnerKind } from './parties.validation'

/**
 * Whose people a command manages. `own`: the actor's own organization (staff users in the console,
 * colleagues in a portal). `partner`: a supplier or dealer organization, managed from the console.
 * The organization is never taken from the request for `own`; for `partner` the id comes from the URL
 * and is checked against the kind the page is for.
 */
export type OrgRef = { kind: 'own' } | { kind: 'partner'; partnerKind: PartnerKind; orgId: string }

export interface OrgScope {
  orgId: string
  orgKind: OrgKind
  nameEn: string
  nameZh: string
  status: 'active' | 'inactive'
  /** The role whose last active holder may not be removed. */
  adminRole: Role
}

export const adminRoleOf: Record<OrgKind, Role> = { host: 'admin', supplier: 'supplier_admin', dealer: 'dealer_admin' }

/**
 * Checks that the actor may manage the people of that organization and loads it. With `lock`, the
 * organization row stays locked until the transaction ends, so two admins changing people of the
 * same organization at once (say, each deactivating the other) run one after the other.
 */
export async function resolveOrgScope(q: DbOrTx, actor: Actor, ref: OrgRef, opts: { lock?: boolean } = {}): Promise<OrgScope> {
  let orgId: string
  let expectedKind: OrgKind
  if (ref.kind === 'own') {
    if (actor.kind === 'staff' ? !staffCan(actor, 'users.manage') : !isPartnerAdmin(actor)) throw forbidden()
    orgId = actor.orgId
    expectedKind = actor.kind === 'staff' ? 'host' : actor.kind
  } else {
    if (!staffCan(actor, 'partners.manage')) throw forbidden()
    if (!isUuid(ref.orgId)) throw notFound()
    orgId = ref.orgId
    expectedKind = ref.partnerKind
  }
  const base = q
    .select({ id: organizations.id, kind: organizations.kind, nameEn: organizations.nameEn, nameZh: organizations.nameZh, status: organizations.status })
    .from(organizations)
    .where(and(eq(organizations.id, orgId), eq(organizations.kind, expectedKind)))
  const [org] = opts.lock ? await base.for('update') : await base
  if (!org) throw notFound()
  return { orgId: org.id, orgKind: org.kind, nameEn: org.nameEn, nameZh: org.nameZh, status: org.status, adminRole: adminRoleOf[org.kind] }
}

export function assertOrgActive(scope: OrgScope) {
  if (scope.status !== 'active') throw new DomainError('unprocessable', 'parties:errors.orgInactive')
}

export const orgNameIn = (scope: Pick<OrgScope, 'nameEn' | 'nameZh'>, locale: string) => (locale === 'en' ? scope.nameEn : scope.nameZh)

/** `'admin' = any(roles)` for a role held in a text[] column. */
export const holdsRole = (rolesColumn: unknown, role: Role) => sql`${role} = any(${rolesColumn})`

/**
 * A command on one person by id, in the actor's own organization (a colleague page, a staff user's
 * page): "not found" — another organization's person, or nobody — is recorded as a denied attempt
 * once the command's transaction has rolled back, and the answer stays the same. The console's
 * management of a partner's people is not scoped by the session's organization and runs as it is.
 */
export function personAttempt<T>(actor: Actor, ref: OrgRef, meta: { ip?: string | null }, action: string, userId: string, run: () => Promise<T>): Promise<T> {
  if (ref.kind !== 'own') return run()
  return recordingNotTheirs({ actor, ip: meta.ip, action }, { type: 'user', id: userId }, run)
}
