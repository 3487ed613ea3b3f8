// While the buyer has paused the auction, both sides read the time left as it stood at the pause
// (the end moves by the paused time only on resume): the supplier's room no longer shows "—", and
// neither clock runs down to the current end while nobody may bid.
import { describe, expect, it } from 'vitest'
import { buyerProjection, supplierProjection } from '~/domain/auction/auction-projection.rules'
import { transition, type AuctionState } from '~/domain/auction/auction.rules'
import { LiveMonitor } from '~/ui/auction/live-monitor'
import { Clock } from '../../../portal-supplier/components/auction/room'
import { renderRoute, textsByTestId } from '../../support/render-route'
import { HOUR, running, settings, t, withBids } from './support'

const A = 'org-alpha'
const B = 'org-beta'
const bidding = withBids(running(settings(), [A, B]), [A, '950', 10])
const pause = (s: AuctionState, at: number) => {
  const r = transition(s, { type: 'pause' }, t(at))
  if (!r.ok) throw new Error(r.code)
  return r.state
}
// Paused 20 minutes before the one-hour end; the projection is built (and the page read) long after.
const paused = pause(bidding, HOUR - 1200)
const ctx = { auctionId: 'auc-1', seq: 9, serverTime: t(HOUR + 600), statusNote: { reason: 'Checking a drawing', at: t(HOUR - 1200) } }
const serverNow = () => Date.parse(t(HOUR + 600))

describe('the clock while paused', () => {
  it("the supplier's room shows the time left at the pause, marked paused, in both languages", async () => {
    const view = supplierProjection(paused, A, ctx)
    const en = await renderRoute(() => <Clock view={view} serverNow={serverNow} locale="en" timeZone="UTC" />, null, 'en')
    expect(textsByTestId(en, 'auction-countdown')).toEqual(['20:00'])
    expect(en).toContain('Time left (paused)')
    const zh = await renderRoute(() => <Clock view={view} serverNow={serverNow} locale="zh-CN" timeZone="UTC" />, null, 'zh-CN')
    expect(textsByTestId(zh, 'auction-countdown')).toEqual(['20:00'])
    expect(zh).toContain('剩余时间（已暂停）')
  })

  it("the buyer's monitor shows the same frozen time left, not a clock run down to the end", async () => {
    const view = buyerProjection(paused, { ...ctx, orgNames: { [A]: 'Bright Electronics', [B]: 'Precision Parts' } })
    const html = await renderRoute(() => <LiveMonitor initial={view} rejected={[]} locale="en" timeZone="UTC" onSeq={() => {}} clientBidId="c-1" />, null, 'en')
    expect(textsByTestId(html, 'auction-countdown')).toEqual(['20:00'])
  })

  it('runs down to the end again once running', async () => {
    const view = supplierProjection(bidding, A, { ...ctx, statusNote: null })
    const html = await renderRoute(() => <Clock view={view} serverNow={() => Date.parse(t(HOUR - 90))} locale="en" timeZone="UTC" />, null, 'en')
    expect(textsByTestId(html, 'auction-countdown')).toEqual(['01:30'])
  })
})
