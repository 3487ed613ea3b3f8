import { describe, expect, it } from 'vitest'
import BatchSearchPage from '~/routes/console.inventory.trace._index'
import { renderRoute, textsByTestId } from '../support/render-route'

const data = (over: Record<string, unknown>) => ({
  rows: [],
  more: false,
  params: { q: '', page: 1, pageSize: 50, sort: 'batch', dir: 'asc', filters: {} },
  locale: 'en',
  selected: null,
  unknownSku: null,
  ...over,
})

describe('the batch trace search with nothing listed', () => {
  it('asks for the start of a batch, or a product, when neither is given', async () => {
    const html = await renderRoute(BatchSearchPage, data({}), 'en', '/console/inventory/trace')
    expect(textsByTestId(html, 'empty-state')).toEqual(['Type the start of a batch or serial number, or pick a product to list its batches.'])
  })

  it('says the product chosen has no batches, rather than asking to pick a product (it is picked)', async () => {
    const picked = { params: { q: '', page: 1, pageSize: 50, sort: 'batch', dir: 'asc', filters: { product: 'AS-1001' } }, selected: { code: 'AS-1001', name: 'Bolt' } }
    const en = await renderRoute(BatchSearchPage, data(picked), 'en', '/console/inventory/trace?product=AS-1001')
    expect(textsByTestId(en, 'empty-state')).toEqual(['No batch or serial number of AS-1001 has been recorded.'])
    const zh = await renderRoute(BatchSearchPage, data({ ...picked, locale: 'zh-CN' }), 'zh-CN', '/console/inventory/trace?product=AS-1001')
    expect(textsByTestId(zh, 'empty-state')).toEqual(['AS-1001 尚无批次或序列号记录。'])
  })
})
