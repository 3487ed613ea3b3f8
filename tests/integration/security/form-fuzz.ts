// M1 (security-and-reliability.md): the forms of a page, as its loader and component render them for
// someone who may use them, each posted with one field at a time replaced by junk. Every answer must be
// a 4xx with a message on that field or on the form, in the actor's language, and leave nothing written;
// or an acceptance the field's kind allows (a reason of '-1' is text). Never a 500, never a thrown error.
import fs from 'node:fs'
import { expect } from 'vitest'
import type { ComponentType } from 'react'
import { sql } from 'drizzle-orm'
import { db, rawRows } from '~db/client'
import { ACTION_TOKEN_FIELD } from '~/auth/action-token'
import type { Actor } from '~/auth/roles'
import { renderI18n } from '~/i18n/i18next.server'
import { parseMessage } from '~/utils/validation'
import { renderRoute } from '../../support/render-route'
import { routeArgs } from '../catalog/helpers'

export interface FormField {
  name: string
  /** hidden, text, number, select, radio, checkbox, textarea, date, … */
  type: string
  value: string
  /** The values a select or a radio group offers. */
  options?: string[]
  inputMode?: string
}

export interface ParsedForm {
  action: string | null
  fields: FormField[]
  /** The submit button's name and value, when it has a name (an intent). */
  submitter: { name: string; value: string } | null
}

const attrsOf = (tag: string): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const m of tag.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) out[m[1].toLowerCase()] = decode(m[2] ?? '')
  return out
}

function decode(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#39;/g, "'").replace(/&nbsp;/g, '\u00a0').replace(/&amp;/g, '&')
}

/**
 * Every `<form method="post">` of the page, one entry per named submit button (each posts its own
 * intent), with what a browser would send: named, enabled inputs (a checkbox or radio only when
 * checked), selects at their selected option, textareas with their text.
 */
export function postFormsOf(html: string): ParsedForm[] {
  const forms: ParsedForm[] = []
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = attrsOf(m[1])
    if ((attrs.method ?? 'get').toLowerCase() !== 'post') continue
    const body = m[2]
    const fields: FormField[] = []
    const groups = new Map<string, FormField>()
    for (const t of body.matchAll(/<input\b([^>]*)>/gi)) {
      const a = attrsOf(t[1])
      if (!a.name || 'disabled' in a) continue
      const type = (a.type ?? 'text').toLowerCase()
      if (type === 'submit' || type === 'button' || type === 'reset' || type === 'file' || type === 'image') continue
      if (type === 'radio') {
        const g = groups.get(a.name) ?? { name: a.name, type, value: '', options: [] }
        g.options!.push(a.value ?? 'on')
        if ('checked' in a) g.value = a.value ?? 'on'
        if (!groups.has(a.name)) fields.push(g)
        groups.set(a.name, g)
        continue
      }
      if (type === 'checkbox' && !('checked' in a)) {
        // Unchecked: not sent, but still a field to fuzz (its one value is the option).
        fields.push({ name: a.name, type, value: '', options: [a.value ?? 'on'] })
        continue
      }
      fields.push({ name: a.name, type, value: a.value ?? '', inputMode: a.inputmode, ...(type === 'checkbox' ? { options: [a.value ?? 'on'] } : {}) })
    }
    for (const t of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const a = attrsOf(t[1])
      if (!a.name || 'disabled' in a) continue
      const options: string[] = []
      let value: string | null = null
      for (const o of t[2].matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)) {
        const oa = attrsOf(o[1])
        if ('disabled' in oa) continue
        const v = oa.value ?? decode(o[2].replace(/<[^>]+>/g, '')).trim()
        options.push(v)
        if ('selected' in oa || value === null) value = value === null || 'selected' in oa ? v : value
      }
      fields.push({ name: a.name, type: 'select', value: value ?? '', options })
    }
    for (const t of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
      const a = attrsOf(t[1])
      if (!a.name || 'disabled' in a) continue
      fields.push({ name: a.name, type: 'textarea', value: decode(t[2]) })
    }
    const submitters: Array<ParsedForm['submitter']> = []
    for (const t of body.matchAll(/<button\b([^>]*)>/gi)) {
      const a = attrsOf(t[1])
      if ((a.type ?? 'submit').toLowerCase() !== 'submit' || 'disabled' in a) continue
      // conform's list buttons (add a row, remove one) change the form in the browser: they are not the action's intents.
      if (a.name === '__intent__') continue
      submitters.push(a.name ? { name: a.name, value: a.value ?? '' } : null)
    }
    const named = submitters.filter((s): s is NonNullable<typeof s> => !!s)
    const distinct = named.filter((s, i) => named.findIndex((o) => o.name === s.name && o.value === s.value) === i)
    for (const submitter of distinct.length ? distinct : [null]) forms.push({ action: attrs.action ?? null, fields, submitter })
  }
  return forms
}

/** What a field holds, for judging whether junk accepted in it was legitimately valid. */
export type FieldKind = 'numeric' | 'enum' | 'id' | 'date' | 'text' | 'flag'

const NUMERIC_NAME = /(quantity|qty|amount|price|ceiling|decrement|limit|total|days|percent|rate|minutes|seconds|extensions|count|^min|^max)/i
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function kindOf(f: FormField): FieldKind {
  if (f.type === 'checkbox') return 'flag'
  if (f.type === 'select' || f.type === 'radio') return (f.options ?? []).filter(Boolean).every((o) => UUID.test(o)) && (f.options ?? []).some(Boolean) ? 'id' : 'enum'
  if (f.type === 'number' || f.inputMode === 'decimal' || f.inputMode === 'numeric') return 'numeric'
  if (/^(date|datetime-local|time|month)$/.test(f.type)) return 'date'
  if (UUID.test(f.value) || /(^|\.)(\w*Id|id)$/.test(f.name)) return 'id'
  if (f.type === 'hidden') return NUMERIC_NAME.test(f.name) ? 'numeric' : 'id'
  if (f.type !== 'textarea' && NUMERIC_NAME.test(f.name.split('.').pop()!)) return 'numeric'
  return 'text'
}

export type Junk = { label: string; value: string | string[] }

export const HUGE = 'x'.repeat(100_000)

/** One field's junk, refusals expected first and the values text may legitimately take last (an acceptance can use a form up). */
export function junkFor(f: FormField): Junk[] {
  return [
    { label: 'NUL', value: '\u0000' },
    { label: '100k', value: HUGE },
    { label: 'twice', value: [f.value || '1', f.value || '1'] },
    { label: 'NaN', value: 'NaN' },
    { label: '1e400', value: '1e400' },
    { label: '-1e309', value: '-1e309' },
    { label: '0x10', value: '0x10' },
    { label: '<script>', value: '<script>' },
    { label: '-1', value: '-1' },
    { label: 'empty', value: '' },
  ]
}

/** Whether junk a field of this kind accepted is a finding, or an acceptance the field allows. */
export function acceptanceIsFinding(f: FormField, kind: FieldKind, junk: Junk): boolean {
  if (junk.label === 'NUL' || junk.label === '100k') return true
  if (junk.label === 'empty') return false
  switch (kind) {
    case 'text':
      return false
    case 'flag':
      // A checkbox is on with any value (its value is a fixed marker); given twice it may be a set.
      return false
    case 'numeric':
      return junk.label !== '-1'
    case 'enum':
    case 'id':
      return !(typeof junk.value === 'string' && (f.options ?? []).includes(junk.value))
    case 'date':
      return true
  }
}

/** Fields that are the form's plumbing, never fuzzed: the intent, the action token, the idempotency key. */
export const PLUMBING = new Set(['intent', '_action', ACTION_TOKEN_FIELD, 'idempotencyKey', 'form'])

export interface Target {
  /** A name for the report. */
  name: string
  mod: { loader?: (a: any) => Promise<unknown>; action?: (a: any) => Promise<unknown>; default: ComponentType }
  /** null: a signed-out page (sign-in, a reset or invitation link), judged in `locale`. */
  actor: Actor | null
  /** The language messages must read in when there is no actor (zh-CN unless told). */
  locale?: Actor['locale']
  url: string
  params: Record<string, string>
  /** Valid values for fields the page renders empty (so the junked field is the only thing wrong). */
  fill?: Record<string, string | (() => string)>
  /** Only forms whose submitter value / fields match (a page with many forms, some out of scope). */
  only?: (f: ParsedForm) => boolean
  /** Fields the browser adds before posting (the cart's lines come from its local store, not the server's HTML). */
  addFields?: FormField[]
  /** Forms the page builds in the browser from local state (the cart's checkout), absent from its server HTML: as its source writes them. */
  clientForms?: ParsedForm[]
  /** A field whose message the page shows under another name's (the inbox's one box is the approval's note or the rejection's reason). */
  aliases?: Record<string, string[]>
  /** `fill` applies only to fields the page renders blank (a list's empty rows stay empty; its filled rows keep their values). */
  fillOnlyBlank?: boolean
  /** Fields sent as rendered but not fuzzed (a long list's later rows, alike to its first). */
  skip?: (name: string) => boolean
  /** Field names not fuzzed, with why. */
  skipFields?: Record<string, string>
  /** Known exceptions: `${formKey} ${field} ${junk}` → why. */
  known?: Record<string, string>
  /** Tables a refusal must leave as they were, beyond the audit log. */
  tables?: string[]
}

export interface Outcome {
  target: string
  form: string
  field: string
  junk: string
  status: number
  verdict: 'refused' | 'accepted' | 'finding'
  note?: string
}

/** A form by its intent (a submit button's, or a hidden field's: two dialogs with a reason alike are pause and cancel) and its fields. */
export const formKeyOf = (f: ParsedForm) => {
  const intent = f.submitter ? `${f.submitter.name}=${f.submitter.value}` : f.fields.find((x) => x.name === 'intent' && x.type === 'hidden')?.value
  return `${intent ? `${intent} ` : ''}[${f.fields.map((x) => x.name).join(',')}]`
}

export async function countsOf(tables: string[]): Promise<Record<string, number>> {
  const parts = ["select 'audit_log' as t, count(*)::int as n from audit_log where outcome <> 'denied'", ...tables.map((t) => `select '${t}', count(*)::int from ${t}`)]
  const rows = await rawRows<{ t: string; n: number }>(db(), sql.raw(parts.join(' union all ')))
  return Object.fromEntries(rows.map((r) => [r.t, r.n]))
}

type Fill = NonNullable<Target['fill']>

/** A fill key: every checkbox of the form checked (a set-up form's invited suppliers). */
export const CHECK_ALL = '*checkboxes'

const blankOnly = (form: ParsedForm, fill: Fill): Fill => Object.fromEntries(Object.entries(fill).filter(([k]) => !form.fields.some((f) => f.name === k && f.value !== '' && f.type !== 'checkbox')))

function bodyOf(form: ParsedForm, fill: Fill, replace: Record<string, string | string[]>, extra: Array<[string, string]> = []) {
  const body = new URLSearchParams()
  const replaced = new Set<string>()
  for (const f of form.fields) {
    // A checkbox group shares a name: the junk stands for the whole group, once.
    if (f.name in replace && replaced.has(f.name)) continue
    if (f.name in replace) replaced.add(f.name)
    const value = f.name in replace ? replace[f.name] : baseValue(f, fill)
    if (value === null) continue
    for (const v of Array.isArray(value) ? value : [value]) body.append(f.name, v)
  }
  if (form.submitter) body.append(form.submitter.name, form.submitter.value)
  for (const [k, v] of extra) body.append(k, v)
  return body
}

function baseValue(f: FormField, fill: Fill): string | null {
  if (f.name in fill && f.type !== 'checkbox') {
    const v = fill[f.name]
    return typeof v === 'function' ? v() : v
  }
  if (f.type === 'checkbox') return f.value === '' ? (fill[CHECK_ALL] ? f.options![0] : null) : f.value
  if (f.value !== '') return f.value
  switch (kindOf(f)) {
    case 'numeric':
      return '1'
    case 'text':
      return f.type === 'textarea' || /reason|note|justification/i.test(f.name) ? 'Fuzz harness reason' : 'Fuzz'
    case 'enum':
    case 'id':
      return (f.options ?? []).find(Boolean) ?? ''
    default:
      return ''
  }
}

interface Answer {
  status: number
  data: any
  thrown: boolean
}

async function post(t: Target, body: URLSearchParams): Promise<Answer> {
  try {
    const result: any = await t.mod.action!(routeArgs(t.actor, t.url, t.params, { method: 'POST', body }))
    if (result instanceof Response) return { status: result.status, data: await readBody(result), thrown: false }
    if (result && typeof result === 'object' && 'init' in result && 'data' in result && result.type === 'DataWithResponseInit') return { status: result.init?.status ?? 200, data: result.data, thrown: false }
    return { status: 200, data: result, thrown: false }
  } catch (err) {
    if (err instanceof Response) return { status: err.status, data: await readBody(err), thrown: true }
    throw err
  }
}

export async function readBody(r: Response) {
  const text = await r.clone().text().catch(() => '')
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** The messages of a refusal by field ('' for the form's own), whatever shape the action answers with. */
export function messagesOf(data: any): Map<string, string[]> {
  const out = new Map<string, string[]>()
  const add = (k: string, v: unknown) => {
    const list = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x !== '')
    if (list.length) out.set(k, [...(out.get(k) ?? []), ...list])
  }
  if (!data || typeof data !== 'object') return out
  for (const [k, v] of Object.entries(data.submission?.error ?? {})) add(k, v)
  for (const [k, v] of Object.entries(data.fieldErrors ?? {})) add(k, v)
  if (typeof data.error === 'string') add('', data.error)
  if (data.error && typeof data.error === 'object' && typeof data.error.message === 'string') add('', data.error.message)
  if (data.result && typeof data.result === 'object' && data.result.ok === false) add('', data.result.error?.messageKey ?? data.result.error?.code)
  for (const k of ['formError', 'message']) if (typeof data[k] === 'string') add('', data[k])
  // A refused bid: the rules' message, shown by the bid box.
  if (data.bidError && typeof data.bidError === 'object') add('', data.bidError.messageKey)
  return out
}

/** Why a message would not read in the actor's language: not a key, or a key with no text there. */
export async function untranslated(message: string, locale: Actor['locale']): Promise<string | null> {
  const [key, params] = parseMessage(message)
  if (!/^[a-z][\w-]*:[\w.-]+$/i.test(key)) return `not a message key: ${JSON.stringify(message.slice(0, 80))}`
  const i18n = await renderI18n(locale)
  return i18n.exists(key, params) ? null : `no ${locale} text for ${key}`
}

/** A field's own message, or one keyed by its list (lines for lines[0].quantity), or the form's. */
function messageFor(msgs: Map<string, string[]>, field: string): boolean {
  if (msgs.has('') || msgs.has(field)) return true
  const stem = field.replace(/\[\d+\].*$/, '').replace(/\..*$/, '')
  return [...msgs.keys()].some((k) => k === stem || k.startsWith(`${stem}[`) || k.startsWith(`${field}.`) || k.startsWith(`${field}[`))
}

const localeOf = (t: Target): Actor['locale'] => t.actor?.locale ?? t.locale ?? 'zh-CN'

export async function loadForms(t: Target): Promise<ParsedForm[]> {
  const loaded: any = t.mod.loader ? await t.mod.loader(routeArgs(t.actor, t.url, t.params)) : null
  if (loaded instanceof Response) throw new Error(`${t.name}: the loader answered ${loaded.status}`)
  // A page's data() answer (a link page answers 200 or 410 with its data) renders its data.
  const data = loaded && typeof loaded === 'object' && loaded.type === 'DataWithResponseInit' ? loaded.data : loaded
  const html = await renderRoute(t.mod.default, data, localeOf(t), t.url)
  const forms = [...postFormsOf(html), ...(t.clientForms ?? [])].filter((f) => (f.action === null || sameRoute(f.action, t.url)) && (!t.only || t.only(f)))
  return t.addFields ? forms.map((f) => ({ ...f, fields: [...f.fields, ...t.addFields!.filter((a) => !f.fields.some((x) => x.name === a.name))] })) : forms
}

// renderRoute mounts the page on a splat route at the root: a Form without an action of its own renders action="/".
const sameRoute = (action: string, url: string) => ['/', new URL(url, 'http://localhost').pathname].includes(new URL(action, 'http://localhost').pathname)

/**
 * Fuzzes every post form of the target page (loaded again after each acceptance, since an acceptance can
 * change the page: a form used up is left there). Returns every outcome; the findings are the ones whose
 * verdict is 'finding' and that the target does not list as known.
 */
export async function fuzzPage(t: Target): Promise<{ outcomes: Outcome[]; forms: string[] }> {
  const outcomes: Outcome[] = []
  const fill = t.fill ?? {}
  const tables = t.tables ?? []
  let forms = await loadForms(t)
  const keys = [...new Set(forms.map(formKeyOf))]
  for (const key of keys) {
    const formNow = () => forms.find((f) => formKeyOf(f) === key)
    const first = formNow()
    if (!first) continue
    const fuzzable = first.fields.filter((f) => !PLUMBING.has(f.name) && !(t.skipFields && f.name in t.skipFields) && !t.skip?.(f.name))
    const cases: Array<{ field: string; junk: Junk; replace: Record<string, string | string[]>; extra?: Array<[string, string]> }> = []
    for (const f of fuzzable) for (const junk of junkFor(f)) cases.push({ field: f.name, junk, replace: { [f.name]: junk.value } })
    // Refusals first: the values a field's kind may take (and so may use the form up) after every field's refusals.
    const late = (c: (typeof cases)[number]) => {
      const f = first.fields.find((x) => x.name === c.field)!
      // A blank goes first of these: a required field refuses it, where text junk would be taken and use the form up.
      return acceptanceIsFinding(f, kindOf(f), c.junk) ? 0 : c.junk.label === 'empty' ? 1 : 2
    }
    cases.sort((a, b) => late(a) - late(b))
    cases.unshift({ field: '*', junk: { label: 'proto', value: '1' }, replace: {}, extra: [['__proto__[x]', '1'], ['constructor[prototype][x]', '1']] })
    const allJunk = ['\u0000', HUGE, 'NaN', '1e400', '0x10']
    if (fuzzable.length) cases.unshift({ field: '*', junk: { label: 'all junk', value: '' }, replace: Object.fromEntries(fuzzable.map((f, i) => [f.name, allJunk[i % allJunk.length]])) })
    for (const c of cases) {
      const form = formNow()
      if (!form) {
        outcomes.push({ target: t.name, form: key, field: c.field, junk: c.junk.label, status: 0, verdict: 'accepted', note: 'form gone after an earlier acceptance' })
        continue
      }
      const field = form.fields.find((f) => f.name === c.field)
      const before = await countsOf(tables)
      let answer: Answer
      try {
        answer = await post(t, bodyOf(form, t.fillOnlyBlank ? blankOnly(form, fill) : fill, c.replace, c.extra))
      } catch (err) {
        outcomes.push({ target: t.name, form: key, field: c.field, junk: c.junk.label, status: 500, verdict: 'finding', note: `threw ${String(err).slice(0, 200)}` })
        continue
      }
      const o: Outcome = { target: t.name, form: key, field: c.field, junk: c.junk.label, status: answer.status, verdict: 'refused' }
      const problems: string[] = []
      if (answer.status >= 500) problems.push(`status ${answer.status}`)
      else if (answer.status < 400) {
        o.verdict = 'accepted'
        if (!field || acceptanceIsFinding(field, kindOf(field), c.junk)) problems.push(`accepted (${field ? kindOf(field) : 'whole form'})`)
        forms = await loadForms(t)
      } else {
        const after = await countsOf(tables)
        for (const k of Object.keys(before)) if (before[k] !== after[k]) problems.push(`${k} ${before[k]} → ${after[k]} on refusal`)
        const msgs = messagesOf(answer.data)
        for (const [name, shown] of Object.entries(t.aliases ?? {})) for (const a of shown) if (msgs.has(a)) msgs.set(name, msgs.get(a)!)
        // A malformed id names no record: "not found", as another party's id is (T1); there is no box to put a message beside.
        const notFoundId = answer.thrown && answer.status === 404 && !!field && kindOf(field) === 'id'
        if (!notFoundId && !msgs.size) problems.push(`no message${answer.thrown ? ` (thrown ${typeof answer.data === 'string' ? answer.data.slice(0, 40) : ''})` : ''}`)
        // A value the field may take, refused for another reason (stock used up by an earlier acceptance): any message will do.
        else if (!notFoundId && c.field !== '*' && !messageFor(msgs, c.field) && (!field || acceptanceIsFinding(field, kindOf(field), c.junk))) problems.push(`no message on the field or form (only on ${[...msgs.keys()].join(', ')})`)
        for (const m of [...msgs.values()].flat()) {
          const why = await untranslated(m, localeOf(t))
          if (why) problems.push(why)
        }
      }
      if (problems.length) {
        const known = t.known?.[`${key} ${c.field} ${c.junk.label}`] ?? t.known?.[`${key} ${c.field} *`] ?? t.known?.[`* ${c.field} ${c.junk.label}`]
        o.verdict = known ? o.verdict : 'finding'
        o.note = known ? `known: ${known} (${problems.join('; ')})` : problems.join('; ')
      }
      outcomes.push(o)
    }
  }
  if (process.env.FUZZ_REPORT) fs.appendFileSync(process.env.FUZZ_REPORT, outcomes.map((o) => JSON.stringify(o)).join('\n') + '\n')
  return { outcomes, forms: keys }
}

/** The findings as lines a failing assertion prints whole. */
export const findingsOf = (outcomes: Outcome[]) => outcomes.filter((o) => o.verdict === 'finding').map((o) => `${o.target} | ${o.form} | ${o.field} | ${o.junk} → ${o.status}: ${o.note}`)

/**
 * Fuzzes a page and holds it to M1: at least the forms expected were found, the harness reached the schemas (some
 * posts were refused with a message, not answered before any check ran), and no answer was a finding.
 */
export async function expectPageHolds(t: Target, expectForms: number) {
  const { outcomes, forms } = await fuzzPage(t)
  expect(forms.length, `${t.name}: the forms found (${forms.join(' / ')})`).toBeGreaterThanOrEqual(expectForms)
  expect(outcomes.filter((o) => o.verdict === 'refused').length, t.name).toBeGreaterThan(0)
  expect(findingsOf(outcomes)).toEqual([])
}
