import { and, eq } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, channelStockReports, organizations, products, users } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { channelStockView, getOwnReport, type ChannelFilters } from '~/domain/channel/channel.queries.server'
import { reportVersion } from '~/domain/channel/channel.rules'
import { submitChannelReport } from '~/domain/channel/submit-channel-report.server'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { readSpreadsheet } from '~/utils/spreadsheet.server'
import * as historyRoute from '../../../portal-customer/routes/channel-stock'
import * as reportRoute from '../../../portal-customer/routes/channel-stock.$id'
import * as newRoute from '../../../portal-customer/routes/channel-stock.new'
import * as templateRoute from '../../../portal-customer/routes/channel-stock.template'
import * as uploadRoute from '../../../portal-customer/routes/channel-stock.upload'
import * as consoleRoute from '~/routes/console.channel-stock._index'
import * as exportRoute from '~/routes/console.channel-stock.export'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { renderRoute, textsByTestId } from '../../support/render-route'
import { payload, routeArgs, statusOf, uploadRequest, useTempDataDir } from '../catalog/helpers'
import { linesOf, productIds, reportsOf, snapshot } from './helpers'

useTestDatabase({ seed: true })
useTempDataDir()

async function orgId(code: string) {
  const [o] = await db().select({ id: organizations.id }).from(organizations).where(eq(organizations.code, code))
  return o.id
}

function postForm(actor: Actor, fields: Record<string, string>, url = '/dealer/channel-stock/new') {
  return newRoute.action(routeArgs(actor, url, {}, { method: 'POST', body: new URLSearchParams(fields) }))
}

async function xlsx(rows: Array<Array<string | number>>) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('stock')
  for (const r of rows) ws.addRow(r)
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

describe('demo data', () => {
  // First in the file: later tests replace the current week's demo report of DLR-NORTH.
  it('the demo seeded 8 weekly reports for each demo dealer, source demo', async () => {
    for (const code of ['DLR-NORTH', 'DLR-EAST', 'DLR-SOUTH']) {
      const rows = await db().select().from(channelStockReports).where(and(eq(channelStockReports.dealerOrgId, await orgId(code)), eq(channelStockReports.source, 'demo')))
      expect(rows, code).toHaveLength(8)
      expect(rows.every((r) => r.periodKind === 'week' && new Date(`${r.periodStart}T00:00:00Z`).getUTCDay() === 1)).toBe(true)
    }
  })
})

describe('a dealer reports channel stock by form', () => {
  it('submits a week, stored on its Monday with source form, and audited', async () => {
    const dave = await actorFor('dave@north.test')
    const p = await productIds('EL-1001', 'MT-2001')
    const res = await postForm(dave, {
      kind: 'week',
      period: '2025-06-11', // a Wednesday
      'lines[0].productId': p['EL-1001'],
      'lines[0].onHand': '120',
      'lines[0].sold': '35',
      'lines[1].productId': '',
      'lines[1].onHand': '',
      'lines[1].sold': '',
      'lines[2].productId': p['MT-2001'],
      'lines[2].onHand': '0',
      'lines[2].sold': '14',
    })
    expect(await statusOf(async () => res)).toBe(302)
    const [report] = await reportsOf(dave.orgId, '2025-06-09')
    expect(report).toMatchObject({ source: 'form', submittedBy: dave.userId })
    expect((res as Response).headers.get('Location')).toBe(`/dealer/channel-stock/${report.id}`)
    expect(await linesOf(report.id)).toEqual([
      ['EL-1001', 120, 35],
      ['MT-2001', 0, 14],
    ])
    const audits = await db().select().from(auditLog).where(eq(auditLog.entityId, report.id))
    expect(audits.map((a) => a.action)).toEqual(['channel.report.submitted'])
    expect(audits[0]).toMatchObject({ actorOrgId: dave.orgId, before: null })

    // The dealer's own history lists it, and its page shows the lines.
    const history: any = await historyRoute.loader(routeArgs(dave, '/dealer/channel-stock?kind=week&size=200'))
    const row = history.rows.find((r: any) => r.id === report.id)
    expect(row).toMatchObject({ label: '2025 年第 24 周', lines: 2, totals: [{ unit: 'pcs', onHand: '120', sold: '49' }] })
    const page: any = await reportRoute.loader(routeArgs(dave, `/dealer/channel-stock/${report.id}`, { id: report.id }))
    expect(page.report.lines.map((l: any) => l.sku)).toEqual(['EL-1001', 'MT-2001'])
  })

  it('re-submitting the period replaces its report, with before and after in the audit', async () => {
    const dave = await actorFor('dave@north.test')
    const dora = await actorFor('dora@north.test')
    const p = await productIds('EL-1001', 'EL-1002')
    const [first] = await reportsOf(dave.orgId, '2025-06-09')
    const res = await postForm(dora, {
      kind: 'week',
      period: '2025-06-15', // the Sunday of the same week
      replaces: reportVersion(first.id, first.updatedAt), // the report the page named
      'lines[0].productId': p['EL-1002'],
      'lines[0].onHand': '77',
      'lines[0].sold': '3',
      'lines[1].productId': p['EL-1001'],
      'lines[1].onHand': '100',
      'lines[1].sold': '40',
    })
    expect(await statusOf(async () => res)).toBe(302)
    const reports = await reportsOf(dave.orgId, '2025-06-09')
    expect(reports).toHaveLength(1)
    expect(reports[0]).toMatchObject({ id: first.id, submittedBy: dora.userId, source: 'form' })
    expect(await linesOf(first.id)).toEqual([
      ['EL-1001', 100, 40],
      ['EL-1002', 77, 3],
    ])
    const [replaced] = await db().select().from(auditLog).where(and(eq(auditLog.entityId, first.id), eq(auditLog.action, 'channel.report.replaced')))
    expect((replaced.before as any).lines).toEqual([
      { sku: 'EL-1001', onHand: '120', sold: '35' },
      { sku: 'MT-2001', onHand: '0', sold: '14' },
    ])
    expect((replaced.after as any).lines).toEqual([
      { sku: 'EL-1001', onHand: '100', sold: '40' },
      { sku: 'EL-1002', onHand: '77', sold: '3' },
    ])
  })

  it('replaces a report from the form only when the page named it (its version travels with the form)', async () => {
    const dave = await actorFor('dave@north.test')
    const p = await productIds('EL-1001')
    const [report] = await reportsOf(dave.orgId, '2025-06-09')
    const fields = { kind: 'week', period: '2025-06-10', 'lines[0].productId': p['EL-1001'], 'lines[0].onHand': '5', 'lines[0].sold': '1' }
    const before = await snapshot()
    // The page said the week had no report (a colleague's came meanwhile, or the period changed without script).
    const blind = await postForm(dave, { ...fields, replaces: '' })
    expect(await statusOf(async () => blind)).toBe(409)
    expect(payload(blind).submission.error['']).toEqual(['channel:errors.replaceUnconfirmedForm'])
    expect(await snapshot()).toEqual(before)
    // Naming the report the page showed replaces it.
    const told = await postForm(dave, { ...fields, replaces: reportVersion(report.id, report.updatedAt) })
    expect(await statusOf(async () => told)).toBe(302)
    expect(await linesOf(report.id)).toEqual([['EL-1001', 5, 1]])
  })

  it('refuses a product twice, bad quantities, a future period and unknown fields, writing nothing', async () => {
    const dave = await actorFor('dave@north.test')
    const p = await productIds('EL-1001')
    const before = await snapshot()
    const audits = await db().$count(auditLog)
    const base = { kind: 'week', period: '2025-07-02', 'lines[0].productId': p['EL-1001'], 'lines[0].onHand': '5', 'lines[0].sold': '1' }

    const dup = await postForm(dave, { ...base, 'lines[1].productId': p['EL-1001'], 'lines[1].onHand': '6', 'lines[1].sold': '2' })
    expect(await statusOf(async () => dup)).toBe(400)
    expect(payload(dup).submission.error['lines[1].productId']).toEqual(['channel:errors.duplicateProduct'])

    const bad = await postForm(dave, { ...base, 'lines[0].onHand': '-5', 'lines[0].sold': '1.23456' })
    expect(payload(bad).submission.error['lines[0].onHand']).toEqual(['errors:number.negative'])
    expect(payload(bad).submission.error['lines[0].sold']).toEqual(['errors:number.decimals|{"max":4}'])

    const future = await postForm(dave, { ...base, period: '2099-01-05' })
    expect(await statusOf(async () => future)).toBe(400)
    expect(payload(future).submission.error.period).toEqual(['channel:errors.futurePeriod'])

    const unknownProduct = await postForm(dave, { ...base, 'lines[0].productId': '00000000-0000-4000-8000-000000000000' })
    expect(payload(unknownProduct).submission.error['lines[0].productId']).toEqual(['channel:errors.product'])

    // One answer lists every problem: a withdrawn product and a future period come with another row's bad figure.
    const q = await productIds('EL-1005', 'EL-1002')
    await db().update(products).set({ active: false }).where(eq(products.sku, 'EL-1005'))
    const all = await postForm(dave, {
      kind: 'week',
      period: '2099-01-05',
      'lines[0].productId': q['EL-1005'],
      'lines[0].onHand': '5',
      'lines[0].sold': '1',
      'lines[1].productId': q['EL-1002'],
      'lines[1].onHand': 'x',
      'lines[1].sold': '1',
    })
    await db().update(products).set({ active: true }).where(eq(products.sku, 'EL-1005'))
    expect(await statusOf(async () => all)).toBe(400)
    expect(payload(all).submission.error).toEqual({
      period: ['channel:errors.futurePeriod'],
      'lines[0].productId': ['channel:errors.product'],
      'lines[1].onHand': ['errors:number.invalid'],
    })

    const erin = await actorFor('erin@east.test')
    const extras: Array<Record<string, string>> = [{ dealerOrgId: erin.orgId }, { source: 'demo' }, { submittedBy: erin.userId }, { 'lines[0].price': '1' }]
    for (const extra of extras) {
      const res = await postForm(dave, { ...base, ...extra })
      expect(await statusOf(async () => res), JSON.stringify(extra)).toBe(400)
    }
    expect(await snapshot()).toEqual(before)
    expect(await db().$count(auditLog)).toBe(audits)
  })

  it('two submissions of one period at once make one report, the later one winning whole', async () => {
    const dave = await actorFor('dave@north.test')
    const p = await productIds('EL-1001', 'EL-1002')
    const one = { kind: 'week' as const, period: '2025-09-03', lines: [{ productId: p['EL-1001'], onHand: '1', sold: '1' }] }
    const two = { kind: 'week' as const, period: '2025-09-04', lines: [{ productId: p['EL-1002'], onHand: '2', sold: '2' }] }
    const results = await Promise.all([submitChannelReport(dave, one), submitChannelReport(dave, two)])
    expect(new Set(results.map((r) => r.id)).size).toBe(1)
    expect(results.filter((r) => r.replaced)).toHaveLength(1)
    const [report] = await reportsOf(dave.orgId, '2025-09-01')
    const lines = await linesOf(report.id)
    expect([[['EL-1001', 1, 1]], [['EL-1002', 2, 2]]]).toContainEqual(lines)
  })
})

describe('a dealer uploads channel stock', () => {
  it('lists every bad row with its number and writes nothing; a good file replaces the period', async () => {
    const dave = await actorFor('dave@north.test')
    const url = '/dealer/channel-stock/upload'
    const period = { kind: 'week', period: '2025-08-06' }
    const before = await snapshot()
    const bytes = await xlsx([
      ['sku', 'on_hand', 'sold'],
      ['EL-1001', 50, 12],
      ['NOPE-1', 5, 1],
      ['EL-1002', -3, 2],
      // The same product typed another way is the same product, listed twice.
      ['el-1001', 9, 9],
    ])
    const res = await uploadRoute.action({ ...routeArgs(dave, url), request: uploadRequest(url, 'stock.xlsx', bytes, period) })
    expect(await statusOf(async () => res)).toBe(422)
    const issues = payload(res).issues as Array<{ row: number; column: string; message: string }>
    // The unknown SKU is reported with the other rows' problems, not only once they are fixed.
    expect(issues.map((i) => [i.row, i.column, i.message])).toEqual([
      [3, 'sku', 'channel:errors.unknownSku'],
      [4, 'on_hand', 'errors:number.negative'],
      [5, 'sku', expect.stringContaining('catalog:import.errors.duplicateInFile')],
    ])
    expect(await snapshot()).toEqual(before)

    // An inactive product's SKU is refused alongside a bad figure on another row, still writing nothing.
    await db().update(products).set({ active: false }).where(eq(products.sku, 'EL-1005'))
    const second = await xlsx([
      ['SKU', '库存', '销量'],
      ['EL-1005', 50, 12],
      ['EL-1001', 5, 'x'],
      ['NOPE-1', 5, 1],
    ])
    const res2 = await uploadRoute.action({ ...routeArgs(dave, url), request: uploadRequest(url, 'stock.xlsx', second, period) })
    await db().update(products).set({ active: true }).where(eq(products.sku, 'EL-1005'))
    expect(payload(res2).issues).toEqual([
      { row: 2, column: 'sku', message: 'channel:errors.unknownSku' },
      { row: 3, column: 'sold', message: 'errors:number.invalid' },
      { row: 4, column: 'sku', message: 'channel:errors.unknownSku' },
    ])
    expect(await snapshot()).toEqual(before)

    const good = await xlsx([
      ['sku', 'on_hand', 'sold', 'name'],
      ['EL-1001', 50, 12, 'anything'],
      // A SKU in another case finds its product, as in the other imports.
      ['pk-3001', '7', 0, ''],
    ])
    const ok = await uploadRoute.action({ ...routeArgs(dave, url), request: uploadRequest(url, 'stock.xlsx', good, period) })
    expect(await statusOf(async () => ok)).toBe(302)
    const [report] = await reportsOf(dave.orgId, '2025-08-04')
    expect(report.source).toBe('upload')
    expect(await linesOf(report.id)).toEqual([
      ['EL-1001', 50, 12],
      ['PK-3001', 7, 0],
    ])
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.entityId, report.id))
    expect(audit.action).toBe('channel.report.submitted')
    expect((audit.after as any).fileId).toBeTruthy()
  })

  it('the page starts from the current week without a period in the URL; a malformed period is refused', async () => {
    const dave = await actorFor('dave@north.test')
    const good = await xlsx([
      ['sku', 'on_hand', 'sold'],
      ['EL-1003', 10, 5],
    ])
    const url = '/dealer/channel-stock/upload'
    const before = await snapshot()
    const bad = await uploadRoute.action({ ...routeArgs(dave, url), request: uploadRequest(url, 's.xlsx', good, { kind: 'year', period: '2025-01-01' }) })
    expect(await statusOf(async () => bad)).toBe(400)
    expect(payload(bad).submission.error).toEqual({ kind: ['errors:field.choose'] })
    expect(await snapshot()).toEqual(before)

    const page: any = await uploadRoute.loader(routeArgs(dave, url))
    const monday = new Date(`${page.period.period}T00:00:00Z`)
    monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7))
    const start = monday.toISOString().slice(0, 10)
    // The demo had reported this week: the upload replaces it, naming the report the page showed.
    const shown = page.reported.find((r: any) => r.key === `week|${start}`)
    expect(shown).toBeTruthy()
    const ok = await uploadRoute.action({ ...routeArgs(dave, url), request: uploadRequest(url, 's.xlsx', good, { ...page.period, replaces: shown.version }) })
    expect(await statusOf(async () => ok)).toBe(302)
    const [report] = await reportsOf(dave.orgId, start)
    expect(report.source).toBe('upload')
    expect(await linesOf(report.id)).toEqual([['EL-1003', 10, 5]])
  })

  it('serves the template with the columns the upload reads, headed in the dealer’s language', async () => {
    const template = async (actor: Actor, format: 'xlsx' | 'csv') =>
      readSpreadsheet(format, new Uint8Array(await ((await templateRoute.loader(routeArgs(actor, `/dealer/channel-stock/template?format=${format}`))) as Response).arrayBuffer()))
    const dave = await actorFor('dave@north.test')
    expect(dave.locale).toBe('zh-CN')
    for (const format of ['xlsx', 'csv'] as const) {
      const grid = await template(dave, format)
      expect(grid[0]).toEqual(['物料编码', '期末库存', '本期销量', '产品名称'])
      expect(grid.length).toBeGreaterThan(10)
    }
    await db().update(users).set({ locale: 'en' }).where(eq(users.email, 'dora@north.test'))
    const dora = await actorFor('dora@north.test')
    const english = await template(dora, 'csv')
    expect(english[0]).toEqual(['sku', 'on_hand', 'sold', 'name'])
    // Either heading reads back: the English one filled in and uploaded by a Chinese reader too.
    const row = english.findIndex((r) => r[0] === 'EL-1001')
    expect(row).toBeGreaterThan(0)
    const filled = english.map((r, i) => (i === row ? ['EL-1001', '42', '7', r[3]] : r))
    const csv = filled.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n')
    const url = '/dealer/channel-stock/upload'
    const res = await uploadRoute.action({ ...routeArgs(dave, url), request: uploadRequest(url, 'template.csv', new TextEncoder().encode(csv), { kind: 'week', period: '2025-04-09' }) })
    expect(await statusOf(async () => res)).toBe(302)
    const [report] = await reportsOf(dave.orgId, '2025-04-07')
    expect(await linesOf(report.id)).toEqual([['EL-1001', 42, 7]])
  })
})

describe('who sees which report', () => {
  it('another dealer gets 404 for the id and never sees it in its history', async () => {
    const dave = await actorFor('dave@north.test')
    const erin = await actorFor('erin@east.test')
    const [report] = await reportsOf(dave.orgId, '2025-06-09')
    expect(await statusOf(() => reportRoute.loader(routeArgs(erin, `/dealer/channel-stock/${report.id}`, { id: report.id })))).toBe(404)
    expect(await statusOf(() => reportRoute.loader(routeArgs(erin, '/dealer/channel-stock/not-a-uuid', { id: 'not-a-uuid' })))).toBe(404)
    expect(await getOwnReport(erin, report.id)).toBeNull()
    const history: any = await historyRoute.loader(routeArgs(erin, '/dealer/channel-stock?size=200&dealer=' + dave.orgId))
    expect(history.rows.length).toBeGreaterThan(0) // erin's own demo weeks
    expect(history.rows.some((r: any) => r.id === report.id)).toBe(false)
    const own = new Set((await db().select({ id: channelStockReports.id }).from(channelStockReports).where(eq(channelStockReports.dealerOrgId, erin.orgId))).map((r) => r.id))
    expect(history.rows.every((r: any) => own.has(r.id))).toBe(true)
  })

  it('suppliers and staff cannot reach the dealer pages; staff without channel.view get 403 in the console', async () => {
    const dave = await actorFor('dave@north.test')
    const [report] = await reportsOf(dave.orgId, '2025-06-09')
    const dealerRoutes: Array<[any, string, Record<string, string>]> = [
      [historyRoute, '/dealer/channel-stock', {}],
      [reportRoute, `/dealer/channel-stock/${report.id}`, { id: report.id }],
      [newRoute, '/dealer/channel-stock/new', {}],
      [uploadRoute, '/dealer/channel-stock/upload?kind=week&period=2025-06-09', {}],
      [templateRoute, '/dealer/channel-stock/template', {}],
    ]
    const before = await snapshot()
    for (const email of ['alice@bright.test', 'amy@bright.test', 'admin@acme.test', 'sales.manager@acme.test']) {
      const actor = await actorFor(email)
      for (const [mod, url, params] of dealerRoutes) {
        expect(await statusOf(() => mod.loader(routeArgs(actor, url, params))), `${email} GET ${url}`).toBe(403)
        if (mod.action) expect(await statusOf(() => mod.action(routeArgs(actor, url, params, { method: 'POST', body: new URLSearchParams({ kind: 'week', period: '2025-06-09' }) }))), `${email} POST ${url}`).toBe(403)
      }
    }
    for (const email of ['warehouse@acme.test', 'buyer@acme.test', 'buyer.manager@acme.test', 'dave@north.test', 'alice@bright.test']) {
      const actor = await actorFor(email)
      expect(await statusOf(() => consoleRoute.loader(routeArgs(actor, '/console/channel-stock'))), email).toBe(403)
      expect(await statusOf(() => exportRoute.loader(routeArgs(actor, '/console/channel-stock/export'))), email).toBe(403)
    }
    for (const email of ['admin@acme.test', 'sales@acme.test', 'sales.manager@acme.test', 'finance@acme.test']) {
      const actor = await actorFor(email)
      expect(await statusOf(() => consoleRoute.loader(routeArgs(actor, '/console/channel-stock'))), email).toBe(200)
    }
    expect(await snapshot()).toEqual(before)
  })
})

describe('the console adds up channel stock', () => {
  // March 2025: before the demo weeks, so only these reports are in range.
  const weeks = ['2025-03-03', '2025-03-10', '2025-03-17']
  const filters = (over: Partial<ChannelFilters> = {}): ChannelFilters => ({ kind: 'week', from: '2025-03-03', to: '2025-03-17', region: null, dealer: null, category: null, q: '', group: 'dealer', ...over })

  it('latest on hand, sold in range, sell-through and weeks of cover per dealer and per region', async () => {
    const p = await productIds('EL-1001', 'MT-2001', 'MT-2004')
    const dave = await actorFor('dave@north.test') // North China
    const erin = await actorFor('erin@east.test') // East China
    const frank = await actorFor('frank@south.test') // South China
    const submit = (actor: Actor, period: string, lines: Array<[string, string, string]>) =>
      submitChannelReport(actor, { kind: 'week', period, lines: lines.map(([productId, onHand, sold]) => ({ productId, onHand, sold })) })
    await submit(dave, weeks[0], [[p['EL-1001'], '100', '10'], [p['MT-2001'], '50', '0']])
    await submit(dave, weeks[1], [[p['EL-1001'], '80', '20']])
    await submit(dave, weeks[2], [[p['EL-1001'], '60', '30'], [p['MT-2001'], '50', '0']])
    await submit(erin, weeks[1], [[p['MT-2004'], '40', '5.5']])
    await submit(frank, weeks[2], [[p['EL-1001'], '0', '0']])

    const mgr = await actorFor('sales.manager@acme.test')
    const view = await channelStockView(mgr, filters())
    const row = (dealer: string, productId: string) => view.rows.find((r) => r.dealerOrgId === dealer && r.productId === productId)
    expect(view.weeks).toBe('3')
    expect(row(dave.orgId, p['EL-1001'])).toMatchObject({ region: 'North China', onHand: '60', sold: '60', sellThrough: '0.5000', weeksOfCover: '3.0', latestLabel: '2025 年第 12 周' })
    expect(row(dave.orgId, p['MT-2001'])).toMatchObject({ onHand: '50', sold: '0', sellThrough: '0.0000', weeksOfCover: null })
    expect(row(erin.orgId, p['MT-2004'])).toMatchObject({ onHand: '40', sold: '5.5', sellThrough: '0.1209', weeksOfCover: '7.3', latestLabel: '2025 年第 11 周' })
    expect(row(frank.orgId, p['EL-1001'])).toMatchObject({ onHand: '0', sold: '0', sellThrough: null, weeksOfCover: null })
    expect(view.rows).toHaveLength(4)
    // Kilograms and pieces are added up apart, in the totals and in the chart.
    expect(view.totals).toEqual([
      { unit: 'kg', onHand: '40', sold: '5.5' },
      { unit: 'pcs', onHand: '110', sold: '60' },
    ])
    expect(view.series.map((s) => [s.unit, s.points.map((p) => [p.label, p.onHand, p.sold])])).toEqual([
      ['kg', [['2025 年第 10 周', '0', '0'], ['2025 年第 11 周', '40', '5.5'], ['2025 年第 12 周', '0', '0']]],
      ['pcs', [['2025 年第 10 周', '150', '10'], ['2025 年第 11 周', '80', '20'], ['2025 年第 12 周', '110', '30']]],
    ])

    const byRegion = await channelStockView(mgr, filters({ group: 'region', region: 'North China' }))
    expect(byRegion.rows.map((r) => [r.region, r.sku, r.onHand, r.sold])).toEqual(
      expect.arrayContaining([
        ['North China', 'EL-1001', '60', '60'],
        ['North China', 'MT-2001', '50', '0'],
      ]),
    )
    expect(byRegion.rows).toHaveLength(2)

    const oneDealer = await channelStockView(mgr, filters({ dealer: erin.orgId, category: 'METAL' }))
    expect(oneDealer.rows.map((r) => r.dealerOrgId)).toEqual([erin.orgId])
    const search = await channelStockView(mgr, filters({ q: 'MT-20' }))
    expect(search.rows.map((r) => r.sku).sort()).toEqual(['MT-2001', 'MT-2004'])
  })

  it('names the regions in the reader’s language, on the page, in its filter and in the export; the chart’s table groups thousands', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    expect(mgr.locale).toBe('zh-CN')
    const url = '/console/channel-stock?group=region&size=200'
    const page: any = await consoleRoute.loader(routeArgs(mgr, url))
    expect(new Set(page.rows.map((r: any) => r.region))).toEqual(new Set(['华北', '华东', '华南']))
    expect(page.options.regions).toEqual(
      expect.arrayContaining([
        { value: 'North China', label: '华北' },
        { value: 'East China', label: '华东' },
      ]),
    )
    const html = await renderRoute(consoleRoute.default, page, 'zh-CN', url)
    expect(html).toContain('<option value="East China">华东</option>')
    expect(html).not.toContain('>East China<')
    // The chart's table: exact figures, grouped as the locale groups them (the demo's weeks run to tens of thousands).
    const points = textsByTestId(html, 'chart-point')
    expect(points).toHaveLength(page.series.flatMap((s: any) => s.points).length)
    const big = page.series.flatMap((s: any) => s.points).find((p: any) => Number(p.onHand) >= 1000)
    expect(big).toBeTruthy()
    expect(points).toContain(`${big.label}${formatQuantity(big.onHand, 'zh-CN')}${formatQuantity(big.sold, 'zh-CN')}`)
    expect(formatQuantity(big.onHand, 'zh-CN')).toContain(',')

    const res = (await exportRoute.loader(routeArgs(mgr, '/console/channel-stock/export?group=region'))) as Response
    const grid = await readSpreadsheet('xlsx', new Uint8Array(await res.arrayBuffer()))
    expect(new Set(grid.slice(1).map((r) => r[0]))).toEqual(new Set(['华北', '华东', '华南']))

    // Filtering still takes the region as stored; a region the app does not know is shown as typed.
    const east: any = await consoleRoute.loader(routeArgs(mgr, '/console/channel-stock?group=region&region=East%20China'))
    expect(new Set(east.rows.map((r: any) => r.region))).toEqual(new Set(['华东']))
    await db().update(organizations).set({ region: 'Hainan Free Trade Port' }).where(eq(organizations.code, 'DLR-SOUTH'))
    const typed: any = await consoleRoute.loader(routeArgs(mgr, url))
    await db().update(organizations).set({ region: 'South China' }).where(eq(organizations.code, 'DLR-SOUTH'))
    expect(new Set(typed.rows.map((r: any) => r.region))).toEqual(new Set(['华北', '华东', 'Hainan Free Trade Port']))

    // One region typed two ways ("North China" for North, "华北" for South) is one region: one row per
    // product, one filter option, and the filter takes in both dealers.
    const northOnly: any = await consoleRoute.loader(routeArgs(mgr, `${url}&region=North%20China`))
    await db().update(organizations).set({ region: '华北' }).where(eq(organizations.code, 'DLR-SOUTH'))
    try {
      const merged: any = await consoleRoute.loader(routeArgs(mgr, url))
      expect(merged.rows.filter((r: any) => r.region === '华北').map((r: any) => r.sku).sort()).toEqual([...new Set(merged.rows.filter((r: any) => r.region === '华北').map((r: any) => r.sku))].sort())
      expect(merged.options.regions.filter((o: any) => o.label === '华北')).toHaveLength(1)
      const filtered: any = await consoleRoute.loader(routeArgs(mgr, `${url}&region=North%20China`))
      const sum = (rows: any[]) => rows.reduce((n, r) => n + Number(r.sold), 0)
      expect(sum(filtered.rows)).toBeGreaterThan(sum(northOnly.rows))
      expect(new Set(filtered.rows.map((r: any) => r.region))).toEqual(new Set(['华北']))
    } finally {
      await db().update(organizations).set({ region: 'South China' }).where(eq(organizations.code, 'DLR-SOUTH'))
    }
  })

  it('the page and its .xlsx export show the same rows', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const qs = '?from=2025-03-05&to=2025-03-20&sort=sold&dir=desc'
    const page: any = await consoleRoute.loader(routeArgs(mgr, `/console/channel-stock${qs}`))
    expect(page.filters).toMatchObject({ from: '2025-03-03', to: '2025-03-17' })
    expect(page.rows.map((r: any) => r.sold)).toEqual(['60', '5.5', '0', '0'])
    const res = (await exportRoute.loader(routeArgs(mgr, `/console/channel-stock/export${qs}`))) as Response
    expect(res.headers.get('Content-Disposition')).toMatch(/attachment; filename=.*\.xlsx/)
    const bytes = new Uint8Array(await res.arrayBuffer())
    const grid = await readSpreadsheet('xlsx', bytes)
    expect(grid).toHaveLength(5)
    // Headed as the page's columns, in the reader's language: the figures are the latest on hand and the range's sales.
    expect(grid[0]).toEqual(['区域', '经销商编码', '经销商', '物料编码', '产品', '单位', '最新库存', '期间销量', '售罄率', '可售周数', '最近上报'])
    expect(grid.slice(1).map((r) => r[7])).toEqual(['60', '5.5', '0', '0'])
    // Units in the reader's language, as on the page (the manager reads Chinese).
    expect(grid.slice(1).map((r) => r[5])).toEqual(['件', '千克', '件', '件'])

    // Figures are number cells with a number format, so a spreadsheet adds them up; codes and marks stay text.
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(bytes) as any)
    const ws = wb.worksheets[0]
    const cells = [2, 3, 4, 5].map((r) => ws.getRow(r)).map((row) => ({ sku: row.getCell(4), onHand: row.getCell(7), sold: row.getCell(8), rate: row.getCell(9), cover: row.getCell(10) }))
    expect(cells.map((c) => c.sold.value)).toEqual([60, 5.5, 0, 0])
    expect(cells.map((c) => c.sold.numFmt)).toEqual(['#,##0', '#,##0.0', '#,##0', '#,##0'])
    // The two rows that sold nothing tie, and fall back to the order the reader sees (by SKU), on every database.
    expect(cells.map((c) => c.onHand.value)).toEqual([60, 40, 50, 0])
    expect(cells[0].rate).toMatchObject({ value: 0.5, numFmt: '0.0%' })
    expect(cells[0].cover).toMatchObject({ value: 3, numFmt: '#,##0.0' })
    // Erin reported once in the range: 5.5 sold in that week, 40 on hand.
    expect(cells.map((c) => c.cover.value)).toEqual([3, 7.3, '∞', '—'])
    expect(cells[0].sku).toMatchObject({ value: 'EL-1001', numFmt: '@' })
  })
})
