// Pure: turns an audit row's before/after JSON into a list of keys with what happened to each.

import { numberFormat, withColon } from '~/utils/intl'

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

export type DiffKind = 'added' | 'removed' | 'changed' | 'unchanged'

export interface DiffEntry {
  /** Dotted path of the key ("address.city"); "" when before/after are not objects. */
  path: string
  kind: DiffKind
  before?: JsonValue
  after?: JsonValue
}

/** Nested objects deeper than this are compared as whole values, so one huge document stays readable. */
const MAX_DEPTH = 4

const isObject = (v: unknown): v is { [key: string]: JsonValue } => typeof v === 'object' && v !== null && !Array.isArray(v)

function flatten(value: JsonValue, prefix: string, depth: number, out: Map<string, JsonValue>) {
  if (isObject(value) && depth < MAX_DEPTH && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, depth + 1, out)
    return
  }
  out.set(prefix, value)
}

/** Key order inside objects does not matter: jsonb does not keep it. */
function sameValue(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]))
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a)
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && sameValue(a[k], b[k]))
  }
  return false
}

/**
 * A creation has only "after", a deletion only "before": every key then shows as added or removed.
 * Rows where neither side is an object (null, a scalar) compare as one root value.
 */
export function diffAuditValues(before: JsonValue | undefined, after: JsonValue | undefined): DiffEntry[] {
  const b = before ?? null
  const a = after ?? null
  if (!isObject(b) && !isObject(a)) {
    if (b === null && a === null) return []
    if (b === null) return [{ path: '', kind: 'added', after: a }]
    if (a === null) return [{ path: '', kind: 'removed', before: b }]
    return [{ path: '', kind: sameValue(a, b) ? 'unchanged' : 'changed', before: b, after: a }]
  }
  const left = new Map<string, JsonValue>()
  const right = new Map<string, JsonValue>()
  if (isObject(b)) flatten(b, '', 0, left)
  else if (b !== null) left.set('', b)
  if (isObject(a)) flatten(a, '', 0, right)
  else if (a !== null) right.set('', a)
  const paths = [...new Set([...left.keys(), ...right.keys()])].sort()
  return paths.map((path): DiffEntry => {
    const inL = left.has(path)
    const inR = right.has(path)
    if (inL && !inR) return { path, kind: 'removed', before: left.get(path) }
    if (!inL && inR) return { path, kind: 'added', after: right.get(path) }
    const lv = left.get(path)!
    const rv = right.get(path)!
    return { path, kind: sameValue(lv, rv) ? 'unchanged' : 'changed', before: lv, after: rv }
  })
}

export function changedCount(entries: DiffEntry[]): number {
  return entries.filter((e) => e.kind !== 'unchanged').length
}

/** The words a recorded value is read with: keys in the reader's language, yes/no/none, and the language's punctuation. */
export interface ValueWords {
  label: (key: string) => string
  yes: string
  no: string
  none: string
  locale: string
  /** Recorded ids the page knows by name (an order's products by SKU, its warehouse by code): a UUID tells a reader nothing. */
  names?: Record<string, string>
}

// A decimal as the ledger and money columns record it ("499665.63", "1.2800"): grouped in the reader's language, its
// recorded digits kept. Integers and numbers stay as recorded: among them are codes and years (a postcode, 2026).
const DECIMAL = /^-?\d+\.\d+$/

function readScalar(v: string | number, w: ValueWords): string {
  if (typeof v !== 'string') return String(v)
  if (w.names && Object.hasOwn(w.names, v)) return w.names[v]
  const digits = v.length - v.indexOf('.') - 1
  if (!DECIMAL.test(v) || digits > 20) return v
  return numberFormat(w.locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v as unknown as number)
}

/**
 * A recorded value as the reader reads it: keys through `label` ("SKU: EL-1002, Quantity: 2"), true,
 * false and null as words. A list of records is one line per record, so an order's lines read one
 * under the other; anything else is one line.
 */
export function readAuditValue(v: JsonValue | undefined, w: ValueWords): string[] {
  if (Array.isArray(v) && v.length > 0 && v.every(isObject)) return v.map((item) => readOne(item, w))
  return [readOne(v, w)]
}

function readOne(v: JsonValue | undefined, w: ValueWords): string {
  const en = w.locale === 'en'
  if (v === undefined) return ''
  if (v === null) return w.none
  if (typeof v === 'boolean') return v ? w.yes : w.no
  if (typeof v !== 'object') return readScalar(v, w)
  if (Array.isArray(v)) return v.length ? v.map((x) => readOne(x, w)).join(en ? ', ' : '、') : w.none
  const entries = Object.entries(v)
  if (!entries.length) return w.none
  return entries.map(([k, x]) => `${withColon(w.label(k), w.locale)}${readOne(x, w)}`).join(en ? ', ' : '，')
}
