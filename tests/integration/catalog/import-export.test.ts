import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { asc, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, bins, categories, files, products, warehouses } from '~db/schema'
import { verifyAuditChain } from '~/audit/record.server'
import type { StaffActor } from '~/auth/roles'
import { importCategories } from '~/domain/catalog/import-categories.server'
import { importProducts } from '~/domain/catalog/import-products.server'
import { importWarehouses } from '~/domain/catalog/import-warehouses.server'
import { updateProduct } from '~/domain/catalog/update-product.server'
import { parseMessage } from '~/utils/validation'
import * as productExport from '~/routes/console.products.export'
import * as productImport from '~/routes/console.products.import'
import * as categoryExport from '~/routes/console.categories.export'
import * as warehouseExport from '~/routes/console.warehouses.export'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { payload, routeArgs, statusOf, uploadRequest, useTempDataDir } from './helpers'

useTestDatabase({ seed: true })
const dataDir = useTempDataDir()

async function xlsx(rows: (string | number)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Sheet1')
  for (const r of rows) ws.addRow(r)
  return new Uint8Array(await wb.xlsx.writeBuffer())
}
const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n'))

const productSnapshot = () =>
  db()
    .select({ sku: products.sku, nameEn: products.nameEn, nameZh: products.nameZh, categoryId: products.categoryId, unit: products.unit, taxRate: products.taxRate, tracking: products.tracking, wholeUnits: products.wholeUnits, active: products.active })
    .from(products)
    .orderBy(asc(products.sku))
const counts = async () => ({ products: await db().$count(products), categories: await db().$count(categories), audit: await db().$count(auditLog), files: await db().$count(files) })

async function exportBytes(route: { loader: (a: any) => Promise<any> }, actor: StaffActor, url: string) {
  const res = (await route.loader(routeArgs(actor, url))) as Response
  expect(res.status).toBe(200)
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) }
}

const header = ['SKU', 'name_en', 'name_zh', 'category', 'unit', 'tax_rate', 'tracking', 'active']

describe('importing products', () => {
  it('writes nothing when one row is bad, and reports every bad row with its row number', async () => {
    const admin = (await actorFor('buyer.manager@acme.test')) as StaffActor
    const before = await counts()
    const snapshot = await productSnapshot()
    const file = await xlsx([
      header,
      ['EL-1001', 'Ceramic capacitor 100nF (new)', '陶瓷电容 100nF', 'ELEC', 'pcs', 13, 'batch', 'yes'],
      ['NEW-1', 'New thing', '新物品', 'NOPE', 'pcs', 13, '', ''],
      ['NEW-2', 'Other', '', 'ELEC', 'pcs', 150, '', ''],
      ['NEW-3', 'Fine', '好', 'PACK', 'roll', 9, '', ''],
      ['EL-1001', 'Dup', '重复', 'ELEC', 'pcs', 13, '', ''],
    ])
    const outcome = await importProducts(admin, { name: 'bad.xlsx', bytes: file })
    expect(outcome.ok).toBe(false)
    if (outcome.ok) return
    expect(outcome.issues.map((i) => [i.row, i.column, parseMessage(i.message)[0]])).toEqual([
      [3, 'category', 'catalog:import.errors.unknownCategory'],
      [4, 'name_zh', 'errors:field.required'],
      [4, 'tax_rate', 'catalog:errors.taxRate'],
      [6, 'sku', 'catalog:import.errors.duplicateInFile'],
    ])
    expect(await counts()).toEqual(before)
    expect(await productSnapshot()).toEqual(snapshot)
  })

  it('answers the import page with 422 and the issues, and refuses a file that is not a spreadsheet', async () => {
    const admin = await actorFor('admin@acme.test')
    const bad = await productImport.action({
      ...routeArgs(admin, '/console/products/import'),
      request: uploadRequest('/console/products/import', 'p.csv', csv([header, ['X-1', 'x', '某', 'ELEC', 'pcs', '13%%']])),
    })
    expect((bad as any).init.status).toBe(422)
    expect(payload(bad).issues).toEqual([{ row: 2, column: 'tax_rate', message: 'catalog:errors.taxRate' }])

    const before = await counts()
    const renamedPdf = new TextEncoder().encode('%PDF-1.7 not a workbook')
    for (const [name, bytes] of [
      ['products.xlsx', renamedPdf],
      ['products.csv', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe])],
      ['products.txt', new TextEncoder().encode('sku\nA')],
    ] as const) {
      const result = await productImport.action({ ...routeArgs(admin, '/console/products/import'), request: uploadRequest('/console/products/import', name, bytes) })
      expect((result as any).init.status, name).toBe(400)
      const [key] = parseMessage(payload(result).submission.error.file[0])
      expect(key, name).toMatch(/^errors:file\.(badType|contentMismatch)$/)
    }
    expect(await counts()).toEqual(before)
    expect(fs.existsSync(path.join(dataDir.dir!, 'uploads')) ? fs.readdirSync(path.join(dataDir.dir!, 'uploads')) : []).toEqual([])
  })

  it('refuses a CSV with thousands of fields on a line, or more lines than an import reads, on the file field', async () => {
    const admin = (await actorFor('buyer.manager@acme.test')) as StaffActor
    const before = await counts()
    const cases: Array<[string, string, number]> = [
      [`${header.join(',')}${','.repeat(1000)}\n${'a\n'.repeat(1000)}`, 'catalog:import.file.tooManyColumns', 9 + 50],
      [`${header.join(',')}\n${'\n'.repeat(10_000)}X-1,x,某,ELEC,pcs,13\n`, 'catalog:import.file.tooManyRows', 1 + 2 * 5000],
    ]
    for (const [text, key, max] of cases) {
      const err = await importProducts(admin, { name: 'p.csv', bytes: new TextEncoder().encode(text) }).catch((e) => e)
      expect(err?.fieldErrors?.file?.map((m: string) => parseMessage(m)), key).toEqual([[key, { max }]])
    }
    expect(await counts()).toEqual(before)
  })

  it('upserts by SKU in one transaction, with an audit row per change and one naming the stored file', async () => {
    const admin = (await actorFor('admin@acme.test')) as StaffActor
    const auditsBefore = await db().$count(auditLog)
    const file = await xlsx([
      ['物料编码', '英文名称', '中文名称', '类别', '单位', '税率', '追踪方式', '启用'],
      ['EL-1001', 'Ceramic capacitor 100nF X7R', '陶瓷电容 100nF X7R', 'ELEC', 'pcs', '13', 'batch', 'yes'],
      ['EL-1002', 'Resistor 10kΩ 1%', '电阻 10kΩ 1%', 'ELEC', 'pcs', '13', 'batch', 'yes'], // unchanged
      ['NEW-100', 'Heat sink', '散热片', 'metal', 'pcs', '9.5', 'none', 'no'],
    ])
    const outcome = await importProducts(admin, { name: '产品导入.xlsx', bytes: file }, { ip: '10.0.0.9' })
    expect(outcome).toMatchObject({ ok: true, rows: 3, created: 1, updated: 1, unchanged: 1 })
    if (!outcome.ok) return
    const [updated] = await db().select().from(products).where(eq(products.sku, 'EL-1001'))
    expect(updated.nameEn).toBe('Ceramic capacitor 100nF X7R')
    const [created] = await db().select().from(products).where(eq(products.sku, 'NEW-100'))
    expect(created).toMatchObject({ taxRate: '0.0950', active: false, tracking: 'none' })

    const rows = await db().select().from(auditLog).where(sql`${auditLog.id} > ${0}`).orderBy(asc(auditLog.id))
    const mine = rows.slice(-3)
    expect(rows.length - auditsBefore).toBe(3)
    expect(mine.map((r) => r.action)).toEqual(['catalog.product.updated', 'catalog.product.created', 'catalog.product.imported'])
    expect(mine[0]).toMatchObject({ entityId: updated.id, before: { nameEn: 'Ceramic capacitor 100nF' }, after: { nameEn: 'Ceramic capacitor 100nF X7R' } })
    expect(mine[2]).toMatchObject({ entityType: 'file', entityId: outcome.fileId, ip: '10.0.0.9', after: { fileId: outcome.fileId, created: 1, updated: 1, unchanged: 1, createdSkus: ['NEW-100'], updatedSkus: ['EL-1001'] } })
    const [stored] = await db().select().from(files).where(eq(files.id, outcome.fileId))
    expect(stored).toMatchObject({ orgId: admin.orgId, uploadedBy: admin.userId, originalName: '产品导入.xlsx', size: file.length })
    expect(stored.storedName).toMatch(/^[0-9a-f-]{36}\.xlsx$/)
    expect(new Uint8Array(fs.readFileSync(path.join(dataDir.dir!, 'uploads', stored.storedName)))).toEqual(file)
    expect(await verifyAuditChain()).toMatchObject({ ok: true })
  })

  it('reads the tracking column under the old Chinese header and words and under the new ones', async () => {
    // The console's 追踪方式 / 不追踪 became 批次/序列号管理 / 无 / 按批次 / 按序列号: sheets kept from before still import.
    const admin = (await actorFor('admin@acme.test')) as StaffActor
    const old = await importProducts(admin, {
      name: 'old.csv',
      bytes: csv([['物料编码', '英文名称', '中文名称', '类别', '单位', '税率', '追踪方式'], ['TRK-1', 'Old none', '旧无', 'ELEC', 'pcs', '13', '不追踪'], ['TRK-2', 'Old batch', '旧批次', 'ELEC', 'pcs', '13', '按批次追踪'], ['TRK-3', 'Old serial', '旧序列号', 'ELEC', 'pcs', '13', '按序列号追踪']]),
    })
    expect(old).toMatchObject({ ok: true, created: 3 })
    const fresh = await importProducts(admin, {
      name: 'new.csv',
      bytes: csv([['物料编码', '英文名称', '中文名称', '类别', '单位', '税率', '批次/序列号管理'], ['TRK-4', 'New none', '新无', 'ELEC', 'pcs', '13', '无'], ['TRK-5', 'New batch', '新批次', 'ELEC', 'pcs', '13', '按批次'], ['TRK-6', 'New serial', '新序列号', 'ELEC', 'pcs', '13', '序列号管理']]),
    })
    expect(fresh).toMatchObject({ ok: true, created: 3 })
    const rows = await db().select({ sku: products.sku, tracking: products.tracking }).from(products).where(sql`${products.sku} like 'TRK-%'`).orderBy(asc(products.sku))
    expect(rows.map((r) => r.tracking)).toEqual(['none', 'batch', 'serial', 'none', 'batch', 'serial'])
  })

  it('imports through the page and redirects to the list with a toast', async () => {
    const admin = await actorFor('warehouse@acme.test')
    const res = (await productImport.action({
      ...routeArgs(admin, '/console/products/import'),
      request: uploadRequest('/console/products/import', 'one.csv', csv([['sku', 'name_en', 'name_zh', 'category', 'unit', 'tax_rate'], ['NEW-200', 'Washer, M8', '垫圈 M8', 'METAL', 'pcs', '13%']])),
    })) as Response
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toBe('/console/products')
    expect(decodeURIComponent(res.headers.get('Set-Cookie') ?? '')).toContain('catalog:toast.imported')
    expect((await db().select().from(products).where(eq(products.sku, 'NEW-200')))[0].nameEn).toBe('Washer, M8')
  })

  it('refuses imports to sales (catalog.view) and to partners', async () => {
    const request = () => uploadRequest('/console/products/import', 'x.csv', csv([['sku'], ['A']]))
    for (const email of ['sales@acme.test', 'alice@bright.test', 'dave@north.test']) {
      const actor = await actorFor(email)
      expect(await statusOf(() => productImport.action({ ...routeArgs(actor, '/console/products/import'), request: request() })), email).toBe(403)
    }
  })
})

describe('export, then import: the same data', () => {
  for (const format of ['xlsx', 'csv'] as const) {
    it(`round-trips every product through ${format}`, async () => {
      const admin = (await actorFor('admin@acme.test')) as StaffActor
      // Values that trip spreadsheets: formula-like text, commas, quotes, line breaks, leading zeros.
      const [p] = await db().select().from(products).where(eq(products.sku, 'PK-3001'))
      await updateProduct(admin, p.id, { sku: 'PK-3001', nameEn: '=SUM(A1:A2), "boxed"\nsecond line', nameZh: '-40°C 纸箱', categoryId: p.categoryId, unit: '007', taxRate: '0.0000', tracking: 'none', wholeUnits: true })
      const original = await productSnapshot()
      const { res, bytes } = await exportBytes(productExport, admin, `/console/products/export?format=${format}`)
      expect(res.headers.get('Content-Disposition')).toMatch(new RegExp(`^attachment; filename="products-\\d{8}\\.${format}"`))
      expect(res.headers.get('Cache-Control')).toBe('no-store')
      if (format === 'csv') {
        expect(bytes.slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]))
        expect(new TextDecoder().decode(bytes)).toContain(`"'=SUM(A1:A2), ""boxed""`)
      }

      // Change the database behind the export's back, then import the export: everything is restored.
      await db().update(products).set({ nameEn: 'changed', taxRate: '0.0100', active: false, tracking: 'serial', wholeUnits: true })
      const outcome = await importProducts(admin, { name: `export.${format}`, bytes })
      expect(outcome).toMatchObject({ ok: true, rows: original.length, created: 0, updated: original.length })
      expect(await productSnapshot()).toEqual(original)

      // And importing it again changes nothing at all.
      const auditBefore = await db().$count(auditLog)
      expect(await importProducts(admin, { name: `export.${format}`, bytes })).toMatchObject({ ok: true, updated: 0, unchanged: original.length })
      expect(await db().$count(auditLog)).toBe(auditBefore + 1) // only the import's own row
    })
  }

  it('exports what the list shows: search and filters apply', async () => {
    const admin = (await actorFor('sales@acme.test')) as StaffActor
    const { bytes } = await exportBytes(productExport, admin, '/console/products/export?format=csv&category=ASSY&q=unit&page=3')
    const lines = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').trim().split(/\r?\n/)
    expect(lines[0]).toBe('sku,name_en,name_zh,category,unit,tax_rate,tracking,active,whole_units')
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['AS-4001', 'AS-4003'])
  })

  it('refuses a format it does not write with a 400 in the reader’s language, not an .xlsx', async () => {
    const admin = (await actorFor('admin@acme.test')) as StaffActor
    const refused = async (route: { loader: (a: any) => Promise<any> }, url: string, locale: 'en' | 'zh-CN' = 'en') => {
      const res = await route.loader(routeArgs({ ...admin, locale }, url)).then(
        () => null,
        (e: unknown) => e,
      )
      expect(res, url).toBeInstanceOf(Response)
      return { status: (res as Response).status, text: await (res as Response).text() }
    }
    for (const [route, url] of [
      [productExport, '/console/products/export?format=pdf'],
      [productExport, '/console/products/export?template=1&format=XLSX'],
      [categoryExport, '/console/categories/export?format='],
      [warehouseExport, '/console/warehouses/export?format=ods'],
    ] as const) {
      expect(await refused(route, url), url).toEqual({ status: 400, text: 'Exports come as xlsx or csv: ask for format=xlsx or format=csv.' })
    }
    expect(await refused(productExport, '/console/products/export?format=pdf', 'zh-CN')).toEqual({ status: 400, text: '导出文件只提供 xlsx 或 csv 格式，请使用 format=xlsx 或 format=csv。' })
    // No format at all is the .xlsx the pages link to.
    expect((await exportBytes(productExport, admin, '/console/products/export')).res.headers.get('Content-Type')).toContain('spreadsheetml')
  })

  it('offers a template with the expected headers only', async () => {
    const admin = (await actorFor('admin@acme.test')) as StaffActor
    const { res, bytes } = await exportBytes(productExport, admin, '/console/products/export?template=1&format=xlsx')
    expect(res.headers.get('Content-Disposition')).toContain('products-template-')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(bytes) as any)
    expect(wb.worksheets[0].rowCount).toBe(1)
    expect((wb.worksheets[0].getRow(1).values as string[]).slice(1)).toEqual(['sku', 'name_en', 'name_zh', 'category', 'unit', 'tax_rate', 'tracking', 'active', 'whole_units'])
  })

  for (const format of ['xlsx', 'csv'] as const) {
    it(`round-trips categories and warehouses with their bins through ${format}`, async () => {
      const admin = (await actorFor('admin@acme.test')) as StaffActor
      const cats = () => db().select({ code: categories.code, nameEn: categories.nameEn, nameZh: categories.nameZh }).from(categories).orderBy(asc(categories.code))
      const whs = async () =>
        (await db().select().from(warehouses).orderBy(asc(warehouses.code))).map(async (w) => ({
          code: w.code,
          nameEn: w.nameEn,
          nameZh: w.nameZh,
          address: w.address,
          bins: (await db().select({ code: bins.code }).from(bins).where(eq(bins.warehouseId, w.id)).orderBy(asc(bins.code))).map((b) => b.code),
        }))
      const originalCats = await cats()
      const originalWhs = await Promise.all(await whs())
      const catFile = await exportBytes(categoryExport, admin, `/console/categories/export?format=${format}`)
      const whFile = await exportBytes(warehouseExport, admin, `/console/warehouses/export?format=${format}`)

      await db().update(categories).set({ nameEn: 'x', nameZh: 'y' })
      await db().update(warehouses).set({ nameEn: 'x', address: null })
      expect(await importCategories(admin, { name: `c.${format}`, bytes: catFile.bytes })).toMatchObject({ ok: true, updated: originalCats.length })
      expect(await importWarehouses(admin, { name: `w.${format}`, bytes: whFile.bytes })).toMatchObject({ ok: true, updated: originalWhs.length })
      expect(await cats()).toEqual(originalCats)
      expect(await Promise.all(await whs())).toEqual(originalWhs)
    })
  }

  it('adds the bins a warehouse import lists and keeps the others', async () => {
    const admin = (await actorFor('admin@acme.test')) as StaffActor
    const file = csv([
      ['code', 'name_en', 'name_zh', 'address', 'bins'],
      ['SZ-SOUTH', 'Shenzhen south warehouse', '深圳南仓', '深圳市宝安区福永大道 200 号', 'S-01, S-09'],
      ['BJ-NORTH', 'Beijing north warehouse', '北京北仓', '', 'N-01;N-02'],
    ])
    expect(await importWarehouses(admin, { name: 'w.csv', bytes: file })).toMatchObject({ ok: true, created: 1, updated: 1 })
    const [sz] = await db().select().from(warehouses).where(eq(warehouses.code, 'SZ-SOUTH'))
    expect((await db().select({ code: bins.code }).from(bins).where(eq(bins.warehouseId, sz.id)).orderBy(asc(bins.code))).map((b) => b.code)).toEqual(['S-01', 'S-02', 'S-03', 'S-09'])
    expect(await db().$count(auditLog, eq(auditLog.action, 'catalog.warehouse.imported'))).toBeGreaterThanOrEqual(1)
  })
})
