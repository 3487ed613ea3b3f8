// The savings against the last purchase price: a best bid above it is said once, as how far above,
// never as a negative saving with "above" appended.
import { createInstance } from 'i18next'
import { describe, expect, it } from 'vitest'
import { figureText, lastPurchaseSavings, savingsFigure } from '~/domain/auction/savings-text'
import { i18nOptions } from '~/i18n/i18n'

async function translators() {
  const i18n = createInstance()
  await i18n.init({ ...i18nOptions, lng: 'en' })
  return { en: i18n.getFixedT('en', 'auction'), zh: i18n.getFixedT('zh-CN', 'auction') }
}

describe('the savings against the last purchase price', () => {
  it('below it: a saving, amount and share as they are', async () => {
    const { en, zh } = await translators()
    const s = { amount: '3300.00', percent: '5.81' }
    expect(lastPurchaseSavings(en, s, 'CNY', 'en')).toEqual({ label: 'Savings vs last purchase price', figure: { amount: 'CN¥3,300.00', share: '5.81%' }, above: false })
    const cn = lastPurchaseSavings(zh, s, 'CNY', 'zh-CN')
    expect([cn.label, figureText(cn.figure, 'zh-CN')]).toEqual(['较上次采购价节省', '¥3,300.00（5.81%）'])
  })

  it('above it: the label says so and the figure is how far above, with no minus sign', async () => {
    const { en, zh } = await translators()
    const s = { amount: '-7000.00', percent: '-3.15' }
    const e = lastPurchaseSavings(en, s, 'CNY', 'en')
    expect([e.label, figureText(e.figure, 'en'), e.above]).toEqual(['Above the last purchase price', 'CN¥7,000.00 (+3.15%)', true])
    const c = lastPurchaseSavings(zh, s, 'CNY', 'zh-CN')
    expect([c.label, figureText(c.figure, 'zh-CN')]).toEqual(['高于上次采购价', '¥7,000.00（+3.15%）'])
    expect(`${c.label}${figureText(c.figure, 'zh-CN')}`).not.toMatch(/-|节省/)
  })

  it('at it: no saving, and not "above"; without a best bid no figure', async () => {
    const { zh } = await translators()
    for (const amount of ['0.00', '-0.00']) {
      const at = lastPurchaseSavings(zh, { amount, percent: '0.00' }, 'CNY', 'zh-CN')
      expect([at.label, at.above]).toEqual(['较上次采购价节省', false])
    }
    const none = lastPurchaseSavings(zh, null, 'CNY', 'zh-CN')
    expect([none.label, none.figure, figureText(none.figure, 'zh-CN')]).toEqual(['较上次采购价节省', null, '—'])
  })

  it('the ceiling’s savings read the same way through savingsFigure', () => {
    expect(figureText(savingsFigure({ amount: '6500.00', percent: '10.83' }, 'CNY', 'zh-CN'), 'zh-CN')).toBe('¥6,500.00（10.83%）')
  })
})
