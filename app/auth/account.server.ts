import { eq, sql } from 'drizzle-orm'
import { db } from '~db/client'
import { sessions, users } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit, recordDenied } from '~/audit/record.server'
import { disconnectSession } from '~/realtime/publisher.server'
import type { Locale } from '~/i18n/config'
import type { Actor } from './roles'
import { hashPassword, verifyPassword } from './password.server'
import { createSession } from './session.server'
import { checkPassword } from './sign-in.server'

export async function accountOf(actor: Actor) {
  const [row] = await db()
    .select({ name: users.name, email: users.email, locale: users.locale, timeZone: users.timeZone, passwordChangedAt: users.passwordChangedAt })
    .from(users)
    .where(eq(users.id, actor.userId))
  return { ...row, passwordChangedAt: row.passwordChangedAt?.toISOString() ?? null }
}

export async function updateProfile(actor: Actor, input: { name: string; locale: Locale; timeZone: string }, ip: string) {
  await transact(async ({ tx }) => {
    const [before] = await tx
      .select({ name: users.name, locale: users.locale, timeZone: users.timeZone })
      .from(users)
      .where(eq(users.id, actor.userId))
      .for('update')
    await tx.update(users).set(input).where(eq(users.id, actor.userId))
    await recordAudit(tx, { actor, ip }, { action: 'user.profile_updated', entityType: 'user', entityId: actor.userId, before, after: input })
  })
}

/**
 * Changes the password after checking the current one (counted by the sign-in throttle, so the
 * form cannot be used to guess it). Every other session ends; this browser gets a new session id.
 */
export async function changePassword(
  actor: Actor,
  input: { current: string; password: string },
  meta: { ip: string; userAgent?: string },
): Promise<{ ok: true; sessionToken: string } | { ok: false; reason: 'wrong_password' | 'throttled' }> {
  const check = await checkPassword({ email: actor.email, password: input.current }, meta.ip)
  if (!check.ok) {
    await recordDenied({ actor, ip: meta.ip }, { action: 'user.password_changed', entityType: 'user', entityId: actor.userId })
    return { ok: false, reason: check.reason === 'throttled' ? 'throttled' : 'wrong_password' }
  }
  const passwordHash = await hashPassword(input.password)
  // Every session of the user ends with the old password, this one included; this browser then
  // continues under a new session id.
  const ended = await transact(async ({ tx }) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: sql`now()` }).where(eq(users.id, actor.userId))
    const rows = await tx
      .delete(sessions)
      .where(eq(sessions.userId, actor.userId))
      .returning({ id: sessions.id })
    await recordAudit(tx, { actor, ip: meta.ip }, { action: 'user.password_changed', entityType: 'user', entityId: actor.userId, after: { sessionsEnded: rows.length } })
    return rows
  })
  for (const s of ended) disconnectSession(s.id)
  const sessionToken = await createSession(actor.userId, meta)
  return { ok: true, sessionToken }
}

/** Used by tests: whether a password is the user's current one. */
export async function passwordMatches(userId: string, password: string) {
  const [row] = await db().select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId))
  return row?.hash ? verifyPassword(row.hash, password) : false
}
