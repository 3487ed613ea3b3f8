import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// A toast is a sentence: the catalog's closed with 。 and a full stop while the stock pages' (adjusted, counted, imported)
// stopped short, one after the other on the same screens. The sales toasts (terms, price lists) are held to the same rule.
const load = (locale: string, ns: string) => JSON.parse(fs.readFileSync(path.resolve('app/i18n/locales', locale, `${ns}.json`), 'utf8'))
const ending = { en: '.', 'zh-CN': '。' } as const

// Every text under toast, nested groups included: a group is not a string, and text.endsWith on it threw a TypeError.
const texts = (o: unknown, prefix = ''): [string, string][] =>
  typeof o === 'string' ? [[prefix, o]] : o && typeof o === 'object' ? Object.entries(o).flatMap(([k, v]) => texts(v, prefix ? `${prefix}.${k}` : k)) : []

describe('master data, stock and sales toasts', () => {
  it.each(Object.entries(ending))('end as a sentence in %s', (locale, stop) => {
    const open = ['catalog', 'inventory', 'replenishment', 'sales'].flatMap((ns) =>
      texts(load(locale, ns).toast)
        .filter(([, text]) => !text.endsWith(stop))
        .map(([key, text]) => `${ns}:toast.${key} ${text}`),
    )
    expect(open).toEqual([])
  })
})
