import { createInstance } from 'i18next'
import { describe, expect, it } from 'vitest'
import { i18nOptions } from '~/i18n/i18n'

describe('counted texts', () => {
  it('read "1 movement" and "2 movements" in English on the stock page', async () => {
    const i18n = createInstance()
    await i18n.init({ ...i18nOptions, lng: 'en' })
    const en = i18n.getFixedT('en', 'inventory')
    expect(en('product.movesCount', { count: 1 })).toBe('1 movement')
    expect(en('product.movesCount', { count: 0 })).toBe('0 movements')
    expect(en('product.movesCount', { count: 2 })).toBe('2 movements')
    expect(i18n.getFixedT('zh-CN', 'inventory')('product.movesCount', { count: 1 })).toBe('共 1 条流水')
  })

  it('read one thing in the singular wherever a count names a noun', async () => {
    const i18n = createInstance()
    await i18n.init({ ...i18nOptions, lng: 'en' })
    const en = (ns: string, key: string, count: number, more: Record<string, unknown> = {}) => i18n.getFixedT('en', ns)(key, { count, ...more })
    expect([en('catalog', 'warehouses.binCount', 1), en('catalog', 'warehouses.binCount', 3)]).toEqual(['1 bin', '3 bins'])
    expect([en('common', 'import.errorsCount', 1), en('common', 'import.errorsCount', 2)]).toEqual([' (1 problem)', ' (2 problems)'])
    expect([en('sales', 'dealerTerms.days', 1), en('sales', 'dealerTerms.days', 30)]).toEqual(['1 day', '30 days'])
    expect(en('console', 'dashboard.pendingInvitations', 1)).toBe('1 invited person has not joined yet.')
    expect(en('console', 'dashboard.inactivePartners', 1)).toBe('1 partner organization is deactivated.')
    expect(en('audit', 'chain.ok', 1)).toBe('The hash chain verifies: 1 row checked, none altered.')
    expect(en('auction', 'portal.myBids.latestOnly', 1)).toBe('Your latest 1 bid.')
    expect(en('catalog', 'pdf.count', 1)).toBe('1 product')
    expect([en('auction', 'console.live.bidders', 1, { min: 2 }), en('auction', 'console.live.bidders', 3, { min: 2 })]).toEqual(['1 bidder, minimum 2', '3 bidders, minimum 2'])
    expect(en('catalog', 'toast.imported', 1, { created: 1, updated: 0 })).toBe('Imported 1 row: 1 created, 0 updated.')
    expect([en('inventory', 'toast.imported', 1), en('sales', 'toast.imported', 1), en('channel', 'toast.uploaded', 1)]).toEqual([
      '1 opening balance imported.',
      '1 price imported.',
      'Channel stock uploaded: 1 product.',
    ])
    // Chinese has one form; the key still resolves for every count.
    expect(i18n.getFixedT('zh-CN', 'sales')('dealerTerms.days', { count: 1 })).toBe(i18n.getFixedT('zh-CN', 'sales')('dealerTerms.days', { count: 2 }).replace('2', '1'))
  })
})

