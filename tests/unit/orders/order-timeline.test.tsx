// The order page's progress steps (WCAG 1.4.1, 1.3.1, 1.4.3): a step done, the current one and one
// not reached yet differ by more than colour (a check mark, an outline, words a screen reader reads,
// aria-current), and the not-reached step's text is readable on its grey.
import { describe, expect, it } from 'vitest'
import { OrderTimeline } from '~/ui/orders/order-view'
import { classContrast } from '../../support/contrast'
import { renderRoute, textsByTestId } from '../../support/render-route'

const timeline = (status: Parameters<typeof OrderTimeline>[0]['status'], locale: 'en' | 'zh-CN') =>
  renderRoute(() => <OrderTimeline status={status} timeline={[]} locale={locale} timeZone="Asia/Shanghai" />, null, locale)

/** Each step's <li> in order: its attributes, its step <span>'s attributes, and its text as read (hidden words included). */
function steps(html: string) {
  const ol = /<ol[^>]*>([\s\S]*?)<\/ol>/.exec(html)![1]
  return [...ol.matchAll(/<li([^>]*)>([\s\S]*?)<\/li>/g)].map(([, li, inner]) => {
    const span = /<span([^>]*data-testid="timeline-step"[^>]*)>/.exec(inner)
    const read = inner
      .replace(/<(\w+)[^>]*aria-hidden="true"[^>]*>[\s\S]*?<\/\1>/g, '')
      .replace(/<!-- -->/g, '')
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim()
    return { li, span: span?.[1] ?? '', read, inner }
  })
}
const attr = (attrs: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(attrs)?.[1] ?? null

describe('the order progress steps', () => {
  it('tell done, current and not reached apart in words and with aria-current, in English', async () => {
    const s = steps(await timeline('reserved', 'en'))
    expect(s.map((x) => x.read)).toEqual([
      'Placed (done)',
      'Approved (done)',
      'Reserved (current step)',
      'Picked (not reached yet)',
      'Shipped (not reached yet)',
      'Delivered (not reached yet)',
    ])
    expect(s.map((x) => attr(x.li, 'aria-current'))).toEqual([null, null, 'step', null, null, null])
  })

  it('does so in Chinese, and the arrows between steps are not read', async () => {
    const html = await timeline('picked', 'zh-CN')
    expect(steps(html).map((x) => x.read)).toEqual(['已下单（已完成）', '已批准（已完成）', '已预留（已完成）', '已拣货（当前步骤）', '已发货（尚未到达）', '已签收（尚未到达）'])
    expect(html).toContain('aria-label="订单进度"')
    expect(html).not.toMatch(/<span(?![^>]*aria-hidden)[^>]*>→<\/span>/)
  })

  it('marks reached steps with a check mark and steps not reached with an outline, not by colour alone', async () => {
    const s = steps(await timeline('approved', 'en'))
    for (const x of s.slice(0, 2)) expect(x.inner).toMatch(/<svg[^>]*aria-hidden="true"/)
    for (const x of s.slice(2)) {
      expect(x.inner).not.toContain('<svg')
      expect(attr(x.span, 'class')).toContain('border-dashed')
    }
  })

  it('has no current step on a cancelled order: the ended badge is the current state', async () => {
    const html = await timeline('cancelled', 'en')
    const s = steps(html)
    expect(s.slice(0, 6).every((x) => attr(x.li, 'aria-current') === null)).toBe(true)
    expect(s[0].read).toBe('Placed (done)')
    expect(s[1].read).toBe('Approved (not reached yet)')
    expect(attr(s[6].li, 'aria-current')).toBe('step')
    expect(s[6].read).toBe('Cancelled')
  })

  it('shows a partially shipped order as shipping, partly: never "Picked" as the current step', async () => {
    const en = steps(await timeline('partially_shipped', 'en'))
    expect(en.map((x) => x.read)).toEqual([
      'Placed (done)',
      'Approved (done)',
      'Reserved (done)',
      'Picked (done)',
      'Partially shipped (current step)',
      'Delivered (not reached yet)',
    ])
    expect(en.map((x) => attr(x.li, 'aria-current'))).toEqual([null, null, null, null, 'step', null])
    expect(steps(await timeline('partially_shipped', 'zh-CN')).map((x) => x.read)).toEqual([
      '已下单（已完成）',
      '已批准（已完成）',
      '已预留（已完成）',
      '已拣货（已完成）',
      '部分发货（当前步骤）',
      '已签收（尚未到达）',
    ])
  })

  it('names as current step the one each open status is at, with every step before it done', async () => {
    const currentOf = async (status: Parameters<typeof OrderTimeline>[0]['status']) => {
      const s = steps(await timeline(status, 'en'))
      const at = s.findIndex((x) => attr(x.li, 'aria-current') === 'step')
      expect(s.slice(0, at).every((x) => x.read.endsWith('(done)')), status).toBe(true)
      expect(s.slice(at + 1).every((x) => x.read.endsWith('(not reached yet)')), status).toBe(true)
      return s[at].read
    }
    expect(await currentOf('submitted')).toBe('Placed (current step)')
    expect(await currentOf('approved')).toBe('Approved (current step)') // waiting for stock: Reserved not reached
    expect(await currentOf('reserved')).toBe('Reserved (current step)')
    expect(await currentOf('picked')).toBe('Picked (current step)')
    expect(await currentOf('partially_shipped')).toBe('Partially shipped (current step)')
    expect(await currentOf('shipped')).toBe('Shipped (current step)')
    expect(await currentOf('delivered')).toBe('Delivered (current step)')
  })

  it('shows an ended order as far as it got, including a step it passed without a record of its own', async () => {
    // Approved by the credit check: the submission and the approval both record "reserved".
    const autoApproved = [
      { at: '2025-03-01T02:00:00.000Z', action: 'sales_order.submitted', status: 'reserved' },
      { at: '2025-03-01T02:00:00.000Z', action: 'sales_order.approved', status: 'reserved' },
      { at: '2025-03-02T02:00:00.000Z', action: 'sales_order.cancelled', status: 'cancelled' },
    ]
    const s = steps(await renderRoute(() => <OrderTimeline status="cancelled" timeline={autoApproved} locale="en" timeZone="Asia/Shanghai" />, null, 'en'))
    expect(s.map((x) => x.read)).toEqual([
      'Placed (done)',
      'Approved (done)',
      'Reserved (done)',
      'Picked (not reached yet)',
      'Shipped (not reached yet)',
      'Delivered (not reached yet)',
      'Cancelled',
    ])
    const rejected = [
      { at: '2025-03-01T02:00:00.000Z', action: 'sales_order.submitted', status: 'submitted' },
      { at: '2025-03-02T02:00:00.000Z', action: 'sales_order.rejected', status: 'rejected' },
    ]
    const r = steps(await renderRoute(() => <OrderTimeline status="rejected" timeline={rejected} locale="zh-CN" timeZone="Asia/Shanghai" />, null, 'zh-CN'))
    expect(r.map((x) => x.read)).toEqual(['已下单（已完成）', '已批准（尚未到达）', '已预留（尚未到达）', '已拣货（尚未到达）', '已发货（尚未到达）', '已签收（尚未到达）', '已驳回'])
  })

  it('can show the steps without the entries (the console lists the audit trail beside it)', async () => {
    const entries = [{ at: '2025-03-01T02:00:00.000Z', action: 'sales_order.submitted', status: 'reserved' }]
    const html = await renderRoute(() => <OrderTimeline status="cancelled" timeline={entries} entries={false} locale="en" timeZone="Asia/Shanghai" />, null, 'en')
    expect(html).not.toContain('data-testid="timeline-entry"')
    expect(steps(html)[2].read).toBe('Reserved (done)')
    const withEntries = await renderRoute(() => <OrderTimeline status="cancelled" timeline={entries} locale="en" timeZone="Asia/Shanghai" />, null, 'en')
    expect(withEntries).toContain('data-testid="timeline-entry"')
  })

  it('reads each entry as an event: the act, then what it left the order in when that is news', async () => {
    const history = [
      { at: '2025-03-01T02:00:00.000Z', action: 'sales_order.submitted', status: 'reserved' },
      { at: '2025-03-02T02:00:00.000Z', action: 'sales_order.shipped', status: 'partially_shipped' },
      { at: '2025-03-03T02:00:00.000Z', action: 'sales_order.payment_recorded', status: 'partially_shipped' },
      { at: '2025-03-04T02:00:00.000Z', action: 'shipment.delivered', status: 'delivered' },
    ]
    const read = async (locale: 'en' | 'zh-CN') =>
      textsByTestId(await renderRoute(() => <OrderTimeline status="delivered" timeline={history} locale={locale} timeZone="Asia/Shanghai" />, null, locale), 'timeline-entry-event')
    // "Order placed · Reserved" glued a status word to the act; a payment repeated the status it found.
    expect(await read('en')).toEqual(['Order placed; stock reserved', 'Shipment sent; order partly shipped', 'Payment recorded', 'Shipment delivered; order delivered'])
    expect(await read('zh-CN')).toEqual(['提交订单，库存已预留', '发货，订单已部分发出', '登记收款', '签收，订单已全部签收'])
  })

  it('reads at 4.5:1 or more in every state (1.4.3)', async () => {
    for (const x of steps(await timeline('approved', 'en')).filter((x) => x.span)) {
      expect(classContrast(attr(x.span, 'class')!), attr(x.span, 'data-state')!).toBeGreaterThanOrEqual(4.5)
    }
  })
})
