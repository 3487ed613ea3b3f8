// The live monitor's markup for screen readers and low vision (WCAG 4.1.3, 1.4.3, 1.1.1): the
// connection line is the only live text besides the news region and carries no event number;
// "offline" reads at 4.5:1 or more; the price chart has a summary and a table of its points.
import { describe, expect, it } from 'vitest'
import { buyerProjection } from '~/domain/auction/auction-projection.rules'
import { DialogReply } from '~/ui/auction/action-dialog'
import { LiveMonitor, SurrogateAmountField } from '~/ui/auction/live-monitor'
import { axisAmount, PriceChart } from '~/ui/auction/price-chart'
import { classContrast } from '../../support/contrast'
import { renderRoute, textsByTestId } from '../../support/render-route'
import { running, settings, t, withBids } from './support'

const A = 'org-alpha'
const B = 'org-beta'
const state = withBids(running(settings({ ceiling: '1000.00', reserve: '900.00' }), [A, B]), [A, '950', 10], [B, '940', 20], [A, '930', 30])
const projection = buyerProjection(state, { auctionId: 'auc-1', seq: 42, serverTime: t(100), orgNames: { [A]: 'Bright Electronics', [B]: 'Precision Parts' } })
const monitor = (locale: 'en' | 'zh-CN') =>
  renderRoute(() => <LiveMonitor initial={projection} rejected={[]} locale={locale} timeZone="UTC" onSeq={() => {}} clientBidId="c-1" />, null, locale)

/** The opening tag of each element with data-testid="id". */
const tags = (html: string, id: string) => [...html.matchAll(new RegExp(`<\\w+[^>]*data-testid="${id}"[^>]*>`, 'g'))].map((m) => m[0])
const classOf = (tag: string) => /class="([^"]*)"/.exec(tag)![1]

describe('the live monitor', () => {
  it('keeps the event number out of the connection line, and has one polite news region', async () => {
    const html = await monitor('zh-CN')
    const [conn] = tags(html, 'monitor-connection')
    expect(conn).toContain('role="status"')
    expect(textsByTestId(html, 'monitor-connection')).toEqual(['正在连接…'])
    expect(textsByTestId(html, 'monitor-seq')).toEqual(['事件 #42'])
    // Only two live regions: the connection and the news; the event number sits in neither.
    const live = [...html.matchAll(/<(\w+)[^>]*role="status"[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => m[2])
    expect(live).toHaveLength(2)
    expect(live.join(' ')).not.toContain('#42')
    const [news] = tags(html, 'monitor-announcement')
    expect(news).toContain('role="status"')
    expect(news).toContain('aria-label="竞价动态"')
  })

  it('shows "offline" at 4.5:1 or more', async () => {
    const html = await monitor('zh-CN')
    const offline = tags(html, 'participant-connection')
    expect(offline.length).toBe(2)
    for (const tag of offline) expect(classContrast(classOf(tag))).toBeGreaterThanOrEqual(4.5)
    expect(html.match(/离线/g)).toHaveLength(2)
  })
})

describe("the monitor's tables and row actions (WCAG 1.3.1, 2.4.6)", () => {
  it('names every column header, the action column too, in both languages', async () => {
    for (const [locale, actions] of [['en', 'Actions'], ['zh-CN', '操作']] as const) {
      const html = await monitor(locale)
      const participants = /data-testid="live-participants"[\s\S]*?<\/thead>/.exec(html)![0]
      expect(participants).not.toMatch(/<th[^>]*><\/th>|<th[^>]*\/>/)
      expect(participants).toMatch(new RegExp(`<th[^>]*><span class="sr-only">${actions}</span></th>`))
    }
  })

  it('says which supplier and bid each Void and surrogate button acts on, beginning with its visible text', async () => {
    const en = await monitor('en')
    expect(tags(en, 'void-1-open')[0]).toContain('aria-label="Void Bright Electronics’s bid of CN¥930.00"')
    expect(tags(en, 'void-2-open')[0]).toContain('aria-label="Void Precision Parts’s bid of CN¥940.00"')
    expect(tags(en, 'surrogate-org-alph-open')[0]).toContain('aria-label="Bid for them: Bright Electronics"')
    expect(textsByTestId(en, 'surrogate-org-beta-open')).toEqual(['Bid for them'])
    const zh = await monitor('zh-CN')
    expect(tags(zh, 'void-1-open')[0]).toContain('aria-label="作废 Bright Electronics 的报价 ¥930.00"')
    expect(tags(zh, 'surrogate-org-beta-open')[0]).toContain('aria-label="代为报价：Precision Parts"')
  })
})

describe("the surrogate bid's amount (WCAG 3.3.1)", () => {
  const field = (reply: Parameters<typeof DialogReply>[0]['reply']) =>
    renderRoute(
      () => (
        <DialogReply testId="surrogate-x" reply={reply}>
          <SurrogateAmountField orgId={A} currency="CNY" />
        </DialogReply>
      ),
      null,
      'en',
    )
  const describedBy = (html: string) => /aria-describedby="([^"]*)"/.exec(tags(html, 'surrogate-amount')[0])?.[1].split(' ') ?? []
  const textOf = (html: string, id: string) => new RegExp(`<p id="${id}">([^<]*)</p>`).exec(html)?.[1]

  it("is invalid and described by the refusal while one shows, as the extend dialog's end is", async () => {
    const refused = await field({ bidError: { messageKey: 'auction:live.invalidAmount', messageParams: {} } })
    expect(tags(refused, 'surrogate-amount')[0]).toContain('aria-invalid="true"')
    const [id] = describedBy(refused)
    expect(textOf(refused, id)).toMatch(/^The amount must be a decimal string/)

    const malformed = await field({ submission: { error: { amount: ['errors:required'] } } })
    expect(tags(malformed, 'surrogate-amount')[0]).toContain('aria-invalid="true"')
    expect(describedBy(malformed)).toEqual(['surrogate-x-error-amount'])
    expect(textOf(malformed, 'surrogate-x-error-amount')).toBeTruthy()
  })

  it('is neither while none does', async () => {
    const fine = await field(null)
    expect(tags(fine, 'surrogate-amount')[0]).not.toContain('aria-invalid')
    expect(tags(fine, 'surrogate-amount')[0]).not.toContain('aria-describedby')
  })
})

describe('the savings against the last purchase price', () => {
  const withLast = (last: string | null) => buyerProjection(withBids(running(settings({ ceiling: '1000.00', lastPurchasePrice: last }), [A, B]), [A, '950', 10], [B, '940', 20]), { auctionId: 'auc-2', seq: 7, serverTime: t(100) })
  const render = (last: string | null, locale: 'en' | 'zh-CN') =>
    renderRoute(() => <LiveMonitor initial={withLast(last)} rejected={[]} locale={locale} timeZone="UTC" onSeq={() => {}} clientBidId="c-2" />, null, locale)

  it('stand beside the savings against the ceiling, and a best bid above it reads as such once, without a minus, in both languages', async () => {
    const below = await render('1000.00', 'en')
    expect(textsByTestId(below, 'live-savings-last-purchase-label')).toEqual(['Savings vs last purchase price'])
    expect(textsByTestId(below, 'live-savings-last-purchase')).toEqual(['CN¥60.00 (6%)'])
    const en = await render('900.00', 'en')
    expect(textsByTestId(en, 'live-savings-last-purchase-label')).toEqual(['Above the last purchase price'])
    expect(textsByTestId(en, 'live-savings-last-purchase')).toEqual(['CN¥40.00 (+4.44%)'])
    const zh = await render('900.00', 'zh-CN')
    expect(textsByTestId(zh, 'live-savings-last-purchase-label')).toEqual(['高于上次采购价'])
    expect(textsByTestId(zh, 'live-savings-last-purchase')).toEqual(['¥40.00（+4.44%）'])
    expect(zh).not.toContain('较上次采购价节省')
  })

  it('keep the amount and its share each on one line (a narrow tile broke them mid-figure)', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const html = await render('900.00', locale)
      for (const id of ['live-savings', 'live-savings-last-purchase']) {
        const inner = new RegExp(`data-testid="${id}"[^>]*>([\\s\\S]*?)</span></span>`).exec(html)![1]
        expect(inner.match(/<span class="whitespace-nowrap">/g), `${locale} ${id}`).toHaveLength(2)
      }
    }
  })

  it('are not shown without a last purchase price', async () => {
    expect(textsByTestId(await render(null, 'en'), 'live-savings-last-purchase')).toEqual([])
  })
})

describe('the price chart', () => {
  it('says what it shows in a sentence and a table of its points, in both languages', async () => {
    const en = await renderRoute(() => <PriceChart bids={projection.bids} ceiling="1000.00" reserve="900.00" currency="CNY" locale="en" timeZone="UTC" />, null, 'en')
    expect(textsByTestId(en, 'price-chart-summary')).toEqual(['3 bids: the best price went from CN¥950.00 to CN¥930.00 (-2.11% against the first bid); ceiling CN¥1,000.00. Reserve CN¥900.00.'])
    expect(en).toMatch(/<table class="sr-only"[^>]*><caption>Price over time<\/caption>/)
    expect(textsByTestId(en, 'price-chart-point')).toEqual(['00:00:10CN¥950.00CN¥950.00', '00:00:20CN¥940.00CN¥940.00', '00:00:30CN¥930.00CN¥930.00'])
    const zh = await renderRoute(() => <PriceChart bids={projection.bids} ceiling="1000.00" currency="CNY" locale="zh-CN" timeZone="UTC" />, null, 'zh-CN')
    expect(textsByTestId(zh, 'price-chart-summary')).toEqual(['共 3 次报价：最优价从 ¥950.00 变为 ¥930.00（较首次报价 -2.11%），最高限价 ¥1,000.00。'])
    // The drawing's box is hidden: recharts' svg (drawn in the browser) is no unnamed tab stop.
    expect(zh).toMatch(/<div class="h-60 w-full" aria-hidden="true">/)
  })
})

describe('the price chart’s axis', () => {
  it('ticks in the auction’s currency, grouped, in the reader’s locale', () => {
    expect(axisAmount(234000, 'CNY', 'zh-CN')).toBe('¥234,000')
    expect(axisAmount(238500, 'CNY', 'en')).toBe('CN¥238,500')
    expect(axisAmount(1250.5, 'USD', 'en')).toBe('$1,251')
  })
})
