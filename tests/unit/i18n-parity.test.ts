import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { namespaces, supportedLocales } from '~/i18n/config'

const dir = path.resolve('app/i18n/locales')

function keys(obj: unknown, prefix = ''): string[] {
  if (obj && typeof obj === 'object') return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
  return [prefix]
}
const load = (locale: string, ns: string) => JSON.parse(fs.readFileSync(path.join(dir, locale, `${ns}.json`), 'utf8'))

describe('locales', () => {
  it('have the same namespaces on disk as the config declares', () => {
    for (const locale of supportedLocales) {
      const onDisk = fs.readdirSync(path.join(dir, locale)).map((f) => f.replace(/\.json$/, '')).sort()
      expect(onDisk).toEqual([...namespaces].sort())
    }
  })
  it.each([...namespaces])('namespace %s has the same keys in 简体中文 and English', (ns) => {
    expect(keys(load('zh-CN', ns)).sort()).toEqual(keys(load('en', ns)).sort())
  })
  it('has no empty translations', () => {
    for (const locale of supportedLocales)
      for (const ns of namespaces) {
        const flat = keys(load(locale, ns)).map((k) => k.split('.').reduce((o: any, p) => o[p], load(locale, ns)))
        expect(flat.filter((v) => typeof v === 'string' && v.trim() === '')).toEqual([])
      }
  })
  it('uses the same interpolation variables in both languages', () => {
    for (const ns of namespaces) {
      const en = load('en', ns)
      const zh = load('zh-CN', ns)
      for (const k of keys(en)) {
        const get = (o: any) => k.split('.').reduce((x: any, p) => x?.[p], o)
        // {{count, number}} is a variable too, and $t(…) pulls another string in: a translation that drops either shows less.
        const vars = (s: unknown) => (typeof s === 'string' ? [...s.matchAll(/{{\s*(\w+)\s*(?:,[^}]*)?}}/g)].map((m) => m[1]).sort() : [])
        const refs = (s: unknown) => (typeof s === 'string' ? [...s.matchAll(/\$t\(\s*([^,)]+?)\s*[,)]/g)].map((m) => m[1]).sort() : [])
        expect(vars(get(zh)), `${ns}:${k}`).toEqual(vars(get(en)))
        expect(refs(get(zh)), `${ns}:${k} $t`).toEqual(refs(get(en)))
      }
    }
  })
})
