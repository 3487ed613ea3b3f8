// M1 on the signed-out forms (sign in, ask for a reset link, set a password from a reset link and from an
// invitation, with real links made as the app makes them) and on the resource routes every page posts to
// (sign out, mark notifications read, switch the language): junk gets a 4xx or the route's documented
// redirect, never a 500, and writes nothing. See form-fuzz.ts.
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { notifications, users } from '~db/schema'
import { transact } from '~db/transaction'
import type { Actor } from '~/auth/roles'
import { requestPasswordReset } from '~/auth/request-password-reset.server'
import { notifyUsers } from '~/domain/notifications/notify.server'
import { action as newSupplierAction } from '~/routes/console.suppliers.new'
import { actorFor } from '../../support/actors'
import { call, inviteTokenFor, mailsTo, usePartiesDatabase } from '../parties/helpers'
import { expectPageHolds } from './form-fuzz'

usePartiesDatabase('fuzz-sign-in')

const AUTH_TABLES = ['users', 'sessions', 'auth_tokens', 'organizations']
// A refused sign-in is recorded in login_attempts by design (the throttle counts them), and denied on the audit log.
const PASSWORD = 'a-brand-new-passphrase'

describe('signed-out pages', () => {
  it('sign in', async () => {
    await expectPageHolds(
      {
        name: 'login',
        mod: await import('~/routes/login'),
        actor: null,
        url: '/login',
        params: {},
        fill: { email: 'finance@acme.test', password: 'demo-pass-2026' },
        // Any text is taken and then sent through safeRedirectTarget, which keeps only a path of the user's own surface.
        known: { '* redirectTo NaN': 'redirect sanitized', '* redirectTo 1e400': 'redirect sanitized', '* redirectTo -1e309': 'redirect sanitized', '* redirectTo 0x10': 'redirect sanitized', '* redirectTo <script>': 'redirect sanitized', '* redirectTo -1': 'redirect sanitized', '* redirectTo twice': 'redirect sanitized' },
        tables: AUTH_TABLES,
      },
      1,
    )
  }, 90_000)

  it('ask for a reset link', async () => {
    await expectPageHolds({ name: 'forgot', mod: await import('~/routes/forgot-password'), actor: null, url: '/forgot-password', params: {}, fill: { email: 'amy@bright.test' }, tables: AUTH_TABLES }, 1)
  }, 90_000)

  it('set a password from a reset link', async () => {
    await requestPasswordReset({ email: 'eric@east.test' }, { ip: '10.40.0.1', origin: 'http://caixiao.test' })
    const [mail] = await mailsTo('eric@east.test')
    const token = mail.text.match(/\/reset-password\/([A-Za-z0-9_-]+)/)![1]
    await expectPageHolds({ name: 'reset', mod: await import('~/routes/reset-password.$token'), actor: null, url: `/reset-password/${token}`, params: { token }, fill: { password: PASSWORD, confirm: PASSWORD }, tables: AUTH_TABLES }, 1)
  }, 90_000)

  it('set a password from an invitation', async () => {
    const admin = await actorFor('admin@acme.test')
    const made = await call(newSupplierAction, {
      actor: admin,
      url: '/console/suppliers/new',
      fields: { code: 'SUP-FUZZ', nameEn: 'Fuzz Metals', nameZh: '模糊金属', adminName: 'Fay Fu', adminEmail: 'fay@fuzz.test', adminLocale: 'zh-CN' },
    })
    expect(made.status).toBe(302)
    const token = await inviteTokenFor('fay@fuzz.test')
    await expectPageHolds({ name: 'invite', mod: await import('~/routes/invite.$token'), actor: null, url: `/invite/${token}`, params: { token }, fill: { password: PASSWORD, confirm: PASSWORD }, tables: AUTH_TABLES }, 1)
  }, 90_000)
})

/** Junk bodies for a resource route: each of its fields replaced in turn, the prototype keys, and a body of no form at all. */
function junkBodies(valid: Record<string, string>): Array<[string, Record<string, string | string[]>]> {
  const junk: Record<string, string | string[]> = { NUL: '\u0000', '100k': 'x'.repeat(100_000), NaN: 'NaN', '1e400': '1e400', '-1': '-1', '0x10': '0x10', empty: '', twice: ['a', 'b'], '<script>': '<script>' }
  const out: Array<[string, Record<string, string | string[]>]> = [
    ['nothing', {}],
    ['proto', { ...valid, '__proto__[x]': '1', 'constructor[prototype][x]': '1' }],
    ['unknown field', { ...valid, admin: 'true' }],
  ]
  for (const k of Object.keys(valid)) for (const [label, v] of Object.entries(junk)) out.push([`${k}=${label}`, { ...valid, [k]: v }])
  return out
}

const countRow = async () =>
  (
    await rawRows<Record<string, number>>(
      db(),
      sql`select (select count(*)::int from users) as users, (select count(*)::int from sessions) as sessions, (select count(*)::int from notifications where read_at is not null) as read, (select count(*)::int from audit_log where outcome <> 'denied') as audits`,
    )
  )[0]

describe('resource routes', () => {
  let dave: Actor

  beforeAll(async () => {
    dave = await actorFor('dave@north.test')
  })

  it('mark notifications read: junk ids mark nothing, malformed bodies are a 400', async () => {
    const { action } = await import('~/routes/notifications')
    const [daveRow] = await db().select({ id: users.id }).from(users).where(eq(users.email, 'dave@north.test'))
    // One unread notification of dave's, made as the app makes them: the seed may give him none, and junk built around
    // 'all' instead of a real id would mark nothing whatever the route did.
    await transact((ctx) => notifyUsers(ctx, [daveRow.id], { kind: 'user.rolesChanged', params: { by: 'Fuzz' } }))
    const unread = await db().select({ id: notifications.id }).from(notifications).where(and(eq(notifications.userId, daveRow.id), isNull(notifications.readAt)))
    expect(unread.length).toBeGreaterThan(0)
    const before = await countRow()
    const problems: string[] = []
    for (const [label, fields] of junkBodies({ ids: unread[0].id })) {
      // A valid id is the one acceptance that may mark something read: every other body must leave them unread.
      if (label === 'unknown field' || label === 'proto') continue
      const a = await call(action, { actor: dave, url: '/notifications', fields })
      if (a.status >= 500) problems.push(`${label} → ${a.status}`)
      if (a.status >= 400 && a.status !== 400) problems.push(`${label} → ${a.status}`)
    }
    for (const [label, fields] of [['unknown field', { ids: 'all', admin: 'true' }], ['proto', { ids: 'all', '__proto__[x]': '1' }]] as const) {
      const a = await call(action, { actor: dave, url: '/notifications', fields })
      if (a.status !== 400) problems.push(`${label} → ${a.status}`)
    }
    expect(problems).toEqual([])
    const after = await countRow()
    expect(after).toEqual(before)
    // No junk body keeps the valid id intact and the 'all' ones are refused: every notification unread before is unread still.
    const read = await db().select({ id: notifications.id }).from(notifications).where(and(eq(notifications.userId, daveRow.id), isNotNull(notifications.readAt)))
    expect(read.filter((r) => unread.some((u) => u.id === r.id))).toEqual([])
  }, 60_000)

  it('switch the language: junk is a 400, signed in or out; nothing is saved', async () => {
    const { action } = await import('~/routes/settings.locale')
    const problems: string[] = []
    for (const actor of [dave, null]) {
      const [localeBefore] = await db().select({ locale: users.locale }).from(users).where(eq(users.email, 'dave@north.test'))
      for (const [label, fields] of junkBodies({ locale: 'en', redirectTo: '/dealer' })) {
        const before = await countRow()
        const a = await call(action, { actor, url: '/settings/locale', fields })
        // A junk redirectTo is taken and replaced by '/' (only a local path is followed); every other junk is refused.
        const ok = label.startsWith('redirectTo=') && !['redirectTo=NUL', 'redirectTo=100k', 'redirectTo=twice'].includes(label) ? a.status === 302 && (a.location === '/' || a.location?.startsWith('/')) : a.status === 400
        if (!ok) problems.push(`${actor ? 'signed in' : 'signed out'} ${label} → ${a.status} ${a.location ?? ''}`)
        if (a.status === 302) await db().update(users).set({ locale: localeBefore.locale }).where(eq(users.email, 'dave@north.test'))
        else if (JSON.stringify(await countRow()) !== JSON.stringify(before)) problems.push(`${label}: written on refusal`)
      }
      expect((await db().select({ locale: users.locale }).from(users).where(eq(users.email, 'dave@north.test')))[0]).toEqual(localeBefore)
    }
    expect(problems).toEqual([])
  }, 60_000)

  it('sign out: any body signs out to /login (the documented redirect), never a 500', async () => {
    const { action } = await import('~/routes/logout')
    const problems: string[] = []
    for (const [label, fields] of junkBodies({ intent: 'signOut' })) {
      const a = await call(action, { actor: null, url: '/logout', fields })
      if (a.status !== 302 || a.location !== '/login') problems.push(`${label} → ${a.status} ${a.location}`)
    }
    expect(problems).toEqual([])
  }, 60_000)
})
