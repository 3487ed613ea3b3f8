import { and, eq, isNull } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { authTokens, notifications, organizations, users } from '~db/schema'
import { verifyPassword } from '~/auth/password.server'
import { actorFromSession } from '~/auth/actor.server'
import { readSessionToken, validateSession } from '~/auth/session.server'
import { acceptInvitation } from '~/domain/parties/accept-invitation.server'
import { action as newSupplierAction } from '~/routes/console.suppliers.new'
import { action as newStaffAction } from '~/routes/console.users.new'
import { action as acceptAction, loader as acceptLoader } from '~/routes/invite.$token'
import { action as newColleagueAction } from '../../../portal-supplier/routes/users.new'
import { actorFor, tokenOf } from '../../support/actors'
import { auditRows, call, fieldErrors, inviteTokenFor, usePartiesDatabase, userByEmail } from './helpers'

usePartiesDatabase('invitations')

const PASSWORD = 'a-long-enough-passphrase'

const accept = (token: string, fields: Record<string, string>, sessionId: string | null = null) =>
  call(acceptAction, { actor: null, url: `/invite/${token}`, params: { token }, fields, sessionId })

async function notificationsOf(email: string, kind: string) {
  const u = await userByEmail(email)
  return db().select().from(notifications).where(and(eq(notifications.userId, u.id), eq(notifications.kind, kind)))
}

describe('accepting an invitation', () => {
  it('shows who invited whom to which organization, and nothing for a dead link', async () => {
    const admin = await actorFor('admin@acme.test')
    await call(newSupplierAction, {
      actor: admin,
      url: '/console/suppliers/new',
      fields: { code: 'SUP-OMEGA', nameEn: 'Omega Metals', nameZh: '欧米伽金属', adminName: 'Olga Ou', adminEmail: 'olga@omega.test', adminLocale: 'zh-CN' },
    })
    const token = await inviteTokenFor('olga@omega.test')
    const page = await call(acceptLoader, { actor: null, url: `/invite/${token}`, params: { token } })
    expect(page.status).toBe(200)
    expect(page.body.invitation).toEqual({ name: 'Olga Ou', email: 'olga@omega.test', orgNameEn: 'Omega Metals', orgNameZh: '欧米伽金属', inviterName: '王敏 Wang Min' })
    for (const bad of ['x'.repeat(43), 'short', '../../etc/passwd']) {
      const dead = await call(acceptLoader, { actor: null, url: `/invite/${encodeURIComponent(bad)}`, params: { token: bad } })
      expect(dead.status).toBe(410)
      expect(dead.body.invitation).toBeNull()
    }
  })

  it('refuses differing or short passwords next to the field and keeps the link alive', async () => {
    const token = await inviteTokenFor('olga@omega.test')
    const mismatch = await accept(token, { password: PASSWORD, confirm: `${PASSWORD}x` })
    expect(mismatch.status).toBe(400)
    expect(fieldErrors(mismatch).confirm).toEqual(['auth:reset.mismatch'])
    const short = await accept(token, { password: 'short', confirm: 'short' })
    expect(short.status).toBe(400)
    expect(fieldErrors(short).password?.[0]).toMatch(/^auth:reset.tooShort/)
    const extra = await accept(token, { password: PASSWORD, confirm: PASSWORD, status: 'active' })
    expect(extra.status).toBe(400)
    expect((await userByEmail('olga@omega.test')).status).toBe('invited')
  })

  it('activates the user, sets the password, signs them in on their surface and tells the inviter', async () => {
    const token = await inviteTokenFor('olga@omega.test')
    const answer = await accept(token, { password: PASSWORD, confirm: PASSWORD })
    expect(answer.status).toBe(302)
    expect(answer.location).toBe('/supplier')
    const sessionId = readSessionToken(answer.setCookie)
    expect(answer.setCookie).toMatch(/HttpOnly/)
    const resolved = await actorFromSession(sessionId)
    expect(resolved?.actor).toMatchObject({ kind: 'supplier', email: 'olga@omega.test' })
    expect([...resolved!.actor.roles]).toEqual(['supplier_admin'])

    const olga = await userByEmail('olga@omega.test')
    expect(olga.status).toBe('active')
    expect(await verifyPassword(olga.passwordHash!, PASSWORD)).toBe(true)
    const [audit] = await auditRows('user.invitation_accepted', olga.id)
    expect(audit).toMatchObject({ actorUserId: olga.id, before: { status: 'invited' }, after: { status: 'active' } })
    // The console admin who invited her hears that she joined, with a link to the organization's page.
    const [n] = await notificationsOf('admin@acme.test', 'org.user_added')
    const [omega] = await db().select().from(organizations).where(eq(organizations.code, 'SUP-OMEGA'))
    // Both names are stored, so the bell names the organization in whichever language its reader has then.
    expect(n).toMatchObject({ params: { name: 'Olga Ou', orgEn: 'Omega Metals', orgZh: '欧米伽金属' }, link: `/console/suppliers/${omega.id}` })
    expect(n.params).not.toHaveProperty('org')
  })

  it('works once: the same link again is refused and changes nothing', async () => {
    const olga = await userByEmail('olga@omega.test')
    const live = await db().select().from(authTokens).where(and(eq(authTokens.userId, olga.id), isNull(authTokens.usedAt)))
    expect(live).toEqual([])
    const token = await inviteTokenFor('olga@omega.test')
    expect((await call(acceptLoader, { actor: null, url: `/invite/${token}`, params: { token } })).status).toBe(410)
    expect(await acceptInvitation(token, 'another-passphrase', { ip: '127.0.0.1' })).toEqual({ ok: false })
    const after = await userByEmail('olga@omega.test')
    expect(after.passwordHash).toBe(olga.passwordHash)
    expect(await auditRows('user.invitation_accepted', olga.id)).toHaveLength(1)
  })

  it('of two concurrent uses of one link, exactly one signs in', async () => {
    const admin = await actorFor('admin@acme.test')
    await call(newStaffAction, { actor: admin, url: '/console/users/new', fields: { name: 'Tom Twice', email: 'tom@acme.test', locale: 'en', roles: ['buyer'] } })
    const token = await inviteTokenFor('tom@acme.test')
    const results = await Promise.all([
      acceptInvitation(token, 'first-passphrase-1', { ip: '10.0.0.1' }),
      acceptInvitation(token, 'second-passphrase-2', { ip: '10.0.0.2' }),
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    const tom = await userByEmail('tom@acme.test')
    const winner = results.find((r) => r.ok)!
    expect(winner).toMatchObject({ surface: 'console' })
    const password = results[0].ok ? 'first-passphrase-1' : 'second-passphrase-2'
    expect(await verifyPassword(tom.passwordHash!, password)).toBe(true)
    expect(await auditRows('user.invitation_accepted', tom.id)).toHaveLength(1)
    // A dead link answers like an unknown one, through the page too.
    const page = await accept(token, { password: PASSWORD, confirm: PASSWORD })
    expect(page.status).toBe(410)
    expect(fieldErrors(page)['']).toEqual(['parties:accept.invalidTitle'])
  })

  it('a colleague joining notifies the admin who invited them and the other admins, and ends the session the browser came with', async () => {
    // Olga (now a supplier admin) invites a colleague; a second admin exists in her organization.
    const olga = await actorFor('olga@omega.test')
    await call(newColleagueAction, { actor: olga, url: '/supplier/users/new', fields: { name: 'Oscar Ou', email: 'oscar@omega.test', locale: 'en', role: 'supplier_admin' } })
    const oscarToken = await inviteTokenFor('oscar@omega.test')
    await accept(oscarToken, { password: PASSWORD, confirm: PASSWORD })
    await call(newColleagueAction, { actor: olga, url: '/supplier/users/new', fields: { name: 'Otto Ou', email: 'otto@omega.test', locale: 'zh-CN', role: 'supplier_user' } })
    // Oscar, an admin, was told that Olga invited Otto.
    const [invitedNote] = await notificationsOf('oscar@omega.test', 'user.invited')
    expect(invitedNote.params).toMatchObject({ inviter: 'Olga Ou', email: 'otto@omega.test', orgEn: 'Omega Metals', orgZh: '欧米伽金属' })

    const someoneElse = await actorFor('amy@bright.test')
    const token = await inviteTokenFor('otto@omega.test')
    const answer = await accept(token, { password: PASSWORD, confirm: PASSWORD }, someoneElse.sessionId)
    expect(answer.status).toBe(302)
    expect(await validateSession(tokenOf(someoneElse))).toBeNull()

    const otto = await userByEmail('otto@omega.test')
    for (const email of ['olga@omega.test', 'oscar@omega.test']) {
      const notes = await notificationsOf(email, 'org.user_added')
      const aboutOtto = notes.filter((n) => n.params.name === 'Otto Ou')
      expect(aboutOtto, email).toHaveLength(1)
      expect(aboutOtto[0].link).toBe(`/supplier/users/${otto.id}`)
    }
    // Plain users are not told.
    expect(await notificationsOf('otto@omega.test', 'org.user_added')).toEqual([])
  })

  it('a link for a deactivated organization or user does not work', async () => {
    const admin = await actorFor('admin@acme.test')
    await call(newStaffAction, { actor: admin, url: '/console/users/new', fields: { name: 'Ivy Idle', email: 'ivy@acme.test', locale: 'en', roles: ['sales'] } })
    const token = await inviteTokenFor('ivy@acme.test')
    await db().update(users).set({ status: 'inactive' }).where(eq(users.email, 'ivy@acme.test'))
    expect((await call(acceptLoader, { actor: null, url: `/invite/${token}`, params: { token } })).status).toBe(410)
    expect(await acceptInvitation(token, PASSWORD, { ip: '127.0.0.1' })).toEqual({ ok: false })
    expect((await userByEmail('ivy@acme.test')).passwordHash).toBeNull()
  })
})
