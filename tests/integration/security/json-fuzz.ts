// M1 and M2 on the JSON API (form-fuzz.ts's sibling for /api/v1 bodies): a valid body, sent with a real API key,
// with one value at a time replaced by junk (wrong types, NaN-ish and exponent strings, a 1e400 literal, negatives,
// huge strings, a NUL, objects and arrays where the other is expected) and as a whole replaced by junk (invalid JSON,
// an array, `__proto__` and `constructor` keys, an unknown key, a wrong content type, a body over the limit, one
// nested too deep). Every answer must be a 4xx JSON error { ok: false, error: { message } } in the key owner's
// language, and leave nothing written (idempotency rows included); never a 500, never a thrown error.
import fs from 'node:fs'
import { resolveRequestAuth } from '~/auth/request-auth.server'
import type { Actor } from '~/auth/roles'
import { contextFor } from '../../support/actors'
import { countsOf, type Outcome } from './form-fuzz'

export interface JsonTarget {
  name: string
  action: (args: any) => Promise<Response>
  path: string
  params?: Record<string, string>
  /** The API key's token (cxk_…), as a client sends it. */
  token: string
  locale: Actor['locale']
  /** A body the route takes (each case is this with one thing wrong). */
  valid: () => Record<string, unknown>
  /** Headers each request carries (a fresh Idempotency-Key per request: a replay is not what is fuzzed). */
  headers?: () => Record<string, string>
  /** The route's body limit in bytes. */
  maxBody: number
  /** Paths ('note', 'lines.0.quantity') of free text: a string there that is no NUL and fits may be taken. */
  textPaths?: string[]
  /** Known exceptions: `${path} ${junk}` → why. */
  known?: Record<string, string>
  tables: string[]
  /** Tables a refusal by the rules (not a malformed body) writes by design, with the statuses that are such refusals. */
  ruleRefusalWrites?: { tables: string[]; statuses: number[] }
}

const RAW = '\u0001raw:'
/** A JSON literal JSON.stringify cannot make (a number too large for a double). */
const raw = (literal: string) => `${RAW}${literal}`
const serialize = (v: unknown) => JSON.stringify(v).replace(new RegExp(`"${RAW}([^"]*)"`, 'g'), '$1')

type JsonJunk = [label: string, value: unknown]

function leafJunk(maxBody: number): JsonJunk[] {
  return [
    ['null', null],
    ['true', true],
    ['number 1', 1],
    ['number -1', -1],
    ['number 1.5', 1.5],
    ['literal 1e400', raw('1e400')],
    ['literal -1e400', raw('-1e400')],
    ['object', { x: 1 }],
    ['array', ['1']],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['1e400', '1e400'],
    ['1e2', '1e2'],
    ['0x10', '0x10'],
    ['-1', '-1'],
    ['0', '0'],
    ['empty', ''],
    ['NUL', 'a\u0000b'],
    ['huge', 'x'.repeat(Math.max(1, maxBody - 2000))],
    ['<script>', '<script>'],
  ]
}

/** Every leaf's path in a body, with the arrays' and objects' own paths. */
function pathsOf(v: unknown, at: string[] = []): string[][] {
  if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => pathsOf(x, [...at, String(i)]))].filter((p) => p.length)
  if (v && typeof v === 'object') return [at, ...Object.entries(v).flatMap(([k, x]) => pathsOf(x, [...at, k]))].filter((p) => p.length)
  return [at]
}

function withValue(body: unknown, path: string[], value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(body))
  let at = copy
  for (const k of path.slice(0, -1)) at = at[k]
  at[path[path.length - 1]] = value
  return copy
}

interface Case {
  path: string
  label: string
  body: string
  contentType?: string | null
  /** Text a free-text field may take. */
  mayAccept?: boolean
  /** The one status the refusal must have (M2: a body over the limit is a 413). */
  status?: number
}

function cases(t: JsonTarget): Case[] {
  const valid = t.valid()
  const v = serialize(valid)
  const nested = (n: number) => '['.repeat(n) + ']'.repeat(n)
  const out: Case[] = [
    { path: '*', label: 'invalid JSON', body: v.slice(0, -1) },
    { path: '*', label: 'empty body', body: '' },
    { path: '*', label: 'null', body: 'null' },
    { path: '*', label: 'array', body: `[${v}]` },
    { path: '*', label: 'string', body: '"x"' },
    { path: '*', label: 'literal 1e400', body: '1e400' },
    { path: '*', label: '__proto__ key', body: v.replace(/^\{/, '{"__proto__":{"admin":true},') },
    { path: '*', label: 'constructor key', body: v.replace(/^\{/, '{"constructor":{"prototype":{"admin":true}},') },
    { path: '*', label: 'unknown key', body: serialize({ ...valid, admin: true }) },
    { path: '*', label: 'text/plain', body: v, contentType: 'text/plain' },
    { path: '*', label: 'form urlencoded', body: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
    { path: '*', label: 'over the limit', body: serialize({ ...valid, pad: 'x'.repeat(t.maxBody) }), status: 413 },
    { path: '*', label: 'nested 5000 deep', body: v.replace(/^\{/, `{"deep":${nested(5000)},`) },
  ]
  for (const p of pathsOf(valid)) {
    const path = p.join('.')
    const text = t.textPaths?.includes(path)
    for (const [label, value] of leafJunk(t.maxBody)) {
      const legit = text && typeof value === 'string' && label !== 'NUL' && label !== 'huge'
      out.push({ path, label, body: serialize(withValue(valid, p, value)), mayAccept: legit })
    }
  }
  return out
}

async function send(t: JsonTarget, c: Case) {
  const headers: Record<string, string> = { authorization: `Bearer ${t.token}`, ...(t.headers?.() ?? {}) }
  if (c.contentType !== null) headers['content-type'] = c.contentType ?? 'application/json'
  const request = new Request(`http://localhost${t.path}`, { method: 'POST', headers, body: c.body })
  const auth = await resolveRequestAuth(t.path, { authorization: headers.authorization })
  if (!auth.actor) throw new Error(`${t.name}: the key was not taken`)
  const res = await t.action({ request, context: contextFor(auth.actor), params: t.params ?? {} })
  const text = await res.text()
  let body: any = text
  try {
    body = JSON.parse(text)
  } catch {
    // judged below: an error must be JSON
  }
  return { status: res.status, body, type: res.headers.get('content-type') ?? '' }
}

const CJK = /[\u4e00-\u9fff]/
const KEYLIKE = /^[a-z][\w-]*:[\w.-]+|\|\{/

/** Why an error's words would not read as the key owner's language: missing, a message key, or not in Chinese for zh-CN. */
function unreadable(message: unknown, locale: Actor['locale']): string | null {
  if (typeof message !== 'string' || !message.trim()) return 'no message'
  if (KEYLIKE.test(message)) return `a message key, not words: ${message.slice(0, 60)}`
  if (locale === 'zh-CN' && !CJK.test(message)) return `not Chinese: ${message.slice(0, 60)}`
  return null
}

export async function fuzzJson(t: JsonTarget): Promise<Outcome[]> {
  const outcomes: Outcome[] = []
  const ruleTables = new Set(t.ruleRefusalWrites?.tables ?? [])
  for (const c of cases(t)) {
    const o: Outcome = { target: t.name, form: t.path, field: c.path, junk: c.label, status: 0, verdict: 'refused' }
    const before = await countsOf(t.tables)
    let answer: Awaited<ReturnType<typeof send>>
    try {
      answer = await send(t, c)
    } catch (err) {
      outcomes.push({ ...o, status: 500, verdict: 'finding', note: `threw ${String(err).slice(0, 200)}` })
      continue
    }
    o.status = answer.status
    const problems: string[] = []
    if (answer.status >= 500) problems.push(`status ${answer.status}: ${JSON.stringify(answer.body).slice(0, 200)}`)
    else if (answer.status < 400) {
      o.verdict = 'accepted'
      if (!c.mayAccept) problems.push('accepted')
    } else {
      // A route that takes no POST (405) never reads the body: its size is the HTTP layer's to limit.
      if (c.status && answer.status !== c.status && answer.status !== 405) problems.push(`${answer.status}, not ${c.status}`)
      const after = await countsOf(t.tables)
      const byRules = t.ruleRefusalWrites?.statuses.includes(answer.status)
      for (const k of Object.keys(before)) if (before[k] !== after[k] && !(byRules && ruleTables.has(k))) problems.push(`${k} ${before[k]} → ${after[k]} on refusal`)
      if (!answer.type.includes('application/json') || typeof answer.body !== 'object') problems.push(`not a JSON error (${answer.type})`)
      else {
        if (answer.body.ok !== false) problems.push('no ok: false')
        const why = unreadable(answer.body.error?.message, t.locale)
        if (why) problems.push(why)
        for (const [f, msgs] of Object.entries(answer.body.error?.fields ?? {})) for (const m of msgs as unknown[]) {
          const w = unreadable(m, t.locale)
          if (w) problems.push(`${f}: ${w}`)
        }
      }
    }
    if (problems.length) {
      const known = t.known?.[`${c.path} ${c.label}`] ?? t.known?.[`${c.path} *`]
      o.verdict = known ? o.verdict : 'finding'
      o.note = known ? `known: ${known} (${problems.join('; ')})` : problems.join('; ')
    }
    outcomes.push(o)
  }
  if (process.env.FUZZ_REPORT) fs.appendFileSync(process.env.FUZZ_REPORT, outcomes.map((x) => JSON.stringify(x)).join('\n') + '\n')
  return outcomes
}
