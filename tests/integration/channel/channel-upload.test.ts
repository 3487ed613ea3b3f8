import { and, eq } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, products as channelProducts } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { parseMessage } from '~/utils/validation'
import * as templateRoute from '../../../portal-customer/routes/channel-stock.template'
import * as uploadRoute from '../../../portal-customer/routes/channel-stock.upload'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { renderRoute, textsByTestId } from '../../support/render-route'
import { payload, routeArgs, statusOf, uploadRequest, useTempDataDir } from '../catalog/helpers'
import { linesOf, reportsOf, snapshot } from './helpers'

useTestDatabase({ seed: true })
useTempDataDir()

const UPLOAD = '/dealer/channel-stock/upload'
const reportOf = async (dealer: string, periodStart: string) => (await reportsOf(dealer, periodStart))[0] ?? null

/** The template as the dealer downloads it, with figures typed into the rows of the given SKUs (cells not named stay as they came). */
async function filledTemplate(actor: Actor, figures: Record<string, [number | string | null, number | string | null]>) {
  const res = (await templateRoute.loader(routeArgs(actor, '/dealer/channel-stock/template?format=xlsx'))) as Response
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any)
  const ws = wb.worksheets[0]
  const rowOf: Record<string, number> = {}
  ws.eachRow((row, n) => {
    const sku = String(row.getCell(1).value)
    rowOf[sku] = n
    const f = figures[sku]
    if (!f) return
    if (f[0] !== null) row.getCell(2).value = f[0]
    if (f[1] !== null) row.getCell(3).value = f[1]
  })
  return { bytes: new Uint8Array(await wb.xlsx.writeBuffer()), rowOf, rows: ws.rowCount }
}

function upload(actor: Actor, bytes: Uint8Array, fields: Record<string, string>, url = UPLOAD) {
  return uploadRoute.action({ ...routeArgs(actor, url), request: uploadRequest(url, 'template.xlsx', bytes, fields) })
}

describe('the template, filled in for the products a dealer carries', () => {
  it('uploads as it is: the rows left without figures are skipped, whatever their SKU and name cells hold', async () => {
    const erin = await actorFor('erin@east.test')
    const { bytes, rows } = await filledTemplate(erin, { 'AS-4001': [12, 3], 'EL-1001': [3876, 1320], 'PK-3001': [707, 0] })
    expect(rows).toBeGreaterThan(10) // every active product, as downloaded
    const res = await upload(erin, bytes, { kind: 'week', period: '2025-05-07' })
    expect(await statusOf(async () => res)).toBe(302)
    const report = (await reportOf(erin.orgId, '2025-05-05'))!
    expect(report.source).toBe('upload')
    expect(await linesOf(report.id)).toEqual([
      ['AS-4001', 12, 3],
      ['EL-1001', 3876, 1320],
      ['PK-3001', 707, 0],
    ])
  })

  it('a row with one figure and not the other is refused, one message for the blank cell; the unfilled rows are not mentioned', async () => {
    const erin = await actorFor('erin@east.test')
    const { bytes, rowOf } = await filledTemplate(erin, { 'AS-4001': [5, null], 'EL-1001': [10, 2], 'PK-3001': [null, 'x'] })
    const before = await snapshot()
    const res = await upload(erin, bytes, { kind: 'week', period: '2025-04-09' })
    expect(await statusOf(async () => res)).toBe(422)
    expect(payload(res).issues).toEqual([
      { row: rowOf['AS-4001'], column: 'sold', message: 'errors:field.required' },
      { row: rowOf['PK-3001'], column: 'on_hand', message: 'errors:field.required' },
      { row: rowOf['PK-3001'], column: 'sold', message: 'errors:number.invalid' },
    ])
    expect(await snapshot()).toEqual(before)
  })

  it('a template with no figures at all is refused once, saying so', async () => {
    const erin = await actorFor('erin@east.test')
    const { bytes } = await filledTemplate(erin, {})
    const before = await snapshot()
    const res = await upload(erin, bytes, { kind: 'week', period: '2025-04-09' })
    expect(await statusOf(async () => res)).toBe(422)
    expect(payload(res).issues).toEqual([{ row: 0, column: null, message: 'channel:errors.noFilledRows' }])
    // A header the upload does not read is still reported as such, not as "no figures".
    const odd = new ExcelJS.Workbook()
    odd.addWorksheet('s').addRow(['sku', 'stock?'])
    const res2 = await upload(erin, new Uint8Array(await odd.xlsx.writeBuffer()), { kind: 'week', period: '2025-04-09' })
    expect(payload(res2).issues.map((i: any) => i.message)).not.toContain('channel:errors.noFilledRows')
    expect(await snapshot()).toEqual(before)
  })
})

describe('a sheet reaching far past its data', () => {
  it('is refused on the file field, saying how far an upload reads, before anything is built from it; a gap in the rows still names each row', async () => {
    const erin = await actorFor('erin@east.test')
    const before = await snapshot()
    const sheet = async (fill: (ws: ExcelJS.Worksheet) => void) => {
      const wb = new ExcelJS.Workbook()
      const ws = wb.addWorksheet('s')
      ws.addRow(['sku', 'on_hand', 'sold'])
      fill(ws)
      return new Uint8Array(await wb.xlsx.writeBuffer())
    }
    const products = await db().$count(channelProducts, eq(channelProducts.active, true))
    const cases: Array<[Uint8Array, string, number]> = [
      [await sheet((ws) => (ws.getCell('XFD1048576').value = 1)), 'catalog:import.file.tooManyRows', 1 + 2 * 2000 + products],
      [await sheet((ws) => (ws.getRow(3000).getCell(4000).value = 1)), 'catalog:import.file.tooManyColumns', 4 + 50],
    ]
    for (const [bytes, key, max] of cases) {
      expect(bytes.length).toBeLessThan(10_000)
      const res = await upload(erin, bytes, { kind: 'week', period: '2025-04-09' })
      expect(await statusOf(async () => res), key).toBe(400)
      expect(payload(res).submission.error.file.map((m: string) => parseMessage(m)), key).toEqual([[key, { max }]])
    }
    // Within the limits, a blank row between the data keeps the rows after it on their own numbers.
    const gap = await sheet((ws) => {
      ws.addRow(['EL-1001', 1, 1])
      ws.getRow(4).values = ['PK-3001', 2, 'x']
    })
    const res = await upload(erin, gap, { kind: 'week', period: '2025-04-09' })
    expect(await statusOf(async () => res)).toBe(422)
    expect(payload(res).issues).toEqual([{ row: 4, column: 'sold', message: 'errors:number.invalid' }])
    expect(await snapshot()).toEqual(before)
  })
})

describe('the period of an upload', () => {
  it('is the one posted with the file, not the one in the page’s URL', async () => {
    const erin = await actorFor('erin@east.test')
    const w19 = (await reportOf(erin.orgId, '2025-05-05'))!
    const w19Lines = await linesOf(w19.id)
    const { bytes } = await filledTemplate(erin, { 'EL-1001': [7, 7] })
    // The page was opened for W19 (the URL), then the period field was changed to a day of W16.
    const res = await upload(erin, bytes, { kind: 'week', period: '2025-04-16' }, `${UPLOAD}?kind=week&period=2025-05-07`)
    expect(await statusOf(async () => res)).toBe(302)
    const w16 = (await reportOf(erin.orgId, '2025-04-14'))!
    expect(await linesOf(w16.id)).toEqual([['EL-1001', 7, 7]])
    expect(await linesOf(w19.id)).toEqual(w19Lines)
    expect(await reportOf(erin.orgId, '2025-05-05')).toEqual(w19)
  })

  it('is checked as the form checks it: a kind, a real date, not a future period; nothing is written otherwise', async () => {
    const erin = await actorFor('erin@east.test')
    const { bytes } = await filledTemplate(erin, { 'EL-1001': [1, 1] })
    const before = await snapshot()
    const cases: Array<[Record<string, string>, Record<string, string[]>]> = [
      [{ kind: 'year', period: '2025-04-02' }, { kind: ['errors:field.choose'] }],
      [{ kind: 'week', period: '2025-02-30' }, { period: ['channel:errors.date'] }],
      [{ kind: 'week' }, { period: ['channel:errors.date'] }],
      [{ kind: 'week', period: '2099-01-05' }, { period: ['channel:errors.futurePeriod'] }],
      [{ kind: 'week', period: '2025-04-02', dealerOrgId: erin.orgId }, { '': [expect.stringContaining('errors:field.unknownField')] }],
    ]
    for (const [fields, error] of cases) {
      const res = await upload(erin, bytes, fields)
      expect(await statusOf(async () => res), JSON.stringify(fields)).toBe(400)
      expect(payload(res).submission.error, JSON.stringify(fields)).toEqual(error)
      // The file never travels back.
      expect(payload(res).submission.initialValue.file).toBeUndefined()
    }
    expect(await snapshot()).toEqual(before)
  })

  it('replaces a period’s report only when the upload names the report the page said it replaces', async () => {
    const erin = await actorFor('erin@east.test')
    const eric = await actorFor('eric@east.test')
    const w19 = (await reportOf(erin.orgId, '2025-05-05'))!
    const { bytes } = await filledTemplate(eric, { 'PK-3001': [1, 2] })
    const before = await snapshot()

    // Posted as if the page had said W19 had no report (a period changed without the page's script, or a colleague's report since).
    const blind = await upload(eric, bytes, { kind: 'week', period: '2025-05-09' })
    expect(await statusOf(async () => blind)).toBe(409)
    expect(payload(blind).submission.error['']).toEqual(['channel:errors.replaceUnconfirmed'])
    expect(payload(blind).submission.initialValue).toMatchObject({ kind: 'week', period: '2025-05-09' })
    expect(payload(blind).submission.initialValue.file).toBeUndefined()
    // The answer carries the periods as they stand, so the page names the report it would replace.
    const told = payload(blind).reported.find((r: any) => r.key === 'week|2025-05-05')
    expect(told).toMatchObject({ label: '2025 年第 19 周', submittedBy: 'Erin Wang 王艾琳' })
    expect(await snapshot()).toEqual(before)

    // The page, opened on that period, says whose report of which period it replaces before anything is sent.
    const page: any = await uploadRoute.loader(routeArgs(eric, `${UPLOAD}?kind=week&period=2025-05-09`))
    expect(page.reported).toContainEqual(told)
    const html = await renderRoute(uploadRoute.default, page, 'zh-CN', `${UPLOAD}?kind=week&period=2025-05-09`)
    const [note] = textsByTestId(html, 'replacing-note')
    expect(note).toMatch(/^提交后将替换 2025 年第 19 周的报告（Erin Wang 王艾琳 于 .+ 提交）。$/)
    expect(textsByTestId(html, 'import-submit')).toEqual(['上传并替换 2025 年第 19 周的报告'])
    expect(html).toContain(`name="replaces" value="${told.version}"`)

    const ok = await upload(eric, bytes, { kind: 'week', period: '2025-05-09', replaces: told.version })
    expect(await statusOf(async () => ok)).toBe(302)
    expect(await linesOf(w19.id)).toEqual([['PK-3001', 1, 2]])
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.entityId, w19.id), eq(auditLog.action, 'channel.report.replaced')))
    expect(audit).toMatchObject({ actorUserId: eric.userId })

    // The same version again is stale now: eric's own upload changed the report.
    const stale = await upload(erin, bytes, { kind: 'week', period: '2025-05-05', replaces: told.version })
    expect(await statusOf(async () => stale)).toBe(409)
    expect(await linesOf(w19.id)).toEqual([['PK-3001', 1, 2]])
  })
})
