import { and, eq, sql } from 'drizzle-orm'
import { db } from '~db/client'
import { sessions, users } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit, recordDenied } from '~/audit/record.server'
import { disconnectUser } from '~/realtime/publisher.server'
import { hashPassword } from './password.server'
import { consumeToken, peekToken, revokeTokens } from './tokens.server'

export const PASSWORD_RESET = 'auth.password_reset'

class LinkNotUsable extends Error {}

/**
 * Sets a new password through a reset link. The link is used up, the hash set and every session of
 * the user ended in one transaction: of two concurrent uses exactly one wins, and no session
 * outlives a committed reset (an after-commit step could fail and leave a stolen session alive).
 */
export async function resetPassword(
  input: { token: string; password: string },
  meta: { ip: string },
): Promise<{ ok: true; userId: string } | { ok: false }> {
  // Hashed before the transaction: no row is held while argon2 works.
  const passwordHash = await hashPassword(input.password)
  try {
    return await transact(async ({ tx, afterCommit }) => {
      const claimed = await consumeToken(tx, input.token, 'reset')
      if (!claimed) throw new LinkNotUsable()
      const [user] = await tx
        .update(users)
        .set({ passwordHash, passwordChangedAt: sql`now()` })
        .where(and(eq(users.id, claimed.userId), eq(users.status, 'active')))
        .returning({ id: users.id })
      if (!user) throw new LinkNotUsable()
      await revokeTokens(tx, user.id, 'reset')
      await tx.delete(sessions).where(eq(sessions.userId, user.id))
      await recordAudit(tx, { ip: meta.ip }, { action: PASSWORD_RESET, entityType: 'user', entityId: user.id })
      afterCommit(() => disconnectUser(user.id))
      return { ok: true as const, userId: user.id }
    })
  } catch (err) {
    if (!(err instanceof LinkNotUsable)) throw err
    await recordDenied({ ip: meta.ip }, { action: PASSWORD_RESET, entityType: 'user', entityId: null })
    return { ok: false }
  }
}

/** Whether a reset link may still be used (unused, unexpired by the database clock); uses nothing up. */
export async function resetLinkIsUsable(token: string): Promise<boolean> {
  return (await peekToken(db(), token, 'reset')) !== null
}
