// What a supplier reads names each thing with one word: the console's preview of the supplier's screen,
// the bid room, the home page and the supplier's API keys page. The preview said 本方 where the room says
// 我方, and the keys page 贵方 where every other supplier page says 贵公司.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const zh = (ns: string) => JSON.parse(readFileSync(path.resolve(`app/i18n/locales/zh-CN/${ns}.json`), 'utf8'))
const strings = (o: unknown): string[] => (typeof o === 'string' ? [o] : Object.values(o as object).flatMap(strings))

describe('the Chinese a supplier reads', () => {
  const auction = zh('auction')
  const apikeys = zh('apikeys')

  it('calls the supplier 我方 / 贵公司 throughout, never 本方 or 贵方', () => {
    // The bare word: the ladder puts it in parentheses for the locale (inParens), as the people lists do their reader's mark.
    expect(auction.portal.standing.you).toBe(auction.console.preview.you)
    for (const text of [...strings(auction), ...strings(zh('portal')), apikeys.intro.supplier, apikeys.intro.dealer]) {
      expect(text).not.toMatch(/本方|贵方/)
    }
    expect(apikeys.intro.supplier).toContain('贵公司')
  })

  it('names the preview’s figures as the room does', () => {
    expect(auction.console.preview.ladder).toBe(auction.portal.standing.ladder)
    expect(auction.portal.bid.maxAcceptable).toContain(auction.console.preview.maxAcceptable)
    // The refusal's line names the highest amount as the panel's top does.
    expect(auction.portal.bid.highestNow).toBe(`${auction.portal.bid.maxAcceptable}{{amount}}`)
    // The visibility the preview names (可见范围为“仅自己的排名”) as its own rows do.
    expect(auction.visibility.rank).toContain(auction.console.preview.rankRow)
    expect(auction.home.finalRank).toBe(auction.portal.result.finalRank)
  })

  it('says 报价 for a bid, never 出价', () => {
    for (const text of strings(auction)) expect(text).not.toContain('出价')
  })

  it('tells a supplier a scheduled auction has not started; the buyer keeps 已排期', () => {
    expect(auction.portal.status.scheduled).toBe('未开始')
    expect(auction.status.scheduled).toBe('已排期')
  })
})
