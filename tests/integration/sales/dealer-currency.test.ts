// A dealer's currency: only one its tier's price lists use, never changed while orders or receivables of the
// old one are open, and its credit figures never add two currencies together.
import { and, eq, inArray } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { dealerTerms, organizations, salesOrders } from '~db/schema'
import { dealerExposure } from '~/domain/orders/credit.server'
import { openOrderStatuses } from '~/domain/orders/order.rules'
import { createPriceList } from '~/domain/sales/save-price-list.server'
import { setDealerTerms } from '~/domain/sales/set-dealer-terms.server'
import { DomainError } from '~/utils/errors'
import { D } from '~/utils/money'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { payload, routeArgs, statusOf } from '../catalog/helpers'
import { order, orderRow } from '../orders/helpers'

useTestDatabase({ seed: true })

const orgId = async (code: string) => (await db().select({ id: organizations.id }).from(organizations).where(eq(organizations.code, code)))[0].id
const termsOf = async (id: string) => (await db().select().from(dealerTerms).where(eq(dealerTerms.dealerOrgId, id)))[0]
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
})
