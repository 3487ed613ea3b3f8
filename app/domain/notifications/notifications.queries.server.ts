import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { db, prepared } from '~db/client'
import { notifications } from '~db/schema'
import type { Actor } from '~/auth/roles'
import type { NotificationDto } from '~/realtime/events'
import { emitToUser } from '~/realtime/publisher.server'

export function toNotificationDto(row: typeof notifications.$inferSelect): NotificationDto {
  return {
    id: row.id,
    kind: row.kind,
    params: row.params,
    link: row.link,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  }
}

/** The bell: unread count and the latest few, only ever the actor's own. */
export async function notificationSummary(actor: Actor) {
  // One round trip on every page: the window count runs over all the user's rows before the limit.
  const rows = await prepared('notificationSummary', (d) =>
    d
      .select({ row: notifications, unread: sql<number>`(count(*) filter (where ${notifications.readAt} is null) over ())::int` })
      .from(notifications)
      .where(eq(notifications.userId, sql.placeholder('userId')))
      .orderBy(desc(notifications.createdAt))
      .limit(15)
      .prepare('notification_summary'),
  ).execute({ userId: actor.userId })
  return { unread: rows[0]?.unread ?? 0, recent: rows.map((r) => toNotificationDto(r.row)) }
}

export async function markNotificationsRead(actor: Actor, ids: string[] | 'all') {
  const mine = eq(notifications.userId, actor.userId)
  const which = ids === 'all' ? mine : and(mine, inArray(notifications.id, ids))
  const read = await db().update(notifications).set({ readAt: new Date() }).where(and(which, isNull(notifications.readAt))).returning({ id: notifications.id })
  // Only what this call read: the bells lower their count by it, so one already read must not count again.
  if (ids === 'all') emitToUser(actor.userId, 'notification:read', { ids })
  else if (read.length) emitToUser(actor.userId, 'notification:read', { ids: read.map((r) => r.id) })
}
