import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { namespaces, supportedLocales } from '~/i18n/config'
import { fixedT } from '~/i18n/i18next.server'

const dir = path.resolve('app/i18n/locales')
const strings = (obj: unknown): string[] => (obj && typeof obj === 'object' ? Object.values(obj).flatMap(strings) : typeof obj === 'string' ? [obj] : [])

describe('a count in a sentence', () => {
  // "1085 serial numbers" beside tables that print 1,085: every count is grouped as the reader's language groups numbers.
  it('is always interpolated as a number', () => {
    for (const locale of supportedLocales)
      for (const ns of namespaces) {
        const raw = strings(JSON.parse(fs.readFileSync(path.join(dir, locale, `${ns}.json`), 'utf8')))
        expect(raw.filter((s) => /\{\{\s*count\s*\}\}/.test(s)), `${locale}/${ns}`).toEqual([])
      }
  })

  it('groups thousands in both languages and still picks the plural form', async () => {
    const en = await fixedT('en', 'common')
    const zh = await fixedT('zh-CN', 'common')
    expect(en('table.total', { count: 100000 })).toContain('100,000')
    expect(zh('table.total', { count: 100000 })).toContain('100,000')
    const inv = await fixedT('en', 'inventory')
    expect(inv('trace.moreOrders', { count: 1 })).toBe('and 1 more order')
    expect(inv('trace.moreOrders', { count: 1200 })).toBe('and 1,200 more orders')
  })
})
