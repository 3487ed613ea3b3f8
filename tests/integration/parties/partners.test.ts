import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { authTokens, organizations, sessions, users } from '~db/schema'
import { validateSession } from '~/auth/session.server'
import { actorFromSession } from '~/auth/actor.server'
import { action as newSupplierAction } from '~/routes/console.suppliers.new'
import { action as newDealerAction } from '~/routes/console.dealers.new'
import { loader as suppliersLoader } from '~/routes/console.suppliers._index'
import { loader as dealersLoader } from '~/routes/console.dealers._index'
import { action as supplierAction, loader as supplierLoader } from '~/routes/console.suppliers.$orgId'
import { action as dealerAction } from '~/routes/console.dealers.$orgId'
import { actorFor, tokenOf } from '../../support/actors'
import { auditRows, call, counts, fieldErrors, mailsTo, ORIGIN, usePartiesDatabase, userByEmail } from './helpers'

usePartiesDatabase('partners')

const newSupplier = (over: Record<string, string> = {}) => ({
  code: 'sup-delta',
  nameEn: 'Delta Plastics',
  nameZh: '德尔塔塑料有限公司',
  region: 'South China',
  adminName: 'Dana Deng',
  adminEmail: 'Dana@Delta.test',
  adminLocale: 'en',
  ...over,
})

async function orgByCode(code: string) {
  const [o] = await db().select().from(organizations).where(eq(organizations.code, code))
  return o
}

describe('console: partner organizations', () => {
  it('creates the organization and invites its first admin in one go: org, invited user, link, mail and audit rows', async () => {
    const admin = await actorFor('admin@acme.test')
    const answer = await call(newSupplierAction, { actor: admin, url: '/console/suppliers/new', fields: newSupplier() })
    expect(answer.status).toBe(302)
    const org = await orgByCode('SUP-DELTA')
    expect(org).toMatchObject({ kind: 'supplier', nameEn: 'Delta Plastics', status: 'active' })
    expect(answer.location).toBe(`/console/suppliers/${org.id}`)

    const invitee = await userByEmail('dana@delta.test')
    expect(invitee).toMatchObject({ orgId: org.id, status: 'invited', roles: ['supplier_admin'], locale: 'en', passwordHash: null })
    const tokens = await db().select().from(authTokens).where(eq(authTokens.userId, invitee.id))
    expect(tokens).toHaveLength(1)
    expect(tokens[0]).toMatchObject({ purpose: 'invite', usedAt: null, createdBy: admin.userId })

    const [mail] = await mailsTo('dana@delta.test')
    expect(mail.subject).toContain('Wang Min') // the inviter, in the invitee's language (English)
    expect(mail.text).toContain('Delta Plastics')
    expect(mail.text).toMatch(new RegExp(`${ORIGIN}/invite/[A-Za-z0-9_-]{40,}`))
    // Only the hash of the link is stored.
    const rawToken = mail.text.match(/\/invite\/([A-Za-z0-9_-]+)/)![1]
    expect(tokens[0].tokenHash).not.toContain(rawToken)

    const [created] = await auditRows('organization.created', org.id)
    expect(created).toMatchObject({ actorUserId: admin.userId, before: null, after: { code: 'SUP-DELTA', kind: 'supplier', status: 'active' } })
    const [invited] = await auditRows('user.invited', invitee.id)
    expect(invited).toMatchObject({ actorUserId: admin.userId, after: { email: 'dana@delta.test', status: 'invited', roles: ['supplier_admin'] } })
  })

  it('writes nothing at all when the first admin’s e-mail is taken, and says so next to the field', async () => {
    const admin = await actorFor('admin@acme.test')
    const before = await counts()
    const answer = await call(newSupplierAction, {
      actor: admin,
      url: '/console/suppliers/new',
      fields: newSupplier({ code: 'SUP-EPSILON', adminEmail: 'ALICE@bright.test' }),
    })
    expect(answer.status).toBe(409)
    expect(fieldErrors(answer).adminEmail).toEqual(['parties:errors.emailInOtherOrg'])
    expect(await orgByCode('SUP-EPSILON')).toBeUndefined()
    expect(await counts()).toEqual(before)
  })

  it('refuses a code already in use with a field message', async () => {
    const admin = await actorFor('admin@acme.test')
    const answer = await call(newDealerAction, {
      actor: admin,
      url: '/console/dealers/new',
      fields: newSupplier({ code: 'DLR-NORTH', adminEmail: 'someone@elsewhere.test' }),
    })
    expect(answer.status).toBe(409)
    expect(fieldErrors(answer).code).toEqual(['errors:field.duplicate'])
    expect(await userByEmail('someone@elsewhere.test')).toBeUndefined()
  })

  it('refuses unknown fields (a status, an org id) with 400 and writes nothing', async () => {
    const admin = await actorFor('admin@acme.test')
    const before = await counts()
    for (const extra of [{ status: 'inactive' }, { orgId: '00000000-0000-0000-0000-000000000000' }, { kind: 'host' }] as Record<string, string>[]) {
      const answer = await call(newSupplierAction, {
        actor: admin,
        url: '/console/suppliers/new',
        fields: newSupplier({ code: 'SUP-ZETA', adminEmail: 'zeta@zeta.test', ...extra }),
      })
      expect(answer.status).toBe(400)
      expect(JSON.stringify(fieldErrors(answer))).toContain('errors:field.unknownField')
    }
    expect(await counts()).toEqual(before)
  })

  it('lets buyers look but not create or change (partners.manage), and keeps dealers out', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const list = await call(suppliersLoader, { actor: buyer, url: '/console/suppliers?q=bright' })
    expect(list.status).toBe(200)
    expect(list.body.rows.map((r: any) => r.code)).toEqual(['SUP-BRIGHT'])
    expect(list.body.canManage).toBe(false)
    const created = await call(newSupplierAction, { actor: buyer, url: '/console/suppliers/new', fields: newSupplier({ code: 'SUP-BUYER', adminEmail: 'b@b.test' }) })
    expect(created.status).toBe(403)
    const bright = await orgByCode('SUP-BRIGHT')
    const deactivate = await call(supplierAction, { actor: buyer, url: `/console/suppliers/${bright.id}`, params: { orgId: bright.id }, fields: { intent: 'deactivate-org' } })
    expect(deactivate.status).toBe(403)
    expect((await orgByCode('SUP-BRIGHT')).status).toBe('active')
    const dealer = await actorFor('dave@north.test')
    expect((await call(suppliersLoader, { actor: dealer, url: '/console/suppliers' })).status).toBe(403)
  })

  it('lists each kind on its own page with search, sort, paging and user counts, never the host', async () => {
    const admin = await actorFor('admin@acme.test')
    const dealers = await call(dealersLoader, { actor: admin, url: '/console/dealers?sort=code&dir=desc' })
    expect(dealers.body.rows.map((r: any) => r.code)).toEqual(['DLR-SOUTH', 'DLR-NORTH', 'DLR-EAST'])
    expect(dealers.body.rows.every((r: any) => r.userCount === 2)).toBe(true)
    expect(Object.keys(dealers.body.rows[0]).sort()).toEqual(['code', 'id', 'nameEn', 'nameZh', 'region', 'status', 'userCount'])
    const page2 = await call(suppliersLoader, { actor: admin, url: '/console/suppliers?size=2&page=2&sort=code' })
    expect(page2.body.total).toBeGreaterThanOrEqual(3)
    expect(page2.body.rows).toHaveLength(Math.min(2, page2.body.total - 2))
    const byChineseName = await call(suppliersLoader, { actor: admin, url: `/console/suppliers?q=${encodeURIComponent('精密')}` })
    expect(byChineseName.body.rows.map((r: any) => r.code)).toEqual(['SUP-PRECISION'])
    const wildcard = await call(suppliersLoader, { actor: admin, url: '/console/suppliers?q=%25' })
    expect(wildcard.body.total).toBe(0)
    expect((await call(suppliersLoader, { actor: admin, url: '/console/suppliers?q=ACME' })).body.total).toBe(0)
  })

  it('answers 404 for a dealer opened as a supplier, an unknown id or a malformed one', async () => {
    const admin = await actorFor('admin@acme.test')
    const north = await orgByCode('DLR-NORTH')
    for (const orgId of [north.id, '6f1c2b9e-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expect((await call(supplierLoader, { actor: admin, url: `/console/suppliers/${orgId}`, params: { orgId } })).status).toBe(404)
      const changed = await call(supplierAction, { actor: admin, url: `/console/suppliers/${orgId}`, params: { orgId }, fields: { intent: 'deactivate-org' } })
      expect(changed.status).toBe(404)
    }
    expect((await orgByCode('DLR-NORTH')).status).toBe('active')
  })

  it('shows an organization with its people (no password hashes) and invites another admin', async () => {
    const admin = await actorFor('admin@acme.test')
    const north = await orgByCode('DLR-NORTH')
    const page = await call(supplierLoader, { actor: admin, url: `/console/dealers/${north.id}`, params: { orgId: north.id } })
    expect(page.status).toBe(404) // a dealer is not a supplier
    const { loader: dealerLoader } = await import('~/routes/console.dealers.$orgId')
    const detail = await call(dealerLoader, { actor: admin, url: `/console/dealers/${north.id}`, params: { orgId: north.id } })
    expect(detail.body.org.people.map((p: any) => p.email).sort()).toEqual(['dave@north.test', 'dora@north.test'])
    expect(JSON.stringify(detail.body)).not.toMatch(/password|\$argon2/i)

    const invited = await call(dealerAction, {
      actor: admin,
      url: `/console/dealers/${north.id}`,
      params: { orgId: north.id },
      fields: { intent: 'invite', name: 'Nora North', email: 'nora@north.test', locale: 'zh-CN' },
    })
    expect(invited.status).toBe(302)
    expect(await userByEmail('nora@north.test')).toMatchObject({ orgId: north.id, roles: ['dealer_admin'], status: 'invited' })
    // The organization's admin hears about it on their bell.
    const dave = await userByEmail('dave@north.test')
    const { notifications } = await import('~db/schema')
    const [n] = await db().select().from(notifications).where(and(eq(notifications.userId, dave.id), eq(notifications.kind, 'user.invited')))
    expect(n.params).toMatchObject({ email: 'nora@north.test', inviter: '王敏 Wang Min', orgEn: 'Beijing North Trading', orgZh: '北京北方商贸有限公司' })
  })

  it('resends an invitation: a new link works, the old one does not', async () => {
    const admin = await actorFor('admin@acme.test')
    const north = await orgByCode('DLR-NORTH')
    const nora = await userByEmail('nora@north.test')
    const [first] = await mailsTo('nora@north.test')
    const answer = await call(dealerAction, { actor: admin, url: `/console/dealers/${north.id}`, params: { orgId: north.id }, fields: { intent: 'resend', userId: nora.id } })
    expect(answer.status).toBe(302)
    const mails = await mailsTo('nora@north.test')
    expect(mails).toHaveLength(2)
    expect(mails[0].id).not.toBe(first.id)
    const live = await db().select().from(authTokens).where(and(eq(authTokens.userId, nora.id)))
    expect(live.filter((t) => t.usedAt === null)).toHaveLength(1)
    expect(await auditRows('user.invitation_resent', nora.id)).toHaveLength(1)
    // A user of another organization cannot be reached through this one's page.
    const alice = await userByEmail('alice@bright.test')
    const foreign = await call(dealerAction, { actor: admin, url: `/console/dealers/${north.id}`, params: { orgId: north.id }, fields: { intent: 'resend', userId: alice.id } })
    expect(foreign.status).toBe(404)
  })

  it('deactivating an organization ends all its people’s sessions at once, and activating lets them back', async () => {
    const admin = await actorFor('admin@acme.test')
    const east = await orgByCode('DLR-EAST')
    const erin = await actorFor('erin@east.test')
    const eric = await actorFor('eric@east.test')
    const answer = await call(dealerAction, { actor: admin, url: `/console/dealers/${east.id}`, params: { orgId: east.id }, fields: { intent: 'deactivate-org' } })
    expect(answer.status).toBe(302)
    expect((await orgByCode('DLR-EAST')).status).toBe('inactive')
    for (const a of [erin, eric]) {
      expect(await validateSession(tokenOf(a))).toBeNull()
      expect(await actorFromSession(tokenOf(a))).toBeNull()
    }
    const eastIds = (await db().select({ id: users.id }).from(users).where(eq(users.orgId, east.id))).map((u) => u.id)
    for (const id of eastIds) expect(await db().select().from(sessions).where(eq(sessions.userId, id))).toEqual([])
    const [audit] = await auditRows('organization.deactivated', east.id)
    expect(audit).toMatchObject({ before: { status: 'active' }, after: { status: 'inactive' } })

    // Nobody can be invited into a deactivated organization.
    const invite = await call(dealerAction, {
      actor: admin,
      url: `/console/dealers/${east.id}`,
      params: { orgId: east.id },
      fields: { intent: 'invite', name: 'Late', email: 'late@east.test', locale: 'en' },
    })
    expect(invite.status).toBe(422)
    expect(await userByEmail('late@east.test')).toBeUndefined()

    await call(dealerAction, { actor: admin, url: `/console/dealers/${east.id}`, params: { orgId: east.id }, fields: { intent: 'activate-org' } })
    expect((await orgByCode('DLR-EAST')).status).toBe('active')
    expect(await actorFor('erin@east.test')).toMatchObject({ kind: 'dealer' })
    expect(await auditRows('organization.activated', east.id)).toHaveLength(1)
  })
})
