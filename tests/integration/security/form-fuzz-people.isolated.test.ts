// M1 on the people and partner forms: a console user's roles and status, a new user, a supplier's and a
// dealer's record, API keys, the account's profile and password (console, and both portals' users and
// accounts), each as the person who uses them, on demo records. See form-fuzz.ts.
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { db } from '~db/client'
import { organizations, users } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { CHECK_ALL, expectPageHolds } from './form-fuzz'

vi.mock('@radix-ui/react-dialog', (importOriginal) => import('./open-dialogs').then((m) => m.openDialogs(importOriginal)))

useTestDatabase({ seed: true })

const PEOPLE_TABLES = ['users', 'organizations', 'api_keys', 'auth_tokens', 'dealer_terms']
const idOf = async (email: string) => (await db().select({ id: users.id }).from(users).where(eq(users.email, email)))[0].id
const orgOf = async (code: string) => (await db().select({ id: organizations.id }).from(organizations).where(eq(organizations.code, code)))[0].id

let admin: Actor
let manager: Actor
let dave: Actor
let alice: Actor

beforeAll(async () => {
  ;[admin, manager, dave, alice] = await Promise.all(['admin@acme.test', 'buyer.manager@acme.test', 'dave@north.test', 'alice@bright.test'].map(actorFor))
})

describe('console', () => {
  it('a user: roles, deactivate, reactivate', async () => {
    const id = await idOf('buyer@acme.test')
    await expectPageHolds({ name: 'user', mod: await import('~/routes/console.users.$userId'), actor: admin, url: `/console/users/${id}`, params: { userId: id }, tables: PEOPLE_TABLES }, 1)
  }, 90_000)

  it('a new user', async () => {
    await expectPageHolds({ name: 'new user', mod: await import('~/routes/console.users.new'), actor: admin, url: '/console/users/new', params: {}, fill: { email: 'fuzz.user@acme.test', name: 'Fuzz', [CHECK_ALL]: '1' }, tables: PEOPLE_TABLES }, 1)
  }, 90_000)

  it('a supplier', async () => {
    const id = await orgOf('SUP-NINGBO')
    await expectPageHolds({ name: 'supplier', mod: await import('~/routes/console.suppliers.$orgId'), actor: manager, url: `/console/suppliers/${id}`, params: { orgId: id }, tables: PEOPLE_TABLES }, 1)
  }, 90_000)

  it('a dealer', async () => {
    const id = await orgOf('DLR-SOUTH')
    await expectPageHolds({ name: 'dealer', mod: await import('~/routes/console.dealers.$orgId'), actor: admin, url: `/console/dealers/${id}`, params: { orgId: id }, tables: PEOPLE_TABLES }, 1)
  }, 90_000)

  it('a new supplier and a new dealer', async () => {
    await expectPageHolds({ name: 'new supplier', mod: await import('~/routes/console.suppliers.new'), actor: manager, url: '/console/suppliers/new', params: {}, fill: { code: 'SUP-FUZZ', adminEmail: 'fuzz.admin@fuzz.test' }, tables: PEOPLE_TABLES }, 1)
    await expectPageHolds({ name: 'new dealer', mod: await import('~/routes/console.dealers.new'), actor: admin, url: '/console/dealers/new', params: {}, fill: { code: 'DLR-FUZZ', adminEmail: 'fuzz.dealer@fuzz.test' }, tables: PEOPLE_TABLES }, 1)
  }, 90_000)

  it('API keys', async () => {
    await expectPageHolds({ name: 'api keys', mod: await import('~/routes/console.api-keys'), actor: admin, url: '/console/api-keys', params: {}, tables: PEOPLE_TABLES }, 1)
  }, 90_000)

  it('account: profile and password', async () => {
    const who = await actorFor('finance@acme.test')
    await expectPageHolds({ name: 'account', mod: await import('~/routes/console.account'), actor: who, url: '/console/account', params: {}, fill: { currentPassword: 'demo-pass-2026' }, tables: PEOPLE_TABLES }, 2)
  }, 90_000)
})

describe('portals', () => {
  it('dealer: a user, API keys, account', async () => {
    const id = await idOf('dora@north.test')
    await expectPageHolds({ name: 'dealer user', mod: await import('../../../portal-customer/routes/users.$id'), actor: dave, url: `/dealer/users/${id}`, params: { id }, tables: PEOPLE_TABLES }, 1)
    await expectPageHolds({ name: 'dealer api keys', mod: await import('../../../portal-customer/routes/api-keys'), actor: dave, url: '/dealer/api-keys', params: {}, tables: PEOPLE_TABLES }, 1)
    await expectPageHolds({ name: 'dealer account', mod: await import('../../../portal-customer/routes/account'), actor: await actorFor('dora@north.test'), url: '/dealer/account', params: {}, fill: { currentPassword: 'demo-pass-2026' }, tables: PEOPLE_TABLES }, 2)
  }, 90_000)

  it('supplier: a user, account', async () => {
    const id = await idOf('amy@bright.test')
    await expectPageHolds({ name: 'supplier user', mod: await import('../../../portal-supplier/routes/users.$id'), actor: alice, url: `/supplier/users/${id}`, params: { id }, tables: PEOPLE_TABLES }, 1)
    await expectPageHolds({ name: 'supplier account', mod: await import('../../../portal-supplier/routes/account'), actor: await actorFor('amy@bright.test'), url: '/supplier/account', params: {}, fill: { currentPassword: 'demo-pass-2026' }, tables: PEOPLE_TABLES }, 2)
  }, 90_000)
})
