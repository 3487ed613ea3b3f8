import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { categories, dealerTerms, organizations, priceLists, products, users } from '~db/schema'
import { transact } from '~db/transaction'
import type { DealerActor } from '~/auth/roles'
import { adjustStock } from '~/domain/inventory/adjust-stock.server'
import { releaseReservation, reserveStock } from '~/domain/inventory/reservations.server'
import { getDealerCatalogItem, listDealerCatalog, priceCandidatesForProducts, type CatalogItem } from '~/domain/sales/dealer-catalog.queries.server'
import { resolvePrice } from '~/domain/sales/pricing.rules'
import { createPriceList } from '~/domain/sales/save-price-list.server'
import { setPriceListItem } from '~/domain/sales/set-price-list-item.server'
import { businessDate, resolvePriceForDealer } from '~/domain/sales/sales.queries.server'
import { catalogListOptions } from '~/domain/sales/sales.validation'
import { parseListParams } from '~/utils/list-params'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import * as catalogModule from '../../../portal-customer/routes/catalog'
import * as productModule from '../../../portal-customer/routes/catalog.$productId'
import { routeArgs, statusOf } from '../catalog/helpers'
import { binId, productId, warehouseId } from '../inventory/helpers'

useTestDatabase({ seed: true })

const dealer = async (email: string) => (await actorFor(email)) as DealerActor
const params = (query = '') => parseListParams(new URL(`http://localhost/dealer/catalog?${query}`), catalogListOptions)
const list = async (email: string, query = '') => listDealerCatalog(await dealer(email), params(query))
const item = async (email: string, sku: string) => (await getDealerCatalogItem(await dealer(email), await productId(sku)))!
const atp = (i: CatalogItem) => Object.fromEntries(i.availability.map((a) => [a.warehouseCode, a.available]))
const orgId = async (code: string) => (await db().select({ id: organizations.id }).from(organizations).where(eq(organizations.code, code)))[0].id
const catalogRoute = async () => catalogModule
const productRoute = async () => productModule

/** The day after a YYYY-MM-DD date. */
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

describe('the dealer catalog: prices', () => {
  it('shows each demo dealer its own tier’s price (A/B/C at 80/88/95 % of list) with the volume ladder', async () => {
    // EL-1004 lists at 168.00 with breaks at 100 (×0.95) and 500 (×0.90); MT-2001 (1.60) has none.
    const expected = { 'dave@north.test': '134.4000', 'dora@north.test': '134.4000', 'erin@east.test': '147.8400', 'frank@south.test': '159.6000' }
    for (const [email, unitPrice] of Object.entries(expected)) {
      const el = await item(email, 'EL-1004')
      expect(el.price, email).toMatchObject({ currency: 'CNY', unitPrice, minQty: '1' })
      expect(el.price!.breaks.map((b) => b.minQty), email).toEqual(['1', '100', '500'])
    }
    expect((await item('dave@north.test', 'EL-1004')).price!.breaks.map((b) => b.unitPrice)).toEqual(['134.4000', '127.6800', '120.9600'])
    expect((await item('frank@south.test', 'MT-2001')).price).toEqual({ currency: 'CNY', unitPrice: '1.5200', minQty: '1', breaks: [{ minQty: '1', unitPrice: '1.5200' }] })
    const el = await item('dave@north.test', 'EL-1004')
    expect(el).toMatchObject({ sku: 'EL-1004', unit: 'pcs', taxRate: '0.1300', categoryCode: 'ELEC' })
    // The list page carries the same price as the product page.
    const { rows } = await list('erin@east.test', 'q=EL-1004')
    expect(rows.map((r) => r.price?.unitPrice)).toEqual(['147.8400'])
  })

  it('ignores a list that is not valid yet, and lets a later-starting valid list win', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const today = await businessDate()
    const future = await createPriceList(mgr, { code: 'PL-A-NEXT', nameEn: 'Next', nameZh: '下期', tier: 'A', currency: 'CNY', validFrom: nextDay(today), validTo: null })
    await setPriceListItem(mgr, future.id, { sku: 'EL-1004', minQty: '1', unitPrice: '1.11' })
    expect((await item('dave@north.test', 'EL-1004')).price!.unitPrice).toBe('134.4000')
    const promo = await createPriceList(mgr, { code: 'PL-A-TODAY', nameEn: 'Today', nameZh: '今日', tier: 'A', currency: 'CNY', validFrom: today, validTo: nextDay(today) })
    await setPriceListItem(mgr, promo.id, { sku: 'EL-1005', minQty: '10', unitPrice: '150' })
    // The promo starts later than the standing list, so it wins for EL-1005: its lowest break is the minimum order.
    expect((await item('dave@north.test', 'EL-1005')).price).toEqual({ currency: 'CNY', unitPrice: '150.0000', minQty: '10', breaks: [{ minQty: '10', unitPrice: '150.0000' }] })
    // Another tier is untouched.
    expect((await item('erin@east.test', 'EL-1005')).price!.unitPrice).toBe('215.6000')
  })

  it('shows a product no list of the tier prices as "price on request", and hides inactive products', async () => {
    const [cat] = await db().select({ id: categories.id }).from(categories).where(eq(categories.code, 'PACK'))
    await db().insert(products).values({ sku: 'PK-3999', nameEn: 'Gift box', nameZh: '礼品盒', categoryId: cat.id, unit: 'pcs', taxRate: '0.13' })
    const { rows } = await list('dave@north.test', 'q=PK-3999')
    expect(rows.map((r) => [r.sku, r.price, r.available])).toEqual([['PK-3999', null, '0']])
    expect(atp(rows[0])).toEqual({ 'SH-MAIN': '0', 'SZ-SOUTH': '0' })

    await db().update(products).set({ active: false }).where(eq(products.sku, 'PK-3999'))
    expect((await list('dave@north.test', 'q=PK-3999')).total).toBe(0)
    expect(await getDealerCatalogItem(await dealer('dave@north.test'), await productId('PK-3999'))).toBeNull()
  })

  it('agrees with resolvePriceForDealer for every product × dealer × quantity × date (the set-based query)', async () => {
    // Runs after the extra lists above, so future, overlapping and minimum-order lists are covered.
    const today = await businessDate()
    const allProducts = await db().select({ id: products.id }).from(products)
    const ids = allProducts.map((p) => p.id)
    const terms = await db().select({ org: dealerTerms.dealerOrgId, tier: dealerTerms.priceTier, currency: dealerTerms.currency }).from(dealerTerms)
    expect(terms).toHaveLength(3)
    let compared = 0
    let priced = 0
    for (const date of [today, nextDay(today), '2025-12-31', '2026-06-01']) {
      for (const t of terms) {
        const candidates = await priceCandidatesForProducts(db(), t.tier, t.currency, ids, date)
        for (const id of ids) {
          for (const quantity of ['0.5', '1', '9', '10', '99', '100', '499', '500', '1000']) {
            const one = await resolvePriceForDealer(db(), t.org, id, quantity, date)
            const set = resolvePrice(candidates.get(id) ?? [], { tier: t.tier, currency: t.currency, quantity, date })
            expect(set ? { ...set, tier: t.tier } : null, `${t.tier} ${id} ${quantity} ${date}`).toEqual(one)
            compared++
            if (one) priced++
          }
        }
      }
    }
    expect(compared).toBe(4 * 3 * ids.length * 9)
    // Not vacuous: most combinations have a price, some (before 2026, the inactive product) do not.
    expect(priced).toBeGreaterThan(compared / 2)
    expect(priced).toBeLessThan(compared)

    // And what the catalog shows is the answer for its minimum quantity, with the same ladder.
    for (const email of ['dave@north.test', 'erin@east.test', 'frank@south.test']) {
      const actor = await dealer(email)
      const { rows } = await listDealerCatalog(actor, params('size=200'))
      for (const r of rows) {
        const one = r.price ? await resolvePriceForDealer(db(), actor.orgId, r.productId, r.price.minQty) : null
        expect(one && { unitPrice: one.unitPrice, minQty: one.minQty, breaks: one.breaks, currency: one.currency }, `${email} ${r.sku}`).toEqual(r.price)
      }
    }
  }, 120_000)
})

describe('the dealer catalog: available to promise', () => {
  it('is on hand − reserved per warehouse, summed over bins and batches, with a total; a reservation lowers it and a release restores it', async () => {
    // MT-2004 (by the kg) is the 9th demo product: 200 + 40·8 = 520 in SH-MAIN, 60 + 15·8 = 180 in SZ-SOUTH, in lots.
    const p = await productId('MT-2004')
    const sh = await warehouseId('SH-MAIN')
    let mt = await item('dave@north.test', 'MT-2004')
    expect(atp(mt)).toEqual({ 'SH-MAIN': '520', 'SZ-SOUTH': '180' })
    expect(mt.available).toBe('700')

    const wh = await actorFor('warehouse@acme.test')
    await adjustStock(wh, { productId: p, warehouseId: sh, binId: await binId('SH-MAIN', 'A-01'), batch: 'B-2026-11', quantity: '7', reason: 'found in bin' })
    mt = await item('dave@north.test', 'MT-2004')
    expect(atp(mt)).toEqual({ 'SH-MAIN': '527', 'SZ-SOUTH': '180' })

    const r = await transact(({ tx }) => reserveStock(tx, { productId: p, warehouseId: sh, quantity: '20.5', sourceType: 'test', sourceId: 'catalog-1' }))
    expect(r).toMatchObject({ reserved: '20.5', shortfall: '0' })
    // Every dealer sees the same availability (it is the host's stock, not a dealer's secret).
    for (const email of ['dave@north.test', 'erin@east.test']) {
      mt = await item(email, 'MT-2004')
      expect(atp(mt), email).toEqual({ 'SH-MAIN': '506.5', 'SZ-SOUTH': '180' })
      expect(mt.available, email).toBe('686.5')
    }
    await transact(async ({ tx }) => {
      for (const taken of r.taken) await releaseReservation(tx, taken.reservationId)
    })
    expect(atp(await item('dave@north.test', 'MT-2004'))).toEqual({ 'SH-MAIN': '527', 'SZ-SOUTH': '180' })
  })
})

describe('the dealer catalog: search, filters, sort, paging', () => {
  it('searches SKU and both names', async () => {
    expect((await list('dave@north.test', 'q=EL-100')).rows.map((r) => r.sku)).toEqual(['EL-1001', 'EL-1002', 'EL-1003', 'EL-1004', 'EL-1005'])
    expect((await list('dave@north.test', 'q=陶瓷')).rows.map((r) => r.sku)).toEqual(['EL-1001'])
    expect((await list('dave@north.test', 'q=bracket')).rows.map((r) => r.sku)).toEqual(['MT-2002'])
    // LIKE wildcards typed by the user are literal: "%" finds the one name with a percent sign, "_" matches no other character.
    expect((await list('dave@north.test', 'q=%25')).rows.map((r) => r.sku)).toEqual(['EL-1002'])
    expect((await list('dave@north.test', 'q=CX-100')).rows.map((r) => r.sku)).toEqual(['AS-4001'])
    expect((await list('dave@north.test', 'q=C_-100')).total).toBe(0)
  })

  it('filters by category and by stock, and sorts and pages on the server', async () => {
    const pack = await list('dave@north.test', 'category=PACK&size=200')
    expect(pack.rows.map((r) => r.sku)).toEqual(['PK-3001', 'PK-3002', 'PK-3003', 'PK-3004', 'PK-3005'])
    expect(pack.total).toBe(5)
    expect((await list('dave@north.test', 'category=NOPE')).total).toBe(0)

    // Reserve AS-4003's last 10 units: it drops out of "in stock only" but stays in the catalog.
    const as = await productId('AS-4003')
    const sh = await warehouseId('SH-MAIN')
    await transact(({ tx }) => reserveStock(tx, { productId: as, warehouseId: sh, quantity: '10', sourceType: 'test', sourceId: 'catalog-2' }))
    const all = await list('dave@north.test', 'size=200')
    const inStock = await list('dave@north.test', 'size=200&inStock=1')
    expect(all.rows.map((r) => r.sku)).toContain('AS-4003')
    expect(inStock.rows.map((r) => r.sku)).not.toContain('AS-4003')
    expect(inStock.total).toBe(all.total - 1)
    expect(inStock.rows.every((r) => Number(r.available) > 0)).toBe(true)

    const byAvailable = await list('dave@north.test', 'size=200&sort=available&dir=desc')
    const totals = byAvailable.rows.map((r) => Number(r.available))
    expect(totals).toEqual([...totals].sort((a, b) => b - a))
    expect(byAvailable.rows.at(-1)!.sku).toBe('AS-4003')

    // By name (in the dealer's language): descending is ascending reversed, and differs from SKU order.
    const asc = (await list('dave@north.test', 'size=200&sort=name&dir=asc')).rows.map((r) => r.sku)
    const desc = (await list('dave@north.test', 'size=200&sort=name&dir=desc')).rows.map((r) => r.sku)
    expect(desc).toEqual([...asc].reverse())
    expect(asc).not.toEqual(all.rows.map((r) => r.sku))
    // An unknown sort falls back to SKU.
    expect((await list('dave@north.test', 'size=200&sort=creditLimit')).rows.map((r) => r.sku)).toEqual(all.rows.map((r) => r.sku))

    const page2 = await list('dave@north.test', 'size=5&page=2')
    expect(page2.rows.map((r) => r.sku)).toEqual(all.rows.slice(5, 10).map((r) => r.sku))
    expect(page2.total).toBe(all.total)
  })
})

describe('the dealer catalog: routes and what they reveal', () => {
  it('lets dealers in and refuses supplier users and staff with 403', async () => {
    const { loader } = await catalogRoute()
    const { loader: productLoader } = await productRoute()
    const el = await productId('EL-1004')
    for (const email of ['dave@north.test', 'dora@north.test', 'frank@south.test']) {
      const a = await actorFor(email)
      expect(await statusOf(() => loader(routeArgs(a, '/dealer/catalog'))), email).toBe(200)
      expect(await statusOf(() => productLoader(routeArgs(a, `/dealer/catalog/${el}`, { productId: el }))), email).toBe(200)
    }
    for (const email of ['alice@bright.test', 'amy@bright.test', 'admin@acme.test', 'sales.manager@acme.test', 'warehouse@acme.test']) {
      const a = await actorFor(email)
      expect(await statusOf(() => loader(routeArgs(a, '/dealer/catalog'))), email).toBe(403)
      expect(await statusOf(() => productLoader(routeArgs(a, `/dealer/catalog/${el}`, { productId: el }))), email).toBe(403)
    }
    // Signed out: sent to sign-in.
    expect(await statusOf(() => loader(routeArgs(null, '/dealer/catalog')))).toBe(302)
  })

  it('answers 404 for an unknown, malformed or inactive product', async () => {
    const { loader } = await productRoute()
    const dave = await actorFor('dave@north.test')
    const inactive = await productId('PK-3999')
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', inactive, `${await productId('EL-1004')}x`]) {
      expect(await statusOf(() => loader(routeArgs(dave, `/dealer/catalog/${id}`, { productId: id }))), id).toBe(404)
    }
  })

  it('carries no tier, no credit terms, no price list and no other tier’s price; unknown or hostile query parameters change nothing', async () => {
    const { loader } = await catalogRoute()
    const dave = await actorFor('dave@north.test')
    const east = await orgId('DLR-EAST')
    const plain = (await loader(routeArgs(dave, '/dealer/catalog?size=200'))) as Awaited<ReturnType<typeof loader>>
    const hostile = (await loader(routeArgs(dave, `/dealer/catalog?size=200&dealerId=${east}&orgId=${east}&tier=C&priceTier=B&price=0&unitPrice=0&foo=bar&__proto__=x`))) as typeof plain
    expect(hostile.rows).toEqual(plain.rows)
    expect(plain.rows.length).toBeGreaterThan(15)

    const body = JSON.stringify(plain)
    const own = new Set(plain.rows.flatMap((r) => r.price?.breaks.map((b) => b.unitPrice) ?? []))
    // Every unit price of tiers B and C for the products on the page, unless tier A happens to charge it too.
    const others = new Set<string>()
    for (const t of ['B', 'C']) {
      const c = await priceCandidatesForProducts(db(), t, 'CNY', plain.rows.map((r) => r.productId), await businessDate())
      for (const lists of c.values()) for (const l of lists) for (const i of l.items) if (!own.has(i.unitPrice)) others.add(i.unitPrice)
    }
    expect(others.size).toBeGreaterThan(20)
    for (const p of others) expect(body, `tier B/C price ${p}`).not.toContain(`"${p}"`)

    const terms = await db().select({ creditLimit: dealerTerms.creditLimit, days: dealerTerms.paymentTermsDays }).from(dealerTerms)
    const lists = await db().select({ id: priceLists.id, code: priceLists.code }).from(priceLists)
    const dealerOrgs = await db().select({ id: organizations.id, code: organizations.code, nameEn: organizations.nameEn }).from(organizations).where(eq(organizations.kind, 'dealer'))
    const [owner] = await db().select({ id: users.id, email: users.email }).from(users).where(eq(users.email, 'sales@acme.test'))
    const forbidden = [
      ...terms.map((t) => t.creditLimit),
      ...lists.flatMap((l) => [l.id, l.code]),
      ...dealerOrgs.flatMap((o) => [o.id, o.code, o.nameEn]),
      owner.id,
      owner.email,
      'priceTier',
      '"tier"',
      'creditLimit',
      'paymentTerms',
      'priceList',
    ]
    for (const f of forbidden) expect(body, f).not.toContain(f)
    expect(Object.keys(plain.rows[0]).sort()).toEqual(['availability', 'available', 'categoryCode', 'categoryNameEn', 'categoryNameZh', 'nameEn', 'nameZh', 'price', 'productId', 'sku', 'taxRate', 'unit', 'wholeUnits'])
  })
})

describe('the dealer catalog: the one-statement read', () => {
  it('pages like slices of the whole list, with the true total on full, partial, exact and past-the-end pages', async () => {
    const all = await list('dave@north.test', 'size=200')
    const [{ n }] = await db().select({ n: sql<number>`count(*)::int` }).from(products).where(eq(products.active, true))
    expect(all.total).toBe(n)
    expect(all.rows).toHaveLength(n)
    // Sizes that leave a partial last page, divide the list exactly, or hold it all at once.
    for (const size of [1, 3, 7, n / 2, n - 1, n, n + 1].filter((s) => Number.isInteger(s) && s > 0)) {
      const pages = Math.ceil(n / size)
      for (let page = 1; page <= pages + 1; page++) {
        const got = await list('dave@north.test', `size=${size}&page=${page}`)
        const where = `size=${size} page=${page}`
        expect(got.rows.map((r) => r.sku), where).toEqual(all.rows.slice((page - 1) * size, page * size).map((r) => r.sku))
        expect(got.total, where).toBe(n)
      }
    }
    // Filtered: five ELEC products, the third page of two holds one; nothing found is zero.
    expect(await list('dave@north.test', 'category=ELEC&size=2&page=3').then((r) => [r.total, r.rows.map((x) => x.sku)])).toEqual([5, ['EL-1005']])
    expect(await list('dave@north.test', 'category=ELEC&size=2&page=4').then((r) => [r.total, r.rows.length])).toEqual([5, 0])
    expect(await list('dave@north.test', 'q=no-such-product').then((r) => [r.total, r.rows.length])).toEqual([0, 0])
    expect(await list('dave@north.test', 'q=no-such-product&page=3').then((r) => [r.total, r.rows.length])).toEqual([0, 0])
  })

  it('lists for the filter the categories that hold an active product, by code', async () => {
    const codes = async () => (await list('dave@north.test')).categories.map((c) => c.code)
    expect(await codes()).toEqual(['ASSY', 'ELEC', 'METAL', 'PACK'])
    const [cat] = await db().insert(categories).values({ code: 'AAA-NEW', nameEn: 'New range', nameZh: '新系列' }).returning()
    expect(await codes()).not.toContain('AAA-NEW')
    await db().insert(products).values({ sku: 'NW-0001', nameEn: 'Prototype', nameZh: '样品', categoryId: cat.id, unit: 'pcs', taxRate: '0.13', active: false })
    expect(await codes()).not.toContain('AAA-NEW')
    await db().update(products).set({ active: true }).where(eq(products.sku, 'NW-0001'))
    expect((await list('dave@north.test')).categories[0]).toEqual({ code: 'AAA-NEW', nameEn: 'New range', nameZh: '新系列' })
    expect((await list('dave@north.test', 'category=AAA-NEW')).rows.map((r) => [r.sku, r.categoryNameEn, r.price])).toEqual([['NW-0001', 'New range', null]])
  })

  it('prices nothing for a dealer without terms, and still shows its availability', async () => {
    const [org] = await db().insert(organizations).values({ kind: 'dealer', code: 'DLR-NOTERMS', nameEn: 'No terms yet', nameZh: '尚无条款' }).returning()
    await db().insert(users).values({ orgId: org.id, email: 'nina@noterms.test', name: 'Nina', roles: ['dealer_admin'], status: 'active' })
    const { rows, total } = await list('nina@noterms.test', 'size=200')
    expect(total).toBe((await list('dave@north.test', 'size=200')).total)
    expect(rows.every((r) => r.price === null)).toBe(true)
    expect(atp(rows.find((r) => r.sku === 'MT-2001')!)).toEqual(atp(await item('dave@north.test', 'MT-2001')))
    expect((await item('nina@noterms.test', 'EL-1004')).price).toBeNull()
  })
})
