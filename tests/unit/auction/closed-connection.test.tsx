// Once the bidding is over, the connection indicators no longer say "Live": the supplier's room and
// the buyer's monitor (until its page reloads into the results) say the bidding is closed, in both languages.
import { describe, expect, it } from 'vitest'
import { buyerProjection } from '~/domain/auction/auction-projection.rules'
import { transition } from '~/domain/auction/auction.rules'
import { LiveMonitor } from '~/ui/auction/live-monitor'
import { ConnectionIndicator } from '../../../portal-supplier/components/auction/notices'
import { renderRoute, textsByTestId } from '../../support/render-route'
import { HOUR, running, settings, t, withBids } from './support'

const A = 'org-alpha'
const B = 'org-beta'
const bidding = withBids(running(settings(), [A, B]), [A, '950', 10], [B, '940', 20])
const closedResult = transition(bidding, { type: 'close' }, t(HOUR))
if (!closedResult.ok) throw new Error(closedResult.code)
const closed = closedResult.state
// The indicator alone is rendered: its text, tags stripped (its dot is a span inside the span).
const plain = (html: string) => html.replace(/<[^>]+>/g, '').trim()
const names = { [A]: 'Bright Electronics', [B]: 'Precision Parts' }

describe('the connection indicator after the close', () => {
  it("the supplier's room says the bidding is closed, connected or not", async () => {
    for (const [locale, text] of [['en', 'Bidding closed'], ['zh-CN', '竞价已结束']] as const) {
      for (const connected of [true, false]) {
        const html = await renderRoute(() => <ConnectionIndicator connected={connected} finished />, null, locale)
        expect(plain(html)).toBe(text)
        expect(html).toContain('data-state="closed"')
      }
    }
    const live = await renderRoute(() => <ConnectionIndicator connected />, null, 'en')
    expect(plain(live)).toBe('Live')
  })

  it("the buyer's monitor line says the bidding is closed, not the feed's state", async () => {
    for (const [locale, text] of [['en', 'Bidding closed'], ['zh-CN', '竞价已结束']] as const) {
      const view = buyerProjection(closed, { auctionId: 'auc-1', seq: 12, serverTime: t(HOUR + 5), orgNames: names })
      const html = await renderRoute(() => <LiveMonitor initial={view} rejected={[]} locale={locale} timeZone="UTC" onSeq={() => {}} clientBidId="c-1" />, null, locale)
      expect(textsByTestId(html, 'monitor-connection')).toEqual([text])
    }
    const open = buyerProjection(bidding, { auctionId: 'auc-1', seq: 12, serverTime: t(100), orgNames: names })
    const html = await renderRoute(() => <LiveMonitor initial={open} rejected={[]} locale="en" timeZone="UTC" onSeq={() => {}} clientBidId="c-1" />, null, 'en')
    expect(textsByTestId(html, 'monitor-connection')).toEqual(['Connecting…'])
  })
})
