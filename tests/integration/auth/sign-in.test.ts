import fs from 'node:fs'
import path from 'node:path'
import { createHash } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { loginAttempts, sessions, users } from '~db/schema'
import { signIn, THROTTLE } from '~/auth/sign-in.server'
import { actorFromSession } from '~/auth/actor.server'
import { validateSession } from '~/auth/session.server'
import { signOut } from '~/auth/sign-out.server'
import { DEMO_PASSWORD } from '~db/seed/demo-data'
import { useTestDatabase } from '../../support/db'

useTestDatabase({ seed: true })

const meta = (ip = '10.9.9.9') => ({ ip, userAgent: 'vitest' })

describe('sign-in', () => {
  it('lands each kind of user on their own surface', async () => {
    expect(await signIn({ email: 'admin@acme.test', password: DEMO_PASSWORD }, meta())).toMatchObject({ ok: true, surface: 'console' })
    expect(await signIn({ email: 'alice@bright.test', password: DEMO_PASSWORD }, meta())).toMatchObject({ ok: true, surface: 'supplier' })
    expect(await signIn({ email: 'DAVE@north.test ', password: DEMO_PASSWORD }, meta())).toMatchObject({ ok: true, surface: 'dealer' })
  })

  it('answers an unknown e-mail exactly like a wrong password', async () => {
    const unknown = await signIn({ email: 'nobody@nowhere.test', password: DEMO_PASSWORD }, meta('10.1.1.1'))
    const wrong = await signIn({ email: 'buyer@acme.test', password: 'wrong-password' }, meta('10.1.1.2'))
    expect(unknown).toEqual({ ok: false, reason: 'invalid' })
    expect(wrong).toEqual(unknown)
  })

  it('gives a new session id at every sign-in and ends the one the browser came with', async () => {
    const first = await signIn({ email: 'sales@acme.test', password: DEMO_PASSWORD }, meta())
    if (!first.ok) throw new Error('sign-in failed')
    const second = await signIn({ email: 'sales@acme.test', password: DEMO_PASSWORD }, { ...meta(), previousSessionId: first.actor.sessionId })
    if (!second.ok) throw new Error('sign-in failed')
    expect(second.sessionToken).not.toBe(first.sessionToken)
    expect(second.actor.sessionId).not.toBe(first.actor.sessionId)
    expect(await validateSession(first.sessionToken)).toBeNull()
    expect(await validateSession(second.sessionToken)).not.toBeNull()
  })

  it('keeps only a hash of the session token: the stored id opens no session', async () => {
    const r = await signIn({ email: 'buyer@acme.test', password: DEMO_PASSWORD }, meta('10.9.1.1'))
    if (!r.ok) throw new Error('sign-in failed')
    const stored = (await db().select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, r.userId))).map((x) => x.id)
    expect(stored).toContain(createHash('sha256').update(r.sessionToken).digest('hex'))
    expect(stored).not.toContain(r.sessionToken)
    expect(r.actor.sessionId).toBe(createHash('sha256').update(r.sessionToken).digest('hex'))
    // A copy of the table is no key: the cookie with a stored id in it is nobody.
    expect((await actorFromSession(r.sessionToken))?.actor.userId).toBe(r.userId)
    for (const id of stored) expect(await actorFromSession(id)).toBeNull()
  })

  it('keeps the sessions open before the switch to hashes: migration 0010 turns a stored token into its hash', async () => {
    const [dora] = await db().select({ id: users.id }).from(users).where(eq(users.email, 'dora@north.test'))
    const token = 'abcdefghijklmnopqrstuvwxyz234567abcdefgh' // a lucia-made id, as stored before
    await db().insert(sessions).values({ id: token, userId: dora.id, expiresAt: new Date(Date.now() + 3_600_000), createdAt: new Date() })
    expect(await actorFromSession(token)).toBeNull()
    await rawRows(db(), sql.raw(fs.readFileSync(path.resolve('db/migrations/0010_hash_session_ids.sql'), 'utf8')))
    expect((await actorFromSession(token))?.actor.email).toBe('dora@north.test')
    expect(await db().$count(sessions, eq(sessions.id, token))).toBe(0)
  })

  it('ends the session at sign-out', async () => {
    const r = await signIn({ email: 'finance@acme.test', password: DEMO_PASSWORD }, meta())
    if (!r.ok) throw new Error('sign-in failed')
    const resolved = await actorFromSession(r.sessionToken)
    expect(resolved?.actor.kind).toBe('staff')
    await signOut({ actor: resolved!.actor, sessionId: r.actor.sessionId, ip: '10.9.9.9' })
    expect(await actorFromSession(r.sessionToken)).toBeNull()
  })

  it('refuses a deactivated user and a session of a user deactivated later', async () => {
    const r = await signIn({ email: 'amy@bright.test', password: DEMO_PASSWORD }, meta())
    if (!r.ok) throw new Error('sign-in failed')
    await db().update(users).set({ status: 'inactive' }).where(eq(users.email, 'amy@bright.test'))
    expect(await actorFromSession(r.sessionToken)).toBeNull()
    expect(await signIn({ email: 'amy@bright.test', password: DEMO_PASSWORD }, meta())).toEqual({ ok: false, reason: 'invalid' })
  })

  it('ends a session past its absolute lifetime even while in use', async () => {
    const r = await signIn({ email: 'warehouse@acme.test', password: DEMO_PASSWORD }, meta())
    if (!r.ok) throw new Error('sign-in failed')
    await db().update(sessions).set({ createdAt: sql`now() - interval '25 hours'` as any }).where(eq(sessions.id, r.actor.sessionId))
    expect(await validateSession(r.sessionToken)).toBeNull()
  })

  it('reads the actor with its organization and extends a session used in the second half of its idle window', async () => {
    const r = await signIn({ email: 'dave@north.test', password: DEMO_PASSWORD }, meta())
    if (!r.ok) throw new Error('sign-in failed')
    const fresh = await actorFromSession(r.sessionToken)
    expect(fresh?.session.refreshed).toBe(false)
    expect(fresh?.actor).toMatchObject({ kind: 'dealer', org: { nameEn: expect.any(String), nameZh: expect.any(String) } })
    await db().update(sessions).set({ expiresAt: sql`now() + interval '1 minute'` as any }).where(eq(sessions.id, r.actor.sessionId))
    const used = await actorFromSession(r.sessionToken)
    expect(used?.session.refreshed).toBe(true)
    const [row] = await rawRows<{ left: number }>(db(), sql`select extract(epoch from expires_at - now())::float as left from sessions where id = ${r.actor.sessionId}`)
    expect(row.left).toBeGreaterThan(3.9 * 3600)
    await db().update(sessions).set({ expiresAt: sql`now() - interval '1 second'` as any }).where(eq(sessions.id, r.actor.sessionId))
    expect(await actorFromSession(r.sessionToken)).toBeNull()
    expect(await rawRows(db(), sql`select 1 from sessions where id = ${r.actor.sessionId}`)).toHaveLength(0)
  })

  it('evaluates no more than the account limit of concurrent wrong passwords, then refuses the right one too', async () => {
    const email = 'buyer.manager@acme.test'
    const attempts = THROTTLE.perAccount + 5
    const results = await Promise.all(
      Array.from({ length: attempts }, (_, i) => signIn({ email, password: `wrong-${i}` }, meta(`10.2.0.${i}`))),
    )
    const evaluated = results.filter((r) => !r.ok && r.reason === 'invalid').length
    expect(evaluated).toBeLessThanOrEqual(THROTTLE.perAccount)
    expect(results.filter((r) => !r.ok && r.reason === 'throttled').length).toBeGreaterThanOrEqual(5)
    // Attempts in flight count as failures, so the burst may stop short of the limit; fill it up.
    for (let i = evaluated; i < THROTTLE.perAccount; i++) await signIn({ email, password: 'wrong' }, meta(`10.5.0.${i}`))
    expect(await signIn({ email, password: DEMO_PASSWORD }, meta('10.3.0.1'))).toEqual({ ok: false, reason: 'throttled' })
    const [{ fails }] = await rawRows<{ fails: number }>(
      db(),
      sql`select count(*)::int as fails from ${loginAttempts} where email = ${email} and outcome = 'fail'`,
    )
    expect(fails).toBe(THROTTLE.perAccount)
    expect(THROTTLE.perAccount * (60 / THROTTLE.windowMinutes)).toBeLessThanOrEqual(100) // ASVS: ≤ 100 failures an hour
  })

  it('throttles one address trying many accounts', async () => {
    const ip = '10.4.4.4'
    let throttled = false
    for (let i = 0; i <= THROTTLE.perIp; i++) {
      const r = await signIn({ email: `guess${i}@acme.test`, password: 'x' }, meta(ip))
      if (!r.ok && r.reason === 'throttled') throttled = true
    }
    expect(throttled).toBe(true)
  })
})

describe('pruning', () => {
  it('deletes sessions past their idle expiry or absolute lifetime, and old sign-in attempts, and keeps live ones', async () => {
    const { pruneDeadSessions } = await import('~/auth/session.server')
    const { pruneLoginAttempts } = await import('~/auth/sign-in.server')
    const live = await signIn({ email: 'admin@acme.test', password: DEMO_PASSWORD }, meta('10.7.0.1'))
    const idle = await signIn({ email: 'admin@acme.test', password: DEMO_PASSWORD }, meta('10.7.0.2'))
    const old = await signIn({ email: 'admin@acme.test', password: DEMO_PASSWORD }, meta('10.7.0.3'))
    if (!live.ok || !idle.ok || !old.ok) throw new Error('sign-in failed')
    await db().update(sessions).set({ expiresAt: sql`now() - interval '1 minute'` as any }).where(eq(sessions.id, idle.actor.sessionId))
    await db().update(sessions).set({ createdAt: sql`now() - interval '25 hours'` as any }).where(eq(sessions.id, old.actor.sessionId))
    await db().update(loginAttempts).set({ createdAt: sql`now() - interval '3 days'` as any }).where(eq(loginAttempts.ip, '10.7.0.1'))

    expect(await pruneDeadSessions()).toBeGreaterThanOrEqual(2)
    const left = (await db().select({ id: sessions.id }).from(sessions)).map((s) => s.id)
    expect(left).toContain(live.actor.sessionId)
    expect(left).not.toContain(idle.actor.sessionId)
    expect(left).not.toContain(old.actor.sessionId)
    expect(await pruneLoginAttempts()).toBe(1)
    expect(await db().$count(loginAttempts, eq(loginAttempts.ip, '10.7.0.2'))).toBe(1)
  })
})
