// A refused bid names its limit once: the server's message says "at most ¥9,390.00", so the panel
// adds nothing to it; a message without the amount gets the line with it. The one "use this amount"
// button is the panel's own, beside the highest amount at its top.
import { describe, expect, it } from 'vitest'
import { supplierProjection } from '~/domain/auction/auction-projection.rules'
import { BidPanel } from '../../../portal-supplier/components/auction/bid-panel'
import { renderRoute, textsByTestId } from '../../support/render-route'
import { running, settings, t, withBids } from './support'

const A = 'org-alpha'
const B = 'org-beta'
const state = withBids(running(settings({ ceiling: '10000.00' }), [A, B]), [A, '9500', 10], [B, '9400', 20])
const view = supplierProjection(state, A, { auctionId: 'auc-1', seq: 9, serverTime: t(30) })
const panel = (locale: 'en' | 'zh-CN', message: string) =>
  renderRoute(
    () => (
      <BidPanel
        view={view}
        send={async () => ({ ok: true, amount: '0' })}
        clientBidId="c-1"
        locale={locale}
        maxSingleDropPercent="20"
        postedResult={{ ok: false, code: 'MUST_BEAT_BEST', message, maxAcceptable: view.maxAcceptable }}
      />
    ),
    null,
    locale,
  )

describe('a refused bid', () => {
  it('says the highest acceptable amount once, with one button to use it: the one beside that amount at the top', async () => {
    expect(view.maxAcceptable).toBe('9390.00')
    const zh = await panel('zh-CN', '您的报价须比当前最优价至少低一个最小降幅。您目前最高可报 ¥9,390.00。')
    const [box] = textsByTestId(zh, 'bid-error')
    expect(box.split('¥9,390.00')).toHaveLength(2)
    // A second 使用此金额 under the refusal read as a button for another amount.
    expect(zh.split('使用此金额')).toHaveLength(2)
    expect(box).not.toContain('使用此金额')
    expect(textsByTestId(zh, 'fill-max')).toEqual(['使用此金额'])
    expect(textsByTestId(zh, 'max-acceptable')[0]).toContain('¥9,390.00')
  })

  it('carries the highest acceptable amount as data on the refusal itself, with no hidden element for it', async () => {
    const zh = await panel('zh-CN', '请输入金额。')
    expect(/<div[^>]*data-testid="bid-error"[^>]*>/.exec(zh)?.[0]).toContain('data-max-acceptable="9390.00"')
    expect(zh).not.toMatch(/<p[^>]* hidden/)
  })

  it('names the amount on a line of its own when the message does not, without a space after the full-width colon', async () => {
    const zh = await panel('zh-CN', '请输入金额。')
    // In the words of the line at the panel's top (您当前可报的最高金额), not a second phrasing of the same amount.
    expect(textsByTestId(zh, 'bid-error-highest')[0]).toContain('您当前可报的最高金额：¥9,390.00')
    const en = await panel('en', 'Enter an amount.')
    expect(textsByTestId(en, 'bid-error-highest')[0]).toContain('Highest amount you may bid now: CN¥9,390.00')
  })
})
