import { describe, expect, it } from 'vitest'
import { DataTable, type Column } from '~/ui/data-table'
import { BalancesTable } from '~/ui/inventory/balances-table'
import { TraceTable } from '~/ui/inventory/trace-table'
import type { StockPlace } from '~/domain/inventory/stock-places.validation'
import { renderRoute, textsByTestId } from '../support/render-route'

type R = { id: string; sku: string; qty: string }
const columns: Column<R>[] = [
  { key: 'sku', label: 'SKU', cardClassName: 'max-sm:col-span-2', render: (r) => r.sku },
  { key: 'qty', label: 'Quantity', className: 'text-right', cardLabel: true, render: (r) => <span data-testid="qty">{r.qty}</span> },
]
const rows: R[] = [
  { id: '1', sku: 'AS-1', qty: '5' },
  { id: '2', sku: 'AS-2', qty: '7' },
]
const params = { q: '', page: 1, pageSize: 20, sort: 'sku', dir: 'asc' as const }
/** The body rows' cells, as markup. */
const cells = (html: string) => [...html.matchAll(/<tr[^>]*data-testid="row"[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => m[1])

describe('a list row drawn by the one renderer', () => {
  it('gives a batch trace list the same cells as a DataTable with phone cards: a card label only where a column asks', async () => {
    const table = await renderRoute(() => <DataTable columns={columns} rows={rows} total={2} params={params} rowKey={(r) => r.id} rowTestId="row" phoneCards />, null, 'en')
    const trace = await renderRoute(() => <TraceTable columns={columns} rows={rows} rowKey={(r) => r.id} labelledBy="t" testId="trace" rowTestId="row" emptyText="none" />, null, 'en')
    expect(cells(table)).toHaveLength(2)
    expect(cells(trace)).toEqual(cells(table))
    // The quantity's label shows in the card (sm:hidden), the SKU's does not: it spans the card's top line.
    expect(cells(trace)[0]).toContain('<div class="text-xs text-slate-500 sm:hidden">Quantity</div>')
    expect(cells(trace)[0]).not.toContain('>SKU</div>')
    expect(cells(trace)[0]).toContain('max-sm:col-span-2')
  })

  it('keeps a DataTable without phone cards free of card labels and card classes', async () => {
    const plain = await renderRoute(() => <DataTable columns={columns} rows={rows} total={2} params={params} rowKey={(r) => r.id} rowTestId="row" renderExpanded={(r) => (r.id === '1' ? <em>open</em> : null)} />, null, 'en')
    expect(cells(plain)).toHaveLength(2)
    // The expanded row stands under its own row, across every column.
    expect(plain).toMatch(/AS-1[\s\S]*<tr class="bg-slate-50\/60 "><td colSpan="2" class="px-4 pb-4 pt-1 "><em>open<\/em><\/td><\/tr>[\s\S]*AS-2/)
    expect(plain).not.toContain('max-sm:')
    expect(plain).not.toContain('sm:hidden')
    expect(textsByTestId(plain, 'qty')).toEqual(['5', '7'])
  })

  it('draws a product balance line as a card with every cell labelled, its place and batch on the row', async () => {
    const places: StockPlace[] = [
      { warehouseId: 'w1', warehouseCode: 'WH1', binId: null, binCode: null, batch: 'L-1', serials: null, onHand: '1200', reserved: '1', available: '1199' },
      { warehouseId: 'w1', warehouseCode: 'WH1', binId: 'b1', binCode: 'A-01', batch: null, serials: 3, onHand: '3', reserved: '0', available: '3' },
    ] as StockPlace[]
    const html = await renderRoute(() => <BalancesTable product={{ id: 'p1', sku: 'S-1' }} places={places} emptied={0} showEmptied={false} truncated={false} serialTracked locale="en" />, null, 'zh-CN')
    const lines = [...html.matchAll(/<tr([^>]*data-testid="balance-row"[^>]*)>([\s\S]*?)<\/tr>/g)]
    expect(lines).toHaveLength(2)
    expect(lines[0][1]).toContain('data-warehouse="WH1"')
    expect(lines[0][1]).toContain('data-batch="L-1"')
    expect(lines[1][1]).toContain('data-bin="A-01"')
    expect(lines[1][1]).toContain('data-serials="3"')
    for (const [, , body] of lines) {
      expect([...body.matchAll(/<div class="text-xs text-slate-500 sm:hidden">([^<]+)<\/div>/g)].map((m) => m[1])).toEqual(['仓库', '库位', '批次/序列号', '在库', '已预留', '可用'])
      expect(body.match(/<td /g)).toHaveLength(6)
    }
    expect(textsByTestId(html, 'balance-on-hand')).toEqual(['1,200', '3'])
    expect(html).toContain('href="/console/inventory/trace/p1?batch=L-1"')
  })
})
