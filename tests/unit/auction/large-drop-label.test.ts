// The log's "(large drop, confirmed)" says what happened: a bid that was a large drop (D5) when it
// was placed, sent confirmed. The bidder's confirm flag alone said it of any bid sent with the box
// ticked. Judged at display time from the log and the settings: the stored events, and so the hash
// chain, stay as they were; the CSV keeps the flag as logged.
import fs from 'node:fs'
import path from 'node:path'
import { createHash } from 'node:crypto'
import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import { chainEvents, verifyEventChain, type AuctionEventBody } from '~/domain/auction/auction-events.rules'
import { largeDropBids, logDetailCsv, logDetailOf, logDetailText, LOG_CSV_DETAIL_COLUMNS, type LogFormat } from '~/domain/auction/auction-log.rules'
import { formatMoney } from '~/utils/money'
import { formatList } from '~/utils/intl'

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
const load = (locale: string) => JSON.parse(fs.readFileSync(path.resolve('app/i18n/locales', locale, 'auction.json'), 'utf8'))
const i18n = i18next.createInstance()
void i18n.init({ resources: { en: { auction: load('en') }, 'zh-CN': { auction: load('zh-CN') } }, lng: 'en', ns: ['auction'], defaultNS: 'auction', interpolation: { escapeValue: false }, initImmediate: false })
const format = (locale: string): LogFormat => ({ t: (k, p) => i18n.getFixedT(locale, 'auction')(k, p), money: (a) => formatMoney(a, 'CNY', locale), when: (i) => i, list: (items) => formatList(items, locale) })
const logged = (bodies: AuctionEventBody[]) =>
  chainEvents(
    bodies.map((b, i) => ({ ...b, seq: i + 1, at: `2026-01-01T00:00:${String(10 + i).padStart(2, '0')}.000Z`, actor: { kind: 'staff', userId: 'u-1' } }) as never),
    sha256,
  )
const bid = (bidId: string, orgId: string, amount: string, confirm: boolean): AuctionEventBody => ({ type: 'bid_accepted', payload: { bidId, orgId, amount, confirm } })
const settings = { ceiling: '250000.00', maxSingleDropPercent: '20' }

/** The page's words for each bid of the log, by bid id. */
function labels(bodies: AuctionEventBody[], locale = 'en') {
  const events = logged(bodies)
  const large = largeDropBids(settings, events)
  const lookup = { org: (id: string) => (id === 'org-n' ? 'Ningbo Packaging' : 'Bright Electronics'), bid: () => undefined, largeDrop: (id: string) => large.has(id) }
  const out: Record<string, string> = {}
  for (const e of events) {
    const d = logDetailOf(e, lookup)
    if (d.kind === 'bid') out[d.bidId] = logDetailText(d, format(locale))
  }
  return { out, events, lookup }
}

describe('the log\'s large-drop label', () => {
  it('a confirmed bid that was no large drop reads as a plain bid; a confirmed large drop keeps its label', () => {
    const { out } = labels([
      bid('b-1', 'org-n', '235000.00', true), // 6 % below the ceiling, sent confirmed anyway
      bid('b-2', 'org-b', '190000.00', true), // 24 % below the ceiling: a large first bid
      bid('b-3', 'org-n', '185000.00', true), // 21.3 % below its own 235,000: large
      bid('b-4', 'org-b', '180000.00', false), // 5 % below its own: plain
    ])
    expect(out).toEqual({
      'b-1': 'Ningbo Packaging: CN¥235,000.00',
      'b-2': 'Bright Electronics: CN¥190,000.00 (large drop, confirmed)',
      'b-3': 'Ningbo Packaging: CN¥185,000.00 (large drop, confirmed)',
      'b-4': 'Bright Electronics: CN¥180,000.00',
    })
    expect(labels([bid('b-1', 'org-n', '235000.00', true), bid('b-2', 'org-b', '190000.00', true)], 'zh-CN').out).toEqual({
      'b-1': 'Ningbo Packaging：¥235,000.00',
      'b-2': 'Bright Electronics：¥190,000.00（大幅降价，已确认）',
    })
  })

  it('measures from the bidder\'s current bid of the moment: a voided bid is not the reference', () => {
    const { out } = labels([
      bid('b-1', 'org-n', '240000.00', false),
      bid('b-2', 'org-n', '200000.00', false), // 16.7 %: no confirmation needed
      { type: 'bid_voided', payload: { bidId: 'b-2', reason: 'typing error' } },
      bid('b-3', 'org-n', '170000.00', true), // 29 % below 240,000 (15 % below the voided 200,000)
    ])
    expect(out['b-3']).toBe('Ningbo Packaging: CN¥170,000.00 (large drop, confirmed)')
  })

  it('leaves the stored log and the CSV\'s flag as they were', () => {
    const { events, lookup } = labels([bid('b-1', 'org-n', '235000.00', true)])
    expect(verifyEventChain(events, sha256)).toEqual({ ok: true, checked: 1 })
    const d = logDetailOf(events[0], lookup)
    const csv = Object.fromEntries(LOG_CSV_DETAIL_COLUMNS.map((c, j) => [c, logDetailCsv(d)[j]]))
    expect(csv.large_drop_confirmed).toBe('yes')
  })
})
