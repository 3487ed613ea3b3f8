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
})
