import { eq, sql } from 'drizzle-orm'
import { db, rawRows } from '~db/client'
import { loginAttempts, organizations, users } from '~db/schema'
import { recordAudit } from '~/audit/record.server'
import { burnPasswordCheck, verifyPassword } from './password.server'
import { createSession, invalidateSession, sessionIdOf } from './session.server'
import { surfaceOfOrg, type Actor, type Surface } from './roles'
import { loadActor } from './actor.server'

/** Failed (or in-flight) attempts allowed in the window before we stop evaluating passwords. */
export const THROTTLE = {
  windowMinutes: 15,
  /** per account: 20 per 15 minutes keeps it under ASVS's 100 failures an hour */
  perAccount: 20,
  perIp: 100,
}

export type SignInResult =
  | { ok: true; sessionToken: string; userId: string; surface: Surface; actor: Actor }
  | { ok: false; reason: 'invalid' | 'throttled' }

export type PasswordCheck =
  | { ok: true; userId: string; surface: Surface }
  | { ok: false; reason: 'invalid' | 'throttled'; userId: string | null }

/**
 * Checks an e-mail and password under the throttle. Records the attempt first and counts after, so
 * concurrent attempts see each other: the n-th attempt in a window counts at least n rows and is
 * refused past the limit without hashing. Unknown e-mail, wrong password and inactive account
 * answer alike.
 */
export async function checkPassword(input: { email: string; password: string }, ip: string): Promise<PasswordCheck> {
  const email = input.email.trim().toLowerCase()
  const [attempt] = await db().insert(loginAttempts).values({ email, ip }).returning({ id: loginAttempts.id })
  const [counts] = await rawRows<{ by_email: number; by_ip: number }>(
    db(),
    sql`select count(*) filter (where email = ${email})::int as by_email,
               count(*) filter (where ip = ${ip})::int as by_ip
        from login_attempts
        where created_at > now() - make_interval(mins => ${THROTTLE.windowMinutes})
          and (outcome is null or outcome = 'fail')
          and (email = ${email} or ip = ${ip})`,
  )
  const finish = (outcome: 'ok' | 'fail' | 'throttled') =>
    db().update(loginAttempts).set({ outcome }).where(eq(loginAttempts.id, attempt.id))

  const over = { account: counts.by_email > THROTTLE.perAccount, ip: counts.by_ip > THROTTLE.perIp }
  if (over.account || over.ip) {
    await recordThrottleStart(email, ip, over)
    await finish('throttled')
    return { ok: false, reason: 'throttled', userId: null }
  }

  const [user] = await db()
    .select({
      id: users.id,
      passwordHash: users.passwordHash,
      status: users.status,
      orgKind: organizations.kind,
      orgStatus: organizations.status,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.email, email))

  const passwordOk = user?.passwordHash ? await verifyPassword(user.passwordHash, input.password) : (await burnPasswordCheck(input.password), false)
  if (!user || !passwordOk || user.status !== 'active' || user.orgStatus !== 'active') {
    await finish('fail')
    return { ok: false, reason: 'invalid', userId: user?.id ?? null }
  }
  await finish('ok')
  return { ok: true, userId: user.id, surface: surfaceOfOrg[user.orgKind] }
}

/**
 * The first refusal of an account, or of an address, in each throttle-window-long period (aligned to
 * the epoch) goes on the audit log: the throttle started, or goes on, refusing it. One row per refusal
 * would let anyone fill the hash-chained log for free (a refusal hashes nothing); every attempt stays
 * in login_attempts. Read before this attempt is marked: two refusals at the same instant may both
 * write, never none.
 */
async function recordThrottleStart(email: string, ip: string, over: { account: boolean; ip: boolean }) {
  const period = sql`to_timestamp(floor(extract(epoch from now()) / ${THROTTLE.windowMinutes * 60}) * ${THROTTLE.windowMinutes * 60})`
  const [seen] = await rawRows<{ account: boolean; ip: boolean; user_id: string | null }>(
    db(),
    sql`select exists (select 1 from login_attempts where email = ${email} and outcome = 'throttled' and created_at >= ${period}) as account,
               exists (select 1 from login_attempts where ip = ${ip} and outcome = 'throttled' and created_at >= ${period}) as ip,
               (select id from users where email = ${email}) as user_id`,
  )
  const throttledBy = (['account', 'ip'] as const).filter((k) => over[k] && !seen[k])
  if (!throttledBy.length) return
  await db().transaction((tx) =>
    recordAudit(tx, { ip }, { action: 'auth.sign_in_throttled', entityType: 'user', entityId: seen.user_id, outcome: 'denied', after: { throttledBy, windowMinutes: THROTTLE.windowMinutes } }),
  )
}

export async function signIn(
  input: { email: string; password: string },
  meta: { ip: string; userAgent?: string; previousSessionId?: string | null },
): Promise<SignInResult> {
  const check = await checkPassword(input, meta.ip)
  if (!check.ok) {
    if (check.reason === 'invalid') {
      await db().transaction((tx) =>
        recordAudit(tx, { ip: meta.ip }, { action: 'auth.sign_in_failed', entityType: 'user', entityId: check.userId, outcome: 'denied' }),
      )
    }
    return { ok: false, reason: check.reason }
  }
  // A new session id at every sign-in; the one the browser came with (if any) ends now.
  if (meta.previousSessionId) await invalidateSession(meta.previousSessionId).catch(() => {})
  const sessionToken = await createSession(check.userId, { ip: meta.ip, userAgent: meta.userAgent })
  const actor = await loadActor(check.userId, sessionIdOf(sessionToken))
  if (!actor) return { ok: false, reason: 'invalid' } // deactivated between the check and now
  await db().transaction((tx) => recordAudit(tx, { actor, ip: meta.ip }, { action: 'auth.sign_in', entityType: 'user', entityId: check.userId }))
  return { ok: true, sessionToken, userId: check.userId, surface: check.surface, actor }
}

/**
 * Attempts older than the throttle's window count for nothing; two days are kept for the record
 * of an attack in progress. Runs hourly as the 'auth.prune' job.
 */
export async function pruneLoginAttempts(): Promise<number> {
  const gone = await db()
    .delete(loginAttempts)
    .where(sql`${loginAttempts.createdAt} < now() - interval '2 days'`)
    .returning({ id: loginAttempts.id })
  return gone.length
}
