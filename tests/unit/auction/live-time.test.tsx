// The live monitor's ladder and feed give a bid's time of day to the second on the auction's own day
// (in the reader's zone) and the date only for a bid on another day; the results keep the full date.
import { describe, expect, it } from 'vitest'
import { buyerProjection } from '~/domain/auction/auction-projection.rules'
import { LiveMonitor } from '~/ui/auction/live-monitor'
import { RankingTable } from '~/ui/auction/ranking-table'
import { renderRoute, textsByTestId } from '../../support/render-route'
import { HOUR, running, settings, t, withBids } from './support'

const A = 'org-alpha'
const B = 'org-beta'
// Three hours long; in Etc/GMT+1 (UTC−1) it starts at 23:00 on 31 December, so B's bid lands on 1 January.
const state = withBids(running(settings({ ceiling: '1500000.00', endsAt: t(3 * HOUR), softClose: { hardStopAt: t(4 * HOUR) } }), [A, B]), [A, '1250000', 10], [B, '1240000', 2 * HOUR + 20])
const view = buyerProjection(state, { auctionId: 'auc-1', seq: 7, serverTime: t(2 * HOUR + 30), orgNames: { [A]: 'Bright Electronics', [B]: 'Precision Parts' } })
const cells = (html: string, testId: string) => [...html.matchAll(new RegExp(`<tr[^>]*data-testid="${testId}"[\\s\\S]*?</tr>`, 'g'))].map((m) => [...m[0].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').replace(/<!-- -->/g, '')))

describe('bid times in the live monitor', () => {
  it('the ladder and the feed: the time of day on the auction’s day, the date too only on another day', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const html = await renderRoute(() => <LiveMonitor initial={view} rejected={[]} locale={locale} timeZone="Etc/GMT+1" onSeq={() => {}} clientBidId="c-1" />, null, locale)
      const ladder = cells(html, 'buyer-ladder-row').map((row) => row[3])
      // Rank 1 is B (the next day), rank 2 A (the auction's day).
      expect(ladder[1]).toBe('23:00:10')
      expect(ladder[0]).toMatch(/2026.*01:00:20|01:00:20.*2026/)
      const feed = [...html.matchAll(/data-testid="bid-feed-row"[^>]*>\s*<span[^>]*>([^<]*)<\/span>/g)].map((m) => m[1])
      expect(feed).toHaveLength(2)
      expect(feed[1]).toBe('23:00:10')
      expect(feed[0]).toMatch(/2026/)
    }
  })

  it('the results’ ranking (no time given) keeps the full date', async () => {
    const html = await renderRoute(
      () => <RankingTable rows={view.ladder} money={(a) => a} locale="en" timeZone="Etc/GMT+1" rowTestId="r" supplierName={(r) => r.orgName} surrogateClassName="" last={{ className: '', cell: () => null }} />,
      null,
      'en',
    )
    expect(cells(html, 'r').map((row) => row[3])).toEqual(['1 Jan 2026, 01:00:20', '31 Dec 2025, 23:00:10'])
  })
})
