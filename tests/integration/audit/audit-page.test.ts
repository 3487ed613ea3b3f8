import ExcelJS from 'exceljs'
import { desc, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { auditLog } from '~db/schema'
import { transact } from '~db/transaction'
import { auditHash, GENESIS_HASH, recordAudit, verifyAuditChain } from '~/audit/record.server'
import type { Actor, StaffActor } from '~/auth/roles'
import { loader as pageLoader } from '~/routes/console.audit._index'
import { loader as exportLoader } from '~/routes/console.audit.export'
import { loader as verifyLoader } from '~/routes/console.audit.verify'
import { useTestDatabase } from '../../support/db'
import { actorFor, contextFor } from '../../support/actors'

useTestDatabase({ seed: true })

let admin: StaffActor
let buyer: Actor
let alice: Actor
let dave: Actor

function args(path: string, actor: Actor) {
  return { request: new Request(`http://localhost${path}`), params: {}, context: contextFor(actor) as any }
}

/** The loader's payload: data() wraps it with its status. */
async function page(path: string, actor: Actor = admin) {
  const res: any = await pageLoader(args(path, actor))
  return { status: (res.init?.status as number | undefined) ?? 200, body: res.data as Awaited<ReturnType<typeof pageLoader>>['data'] }
}

/** Ids of every page of a filtered listing, following the pagination as a user would. */
async function allIds(query: string, actor: Actor = admin): Promise<number[]> {
  const ids: number[] = []
  for (let p = 1; ; p++) {
    const { body } = await page(`/console/audit?${query}&size=10&page=${p}`, actor)
    ids.push(...body.rows.map((r) => r.id))
    if (p * 10 >= body.total) return ids
  }
}

async function expectForbidden(run: () => Promise<unknown>) {
  let thrown: unknown
  try {
    await run()
  } catch (err) {
    thrown = err
  }
  expect(thrown).toBeInstanceOf(Response)
  expect((thrown as Response).status).toBe(403)
}

/**
 * Appends a chain-correct row at a chosen time, which recordAudit (database clock) cannot do.
 * `at` is written as the chain hashes it: UTC with microseconds.
 */
async function appendAt(at: string, entry: { action: string; entityType: string; entityId: string }) {
  await transact(async ({ tx }) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727002)`)
    const [head] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1)
    const fields = {
      at,
      actorUserId: null,
      actorOrgId: null,
      actorKind: 'system',
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: null,
      after: null,
      outcome: 'ok',
      ip: null,
      prevHash: head?.hash ?? GENESIS_HASH,
    }
    await tx.insert(auditLog).values({ ...fields, hash: auditHash(fields) })
  })
}

/** RFC 4180, enough for what the export writes (quoted fields with commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++
      else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') row.push(field), (field = '')
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), i++
    } else field += c
  }
  if (field || row.length) row.push(field), rows.push(row)
  return rows
}

beforeAll(async () => {
  admin = (await actorFor('admin@acme.test')) as StaffActor
  buyer = await actorFor('buyer@acme.test')
  alice = await actorFor('alice@bright.test')
  dave = await actorFor('dave@north.test')
  const write = (who: Actor | null, action: string, entityId: string, extra: { before?: unknown; after?: unknown; outcome?: 'ok' | 'denied' } = {}) =>
    transact(({ tx }) => recordAudit(tx, { actor: who, ip: '10.0.0.9', system: !who }, { action, entityType: 'widget', entityId, ...extra }))
  for (let i = 0; i < 12; i++) await write(buyer, 'widget.created', `w-${i}`, { after: { name: `Widget ${i}`, qty: i } })
  await write(buyer, 'widget.updated', 'w-1', { before: { name: 'Widget 1', qty: 1 }, after: { name: 'Widget One', qty: 1, colour: 'red' } })
  await write(admin, 'widget.deleted', 'w-2', { before: { name: 'Widget 2' } })
  await write(alice, 'widget.viewed', 'w-3', { outcome: 'denied' })
  await write(null, 'gadget.synced', 'g-1', { after: { count: 3 } })
})

describe('the console audit page', () => {
  it('lists every row newest first, with a DTO that carries the actor and the before/after', async () => {
    const { body } = await page('/console/audit')
    const [{ n }] = await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from audit_log`)
    expect(body.total).toBe(n)
    const ids = body.rows.map((r) => r.id)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    const synced = body.rows.find((r) => r.action === 'gadget.synced')!
    expect(synced).toMatchObject({ actorKind: 'system', actor: null, entityType: 'widget', entityId: 'g-1', after: { count: 3 }, outcome: 'ok' })
    const updated = body.rows.find((r) => r.action === 'widget.updated')!
    expect(updated.actor).toEqual({ email: 'buyer@acme.test', name: buyer.name })
    const [{ types }] = await rawRows<{ types: string[] }>(db(), sql`select array_agg(distinct entity_type order by entity_type) as types from audit_log`)
    expect(body.entityTypes).toEqual(types)
    expect(body.entityTypes).toContain('widget')
    expect(Object.keys(updated).sort()).toEqual(['action', 'actor', 'actorKind', 'after', 'at', 'before', 'entityId', 'entityLabel', 'entityType', 'hash', 'id', 'ip', 'outcome'])
  })

  it('filters by action prefix, across pages', async () => {
    const ids = await allIds('action=widget.')
    expect(ids).toHaveLength(15)
    const created = await allIds('action=widget.cr')
    expect(created).toHaveLength(12)
    // The prefix is literal: "_" and "%" are not wildcards.
    expect((await page('/console/audit?action=widget_')).body.total).toBe(0)
    expect((await page('/console/audit?action=%25')).body.total).toBe(0)
  })

  it('filters by actor e-mail or name', async () => {
    const byEmail = await page('/console/audit?actor=BUYER@acme&action=widget.')
    expect(byEmail.body.total).toBe(13)
    expect(byEmail.body.rows.every((r) => r.actor?.email === 'buyer@acme.test')).toBe(true)
    const byName = await page(`/console/audit?actor=${encodeURIComponent(alice.name.split(' ')[0])}&action=widget.`)
    expect(byName.body.rows.map((r) => r.action)).toEqual(['widget.viewed'])
  })

  it('filters by entity type and id, and by outcome', async () => {
    const w1 = await page('/console/audit?entityType=widget&entityId=w-1')
    expect(w1.body.rows.map((r) => r.action)).toEqual(['widget.updated', 'widget.created'])
    const denied = await page('/console/audit?outcome=denied&entityType=widget')
    expect(denied.body.rows.map((r) => [r.action, r.outcome])).toEqual([['widget.viewed', 'denied']])
    expect((await page('/console/audit?entityType=widg')).body.total).toBe(0)
  })

  it('filters by calendar days in the viewer’s time zone', async () => {
    // 23:30 and 00:30 in Shanghai on either side of midnight; both are 1 March in UTC.
    await appendAt('2026-03-01T15:30:00.000000Z', { action: 'tz.late', entityType: 'tz', entityId: 'a' })
    await appendAt('2026-03-01T16:30:00.000000Z', { action: 'tz.early', entityType: 'tz', entityId: 'b' })
    expect(admin.timeZone).toBe('Asia/Shanghai')
    const day1 = await page('/console/audit?entityType=tz&from=2026-03-01&to=2026-03-01')
    expect(day1.body.rows.map((r) => r.action)).toEqual(['tz.late'])
    const day2 = await page('/console/audit?entityType=tz&from=2026-03-02')
    expect(day2.body.rows.map((r) => r.action)).toEqual(['tz.early'])
    const utcViewer: StaffActor = { ...admin, timeZone: 'UTC' }
    const utcDay = await page('/console/audit?entityType=tz&from=2026-03-01&to=2026-03-01', utcViewer)
    expect(utcDay.body.rows.map((r) => r.action).sort()).toEqual(['tz.early', 'tz.late'])
    expect((await verifyAuditChain()).ok).toBe(true)
  })

  it('answers a bad filter with 400 and a message on the field, listing nothing', async () => {
    const bad = await page('/console/audit?outcome=maybe&from=2026-02-30')
    expect(bad.status).toBe(400)
    expect(Object.keys(bad.body.errors).sort()).toEqual(['from', 'outcome'])
    expect(bad.body.rows).toEqual([])
    const reversed = await page('/console/audit?from=2026-03-02&to=2026-03-01')
    expect(reversed.status).toBe(400)
    expect(reversed.body.errors.to).toEqual(['audit:filters.toBeforeFrom'])
  })

  it('refuses staff without audit.view and every partner user, and records each refusal', async () => {
    const before = await db().$count(auditLog, eq(auditLog.action, 'access.denied'))
    for (const who of [buyer, alice, dave]) {
      await expectForbidden(() => pageLoader(args('/console/audit', who)))
      await expectForbidden(() => exportLoader(args('/console/audit/export?format=csv', who)))
      await expectForbidden(() => verifyLoader(args('/console/audit/verify', who)))
    }
    expect(await db().$count(auditLog, eq(auditLog.action, 'access.denied'))).toBe(before + 9)
  })

  it('reports the hash chain and the rows checked', async () => {
    const res: any = await verifyLoader(args('/console/audit/verify', admin))
    const total = await db().$count(auditLog)
    expect(res.data).toMatchObject({ ok: true, checked: total, brokenAtId: null })
    expect(res.init.headers['Cache-Control']).toBe('no-store')
    // The check reads the log in batches; batch edges must not break the chain.
    expect(await verifyAuditChain(db(), { batchSize: 3 })).toEqual({ ok: true, checked: total })
  })
})

describe('the audit export', () => {
  it('downloads exactly the filtered rows as CSV, and records the export', async () => {
    const expected = await allIds('action=widget.&actor=buyer')
    const exportsBefore = await db().$count(auditLog, eq(auditLog.action, 'audit.exported'))
    const res = (await exportLoader(args('/console/audit/export?format=csv&action=widget.&actor=buyer', admin))) as Response
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('Content-Disposition')).toMatch(/^attachment; filename="audit-log-\d{8}-\d{4}\.csv"$/)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // BOM, so Excel reads UTF-8
    const [header, ...rows] = parseCsv(new TextDecoder().decode(bytes))
    expect(header[0]).toBe('编号') // the admin reads Chinese
    expect(rows.map((r) => Number(r[0]))).toEqual(expected)
    const updated = rows.find((r) => r[5] === 'widget.updated')!
    expect(updated[2]).toBe('buyer@acme.test')
    expect(JSON.parse(updated[11])).toEqual({ name: 'Widget One', qty: 1, colour: 'red' })

    const [logged] = await db().select().from(auditLog).where(eq(auditLog.action, 'audit.exported')).orderBy(desc(auditLog.id)).limit(1)
    expect(await db().$count(auditLog, eq(auditLog.action, 'audit.exported'))).toBe(exportsBefore + 1)
    expect(logged).toMatchObject({ actorUserId: admin.userId, entityType: 'audit_log', outcome: 'ok', ip: '127.0.0.1' })
    expect(logged.after).toMatchObject({ format: 'csv', rows: expected.length, filter: { action: 'widget.', actor: 'buyer' } })
  })

  it('leaves its own audit row out of an unfiltered export', async () => {
    const before = await db().$count(auditLog)
    const res = (await exportLoader(args('/console/audit/export?format=csv', admin))) as Response
    const rows = parseCsv(await res.text()).slice(1)
    expect(rows).toHaveLength(before)
    expect(await db().$count(auditLog)).toBe(before + 1)
  })

  it('downloads the same rows as .xlsx', async () => {
    const expected = await allIds('entityType=widget&outcome=ok')
    const res = (await exportLoader(args('/console/audit/export?format=xlsx&entityType=widget&outcome=ok', admin))) as Response
    expect(res.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(res.headers.get('Content-Disposition')).toMatch(/^attachment; filename="audit-log-.*\.xlsx"$/)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any)
    const sheet = wb.worksheets[0]
    const ids: number[] = []
    sheet.eachRow((row, n) => {
      if (n > 1) ids.push(Number(row.getCell(1).value))
    })
    expect(ids).toEqual(expected)
    expect(expected.length).toBe(15)
  })

  it('neutralizes spreadsheet formulas in CSV cells', async () => {
    await transact(({ tx }) => recordAudit(tx, { system: true }, { action: 'formula.test', entityType: 'widget', entityId: '=HYPERLINK("http://evil.example")' }))
    const res = (await exportLoader(args('/console/audit/export?format=csv&action=formula.', admin))) as Response
    const [, row] = parseCsv(await res.text())
    expect(row[7]).toBe(`'=HYPERLINK("http://evil.example")`)
  })

  it('refuses unknown parameters and bad formats with 400, writing nothing', async () => {
    const before = await db().$count(auditLog, eq(auditLog.action, 'audit.exported'))
    for (const q of ['format=pdf', 'format=csv&page=2', 'format=csv&outcome=maybe', 'action=x']) {
      const res = (await exportLoader(args(`/console/audit/export?${q}`, admin))) as Response
      expect(res.status, q).toBe(400)
    }
    expect(await db().$count(auditLog, eq(auditLog.action, 'audit.exported'))).toBe(before)
  })
})
