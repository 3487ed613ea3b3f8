import { and, asc, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, categories, products } from '~db/schema'
import { verifyAuditChain } from '~/audit/record.server'
import type { StaffActor } from '~/auth/roles'
import { listCategories, listProducts, listWarehouses } from '~/domain/catalog/catalog.queries.server'
import { productListOptions } from '~/domain/catalog/catalog.validation'
import { createProduct } from '~/domain/catalog/create-product.server'
import { DomainError } from '~/utils/errors'
import { parseListParams } from '~/utils/list-params'
import * as productList from '~/routes/console.products._index'
import * as productNew from '~/routes/console.products.new'
import * as productEdit from '~/routes/console.products.$id'
import * as categoryNew from '~/routes/console.categories.new'
import * as categoryEdit from '~/routes/console.categories.$id'
import * as warehouseEdit from '~/routes/console.warehouses.$id'
import { actorFor, formRequest } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { payload, routeArgs, statusOf } from './helpers'

useTestDatabase({ seed: true })

const elecId = async () => (await db().select({ id: categories.id }).from(categories).where(eq(categories.code, 'ELEC')))[0].id
const productForm = async (over: Record<string, string> = {}) => ({
  sku: 'EL-7001',
  nameEn: 'Varistor 14D',
  nameZh: '压敏电阻 14D',
  categoryId: await elecId(),
  unit: 'pcs',
  taxRate: '13',
  tracking: 'batch',
  ...over,
})
const auditCount = (action: string) => db().$count(auditLog, eq(auditLog.action, action))
const params = (query: string) => parseListParams(new URL(`http://localhost/console/products?${query}`), productListOptions)

describe('creating and editing products', () => {
  it('creates a product through the form with an audit row, the tax rate kept as a decimal', async () => {
    const admin = await actorFor('buyer.manager@acme.test')
    const res = (await productNew.action(routeArgs(admin, '/console/products/new', {}, { method: 'POST', body: new URLSearchParams(await productForm()) }))) as Response
    expect(res.status).toBe(302)
    const [row] = await db().select().from(products).where(eq(products.sku, 'EL-7001'))
    expect(row).toMatchObject({ nameZh: '压敏电阻 14D', taxRate: '0.1300', tracking: 'batch', active: true })
    expect(res.headers.get('Location')).toBe(`/console/products/${row.id}`)
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'catalog.product.created'), eq(auditLog.entityId, row.id)))
    expect(audit).toMatchObject({ actorUserId: admin.userId, after: { sku: 'EL-7001', taxRate: '0.1300' } })
  })

  it('refuses a SKU already used with errors:field.duplicate on the field, writing nothing', async () => {
    const admin = await actorFor('admin@acme.test')
    const [productsBefore, auditsBefore] = [await db().$count(products), await db().$count(auditLog)]
    const result = await productNew.action(routeArgs(admin, '/console/products/new', {}, { method: 'POST', body: new URLSearchParams(await productForm({ sku: 'EL-1001' })) }))
    expect((result as any).init.status).toBe(409)
    expect(payload(result).submission.error).toMatchObject({ sku: ['errors:field.duplicate'] })
    expect(await db().$count(products)).toBe(productsBefore)
    expect(await db().$count(auditLog)).toBe(auditsBefore)
  })

  it('refuses renaming a product to another product’s SKU, leaving both untouched', async () => {
    const admin = await actorFor('admin@acme.test')
    const [target] = await db().select().from(products).where(eq(products.sku, 'EL-1002'))
    const form = { intent: 'save', sku: 'EL-1003', nameEn: target.nameEn, nameZh: target.nameZh, categoryId: target.categoryId, unit: target.unit, taxRate: '13', tracking: target.tracking }
    const result = await productEdit.action(routeArgs(admin, `/console/products/${target.id}`, { id: target.id }, { method: 'POST', body: new URLSearchParams(form) }))
    expect(payload(result).submission.error).toMatchObject({ sku: ['errors:field.duplicate'] })
    const [after] = await db().select().from(products).where(eq(products.id, target.id))
    expect(after).toEqual(target)
  })

  it('lets exactly one of two concurrent creates of one SKU through', async () => {
    const admin = (await actorFor('admin@acme.test')) as StaffActor
    const input = { sku: 'RACE-1', nameEn: 'Race', nameZh: '竞争', categoryId: await elecId(), unit: 'pcs', taxRate: '0.1300', tracking: 'none' as const, wholeUnits: true }
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => createProduct(admin, input)))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict', fieldErrors: { sku: ['errors:field.duplicate'] } })
    expect(await db().$count(products, eq(products.sku, 'RACE-1'))).toBe(1)
    expect(await db().$count(auditLog, sql`${auditLog.action} = 'catalog.product.created' and ${auditLog.after}->>'sku' = 'RACE-1'`)).toBe(1)
  })

  it('edits a product, recording before and after', async () => {
    const admin = await actorFor('warehouse@acme.test')
    const [p] = await db().select().from(products).where(eq(products.sku, 'PK-3003'))
    const form = { intent: 'save', sku: 'PK-3003', nameEn: 'Printed manual v2', nameZh: p.nameZh, categoryId: p.categoryId, unit: p.unit, taxRate: '6', tracking: 'none' }
    const res = (await productEdit.action(routeArgs(admin, `/console/products/${p.id}`, { id: p.id }, { method: 'POST', body: new URLSearchParams(form) }))) as Response
    expect(res.status).toBe(302)
    const [after] = await db().select().from(products).where(eq(products.id, p.id))
    expect(after).toMatchObject({ nameEn: 'Printed manual v2', taxRate: '0.0600' })
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'catalog.product.updated'), eq(auditLog.entityId, p.id)))
    expect(audit.before).toMatchObject({ nameEn: 'Printed user manual', taxRate: '0.0900' })
    expect(audit.after).toMatchObject({ nameEn: 'Printed manual v2', taxRate: '0.0600' })
  })

  it('refuses bad input with field messages: bad tax rate, unknown keys, a category that does not exist', async () => {
    const admin = await actorFor('admin@acme.test')
    const post = async (body: Record<string, string>) =>
      payload(await productNew.action(routeArgs(admin, '/console/products/new', {}, { method: 'POST', body: new URLSearchParams(body) }))).submission.error
    expect(await post(await productForm({ sku: 'T-1', taxRate: '100' }))).toMatchObject({ taxRate: ['catalog:errors.taxRate'] })
    expect(await post(await productForm({ sku: 'T-2', taxRate: '0.1' + '3'.repeat(40) }))).toMatchObject({ taxRate: ['catalog:errors.taxRate'] })
    expect(Object.values((await post({ ...(await productForm({ sku: 'T-3' })), active: 'false', price: '1' })) ?? {}).flat().join()).toContain('errors:field.unknownField')
    expect(await post(await productForm({ sku: 'T-4', categoryId: '00000000-0000-4000-8000-000000000000' }))).toMatchObject({ categoryId: ['errors:field.choose'] })
    expect(await db().$count(products, sql`${products.sku} like 'T-%'`)).toBe(0)
  })

  it('deactivates rather than deletes, once, and can activate again', async () => {
    const admin = await actorFor('admin@acme.test')
    const [p] = await db().select().from(products).where(eq(products.sku, 'AS-4005'))
    const toggle = (intent: string) => productEdit.action(routeArgs(admin, `/console/products/${p.id}`, { id: p.id }, { method: 'POST', body: new URLSearchParams({ intent }) }))
    const before = await auditCount('catalog.product.deactivated')
    expect(((await toggle('deactivate')) as Response).status).toBe(302)
    expect(((await toggle('deactivate')) as Response).status).toBe(302)
    expect(await auditCount('catalog.product.deactivated')).toBe(before + 1)
    expect((await db().select().from(products).where(eq(products.id, p.id)))[0].active).toBe(false)
    await toggle('activate')
    expect((await db().select().from(products).where(eq(products.id, p.id)))[0].active).toBe(true)
    expect(await verifyAuditChain()).toMatchObject({ ok: true })
  })

  it('answers 404 for an unknown or malformed product id', async () => {
    const admin = await actorFor('admin@acme.test')
    expect(await statusOf(() => productEdit.loader(routeArgs(admin, '/console/products/x', { id: 'not-a-uuid' })))).toBe(404)
    expect(await statusOf(() => productEdit.loader(routeArgs(admin, '/console/products/x', { id: '00000000-0000-4000-8000-000000000000' })))).toBe(404)
  })
})

describe('list pages: search, sort, pagination', () => {
  it('searches SKU and both names, with LIKE wildcards taken literally', async () => {
    const admin = (await actorFor('admin@acme.test')) as StaffActor
    expect((await listProducts(admin, params('q=陶瓷'))).rows.map((r) => r.sku)).toEqual(['EL-1001'])
    expect((await listProducts(admin, params('q=capacitor'))).rows.map((r) => r.sku)).toContain('EL-1001')
    expect((await listProducts(admin, params('q=mt-200'))).total).toBe(5)
    expect((await listProducts(admin, params('q=%25'))).rows.map((r) => r.sku)).toEqual(['EL-1002']) // "Resistor 10kΩ 1%"
    expect((await listProducts(admin, params('q=E%25L'))).total).toBe(0)
    expect((await listProducts(admin, params('q=_'))).total).toBe(0)
  })

  it('filters by category and status', async () => {
    const admin = (await actorFor('admin@acme.test')) as StaffActor
    const elec = await listProducts(admin, params('category=METAL'))
    expect(elec.rows.every((r) => r.categoryCode === 'METAL')).toBe(true)
    expect(elec.total).toBe(5)
    const [p] = await db().select().from(products).where(eq(products.sku, 'MT-2005'))
    await db().update(products).set({ active: false }).where(eq(products.id, p.id))
    expect((await listProducts(admin, params('category=METAL&status=inactive'))).rows.map((r) => r.sku)).toEqual(['MT-2005'])
    expect((await listProducts(admin, params('category=METAL&status=active'))).total).toBe(4)
    expect((await listProducts(admin, params('status=bogus'))).total).toBe(await db().$count(products))
    await db().update(products).set({ active: true }).where(eq(products.id, p.id))
  })

  it('sorts by each column both ways, and pages through every row exactly once', async () => {
    const admin = (await actorFor('admin@acme.test')) as StaffActor
    const all = await db().select({ sku: products.sku }).from(products).orderBy(asc(products.sku))
    const desc = await listProducts(admin, params('sort=sku&dir=desc&size=200'))
    expect(desc.rows.map((r) => r.sku)).toEqual(all.map((r) => r.sku).reverse())
    const byTax = await listProducts(admin, params('sort=taxRate&dir=asc&size=200'))
    const taxes = byTax.rows.map((r) => Number(r.taxRate))
    expect(taxes).toEqual([...taxes].sort((a, b) => a - b))
    for (const sort of productListOptions.sortable) {
      const seen: string[] = []
      for (let page = 1; page <= 5; page++) seen.push(...(await listProducts(admin, params(`sort=${sort}&dir=desc&size=7&page=${page}`))).rows.map((r) => r.sku))
      expect(seen.sort(), sort).toEqual(all.map((r) => r.sku))
    }
    const last = await listProducts(admin, params(`size=7&page=${Math.ceil(all.length / 7)}`))
    expect(last.rows).toHaveLength(all.length % 7 || 7)
    expect(last.total).toBe(all.length)
  })

  it('shows the list page to catalog.view with the localized name first', async () => {
    const sales = await actorFor('sales@acme.test')
    const data = await productList.loader(routeArgs(sales, '/console/products?q=EL-100&sort=sku&dir=asc'))
    expect(data.rows.map((r) => r.sku)).toEqual(['EL-1001', 'EL-1002', 'EL-1003', 'EL-1004', 'EL-1005'])
    expect(data.canManage).toBe(false)
    expect(Object.keys(data.rows[0]).sort()).toEqual(['active', 'categoryCode', 'categoryNameEn', 'categoryNameZh', 'id', 'nameEn', 'nameZh', 'sku', 'taxRate', 'tracking', 'unit', 'wholeUnits'])
  })

  it('counts products per category and lists warehouses with their bins', async () => {
    const admin = (await actorFor('admin@acme.test')) as StaffActor
    const cats = await listCategories(admin, { q: '', page: 1, pageSize: 25, sort: 'products', dir: 'desc', filters: {} })
    expect(cats.rows.map((c) => c.productCount).reduce((a, b) => a + b, 0)).toBe(await db().$count(products))
    const whs = await listWarehouses(admin, { q: 'B-02', page: 1, pageSize: 25, sort: 'code', dir: 'asc', filters: {} })
    expect(whs.rows.map((w) => [w.code, w.bins.map((b) => b.code)])).toEqual([['SH-MAIN', ['A-01', 'A-02', 'B-01', 'B-02']]])
  })
})

describe('categories, warehouses and bins', () => {
  it('creates a category and refuses its code twice', async () => {
    const admin = await actorFor('admin@acme.test')
    const body = { code: 'TOOLS', nameEn: 'Tools', nameZh: '工具' }
    expect(((await categoryNew.action(routeArgs(admin, '/console/categories/new', {}, { method: 'POST', body: new URLSearchParams(body) }))) as Response).status).toBe(302)
    const again = await categoryNew.action(routeArgs(admin, '/console/categories/new', {}, { method: 'POST', body: new URLSearchParams(body) }))
    expect(payload(again).submission.error).toMatchObject({ code: ['errors:field.duplicate'] })
    const [elec] = await db().select().from(categories).where(eq(categories.code, 'ELEC'))
    const rename = await categoryEdit.action(routeArgs(admin, `/console/categories/${elec.id}`, { id: elec.id }, { method: 'POST', body: new URLSearchParams(body) }))
    expect(payload(rename).submission.error).toMatchObject({ code: ['errors:field.duplicate'] })
  })

  it('adds and removes bins on the warehouse page, refusing a bin code twice in one warehouse', async () => {
    const admin = await actorFor('warehouse@acme.test')
    const page = await warehouseEdit.loader(routeArgs(admin, '/console/warehouses/x', { id: (await listWarehouses(admin as StaffActor, { q: 'SZ-SOUTH', page: 1, pageSize: 5, sort: 'code', dir: 'asc', filters: {} })).rows[0].id }))
    const id = page.warehouse.id
    const post = (body: Record<string, string>) => warehouseEdit.action(routeArgs(admin, `/console/warehouses/${id}`, { id }, { method: 'POST', body: new URLSearchParams(body) }))
    expect(((await post({ intent: 'addBin', code: 'S-04' })) as Response).status).toBe(302)
    expect(payload(await post({ intent: 'addBin', code: 'S-04' })).submission.error).toMatchObject({ code: ['errors:field.duplicate'] })
    const after = await warehouseEdit.loader(routeArgs(admin, `/console/warehouses/${id}`, { id }))
    const bin = after.warehouse.bins.find((b) => b.code === 'S-04')!
    const removed = (await post({ intent: 'removeBin', binId: bin.id })) as Response
    expect(removed.status).toBe(302)
    // The toast names the bin gone, as the one for a bin added does ("Bin removed." left the user to look which).
    expect(JSON.parse(decodeURIComponent(/toast=([^;]*)/.exec(removed.headers.get('set-cookie') ?? '')![1]))).toMatchObject({ key: 'catalog:toast.binRemoved', params: { code: 'S-04' } })
    const final = await warehouseEdit.loader(routeArgs(admin, `/console/warehouses/${id}`, { id }))
    expect(final.warehouse.bins.map((b) => b.code)).toEqual(['S-01', 'S-02', 'S-03'])
    expect(await auditCount('catalog.bin.added')).toBeGreaterThanOrEqual(1)
    expect(await auditCount('catalog.bin.removed')).toBe(1)
  })
})

describe('who may do what', () => {
  it('lets sales (catalog.view) read but not create: 403 with a denied audit row', async () => {
    const sales = await actorFor('sales@acme.test')
    const denied = await db().$count(auditLog, eq(auditLog.outcome, 'denied'))
    const body = new URLSearchParams(await productForm({ sku: 'SALES-1' }))
    expect(await statusOf(() => productNew.action(routeArgs(sales, '/console/products/new', {}, { method: 'POST', body })))).toBe(403)
    expect(await statusOf(() => productNew.loader(routeArgs(sales, '/console/products/new')))).toBe(403)
    expect(await db().$count(products, eq(products.sku, 'SALES-1'))).toBe(0)
    expect(await db().$count(auditLog, eq(auditLog.outcome, 'denied'))).toBe(denied + 2)
    await expect(createProduct(sales, { sku: 'SALES-2', nameEn: 'x', nameZh: 'x', categoryId: await elecId(), unit: 'pcs', taxRate: '0.1300', tracking: 'none', wholeUnits: true })).rejects.toBeInstanceOf(DomainError)
  })

  it('sends a signed-out visitor to sign-in', async () => {
    const res = await statusOf(() => productList.loader(routeArgs(null, '/console/products')))
    expect(res).toBe(302)
  })
})
