// M1 and M2 on the upload forms (form-fuzz.ts's sibling for a multipart body with a file): the page's post form
// as its loader and component render it, sent with junk in place of its file (none, an empty one, a renamed
// binary, one over the size limit, the field twice or as text), junk beside it (an unknown intent, prototype keys,
// the page's own fields junked), and a .csv with the spec's header whose one row has one cell junk. Every answer
// must be a 4xx (413 for the oversized file allowed) with a message on the file, a field, the form or the junk
// row, in the actor's language, and leave nothing written. Never a 500, never a thrown error.
import fs from 'node:fs'
import type { ImportSpec } from '~/domain/catalog/catalog-import.rules'
import { routeArgs } from '../catalog/helpers'
import { acceptanceIsFinding, countsOf, findingsOf, HUGE, junkFor, kindOf, loadForms, messagesOf, PLUMBING, readBody, untranslated, type Outcome, type Target } from './form-fuzz'

export { findingsOf }

export interface UploadTarget extends Omit<Target, 'fill' | 'clientForms' | 'addFields' | 'fillOnlyBlank' | 'aliases'> {
  /** The columns the uploaded sheet is read by. */
  spec: ImportSpec
  /** A row each of whose cells is valid, so the one junk cell is the only thing wrong. */
  row: Record<string, string>
  /** Columns whose cells are free text: junk there (but a NUL or 100k characters) may be taken. */
  textColumns?: string[]
  /** Columns of codes (a SKU, a batch): junk there that is a plain code (NaN, 0x10) may be taken. */
  codeColumns?: string[]
  /** The page's fields valid values when it renders them blank. */
  fill?: Record<string, string>
}

type Part = string | File
type Body = Array<[string, Part]>

const csv = (rows: string[][]) => rows.map((r) => r.map((c) => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n'
const csvFile = (rows: string[][], name = 'fuzz.csv') => new File([csv(rows)], name, { type: 'text/csv' })

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0])
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0])
// A zip that is no workbook (one stored file named hello.txt).
const ZIP = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0x21, 0, 0x3a, 0x8e, 0x17, 0x34, 5, 0, 0, 0, 5, 0, 0, 0, 9, 0, 0, 0, ...Buffer.from('hello.txt'), ...Buffer.from('hello')])

/** Values a number or a code column must refuse; '-1' may be a legitimate value of some (an adjustment), so it is not one of them. */
const CELL_JUNK: Array<[label: string, value: string, alwaysRefused: boolean]> = [
  ['NaN', 'NaN', true],
  ['Infinity', 'Infinity', true],
  ['1e400', '1e400', true],
  ['1e2', '1e2', true],
  ['0x10', '0x10', true],
  ['1,5', '1,5', true],
  ['-1', '-1', false],
  ['NUL', 'a\u0000b', true],
  ['100k', HUGE, true],
  ['<script>', '<script>', true],
]

interface Case {
  label: string
  /** The body without the page's own fields (those are added unless `bare`). */
  parts: (base: Body) => Body
  /** An acceptance of this case is legitimate (a text cell's junk). */
  mayAccept?: boolean
  /** The field, column or '' (the form) whose message the refusal must carry; undefined: any message. */
  on?: string
  /** A sheet's cell: a message on the file (a NUL makes it no plain text) will do. */
  cell?: boolean
}

function cases(t: UploadTarget): Case[] {
  const header = t.spec.columns.map((c) => c.key)
  const good = header.map((k) => t.row[k] ?? '')
  const withFile = (file: Part) => (base: Body): Body => [...base, ['file', file]]
  const out: Case[] = [
    { label: 'no file', parts: (b) => b, on: 'file' },
    { label: 'file as text', parts: withFile('fuzz.csv'), on: 'file' },
    { label: 'empty file', parts: withFile(new File([], 'fuzz.csv', { type: 'text/csv' })), on: 'file' },
    { label: 'unnamed file', parts: withFile(new File([csv([header, good])], '', { type: 'text/csv' })), on: 'file' },
    { label: 'exe', parts: withFile(new File([EXE], 'fuzz.exe', { type: 'application/octet-stream' })), on: 'file' },
    { label: 'png renamed .csv', parts: withFile(new File([PNG], 'fuzz.csv', { type: 'text/csv' })), on: 'file' },
    { label: 'zip renamed .xlsx', parts: withFile(new File([ZIP], 'fuzz.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })), on: 'file' },
    { label: 'text renamed .xlsx', parts: withFile(new File([csv([header, good])], 'fuzz.xlsx')), on: 'file' },
    { label: 'NUL in the name', parts: withFile(csvFile([header, good], 'fu\u0000zz.csv')), on: 'file' },
    { label: '100k name', parts: withFile(csvFile([header, good], `${'x'.repeat(100_000)}.csv`)) },
    { label: 'over the limit', parts: withFile(new File([new Uint8Array(10 * 1024 * 1024 + 1).fill(0x31)], 'fuzz.csv', { type: 'text/csv' })), on: 'file' },
    { label: 'file twice', parts: (b) => [...b, ['file', csvFile([header, good])], ['file', csvFile([header, good])]], on: 'file' },
    { label: 'header only', parts: withFile(csvFile([header])) },
    { label: 'junk header', parts: withFile(csvFile([['NaN', '__proto__', 'constructor'], good])) },
    { label: 'junk rows', parts: withFile(csvFile([header, ...['NaN', '1e400', '0x10', '\u0000', '<script>'].map((j) => header.map(() => j))])) },
    { label: 'unknown intent', parts: (b) => [...b, ['intent', 'delete'], ['file', csvFile([header, good])]] },
    { label: 'proto', parts: (b) => [...b, ['__proto__[x]', '1'], ['constructor[prototype][x]', '1'], ['file', csvFile([header, good])]] },
  ]
  for (const [i, key] of header.entries()) {
    const text = t.textColumns?.includes(key)
    const code = t.codeColumns?.includes(key)
    for (const [label, value, always] of CELL_JUNK) {
      const row = good.map((c, j) => (j === i ? value : c))
      const legit = !always || (text && label !== 'NUL' && label !== '100k') || (code && /^[\w.-]+$/.test(value))
      out.push({ label: `${key}=${label}`, parts: withFile(csvFile([header, row])), mayAccept: legit, on: key, cell: true })
    }
  }
  return out
}

async function post(t: UploadTarget, body: Body) {
  const form = new FormData()
  for (const [k, v] of body) form.append(k, v)
  try {
    // No upload form carries the session's action token (only high-value forms do): sent as the browser sends it.
    const result: any = await t.mod.action!(routeArgs(t.actor, t.url, t.params, { method: 'POST', body: form }, { withoutActionToken: true }))
    if (result instanceof Response) return { status: result.status, data: await readBody(result) }
    if (result && typeof result === 'object' && result.type === 'DataWithResponseInit') return { status: result.init?.status ?? 200, data: result.data }
    return { status: 200, data: result }
  } catch (err) {
    if (err instanceof Response) return { status: err.status, data: await readBody(err) }
    throw err
  }
}

/** Each refusal's messages, with a row issue's message under its column. */
function messagesWithIssues(data: any): Map<string, string[]> {
  const msgs = messagesOf(data)
  for (const issue of Array.isArray(data?.issues) ? data.issues : []) {
    if (typeof issue?.message !== 'string') continue
    const k = issue.column ?? ''
    msgs.set(k, [...(msgs.get(k) ?? []), issue.message])
  }
  return msgs
}

export async function fuzzUpload(t: UploadTarget): Promise<{ outcomes: Outcome[]; fields: string[] }> {
  const outcomes: Outcome[] = []
  const tables = t.tables ?? []
  let [form] = await loadForms(t as Target)
  if (!form) throw new Error(`${t.name}: no post form on the page`)
  const fill = t.fill ?? {}
  const baseOf = (replace: Record<string, string | string[]> = {}): Body => {
    const out: Body = []
    for (const f of form.fields) {
      if (f.type === 'checkbox' && !f.value && !(f.name in replace)) continue
      const v = f.name in replace ? replace[f.name] : (fill[f.name] ?? f.value)
      for (const one of Array.isArray(v) ? v : [v]) out.push([f.name, one])
    }
    if (form.submitter) out.push([form.submitter.name, form.submitter.value])
    return out
  }
  const all: Array<Case & { replace?: Record<string, string | string[]> }> = cases(t)
  // The page's own fields (a period, the report it replaces), junked beside a valid file.
  const header = t.spec.columns.map((c) => c.key)
  const goodFile = () => csvFile([header, header.map((k) => t.row[k] ?? '')])
  for (const f of form.fields.filter((x) => !PLUMBING.has(x.name) && !(t.skipFields && x.name in t.skipFields))) {
    for (const junk of junkFor(f)) {
      all.push({ label: `${f.name}=${junk.label}`, parts: (b) => [...b, ['file', goodFile()]], replace: { [f.name]: junk.value }, mayAccept: !acceptanceIsFinding(f, kindOf(f), junk), on: f.name })
    }
  }
  for (const c of all) {
    const before = await countsOf(tables)
    const o: Outcome = { target: t.name, form: 'upload', field: c.on ?? '*', junk: c.label, status: 0, verdict: 'refused' }
    let answer: { status: number; data: any }
    try {
      answer = await post(t, c.parts(baseOf(c.replace)))
    } catch (err) {
      outcomes.push({ ...o, status: 500, verdict: 'finding', note: `threw ${String(err).slice(0, 200)}` })
      continue
    }
    o.status = answer.status
    const problems: string[] = []
    if (answer.status >= 500) problems.push(`status ${answer.status}`)
    else if (answer.status < 400) {
      o.verdict = 'accepted'
      if (!c.mayAccept) problems.push('accepted')
      // An acceptance can change the page (the channel upload's `replaces` names the report now there).
      ;[form] = await loadForms(t as Target)
    } else {
      const after = await countsOf(tables)
      for (const k of Object.keys(before)) if (before[k] !== after[k]) problems.push(`${k} ${before[k]} → ${after[k]} on refusal`)
      const msgs = messagesWithIssues(answer.data)
      if (!msgs.size && answer.status !== 413) problems.push('no message')
      else if (c.on !== undefined && answer.status !== 413 && !msgs.has('') && !msgs.has(c.on) && !(c.cell && msgs.has('file')) && !c.mayAccept) problems.push(`no message on ${c.on} or the form (only on ${[...msgs.keys()].join(', ')})`)
      for (const m of [...msgs.values()].flat()) {
        const why = await untranslated(m, t.actor?.locale ?? 'zh-CN')
        if (why) problems.push(why)
      }
    }
    if (problems.length) {
      const known = t.known?.[c.label]
      o.verdict = known ? o.verdict : 'finding'
      o.note = known ? `known: ${known} (${problems.join('; ')})` : problems.join('; ')
    }
    outcomes.push(o)
  }
  if (process.env.FUZZ_REPORT) fs.appendFileSync(process.env.FUZZ_REPORT, outcomes.map((x) => JSON.stringify(x)).join('\n') + '\n')
  return { outcomes, fields: form.fields.map((f) => f.name) }
}
