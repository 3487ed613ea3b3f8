import { createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '~db/client'
import { authTokens } from '~db/schema'

export type TokenPurpose = 'reset' | 'invite'

export const TOKEN_LIFETIME_MINUTES: Record<TokenPurpose, number> = { reset: 60, invite: 7 * 24 * 60 }

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

/** A new single-use link token. Only its hash is stored; the raw token goes into the e-mail only. */
export async function issueToken(q: DbOrTx, userId: string, purpose: TokenPurpose, createdBy?: string | null): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  await q.insert(authTokens).values({
    userId,
    purpose,
    tokenHash: hashToken(token),
    createdBy: createdBy ?? null,
    expiresAt: sql`now() + make_interval(mins => ${TOKEN_LIFETIME_MINUTES[purpose]})` as any,
  })
  return token
}

/** The token's user if it is unused and unexpired (judged by the database clock); does not consume it. */
export async function peekToken(q: DbOrTx, token: string, purpose: TokenPurpose): Promise<{ userId: string } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null
  const [row] = await q
    .select({ userId: authTokens.userId })
    .from(authTokens)
    .where(and(eq(authTokens.tokenHash, hashToken(token)), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt), gt(authTokens.expiresAt, sql`now()`)))
  return row ?? null
}

/**
 * Uses the token up in one guarded statement: of two concurrent uses, exactly one gets the user.
 * Call inside the transaction that does what the token allows.
 */
export async function consumeToken(q: DbOrTx, token: string, purpose: TokenPurpose): Promise<{ userId: string } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null
  const [row] = await q
    .update(authTokens)
    .set({ usedAt: sql`now()` as any })
    .where(and(eq(authTokens.tokenHash, hashToken(token)), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt), gt(authTokens.expiresAt, sql`now()`)))
    .returning({ userId: authTokens.userId })
  return row ?? null
}

/** Older unused tokens of the same purpose stop working when a new one is issued or one is used. */
export async function revokeTokens(q: DbOrTx, userId: string, purpose: TokenPurpose) {
  await q
    .update(authTokens)
    .set({ usedAt: sql`now()` as any })
    .where(and(eq(authTokens.userId, userId), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt)))
}
