// What a supplier reads once the buyer paused or cancelled, and after a close it took no part in:
// the pause notice and the result carry the buyer's reason (and when it cancelled); a cancelled
// auction shows no final rank or best price, which read as a win; a supplier without a bid reads
// "You did not bid", not "Award pending".
import { describe, expect, it } from 'vitest'
import { supplierProjection, type StatusNote } from '~/domain/auction/auction-projection.rules'
import { transition, type AuctionState } from '~/domain/auction/auction.rules'
import { LiveNotices } from '../../../portal-supplier/components/auction/notices'
import { FinalResult, MyBids, resultOutcome } from '../../../portal-supplier/components/auction/standing'
import { renderRoute, textsByTestId } from '../../support/render-route'
import { running, settings, t, withBids } from './support'

const A = 'org-alpha'
const B = 'org-beta'
const bidding = withBids(running(settings(), [A, B]), [A, '950', 10])
const step = (s: AuctionState, type: 'pause' | 'cancel' | 'close', at: number) => {
  const r = transition(s, { type }, t(at))
  if (!r.ok) throw new Error(r.code)
  return r.state
}
const view = (s: AuctionState, orgId: string, statusNote: StatusNote | null = null) => supplierProjection(s, orgId, { auctionId: 'auc-1', seq: 9, serverTime: t(100), statusNote })
const note = { reason: 'The requirement was withdrawn', at: '2026-01-01T00:01:40.000Z' }

describe('the supplier\'s own bids', () => {
  it('give the time of day while the auction runs, and the date with it once it ended (read days later)', async () => {
    const cell = async (s: AuctionState) => textsByTestId(await renderRoute(() => <MyBids view={view(s, A)} locale="en" timeZone="Asia/Shanghai" />, null, 'en'), 'my-bid-row')[0]
    const bidAt = view(bidding, A).myBids[0].at
    const clock = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(bidAt))
    expect(await cell(bidding)).toMatch(new RegExp(`^${clock}`))
    expect(await cell(step(bidding, 'close', 3600))).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}:\d{2}/)
  })
})

describe('the supplier\'s result', () => {
  it('after a cancellation: the buyer\'s reason and the time in the reader\'s zone, the last bid, and no final rank or best price', async () => {
    const v = view(step(bidding, 'cancel', 100), A, note)
    expect(v.statusNote).toEqual(note)
    const en = await renderRoute(() => <FinalResult view={v} locale="en" timeZone="Asia/Shanghai" />, null, 'en')
    expect(textsByTestId(en, 'result-outcome')).toEqual(['The buyer cancelled this auction.'])
    expect(textsByTestId(en, 'result-reason')).toEqual(['The buyer’s reason: The requirement was withdrawn'])
    expect(textsByTestId(en, 'result-cancelled-at')).toEqual(['Cancelled on 1 Jan 2026, 08:01:40.'])
    expect(en).toContain('Your last bid')
    expect(textsByTestId(en, 'my-rank')).toEqual([])
    expect(textsByTestId(en, 'best-price')).toEqual([])
    const zh = await renderRoute(() => <FinalResult view={v} locale="zh-CN" timeZone="Asia/Shanghai" />, null, 'zh-CN')
    expect(textsByTestId(zh, 'result-reason')).toEqual(['采购方说明的原因：The requirement was withdrawn'])
    expect(textsByTestId(zh, 'result-cancelled-at')[0]).toMatch(/^取消时间：2026\/01\/01 08:01:40。$/)
  })

  it('after a close: the final rank as before; without a bid, "You did not bid" instead of "Award pending"', async () => {
    const closed = step(bidding, 'close', 3600)
    const mine = await renderRoute(() => <FinalResult view={view(closed, A)} locale="en" timeZone="UTC" />, null, 'en')
    expect(textsByTestId(mine, 'result-outcome')).toEqual(['The auction has closed; the buyer has not decided the award yet.'])
    expect(textsByTestId(mine, 'my-rank')).toEqual(['1'])
    expect(textsByTestId(mine, 'result-reason')).toEqual([])
    const none = view(closed, B)
    expect(resultOutcome(none, false)).toBe('didNotBid')
    expect(textsByTestId(await renderRoute(() => <FinalResult view={none} locale="en" timeZone="UTC" />, null, 'en'), 'result-outcome')).toEqual(['You did not bid in this auction.'])
    expect(textsByTestId(await renderRoute(() => <FinalResult view={none} locale="zh-CN" timeZone="UTC" />, null, 'zh-CN'), 'result-outcome')).toEqual(['您未在本场竞价中报价。'])
  })

  it('tells each ending apart', () => {
    const base = { won: null, myBid: '950.00' }
    expect(resultOutcome({ ...base, status: 'cancelled' }, true)).toBe('cancelled')
    expect(resultOutcome({ ...base, status: 'unsuccessful', myBid: null }, false)).toBe('unsuccessful')
    expect(resultOutcome({ ...base, status: 'closed' }, true)).toBe('awaitingAward')
    expect(resultOutcome({ ...base, status: 'closed', myBid: null }, true)).toBe('allVoided')
    expect(resultOutcome({ ...base, status: 'awarded', won: false, myBid: null }, false)).toBe('didNotBid')
    expect(resultOutcome({ ...base, status: 'awarded', won: false }, true)).toBe('lost')
    expect(resultOutcome({ ...base, status: 'awarded', won: true }, true)).toBe('won')
  })
})

describe('the pause notice', () => {
  it('gives the buyer\'s reason, in both languages; a note is never kept once the status moved on', async () => {
    const paused = view(step(bidding, 'pause', 100), A, { reason: 'Line 2 is being corrected', at: t(100) })
    const en = await renderRoute(() => <LiveNotices view={paused} locale="en" timeZone="UTC" />, null, 'en')
    expect(textsByTestId(en, 'pause-reason')).toEqual(['Reason: Line 2 is being corrected'])
    const zh = await renderRoute(() => <LiveNotices view={paused} locale="zh-CN" timeZone="UTC" />, null, 'zh-CN')
    expect(textsByTestId(zh, 'pause-reason')).toEqual(['原因：Line 2 is being corrected'])
    // Running (or closed) again: the projection drops a note handed to it.
    expect(view(bidding, A, { reason: 'stale', at: t(100) }).statusNote).toBeNull()
  })
})
