import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, users } from '~db/schema'
import { DEMO_PASSWORD } from '~db/seed/demo-data'
import { passwordMatches } from '~/auth/account.server'
import { validateSession } from '~/auth/session.server'
import { action as supplierAccountAction } from '../../../portal-supplier/routes/account'
import { action as consoleAccountAction } from '~/routes/console.account'
import { useTestDatabase } from '../../support/db'
import { actorFor, contextFor, formRequest, tokenOf } from '../../support/actors'

useTestDatabase({ seed: true })

const call = (fn: typeof consoleAccountAction, actor: Awaited<ReturnType<typeof actorFor>>, fields: Record<string, string>) =>
  fn({ request: formRequest('/x/account', fields), context: contextFor(actor) as any, params: {} }) as Promise<Response | { data: any; init: ResponseInit | null }>

const statusOf = (r: any) => (r instanceof Response ? r.status : (r.init?.status ?? 200))

describe('account page', () => {
  it('saves name, language and time zone, with an audit row', async () => {
    const actor = await actorFor('sales@acme.test')
    const res = await call(consoleAccountAction, actor, { intent: 'profile', name: 'Liu Yang', locale: 'en', timeZone: 'Europe/Berlin' })
    expect(statusOf(res)).toBe(302)
    const [u] = await db().select().from(users).where(eq(users.id, actor.userId))
    expect(u).toMatchObject({ name: 'Liu Yang', locale: 'en', timeZone: 'Europe/Berlin' })
    const rows = await db().select().from(auditLog).where(eq(auditLog.action, 'user.profile_updated'))
    expect(rows.at(-1)).toMatchObject({ entityId: actor.userId, after: { timeZone: 'Europe/Berlin' } })
  })

  it('refuses an unknown time zone and unknown fields, writing nothing', async () => {
    const actor = await actorFor('finance@acme.test')
    expect(statusOf(await call(consoleAccountAction, actor, { intent: 'profile', name: 'X', locale: 'en', timeZone: 'Mars/Base' }))).toBe(400)
    expect(statusOf(await call(consoleAccountAction, actor, { intent: 'profile', name: 'X', locale: 'en', timeZone: 'UTC', roles: 'admin' }))).toBe(400)
    const [u] = await db().select().from(users).where(eq(users.id, actor.userId))
    expect(u.name).toBe('赵磊 Zhao Lei')
    expect(u.roles).toEqual(['finance'])
  })

  it('changes the password only with the current one, ends every other session and rotates this one', async () => {
    const actor = await actorFor('amy@bright.test')
    const other = await actorFor('amy@bright.test')
    const wrong = await call(supplierAccountAction, actor, { intent: 'password', current: 'nope-nope-nope', password: 'a-new-password-1', confirm: 'a-new-password-1' })
    expect(statusOf(wrong)).toBe(400)
    expect(await passwordMatches(actor.userId, DEMO_PASSWORD)).toBe(true)

    const ok = (await call(supplierAccountAction, actor, { intent: 'password', current: DEMO_PASSWORD, password: 'a-new-password-1', confirm: 'a-new-password-1' })) as Response
    expect(ok.status).toBe(302)
    expect(await passwordMatches(actor.userId, 'a-new-password-1')).toBe(true)
    expect(await validateSession(tokenOf(actor))).toBeNull()
    expect(await validateSession(tokenOf(other))).toBeNull()
    const cookie = ok.headers.get('Set-Cookie') ?? ''
    const fresh = /cx_session=([a-z0-9]+)/.exec(cookie)?.[1]
    expect(fresh).toBeTruthy()
    expect(fresh).not.toBe(tokenOf(actor))
    expect(await validateSession(fresh!)).not.toBeNull()
  })

  it('refuses a new password that is too short or does not match', async () => {
    const actor = await actorFor('ben@precision.test')
    expect(statusOf(await call(supplierAccountAction, actor, { intent: 'password', current: DEMO_PASSWORD, password: 'short', confirm: 'short' }))).toBe(400)
    expect(statusOf(await call(supplierAccountAction, actor, { intent: 'password', current: DEMO_PASSWORD, password: 'long-enough-1', confirm: 'long-enough-2' }))).toBe(400)
    expect(await passwordMatches(actor.userId, DEMO_PASSWORD)).toBe(true)
  })
})
