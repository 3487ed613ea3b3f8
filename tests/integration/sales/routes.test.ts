import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, dealerTerms, organizations, priceListItems, priceLists, products } from '~db/schema'
import { readSpreadsheet, writeSpreadsheet } from '~/utils/spreadsheet.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { renderRoute, textsByTestId } from '../../support/render-route'
import { payload, routeArgs, statusOf, uploadRequest, useTempDataDir } from '../catalog/helpers'

useTestDatabase({ seed: true })
useTempDataDir()

type RouteModule = { loader?: (a: any) => Promise<unknown>; action?: (a: any) => Promise<unknown> }
const routes: Record<string, () => Promise<RouteModule>> = {
  '/console/dealer-terms': () => import('~/routes/console.dealer-terms._index'),
  '/console/dealer-terms/:org': () => import('~/routes/console.dealer-terms.$orgId'),
  '/console/price-lists': () => import('~/routes/console.price-lists._index'),
  '/console/price-lists/new': () => import('~/routes/console.price-lists.new'),
  '/console/price-lists/:list': () => import('~/routes/console.price-lists.$id'),
  '/console/price-lists/:list/export': () => import('~/routes/console.price-lists.$id_.export'),
  '/console/price-lists/:list/import': () => import('~/routes/console.price-lists.$id_.import'),
}

async function ids() {
  const [org] = await db().select({ id: organizations.id }).from(organizations).where(eq(organizations.code, 'DLR-NORTH'))
  const [list] = await db().select({ id: priceLists.id }).from(priceLists).where(eq(priceLists.code, 'PL-A-2026'))
  return { org: org.id, list: list.id }
}

async function resolve(pattern: string) {
  const known = await ids()
  const m = pattern.match(/:(org|list)/)
  if (!m) return { url: pattern, params: {} as Record<string, string> }
  const id = known[m[1] as 'org' | 'list']
  return { url: pattern.replace(m[0], id), params: m[1] === 'org' ? { orgId: id } : { id } }
}

const snapshot = async () => ({
  terms: await db().select().from(dealerTerms).orderBy(dealerTerms.id),
  lists: await db().select().from(priceLists).orderBy(priceLists.id),
  items: await db().select().from(priceListItems).orderBy(priceListItems.id),
})

const hostileBody = () => new URLSearchParams({ intent: 'setItem', sku: 'EL-1001', minQty: '1', unitPrice: '0.01', priceTier: 'A', creditLimit: '99999999', paymentTermsDays: '365', currency: 'CNY' })

describe('sales routes: who gets in', () => {
  it('refuses suppliers and dealers every loader and action with 403, changing nothing', async () => {
    const before = await snapshot()
    for (const email of ['alice@bright.test', 'amy@bright.test', 'dave@north.test', 'dora@north.test']) {
      const actor = await actorFor(email)
      for (const [pattern, load] of Object.entries(routes)) {
        const mod = await load()
        const { url, params } = await resolve(pattern)
        if (mod.loader) expect(await statusOf(() => mod.loader!(routeArgs(actor, url, params))), `${email} GET ${url}`).toBe(403)
        if (mod.action) expect(await statusOf(() => mod.action!(routeArgs(actor, url, params, { method: 'POST', body: hostileBody() }))), `${email} POST ${url}`).toBe(403)
      }
    }
    expect(await snapshot()).toEqual(before)
  })

  it('lets pricing.view roles read lists and exports, refuses them every write page and action', async () => {
    const before = await snapshot()
    for (const email of ['sales@acme.test', 'finance@acme.test']) {
      const actor = await actorFor(email)
      for (const [pattern, load] of Object.entries(routes)) {
        const mod = await load()
        const { url, params } = await resolve(pattern)
        const writePage = /\/(new|import)$/.test(url) || pattern.endsWith(':org')
        if (mod.loader) expect(await statusOf(() => mod.loader!(routeArgs(actor, url, params))), `${email} GET ${url}`).toBe(writePage ? 403 : 200)
        if (mod.action) expect(await statusOf(() => mod.action!(routeArgs(actor, url, params, { method: 'POST', body: hostileBody() }))), `${email} POST ${url}`).toBe(403)
      }
    }
    for (const email of ['warehouse@acme.test', 'buyer@acme.test']) {
      const actor = await actorFor(email)
      for (const [pattern, load] of Object.entries(routes)) {
        const mod = await load()
        const { url, params } = await resolve(pattern)
        if (mod.loader) expect(await statusOf(() => mod.loader!(routeArgs(actor, url, params))), `${email} GET ${url}`).toBe(403)
      }
    }
    expect(await snapshot()).toEqual(before)
  })
})

describe('dealer terms form', () => {
  it('refuses unknown fields (dealerId, status, price) with 400 and changes nothing', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const { url, params } = await resolve('/console/dealer-terms/:org')
    const { action } = await import('~/routes/console.dealer-terms.$orgId')
    const before = await snapshot()
    const extras: Array<Record<string, string>> = [{ dealerOrgId: params.orgId! }, { dealerId: 'x' }, { status: 'active' }, { price: '1' }]
    for (const extra of extras) {
      const body = new URLSearchParams({ priceTier: 'C', creditLimit: '1.00', paymentTermsDays: '10', salesOwnerUserId: '', currency: 'CNY', ...extra })
      const res = await action(routeArgs(mgr, url, params, { method: 'POST', body }))
      expect(await statusOf(async () => res), JSON.stringify(extra)).toBe(400)
    }
    expect(await snapshot()).toEqual(before)
  })

  it('saves valid terms for a sales manager and reports a bad credit limit on its field', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const { url, params } = await resolve('/console/dealer-terms/:org')
    const { action } = await import('~/routes/console.dealer-terms.$orgId')
    const bad = await action(routeArgs(mgr, url, params, { method: 'POST', body: new URLSearchParams({ priceTier: 'A', creditLimit: '-5', paymentTermsDays: '30', currency: 'CNY' }) }))
    expect(await statusOf(async () => bad)).toBe(400)
    expect(payload(bad).submission.error.creditLimit).toEqual(['errors:number.negative'])
    const ok = await action(routeArgs(mgr, url, params, { method: 'POST', body: new URLSearchParams({ priceTier: 'a', creditLimit: '480000', paymentTermsDays: '30', currency: 'cny' }) }))
    expect(await statusOf(async () => ok)).toBe(302)
    const [row] = await db().select().from(dealerTerms).where(eq(dealerTerms.dealerOrgId, params.orgId!))
    expect(row).toMatchObject({ priceTier: 'A', creditLimit: '480000.00', paymentTermsDays: 30, currency: 'CNY', salesOwnerUserId: null })
  })
})

describe('price list page', () => {
  it('refuses unknown fields on every form with 400 and changes nothing', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const { url, params } = await resolve('/console/price-lists/:list')
    const { action } = await import('~/routes/console.price-lists.$id')
    const before = await snapshot()
    const audits = await db().$count(auditLog)
    const bodies: Array<Record<string, string>> = [
      { intent: 'setItem', sku: 'EL-1001', minQty: '1', unitPrice: '0.01', priceListId: params.id! },
      { intent: 'removeItem', itemId: before.items[0].id, productId: 'x' },
      { intent: 'save', code: 'PL-A-2026', nameEn: 'x', nameZh: 'x', tier: 'A', currency: 'CNY', validFrom: '2026-01-01', validTo: '', status: 'active' },
    ]
    for (const b of bodies) expect(await statusOf(() => action(routeArgs(mgr, url, params, { method: 'POST', body: new URLSearchParams(b) }))), b.intent).toBe(400)
    expect(await snapshot()).toEqual(before)
    expect(await db().$count(auditLog)).toBe(audits)
  })

  it('shows each unit price to the 4 decimals the dealer pays, not rounded to cents', async () => {
    const page = await import('~/routes/console.price-lists.$id')
    const mgr = await actorFor('sales.manager@acme.test')
    const [list] = await db().select({ id: priceLists.id }).from(priceLists).where(eq(priceLists.code, 'PL-C-2026'))
    const url = `/console/price-lists/${list.id}`
    const html = await renderRoute(page.default, await page.loader(routeArgs(mgr, url, { id: list.id })), 'zh-CN', url)
    const rows = textsByTestId(html, 'price-item')
    const prices = textsByTestId(html, 'price-item-price')
    const priceOf = (sku: string) => rows.flatMap((r, i) => (r.startsWith(sku) ? [prices[i]] : []))
    // EL-1001 lists at 0.35: tier C pays 95 %, 0.3325, and from 100 and 500 pieces 95 % and 90 % of that.
    expect(priceOf('EL-1001')).toEqual(['¥0.3325', '¥0.3159', '¥0.2993'])
    expect(priceOf('EL-1004')).toEqual(['¥159.60', '¥151.62', '¥143.64'])
  })

  it('exports the items and imports them back; a file with a bad row writes nothing', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const { url, params } = await resolve('/console/price-lists/:list/export')
    const exp = await import('~/routes/console.price-lists.$id_.export')
    const res = (await exp.loader(routeArgs(mgr, `${url}?format=csv`, params))) as Response
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const grid = await readSpreadsheet('csv', new Uint8Array(await res.arrayBuffer()))
    expect(grid[0]).toEqual(['sku', 'min_qty', 'unit_price', 'name_en', 'name_zh'])
    expect(grid).toContainEqual(['EL-1004', '100', '127.6800', 'Microcontroller board', '微控制器主板'])

    const imp = await import('~/routes/console.price-lists.$id_.import')
    const importUrl = `/console/price-lists/${params.id}/import`
    const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.join(',')).join('\n'))
    const before = await snapshot()
    const bad = await imp.action({ ...routeArgs(mgr, importUrl, params), request: uploadRequest(importUrl, 'p.csv', csv([['sku', 'min_qty', 'unit_price'], ['EL-1004', '1', '130'], ['NOPE', '1', '5'], ['EL-1004', '1.0', '131']])) })
    expect(await statusOf(async () => bad)).toBe(422)
    expect(payload(bad).issues).toEqual([
      { row: 3, column: 'sku', message: 'sales:errors.unknownSku' },
      { row: 4, column: 'min_qty', message: 'sales:errors.duplicateBreak|{"row":2}' },
    ])
    const bad2 = await imp.action({ ...routeArgs(mgr, importUrl, params), request: uploadRequest(importUrl, 'p.csv', csv([['sku', 'min_qty', 'unit_price'], ['EL-1004', '1', '-1']])) })
    expect(payload(bad2).issues).toEqual([{ row: 2, column: 'unit_price', message: 'errors:number.negative' }])
    expect(await snapshot()).toEqual(before)

    const edited = grid.map((r) => (r[0] === 'EL-1004' && r[1] === '1' ? [r[0], r[1], '130.5', r[3], r[4]] : r)).concat([['EL-1004', '1000', '110', '', '']])
    const good = (await imp.action({ ...routeArgs(mgr, importUrl, params), request: uploadRequest(importUrl, 'p.xlsx', new Uint8Array(await writeSpreadsheet('xlsx', edited, { sheetName: 'x' }))) })) as Response
    expect(good.status).toBe(302)
    const items = await db().select().from(priceListItems).where(eq(priceListItems.priceListId, params.id!))
    expect(items).toHaveLength(before.items.filter((i) => i.priceListId === params.id).length + 1)
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.action, 'sales.price_list.imported'))
    expect(audit.after).toMatchObject({ created: 1, updated: 1, changes: [{ sku: 'EL-1004', minQty: '1.0000', before: '134.4000', after: '130.5000' }, { sku: 'EL-1004', minQty: '1000.0000', before: null, after: '110.0000' }] })
  })
})

describe('removing a price', () => {
  it('names the SKU in its toast, and a break by its quantity', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const { url, params } = await resolve('/console/price-lists/:list')
    const { action } = await import('~/routes/console.price-lists.$id')
    const items = await db()
      .select({ id: priceListItems.id, sku: products.sku, minQty: priceListItems.minQty })
      .from(priceListItems)
      .innerJoin(products, eq(products.id, priceListItems.productId))
      .where(eq(priceListItems.priceListId, params.id!))
    const base = items.find((i) => Number(i.minQty) === 1)!
    const brk = items.find((i) => Number(i.minQty) > 1)!
    const toastOf = async (itemId: string) => {
      const res = (await action(routeArgs(mgr, url, params, { method: 'POST', body: new URLSearchParams({ intent: 'removeItem', itemId }) }))) as Response
      expect(res.status).toBe(302)
      return JSON.parse(decodeURIComponent(/toast=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')![1]))
    }
    // "Price removed" left the reader to compare the list to see which one had gone.
    expect(await toastOf(base.id)).toMatchObject({ key: 'sales:toast.itemRemoved', params: { sku: base.sku } })
    expect(await toastOf(brk.id)).toMatchObject({ key: 'sales:toast.breakRemoved', params: { sku: brk.sku, minQty: String(Number(brk.minQty)) } })
  })
})
