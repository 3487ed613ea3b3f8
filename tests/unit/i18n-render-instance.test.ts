import { createInstance } from 'i18next'
import { describe, expect, it } from 'vitest'
import { i18nOptions } from '~/i18n/i18n'
import { renderI18n } from '~/i18n/i18next.server'

// The render instance remembers plain lookups; it must answer exactly as a plain i18next does.
describe('server render instance', () => {
  it('answers plain keys, interpolation, plurals and missing keys as i18next does, however often asked', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const shared = await renderI18n(locale)
      const reference = createInstance()
      await reference.init({ ...i18nOptions, lng: locale })
      const sharedT = shared.getFixedT(locale, 'common')
      const referenceT = reference.getFixedT(locale, 'common')
      for (let round = 0; round < 3; round++) {
        for (const [key, opts] of [
          ['actions.search', undefined],
          ['table.total', { count: 1 }],
          ['table.total', { count: 7 + round }],
          ['table.page', { page: round + 1, pages: 9 }],
          ['table.page', { page: String(round + 1), pages: '9' }],
          ['table.sortBy', { column: 'a\u0000"b' }],
          ['table.sortBy', { column: 'a' }],
          ['userMenu.signedInAs', { email: `x${round}@example.test`, defaultValue: 'fallback' }],
          ['table.total', { count: 2, interpolation: { escapeValue: true } }],
          ['table', { returnObjects: true }],
          ['no.such.key', undefined],
        ] as const) {
          expect(sharedT(key, opts as never)).toEqual(referenceT(key, opts as never))
        }
        // react-i18next asks for a fixed t with the namespaces as a list and no language (lngs: null).
        expect(shared.getFixedT(locale, ['orders'])('status.delivered')).toBe(reference.getFixedT(locale, ['orders'])('status.delivered'))
        expect(shared.getFixedT(null as never, 'orders')('status.delivered')).toBe(reference.getFixedT(null as never, 'orders')('status.delivered'))
        // The same key in two namespaces has two answers.
        expect(shared.getFixedT(locale, 'orders')('status.delivered')).toBe(reference.getFixedT(locale, 'orders')('status.delivered'))
        expect(sharedT('status.delivered')).toBe(referenceT('status.delivered'))
      }
      // The other language's instance is not served from this one's answers.
      expect(sharedT('actions.search')).not.toBe((await renderI18n(locale === 'en' ? 'zh-CN' : 'en')).getFixedT(locale === 'en' ? 'zh-CN' : 'en', 'common')('actions.search'))
    }
  })
  it('keeps answering right after the remembered set is emptied at its bound', async () => {
    const shared = (await renderI18n('en')).getFixedT('en', 'common')
    for (let i = 0; i < 20_100; i++) shared('table.page', { page: i, pages: 1 })
    expect(shared('table.page', { page: 3, pages: 1 })).toBe('Page 3 of 1')
    expect(shared('table.page', { page: 20_099, pages: 1 })).toBe('Page 20099 of 1')
  })
  it('answers the calls react-i18next makes from memory after the first', async () => {
    const shared = await renderI18n('zh-CN')
    // What reaches i18next itself: the memo wraps it, so count the calls it lets through.
    const resolved: string[] = []
    const translator = (shared as unknown as { translator: { translate: (k: string, ...rest: unknown[]) => unknown } }).translator
    const original = translator.translate.bind(translator)
    translator.translate = (k: string, ...rest: unknown[]) => {
      resolved.push(k)
      return original(k, ...rest)
    }
    try {
      const asReact = shared.getFixedT(null as never, ['orders'])
      for (let i = 0; i < 5; i++) {
        asReact('status.shipped')
        asReact('status.shipped', { count: 2 })
      }
      expect(resolved.filter((k) => k === 'status.shipped').length).toBeLessThanOrEqual(2)
    } finally {
      translator.translate = original
    }
  })
})
