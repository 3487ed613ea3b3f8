// The recall export answers in words whenever it gives no file: a format it does not write is a 400, and a batch shipped more
// often than one list holds a 422, both in the reader's language; past that cap the trace page offers no download and says
// where the shipments are read instead. The cap is lowered here (this file's lot went out once) by a mocked constant.
import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { db } from '~db/client'
import { categories, priceListItems, priceLists, products } from '~db/schema'
import type { Actor, DealerActor, StaffActor } from '~/auth/roles'
import { applyMove } from '~/domain/inventory/ledger.server'
import { getOrderForStaff } from '~/domain/orders/orders.queries.server'
import { pickOrder } from '~/domain/orders/pick-order.server'
import { shipOrder } from '~/domain/orders/ship-order.server'
import { submitOrder } from '~/domain/orders/submit-order.server'
import { fixedT } from '~/i18n/i18next.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { renderRoute, textsByTestId } from '../../support/render-route'
import { routeArgs, statusOf } from '../catalog/helpers'
import { warehouseId } from './helpers'

const cap = vi.hoisted(() => ({ value: 50_000 }))
vi.mock('~/domain/inventory/batch-trace.validation', async (importOriginal) => {
  const actual = await importOriginal<typeof import('~/domain/inventory/batch-trace.validation')>()
  return {
    ...actual,
    get TRACE_EXPORT_CAP() {
      return cap.value
    },
  }
})

useTestDatabase({ seed: true })

// A product of this file's own, its one lot shipped whole to North: one shipment.
const tag = randomUUID().slice(0, 6).toUpperCase()
const LOT = `RCL-${tag}`
let productId = ''

beforeAll(async () => {
  const [elec] = await db().select({ id: categories.id }).from(categories).where(eq(categories.code, 'ELEC'))
  const [p] = await db()
    .insert(products)
    .values({ sku: `RCL-${tag}`, nameEn: 'Recalled relay', nameZh: '召回继电器', categoryId: elec.id, unit: 'pcs', taxRate: '0.1300', tracking: 'batch' })
    .returning({ id: products.id })
  productId = p.id
  const lists = await db().select({ id: priceLists.id }).from(priceLists)
  await db().insert(priceListItems).values(lists.map((l) => ({ priceListId: l.id, productId, minQty: '1', unitPrice: '10.0000' })))
  const sz = await warehouseId('SZ-SOUTH')
  await db().transaction((tx) => applyMove(tx, { kind: 'receipt', productId, warehouseId: sz, binId: null, batch: LOT, quantity: '20', reason: 'Received' }, null))
  const wh = await actorFor('warehouse@acme.test')
  const placed = await submitOrder((await actorFor('dave@north.test')) as DealerActor, { warehouseId: sz, lines: [{ productId, quantity: '20' }] }, { idempotencyKey: randomUUID() })
  await pickOrder(wh, placed.order.id)
  const staffView = await getOrderForStaff((await actorFor('admin@acme.test')) as StaffActor, placed.order.id)
  await shipOrder(wh, placed.order.id, { carrier: 'SF Express', trackingNumber: `SF-${tag}`, lines: [{ orderLineId: staffView!.lines[0].id, quantity: '20' }] })
})
const as = async (email: string, locale: 'en' | 'zh-CN') => ({ ...(await actorFor(email)), locale }) as Actor
const exportOf = async (who: Actor, query: string) => {
  const p = productId
  const mod = await import('~/routes/console.inventory.trace.$productId_.export')
  const run = () => mod.loader(routeArgs(who, `/console/inventory/trace/${p}/export?batch=${LOT}${query}`, { productId: p })) as Promise<Response>
  return run().catch((e: unknown) => {
    if (e instanceof Response) return e
    throw e
  })
}
const tracePage = async (who: Actor) => {
  const p = productId
  const mod = await import('~/routes/console.inventory.trace.$productId')
  return mod.loader(routeArgs(who, `/console/inventory/trace/${p}?batch=${LOT}`, { productId: p })) as Promise<any>
}

beforeEach(() => {
  cap.value = 50_000
})

describe('the recall export’s format', () => {
  it('writes xlsx by default and csv when asked', async () => {
    const admin = await as('admin@acme.test', 'en')
    const xlsx = await exportOf(admin, '')
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers.get('Content-Type')).toContain('spreadsheetml')
    const csv = await exportOf(admin, '&format=csv')
    expect(csv.status).toBe(200)
    expect(csv.headers.get('Content-Type')).toContain('text/csv')
    expect(await csv.text()).toContain(LOT)
  })

  it('refuses any other format with a 400 said in the reader’s language, not an .xlsx', async () => {
    for (const format of ['pdf', 'XLSX', '', 'csv%00']) {
      const res = await exportOf(await as('admin@acme.test', 'en'), `&format=${format}`)
      expect(res.status, format).toBe(400)
      expect(res.headers.get('Content-Type')).toBe('text/plain; charset=utf-8')
      expect(await res.text()).toBe('Exports come as xlsx or csv: ask for format=xlsx or format=csv.')
    }
    const zh = await exportOf(await as('sales@acme.test', 'zh-CN'), '&format=pdf')
    expect(zh.status).toBe(400)
    expect(await zh.text()).toBe('导出文件只提供 xlsx 或 csv 格式，请使用 format=xlsx 或 format=csv。')
    // Still refused before the format to those who may not see it.
    const buyer = await as('buyer@acme.test', 'en')
    expect(await statusOf(() => exportOf(buyer, '&format=pdf'))).toBe(403)
  })
})

describe('a batch shipped more often than one recall list holds', () => {
  it('is not offered for download on its trace page, which says why and where its shipments are', async () => {
    const admin = await as('admin@acme.test', 'en')
    expect((await tracePage(admin)).recallCap).toBeNull()
    const mod = await import('~/routes/console.inventory.trace.$productId')
    const url = `/console/inventory/trace/${productId}?batch=${LOT}`
    const offered = await renderRoute(mod.default, await tracePage(admin), 'zh-CN', url)
    expect(offered).toContain('data-testid="trace-export-xlsx"')
    expect(textsByTestId(offered, 'trace-export-too-many')).toEqual([])

    cap.value = 0
    const page = await tracePage(admin)
    expect(page.trace.shipped.total).toBe(1)
    expect(page.recallCap).toBe(0)
    const html = await renderRoute(mod.default, page, 'zh-CN', url)
    expect(html).not.toContain('data-testid="trace-export-xlsx"')
    expect(html).not.toContain('data-testid="trace-export-csv"')
    expect(textsByTestId(html, 'trace-export-too-many')).toEqual(['此批次共发货 1 次，超过一份召回清单的上限（0 次），无法下载。库存流水中列有全部发货，并可按仓库筛选。 在库存流水中查看发货'])
    // The ledger it points to is the product's, filtered to this batch's shipments.
    expect(/data-testid="trace-export-ledger"[^>]*href="([^"]+)"/.exec(html)?.[1]).toBe(`/console/inventory/${productId}?batch=${LOT}&amp;kind=shipment`)
  })

  it('answers a direct call with a 422 in words that say how to find the shipments', async () => {
    cap.value = 0
    const en = await exportOf(await as('admin@acme.test', 'en'), '&format=xlsx')
    expect(en.status).toBe(422)
    expect(en.headers.get('Content-Type')).toBe('text/plain; charset=utf-8')
    expect(await en.text()).toBe("More than 0 shipments took this batch: too many for one recall list. The product's ledger lists every one of them: filter it by this batch, by Shipment and by warehouse.")
    const zh = await exportOf(await as('sales@acme.test', 'zh-CN'), '&format=csv')
    expect(zh.status).toBe(422)
    expect(await zh.text()).toBe('此批次的发货超过 0 次，无法生成一份召回清单。可在该产品的库存流水中按此批次、“出库”类型和仓库筛选，查看全部发货。')
    // The real cap reads grouped, as the pages write numbers; the page's own notice names the count too.
    const [en$, zh$] = [await fixedT('en', 'inventory'), await fixedT('zh-CN', 'inventory')]
    expect(en$('traceability.export.tooMany', { max: 50_000 })).toMatch(/^More than 50,000 shipments/)
    expect(en$('traceability.export.tooManyHere', { total: 52_340, max: 50_000 })).toBe(
      'This batch went out in 52,340 shipments, more than one recall list holds (50,000), so it cannot be downloaded. The ledger lists them all, and filters them by warehouse.',
    )
    expect(zh$('traceability.export.tooManyHere', { total: 52_340, max: 50_000 })).toBe('此批次共发货 52,340 次，超过一份召回清单的上限（50,000 次），无法下载。库存流水中列有全部发货，并可按仓库筛选。')
  })
})
