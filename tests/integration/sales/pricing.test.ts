import { desc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, dealerTerms, organizations, priceListItems, priceLists, users } from '~db/schema'
import { createPriceList, updatePriceList } from '~/domain/sales/save-price-list.server'
import { removePriceListItem, setPriceListItem } from '~/domain/sales/set-price-list-item.server'
import { getPriceList, listPriceLists, resolvePriceForDealer } from '~/domain/sales/sales.queries.server'
import { setDealerTerms } from '~/domain/sales/set-dealer-terms.server'
import { DomainError } from '~/utils/errors'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { productId } from '../inventory/helpers'
import { routeArgs } from '../catalog/helpers'

useTestDatabase({ seed: true })

const orgId = async (code: string) => (await db().select({ id: organizations.id }).from(organizations).where(eq(organizations.code, code)))[0].id
const price = async (dealer: string, sku: string, qty: string, date = '2026-06-01') => (await resolvePriceForDealer(db(), await orgId(dealer), await productId(sku), qty, date))?.unitPrice ?? null
const codeOf = async (p: Promise<unknown>) => {
  try {
    await p
    return 'ok'
  } catch (err) {
    if (err instanceof DomainError) return err.code
    throw err
  }
}

describe('price resolution against the database', () => {
  it('prices each dealer from its own tier’s list, with volume breaks', async () => {
    // EL-1004 lists at 168.00: A pays 80 %, B 88 %, C 95 %; ELEC has breaks at 100 (×0.95) and 500 (×0.90).
    expect(await price('DLR-NORTH', 'EL-1004', '1')).toBe('134.4000')
    expect(await price('DLR-EAST', 'EL-1004', '1')).toBe('147.8400')
    expect(await price('DLR-SOUTH', 'EL-1004', '1')).toBe('159.6000')
    expect(await price('DLR-NORTH', 'EL-1004', '99')).toBe('134.4000')
    expect(await price('DLR-NORTH', 'EL-1004', '100')).toBe('127.6800')
    expect(await price('DLR-NORTH', 'EL-1004', '500')).toBe('120.9600')
    const r = await resolvePriceForDealer(db(), await orgId('DLR-NORTH'), await productId('EL-1004'), '150', '2026-06-01')
    expect(r).toMatchObject({ tier: 'A', priceListCode: 'PL-A-2026', currency: 'CNY', minQty: '100' })
    expect(r?.breaks.map((b) => b.minQty)).toEqual(['1', '100', '500'])
  })

  it('has no price before a list is valid, and none for a dealer without terms', async () => {
    expect(await price('DLR-NORTH', 'EL-1004', '1', '2025-12-31')).toBeNull()
    const [noTerms] = await db().insert(organizations).values({ kind: 'dealer', code: 'DLR-NEW', nameEn: 'New dealer', nameZh: '新经销商' }).returning()
    expect(await resolvePriceForDealer(db(), noTerms.id, await productId('EL-1004'), '1', '2026-06-01')).toBeNull()
  })

  it('lets a later-starting overlapping list win while it is valid, then falls back', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const { id } = await createPriceList(mgr, { code: 'PL-A-PROMO', nameEn: 'Summer promo', nameZh: '夏季促销', tier: 'A', currency: 'CNY', validFrom: '2026-07-01', validTo: '2026-09-01' })
    await setPriceListItem(mgr, id, { sku: 'EL-1004', minQty: '1', unitPrice: '120' })
    expect(await price('DLR-NORTH', 'EL-1004', '1', '2026-06-30')).toBe('134.4000')
    expect(await price('DLR-NORTH', 'EL-1004', '1', '2026-07-01')).toBe('120.0000')
    // The promo has no break at 500, so a large order pays the promo's best break, not the old list's.
    expect(await price('DLR-NORTH', 'EL-1004', '500', '2026-08-31')).toBe('120.0000')
    expect(await price('DLR-NORTH', 'EL-1004', '1', '2026-09-01')).toBe('134.4000')
    // A product the promo does not price keeps the standing list's price.
    expect(await price('DLR-NORTH', 'EL-1005', '1', '2026-07-15')).toBe('196.0000')
    // Other tiers are untouched.
    expect(await price('DLR-EAST', 'EL-1004', '1', '2026-07-15')).toBe('147.8400')
    await updatePriceList(mgr, id, { code: 'PL-A-PROMO', nameEn: 'Summer promo', nameZh: '夏季促销', tier: 'A', currency: 'CNY', validFrom: '2026-07-01', validTo: '2026-07-02' })
    expect(await price('DLR-NORTH', 'EL-1004', '1', '2026-07-15')).toBe('134.4000')
  })

  it("refuses to move a tier's only price list while dealers are on that tier", async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const [list] = await db().select().from(priceLists).where(eq(priceLists.code, 'PL-C-2026'))
    const input = { code: list.code, nameEn: list.nameEn, nameZh: list.nameZh, tier: 'D', currency: list.currency, validFrom: list.validFrom, validTo: list.validTo }
    // South is on tier C, which only PL-C-2026 prices: moving it would leave South no prices at all.
    const refused = await updatePriceList(mgr, list.id, input).catch((e: DomainError) => e)
    expect(refused).toMatchObject({ code: 'conflict', fieldErrors: { tier: [expect.stringContaining('sales:errors.tierStillUsed')] } })
    expect((await db().select().from(priceLists).where(eq(priceLists.id, list.id)))[0].tier).toBe('C')
    // With another list for tier C in force today, it may go (one starting later would leave South unpriced until then).
    await createPriceList(mgr, { code: 'PL-C-2027', nameEn: 'Tier C 2027', nameZh: 'C 级 2027', tier: 'C', currency: 'CNY', validFrom: list.validFrom, validTo: null })
    expect(await updatePriceList(mgr, list.id, input)).toEqual({ changed: true })
    await updatePriceList(mgr, list.id, { ...input, tier: 'C' })
  })

  it('reprices an existing break in place and removes a break', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const [list] = await db().select().from(priceLists).where(eq(priceLists.code, 'PL-C-2026'))
    const count = await db().$count(priceListItems, eq(priceListItems.priceListId, list.id))
    await setPriceListItem(mgr, list.id, { sku: 'MT-2001', minQty: '1', unitPrice: '1.4' })
    expect(await db().$count(priceListItems, eq(priceListItems.priceListId, list.id))).toBe(count)
    expect(await price('DLR-SOUTH', 'MT-2001', '1')).toBe('1.4000')
    const { id } = await setPriceListItem(mgr, list.id, { sku: 'MT-2001', minQty: '1000', unitPrice: '1.1' })
    expect(await price('DLR-SOUTH', 'MT-2001', '1000')).toBe('1.1000')
    await removePriceListItem(mgr, list.id, id)
    expect(await price('DLR-SOUTH', 'MT-2001', '1000')).toBe('1.4000')
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.action, 'sales.price_list.item_removed')).orderBy(desc(auditLog.id)).limit(1)
    expect(audit.before).toEqual({ sku: 'MT-2001', minQty: '1000.0000', unitPrice: '1.1000' })
  })

  it('refuses pricing changes to sales, finance and partners, and a duplicate code', async () => {
    const [list] = await db().select().from(priceLists).where(eq(priceLists.code, 'PL-B-2026'))
    for (const email of ['sales@acme.test', 'finance@acme.test', 'warehouse@acme.test', 'erin@east.test', 'alice@bright.test']) {
      const a = await actorFor(email)
      expect(await codeOf(setPriceListItem(a, list.id, { sku: 'EL-1001', minQty: '1', unitPrice: '0.01' })), email).toBe('forbidden')
      expect(await codeOf(setDealerTerms(a, await orgId('DLR-EAST'), { priceTier: 'A', creditLimit: '1', paymentTermsDays: 1, salesOwnerUserId: null, currency: 'CNY' })), email).toBe('forbidden')
    }
    const mgr = await actorFor('sales.manager@acme.test')
    expect(await codeOf(createPriceList(mgr, { code: 'PL-B-2026', nameEn: 'x', nameZh: 'x', tier: 'B', currency: 'CNY', validFrom: '2026-01-01', validTo: null }))).toBe('conflict')
  })
})

describe('price list list', () => {
  it('counts each list’s own items, on the list and its page, and sorts by that count', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const { id } = await createPriceList(mgr, { code: 'PL-A-SMALL', nameEn: 'Small', nameZh: '小', tier: 'A', currency: 'CNY', validFrom: '2026-07-01', validTo: null })
    await setPriceListItem(mgr, id, { sku: 'EL-1004', minQty: '1', unitPrice: '120' })
    const all = await db().select({ id: priceLists.id, code: priceLists.code }).from(priceLists)
    const expected = new Map<string, number>()
    for (const l of all) expected.set(l.code, await db().$count(priceListItems, eq(priceListItems.priceListId, l.id)))
    expect(expected.get('PL-A-SMALL')).toBe(1)
    expect(expected.get('PL-A-2026')).toBeGreaterThan(1)
    if (mgr.kind !== 'staff') throw new Error('staff expected')
    const params = { q: '', page: 1, pageSize: 50, sort: 'items' as const, dir: 'asc' as const, filters: {} }
    const asc = await listPriceLists(mgr, params)
    expect(new Map(asc.rows.map((r) => [r.code, r.items]))).toEqual(expected)
    expect(asc.rows.map((r) => r.items)).toEqual([...expected.values()].sort((a, b) => a - b))
    const desc = await listPriceLists(mgr, { ...params, dir: 'desc' })
    expect(desc.rows.map((r) => r.items)).toEqual([...expected.values()].sort((a, b) => b - a))
    expect((await getPriceList(mgr, all.find((l) => l.code === 'PL-A-2026')!.id))?.items).toBe(expected.get('PL-A-2026'))
  })
})

describe('dealer terms', () => {
  it('were seeded for the three dealers, owned by sales@acme.test, DLR-SOUTH with the small limit', async () => {
    const rows = await db().select({ code: organizations.code, tier: dealerTerms.priceTier, limit: dealerTerms.creditLimit }).from(dealerTerms).innerJoin(organizations, eq(organizations.id, dealerTerms.dealerOrgId)).orderBy(organizations.code)
    expect(rows).toEqual([
      { code: 'DLR-EAST', tier: 'B', limit: '200000.00' },
      { code: 'DLR-NORTH', tier: 'A', limit: '500000.00' },
      { code: 'DLR-SOUTH', tier: 'C', limit: '30000.00' },
    ])
  })

  it('are replaced with an audit row of before and after, and moving a dealer to another tier changes its prices', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const sales = await actorFor('sales@acme.test')
    const east = await orgId('DLR-EAST')
    expect(await setDealerTerms(mgr, east, { priceTier: 'A', creditLimit: '250000.5', paymentTermsDays: 60, salesOwnerUserId: sales.userId, currency: 'CNY' })).toEqual({ changed: true })
    expect(await setDealerTerms(mgr, east, { priceTier: 'A', creditLimit: '250000.50', paymentTermsDays: 60, salesOwnerUserId: sales.userId, currency: 'CNY' })).toEqual({ changed: false })
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.action, 'sales.dealer_terms.set')).orderBy(desc(auditLog.id)).limit(1)
    expect(audit.before).toMatchObject({ priceTier: 'B', creditLimit: '200000.00', paymentTermsDays: 45 })
    expect(audit.after).toMatchObject({ priceTier: 'A', creditLimit: '250000.50', paymentTermsDays: 60 })
    expect(await price('DLR-EAST', 'EL-1004', '1')).toBe('134.4000')
  })

  it('keep an owner deactivated meanwhile when the form keeps it, refuse choosing one anew, and the edit page offers it marked', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const sales = await actorFor('sales@acme.test')
    const south = await orgId('DLR-SOUTH')
    const [current] = await db().select().from(dealerTerms).where(eq(dealerTerms.dealerOrgId, south))
    const terms = { priceTier: current.priceTier, creditLimit: current.creditLimit, paymentTermsDays: current.paymentTermsDays, salesOwnerUserId: sales.userId, currency: current.currency }
    await setDealerTerms(mgr, south, terms)
    await db().update(users).set({ status: 'inactive' }).where(eq(users.id, sales.userId))
    try {
      // The page lists the owner, marked, as the select's chosen option (it showed "no owner", and saving dropped the owner).
      const page = await import('~/routes/console.dealer-terms.$orgId')
      const data = (await page.loader(routeArgs(mgr, `/console/dealer-terms/${south}`, { orgId: south }) as any)) as any
      expect(data.terms.salesOwnerEligible).toBe(false)
      expect(data.formerOwner).toEqual({ id: sales.userId, name: '刘洋 Liu Yang' })
      // The list marks the owner too.
      const list = await import('~/routes/console.dealer-terms._index')
      const rows = ((await list.loader(routeArgs(mgr, '/console/dealer-terms') as any)) as any).rows as Array<{ orgId: string; salesOwnerName: string; salesOwnerEligible: boolean }>
      expect(rows.find((r) => r.orgId === south)).toMatchObject({ salesOwnerName: '刘洋 Liu Yang', salesOwnerEligible: false })
      expect(data.owners.map((o: { id: string }) => o.id)).not.toContain(sales.userId)
      // Saving another field keeps the owner; choosing the inactive user for another dealer is refused.
      expect(await setDealerTerms(mgr, south, { ...terms, creditLimit: '123456' })).toEqual({ changed: true })
      expect((await db().select().from(dealerTerms).where(eq(dealerTerms.dealerOrgId, south)))[0].salesOwnerUserId).toBe(sales.userId)
      const north = await orgId('DLR-NORTH')
      await db().update(dealerTerms).set({ salesOwnerUserId: null }).where(eq(dealerTerms.dealerOrgId, north))
      const [n] = await db().select().from(dealerTerms).where(eq(dealerTerms.dealerOrgId, north))
      const other = { priceTier: n.priceTier, creditLimit: n.creditLimit, paymentTermsDays: n.paymentTermsDays, salesOwnerUserId: sales.userId, currency: n.currency }
      expect(await codeOf(setDealerTerms(mgr, north, other))).toBe('bad_input')
    } finally {
      await db().update(users).set({ status: 'active' }).where(eq(users.id, sales.userId))
    }
    expect((await import('~/routes/console.dealer-terms.$orgId').then(async (page) => (await page.loader(routeArgs(mgr, `/console/dealer-terms/${south}`, { orgId: south }) as any)) as any)).formerOwner).toBeNull()
  })

  it('refuse a sales owner who is not host sales staff, an unknown currency, and a supplier org', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const north = await orgId('DLR-NORTH')
    const buyer = await actorFor('buyer@acme.test')
    const base = { priceTier: 'A', creditLimit: '1', paymentTermsDays: 1, salesOwnerUserId: null, currency: 'CNY' }
    expect(await codeOf(setDealerTerms(mgr, north, { ...base, salesOwnerUserId: buyer.userId }))).toBe('bad_input')
    expect(await codeOf(setDealerTerms(mgr, north, { ...base, currency: 'XYZ' }))).toBe('bad_input')
    expect(await codeOf(setDealerTerms(mgr, await orgId('SUP-BRIGHT'), base))).toBe('not_found')
    // A tier no price list prices would turn the dealer's whole catalog into "price on request".
    const noList = await setDealerTerms(mgr, north, { ...base, priceTier: 'Z' }).catch((e: DomainError) => e)
    expect(noList).toMatchObject({ code: 'bad_input', fieldErrors: { priceTier: [expect.stringContaining('sales:errors.tierWithoutList')] } })
  })
})
