// S3 / the audit bar: denied attempts leave audit rows, throttled sign-ins too. But a throttled
// attempt costs its sender nothing (no hashing), so one row each would let anyone flood the
// hash-chained log: the throttle's refusals of an account, or of an address, leave one row per
// throttle-window-long period, while every attempt stays in login_attempts.
import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { auditLog, loginAttempts, users } from '~db/schema'
import { signIn, THROTTLE } from '~/auth/sign-in.server'
import { useTestDatabase } from '../../support/db'

useTestDatabase({ seed: true })

const meta = (ip: string) => ({ ip, userAgent: 'vitest' })
const throttledRows = (where: ReturnType<typeof and>) =>
  db().select({ entityId: auditLog.entityId, outcome: auditLog.outcome, after: auditLog.after, ip: auditLog.ip }).from(auditLog).where(and(eq(auditLog.action, 'auth.sign_in_throttled'), where)).orderBy(auditLog.id)

/** The throttle-window-long periods (aligned to the epoch) in which these attempts were throttled: one audit row is owed for each. */
async function periodsOf(column: 'email' | 'ip', value: string) {
  const [r] = await rawRows<{ n: number }>(
    db(),
    sql`select count(distinct floor(extract(epoch from created_at) / ${THROTTLE.windowMinutes * 60}))::int as n
        from login_attempts where ${sql.identifier(column)} = ${value} and outcome = 'throttled'`,
  )
  return r.n
}

describe('throttled sign-ins on the audit log', () => {
  it('an account past its limit leaves one row per period, however many attempts are refused, and again in a later period', async () => {
    const email = 'finance@acme.test'
    const [finance] = await db().select({ id: users.id }).from(users).where(eq(users.email, email))
    // From a new address each time: only the account's limit is reached.
    for (let i = 0; i < THROTTLE.perAccount; i++) expect(await signIn({ email, password: `wrong-${i}` }, meta(`10.60.0.${i}`))).toEqual({ ok: false, reason: 'invalid' })
    for (let i = 0; i < 15; i++) expect(await signIn({ email, password: 'still-wrong' }, meta(`10.61.0.${i}`))).toEqual({ ok: false, reason: 'throttled' })

    const rows = await throttledRows(eq(auditLog.entityId, finance.id))
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.length).toBe(await periodsOf('email', email))
    expect(rows[0]).toMatchObject({ outcome: 'denied', after: { throttledBy: ['account'], windowMinutes: THROTTLE.windowMinutes }, ip: '10.61.0.0' })

    // The refusals so far belong to an earlier period: the next one starts a new row.
    await db()
      .update(loginAttempts)
      .set({ createdAt: sql`created_at - make_interval(mins => ${THROTTLE.windowMinutes})` as any })
      .where(and(eq(loginAttempts.email, email), eq(loginAttempts.outcome, 'throttled')))
    expect(await signIn({ email, password: 'again' }, meta('10.62.0.1'))).toEqual({ ok: false, reason: 'throttled' })
    expect(await throttledRows(eq(auditLog.entityId, finance.id))).toHaveLength(rows.length + 1)
  })

  it('an address trying many accounts leaves one row per period, naming the address', async () => {
    const ip = '10.70.7.7'
    let throttled = 0
    for (let i = 0; i < THROTTLE.perIp + 10; i++) {
      const r = await signIn({ email: `guess${i}@acme.test`, password: 'x' }, meta(ip))
      if (!r.ok && r.reason === 'throttled') throttled++
    }
    expect(throttled).toBeGreaterThanOrEqual(9)
    const rows = await throttledRows(eq(auditLog.ip, ip))
    expect(rows.length).toBe(await periodsOf('ip', ip))
    expect(rows[0]).toMatchObject({ outcome: 'denied', entityId: null, after: { throttledBy: ['ip'] } })
  })
})
