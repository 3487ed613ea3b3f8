import { describe, expect, it } from 'vitest'
import { DataTable } from '~/ui/data-table'
import { renderRoute, textsByTestId } from '../support/render-route'

const columns = [{ key: 'sku', label: 'SKU', render: (r: { sku: string }) => r.sku }]
const table = (rows: Array<{ sku: string }>, total: number, page: number) => () => (
  <DataTable columns={columns} rows={rows} total={total} params={{ q: '', page, pageSize: 20, sort: 'sku', dir: 'asc' }} rowKey={(r) => r.sku} />
)

describe('a page past the end of a list', () => {
  it('says there is no such page and links to the last one, instead of "Page 2 of 1, nothing here yet"', async () => {
    const html = await renderRoute(table([], 5, 2), null, 'en', '/console/inventory?category=ASSY&page=2')
    expect(textsByTestId(html, 'empty-state')).toEqual(['There is no page 2: this list ends on page 1. Go to page 1'])
    expect(html).toContain('href="/console/inventory?category=ASSY"')
    expect(html).not.toContain('Page 2 of 1')
    expect(html).not.toContain('Nothing here yet.')

    const far = await renderRoute(table([], 45, 9), null, 'zh-CN', '/console/inventory?page=9&sort=sku')
    expect(textsByTestId(far, 'empty-state')).toEqual(['没有第 9 页：列表只到第 3 页。 前往第 3 页'])
    // The previous-page link goes to the last page too, not to page 8.
    expect([...far.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'))).toEqual(expect.arrayContaining(['/console/inventory?page=3&sort=sku']))
    expect(far).not.toContain('page=8')
  })

  it('keeps the plain empty message and the page count on a list that is empty on its first page', async () => {
    const html = await renderRoute(table([], 0, 1), null, 'en', '/console/inventory')
    expect(textsByTestId(html, 'empty-state')).toEqual(['Nothing here yet.'])
    expect(html).toContain('Page 1 of 1')
  })
})

describe('an empty list under a filter', () => {
  const filtered = (filters: Record<string, string>, noMatchText?: string) => () => (
    <DataTable columns={columns} rows={[]} total={0} params={{ q: '', page: 1, pageSize: 20, sort: 'sku', dir: 'asc', filters }} rowKey={(r: { sku: string }) => r.sku} emptyText="No products yet." noMatchText={noMatchText} />
  )

  it('says nothing matches, not that there is nothing yet', async () => {
    const html = await renderRoute(filtered({ category: 'ASSY' }), null, 'en', '/console/inventory?category=ASSY')
    expect(textsByTestId(html, 'empty-state')).toEqual(['Nothing matches your search or filters.'])
    const zh = await renderRoute(filtered({ category: 'ASSY' }), null, 'zh-CN', '/console/inventory?category=ASSY')
    expect(textsByTestId(zh, 'empty-state')).toEqual(['没有符合条件的结果。'])
  })

  it('names its rows where the list says how, and keeps its own empty text with no filter', async () => {
    const named = await renderRoute(filtered({ status: 'shipped' }, 'No orders match these filters.'), null, 'en', '/dealer/orders?status=shipped')
    expect(textsByTestId(named, 'empty-state')).toEqual(['No orders match these filters.'])
    const none = await renderRoute(filtered({}, 'No orders match these filters.'), null, 'en', '/dealer/orders')
    expect(textsByTestId(none, 'empty-state')).toEqual(['No products yet.'])
  })
})
