import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, organizations } from '~db/schema'
import type { StaffActor } from '~/auth/roles'
import { DEALER_SEARCH_LIMIT, searchDealers } from '~/domain/orders/orders.queries.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { routeArgs, statusOf } from '../catalog/helpers'

// The console order list's dealer picker: the search behind it and its resource route.
useTestDatabase({ seed: true })

const staff = async (email: string, locale: 'en' | 'zh-CN') => ({ ...((await actorFor(email)) as StaffActor), locale })
const optionsRoute = () => import('~/routes/console.dealers.options')
const listRoute = () => import('~/routes/console.orders._index')

beforeAll(async () => {
  // More dealers than one answer holds, and names whose LIKE wildcards must be taken literally.
  await db()
    .insert(organizations)
    .values([
      ...Array.from({ length: DEALER_SEARCH_LIMIT + 5 }, (_, i) => ({
        kind: 'dealer' as const,
        code: `DLR-Z${String(i).padStart(3, '0')}`,
        nameEn: `Zenith Outlet ${i}`,
        nameZh: `天顶门店${i}`,
      })),
      { kind: 'dealer' as const, code: 'DLR-PCT', nameEn: '100% Pure_Trade', nameZh: '百分百纯贸易' },
      { kind: 'dealer' as const, code: 'DLR-PLAIN', nameEn: '1000 Pure Trade', nameZh: '千纯贸易' },
      { kind: 'supplier' as const, code: 'SUP-ZENITH', nameEn: 'Zenith Parts', nameZh: '天顶零件' },
    ])
})

describe('searchDealers', () => {
  it('finds dealers by code or by either name, case-insensitively, in the reader’s language', async () => {
    const en = await staff('sales@acme.test', 'en')
    const zh = await staff('sales@acme.test', 'zh-CN')
    expect(await searchDealers(en, 'north')).toEqual([{ code: 'DLR-NORTH', name: 'Beijing North Trading' }])
    expect(await searchDealers(zh, 'dlr-nor')).toEqual([{ code: 'DLR-NORTH', name: '北京北方商贸有限公司' }])
    // A Chinese name matches for an English reader too, and the answer is still in English.
    expect(await searchDealers(en, '东方分销')).toEqual([{ code: 'DLR-EAST', name: 'Shanghai East Distribution' }])
    expect(await searchDealers(zh, 'guangzhou')).toEqual([{ code: 'DLR-SOUTH', name: '广州南方供应链有限公司' }])
  })

  it('answers at most the limit, ordered by code, and only dealers', async () => {
    const en = await staff('sales@acme.test', 'en')
    const zenith = await searchDealers(en, 'zenith')
    expect(zenith).toHaveLength(DEALER_SEARCH_LIMIT)
    expect(zenith.map((d) => d.code)).toEqual(Array.from({ length: DEALER_SEARCH_LIMIT }, (_, i) => `DLR-Z${String(i).padStart(3, '0')}`))
    const first = await searchDealers(en, '   ')
    expect(first).toHaveLength(DEALER_SEARCH_LIMIT)
    expect(first.map((d) => d.code)).toEqual([...first.map((d) => d.code)].sort())
    expect(first.map((d) => d.code).every((c) => c.startsWith('DLR-'))).toBe(true)
    expect(await searchDealers(en, 'bright')).toEqual([])
  })

  it('takes %, _ and \\ in the search text literally', async () => {
    const en = await staff('sales@acme.test', 'en')
    expect((await searchDealers(en, '100%')).map((d) => d.code)).toEqual(['DLR-PCT'])
    expect((await searchDealers(en, 'e_T')).map((d) => d.code)).toEqual(['DLR-PCT'])
    expect(await searchDealers(en, '%')).toEqual([{ code: 'DLR-PCT', name: '100% Pure_Trade' }])
    expect(await searchDealers(en, '\\')).toEqual([])
  })

  it('refuses staff without orders.view', async () => {
    const buyer = await staff('buyer@acme.test', 'en')
    await expect(searchDealers(buyer, 'north')).rejects.toMatchObject({ code: 'forbidden' })
  })
})

describe('/console/dealers/options', () => {
  it('answers order viewers with the matches for q', async () => {
    const route = await optionsRoute()
    for (const email of ['sales@acme.test', 'warehouse@acme.test', 'finance@acme.test', 'admin@acme.test']) {
      const who = await staff(email, 'en')
      const res = await route.loader(routeArgs(who, '/console/dealers/options?q=South'))
      expect(res.status, email).toBe(200)
      expect(res.headers.get('cache-control'), email).toBe('no-store')
      expect(await res.json(), email).toEqual({ q: 'South', options: [{ code: 'DLR-SOUTH', name: 'Guangzhou South Supply' }] })
    }
  })

  it('refuses a search text over the cap with 400', async () => {
    const route = await optionsRoute()
    const sales = await staff('sales@acme.test', 'en')
    expect(await statusOf(() => route.loader(routeArgs(sales, `/console/dealers/options?q=${'x'.repeat(101)}`)))).toBe(400)
    expect(await statusOf(() => route.loader(routeArgs(sales, `/console/dealers/options?q=${'x'.repeat(100)}`)))).toBe(200)
  })

  it('refuses staff without orders.view, dealers and suppliers with 403 and records it; sends the signed-out to sign-in', async () => {
    const route = await optionsRoute()
    const denied = async () => (await db().select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.outcome, 'denied')))[0].n
    for (const email of ['buyer@acme.test', 'buyer.manager@acme.test', 'dave@north.test', 'erin@east.test', 'alice@bright.test', 'amy@bright.test']) {
      const before = await denied()
      const who = await actorFor(email)
      expect(await statusOf(() => route.loader(routeArgs(who, '/console/dealers/options?q=DLR'))), email).toBe(403)
      expect(await denied(), email).toBe(before + 1)
    }
    let thrown: unknown
    try {
      await route.loader(routeArgs(null, '/console/dealers/options?q=DLR'))
    } catch (err) {
      thrown = err
    }
    expect(thrown).toBeInstanceOf(Response)
    expect((thrown as Response).status).toBe(302)
    expect((thrown as Response).headers.get('location')).toMatch(/^\/login\?redirectTo=/)
  })
})

describe('the console order list’s dealer filter', () => {
  it('sends only the filtered dealer with the page, named in the reader’s language', async () => {
    const list = await listRoute()
    const zh = await staff('sales@acme.test', 'zh-CN')
    const all: any = await list.loader(routeArgs(zh, '/console/orders'))
    expect(all).not.toHaveProperty('dealers')
    expect(all.dealer).toBeNull()
    const north: any = await list.loader(routeArgs(zh, '/console/orders?dealer=DLR-NORTH'))
    expect(north.dealer).toEqual({ code: 'DLR-NORTH', name: '北京北方商贸有限公司' })
    const unknown: any = await list.loader(routeArgs(zh, '/console/orders?dealer=DLR-NOPE'))
    expect(unknown.dealer).toBeNull()
    expect(unknown.rows).toEqual([])
    // A supplier's code names no dealer.
    const supplier: any = await list.loader(routeArgs(zh, '/console/orders?dealer=SUP-BRIGHT'))
    expect(supplier.dealer).toBeNull()
  })
})
