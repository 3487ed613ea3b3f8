import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { namespaces, supportedLocales } from '~/i18n/config'

// The parity test compares the two locale files with each other, so a key both lose (a commit built from an older copy of a
// file) passes it, and the UI shows the raw key. This checks the other side: every key the code names literally exists.
// Only what a simple scan can tell: t('ns:key') anywhere, and t('key') in a file whose t has one namespace
// (useTranslation('ns') / getFixedT(…, 'ns')). Keys built at run time (templates, variables) are skipped.

const PLURAL_SUFFIXES = ['zero', 'one', 'two', 'few', 'many', 'other']
const load = (locale: string, ns: string) => JSON.parse(fs.readFileSync(path.resolve('app/i18n/locales', locale, `${ns}.json`), 'utf8'))
const resources = Object.fromEntries(supportedLocales.map((l) => [l, Object.fromEntries(namespaces.map((ns) => [ns, load(l, ns)]))]))

function has(locale: string, ns: string, key: string): boolean {
  const parent = key.split('.').slice(0, -1).reduce((o: any, p) => o?.[p], resources[locale][ns])
  const leaf = key.split('.').at(-1)!
  // A plural key is used bare (t('x', { count })) and stored with its suffixes.
  return parent?.[leaf] !== undefined || PLURAL_SUFFIXES.some((s) => parent?.[`${leaf}_${s}`] !== undefined)
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
    // A bare key takes the file's namespace only through the file's own t: i18n.t('key') or f.t('key') is another t.
    for (const m of src.matchAll(/(\.?)\bt\(\s*'([\w.:-]+)'\s*(?:,\s*\{[^}]*?\bns:\s*'(\w+)')?/g)) {
      const [, member, key, nsOption] = m
      const [nsPart, keyPart] = key.includes(':') ? key.split(':', 2) : [nsOption ?? (!member && own.length === 1 ? own[0] : null), key]
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
// behind goes stale unseen (catalog:import.done would have read "Imported 1 rows"). Named means written whole in quotes in the
// code (a locale file names every key on its own line, so it is not searched), or pulled in by a locale's $t(…). A key the code
// builds at run time is read only through the list below, each entry with the template that builds it and the values it takes
// (a column list's keys are every column of that export).
const BUILT: { ns: string; keys: RegExp; by: string }[] = [
  { ns: 'catalog', keys: /^tracking\.(none|batch|serial)$/, by: '`tracking.${' },
  { ns: 'catalog', keys: /^quantityModes\.(whole|decimal)$/, by: '`quantityModes.${' },
  { ns: 'catalog', keys: /^import\.describe\.\w+$/, by: '`import.describe.${' },
  { ns: 'catalog', keys: /^pdf\.status\.(active|inactive)$/, by: '`pdf.status.${' },
  { ns: 'catalog', keys: /^(categories|warehouses)\.(codeHint|nameEn|nameZh)$/, by: '`${kind}.codeHint`' },
  { ns: 'inventory', keys: /^kinds\.(receipt|shipment|transfer_out|transfer_in|adjustment|count)$/, by: '`kinds.${' },
  { ns: 'inventory', keys: /^counts\.status\.(pending|approved|rejected|posted)$/, by: '`counts.status.${' },
  { ns: 'inventory', keys: /^traceability\.export\.col\.\w+$/, by: '`traceability.export.col.${' },
]

describe('translation keys nobody uses', () => {
  const roots = ['app', ...fs.readdirSync('.').filter((d) => d.startsWith('portal-') && fs.statSync(d).isDirectory())]
  const code = roots.flatMap(sourceFiles).map((f) => fs.readFileSync(f, 'utf8')).join('\n')
  // $t(ns:key) or $t(key) (the string's own namespace), as "ns:key".
  const nested = new Set(
    supportedLocales.flatMap((l) =>
      namespaces.flatMap((ns) => [...fs.readFileSync(path.resolve('app/i18n/locales', l, `${ns}.json`), 'utf8').matchAll(/\$t\(\s*([\w.:-]+)\s*[,)]/g)].map((m) => (m[1].includes(':') ? m[1] : `${ns}:${m[1]}`))),
    ),
  )
  // i18next adds a context to a key (t('x', { context: 'y' }) reads x_y): the contexts the code passes, stripped like plurals.
  const contexts = [...new Set([...code.matchAll(/\bcontext:\s*'(\w+)'/g)].map((m) => m[1]))]
  const suffix = new RegExp(`(?:_(?:${[...PLURAL_SUFFIXES, ...contexts].join('|')}))+$`)
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const leaves = (o: Record<string, unknown>, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? leaves(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]))

  it('lists only keys the code still builds', () => {
    expect(BUILT.filter((b) => !code.includes(b.by)).map((b) => `${b.ns}: ${b.by}`)).toEqual([])
  })
  it.each(['catalog', 'inventory', 'replenishment'])('finds every %s key named in the code', (ns) => {
    const keys = [...new Set(leaves(resources.en[ns]).map((k) => k.replace(suffix, '')))]
    const unused = keys.filter(
      (key) => !new RegExp(`['"\`:]${escape(key)}['"\`]`).test(code) && !nested.has(`${ns}:${key}`) && !BUILT.some((b) => b.ns === ns && b.keys.test(key)),
    )
    expect(unused).toEqual([])
  })
})
