// A price list's page shows its prices 50 at a time, by SKU and quantity, searched by SKU or product name: a list
// of 10,000 breaks was one 9 MB page. The export still holds every price.
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { priceListItems, priceLists, products } from '~db/schema'
import { readSpreadsheet } from '~/utils/spreadsheet.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { renderRoute, textsByTestId } from '../../support/render-route'
import { routeArgs, useTempDataDir } from '../catalog/helpers'

useTestDatabase({ seed: true })
useTempDataDir()

let listId: string
let total: number

beforeAll(async () => {
  ;[{ id: listId }] = await db().select({ id: priceLists.id }).from(priceLists).where(eq(priceLists.code, 'PL-C-2026'))
  // 150 more breaks of EL-1003, so the list runs to four pages.
  const [p] = await db().select({ id: products.id }).from(products).where(eq(products.sku, 'EL-1003'))
  await db()
    .insert(priceListItems)
    .values(Array.from({ length: 150 }, (_, i) => ({ priceListId: listId, productId: p.id, minQty: String(1000 + i), unitPrice: '1.5' })))
  total = await db().$count(priceListItems, eq(priceListItems.priceListId, listId))
})

async function page(query = '') {
  const mod = await import('~/routes/console.price-lists.$id')
  const mgr = await actorFor('sales.manager@acme.test')
  const url = `/console/price-lists/${listId}${query}`
  const data = (await mod.loader(routeArgs(mgr, url, { id: listId }))) as Awaited<ReturnType<typeof mod.loader>>
  return { data, html: await renderRoute(mod.default, data, 'en', url) }
}

describe('a price list’s page', () => {
  it('shows 50 prices a page, by SKU and then quantity, and says how many there are', async () => {
    const first = await page()
    expect(first.data.list.itemTotal).toBe(total)
    expect(first.data.list.itemRows).toHaveLength(50)
    const keys = first.data.list.itemRows.map((r) => [r.sku, Number(r.minQty)] as const)
    expect(keys).toEqual([...keys].sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]))
    expect(textsByTestId(first.html, 'price-item')).toHaveLength(50)
    const last = await page(`?page=${Math.ceil(total / 50)}`)
    expect(last.data.list.itemRows).toHaveLength(total % 50 || 50)
    // Descending by SKU, breaks of one SKU still from the smallest quantity.
    const desc = await page('?sort=sku&dir=desc')
    expect(desc.data.list.itemRows[0].sku >= desc.data.list.itemRows[49].sku).toBe(true)
  })

  it('finds prices by SKU or by product name in either language, the wildcards taken literally', async () => {
    const bySku = await page('?q=el-1004')
    expect(new Set(bySku.data.list.itemRows.map((r) => r.sku))).toEqual(new Set(['EL-1004']))
    expect(bySku.data.list.itemTotal).toBe(bySku.data.list.itemRows.length)
    const [{ nameZh }] = await db().select({ nameZh: products.nameZh }).from(products).where(eq(products.sku, 'EL-1004'))
    const byName = await page(`?q=${encodeURIComponent(nameZh)}`)
    expect(byName.data.list.itemRows.map((r) => r.sku)).toContain('EL-1004')
    const none = await page(`?q=${encodeURIComponent('EL_100%')}`)
    expect(none.data.list.itemTotal).toBe(0)
    expect(textsByTestId(none.html, 'empty-state')).toEqual(['Nothing matches your search or filters.'])
  })

  it('exports every price, not one page', async () => {
    const exp = await import('~/routes/console.price-lists.$id_.export')
    const mgr = await actorFor('sales.manager@acme.test')
    const res = (await exp.loader(routeArgs(mgr, `/console/price-lists/${listId}/export?format=csv&q=EL-1004&page=2`, { id: listId }))) as Response
    const grid = await readSpreadsheet('csv', new Uint8Array(await res.arrayBuffer()))
    expect(grid).toHaveLength(total + 1)
  })
})
