import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { namespaces, supportedLocales } from '~/i18n/config'

// The parity test compares the two locale files with each other, so a key both lose (a commit built from an older copy of a
// file) passes it, and the UI shows the raw key. This checks the other side: every key the code names literally exists.
// Only what a simple scan can tell: t('ns:key') anywhere, and t('key') in a file whose t has one namespace
// (useTranslation('ns') / getFixedT(…, 'ns')). Keys built at run time (templates, variables) are skipped.

const load = (locale: string, ns: string) => JSON.parse(fs.readFileSync(path.resolve('app/i18n/locales', locale, `${ns}.json`), 'utf8'))
const resources = Object.fromEntries(supportedLocales.map((l) => [l, Object.fromEntries(namespaces.map((ns) => [ns, load(l, ns)]))]))

function has(locale: string, ns: string, key: string): boolean {
  const parent = key.split('.').slice(0, -1).reduce((o: any, p) => o?.[p], resources[locale][ns])
  const leaf = key.split('.').at(-1)!
  // A plural key is used bare (t('x', { count })) and stored with its suffixes.
  return parent?.[leaf] !== undefined || ['one', 'other'].some((s) => parent?.[`${leaf}_${s}`] !== undefined)
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === 'locales' || e.name === 'node_modules' ? [] : sourceFiles(p)
    return /\.(ts|tsx)$/.test(e.name) ? [p] : []
  })
}

/** The namespaces this file's `t` can mean: useTranslation() is the default namespace. */
function fileNamespaces(src: string): Set<string> {
  const found = new Set<string>()
  for (const m of src.matchAll(/useTranslation\(\s*(?:\[\s*)?(?:'(\w+)')?/g)) found.add(m[1] ?? 'common')
  for (const m of src.matchAll(/getFixedT\([^)]*?,\s*'(\w+)'\s*\)/g)) found.add(m[1])
  return found
}

describe('translation keys used in code', () => {
  const roots = ['app', ...fs.readdirSync('.').filter((d) => d.startsWith('portal-') && fs.statSync(d).isDirectory())]
  const files = roots.flatMap(sourceFiles)
  const uses: { file: string; ns: string; key: string }[] = []
  for (const file of files) {
    const src = fs.readFileSync(file, 'utf8')
    const own = [...fileNamespaces(src)]
    for (const m of src.matchAll(/\bt\(\s*'([\w.:-]+)'\s*(?:,\s*\{[^}]*?\bns:\s*'(\w+)')?/g)) {
      const [nsPart, keyPart] = m[1].includes(':') ? m[1].split(':', 2) : [m[2] ?? (own.length === 1 ? own[0] : null), m[1]]
      if (nsPart && (namespaces as readonly string[]).includes(nsPart)) uses.push({ file, ns: nsPart, key: keyPart })
    }
  }

  it('finds the keys of the code', () => expect(uses.length).toBeGreaterThan(1000))
  it.each([...supportedLocales])('exist in %s', (locale) => {
    const missing = uses.filter((u) => !has(locale, u.ns, u.key)).map((u) => `${u.file}: ${u.ns}:${u.key}`)
    expect([...new Set(missing)]).toEqual([])
  })
})
