import { describe, expect, it } from 'vitest'
import { isListValidOn, rangesOverlap, resolvePrice, type PriceListCandidate } from '~/domain/sales/pricing.rules'

const list = (over: Partial<PriceListCandidate>): PriceListCandidate => ({
  id: over.code ?? 'L',
  code: 'L',
  tier: 'A',
  currency: 'CNY',
  validFrom: '2026-01-01',
  validTo: null,
  items: [{ minQty: '1', unitPrice: '10.0000' }],
  ...over,
})

describe('price list validity', () => {
  it('includes valid_from and excludes valid_to', () => {
    const l = { validFrom: '2026-03-01', validTo: '2026-04-01' }
    expect(isListValidOn(l, '2026-02-28')).toBe(false)
    expect(isListValidOn(l, '2026-03-01')).toBe(true)
    expect(isListValidOn(l, '2026-03-31')).toBe(true)
    expect(isListValidOn(l, '2026-04-01')).toBe(false)
    expect(isListValidOn({ validFrom: '2026-03-01', validTo: null }, '2099-12-31')).toBe(true)
  })

  it('tells overlapping ranges apart from adjacent ones', () => {
    expect(rangesOverlap({ validFrom: '2026-01-01', validTo: '2026-02-01' }, { validFrom: '2026-02-01', validTo: null })).toBe(false)
    expect(rangesOverlap({ validFrom: '2026-01-01', validTo: '2026-02-02' }, { validFrom: '2026-02-01', validTo: null })).toBe(true)
    expect(rangesOverlap({ validFrom: '2026-01-01', validTo: null }, { validFrom: '2025-01-01', validTo: null })).toBe(true)
  })
})

describe('resolvePrice', () => {
  const breaks = list({ items: [{ minQty: '500', unitPrice: '8.0000' }, { minQty: '1', unitPrice: '10.0000' }, { minQty: '100', unitPrice: '9.0000' }] })

  it('takes the break with the largest min_qty not above the quantity', () => {
    const at = (quantity: string) => resolvePrice([breaks], { tier: 'A', quantity, date: '2026-06-01' })?.unitPrice
    expect(at('1')).toBe('10.0000')
    expect(at('99.9999')).toBe('10.0000')
    expect(at('100')).toBe('9.0000')
    expect(at('499')).toBe('9.0000')
    expect(at('500')).toBe('8.0000')
    expect(at('100000')).toBe('8.0000')
  })

  it('returns the volume ladder ascending', () => {
    expect(resolvePrice([breaks], { tier: 'A', quantity: '1', date: '2026-06-01' })?.breaks.map((b) => b.minQty)).toEqual(['1', '100', '500'])
  })

  it('only looks at lists of the dealer’s tier', () => {
    const b = list({ code: 'B', tier: 'B', items: [{ minQty: '1', unitPrice: '11.0000' }] })
    expect(resolvePrice([breaks, b], { tier: 'B', quantity: '1', date: '2026-06-01' })?.priceListCode).toBe('B')
    expect(resolvePrice([breaks, b], { tier: 'C', quantity: '1', date: '2026-06-01' })).toBeNull()
  })

  it('ignores lists not valid on the date', () => {
    const expired = list({ code: 'OLD', validFrom: '2025-01-01', validTo: '2026-01-01', items: [{ minQty: '1', unitPrice: '7.0000' }] })
    const future = list({ code: 'NEXT', validFrom: '2027-01-01', items: [{ minQty: '1', unitPrice: '12.0000' }] })
    expect(resolvePrice([expired, breaks, future], { tier: 'A', quantity: '1', date: '2026-06-01' })?.priceListCode).toBe('L')
    expect(resolvePrice([expired, breaks, future], { tier: 'A', quantity: '1', date: '2025-12-31' })?.priceListCode).toBe('OLD')
    expect(resolvePrice([expired, breaks, future], { tier: 'A', quantity: '1', date: '2027-01-01' })?.priceListCode).toBe('NEXT')
  })

  it('lets the most recently starting of overlapping lists win, and breaks ties by code', () => {
    const promo = list({ code: 'PROMO', validFrom: '2026-05-01', validTo: '2026-07-01', items: [{ minQty: '1', unitPrice: '9.5000' }] })
    expect(resolvePrice([breaks, promo], { tier: 'A', quantity: '1', date: '2026-06-01' })?.unitPrice).toBe('9.5000')
    expect(resolvePrice([promo, breaks], { tier: 'A', quantity: '1', date: '2026-07-01' })?.unitPrice).toBe('10.0000')
    const twin = list({ code: 'PROMO2', validFrom: '2026-05-01', items: [{ minQty: '1', unitPrice: '9.0000' }] })
    expect(resolvePrice([promo, twin], { tier: 'A', quantity: '1', date: '2026-06-01' })?.priceListCode).toBe('PROMO2')
    expect(resolvePrice([twin, promo], { tier: 'A', quantity: '1', date: '2026-06-01' })?.priceListCode).toBe('PROMO2')
  })

  it('skips a newer list that does not price the product, and does not fall back below the winner’s minimum order', () => {
    const empty = list({ code: 'NEW', validFrom: '2026-05-01', items: [] })
    expect(resolvePrice([breaks, empty], { tier: 'A', quantity: '1', date: '2026-06-01' })?.priceListCode).toBe('L')
    const bulkOnly = list({ code: 'BULK', validFrom: '2026-05-01', items: [{ minQty: '50', unitPrice: '9.0000' }] })
    expect(resolvePrice([breaks, bulkOnly], { tier: 'A', quantity: '10', date: '2026-06-01' })).toBeNull()
  })

  it('refuses zero, negative and non-numeric quantities', () => {
    for (const quantity of ['0', '-1', 'NaN', 'Infinity']) expect(resolvePrice([breaks], { tier: 'A', quantity, date: '2026-06-01' })).toBeNull()
  })
})
