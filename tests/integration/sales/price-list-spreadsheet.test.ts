import ExcelJS from 'exceljs'
import { and, desc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, priceListItems, priceLists, products } from '~db/schema'
import { exportPriceListItems, importPriceListItems } from '~/domain/sales/price-list-spreadsheet.server'
import { setPriceListItem } from '~/domain/sales/set-price-list-item.server'
import { readSpreadsheet } from '~/utils/spreadsheet.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { useTempDataDir } from '../catalog/helpers'

useTestDatabase({ seed: true })
useTempDataDir()

const listId = async (code = 'PL-A-2026') => (await db().select({ id: priceLists.id }).from(priceLists).where(eq(priceLists.code, code)))[0].id
const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.join(',')).join('\n'))
const items = async (id: string) => db().select().from(priceListItems).where(eq(priceListItems.priceListId, id)).orderBy(priceListItems.id)

describe('importing a price list', () => {
  it('lists every problem of every row in one answer, the unknown SKU with the format errors, and writes nothing', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const id = await listId()
    const before = await items(id)
    const outcome = await importPriceListItems(mgr, id, {
      name: 'p.csv',
      bytes: csv([
        ['sku', 'min_qty', 'unit_price'],
        ['EL-1004', '1', '130'],
        ['NOPE-1', '1', '5'],
        ['EL-1004', '-2', 'abc'],
        ['NOPE-2', 'x', ''],
        ['el-1004', '1.0', '131'],
      ]),
    })
    expect(outcome).toEqual({
      ok: false,
      issues: [
        { row: 3, column: 'sku', message: 'sales:errors.unknownSku' },
        { row: 4, column: 'min_qty', message: 'errors:field.positive' },
        { row: 4, column: 'unit_price', message: 'errors:number.invalid' },
        { row: 5, column: 'sku', message: 'sales:errors.unknownSku' },
        { row: 5, column: 'min_qty', message: 'errors:number.invalid' },
        { row: 5, column: 'unit_price', message: 'errors:field.required' },
        // "el-1004" is EL-1004 and "1.0" is 1: the same break as row 2.
        { row: 6, column: 'min_qty', message: 'sales:errors.duplicateBreak|{"row":2}' },
      ],
    })
    expect(await items(id)).toEqual(before)
  })

  it('finds a SKU typed in lower case, on the item form and in a file', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const id = await listId('PL-C-2026')
    const [el1002] = await db().select({ id: products.id }).from(products).where(eq(products.sku, 'EL-1002'))
    await setPriceListItem(mgr, id, { sku: 'el-1002', minQty: '7', unitPrice: '0.5' })
    const [set] = await db().select().from(priceListItems).where(and(eq(priceListItems.priceListId, id), eq(priceListItems.productId, el1002.id), eq(priceListItems.minQty, '7.0000')))
    expect(set.unitPrice).toBe('0.5000')
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.action, 'sales.price_list.item_set')).orderBy(desc(auditLog.id)).limit(1)
    expect(audit.after).toEqual({ sku: 'EL-1002', minQty: '7.0000', unitPrice: '0.5000' })
    await expect(setPriceListItem(mgr, id, { sku: 'el-9999', minQty: '1', unitPrice: '1' })).rejects.toMatchObject({ code: 'bad_input' })

    const outcome = await importPriceListItems(mgr, id, { name: 'p.csv', bytes: csv([['sku', 'min_qty', 'unit_price'], [' el-1002 ', '8', '0.45']]) })
    expect(outcome).toMatchObject({ ok: true, created: 1 })
    const [imported] = await db().select().from(priceListItems).where(and(eq(priceListItems.priceListId, id), eq(priceListItems.productId, el1002.id), eq(priceListItems.minQty, '8.0000')))
    expect(imported.unitPrice).toBe('0.4500')
  })
})

describe('exporting a price list', () => {
  it('writes min_qty and unit_price as number cells in an .xlsx, and reads the file back unchanged', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const id = await listId()
    const file = await exportPriceListItems(mgr, id, 'xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(file.body as any)
    const ws = wb.worksheets[0]
    const row = [...Array(ws.rowCount).keys()].map((i) => ws.getRow(i + 1)).find((r) => r.getCell(1).value === 'EL-1004' && r.getCell(2).value === 100)!
    expect(row.getCell(2)).toMatchObject({ value: 100, numFmt: '#,##0' })
    expect(row.getCell(3)).toMatchObject({ value: 127.68, numFmt: '#,##0.0000' })
    expect(row.getCell(1)).toMatchObject({ value: 'EL-1004', numFmt: '@' })
    expect(typeof ws.getRow(2).getCell(3).value).toBe('number')

    const grid = await readSpreadsheet('xlsx', new Uint8Array(file.body))
    expect(grid).toContainEqual(['EL-1004', '100', '127.68', 'Microcontroller board', '微控制器主板'])
    const before = await items(id)
    const outcome = await importPriceListItems(mgr, id, { name: 'back.xlsx', bytes: new Uint8Array(file.body) })
    expect(outcome).toMatchObject({ ok: true, rows: before.length, created: 0, updated: 0, unchanged: before.length })
    expect(await items(id)).toEqual(before)
  })
})
