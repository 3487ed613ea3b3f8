// Amounts, times and reasons in the auction's messages read in the reader's language: a rejection
// states its amounts as money in the auction's currency, and the console's log (page and PDF) names
// reasons, shows times in the reader's zone to the second and a voided bid by supplier and amount.
import fs from 'node:fs'
import path from 'node:path'
import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import { bidRejectionMessage, formatRejectionParams } from '~/domain/auction/auction-bid.rules'
import { chainEvents, type AuctionEvent, type AuctionEventBody } from '~/domain/auction/auction-events.rules'
import { largeDropBids, LOG_CSV_DETAIL_COLUMNS, logDetailCsv, logDetailOf, logDetailText, type LogFormat } from '~/domain/auction/auction-log.rules'
import type { AcceptedBid } from '~/domain/auction/auction.rules'
import { formatDateTimeSeconds } from '~/utils/dates'
import { formatMoney } from '~/utils/money'
import { formatList } from '~/utils/intl'

const load = (locale: string) => JSON.parse(fs.readFileSync(path.resolve('app/i18n/locales', locale, 'auction.json'), 'utf8'))
const i18n = i18next.createInstance()
void i18n.init({ resources: { en: { auction: load('en') }, 'zh-CN': { auction: load('zh-CN') } }, lng: 'en', ns: ['auction'], defaultNS: 'auction', interpolation: { escapeValue: false }, initImmediate: false })
const tr = (locale: string) => i18n.getFixedT(locale, 'auction')

describe('a rejection message', () => {
  it('states its amounts as money in the auction currency and the reader language', () => {
    const m = bidRejectionMessage('MUST_BEAT_BEST', '98900.00')
    expect(tr('en')(m.key, formatRejectionParams(m.params, 'CNY', 'en'))).toContain('at most CN¥98,900.00.')
    expect(tr('zh-CN')(m.key, formatRejectionParams(m.params, 'CNY', 'zh-CN'))).toContain('最高可报 ¥98,900.00')
    const c = bidRejectionMessage('CONFIRMATION_REQUIRED', '98900.00', '79120.00')
    const en = tr('en')(c.key, formatRejectionParams(c.params, 'USD', 'en'))
    expect(en).toContain('below $79,120.00')
    expect(en).toContain('at most $98,900.00')
    expect(en).not.toMatch(/\d{5}\.\d\d/)
  })

  it('leaves what is no amount as it is', () => {
    expect(formatRejectionParams({}, 'CNY', 'en')).toEqual({})
    expect(formatRejectionParams({ maxAcceptable: '', other: '12.00' }, 'CNY', 'en')).toEqual({ maxAcceptable: '', other: '12.00' })
  })
})

describe('the console log detail', () => {
  const names: Record<string, string> = { 'org-a': 'Bright Electronics', 'org-b': 'Precision Parts' }
  const bids: AcceptedBid[] = [{ id: '3674f092-aaaa-4bbb-8ccc-000000000001', orgId: 'org-a', amount: '1000.00', at: '2026-11-23T21:50:00.000Z', voided: true, surrogate: false }]
  const bodies: AuctionEventBody[] = [
    { type: 'bid_rejected', payload: { orgId: 'org-b', amount: '99000', confirm: false, surrogate: false, code: 'MUST_BEAT_BEST', maxAcceptable: '98900.00' } },
    { type: 'bid_voided', payload: { bidId: bids[0].id, reason: 'typing error' } },
    { type: 'extended', payload: { bidId: bids[0].id, previousEndsAt: '2026-11-23T21:53:41.030Z', newEndsAt: '2026-11-23T21:53:48.347Z', extensions: 1 } },
    { type: 'bid_accepted', payload: { bidId: bids[0].id, orgId: 'org-a', amount: '70000.00', confirm: true } },
    { type: 'bid_rejected', payload: { orgId: 'org-b', amount: '1e5', confirm: false, surrogate: false, code: 'INVALID_AMOUNT', maxAcceptable: null } },
  ]
  const log: AuctionEvent[] = chainEvents(
    bodies.map((b, i) => ({ ...b, seq: i + 1, at: '2026-11-23T21:53:00.000Z', actor: { kind: 'system' } }) as never),
    () => 'f'.repeat(64),
  )
  // A ceiling of 100,000: the confirmed 70,000 is a first bid 30 % below it, a large drop.
  const large = largeDropBids({ ceiling: '100000.00', maxSingleDropPercent: '20' }, log)
  const lookup = { org: (id: string) => names[id] ?? id, bid: (id: string) => bids.find((b) => b.id === id), largeDrop: (id: string) => large.has(id) }
  const details = log.map((e) => logDetailOf(e, lookup))
  const format = (locale: string, timeZone: string): LogFormat => ({ t: (k, p) => tr(locale)(k, p), money: (a) => formatMoney(a, 'CNY', locale), when: (i) => formatDateTimeSeconds(i, locale, timeZone), list: (items) => formatList(items, locale) })

  it('reads in English: reasons by name, amounts as money, times in the zone to the second, a void by supplier and amount', () => {
    const text = details.map((d) => logDetailText(d, format('en', 'Asia/Shanghai')))
    expect(text[0]).toBe('Precision Parts: CN¥99,000.00 — Does not beat the best bid (highest acceptable then: CN¥98,900.00)')
    expect(text[1]).toBe('Bright Electronics’s bid of CN¥1,000.00 · reason: typing error')
    expect(text[2]).toBe('End moved from 24 Nov 2026, 05:53:41 to 24 Nov 2026, 05:53:48 (extension 1)')
    expect(text[3]).toBe('Bright Electronics: CN¥70,000.00 (large drop, confirmed)')
    expect(text[4]).toBe('Precision Parts: “1e5” — Invalid amount')
    for (const s of text) {
      expect(s).not.toMatch(/[A-Z]{4,}_[A-Z]+/) // no reason code
      expect(s).not.toMatch(/\d{4}-\d\d-\d\dT/) // no ISO instant
    }
  })

  it('reads in Chinese, in the reader’s own zone', () => {
    const text = details.map((d) => logDetailText(d, format('zh-CN', 'Europe/Berlin')))
    expect(text[0]).toBe('Precision Parts：¥99,000.00 — 未低于最优价（当时可接受的最高金额：¥98,900.00）')
    expect(text[2]).toBe('结束时间由 2026/11/23 22:53:41 延至 2026/11/23 22:53:48（第 1 次延时）')
  })

  it('keeps the CSV machine-readable, one named column per fact', () => {
    const row = (i: number) => Object.fromEntries(LOG_CSV_DETAIL_COLUMNS.map((c, j) => [c, logDetailCsv(details[i])[j]]))
    expect(row(0)).toMatchObject({ supplier: 'Precision Parts', amount: '99000', reject_code: 'MUST_BEAT_BEST', max_acceptable: '98900.00', large_drop_confirmed: 'no' })
    expect(row(1)).toMatchObject({ supplier: 'Bright Electronics', amount: '1000.00', bid_id: bids[0].id, reason: 'typing error' })
    expect(row(2)).toMatchObject({ previous_ends_at_utc: '2026-11-23T21:53:41.030Z', new_ends_at_utc: '2026-11-23T21:53:48.347Z', extension_no: '1' })
  })
})
