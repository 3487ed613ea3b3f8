// What the buyer's monitor says aloud: a new best price with its supplier, an extension with the new
// end, a pause, a resume or the close, in either language; and under a burst of bids one sentence
// every few seconds with the latest best and how many bids came, never one per bid.
import { createInstance } from 'i18next'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { buyerProjection } from '~/domain/auction/auction-projection.rules'
import { transition, voidBid, type AuctionState } from '~/domain/auction/auction.rules'
import { i18nOptions } from '~/i18n/i18n'
import { ANNOUNCE_INTERVAL_MS, addNews, Coalescer, NO_NEWS, newsText, nextConnectionPhase, type ConnectionPhase, type MonitorNews } from '~/ui/auction/monitor-announcements'
import { running, settings, t, withBids } from './support'

const A = 'org-alpha'
const B = 'org-beta'
const orgNames = { [A]: 'Bright Electronics', [B]: 'Precision Parts' }
let seq = 0
const view = (s: AuctionState) => ({ ...buyerProjection(s, { auctionId: 'auc-1', seq: ++seq, serverTime: t(100), orgNames }), connectedOrgIds: [] })
const name = (orgId: string) => orgId
const base = running(settings({ ceiling: '1000.00' }), [A, B])
const ok = <T extends { ok: boolean }>(r: T) => {
  if (!r.ok) throw new Error(JSON.stringify(r))
  return r as Extract<T, { ok: true }>
}

async function texts(lng: 'en' | 'zh-CN') {
  const i18n = createInstance()
  await i18n.init({ ...i18nOptions, lng })
  const tr = i18n.getFixedT(lng, 'auction')
  return (n: MonitorNews) => newsText(n, (k, o) => tr(k, o), (a) => `¥${a}`, (iso) => iso.slice(11, 19))
}

describe('the news the monitor announces', () => {
  it('names the new best price and its supplier, in English and in Chinese', async () => {
    const before = view(base)
    const after = view(withBids(base, [A, '950', 10]))
    const news = addNews(NO_NEWS, before, after, name)
    expect(news).toEqual({ bids: 1, best: { amount: '950.00', supplier: 'Bright Electronics' }, extended: null, moved: null, status: null })
    expect((await texts('en'))(news)).toBe('New best price ¥950.00 from Bright Electronics.')
    expect((await texts('zh-CN'))(news)).toBe('新最优价 ¥950.00，来自 Bright Electronics。')
  })

  it('says nothing for a bid that does not move the best price', () => {
    const free = running(settings({ ceiling: '1000.00', mustBeatBest: false }), [A, B])
    const s = withBids(free, [A, '900', 10])
    const news = addNews(NO_NEWS, view(s), view(withBids(s, [B, '950', 20])), name)
    expect(news.best).toBeNull()
    expect(news.bids).toBe(1)
  })

  it('counts the bids of a burst and keeps only the latest best', async () => {
    const s1 = withBids(base, [A, '950', 10])
    const s2 = withBids(s1, [B, '940', 11])
    const s3 = withBids(s2, [A, '930', 12])
    let news = addNews(NO_NEWS, view(base), view(s1), name)
    news = addNews(news, view(s1), view(s2), name)
    news = addNews(news, view(s2), view(s3), name)
    expect(news.bids).toBe(3)
    expect(news.best).toEqual({ amount: '930.00', supplier: 'Bright Electronics' })
    expect((await texts('en'))(news)).toBe('3 new bids; best price now ¥930.00 from Bright Electronics.')
    expect((await texts('zh-CN'))(news)).toBe('新到 3 条报价，当前最优价 ¥930.00，来自 Bright Electronics。')
  })

  it('announces an extension with the new end, and a void that raises the best price', async () => {
    const late = running(settings({ ceiling: '1000.00', softClose: { windowSeconds: 3600, extensionSeconds: 3600 } }), [A, B])
    const ext = withBids(late, [A, '950', 10])
    const news = addNews(NO_NEWS, view(late), view(ext), name)
    expect(news.extended).toEqual({ endsAt: ext.currentEndsAt, count: 1 })
    expect((await texts('en'))(news)).toBe(`Extended (extension 1): now ends at ${ext.currentEndsAt.slice(11, 19)}. New best price ¥950.00 from Bright Electronics.`)

    const s = withBids(base, [A, '950', 10], [B, '940', 20])
    const voided = addNews(NO_NEWS, view(s), view(ok(voidBid(s, s.bids[1].id)).state), name)
    expect(voided.best).toEqual({ amount: '950.00', supplier: 'Bright Electronics' })
    expect(voided.bids).toBe(0)
  })

  it('announces a pause, a resume with the end, and the close', async () => {
    const paused = ok(transition(base, { type: 'pause' }, t(100))).state
    const resumed = ok(transition(paused, { type: 'resume' }, t(141))).state
    const en = await texts('en')
    const zh = await texts('zh-CN')
    expect(en(addNews(NO_NEWS, view(base), view(paused), name))).toBe('Bidding is paused.')
    expect(zh(addNews(NO_NEWS, view(base), view(paused), name))).toBe('竞价已暂停。')
    expect(en(addNews(NO_NEWS, view(paused), view(resumed), name))).toBe(`Bidding has resumed; it ends at ${resumed.currentEndsAt.slice(11, 19)}.`)
    // The buyer moving the end is said with the new end, after the resume it may follow.
    const moved = { ...resumed, currentEndsAt: t(9000) }
    expect(en(addNews(NO_NEWS, view(resumed), view(moved), name))).toBe(`The buyer moved the end: the auction now ends at ${t(9000).slice(11, 19)}.`)
    expect(zh(addNews(addNews(NO_NEWS, view(paused), view(resumed), name), view(resumed), view(moved), name))).toBe(
      `竞价已恢复。结束时间已调整，现在结束于 ${t(9000).slice(11, 19)}。`,
    )
    // Only the latest end is said: a move, then an extension by a late bid, in one announcement.
    const extendedAfter = { ...moved, currentEndsAt: t(9300), extensions: moved.extensions + 1 }
    const both = addNews(addNews(addNews(NO_NEWS, view(paused), view(resumed), name), view(resumed), view(moved), name), view(moved), view(extendedAfter), name)
    expect(en(both)).toBe(`Bidding has resumed. Extended (extension 1): now ends at ${t(9300).slice(11, 19)}.`)
    const closed = { ...base, status: 'closed' as const }
    expect(en(addNews(NO_NEWS, view(base), view(closed), name))).toBe('The auction has closed.')
    expect(zh(addNews(NO_NEWS, view(base), view(closed), name))).toBe('竞价已结束。')
  })
})

describe('the rate limit', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  const best = (amount: string, bids = 1): MonitorNews => ({ ...NO_NEWS, bids, best: { amount, supplier: 'S' } })
  const add = (n: MonitorNews) => (p: MonitorNews) => ({ ...n, bids: p.bids + n.bids })

  it('speaks the first news at once, then at most once per interval with all that came meanwhile', () => {
    const spoken: MonitorNews[] = []
    const c = new Coalescer((n) => spoken.push(n))
    c.update(add(best('950')))
    expect(spoken).toEqual([best('950')])
    // Twenty bids within two seconds: nothing more is said until the interval is over...
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(100)
      c.update(add(best(String(940 - i))))
    }
    expect(spoken).toHaveLength(1)
    // ...then one sentence with the latest best and the count.
    vi.advanceTimersByTime(ANNOUNCE_INTERVAL_MS)
    expect(spoken).toHaveLength(2)
    expect(spoken[1]).toEqual(best('921', 20))
    // A quiet spell, then news is spoken at once again.
    vi.advanceTimersByTime(ANNOUNCE_INTERVAL_MS * 2)
    c.update(add(best('900')))
    expect(spoken).toHaveLength(3)
    c.dispose()
  })

  it('keeps counting bids that moved nothing, and says them with the next news', () => {
    const spoken: MonitorNews[] = []
    const c = new Coalescer((n) => spoken.push(n))
    c.update((p) => ({ ...p, bids: p.bids + 2 }))
    expect(spoken).toHaveLength(0)
    c.update(add(best('900')))
    expect(spoken).toEqual([best('900', 3)])
    c.dispose()
  })
})

describe('the connection line', () => {
  it('says connecting, then live; lost when the socket drops; restored when it is back', () => {
    const phases = [false, true, true, false, false, true, false, true].reduce<ConnectionPhase[]>((acc, c) => [...acc, nextConnectionPhase(acc.at(-1) ?? 'connecting', c)], [])
    expect(phases).toEqual(['connecting', 'live', 'live', 'lost', 'lost', 'restored', 'lost', 'restored'])
  })
})
