import { and, arrayOverlaps, eq, inArray } from 'drizzle-orm'
import { notifications, organizations, users } from '~db/schema'
import type { TxContext } from '~db/transaction'
import { rolesWithPermission, type StaffPermission } from '~/auth/roles'
import { emitToUser } from '~/realtime/publisher.server'
import { toNotificationDto } from './notifications.queries.server'

export interface NewNotification {
  kind: string
  params?: Record<string, string | number>
  link?: string | null
}

/** Stores a notification for each user and pushes it to their bells once the transaction commits. */
export async function notifyUsers({ tx, afterCommit }: TxContext, userIds: string[], n: NewNotification) {
  if (userIds.length === 0) return
  const rows = await tx
    .insert(notifications)
    .values(userIds.map((userId) => ({ userId, kind: n.kind, params: n.params ?? {}, link: n.link ?? null })))
    .returning()
  afterCommit(() => {
    for (const row of rows) emitToUser(row.userId, 'notification:new', toNotificationDto(row))
  })
}

/** notifyUsers for every active user of these organizations (an auction's suppliers, an order's dealer). */
export async function notifyOrganizations(ctx: TxContext, orgIds: readonly string[], n: NewNotification) {
  if (orgIds.length === 0) return
  const to = await ctx.tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.orgId, [...new Set(orgIds)]), eq(users.status, 'active')))
  await notifyUsers(ctx, to.map((u) => u.id), n)
}

/**
 * notifyUsers for every active host user whose roles hold a permission (the people a task is for),
 * but `exceptUserId`: the one who asked is not the one to answer.
 */
export async function notifyStaffWith(ctx: TxContext, permission: StaffPermission, n: NewNotification, exceptUserId?: string) {
  const to = await ctx.tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(organizations.kind, 'host'), eq(users.status, 'active'), arrayOverlaps(users.roles, [...rolesWithPermission(permission)])))
  await notifyUsers(ctx, to.map((u) => u.id).filter((id) => id !== exceptUserId), n)
}
