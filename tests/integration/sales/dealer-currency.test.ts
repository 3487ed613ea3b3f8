// A dealer's currency: only one its tier's price lists use, never changed while orders or receivables of the
// old one are open, and its credit figures never add two currencies together. Pricing reads only the lists in
// it, and no price list can leave a tier's dealers without one.
import { and, eq, inArray } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { dealerTerms, organizations, priceLists, salesOrders } from '~db/schema'
import { dealerExposure } from '~/domain/orders/credit.server'
import { openOrderStatuses } from '~/domain/orders/order.rules'
import { quoteCart } from '~/domain/orders/quote-cart.server'
import { getDealerCatalogItem } from '~/domain/sales/dealer-catalog.queries.server'
import { createPriceList, updatePriceList } from '~/domain/sales/save-price-list.server'
import { setPriceListItem } from '~/domain/sales/set-price-list-item.server'
import { setDealerTerms } from '~/domain/sales/set-dealer-terms.server'
import { businessDate } from '~/domain/sales/sales.queries.server'
import { DomainError } from '~/utils/errors'
import { D } from '~/utils/money'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { payload, routeArgs, statusOf } from '../catalog/helpers'
import { dealer, order, orderRow, productId, warehouseId } from '../orders/helpers'

useTestDatabase({ seed: true })

const orgId = async (code: string) => (await db().select({ id: organizations.id }).from(organizations).where(eq(organizations.code, code)))[0].id
const termsOf = async (id: string) => (await db().select().from(dealerTerms).where(eq(dealerTerms.dealerOrgId, id)))[0]
/** An ISO date some days from another (negative: before it). */
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
const eastTerms = { priceTier: 'B', creditLimit: '200000', paymentTermsDays: 45, salesOwnerUserId: null, currency: 'USD' }

describe('a dealer’s currency', () => {
  it('is refused when no price list of its tier is in it, naming the tier’s currencies on the currency field', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const east = await orgId('DLR-EAST')
    const before = await termsOf(east)
    const err = await setDealerTerms(mgr, east, eastTerms).catch((e: DomainError) => e)
    expect(err).toBeInstanceOf(DomainError)
    expect(err).toMatchObject({ code: 'bad_input', fieldErrors: { currency: [expect.stringContaining('sales:errors.currencyNotInTier')] } })
    expect((err as DomainError).fieldErrors!.currency[0]).toContain('"currencies":"CNY"')
    expect(await termsOf(east)).toEqual(before)

    // The console form shows it on the currency field (400).
    const route = await import('~/routes/console.dealer-terms.$orgId')
    const body = new URLSearchParams({ priceTier: 'B', creditLimit: '200000', paymentTermsDays: '45', salesOwnerUserId: '', currency: 'USD' })
    const result = await route.action!(routeArgs(mgr, `/console/dealer-terms/${east}`, { orgId: east }, { method: 'POST', body }))
    expect(await statusOf(async () => result)).toBe(400)
    expect(payload(result).submission.error.currency[0]).toContain('sales:errors.currencyNotInTier')
  })

  it('prices from its own currency only: a newer list of the tier in another currency does not take over its lines', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const erin = await dealer('erin@east.test')
    const body = { warehouseId: await warehouseId('SH-MAIN'), lines: [{ productId: await productId('PK-3002'), quantity: '3' }] }
    const before = await quoteCart(erin, body)
    const { id } = await createPriceList(mgr, { code: 'PL-B-USD-NEW', nameEn: 'Tier B (USD, new)', nameZh: 'B 级（美元，新）', tier: 'B', currency: 'USD', validFrom: '2026-06-01', validTo: null })
    await setPriceListItem(mgr, id, { sku: 'PK-3002', minQty: '1', unitPrice: '0.10' })
    const after = await quoteCart(erin, body)
    expect(after.problems).toEqual([])
    expect(after.total).toBe(before.total)
    const item = await getDealerCatalogItem(erin, body.lines[0].productId)
    expect(item?.price).toMatchObject({ currency: 'CNY' })
    expect(item?.price?.unitPrice).not.toBe('0.1000')
  })

  it('is not changed while the dealer has open orders or receivables in the old one; it is once they are settled', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const east = await orgId('DLR-EAST')
    // Tier B now has a USD list, so only the open CNY orders stand in the way.
    await createPriceList(mgr, { code: 'PL-B-USD', nameEn: 'Tier B (USD)', nameZh: 'B 级（美元）', tier: 'B', currency: 'USD', validFrom: '2026-01-01', validTo: null })
    await order(await actorFor('erin@east.test'), 'SH-MAIN', [['PK-3001', '2']])
    const before = await termsOf(east)
    const err = await setDealerTerms(mgr, east, eastTerms).catch((e: DomainError) => e)
    expect(err).toMatchObject({ code: 'conflict', fieldErrors: { currency: [expect.stringContaining('sales:errors.currencyInUse')] } })
    expect(await termsOf(east)).toEqual(before)

    // Once nothing of it is live (every order cancelled or paid in full), the dealer may move to USD.
    await db().update(salesOrders).set({ status: 'cancelled' }).where(and(eq(salesOrders.dealerOrgId, east), inArray(salesOrders.status, [...openOrderStatuses])))
    await db()
      .update(salesOrders)
      .set({ paidTotal: salesOrders.total })
      .where(and(eq(salesOrders.dealerOrgId, east), inArray(salesOrders.status, ['shipped', 'delivered'])))
    expect(await setDealerTerms(mgr, east, eastTerms)).toEqual({ changed: true })
    expect((await termsOf(east)).currency).toBe('USD')
  })

  it('is the only one the credit figures count: an order in another currency is never added to them', async () => {
    const north = await orgId('DLR-NORTH')
    await order(await actorFor('dave@north.test'), 'SH-MAIN', [['PK-3001', '1']])
    const placed = await order(await actorFor('dave@north.test'), 'SH-MAIN', [['PK-3001', '3']])
    const before = await dealerExposure(db(), north)
    const open = await orderRow(placed.order.id)
    // An order left in another currency (as a relabelled dealer had): out of the CNY figures, not added to them.
    await db().update(salesOrders).set({ currency: 'USD' }).where(eq(salesOrders.id, open.id))
    const after = await dealerExposure(db(), north)
    expect(new D(before.openOrders).minus(after.openOrders).toFixed(2)).toBe(new D(open.total).toFixed(2))
    expect(after.receivables).toBe(before.receivables)
  })

  it('keeps a list from leaving a tier’s dealers without one in their currency (by currency or by tier), counting only lists not ended', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const [a] = await db().select().from(priceLists).where(eq(priceLists.code, 'PL-A-2026'))
    const edit = (over: Partial<typeof a>) => updatePriceList(mgr, a.id, { code: a.code, nameEn: a.nameEn, nameZh: a.nameZh, tier: a.tier, currency: a.currency, validFrom: a.validFrom, validTo: a.validTo, ...over })
    const tierACny = await db().$count(dealerTerms, and(eq(dealerTerms.priceTier, 'A'), eq(dealerTerms.currency, 'CNY')))
    expect(tierACny).toBeGreaterThan(0)
    const refused = async (over: Partial<typeof a>, field: 'currency' | 'tier') => {
      const err = await edit(over).catch((e: DomainError) => e)
      expect(err).toMatchObject({ code: 'conflict', fieldErrors: { [field]: [expect.stringContaining('sales:errors.currencyStillUsed')] } })
      expect((err as DomainError).fieldErrors![field][0]).toContain(`"currency":"CNY","count":${tierACny}`)
      expect((await db().select().from(priceLists).where(eq(priceLists.id, a.id)))[0]).toEqual(a)
    }
    await refused({ currency: 'USD' }, 'currency')
    // Another tier-A list keeps the tier priced, but in USD: its CNY dealers would still have nothing.
    await createPriceList(mgr, { code: 'PL-A-USD', nameEn: 'Tier A (USD)', nameZh: 'A 级（美元）', tier: 'A', currency: 'USD', validFrom: '2026-01-01', validTo: null })
    await refused({ tier: 'B' }, 'tier')
    // A CNY list that has ended prices nobody.
    await createPriceList(mgr, { code: 'PL-A-2025', nameEn: 'Tier A 2025', nameZh: 'A 级 2025', tier: 'A', currency: 'CNY', validFrom: '2025-01-01', validTo: '2026-01-01' })
    await refused({ currency: 'USD' }, 'currency')
    // A CNY list that starts later keeps the tier's CNY dealers priced some day, not today: refused too, as leaving a gap now.
    const today = await businessDate()
    await createPriceList(mgr, { code: 'PL-A-2027', nameEn: 'Tier A 2027', nameZh: 'A 级 2027', tier: 'A', currency: 'CNY', validFrom: addDays(today, 40), validTo: null })
    const gap = await edit({ currency: 'USD' }).catch((e: DomainError) => e)
    expect(gap).toMatchObject({ code: 'conflict', fieldErrors: { currency: [expect.stringContaining('sales:errors.lastListToday')] } })
    // With another CNY list of the tier in force today, the change is the price manager's to make.
    await createPriceList(mgr, { code: 'PL-A-NOW', nameEn: 'Tier A now', nameZh: 'A 级（当前）', tier: 'A', currency: 'CNY', validFrom: addDays(today, -1), validTo: addDays(today, 41) })
    expect(await edit({ currency: 'USD' })).toEqual({ changed: true })

    // A dealer's currency used only by an ended list of its tier is refused too.
    await createPriceList(mgr, { code: 'PL-C-USD-OLD', nameEn: 'Tier C (USD, old)', nameZh: 'C 级（美元，旧）', tier: 'C', currency: 'USD', validFrom: '2025-01-01', validTo: '2026-01-01' })
    const south = await orgId('DLR-SOUTH')
    const err = await setDealerTerms(mgr, south, { ...eastTerms, priceTier: 'C' }).catch((e: DomainError) => e)
    expect(err).toMatchObject({ code: 'bad_input', fieldErrors: { currency: [expect.stringContaining('sales:errors.currencyNotInTier')] } })
  })
})
