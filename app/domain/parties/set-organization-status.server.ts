import { and, eq, ne } from 'drizzle-orm'
import { organizations, users } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { StaffActor } from '~/auth/roles'
import { invalidateUserSessions } from '~/auth/session.server'
import { disconnectActingFor } from '~/realtime/publisher.server'
import { DomainError } from '~/utils/errors'
import type { RequestMeta } from './invitation.server'
import { resolveOrgScope } from './org-scope.server'
import type { PartnerKind } from './parties.validation'

/**
 * Activates or deactivates a supplier or dealer organization. Deactivation shuts all its people out
 * at once: every request, socket handshake and bid checks the organization's status, and once this
 * commits their sessions are deleted and their sockets, and their API keys', closed.
 */
export async function setPartnerOrganizationStatus(
  actor: StaffActor,
  kind: PartnerKind,
  orgId: string,
  status: 'active' | 'inactive',
  meta: RequestMeta,
) {
  await transact(async ({ tx, afterCommit }) => {
    const scope = await resolveOrgScope(tx, actor, { kind: 'partner', partnerKind: kind, orgId }, { lock: true })
    const [changed] = await tx
      .update(organizations)
      .set({ status })
      .where(and(eq(organizations.id, scope.orgId), eq(organizations.kind, kind), ne(organizations.status, status)))
      .returning({ id: organizations.id })
    if (!changed) throw new DomainError('unprocessable', status === 'inactive' ? 'parties:errors.orgAlreadyInactive' : 'parties:errors.orgAlreadyActive')
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: status === 'inactive' ? 'organization.deactivated' : 'organization.activated',
      entityType: 'organization',
      entityId: scope.orgId,
      before: { status: scope.status },
      after: { status },
    })
    if (status === 'inactive') {
      const people = await tx.select({ id: users.id }).from(users).where(eq(users.orgId, scope.orgId))
      afterCommit(async () => {
        // Their API keys' sockets too: a key acts for its maker, and its socket would otherwise live
        // until the sweep (a minute), able to watch and bid.
        disconnectActingFor(people.map((p) => p.id))
        await Promise.all(people.map((p) => invalidateUserSessions(p.id)))
      })
    }
  })
}
