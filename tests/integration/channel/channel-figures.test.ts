import { describe, expect, it } from 'vitest'
import type { Actor } from '~/auth/roles'
import { submitChannelReport } from '~/domain/channel/submit-channel-report.server'
import * as consoleRoute from '~/routes/console.channel-stock._index'
import * as historyRoute from '../../../portal-customer/routes/channel-stock'
import * as reportRoute from '../../../portal-customer/routes/channel-stock.$id'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { renderRoute, textsByTestId } from '../../support/render-route'
import { routeArgs } from '../catalog/helpers'
import { productIds } from './helpers'

useTestDatabase({ seed: true })

const submit = (actor: Actor, period: string, lines: Array<[string, string, string]>) =>
  submitChannelReport(actor, { kind: 'week', period, lines: lines.map(([productId, onHand, sold]) => ({ productId, onHand, sold })) })

// April and May 2025: long before the demo's weeks, so only these reports are in the ranges below.
describe('weeks of cover', () => {
  it('does not change when the date filter starts before a dealer began reporting, or ends after it stopped', async () => {
    const p = await productIds('EL-1001', 'PK-3001')
    const dave = await actorFor('dave@north.test')
    const erin = await actorFor('erin@east.test')
    await submit(dave, '2025-04-07', [[p['EL-1001'], '100', '10']])
    await submit(dave, '2025-04-14', [[p['EL-1001'], '80', '20']])
    await submit(dave, '2025-04-21', [[p['EL-1001'], '60', '30'], [p['PK-3001'], '12', '4']])
    // Erin's first report comes in the range's last week.
    await submit(erin, '2025-04-21', [[p['EL-1001'], '40', '5']])

    const mgr = await actorFor('sales.manager@acme.test')
    const figures = async (query: string) => {
      const page: any = await consoleRoute.loader(routeArgs(mgr, `/console/channel-stock?size=200&${query}`))
      return Object.fromEntries(page.rows.map((r: any) => [`${r.dealerCode ?? r.region}|${r.sku}`, [r.onHand, r.sold, r.sellThrough, r.weeksOfCover]]))
    }
    const reported = await figures('from=2025-04-07&to=2025-04-21')
    expect(reported).toEqual({
      // 60 sold over the three weeks reported: 20 a week, 60 on hand.
      'DLR-NORTH|EL-1001': ['60', '60', '0.5000', '3.0'],
      // Reported once, in the last week: 4 a week, not 4 over three weeks.
      'DLR-NORTH|PK-3001': ['12', '4', '0.2500', '3.0'],
      'DLR-EAST|EL-1001': ['40', '5', '0.1111', '8.0'],
    })
    // Nine weeks before anyone reported, and four after: the same reports, the same figures (it was 5.0 → 15.0 for North's EL-1001).
    expect(await figures('from=2025-02-03&to=2025-04-21')).toEqual(reported)
    expect(await figures('from=2025-02-03&to=2025-05-19')).toEqual(reported)

    // Per region too: the same over both ranges.
    const byRegion = await figures('group=region&from=2025-04-07&to=2025-04-21')
    expect(byRegion['华北|EL-1001']).toEqual(['60', '60', '0.5000', '3.0'])
    expect(await figures('group=region&from=2025-01-06&to=2025-04-21')).toEqual(byRegion)
  })
})

describe('quantities of different units', () => {
  it('are added up per unit on the dealer’s report and in its history, never into one figure', async () => {
    const p = await productIds('AS-4001', 'EL-1001', 'EL-1002')
    const erin = await actorFor('erin@east.test')
    const report = await submit(erin, '2025-06-04', [[p['AS-4001'], '120', '3'], [p['EL-1001'], '1500', '200'], [p['EL-1002'], '20', '5']])

    const url = `/dealer/channel-stock/${report.id}`
    const page: any = await reportRoute.loader(routeArgs(erin, url, { id: report.id }))
    expect(page.totals).toEqual([
      { unit: 'pcs', onHand: '1520', sold: '205' },
      { unit: 'set', onHand: '120', sold: '3' },
    ])
    const html = await renderRoute(reportRoute.default, page, 'zh-CN', url)
    expect(textsByTestId(html, 'report-total')).toEqual(['合计（件）1,520 件205 件', '合计（套）120 套3 套'])
    expect(html).not.toContain('1,640')

    const history: any = await historyRoute.loader(routeArgs(erin, '/dealer/channel-stock?size=200'))
    const row = history.rows.find((r: any) => r.id === report.id)
    expect(row.totals).toEqual(page.totals)
    const list = await renderRoute(historyRoute.default, history, 'zh-CN', '/dealer/channel-stock')
    expect(list).toMatch(/<span data-testid="history-on-hand">1,520<\/span> <!-- -->件/)
    expect(list).toMatch(/<span data-testid="history-on-hand">120<\/span> <!-- -->套/)
    expect(list).not.toContain('1,640')

    // One unit: one total, as before.
    const single = await submit(erin, '2025-06-11', [[p['EL-1001'], '10', '1'], [p['EL-1002'], '5', '2']])
    const one: any = await reportRoute.loader(routeArgs(erin, `/dealer/channel-stock/${single.id}`, { id: single.id }))
    expect(textsByTestId(await renderRoute(reportRoute.default, one, 'zh-CN', '/'), 'report-total')).toEqual(['合计15 件3 件'])
  })

  it('the console totals and charts them per unit, and gives one figure when one unit is in play', async () => {
    const mgr = await actorFor('sales.manager@acme.test')
    const erin = await actorFor('erin@east.test')
    const query = `from=2025-06-02&to=2025-06-09&dealer=${erin.orgId}`
    const mixed: any = await consoleRoute.loader(routeArgs(mgr, `/console/channel-stock?${query}`))
    expect(mixed.totals).toEqual([
      { unit: 'pcs', onHand: '15', sold: '208' },
      { unit: 'set', onHand: '120', sold: '3' },
    ])
    expect(mixed.series.map((s: any) => [s.unit, s.points.map((pt: any) => [pt.label, pt.onHand, pt.sold])])).toEqual([
      ['pcs', [['2025 年第 23 周', '1520', '205'], ['2025 年第 24 周', '15', '3']]],
      ['set', [['2025 年第 23 周', '120', '3'], ['2025 年第 24 周', '0', '0']]],
    ])
    const html = await renderRoute(consoleRoute.default, mixed, 'zh-CN', `/console/channel-stock?${query}`)
    expect(textsByTestId(html, 'total-on-hand')).toEqual(['15', '120'])
    expect(html).toContain('data-testid="per-unit-note"')
    expect(html.match(/data-testid="channel-chart"/g)).toHaveLength(2)
    expect(html).toContain('各期间库存与销量（件）')
    expect(html).toContain('各期间库存与销量（套）')

    // A search for one product (or a category of one unit): one total, one chart.
    const one: any = await consoleRoute.loader(routeArgs(mgr, `/console/channel-stock?${query}&q=AS-4001`))
    expect(one.totals).toEqual([{ unit: 'set', onHand: '120', sold: '3' }])
    const oneHtml = await renderRoute(consoleRoute.default, one, 'zh-CN', '/console/channel-stock')
    expect(oneHtml).not.toContain('per-unit-note')
    expect(oneHtml.match(/data-testid="channel-chart"/g)).toHaveLength(1)
  })
})
