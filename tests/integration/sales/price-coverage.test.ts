// A tier's dealers must not silently lose their prices when price lists end. A manager cannot end (or postpone) the last
// list that prices a tier's dealers of a currency today; lists ending later, or by time passing, are warned about: per
// tier and currency in use, until when current lists price them, on the price-list pages and as the pricing managers'
// home queue (whose count is what its link shows). A dealer left without a list is told so once, naming its sales contact.
import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { dealerTerms, organizations, priceLists, users } from '~db/schema'
import type { StaffActor } from '~/auth/roles'
import { quoteCart } from '~/domain/orders/quote-cart.server'
import { consoleOverview } from '~/domain/reports/console-overview.queries.server'
import { listDealerCatalog } from '~/domain/sales/dealer-catalog.queries.server'
import { isCoverageEnding, priceCoverage, readPriceCoverage } from '~/domain/sales/price-coverage.server'
import { createPriceList, updatePriceList } from '~/domain/sales/save-price-list.server'
import { businessDate } from '~/domain/sales/sales.queries.server'
import { catalogListOptions, type PriceListInput } from '~/domain/sales/sales.validation'
import { setDealerTerms } from '~/domain/sales/set-dealer-terms.server'
import { DomainError } from '~/utils/errors'
import { parseListParams } from '~/utils/list-params'
import { actorFor } from '../../support/actors'
import { codeOf } from '../../support/errors'
import { useTestDatabase } from '../../support/db'
import { payload, routeArgs, statusOf } from '../catalog/helpers'
import { dealer, order, productId, warehouseId } from '../orders/helpers'

useTestDatabase({ seed: true })

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
const listOf = async (code: string) => (await db().select().from(priceLists).where(eq(priceLists.code, code)))[0]
const inputOf = (l: typeof priceLists.$inferSelect): PriceListInput => ({ code: l.code, nameEn: l.nameEn, nameZh: l.nameZh, tier: l.tier, currency: l.currency, validFrom: l.validFrom, validTo: l.validTo })
const manager = async () => (await actorFor('sales.manager@acme.test')) as StaffActor
/** Sets a list's dates directly, as time passing would leave them: no command refuses the clock. */
const setDates = (code: string, validFrom: string, validTo: string | null) => db().update(priceLists).set({ validFrom, validTo }).where(eq(priceLists.code, code))
const coverageOf = async (tier: string, currency: string) => (await readPriceCoverage()).find((c) => c.tier === tier && c.currency === currency)
const orgIdOf = async (code: string) => (await db().select({ id: organizations.id }).from(organizations).where(eq(organizations.code, code)))[0].id
const setCurrency = async (orgCode: string, currency: string) => db().update(dealerTerms).set({ currency }).where(eq(dealerTerms.dealerOrgId, await orgIdOf(orgCode)))

describe('price coverage', () => {
  it('is, per tier and currency in use, the last day current lists price it: open-ended, ending, gaps and overlaps', async () => {
    const mgr = await manager()
    const today = await businessDate()
    // The demo: tiers A, B and C in CNY, one dealer each, each list open-ended.
    expect(await readPriceCoverage()).toEqual([
      { tier: 'A', currency: 'CNY', dealers: 1, coveredThrough: null, daysLeft: null },
      { tier: 'B', currency: 'CNY', dealers: 1, coveredThrough: null, daysLeft: null },
      { tier: 'C', currency: 'CNY', dealers: 1, coveredThrough: null, daysLeft: null },
    ])

    // Ending in ten days is the manager's choice (allowed), and warned of: valid_to is exclusive, so the ninth day is the last.
    const a = await listOf('PL-A-2026')
    expect(await updatePriceList(mgr, a.id, { ...inputOf(a), validTo: addDays(today, 10) })).toEqual({ changed: true })
    expect(await coverageOf('A', 'CNY')).toEqual({ tier: 'A', currency: 'CNY', dealers: 1, coveredThrough: addDays(today, 9), daysLeft: 10 })
    expect(isCoverageEnding((await coverageOf('A', 'CNY'))!)).toBe(true)

    // A list starting the day it ends carries the coverage on: nothing is missing.
    const { id: next } = await createPriceList(mgr, { code: 'PL-A-NEXT', nameEn: 'Tier A next', nameZh: 'A 级（后续）', tier: 'A', currency: 'CNY', validFrom: addDays(today, 10), validTo: null })
    expect((await coverageOf('A', 'CNY'))!.daysLeft).toBeNull()
    // Starting two days later leaves a gap: the coverage stops at the gap, whatever comes after it.
    await updatePriceList(mgr, next, { ...inputOf(await listOf('PL-A-NEXT')), validFrom: addDays(today, 12) })
    expect(await coverageOf('A', 'CNY')).toMatchObject({ coveredThrough: addDays(today, 9), daysLeft: 10 })
    // A list overlapping both bridges it, though it started before today and ends before the last.
    await createPriceList(mgr, { code: 'PL-A-BRIDGE', nameEn: 'Tier A bridge', nameZh: 'A 级（衔接）', tier: 'A', currency: 'CNY', validFrom: addDays(today, -5), validTo: addDays(today, 20) })
    expect((await coverageOf('A', 'CNY'))!.daysLeft).toBeNull()
    // Ending the open one too (far enough, a warning only): the latest end of the overlapping lists is the last day.
    await updatePriceList(mgr, next, { ...inputOf(await listOf('PL-A-NEXT')), validTo: addDays(today, 45) })
    expect(await coverageOf('A', 'CNY')).toMatchObject({ coveredThrough: addDays(today, 44), daysLeft: 45 })
    expect(isCoverageEnding((await coverageOf('A', 'CNY'))!)).toBe(false)
  })

  it('keeps currencies apart, and says when nothing prices a tier and currency today (ended, or only starting later)', async () => {
    const mgr = await manager()
    const today = await businessDate()
    // A tier-B USD list ending soon warns nobody while no dealer orders in USD.
    await createPriceList(mgr, { code: 'PL-B-USD', nameEn: 'Tier B USD', nameZh: 'B 级（美元）', tier: 'B', currency: 'USD', validFrom: addDays(today, -30), validTo: addDays(today, 5) })
    expect(await coverageOf('B', 'USD')).toBeUndefined()
    await setCurrency('DLR-EAST', 'USD')
    try {
      expect(await coverageOf('B', 'USD')).toEqual({ tier: 'B', currency: 'USD', dealers: 1, coveredThrough: addDays(today, 4), daysLeft: 5 })
      // East was tier B's only CNY dealer: the CNY list, open-ended, is nobody's coverage now.
      expect(await coverageOf('B', 'CNY')).toBeUndefined()
    } finally {
      await setCurrency('DLR-EAST', 'CNY')
    }

    // South in EUR, where tier C has only an ended list and one starting in three days: nothing prices it today.
    await createPriceList(mgr, { code: 'PL-C-EUR-OLD', nameEn: 'Tier C EUR old', nameZh: 'C 级（欧元，旧）', tier: 'C', currency: 'EUR', validFrom: '2025-01-01', validTo: addDays(today, -1) })
    await createPriceList(mgr, { code: 'PL-C-EUR-NEXT', nameEn: 'Tier C EUR next', nameZh: 'C 级（欧元，新）', tier: 'C', currency: 'EUR', validFrom: addDays(today, 3), validTo: null })
    await setCurrency('DLR-SOUTH', 'EUR')
    try {
      expect(await coverageOf('C', 'EUR')).toEqual({ tier: 'C', currency: 'EUR', dealers: 1, coveredThrough: null, daysLeft: 0 })
      expect(isCoverageEnding((await coverageOf('C', 'EUR'))!)).toBe(true)
      // The warnings alone, as the filtered page and the home count them.
      expect((await readPriceCoverage(undefined, { ending: true })).map((c) => `${c.tier}/${c.currency}`)).toEqual((await readPriceCoverage()).filter(isCoverageEnding).map((c) => `${c.tier}/${c.currency}`))
    } finally {
      await setCurrency('DLR-SOUTH', 'CNY')
    }
  })

  it("counts on the pricing managers' home exactly what the filtered price-list page warns of, for those who may see it", async () => {
    const mgr = await manager()
    const today = await businessDate()
    const pageOf = async (actor: StaffActor, url: string) => (await import('~/routes/console.price-lists._index')).loader(routeArgs(actor, url))
    const tileOf = async (actor: StaffActor) => (await consoleOverview(actor)).work.find((w) => w.key === 'priceCoverageEnding')

    const c = await listOf('PL-C-2026')
    await updatePriceList(mgr, c.id, { ...inputOf(c), validTo: addDays(today, 20) })
    const tile = (await tileOf(mgr))!
    expect(tile.to).toBe('/console/price-lists?coverage=ending')
    const filtered = await pageOf(mgr, tile.to)
    expect(tile.count).toBeGreaterThan(0)
    expect(filtered.coverage).toHaveLength(tile.count)
    expect(filtered.coverage.every(isCoverageEnding)).toBe(true)
    expect(filtered.coverage.map((r) => r.tier)).toContain('C')
    // The table lists the lists of those tiers and currencies only; unfiltered, every tier in use and every list.
    expect(filtered.rows.length).toBeGreaterThan(0)
    for (const r of filtered.rows) expect(filtered.coverage.some((w) => w.tier === r.tier && w.currency === r.currency)).toBe(true)
    const all = await pageOf(mgr, '/console/price-lists')
    expect(all.coverage).toEqual(await readPriceCoverage())
    // The domain read checks the viewer itself, not only through the pages' guard.
    expect(await codeOf(priceCoverage(await actorFor('warehouse@acme.test')))).toBe('forbidden')
    expect(await priceCoverage(mgr)).toEqual(all.coverage)
    expect(all.total).toBeGreaterThan(filtered.total)

    // A list's own page shows its tier and currency's coverage.
    const listPage = await (await import('~/routes/console.price-lists.$id')).loader(routeArgs(mgr, `/console/price-lists/${c.id}`, { id: c.id }))
    expect(listPage.coverage).toEqual([{ tier: 'C', currency: 'CNY', dealers: 1, coveredThrough: addDays(today, 19), daysLeft: 20 }])

    // The sales owner (pricing.view) reads the warnings but has no queue; others in the host do not get in.
    const sales = (await actorFor('sales@acme.test')) as StaffActor
    expect((await pageOf(sales, tile.to)).coverage).toEqual(filtered.coverage)
    expect(await tileOf(sales)).toBeUndefined()
    expect((await tileOf((await actorFor('admin@acme.test')) as StaffActor))?.count).toBe(tile.count)
    const route = await import('~/routes/console.price-lists._index')
    for (const email of ['warehouse@acme.test', 'buyer@acme.test', 'dave@north.test', 'alice@bright.test']) {
      const who = await actorFor(email)
      expect(await statusOf(() => route.loader(routeArgs(who, tile.to))), email).toBe(403)
    }

    // Extended again, the warning and the queue's count go.
    await updatePriceList(mgr, c.id, { ...inputOf(await listOf('PL-C-2026')), validTo: null })
    expect((await tileOf(mgr))!.count).toBe(tile.count - 1)
  })
})

describe('ending the last list of a tier and currency in use', () => {
  it('is refused by today or before, on "valid until", naming tier, currency and dealers; later, it is allowed', async () => {
    const mgr = await manager()
    const today = await businessDate()
    const c = await listOf('PL-C-2026')
    const refusal = async (over: Partial<PriceListInput>) => {
      const err = await updatePriceList(mgr, c.id, { ...inputOf(c), ...over }).catch((e: DomainError) => e)
      expect(err).toBeInstanceOf(DomainError)
      expect(await listOf('PL-C-2026')).toEqual(c)
      return err as DomainError
    }
    for (const validTo of [today, addDays(today, -1)]) {
      const err = await refusal({ validTo })
      expect(err).toMatchObject({ code: 'conflict', fieldErrors: { validTo: [expect.stringContaining('sales:errors.currencyStillUsed')] } })
      expect(err.fieldErrors!.validTo[0]).toContain('"tier":"C","currency":"CNY","count":1')
    }
    // Postponing its start leaves them unpriced from today as surely: refused on "valid from".
    expect(await refusal({ validFrom: addDays(today, 1) })).toMatchObject({ fieldErrors: { validFrom: [expect.stringContaining('sales:errors.lastListToday')] } })

    // A list starting later is no cover for today: ending this one today would leave a gap now.
    await createPriceList(mgr, { code: 'PL-C-LATER', nameEn: 'Tier C later', nameZh: 'C 级（稍后）', tier: 'C', currency: 'CNY', validFrom: addDays(today, 7), validTo: null })
    expect(await refusal({ validTo: today })).toMatchObject({ code: 'conflict', fieldErrors: { validTo: [expect.stringContaining('sales:errors.lastListToday')] } })
    // Ending it the day the next starts is what the manager meant.
    expect(await updatePriceList(mgr, c.id, { ...inputOf(c), validTo: addDays(today, 7) })).toEqual({ changed: true })
    expect((await coverageOf('C', 'CNY'))!.daysLeft).toBeNull()
    await updatePriceList(mgr, c.id, inputOf(c))

    // A tier nobody is on ends when its manager says.
    const { id: z } = await createPriceList(mgr, { code: 'PL-Z', nameEn: 'Tier Z', nameZh: 'Z 级', tier: 'Z', currency: 'CNY', validFrom: '2026-01-01', validTo: null })
    expect(await updatePriceList(mgr, z, { ...inputOf(await listOf('PL-Z')), validTo: today })).toEqual({ changed: true })
  })

  it("answers the list's form with the refusal on its field (409)", async () => {
    const mgr = await manager()
    const today = await businessDate()
    const b = await listOf('PL-B-2026')
    const route = await import('~/routes/console.price-lists.$id')
    const body = new URLSearchParams({ intent: 'save', code: b.code, nameEn: b.nameEn, nameZh: b.nameZh, tier: b.tier, currency: b.currency, validFrom: b.validFrom, validTo: today })
    const result = await route.action!(routeArgs(mgr, `/console/price-lists/${b.id}`, { id: b.id }, { method: 'POST', body }))
    expect(await statusOf(async () => result)).toBe(409)
    expect(payload(result).submission.error.validTo[0]).toContain('sales:errors.currencyStillUsed')
    expect(await listOf('PL-B-2026')).toEqual(b)
  })

  it('lets only one of two lists ending at once go when each is the other’s cover', async () => {
    const mgr = await manager()
    const today = await businessDate()
    const b = await listOf('PL-B-2026')
    const { id: other } = await createPriceList(mgr, { code: 'PL-B-TWIN', nameEn: 'Tier B twin', nameZh: 'B 级（并行）', tier: 'B', currency: 'CNY', validFrom: '2026-01-01', validTo: null })
    const twin = await listOf('PL-B-TWIN')
    const admin = await actorFor('admin@acme.test')
    const results = await Promise.allSettled([
      updatePriceList(mgr, b.id, { ...inputOf(b), validTo: today }),
      updatePriceList(admin, other, { ...inputOf(twin), validTo: today }),
    ])
    // Queued on the group's lock (never a deadlock): the second sees the first's end and is refused.
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(refused.reason).toMatchObject({ code: 'conflict', fieldErrors: { validTo: [expect.stringContaining('sales:errors.currencyStillUsed')] } })
    expect((await coverageOf('B', 'CNY'))!.daysLeft).toBeNull()
    // Back as it was, for the tests after.
    await db().update(priceLists).set({ validTo: null }).where(and(eq(priceLists.tier, 'B'), eq(priceLists.currency, 'CNY')))
  })
})

describe('a dealer without a current price list', () => {
  it('is told so once on its catalog and cart, naming its sales contact, and its order is refused saying the same', async () => {
    const frank = await dealer('frank@south.test')
    const today = await businessDate()
    const c = await listOf('PL-C-2026')
    const lines = [{ productId: await productId('MT-2001'), quantity: '2' }]
    const catalog = () => listDealerCatalog(frank, parseListParams('http://localhost/dealer/catalog', catalogListOptions))
    // Priced, the catalog says nothing of it and carries no staff address.
    expect((await catalog()).pricing).toEqual({ state: 'ok', salesContact: null })
    expect((await quoteCart(frank, { warehouseId: await warehouseId('SH-MAIN'), lines })).noPriceList).toBeNull()

    // Time passed: tier C's only CNY list ended yesterday.
    await setDates('PL-C-2026', c.validFrom, today)
    try {
      const read = await catalog()
      expect(read.pricing).toEqual({ state: 'noPriceList', salesContact: { name: expect.stringContaining('Liu Yang'), email: 'sales@acme.test' } })
      expect(read.rows.length).toBeGreaterThan(0)
      expect(read.rows.every((r) => r.price === null)).toBe(true)
      const quote = await quoteCart(frank, { warehouseId: await warehouseId('SH-MAIN'), lines })
      expect(quote.noPriceList).toEqual({ salesContact: read.pricing.salesContact })
      expect(quote.problems).toHaveLength(1)
      const err = await order(frank, 'SH-MAIN', [['MT-2001', '2']]).catch((e: DomainError) => e)
      expect(err).toMatchObject({ code: 'unprocessable', messageKey: expect.stringContaining('orders:errors.noPriceListNamed') })
      expect((err as DomainError).messageKey).toContain('sales@acme.test')
      expect(await coverageOf('C', 'CNY')).toMatchObject({ daysLeft: 0, coveredThrough: null })

      // Without a sales owner the message names no one.
      await db().update(dealerTerms).set({ salesOwnerUserId: null }).where(eq(dealerTerms.dealerOrgId, frank.orgId))
      expect((await catalog()).pricing).toEqual({ state: 'noPriceList', salesContact: null })
      expect(await order(frank, 'SH-MAIN', [['MT-2001', '2']]).catch((e: DomainError) => e.messageKey)).toBe('orders:errors.noPriceList')

    } finally {
      await setDates('PL-C-2026', c.validFrom, c.validTo)
      const [owner] = await db().select({ id: users.id }).from(users).where(eq(users.email, 'sales@acme.test'))
      await db().update(dealerTerms).set({ salesOwnerUserId: owner.id }).where(eq(dealerTerms.dealerOrgId, frank.orgId))
    }
    expect((await catalog()).pricing.state).toBe('ok')
  })

  it('cannot be made by moving a dealer to a tier whose every list has ended: refused on the tier, not with an empty list of currencies', async () => {
    const mgr = await manager()
    const today = await businessDate()
    await createPriceList(mgr, { code: 'PL-Y-OLD', nameEn: 'Tier Y (ended)', nameZh: 'Y 级（已到期）', tier: 'Y', currency: 'CNY', validFrom: '2025-01-01', validTo: addDays(today, -1) })
    const north = await orgIdOf('DLR-NORTH')
    const before = (await db().select().from(dealerTerms).where(eq(dealerTerms.dealerOrgId, north)))[0]
    const terms = { priceTier: 'Y', creditLimit: '500000', paymentTermsDays: 30, salesOwnerUserId: null, currency: 'CNY' }
    const refused = await setDealerTerms(mgr, north, terms).catch((e: DomainError) => e)
    expect(refused).toMatchObject({ code: 'bad_input', fieldErrors: { priceTier: [expect.stringContaining('sales:errors.tierListsEnded')] } })
    expect((refused as DomainError).fieldErrors!.priceTier[0]).toContain('"tier":"Y","currency":"CNY"')
    expect((await db().select().from(dealerTerms).where(eq(dealerTerms.dealerOrgId, north)))[0]).toEqual(before)
  })
})
