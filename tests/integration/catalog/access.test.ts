import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { categories, products, warehouses } from '~db/schema'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { routeArgs, statusOf } from './helpers'

useTestDatabase({ seed: true })

// Every catalog route module, by URL pattern; ":id" is filled with a real record of the right kind.
const routes = {
  '/console/products': () => import('~/routes/console.products._index'),
  '/console/products/new': () => import('~/routes/console.products.new'),
  '/console/products/:product': () => import('~/routes/console.products.$id'),
  '/console/products/import': () => import('~/routes/console.products.import'),
  '/console/products/export': () => import('~/routes/console.products.export'),
  '/console/products.pdf': () => import('~/routes/console.products[.]pdf'),
  '/console/categories': () => import('~/routes/console.categories._index'),
  '/console/categories/new': () => import('~/routes/console.categories.new'),
  '/console/categories/:category': () => import('~/routes/console.categories.$id'),
  '/console/categories/import': () => import('~/routes/console.categories.import'),
  '/console/categories/export': () => import('~/routes/console.categories.export'),
  '/console/warehouses': () => import('~/routes/console.warehouses._index'),
  '/console/warehouses/new': () => import('~/routes/console.warehouses.new'),
  '/console/warehouses/:warehouse': () => import('~/routes/console.warehouses.$id'),
  '/console/warehouses/import': () => import('~/routes/console.warehouses.import'),
  '/console/warehouses/export': () => import('~/routes/console.warehouses.export'),
} as Record<string, () => Promise<{ loader?: (a: any) => Promise<unknown>; action?: (a: any) => Promise<unknown> }>>

async function ids() {
  const [p] = await db().select({ id: products.id }).from(products).where(eq(products.sku, 'EL-1001'))
  const [c] = await db().select({ id: categories.id }).from(categories).where(eq(categories.code, 'ELEC'))
  const [w] = await db().select({ id: warehouses.id }).from(warehouses).where(eq(warehouses.code, 'SH-MAIN'))
  return { product: p.id, category: c.id, warehouse: w.id }
}

function resolve(pattern: string, known: Record<string, string>) {
  const m = pattern.match(/:(\w+)$/)
  return m ? { url: pattern.replace(`:${m[1]}`, known[m[1]]), params: { id: known[m[1]] } } : { url: pattern, params: {} as Record<string, string> }
}

const snapshot = async () => ({
  products: await db().select().from(products).orderBy(products.sku),
  categories: await db().select().from(categories).orderBy(categories.code),
  warehouses: await db().select().from(warehouses).orderBy(warehouses.code),
})

describe('catalog routes: who gets in', () => {
  it('refuses suppliers and dealers every catalog loader and action with 403, changing nothing', async () => {
    const known = await ids()
    const before = await snapshot()
    for (const email of ['alice@bright.test', 'amy@bright.test', 'dave@north.test', 'dora@north.test']) {
      const actor = await actorFor(email)
      for (const [pattern, load] of Object.entries(routes)) {
        const mod = await load()
        const { url, params } = resolve(pattern, known)
        if (mod.loader) expect(await statusOf(() => mod.loader!(routeArgs(actor, url, params))), `${email} GET ${url}`).toBe(403)
        if (mod.action) {
          const body = new URLSearchParams({ intent: 'save', sku: 'HACK-1', code: 'HACK', nameEn: 'x', nameZh: 'x', unit: 'pcs', taxRate: '1', tracking: 'none' })
          expect(await statusOf(() => mod.action!(routeArgs(actor, url, params, { method: 'POST', body }))), `${email} POST ${url}`).toBe(403)
        }
      }
    }
    expect(await snapshot()).toEqual(before)
  })

  it('lets catalog.view read every page but refuses it every write', async () => {
    const known = await ids()
    const sales = await actorFor('sales@acme.test')
    const before = await snapshot()
    for (const [pattern, load] of Object.entries(routes)) {
      const mod = await load()
      const { url, params } = resolve(pattern, known)
      const writePage = /\/(new|import)$/.test(url) || /:category$/.test(pattern) // the category page is its edit form
      if (mod.loader) expect(await statusOf(() => mod.loader!(routeArgs(sales, url, params))), `GET ${url}`).toBe(writePage ? 403 : 200)
      if (mod.action) {
        const body = new URLSearchParams({ intent: 'deactivate' })
        expect(await statusOf(() => mod.action!(routeArgs(sales, url, params, { method: 'POST', body }))), `POST ${url}`).toBe(403)
      }
    }
    expect(await snapshot()).toEqual(before)
  })
})

describe('the catalog PDF route', () => {
  it('answers a bilingual A4 PDF as a non-cached attachment, with the list’s filters applied', async () => {
    const sales = await actorFor('sales@acme.test')
    const { loader } = await import('~/routes/console.products[.]pdf')
    const res = (await loader(routeArgs(sales, '/console/products.pdf?category=ELEC'))) as Response
    expect(res.headers.get('Content-Type')).toBe('application/pdf')
    expect(res.headers.get('Content-Disposition')).toMatch(/^attachment; filename="product-catalog-\d{8}\.pdf"/)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-pdf-')), 'catalog.pdf')
    fs.writeFileSync(file, bytes)
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
    fs.rmSync(path.dirname(file), { recursive: true })
    for (const s of ['艾克美制造有限公司', 'Acme Manufacturing Co., Ltd.', '产品目录', 'Product catalog', '陶瓷电容', 'Ceramic capacitor 100nF', 'EL-1005', '13%'])
      expect(text, s).toContain(s)
    expect(text).toMatch(/件 \/ pcs/) // the unit in both languages, not the stored code alone
    expect(text).toMatch(/1 ?\/ ?1\s*$/) // the page number, "1 / 1", in the footer
    expect(text).not.toContain('MT-2001') // another category
    expect(info).toMatch(/Page size:\s+595\.\d* x 841\.\d* pts \(A4\)/)
    expect(info).toMatch(/Pages:\s+1/)
  }, 60_000)
})
