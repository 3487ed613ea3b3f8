// A surrogate bid's reason is part of the auction's own log: its event carries it (and only a
// surrogate's does), and the console, the PDF and the CSV show it as they show a void's. An event
// logged before it was kept verifies and reads as a plain surrogate bid.
import fs from 'node:fs'
import path from 'node:path'
import { createHash } from 'node:crypto'
import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import { nextBidCheck } from '~/domain/auction/auction-bid.rules'
import { chainEvents, eventsForVerdict, verifyEventChain, type AuctionEventBody } from '~/domain/auction/auction-events.rules'
import { LOG_CSV_DETAIL_COLUMNS, largeDropBids, logDetailCsv, logDetailOf, logDetailText, type LogFormat } from '~/domain/auction/auction-log.rules'
import { formatMoney } from '~/utils/money'
import { attempt, running, settings } from './support'
import { formatList } from '~/utils/intl'

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
const load = (locale: string) => JSON.parse(fs.readFileSync(path.resolve('app/i18n/locales', locale, 'auction.json'), 'utf8'))
const i18n = i18next.createInstance()
void i18n.init({ resources: { en: { auction: load('en') }, 'zh-CN': { auction: load('zh-CN') } }, lng: 'en', ns: ['auction'], defaultNS: 'auction', interpolation: { escapeValue: false }, initImmediate: false })
const format = (locale: string): LogFormat => ({ t: (k, p) => i18n.getFixedT(locale, 'auction')(k, p), money: (a) => formatMoney(a, 'CNY', locale), when: (i) => i, list: (items) => formatList(items, locale) })
// Each test's log is one event, a first bid: a large drop is one more than 20 % below the ceiling of 250,000.
const large = largeDropBids({ ceiling: '250000.00', maxSingleDropPercent: '20' }, [
  { type: 'surrogate_bid', payload: { bidId: 'b-1', orgId: 'org-n', amount: '190000.00', confirm: true } },
] as never)
const lookup = { org: () => 'Ningbo Packaging', bid: () => undefined, largeDrop: (id: string) => large.has(id) }
const csv = (d: ReturnType<typeof logDetailOf>) => Object.fromEntries(LOG_CSV_DETAIL_COLUMNS.map((c, j) => [c, logDetailCsv(d)[j]]))
const logged = (bodies: AuctionEventBody[]) =>
  chainEvents(
    bodies.map((b, i) => ({ ...b, seq: i + 1, at: '2026-01-01T00:00:10.000Z', actor: { kind: 'staff', userId: 'u-1' } }) as never),
    sha256,
  )

describe('a surrogate bid in the log', () => {
  const state = running(settings({ ceiling: '250000.00' }), ['org-n', 'org-b'])

  it('carries the buyer\'s reason in its event; the supplier\'s own bid carries none', () => {
    const a = attempt('org-n', '235000.00', 10, true, { surrogate: true })
    const [surrogate] = eventsForVerdict(a, nextBidCheck(state, a), 'Supplier lost its connection')
    expect(surrogate).toMatchObject({ type: 'surrogate_bid', payload: { amount: '235000.00', reason: 'Supplier lost its connection' } })
    const own = attempt('org-n', '235000.00', 10, true)
    const [plain] = eventsForVerdict(own, nextBidCheck(state, own), 'ignored: not a surrogate')
    expect(plain.type).toBe('bid_accepted')
    expect(plain.payload).not.toHaveProperty('reason')
  })

  it('reads like a void\'s reason on the page and the PDF, and fills the CSV\'s reason column', () => {
    const [e] = logged([{ type: 'surrogate_bid', payload: { bidId: 'b-1', orgId: 'org-n', amount: '190000.00', confirm: true, reason: 'Supplier lost its connection' } }])
    const d = logDetailOf(e, lookup)
    expect(logDetailText(d, format('en'))).toBe('Ningbo Packaging: CN¥190,000.00 (large drop, confirmed) · reason: Supplier lost its connection')
    expect(logDetailText(d, format('zh-CN'))).toBe('Ningbo Packaging：¥190,000.00（大幅降价，已确认）· 原因：Supplier lost its connection')
    expect(csv(d)).toMatchObject({ supplier: 'Ningbo Packaging', amount: '190000.00', large_drop_confirmed: 'yes', bid_id: 'b-1', reason: 'Supplier lost its connection' })
    const [f] = logged([{ type: 'surrogate_bid', payload: { bidId: 'b-2', orgId: 'org-n', amount: '235000.00', confirm: false, reason: 'phone' } }])
    expect(logDetailText(logDetailOf(f, lookup), format('en'))).toBe('Ningbo Packaging: CN¥235,000.00 · reason: phone')
  })

  it('a refused surrogate attempt keeps its reason too, in its event, its words and the CSV; a supplier\'s refused attempt has none', () => {
    const a = attempt('org-n', '260000.00', 10, false, { surrogate: true })
    const [refused] = eventsForVerdict(a, nextBidCheck(state, a), 'Supplier lost its connection')
    expect(refused).toMatchObject({ type: 'bid_rejected', payload: { surrogate: true, code: 'ABOVE_CEILING', reason: 'Supplier lost its connection' } })
    const own = attempt('org-n', '260000.00', 10, false)
    const [plain] = eventsForVerdict(own, nextBidCheck(state, own), 'ignored: not a surrogate')
    expect(plain.payload).not.toHaveProperty('reason')

    const [e] = logged([refused])
    const d = logDetailOf(e, lookup)
    expect(logDetailText(d, format('en'))).toMatch(/^Ningbo Packaging: CN¥260,000\.00 — .+ · placed for the supplier, reason: Supplier lost its connection$/)
    expect(logDetailText(d, format('zh-CN'))).toMatch(/^Ningbo Packaging：¥260,000\.00 — .+ · 代供应商报价，原因：Supplier lost its connection$/)
    expect(csv(d)).toMatchObject({ amount: '260000.00', reject_code: 'ABOVE_CEILING', reason: 'Supplier lost its connection' })
    expect(csv(logDetailOf(logged([plain])[0], lookup)).reason).toBe('')
  })

  it('logged before the reason was kept: verifies, replays and reads as a plain surrogate bid', () => {
    const log = logged([{ type: 'surrogate_bid', payload: { bidId: 'b-1', orgId: 'org-n', amount: '235000.00', confirm: true } }])
    expect(verifyEventChain(log, sha256)).toEqual({ ok: true, checked: 1 })
    const d = logDetailOf(log[0], lookup)
    expect(logDetailText(d, format('en'))).toBe('Ningbo Packaging: CN¥235,000.00 (large drop, confirmed)')
    expect(csv(d).reason).toBe('')
    // The replay of such a log, in the database as an older version stored it: tests/integration/auction/announcements.test.ts.
  })
})
