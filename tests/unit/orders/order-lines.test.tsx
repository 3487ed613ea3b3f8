// An order's lines as both surfaces show them: a cancelled or rejected order reserves nothing and
// waits for nothing, so what it did not ship reads as cancelled, never as "backordered"; one held
// over credit holds nothing until approved, and says so.
import { describe, expect, it } from 'vitest'
import { OrderLinesTable, skuQuantity } from '~/ui/orders/order-view'
import { renderRoute } from '../../support/render-route'

const line = { id: 'l1', position: 1, sku: 'AS-4003', nameEn: 'Housing', nameZh: '外壳', unit: 'set', quantity: '20', unitPrice: '10.00', taxRate: '0.13', lineNet: '200.00', lineTax: '26.00', reserved: '0', backordered: '20', shipped: '0', cancelled: '0' }
const cell = (html: string, testId: string) => new RegExp(`data-testid="${testId}"[^>]*>([^<]*)<`).exec(html)?.[1] ?? null

describe('the lines of an order', () => {
  it('show reserved and backordered while the order is open', async () => {
    const html = await renderRoute(() => <OrderLinesTable lines={[line]} status="approved" backordersCancelledAt={null} currency="CNY" locale="en" />, null, 'en')
    expect(cell(html, 'line-backordered')).toBe('20')
    expect(html).toContain('>Backordered<')
    expect(html).not.toContain('line-cancelled')
  })

  it('show what was not shipped as cancelled once the order is cancelled or rejected, in both languages', async () => {
    for (const status of ['cancelled', 'rejected'] as const) {
      const en = await renderRoute(() => <OrderLinesTable lines={[{ ...line, backordered: '0', cancelled: '20' }]} status={status} backordersCancelledAt={null} currency="CNY" locale="en" />, null, 'en')
      expect(cell(en, 'line-cancelled')).toBe('20')
      expect(en).not.toContain('line-backordered')
      expect(en).not.toContain('line-reserved')
      expect(en).toContain('>Cancelled<')
      const zh = await renderRoute(() => <OrderLinesTable lines={[{ ...line, shipped: '5', backordered: '0', cancelled: '15' }]} status={status} backordersCancelledAt={null} currency="CNY" locale="zh-CN" />, null, 'zh-CN')
      expect(cell(zh, 'line-cancelled')).toBe('15')
      expect(zh).toContain('>已取消<')
    }
  })

  it('of a shipped order whose rest was cancelled show that rest as cancelled beside what shipped, in both languages', async () => {
    const shortShipped = [
      { ...line, backordered: '0', shipped: '6', cancelled: '14', lineNet: '60.00' },
      { ...line, id: 'l2', position: 2, sku: 'AS-4004', backordered: '0', shipped: '3', cancelled: '0', quantity: '3' },
    ]
    for (const status of ['shipped', 'delivered'] as const) {
      const en = await renderRoute(() => <OrderLinesTable lines={shortShipped} status={status} backordersCancelledAt={null} currency="CNY" locale="en" />, null, 'en')
      expect([...en.matchAll(/data-testid="line-cancelled"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(['14', '0'])
      expect(en).not.toContain('line-backordered')
      expect(en).toContain('>Cancelled<')
      const zh = await renderRoute(() => <OrderLinesTable lines={shortShipped} status={status} backordersCancelledAt={null} currency="CNY" locale="zh-CN" />, null, 'zh-CN')
      expect(cell(zh, 'line-cancelled')).toBe('14')
    }
    // Shipped in full: nothing cancelled, no column for it.
    const full = await renderRoute(() => <OrderLinesTable lines={[{ ...line, backordered: '0', shipped: '20' }]} status="shipped" backordersCancelledAt={null} currency="CNY" locale="en" />, null, 'en')
    expect(full).not.toContain('line-cancelled')
  })

  it('of an order held over credit say stock is reserved on approval, not 0 reserved beside a backorder, in both languages', async () => {
    const held = { ...line, backordered: '0' }
    const en = await renderRoute(() => <OrderLinesTable lines={[held]} status="submitted" backordersCancelledAt={null} currency="CNY" locale="en" />, null, 'en')
    expect(cell(en, 'line-on-approval')).toBe('Reserved on approval')
    expect(en).not.toContain('line-reserved')
    expect(en).not.toContain('line-backordered')
    expect(en).not.toContain('text-amber-700')
    const zh = await renderRoute(() => <OrderLinesTable lines={[held]} status="submitted" backordersCancelledAt={null} currency="CNY" locale="zh-CN" />, null, 'zh-CN')
    expect(cell(zh, 'line-on-approval')).toBe('审批通过后预留')
  })
})

// Listed one after another ("缺货待补：AS-4003 × 3 套、PK-3001 × 120 件"), a line broke between 120 and its unit.
describe("a line's quantity named in a list", () => {
  it('reads as the language writes it and breaks nowhere inside', () => {
    expect(skuQuantity('PK-3001', '120.000', 'pcs', 'zh-CN')).toBe('PK-3001\u00a0×\u00a0120\u00a0件')
    expect(skuQuantity('MT-2004', '1250.5', 'kg', 'en')).toBe('MT-2004\u00a0×\u00a01,250.5\u00a0kg')
    for (const text of [skuQuantity('AS-4003', '3', 'set', 'zh-CN'), skuQuantity('AS-4003', '1', 'set', 'en')]) expect(text).not.toMatch(/[ \t]/)
  })
})
