// The buyer's settings summary: the end and hard stop as they stand now (a pause or an extension
// moved them; the header shows those), quantities grouped, a product's unit code in the buyer's
// language and a unit typed freely as typed, the soft-close rule and percentages in plain words.
import { describe, expect, it } from 'vitest'
import { SettingsSummary } from '~/ui/auction/settings-summary'
import { renderRoute, textsByTestId } from '../../support/render-route'
import { HOUR, settings, t } from './support'

const s = settings({ decrement: { amount: null, percent: '0.5' } })
const lines = [
  { position: 1, description: 'Carton', quantity: '5000.000', unit: 'pcs' },
  { position: 2, description: 'Stretch film', quantity: '1234.500', unit: 'roll' },
  { position: 3, description: 'Pallet', quantity: '1.000', unit: '托盘' },
]
const summary = (locale: 'en' | 'zh-CN', current = { startsAt: s.startsAt, endsAt: s.endsAt, hardStopAt: s.softClose.hardStopAt }) =>
  renderRoute(() => <SettingsSummary settings={s} current={current} lines={lines} locale={locale} timeZone="UTC" zoneLabel="UTC+00:00" />, null, locale)
const rows = (html: string) => [...html.matchAll(/<dt[^>]*>([\s\S]*?)<\/dt><dd[^>]*>([\s\S]*?)<\/dd>/g)].map((m) => [m[1], m[2].replace(/<!-- -->/g, '')])

describe('the settings summary', () => {
  it('reads quantities and units in the reader’s language', async () => {
    expect(textsByTestId(await summary('zh-CN'), 'summary-line-quantity')).toEqual(['5,000 件', '1,234.5 卷', '1 托盘'])
    expect(textsByTestId(await summary('en'), 'summary-line-quantity')).toEqual(['5,000 pcs', '1,234.5 rolls', '1 托盘'])
  })

  it('shows the current end and hard stop, and the scheduled end beside them once moved', async () => {
    const plain = Object.fromEntries(rows(await summary('en')))
    expect(plain['End']).toMatch(/01:00:00/)
    expect(plain['End as first scheduled']).toBeUndefined()
    const moved = Object.fromEntries(rows(await summary('en', { startsAt: s.startsAt, endsAt: t(HOUR + 125), hardStopAt: t(2 * HOUR + 125) })))
    expect(moved['End']).toMatch(/01:02:05/)
    expect(moved['End as first scheduled']).toMatch(/01:00:00/)
    expect(moved['Hard stop']).toMatch(/02:02:05/)
  })

  it('shows the last purchase price, or that none was set', async () => {
    expect(Object.fromEntries(rows(await summary('en')))['Last purchase price']).toBe('Not set')
    const set = await renderRoute(() => <SettingsSummary settings={{ ...s, lastPurchasePrice: '104500.00' }} current={{ startsAt: s.startsAt, endsAt: s.endsAt, hardStopAt: s.softClose.hardStopAt }} lines={lines} locale="zh-CN" timeZone="UTC" zoneLabel="UTC+00:00" />, null, 'zh-CN')
    expect(Object.fromEntries(rows(set))['上次采购价']).toBe('¥104,500.00')
  })

  it('says the soft close and the percentages as suppliers read them', async () => {
    const zh = Object.fromEntries(rows(await summary('zh-CN')))
    expect(zh['自动延时']).toBe('结束前 3 分钟内出现新的最优价时，结束时间顺延至该报价后 3 分钟；最多 10 次。')
    expect(zh['最小降幅']).toBe('0.5%')
    expect(zh['单次最大降幅']).toBe('20%')
  })
})
