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

// The other way round, for the master data and stock namespaces: a key no code names is a text nobody reads, and one left
// behind goes stale unseen (catalog:import.done would have read "Imported 1 rows"). Named means written whole in quotes (or in
// a locale's $t(…)), or matched by a template key of the code (`tracking.${p.tracking}`, `${kind}.codeHint`).
describe('translation keys nobody uses', () => {
  const roots = ['app', ...fs.readdirSync('.').filter((d) => d.startsWith('portal-') && fs.statSync(d).isDirectory())]
  const code = roots.flatMap(sourceFiles).map((f) => fs.readFileSync(f, 'utf8'))
  const localeTexts = supportedLocales.flatMap((l) => namespaces.map((ns) => fs.readFileSync(path.resolve('app/i18n/locales', l, `${ns}.json`), 'utf8')))
  const text = [...code, ...localeTexts].join('\n')
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  // Templates made of key characters and ${…} alone, with some words in them: `${a}.${b}` would match any key.
  const templates = [...code.join('\n').matchAll(/`((?:[\w.:-]|\$\{[^`}]*\})*)`/g)]
    .map((m) => m[1])
    .filter((t) => t.includes('${') && /[A-Za-z]{2,}/.test(t.replace(/\$\{[^}]*\}/g, '')))
    .map((t) => new RegExp(`^(?:\\w+:)?${t.split(/\$\{[^}]*\}/).map(escape).join('[\\w.-]+')}$`))
  const leaves = (o: Record<string, unknown>, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? leaves(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]))

  it.each(['catalog', 'inventory', 'replenishment'])('finds every %s key named in the code', (ns) => {
    const keys = [...new Set(leaves(resources.en[ns]).map((k) => k.replace(/_(one|other)$/, '')))]
    const unused = keys.filter((key) => !new RegExp(`['"\`:(]${escape(key)}['"\`)]`).test(text) && !templates.some((re) => re.test(key) || re.test(`${ns}:${key}`)))
    expect(unused).toEqual([])
  })
})
