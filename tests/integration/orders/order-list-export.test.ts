// The order lists' export (.xlsx / .csv): every order the list's own filters and sort select, one row each, money as the
// database's decimal text; a dealer's file holds its own orders whatever the URL says; refusals as on the list; every
// download an audit row written before the file leaves.
import ExcelJS from 'exceljs'
import { desc, gt } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { seedOrdersDemo } from '~db/seed/orders-demo'
import { auditLog } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { recordPayment } from '~/domain/orders/record-payment.server'
import { D } from '~/utils/money'
import { readSpreadsheet } from '~/utils/spreadsheet.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { routeArgs, statusOf } from '../catalog/helpers'

useTestDatabase({ seed: true })

let demo: Awaited<ReturnType<typeof seedOrdersDemo>>
beforeAll(async () => {
  demo = await seedOrdersDemo()
})

const consoleExport = () => import('~/routes/console.orders.export')
const dealerExport = () => import('../../../portal-customer/routes/orders.export')
const consoleList = () => import('~/routes/console.orders._index')
const dealerList = () => import('../../../portal-customer/routes/orders')

const as = async (email: string, locale: 'en' | 'zh-CN' = 'en') => ({ ...(await actorFor(email)), locale }) as Actor

/** The export as the route answers it, read back as a grid of text (header first). */
async function exported(who: Actor, query: string): Promise<{ res: Response; grid: string[][] }> {
  const mod = who.kind === 'dealer' ? await dealerExport() : await consoleExport()
  const base = who.kind === 'dealer' ? '/dealer/orders/export' : '/console/orders/export'
  const res = (await mod.loader(routeArgs(who, `${base}${query}`))) as Response
  expect(res.status).toBe(200)
  const format = new URLSearchParams(query).get('format') === 'csv' ? 'csv' : 'xlsx'
  return { res, grid: await readSpreadsheet(format, new Uint8Array(await res.clone().arrayBuffer())) }
}

/** The order numbers the list's page shows for the same query, every row on one page. */
async function listedNumbers(who: Actor, query: string): Promise<string[]> {
  const mod = who.kind === 'dealer' ? await dealerList() : await consoleList()
  const base = who.kind === 'dealer' ? '/dealer/orders' : '/console/orders'
  const page = (await mod.loader(routeArgs(who, `${base}${query}${query ? '&' : '?'}size=200`))) as { rows: Array<{ number: string }>; total: number; more?: boolean }
  expect(page.more ?? false).toBe(false)
  expect(page.rows.length).toBe(page.total)
  return page.rows.map((r) => r.number)
}

const column = (grid: string[][], key: string) => {
  const at = grid[0].indexOf(key)
  expect(at, key).toBeGreaterThanOrEqual(0)
  return grid.slice(1).map((r) => r[at] ?? '')
}

const lastAuditId = async () => (await db().select({ id: auditLog.id }).from(auditLog).orderBy(desc(auditLog.id)).limit(1))[0]?.id ?? 0

const MONEY = ['net', 'tax', 'total', 'shipped_value', 'paid', 'owed']

describe('the console order list export', () => {
  it('holds exactly the list’s rows in its sort, under every filter, with keyed headers and words in the reader’s language', async () => {
    const manager = await as('sales.manager@acme.test', 'zh-CN')
    for (const query of ['?sort=number&dir=asc', '?dealer=DLR-NORTH&sort=created&dir=asc', '?status=open', '?status=shipped&sort=number&dir=desc', '?payment=unpaid', '?q=SO-2026']) {
      const { grid } = await exported(manager, `${query}&format=csv`)
      const listed = await listedNumbers(manager, query)
      expect(listed.length, query).toBeGreaterThan(1)
      expect(column(grid, 'number'), query).toEqual(listed)
    }
    // The sort is the list's, not the database's: the same orders the other way round.
    const up = column((await exported(manager, '?sort=number&dir=asc&format=csv')).grid, 'number')
    expect(column((await exported(manager, '?sort=number&dir=desc&format=csv')).grid, 'number')).toEqual([...up].reverse())
    const { grid } = await exported(manager, '?dealer=DLR-NORTH&format=xlsx')
    expect(grid[0]).toEqual(['number', 'dealer_code', 'dealer_name', 'dealer_reference', 'status', 'placed_at', 'warehouse', 'currency', 'net', 'tax', 'total', 'shipped_value', 'paid', 'owed', 'sales_owner'])
    expect(grid.length).toBeGreaterThan(2)
    expect(new Set(column(grid, 'dealer_code'))).toEqual(new Set(['DLR-NORTH']))
    expect(new Set(column(grid, 'dealer_name'))).toEqual(new Set(['北京北方商贸有限公司']))
    expect(column(grid, 'status').every((s) => /[\u4e00-\u9fff]/.test(s))).toBe(true)
    expect(column(grid, 'sales_owner').every((s) => s.length > 0)).toBe(true)
    // Placed at in the reader's zone, minutes as the list shows them.
    expect(column(grid, 'placed_at').every((s) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(s))).toBe(true)
    // A code that names no dealer lists nothing, as the list does; never every dealer's orders.
    expect((await exported(manager, '?dealer=NO-SUCH&format=csv')).grid.slice(1)).toEqual([])
  })

  it('writes money as decimal text cells, never numbers, and what is owed as the unpaid filter computes it', async () => {
    const finance = await as('finance@acme.test')
    await recordPayment(finance, demo.shipped, { amount: '10.00' })
    const { res } = await exported(finance, '?format=xlsx&sort=number&dir=asc')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any)
    const ws = wb.worksheets[0]
    const header = (ws.getRow(1).values as unknown[]).slice(1)
    for (const key of MONEY) {
      const at = header.indexOf(key) + 1
      ws.eachRow((row, r) => {
        if (r === 1) return
        const v = row.getCell(at).value
        expect(typeof v, `${key} row ${r}`).toBe('string')
        expect(v, `${key} row ${r}`).toMatch(/^-?\d+\.\d{2}$/)
      })
    }
    const { grid } = await exported(finance, '?format=csv&payment=unpaid')
    const owed = column(grid, 'owed')
    const totals = column(grid, 'total')
    const nets = column(grid, 'net')
    const taxes = column(grid, 'tax')
    nets.forEach((n, i) => expect(new D(n).plus(taxes[i]).toFixed(2)).toBe(totals[i]))
    // The unpaid list's own figure for each of its orders.
    const unpaid = (await (await consoleList()).loader(routeArgs(finance, '/console/orders?payment=unpaid&size=200'))) as { rows: Array<{ number: string; owed?: string }> }
    expect(owed).toEqual(unpaid.rows.map((r) => r.owed))
    expect(owed.every((o) => new D(o).gt(0))).toBe(true)
    // Shipped, then paid in part: owed = shipped value − paid.
    const all = (await exported(finance, '?format=csv')).grid
    const nums = column(all, 'number')
    const [shippedRow] = (await (await consoleList()).loader(routeArgs(finance, '/console/orders?status=shipped&size=200'))).rows.filter((r: { id: string }) => r.id === demo.shipped)
    const i = nums.indexOf(shippedRow.number)
    expect(column(all, 'paid')[i]).toBe('10.00')
    expect(column(all, 'owed')[i]).toBe(new D(column(all, 'shipped_value')[i]).minus('10.00').toFixed(2))
  })

  it('is an audit row with the format, filters and sort, written before the file is sent', async () => {
    const admin = await as('admin@acme.test')
    const since = await lastAuditId()
    const { grid } = await exported(admin, '?format=csv&status=open&dealer=DLR-SOUTH&sort=number&dir=asc&q=SO')
    const rows = await db().select().from(auditLog).where(gt(auditLog.id, since))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ action: 'sales_orders.exported', entityType: 'sales_order', entityId: null, actorUserId: admin.userId, outcome: 'ok', ip: '127.0.0.1' })
    expect(rows[0].after).toMatchObject({ format: 'csv', q: 'SO', filters: { status: 'open', dealer: 'DLR-SOUTH' }, sort: 'number', dir: 'asc', rows: grid.length - 1 })
  })

  it('refuses staff without orders.view, dealers and suppliers with 403, and an unknown format with the localized 400; none is a download', async () => {
    const since = await lastAuditId()
    const mod = await consoleExport()
    for (const email of ['buyer@acme.test', 'dave@north.test', 'alice@bright.test']) {
      const who = await actorFor(email)
      expect(await statusOf(() => mod.loader(routeArgs(who, '/console/orders/export'))), email).toBe(403)
    }
    for (const [locale, text] of [['en', 'format'], ['zh-CN', '格式']] as const) {
      let refused: Response | undefined
      try {
        await mod.loader(routeArgs(await as('admin@acme.test', locale), '/console/orders/export?format=pdf'))
      } catch (err) {
        refused = err as Response
      }
      expect(refused?.status).toBe(400)
      expect(await refused!.text()).toContain(text)
    }
    const rows = await db().select().from(auditLog).where(gt(auditLog.id, since))
    expect(rows.filter((r) => r.outcome === 'ok')).toEqual([])
  })
})

describe('the dealer order list export', () => {
  it('holds the dealer’s own orders only, whatever dealer the URL names, in the list’s filters and sort, without dealer or staff columns', async () => {
    const dave = await as('dave@north.test')
    for (const query of ['?sort=total&dir=asc', '?status=open', '?payment=unpaid', '?sort=number&dir=desc']) {
      const { grid } = await exported(dave, `${query}&format=csv`)
      expect(column(grid, 'number'), query).toEqual(await listedNumbers(dave, query))
    }
    const { grid } = await exported(dave, '?format=xlsx')
    expect(grid[0]).toEqual(['number', 'dealer_reference', 'status', 'placed_at', 'warehouse', 'currency', 'net', 'tax', 'total', 'shipped_value', 'paid', 'owed'])
    const own = column(grid, 'number')
    expect(own.length).toBeGreaterThan(0)
    // Another dealer's code, or its organization id, in the filter changes nothing.
    const east = (await actorFor('erin@east.test')).orgId
    for (const q of [`?dealer=DLR-EAST&format=xlsx`, `?dealer=${east}&dealerOrgId=${east}&format=xlsx`]) expect(column((await exported(dave, q)).grid, 'number'), q).toEqual(own)
    const erin = column((await exported(await as('erin@east.test'), '?format=csv')).grid, 'number')
    expect(erin.length).toBeGreaterThan(0)
    expect(own.filter((n) => erin.includes(n))).toEqual([])
  })

  it('refuses supplier and staff users with 403, and records the dealer’s download', async () => {
    const mod = await dealerExport()
    for (const email of ['alice@bright.test', 'admin@acme.test']) {
      const who = await actorFor(email)
      expect(await statusOf(() => mod.loader(routeArgs(who, '/dealer/orders/export'))), email).toBe(403)
    }
    const dave = await as('dave@north.test')
    const since = await lastAuditId()
    await exported(dave, '?format=xlsx&status=shipped')
    const rows = await db().select().from(auditLog).where(gt(auditLog.id, since))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ action: 'sales_orders.exported', entityType: 'sales_order', actorUserId: dave.userId, actorOrgId: dave.orgId, outcome: 'ok' })
    expect(rows[0].after).toMatchObject({ format: 'xlsx', filters: { status: 'shipped' } })
  })
})
