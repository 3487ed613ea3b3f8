import { randomUUID } from 'node:crypto'
import { and, eq, isNull } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, authTokens, notifications, users } from '~db/schema'
import { actorFromSession } from '~/auth/actor.server'
import { validateSession } from '~/auth/session.server'
import type { Actor } from '~/auth/roles'
import { changeUserRoles } from '~/domain/parties/change-user-roles.server'
import { inviteUser } from '~/domain/parties/invite-user.server'
import { deactivateUser, reactivateUser } from '~/domain/parties/set-user-status.server'
import { DomainError } from '~/utils/errors'
import { loader as staffListLoader } from '~/routes/console.users._index'
import { action as newStaffAction, loader as newStaffLoader } from '~/routes/console.users.new'
import { action as staffUserAction, loader as staffUserLoader } from '~/routes/console.users.$userId'
import { loader as colleaguesLoader } from '../../../portal-supplier/routes/users'
import { action as newColleagueAction, loader as newColleagueLoader } from '../../../portal-supplier/routes/users.new'
import { action as colleagueAction, loader as colleagueLoader } from '../../../portal-supplier/routes/users.$id'
import { action as dealerColleagueAction, loader as dealerColleagueLoader } from '../../../portal-customer/routes/users.$id'
import { actorFor, tokenOf } from '../../support/actors'
import { auditRows, call, counts, fieldErrors, ORIGIN, usePartiesDatabase, userByEmail } from './helpers'

usePartiesDatabase('people')

const meta = { ip: '127.0.0.1', origin: ORIGIN }
const staffUser = (userId: string, fields: Record<string, string | string[]>, actor: Awaited<ReturnType<typeof actorFor>>) =>
  call(staffUserAction, { actor, url: `/console/users/${userId}`, params: { userId }, fields })

describe('console: staff users', () => {
  it('is for admins only', async () => {
    const manager = await actorFor('buyer.manager@acme.test')
    expect((await call(staffListLoader, { actor: manager, url: '/console/users' })).status).toBe(403)
    expect((await call(newStaffLoader, { actor: manager, url: '/console/users/new' })).status).toBe(403)
    const before = await counts()
    const tried = await call(newStaffAction, { actor: manager, url: '/console/users/new', fields: { name: 'X', email: 'x@acme.test', locale: 'en', roles: ['admin'] } })
    expect(tried.status).toBe(403)
    expect(await counts()).toEqual(before)
    const supplier = await actorFor('alice@bright.test')
    expect((await call(staffListLoader, { actor: supplier, url: '/console/users' })).status).toBe(403)
  })

  it('lists only the host’s people, searchable, without password hashes', async () => {
    const admin = await actorFor('admin@acme.test')
    const list = await call(staffListLoader, { actor: admin, url: '/console/users?size=50' })
    expect(list.body.total).toBe(7)
    expect(list.body.rows.every((p: any) => p.email.endsWith('@acme.test'))).toBe(true)
    expect(JSON.stringify(list.body)).not.toMatch(/passwordHash|\$argon2/)
    const found = await call(staffListLoader, { actor: admin, url: '/console/users?q=FINANCE' })
    expect(found.body.rows.map((p: any) => p.email)).toEqual(['finance@acme.test'])
  })

  it('invites a staff user with several roles', async () => {
    const admin = await actorFor('admin@acme.test')
    const answer = await call(newStaffAction, {
      actor: admin,
      url: '/console/users/new',
      fields: { name: 'Sam Shi', email: 'sam@acme.test', locale: 'zh-CN', roles: ['buyer', 'sales', 'buyer'] },
    })
    expect(answer.status).toBe(302)
    const sam = await userByEmail('sam@acme.test')
    expect(answer.location).toBe(`/console/users/${sam.id}`)
    expect(sam).toMatchObject({ status: 'invited', roles: ['buyer', 'sales'], locale: 'zh-CN' })
    expect(await auditRows('user.invited', sam.id)).toHaveLength(1)
  })

  it('needs at least one host role and nothing else', async () => {
    const admin = await actorFor('admin@acme.test')
    const before = await counts()
    const none = await call(newStaffAction, { actor: admin, url: '/console/users/new', fields: { name: 'No Role', email: 'norole@acme.test', locale: 'en' } })
    expect(none.status).toBe(400)
    expect(fieldErrors(none).roles).toEqual(['parties:errors.rolesRequired'])
    const partnerRole = await call(newStaffAction, { actor: admin, url: '/console/users/new', fields: { name: 'P', email: 'p@acme.test', locale: 'en', roles: ['supplier_admin'] } })
    expect(partnerRole.status).toBe(400)
    const orgId = await call(newStaffAction, {
      actor: admin,
      url: '/console/users/new',
      fields: { name: 'P', email: 'p@acme.test', locale: 'en', roles: ['buyer'], orgId: (await userByEmail('alice@bright.test')).orgId },
    })
    expect(orgId.status).toBe(400)
    expect(await counts()).toEqual(before)
  })

  it('refuses an e-mail any user already has, whatever its case, next to the field', async () => {
    const admin = await actorFor('admin@acme.test')
    const before = await counts()
    const answer = await call(newStaffAction, { actor: admin, url: '/console/users/new', fields: { name: 'Dup', email: ' Dave@North.test ', locale: 'en', roles: ['sales'] } })
    expect(answer.status).toBe(409)
    // The host may know whose address it is; the message says what to do.
    expect(fieldErrors(answer).email).toEqual(['parties:errors.emailInOtherOrg'])
    const own = await call(newStaffAction, { actor: admin, url: '/console/users/new', fields: { name: 'Dup', email: 'FINANCE@acme.test', locale: 'en', roles: ['sales'] } })
    expect(own.status).toBe(409)
    expect(fieldErrors(own).email).toEqual(['parties:errors.alreadyMember'])
    expect(await counts()).toEqual(before)
  })

  it('makes one user of concurrent invitations of the same e-mail', async () => {
    const admin = await actorFor('admin@acme.test')
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        inviteUser(admin, { kind: 'own' }, { name: `Racer ${i}`, email: 'racer@acme.test', locale: 'en', roles: ['finance'] }, meta),
      ),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect(r.reason).toBeInstanceOf(DomainError)
      expect((r.reason as DomainError).fieldErrors).toEqual({ email: ['parties:errors.alreadyMember'] })
    }
    expect(await db().select().from(users).where(eq(users.email, 'racer@acme.test'))).toHaveLength(1)
    expect(await auditRows('user.invited', (await userByEmail('racer@acme.test')).id)).toHaveLength(1)
  })

  it('changes roles with an audit row of before and after', async () => {
    const admin = await actorFor('admin@acme.test')
    const buyer = await userByEmail('buyer@acme.test')
    const answer = await staffUser(buyer.id, { intent: 'roles', roles: ['buyer', 'buyer_manager'] }, admin)
    expect(answer.status).toBe(302)
    expect((await userByEmail('buyer@acme.test')).roles.sort()).toEqual(['buyer', 'buyer_manager'])
    const [row] = await auditRows('user.roles_changed', buyer.id)
    expect(row).toMatchObject({ before: { roles: ['buyer'] }, after: { roles: ['buyer', 'buyer_manager'] } })
    const empty = await staffUser(buyer.id, { intent: 'roles' }, admin)
    expect(empty.status).toBe(400)
    // The same roles again (in another order) write nothing and say so, rather than "Roles saved".
    const before = await counts()
    const same = await staffUser(buyer.id, { intent: 'roles', roles: ['buyer_manager', 'buyer'] }, admin)
    expect(same.status).toBe(302)
    expect(decodeURIComponent(/toast=([^;]*)/.exec(same.setCookie ?? '')?.[1] ?? '')).toContain('parties:toast.rolesUnchanged')
    expect(await counts()).toEqual(before)
    expect(await auditRows('user.roles_changed', buyer.id)).toHaveLength(1)
  })

  it('keeps the last active admin: no self-deactivation, no removing the admin role from the only admin', async () => {
    const admin = await actorFor('admin@acme.test')
    const self = await staffUser(admin.userId, { intent: 'deactivate' }, admin)
    expect(self.status).toBe(422)
    expect(fieldErrors(self)['']).toEqual(['parties:errors.cannotDeactivateSelf'])
    const demote = await staffUser(admin.userId, { intent: 'roles', roles: ['buyer'] }, admin)
    expect(demote.status).toBe(422)
    expect(fieldErrors(demote)['']).toEqual(['parties:errors.lastAdmin'])
    expect((await userByEmail('admin@acme.test'))).toMatchObject({ status: 'active', roles: ['admin'] })
    // With a second admin, one may step down.
    const sales = await userByEmail('sales@acme.test')
    await staffUser(sales.id, { intent: 'roles', roles: ['admin', 'sales'] }, admin)
    expect((await staffUser(admin.userId, { intent: 'roles', roles: ['admin', 'finance'] }, admin)).status).toBe(302)
  })

  it('of two admins deactivating each other at the same moment, one stays', async () => {
    const wang = await actorFor('admin@acme.test')
    const liu = await actorFor('sales@acme.test') // an admin since the test above
    const results = await Promise.allSettled([deactivateUser(wang, { kind: 'own' }, liu.userId, meta), deactivateUser(liu, { kind: 'own' }, wang.userId, meta)])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!
    expect((rejected.reason as DomainError).messageKey).toBe('parties:errors.lastAdmin')
    const activeAdmins = (await db().select().from(users).where(eq(users.status, 'active'))).filter((u) => u.roles.includes('admin'))
    expect(activeAdmins).toHaveLength(1)
    // Put things back for the tests that follow.
    const survivor = activeAdmins[0].email === 'admin@acme.test' ? wang : liu
    const other = survivor === wang ? liu : wang
    await call(staffUserAction, { actor: await actorFor(survivor.email), url: '/', params: { userId: other.userId }, fields: { intent: 'reactivate' } })
    expect((await userByEmail(other.email)).status).toBe('active')
  })

  it('deactivation ends the person’s sessions at once; reactivation lets them sign in again', async () => {
    const admin = await actorFor('admin@acme.test')
    const finance = await actorFor('finance@acme.test')
    const second = await actorFor('finance@acme.test')
    const answer = await staffUser(finance.userId, { intent: 'deactivate' }, admin)
    expect(answer.status).toBe(302)
    for (const s of [tokenOf(finance), tokenOf(second)]) {
      expect(await validateSession(s)).toBeNull()
      expect(await actorFromSession(s)).toBeNull()
    }
    const [row] = await auditRows('user.deactivated', finance.userId)
    expect(row).toMatchObject({ actorUserId: admin.userId, before: { status: 'active' }, after: { status: 'inactive' } })
    expect((await staffUser(finance.userId, { intent: 'deactivate' }, admin)).status).toBe(422)
    expect((await staffUser(finance.userId, { intent: 'reactivate' }, admin)).status).toBe(302)
    expect((await userByEmail('finance@acme.test')).status).toBe('active')
    expect(await auditRows('user.reactivated', finance.userId)).toHaveLength(1)
  })

  it('deactivating someone still invited kills their link; reactivating makes them invited again', async () => {
    const admin = await actorFor('admin@acme.test')
    const sam = await userByEmail('sam@acme.test')
    await staffUser(sam.id, { intent: 'deactivate' }, admin)
    expect(await db().select().from(authTokens).where(and(eq(authTokens.userId, sam.id), isNull(authTokens.usedAt)))).toEqual([])
    await staffUser(sam.id, { intent: 'reactivate' }, admin)
    expect((await userByEmail('sam@acme.test')).status).toBe('invited')
    expect((await staffUser(sam.id, { intent: 'resend' }, admin)).status).toBe(302)
  })

  it('reaches no partner’s people through the staff pages', async () => {
    const admin = await actorFor('admin@acme.test')
    const amy = await userByEmail('amy@bright.test')
    expect((await call(staffUserLoader, { actor: admin, url: `/console/users/${amy.id}`, params: { userId: amy.id } })).status).toBe(404)
    expect((await staffUser(amy.id, { intent: 'deactivate' }, admin)).status).toBe(404)
    expect((await userByEmail('amy@bright.test')).status).toBe('active')
  })
})

describe('portal: a partner admin’s colleagues', () => {
  it('lists only the admin’s own organization', async () => {
    const alice = await actorFor('alice@bright.test')
    const list = await call(colleaguesLoader, { actor: alice, url: '/supplier/users' })
    expect(list.body.rows.map((p: any) => p.email).sort()).toEqual(['alice@bright.test', 'amy@bright.test'])
    const search = await call(colleaguesLoader, { actor: alice, url: '/supplier/users?q=bob' })
    expect(search.body.total).toBe(0)
  })

  it('refuses plain partner users (403) and people of the other portal', async () => {
    const amy = await actorFor('amy@bright.test')
    const alice = await userByEmail('alice@bright.test')
    const before = await counts()
    expect((await call(colleaguesLoader, { actor: amy, url: '/supplier/users' })).status).toBe(403)
    expect((await call(newColleagueLoader, { actor: amy, url: '/supplier/users/new' })).status).toBe(403)
    expect((await call(colleagueLoader, { actor: amy, url: `/supplier/users/${alice.id}`, params: { id: alice.id } })).status).toBe(403)
    const tried = await call(colleagueAction, { actor: amy, url: `/supplier/users/${alice.id}`, params: { id: alice.id }, fields: { intent: 'deactivate' } })
    expect(tried.status).toBe(403)
    const invite = await call(newColleagueAction, { actor: amy, url: '/supplier/users/new', fields: { name: 'A', email: 'a@bright.test', locale: 'en', role: 'supplier_user' } })
    expect(invite.status).toBe(403)
    const dave = await actorFor('dave@north.test')
    const otherPortal = await call(colleaguesLoader, { actor: dave, url: '/supplier/users' })
    expect(otherPortal.status).toBe(403)
    expect(await counts()).toEqual(before)
    // The 403 tells a plain user the page is the admins' (the error page reads it), not another workspace's.
    const refused = await call(colleaguesLoader, { actor: amy, url: '/supplier/users' })
    expect(JSON.parse(refused.body)).toEqual({ adminOnly: 'colleagues' })
    expect(JSON.parse((await call(newColleagueLoader, { actor: amy, url: '/supplier/users/new' })).body)).toEqual({ adminOnly: 'colleagues' })
    expect(otherPortal.body).toBe('您无权执行此操作。') // in the reader's language, like the page around it
    expect((await userByEmail('alice@bright.test')).status).toBe('active')
  })

  it('answers 404 for another organization’s person by id and changes nothing', async () => {
    const alice = await actorFor('alice@bright.test')
    const ben = await userByEmail('ben@precision.test')
    const dora = await userByEmail('dora@north.test')
    const staff = await userByEmail('buyer@acme.test')
    for (const target of [ben, dora, staff]) {
      const page = await call(colleagueLoader, { actor: alice, url: `/supplier/users/${target.id}`, params: { id: target.id } })
      expect(page.status).toBe(404)
      expect(page.body).not.toContain(target.email)
      for (const intent of ['deactivate', 'reactivate', 'resend']) {
        const answer = await call(colleagueAction, { actor: alice, url: `/supplier/users/${target.id}`, params: { id: target.id }, fields: { intent } })
        expect(answer.status, `${intent} ${target.email}`).toBe(404)
      }
    }
    expect((await userByEmail('ben@precision.test')).status).toBe('active')
    expect((await userByEmail('dora@north.test')).status).toBe('active')
    // The dealer portal's pages are scoped the same way.
    const dave = await actorFor('dave@north.test')
    const eric = await userByEmail('eric@east.test')
    expect((await call(dealerColleagueLoader, { actor: dave, url: `/dealer/users/${eric.id}`, params: { id: eric.id } })).status).toBe(404)
    expect((await call(dealerColleagueAction, { actor: dave, url: `/dealer/users/${eric.id}`, params: { id: eric.id }, fields: { intent: 'deactivate' } })).status).toBe(404)
    expect((await userByEmail('eric@east.test')).status).toBe('active')
    // A malformed id is simply not found.
    expect((await call(colleagueLoader, { actor: alice, url: '/supplier/users/1%27%20or%201=1', params: { id: "1' or 1=1" } })).status).toBe(404)
  })

  it('refuses fields a partner may not set (an org, roles, a host role) with 400 and writes nothing', async () => {
    const alice = await actorFor('alice@bright.test')
    const precision = (await userByEmail('bob@precision.test')).orgId
    const before = await counts()
    const base = { name: 'Pat Park', email: 'pat@bright.test', locale: 'en' }
    for (const fields of [
      { ...base, role: 'supplier_user', orgId: precision },
      { ...base, role: 'supplier_user', roles: 'supplier_admin' },
      { ...base, role: 'admin' },
      { ...base, role: 'dealer_admin' },
      { ...base, role: 'supplier_user', status: 'active' },
    ]) {
      const answer = await call(newColleagueAction, { actor: alice, url: '/supplier/users/new', fields })
      expect(answer.status, JSON.stringify(fields)).toBe(400)
    }
    const amy = await userByEmail('amy@bright.test')
    const withOrg = await call(colleagueAction, { actor: alice, url: `/supplier/users/${amy.id}`, params: { id: amy.id }, fields: { intent: 'deactivate', orgId: precision } })
    expect(withOrg.status).toBe(400)
    expect(await counts()).toEqual(before)
    expect(await userByEmail('pat@bright.test')).toBeUndefined()
  })

  it('invites a colleague into the admin’s own organization only', async () => {
    const alice = await actorFor('alice@bright.test')
    const answer = await call(newColleagueAction, {
      actor: alice,
      url: '/supplier/users/new',
      fields: { name: 'Pat Park', email: 'pat@bright.test', locale: 'en', role: 'supplier_user' },
    })
    expect(answer.status).toBe(302)
    const pat = await userByEmail('pat@bright.test')
    expect(pat).toMatchObject({ orgId: alice.orgId, roles: ['supplier_user'], status: 'invited' })
    expect(answer.location).toBe('/supplier/users')
    // A colleague already in the organization: said plainly, next to the field.
    const member = await call(newColleagueAction, { actor: alice, url: '/supplier/users/new', fields: { name: 'A', email: 'AMY@bright.test', locale: 'en', role: 'supplier_user' } })
    expect(member.status).toBe(409)
    expect(fieldErrors(member).email).toEqual(['parties:errors.alreadyMember'])
  })

  it('answers an address of another organization as any invitation, sending and writing nothing but a denied audit row', async () => {
    const alice = await actorFor('alice@bright.test')
    const invite = (email: string) => call(newColleagueAction, { actor: alice, url: '/supplier/users/new', fields: { name: 'Someone', email, locale: 'en', role: 'supplier_user' } })
    const toastOf = (a: { setCookie?: string | null }, email: string) => decodeURIComponent(/toast=([^;]*)/.exec(a.setCookie ?? '')?.[1] ?? '').replace(email, '<email>')
    const fresh = await invite('newcomer@bright.test')
    const before = await counts()
    const deniedBefore = await db().select().from(auditLog).where(and(eq(auditLog.outcome, 'denied'), eq(auditLog.action, 'user.invite')))
    const taken = await invite('Dave@North.test')
    // Same status, same place, same message as the invitation that went out.
    expect(taken.status).toBe(fresh.status)
    expect(taken.location).toBe(fresh.location)
    expect(toastOf(taken, 'dave@north.test')).toBe(toastOf(fresh, 'newcomer@bright.test'))
    expect(toastOf(taken, 'dave@north.test')).toContain('parties:toast.invited')
    // Nothing else: no user, link, mail or bell, and Dave stays where he is.
    expect(await counts()).toEqual(before)
    expect(await userByEmail('dave@north.test')).toMatchObject({ orgId: (await actorFor('dave@north.test')).orgId, status: 'active' })
    const denied = await db().select().from(auditLog).where(and(eq(auditLog.outcome, 'denied'), eq(auditLog.action, 'user.invite')))
    expect(denied).toHaveLength(deniedBefore.length + 1)
    expect(denied.at(-1)).toMatchObject({ actorUserId: alice.userId, entityType: 'user', entityId: (await userByEmail('dave@north.test')).id, after: { email: 'dave@north.test', reason: 'email_in_other_organization' } })
  })

  it('deactivates and reactivates a colleague, but never themself; deactivation ends their sessions', async () => {
    const alice = await actorFor('alice@bright.test')
    const amy = await actorFor('amy@bright.test')
    const self = await call(colleagueAction, { actor: alice, url: `/supplier/users/${alice.userId}`, params: { id: alice.userId }, fields: { intent: 'deactivate' } })
    expect(self.status).toBe(422)
    expect(fieldErrors(self)['']).toEqual(['parties:errors.cannotDeactivateSelf'])
    const off = await call(colleagueAction, { actor: alice, url: `/supplier/users/${amy.userId}`, params: { id: amy.userId }, fields: { intent: 'deactivate' } })
    expect(off.status).toBe(302)
    expect(await validateSession(tokenOf(amy))).toBeNull()
    expect((await userByEmail('amy@bright.test')).status).toBe('inactive')
    const [row] = await auditRows('user.deactivated', amy.userId)
    expect(row).toMatchObject({ actorUserId: alice.userId, actorOrgId: alice.orgId, before: { status: 'active' }, after: { status: 'inactive' } })
    const on = await call(colleagueAction, { actor: alice, url: `/supplier/users/${amy.userId}`, params: { id: amy.userId }, fields: { intent: 'reactivate' } })
    expect(on.status).toBe(302)
    expect((await userByEmail('amy@bright.test')).status).toBe('active')
    // Someone who has accepted cannot be sent a new invitation.
    const resend = await call(colleagueAction, { actor: alice, url: `/supplier/users/${amy.userId}`, params: { id: amy.userId }, fields: { intent: 'resend' } })
    expect(resend.status).toBe(422)
  })
})

describe('portal: a partner admin changes a colleague’s role', () => {
  const dealerPage = (actor: Actor, userId: string, fields: Record<string, string>) =>
    call(dealerColleagueAction, { actor, url: `/dealer/users/${userId}`, params: { id: userId }, fields })
  const deniedRows = (action: string, entityId: string) =>
    db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.outcome, 'denied'), eq(auditLog.action, action), eq(auditLog.entityId, entityId)))
      .orderBy(auditLog.id)

  it('makes a colleague an admin and back, audited, and tells them live on their bell', async () => {
    const dave = await actorFor('dave@north.test')
    const dora = await userByEmail('dora@north.test')
    const up = await dealerPage(dave, dora.id, { intent: 'role', role: 'dealer_admin' })
    expect(up).toMatchObject({ status: 302, location: `/dealer/users/${dora.id}` })
    expect((await userByEmail('dora@north.test')).roles).toEqual(['dealer_admin'])
    const [row] = await auditRows('user.roles_changed', dora.id)
    expect(row).toMatchObject({ actorUserId: dave.userId, before: { roles: ['dealer_user'] }, after: { roles: ['dealer_admin'] } })
    const notes = await db().select().from(notifications).where(and(eq(notifications.userId, dora.id), eq(notifications.kind, 'user.rolesChanged')))
    expect(notes).toHaveLength(1)
    expect(notes[0].params).toEqual({ by: dave.name })
    // The page now offers her the admin's pages: the guard reads her roles afresh.
    const doraNow = await actorFor('dora@north.test')
    expect((await call(dealerColleagueLoader, { actor: doraNow, url: `/dealer/users/${dave.userId}`, params: { id: dave.userId } })).status).toBe(200)
    const down = await dealerPage(dave, dora.id, { intent: 'role', role: 'dealer_user' })
    expect(down.status).toBe(302)
    expect((await userByEmail('dora@north.test')).roles).toEqual(['dealer_user'])
    expect((await call(dealerColleagueLoader, { actor: await actorFor('dora@north.test'), url: `/dealer/users/${dave.userId}`, params: { id: dave.userId } })).status).toBe(403)
  })

  it('saving a colleague’s role unchanged writes nothing and says nothing changed, in either portal', async () => {
    const toastOf = (a: { setCookie?: string | null }) => decodeURIComponent(/toast=([^;]*)/.exec(a.setCookie ?? '')?.[1] ?? '')
    const alice = await actorFor('alice@bright.test')
    const amy = await userByEmail('amy@bright.test')
    const before = await counts()
    const same = await call(colleagueAction, { actor: alice, url: `/supplier/users/${amy.id}`, params: { id: amy.id }, fields: { intent: 'role', role: 'supplier_user' } })
    expect(same).toMatchObject({ status: 302, location: `/supplier/users/${amy.id}` })
    // It said "amy 现为供应商用户" / "is now Supplier user", as if something had changed.
    expect(toastOf(same)).toContain('parties:toast.roleUnchanged')
    expect(toastOf(same)).not.toContain('roleSaved')
    expect(await counts()).toEqual(before)
    expect(await auditRows('user.roles_changed', amy.id)).toHaveLength(0)
    const dave = await actorFor('dave@north.test')
    const dora = await userByEmail('dora@north.test')
    expect(toastOf(await dealerPage(dave, dora.id, { intent: 'role', role: 'dealer_user' }))).toContain('parties:toast.roleUnchanged')
    // The admin keeping their own admin role stays on the page, told the same.
    const self = await dealerPage(dave, dave.userId, { intent: 'role', role: 'dealer_admin' })
    expect(self).toMatchObject({ status: 302, location: `/dealer/users/${dave.userId}` })
    expect(toastOf(self)).toContain('parties:toast.roleUnchanged')
    expect(await counts()).toEqual(before)
    // A real change still says what the role is now.
    expect(toastOf(await dealerPage(dave, dora.id, { intent: 'role', role: 'dealer_admin' }))).toContain('parties:toast.roleSaved')
    await dealerPage(dave, dora.id, { intent: 'role', role: 'dealer_user' })
  })

  it('offers only the roles of the admin’s own kind of organization', async () => {
    const dave = await actorFor('dave@north.test')
    const dora = await userByEmail('dora@north.test')
    const before = await counts()
    for (const role of ['supplier_admin', 'admin', 'buyer', '']) {
      expect((await dealerPage(dave, dora.id, { intent: 'role', role })).status, role).toBe(400)
    }
    expect((await dealerPage(dave, dora.id, { intent: 'role', role: 'dealer_admin', roles: 'admin' })).status).toBe(400)
    expect(await counts()).toEqual(before)
    expect((await userByEmail('dora@north.test')).roles).toEqual(['dealer_user'])
  })

  it('never leaves the organization without an active admin: the only admin cannot step down; with another, they can', async () => {
    const dave = await actorFor('dave@north.test')
    const dora = await userByEmail('dora@north.test')
    const alone = await dealerPage(dave, dave.userId, { intent: 'role', role: 'dealer_user' })
    expect(alone.status).toBe(422)
    expect(fieldErrors(alone)['']).toEqual(['parties:errors.lastAdmin'])
    expect((await userByEmail('dave@north.test')).roles).toEqual(['dealer_admin'])
    // A deactivated admin does not count: Dora, made admin and deactivated, leaves Dave the only one.
    await dealerPage(dave, dora.id, { intent: 'role', role: 'dealer_admin' })
    await dealerPage(dave, dora.id, { intent: 'deactivate' })
    expect((await dealerPage(dave, dave.userId, { intent: 'role', role: 'dealer_user' })).status).toBe(422)
    await dealerPage(dave, dora.id, { intent: 'reactivate' })
    // Now there are two: Dave steps down and lands on his portal's home (the colleague pages are the admins').
    const stepDown = await dealerPage(dave, dave.userId, { intent: 'role', role: 'dealer_user' })
    expect(stepDown).toMatchObject({ status: 302, location: '/dealer' })
    expect((await userByEmail('dave@north.test')).roles).toEqual(['dealer_user'])
    // Dora, the admin now, puts things back.
    const doraAdmin = await actorFor('dora@north.test')
    expect((await dealerPage(doraAdmin, dave.userId, { intent: 'role', role: 'dealer_admin' })).status).toBe(302)
  })

  it('of two admins demoting or deactivating each other at the same moment, one stays an active admin', async () => {
    const dave = await actorFor('dave@north.test')
    const dora = await actorFor('dora@north.test') // an admin since the test above
    expect([...dora.roles]).toContain('dealer_admin')
    const orgAdmins = async () => (await db().select().from(users).where(and(eq(users.orgId, dave.orgId), eq(users.status, 'active')))).filter((u) => u.roles.includes('dealer_admin'))
    const demotions = await Promise.allSettled([
      changeUserRoles(dave, { kind: 'own' }, dave.userId, ['dealer_user'], meta),
      changeUserRoles(dora, { kind: 'own' }, dora.userId, ['dealer_user'], meta),
    ])
    expect(demotions.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect((demotions.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason as DomainError).messageKey).toBe('parties:errors.lastAdmin')
    expect(await orgAdmins()).toHaveLength(1)
    // Put both back as admins, then try deactivation both ways at once.
    const [survivor] = await orgAdmins()
    const other = survivor.id === dave.userId ? dora : dave
    await changeUserRoles(await actorFor(survivor.email), { kind: 'own' }, other.userId, ['dealer_admin'], meta)
    const [a, b] = [await actorFor('dave@north.test'), await actorFor('dora@north.test')]
    const deactivations = await Promise.allSettled([deactivateUser(a, { kind: 'own' }, b.userId, meta), deactivateUser(b, { kind: 'own' }, a.userId, meta)])
    expect(deactivations.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect((deactivations.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason as DomainError).messageKey).toBe('parties:errors.lastAdmin')
    expect(await orgAdmins()).toHaveLength(1)
    // Back to the demo's state: Dave the admin, Dora a user, both active.
    const [left] = await orgAdmins()
    const leftActor = await actorFor(left.email)
    const gone = left.id === a.userId ? b : a
    await reactivateUser(leftActor, { kind: 'own' }, gone.userId, meta)
    if (left.email !== 'dave@north.test') await changeUserRoles(leftActor, { kind: 'own' }, a.userId, ['dealer_admin'], meta)
    await changeUserRoles(await actorFor('dave@north.test'), { kind: 'own' }, b.userId, ['dealer_user'], meta)
    expect((await userByEmail('dave@north.test'))).toMatchObject({ status: 'active', roles: ['dealer_admin'] })
    expect((await userByEmail('dora@north.test'))).toMatchObject({ status: 'active', roles: ['dealer_user'] })
  })

  it('answers 404 for another organization’s person, leaving a denied audit row for each attempt', async () => {
    const dave = await actorFor('dave@north.test')
    const eric = await userByEmail('eric@east.test')
    const amy = await userByEmail('amy@bright.test')
    const unknown = randomUUID()
    const attempts: [Record<string, string>, string][] = [
      [{ intent: 'role', role: 'dealer_admin' }, 'user.roles_change'],
      [{ intent: 'deactivate' }, 'user.deactivate'],
      [{ intent: 'reactivate' }, 'user.reactivate'],
      [{ intent: 'resend' }, 'user.invitation_resend'],
    ]
    for (const id of [eric.id, amy.id, unknown]) {
      const viewsBefore = (await deniedRows('user.view', id)).length
      const page = await call(dealerColleagueLoader, { actor: dave, url: `/dealer/users/${id}`, params: { id } })
      expect(page.status).toBe(404)
      expect(await deniedRows('user.view', id)).toHaveLength(viewsBefore + 1)
      for (const [fields, action] of attempts) {
        const before = (await deniedRows(action, id)).length
        expect((await dealerPage(dave, id, fields)).status, `${action} ${id}`).toBe(404)
        const rows = await deniedRows(action, id)
        expect(rows, `${action} ${id}`).toHaveLength(before + 1)
        expect(rows.at(-1)).toMatchObject({ actorUserId: dave.userId, actorOrgId: dave.orgId, actorKind: 'dealer', entityType: 'user', ip: '127.0.0.1' })
      }
    }
    expect((await userByEmail('eric@east.test'))).toMatchObject({ status: 'active', roles: ['dealer_user'] })
    // Their own colleagues' pages and a malformed id write no such row.
    const dora = await userByEmail('dora@north.test')
    const denied = await db().select().from(auditLog).where(eq(auditLog.outcome, 'denied'))
    expect((await call(dealerColleagueLoader, { actor: dave, url: `/dealer/users/${dora.id}`, params: { id: dora.id } })).status).toBe(200)
    expect((await call(dealerColleagueLoader, { actor: dave, url: '/dealer/users/nope', params: { id: 'nope' } })).status).toBe(404)
    expect(await db().select().from(auditLog).where(eq(auditLog.outcome, 'denied'))).toHaveLength(denied.length)
  })
})
