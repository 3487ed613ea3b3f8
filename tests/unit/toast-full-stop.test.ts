import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// A toast is a sentence: the catalog's closed with 。 and a full stop while the stock pages' (adjusted, counted, imported)
// stopped short, one after the other on the same screens.
const load = (locale: string, ns: string) => JSON.parse(fs.readFileSync(path.resolve('app/i18n/locales', locale, `${ns}.json`), 'utf8'))
const ending = { en: '.', 'zh-CN': '。' } as const

describe('master data and stock toasts', () => {
  it.each(Object.entries(ending))('end as a sentence in %s', (locale, stop) => {
    const open = ['catalog', 'inventory', 'replenishment'].flatMap((ns) =>
      Object.entries(load(locale, ns).toast as Record<string, string>)
        .filter(([, text]) => !text.endsWith(stop))
        .map(([key, text]) => `${ns}:toast.${key} ${text}`),
    )
    expect(open).toEqual([])
  })
})
