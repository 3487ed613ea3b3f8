import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { notifications } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { markNotificationsRead, notificationSummary } from '~/domain/notifications/notifications.queries.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'

useTestDatabase({ seed: true })

let buyer: Actor
let alice: Actor

beforeAll(async () => {
  buyer = await actorFor('buyer@acme.test')
  alice = await actorFor('alice@bright.test')
  await db().delete(notifications)
  // 20 for the buyer a minute apart (the 3 newest unread), 2 unread for alice.
  await db()
    .insert(notifications)
    .values(
      Array.from({ length: 20 }, (_, i) => ({
        userId: buyer.userId,
        kind: `k${i}`,
        readAt: i < 17 ? sql`now()` : null,
        createdAt: sql`now() - make_interval(mins => ${20 - i})`,
      })),
    )
  await db()
    .insert(notifications)
    .values([0, 1].map((i) => ({ userId: alice.userId, kind: `a${i}` })))
})

describe('notificationSummary (the bell on every page)', () => {
  it('counts every unread row of the user, beyond the 15 listed, newest first', async () => {
    const s = await notificationSummary(buyer)
    expect(s.unread).toBe(3)
    expect(s.recent).toHaveLength(15)
    expect(s.recent[0].kind).toBe('k19')
    expect(s.recent.every((n) => n.kind.startsWith('k'))).toBe(true)
  })

  it('counts unread rows even when older than the listed ones', async () => {
    await db().update(notifications).set({ readAt: null }).where(sql`${notifications.kind} = 'k0'`)
    expect((await notificationSummary(buyer)).unread).toBe(4)
  })

  it('answers zero for a user without notifications, and drops to zero once all are read', async () => {
    const admin = await actorFor('admin@acme.test')
    expect(await notificationSummary(admin)).toEqual({ unread: 0, recent: [] })
    await markNotificationsRead(alice, 'all')
    const s = await notificationSummary(alice)
    expect(s.unread).toBe(0)
    expect(s.recent).toHaveLength(2)
  })
})
