import { describe, expect, it } from 'vitest'
import { formatTaxRate, formatUnitPrice, isListValidOn, priceLadder, rangesOverlap, resolvePrice, type PriceListCandidate } from '~/domain/sales/pricing.rules'

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
    const at = (quantity: string) => resolvePrice([breaks], { tier: 'A', currency: 'CNY', quantity, date: '2026-06-01' })?.unitPrice
    expect(at('1')).toBe('10.0000')
    expect(at('99.9999')).toBe('10.0000')
    expect(at('100')).toBe('9.0000')
    expect(at('499')).toBe('9.0000')
    expect(at('500')).toBe('8.0000')
    expect(at('100000')).toBe('8.0000')
  })

  it('returns the volume ladder ascending', () => {
    expect(resolvePrice([breaks], { tier: 'A', currency: 'CNY', quantity: '1', date: '2026-06-01' })?.breaks.map((b) => b.minQty)).toEqual(['1', '100', '500'])
  })

  it('only looks at lists of the dealer’s tier', () => {
    const b = list({ code: 'B', tier: 'B', items: [{ minQty: '1', unitPrice: '11.0000' }] })
    expect(resolvePrice([breaks, b], { tier: 'B', currency: 'CNY', quantity: '1', date: '2026-06-01' })?.priceListCode).toBe('B')
    expect(resolvePrice([breaks, b], { tier: 'C', currency: 'CNY', quantity: '1', date: '2026-06-01' })).toBeNull()
  })

  it('ignores lists not valid on the date', () => {
    const expired = list({ code: 'OLD', validFrom: '2025-01-01', validTo: '2026-01-01', items: [{ minQty: '1', unitPrice: '7.0000' }] })
    const future = list({ code: 'NEXT', validFrom: '2027-01-01', items: [{ minQty: '1', unitPrice: '12.0000' }] })
    expect(resolvePrice([expired, breaks, future], { tier: 'A', currency: 'CNY', quantity: '1', date: '2026-06-01' })?.priceListCode).toBe('L')
    expect(resolvePrice([expired, breaks, future], { tier: 'A', currency: 'CNY', quantity: '1', date: '2025-12-31' })?.priceListCode).toBe('OLD')
    expect(resolvePrice([expired, breaks, future], { tier: 'A', currency: 'CNY', quantity: '1', date: '2027-01-01' })?.priceListCode).toBe('NEXT')
  })

  it('lets the most recently starting of overlapping lists win, and breaks ties by code', () => {
    const promo = list({ code: 'PROMO', validFrom: '2026-05-01', validTo: '2026-07-01', items: [{ minQty: '1', unitPrice: '9.5000' }] })
    expect(resolvePrice([breaks, promo], { tier: 'A', currency: 'CNY', quantity: '1', date: '2026-06-01' })?.unitPrice).toBe('9.5000')
    expect(resolvePrice([promo, breaks], { tier: 'A', currency: 'CNY', quantity: '1', date: '2026-07-01' })?.unitPrice).toBe('10.0000')
    const twin = list({ code: 'PROMO2', validFrom: '2026-05-01', items: [{ minQty: '1', unitPrice: '9.0000' }] })
    expect(resolvePrice([promo, twin], { tier: 'A', currency: 'CNY', quantity: '1', date: '2026-06-01' })?.priceListCode).toBe('PROMO2')
    expect(resolvePrice([twin, promo], { tier: 'A', currency: 'CNY', quantity: '1', date: '2026-06-01' })?.priceListCode).toBe('PROMO2')
  })

  it('skips a newer list that does not price the product, and does not fall back below the winner’s minimum order', () => {
    const empty = list({ code: 'NEW', validFrom: '2026-05-01', items: [] })
    expect(resolvePrice([breaks, empty], { tier: 'A', currency: 'CNY', quantity: '1', date: '2026-06-01' })?.priceListCode).toBe('L')
    const bulkOnly = list({ code: 'BULK', validFrom: '2026-05-01', items: [{ minQty: '50', unitPrice: '9.0000' }] })
    expect(resolvePrice([breaks, bulkOnly], { tier: 'A', currency: 'CNY', quantity: '10', date: '2026-06-01' })).toBeNull()
  })

  it('refuses zero, negative and non-numeric quantities', () => {
    for (const quantity of ['0', '-1', 'NaN', 'Infinity']) expect(resolvePrice([breaks], { tier: 'A', currency: 'CNY', quantity, date: '2026-06-01' })).toBeNull()
  })

  it('prices only from lists in the dealer\'s currency: a newer list of the tier in another currency does not win', () => {
    const usd = list({ code: 'USD-NEW', currency: 'USD', validFrom: '2026-05-01', items: [{ minQty: '1', unitPrice: '1.5000' }] })
    expect(resolvePrice([breaks, usd], { tier: 'A', currency: 'CNY', quantity: '1', date: '2026-06-01' })).toMatchObject({ priceListCode: 'L', currency: 'CNY', unitPrice: '10.0000' })
    expect(resolvePrice([breaks, usd], { tier: 'A', currency: 'USD', quantity: '1', date: '2026-06-01' })).toMatchObject({ priceListCode: 'USD-NEW', currency: 'USD' })
    expect(priceLadder([usd], { tier: 'A', currency: 'CNY', date: '2026-06-01' })).toBeNull()
  })
})

describe('the price ladder the catalog shows', () => {
  it('is the list resolvePrice would choose, with its breaks ascending, whatever the quantity', () => {
    const standing = list({ code: 'STD', items: [{ minQty: '500', unitPrice: '8.0000' }, { minQty: '1', unitPrice: '10.0000' }, { minQty: '100', unitPrice: '9.0000' }] })
    const promo = list({ code: 'PROMO', validFrom: '2026-07-01', validTo: '2026-08-01', items: [{ minQty: '10', unitPrice: '7.0000' }] })
    const other = list({ code: 'B', tier: 'B', items: [{ minQty: '1', unitPrice: '1.0000' }] })
    const lists = [standing, promo, other]
    expect(priceLadder(lists, { tier: 'A', currency: 'CNY', date: '2026-06-30' })).toEqual({
      priceListId: 'STD',
      priceListCode: 'STD',
      currency: 'CNY',
      breaks: [
        { minQty: '1', unitPrice: '10.0000' },
        { minQty: '100', unitPrice: '9.0000' },
        { minQty: '500', unitPrice: '8.0000' },
      ],
    })
    // The promo wins in July: its only break (10) is the minimum order, and quantity 1 has no price.
    expect(priceLadder(lists, { tier: 'A', currency: 'CNY', date: '2026-07-15' })?.breaks).toEqual([{ minQty: '10', unitPrice: '7.0000' }])
    expect(resolvePrice(lists, { tier: 'A', currency: 'CNY', quantity: '1', date: '2026-07-15' })).toBeNull()
    expect(priceLadder(lists, { tier: 'C', currency: 'CNY', date: '2026-07-15' })).toBeNull()
    expect(priceLadder(lists, { tier: 'A', currency: 'CNY', date: '2025-12-31' })).toBeNull()
    for (const date of ['2026-06-30', '2026-07-15']) {
      for (const quantity of ['10', '100', '600']) {
        const r = resolvePrice(lists, { tier: 'A', currency: 'CNY', quantity, date })!
        expect(r.breaks, `${date} ${quantity}`).toEqual(priceLadder(lists, { tier: 'A', currency: 'CNY', date })!.breaks)
      }
    }
  })

  it('formats unit prices to up to 4 decimals without rounding a sub-cent price away, and tax as a percentage', () => {
    expect(formatUnitPrice('0.0960', 'CNY', 'en')).toBe('CN¥0.096')
    expect(formatUnitPrice('134.4000', 'CNY', 'en')).toBe('CN¥134.40')
    expect(formatUnitPrice('1234.5678', 'CNY', 'zh-CN')).toBe('¥1,234.5678')
    expect(formatTaxRate('0.1300', 'en')).toBe('13%')
    expect(formatTaxRate('0.0900', 'zh-CN')).toBe('9%')
  })
})
