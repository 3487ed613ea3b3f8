import { and, eq, inArray } from 'drizzle-orm'
import { notifications, users } from '~db/schema'
import type { TxContext } from '~db/transaction'
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
