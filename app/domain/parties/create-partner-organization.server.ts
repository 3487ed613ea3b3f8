import { eq } from 'drizzle-orm'
import { organizations } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import { staffCan, type StaffActor } from '~/auth/roles'
import { DomainError, forbidden } from '~/utils/errors'
import { uniqueViolation } from '~/utils/pg-errors.server'
import { createInvitedUser, type RequestMeta } from './invitation.server'
import { adminRoleOf, type OrgScope } from './org-scope.server'
import type { NewPartnerInput, PartnerKind } from './parties.validation'

const duplicateCode = () => new DomainError('conflict', 'errors:field.duplicate', { code: ['errors:field.duplicate'] })

/**
 * A new supplier or dealer organization and the invitation of its first admin, in one transaction:
 * if the admin's e-mail is taken, the organization is not created either.
 */
export async function createPartnerOrganization(actor: StaffActor, kind: PartnerKind, input: NewPartnerInput, meta: RequestMeta) {
  if (!staffCan(actor, 'partners.manage')) throw forbidden()
  return transact(async (ctx) => {
    const { tx } = ctx
    const [taken] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.code, input.code))
    if (taken) throw duplicateCode()
    let org: typeof organizations.$inferSelect
    try {
      ;[org] = await tx
        .insert(organizations)
        .values({ kind, code: input.code, nameEn: input.nameEn, nameZh: input.nameZh, region: input.region ?? null, status: 'active' })
        .returning()
    } catch (err) {
      if (uniqueViolation(err) === 'organizations_code_uq') throw duplicateCode()
      throw err
    }
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'organization.created',
      entityType: 'organization',
      entityId: org.id,
      before: null,
      after: { kind, code: org.code, nameEn: org.nameEn, nameZh: org.nameZh, region: org.region, status: org.status },
    })
    const scope: OrgScope = { orgId: org.id, orgKind: kind, nameEn: org.nameEn, nameZh: org.nameZh, status: 'active', adminRole: adminRoleOf[kind] }
    const adminId = await createInvitedUser(
      ctx,
      { actor, ip: meta.ip, origin: meta.origin },
      scope,
      { name: input.adminName, email: input.adminEmail, locale: input.adminLocale, roles: [adminRoleOf[kind]] },
      'adminEmail',
    )
    return { orgId: org.id, adminId }
  })
}
