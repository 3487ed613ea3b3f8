import { notifications } from '~db/schema'
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
