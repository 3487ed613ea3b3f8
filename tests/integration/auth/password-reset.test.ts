import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, desc, eq, sql } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { auditLog, authTokens, mailMessages, users } from '~db/schema'
import { DEMO_PASSWORD } from '~db/seed/demo-data'
import { actorFromSession } from '~/auth/actor.server'
import { RESET_REQUESTED, RESET_THROTTLE, requestPasswordReset } from '~/auth/request-password-reset.server'
import { PASSWORD_RESET, resetLinkIsUsable, resetPassword } from '~/auth/reset-password.server'
import { validateSession } from '~/auth/session.server'
import { signIn } from '~/auth/sign-in.server'
import { stopJobs } from '~/jobs/queue.server'
import { action as forgotAction } from '~/routes/forgot-password'
import { action as resetAction, loader as resetLoader } from '~/routes/reset-password.$token'
import { contextFor, formRequest } from '../../support/actors'
import { useTestDatabase } from '../../support/db'

// Queued mail is delivered by the job queue the first request starts: keep its files out of ./data.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cx-reset-'))
process.env.DATA_DIR = dataDir

useTestDatabase({ seed: true })
// Registered after the database hook, so it runs before the database closes.
afterAll(async () => {
  await stopJobs()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

const ORIGIN = 'http://caixiao.test'
let ipSeq = 0
/** A fresh address per request, so the per-address limit stays out of tests about other things. */
const meta = (ip = `10.20.${Math.floor(ipSeq / 250)}.${ipSeq++ % 250}`) => ({ ip, origin: ORIGIN })
const NEW_PASSWORD = 'a-brand-new-passphrase'

async function mailsTo(email: string) {
  return db().select().from(mailMessages).where(eq(mailMessages.to, email)).orderBy(desc(mailMessages.createdAt))
}

/** Asks for a reset and returns the token from the link in the mail it queued. */
async function requestLink(email: string): Promise<string> {
  const before = (await mailsTo(email)).length
  expect(await requestPasswordReset({ email }, meta())).toEqual({ throttled: false })
  const mails = await mailsTo(email)
  expect(mails).toHaveLength(before + 1)
  const match = mails[0].text.match(/http:\/\/caixiao\.test\/reset-password\/([A-Za-z0-9_-]+)/)
  expect(match).not.toBeNull()
  return match![1]
}

function routeArgs(url: string, init: { method?: string; fields?: Record<string, string> }, params: Record<string, string>) {
  const request = init.fields ? formRequest(url, init.fields) : new Request(new URL(url, 'http://localhost'))
  return { request, params, context: contextFor(null) as any }
}

describe('asking for a reset', () => {
  it('answers an unknown e-mail exactly like a known one, and mails only the known one', async () => {
    const unknown = await requestPasswordReset({ email: 'nobody@nowhere.test' }, meta())
    const known = await requestPasswordReset({ email: 'ben@precision.test' }, meta())
    expect(unknown).toEqual({ throttled: false })
    expect(known).toEqual(unknown)
    expect(await mailsTo('nobody@nowhere.test')).toHaveLength(0)
    expect(await mailsTo('ben@precision.test')).toHaveLength(1)

    const answer = async (email: string) => {
      const res: any = await forgotAction(routeArgs('/forgot-password', { fields: { email } }, {}))
      return { status: res.init?.status ?? 200, sent: res.data.sent, errors: res.data.submission.error }
    }
    expect(await answer('nobody.else@nowhere.test')).toEqual(await answer('bob@precision.test'))
    expect(await answer('bob@precision.test')).toMatchObject({ status: 200, sent: true })
    expect(await mailsTo('nobody.else@nowhere.test')).toHaveLength(0)
  })

  it('mails the link in the user’s own language and audits the request against the user', async () => {
    const [ben] = await db().select().from(users).where(eq(users.email, 'ben@precision.test'))
    const [mail] = await mailsTo('ben@precision.test')
    expect(mail.subject).toBe(ben.locale === 'en' ? 'Reset your Caixiao password' : '重置您的采销密码')
    expect(mail.text).toContain(ben.name)
    const rows = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, RESET_REQUESTED), eq(auditLog.entityId, ben.id)))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ entityType: 'user', outcome: 'ok', after: { mailed: true } })
    const anonymous = await rawRows<{ n: number }>(
      db(),
      sql`select count(*)::int as n from audit_log where action = ${RESET_REQUESTED} and entity_id is null`,
    )
    expect(anonymous[0].n).toBeGreaterThanOrEqual(2)
  })

  it('refuses unknown fields and bad e-mails with a field message, sending nothing', async () => {
    const res: any = await forgotAction(routeArgs('/forgot-password', { fields: { email: 'carol@ningbo.test', userId: 'x' } }, {}))
    expect(res.init?.status).toBe(400)
    const bad: any = await forgotAction(routeArgs('/forgot-password', { fields: { email: 'not-an-email' } }, {}))
    expect(bad.init?.status).toBe(400)
    expect(bad.data.submission.error.email).toEqual(['errors:field.email'])
    expect(await mailsTo('carol@ningbo.test')).toHaveLength(0)
  })

  it('mails no link to a deactivated user', async () => {
    await db().update(users).set({ status: 'inactive' }).where(eq(users.email, 'fiona@south.test'))
    expect(await requestPasswordReset({ email: 'fiona@south.test' }, meta())).toEqual({ throttled: false })
    expect(await mailsTo('fiona@south.test')).toHaveLength(0)
  })
})

describe('using the link', () => {
  it('sets the new password once: the old password stops working, the new one works, the link is spent', async () => {
    const token = await requestLink('amy@bright.test')
    expect(await resetLinkIsUsable(token)).toBe(true)
    const first = await resetPassword({ token, password: NEW_PASSWORD }, { ip: '10.30.0.1' })
    expect(first.ok).toBe(true)
    expect(await resetLinkIsUsable(token)).toBe(false)
    expect(await resetPassword({ token, password: 'yet-another-passphrase' }, { ip: '10.30.0.1' })).toEqual({ ok: false })

    expect(await signIn({ email: 'amy@bright.test', password: DEMO_PASSWORD }, { ip: '10.30.0.2' })).toEqual({ ok: false, reason: 'invalid' })
    expect(await signIn({ email: 'amy@bright.test', password: 'yet-another-passphrase' }, { ip: '10.30.0.2' })).toEqual({
      ok: false,
      reason: 'invalid',
    })
    expect(await signIn({ email: 'amy@bright.test', password: NEW_PASSWORD }, { ip: '10.30.0.2' })).toMatchObject({ ok: true, surface: 'supplier' })

    const [amy] = await db().select().from(users).where(eq(users.email, 'amy@bright.test'))
    expect(amy.passwordChangedAt).not.toBeNull()
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, PASSWORD_RESET), eq(auditLog.entityId, amy.id)))
    expect(audit.map((r) => r.outcome)).toEqual(['ok'])
  })

  it('lets exactly one of two simultaneous uses of a link through', async () => {
    const token = await requestLink('eric@east.test')
    const results = await Promise.all([
      resetPassword({ token, password: 'first-of-two-passwords' }, { ip: '10.31.0.1' }),
      resetPassword({ token, password: 'second-of-two-passwords' }, { ip: '10.31.0.2' }),
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    const winner = results[0].ok ? 'first-of-two-passwords' : 'second-of-two-passwords'
    const loser = results[0].ok ? 'second-of-two-passwords' : 'first-of-two-passwords'
    expect(await signIn({ email: 'eric@east.test', password: loser }, { ip: '10.31.0.3' })).toEqual({ ok: false, reason: 'invalid' })
    expect(await signIn({ email: 'eric@east.test', password: winner }, { ip: '10.31.0.3' })).toMatchObject({ ok: true })
  })

  it('refuses an expired link, judged by the database clock', async () => {
    const token = await requestLink('dora@north.test')
    const [dora] = await db().select({ id: users.id }).from(users).where(eq(users.email, 'dora@north.test'))
    await db()
      .update(authTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(and(eq(authTokens.userId, dora.id), eq(authTokens.purpose, 'reset'), sql`${authTokens.usedAt} is null`))
    expect(await resetLinkIsUsable(token)).toBe(false)
    expect(await resetPassword({ token, password: NEW_PASSWORD }, { ip: '10.32.0.1' })).toEqual({ ok: false })
    expect(await signIn({ email: 'dora@north.test', password: DEMO_PASSWORD }, { ip: '10.32.0.2' })).toMatchObject({ ok: true })
  })

  it('makes every older link of the user useless once a new one is asked for', async () => {
    const older = await requestLink('frank@south.test')
    const newer = await requestLink('frank@south.test')
    expect(await resetLinkIsUsable(older)).toBe(false)
    expect(await resetPassword({ token: older, password: NEW_PASSWORD }, { ip: '10.33.0.1' })).toEqual({ ok: false })
    expect((await resetPassword({ token: newer, password: NEW_PASSWORD }, { ip: '10.33.0.1' })).ok).toBe(true)
  })

  it('ends every session the user had', async () => {
    const a = await signIn({ email: 'erin@east.test', password: DEMO_PASSWORD }, { ip: '10.34.0.1' })
    const b = await signIn({ email: 'erin@east.test', password: DEMO_PASSWORD }, { ip: '10.34.0.2' })
    if (!a.ok || !b.ok) throw new Error('sign-in failed')
    const bystander = await signIn({ email: 'dave@north.test', password: DEMO_PASSWORD }, { ip: '10.34.0.3' })
    if (!bystander.ok) throw new Error('sign-in failed')

    const token = await requestLink('erin@east.test')
    expect((await resetPassword({ token, password: NEW_PASSWORD }, { ip: '10.34.0.4' })).ok).toBe(true)
    expect(await validateSession(a.sessionToken)).toBeNull()
    expect(await actorFromSession(b.sessionToken)).toBeNull()
    expect(await validateSession(bystander.sessionToken)).not.toBeNull()
  })

  it('shows the form only for a usable link, and answers a spent link with the invalid-link page', async () => {
    const token = await requestLink('ben@precision.test')
    const get = async () => ((await resetLoader(routeArgs(`/reset-password/${token}`, {}, { token }))) as any).init?.status ?? 200
    expect(await get()).toBe(200)
    expect(((await resetLoader(routeArgs('/reset-password/not-a-token', {}, { token: 'not-a-token' }))) as any).init?.status).toBe(410)

    const post = (fields: Record<string, string>) => resetAction(routeArgs(`/reset-password/${token}`, { fields }, { token })) as Promise<any>
    const mismatch = await post({ password: NEW_PASSWORD, confirm: 'something-else-entirely' })
    expect(mismatch.init?.status).toBe(400)
    expect(mismatch.data.submission.error.confirm).toEqual(['auth:reset.mismatch'])
    const short = await post({ password: 'short', confirm: 'short' })
    expect(short.data.submission.error.password[0]).toMatch(/^auth:reset\.tooShort/)
    const extra = await post({ password: NEW_PASSWORD, confirm: NEW_PASSWORD, userId: 'someone-else' })
    expect(extra.init?.status).toBe(400)
    expect(await get()).toBe(200) // refused forms spent nothing

    const done: Response = await post({ password: NEW_PASSWORD, confirm: NEW_PASSWORD })
    expect(done.status).toBe(302)
    expect(done.headers.get('Location')).toBe('/login')
    expect(done.headers.get('Set-Cookie')).toContain('auth%3Areset.done')
    expect(await get()).toBe(410)
    const again = await post({ password: NEW_PASSWORD, confirm: NEW_PASSWORD })
    expect(again.init?.status).toBe(410)
    expect(again.data.linkUnusable).toBe(true)
  })
})

describe('throttling', () => {
  it('mails at most the per-account limit of links an hour, answering every request alike', async () => {
    const email = 'bob@precision.test'
    const already = (await mailsTo(email)).length
    const answers = []
    for (let i = 0; i < RESET_THROTTLE.perAccount + 3; i++) answers.push(await requestPasswordReset({ email }, meta()))
    expect(answers.every((a) => !a.throttled)).toBe(true)
    expect(await mailsTo(email)).toHaveLength(RESET_THROTTLE.perAccount)
    expect(already).toBeLessThan(RESET_THROTTLE.perAccount)
    const [bob] = await db().select({ id: users.id }).from(users).where(eq(users.email, email))
    const denied = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, RESET_REQUESTED), eq(auditLog.entityId, bob.id), eq(auditLog.outcome, 'denied')))
    expect(denied).toHaveLength(RESET_THROTTLE.perAccount + 3 - (RESET_THROTTLE.perAccount - already))
  })

  it('stops one address after the per-address limit, whatever the e-mails, and mails nothing past it', async () => {
    const ip = '10.99.0.1'
    for (let i = 0; i < RESET_THROTTLE.perIp; i++) {
      expect(await requestPasswordReset({ email: `probe${i}@nowhere.test` }, meta(ip))).toEqual({ throttled: false })
    }
    expect(await requestPasswordReset({ email: 'cathy@ningbo.test' }, meta(ip))).toEqual({ throttled: true })
    expect(await mailsTo('cathy@ningbo.test')).toHaveLength(0)
    expect(await requestPasswordReset({ email: 'cathy@ningbo.test' }, meta('10.99.0.2'))).toEqual({ throttled: false })
    expect(await mailsTo('cathy@ningbo.test')).toHaveLength(1)

    const res: any = await forgotAction({ ...routeArgs('/forgot-password', { fields: { email: 'carol@ningbo.test' } }, {}), context: { ...contextFor(null), ip } })
    expect(res.init?.status).toBe(429)
    expect(res.data.submission.error['']).toEqual(['auth:forgot.throttled'])
  })
})
