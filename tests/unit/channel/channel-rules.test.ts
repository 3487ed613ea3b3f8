import { describe, expect, it } from 'vitest'
import { formatDate } from '~/utils/dates'
import {
  aggregateChannel,
  compareCover,
  coverMark,
  isIsoDate,
  isoWeek,
  isoWeekMonday,
  monthStart,
  periodEnd,
  periodLabel,
  periodStartOf,
  periodStartsBetween,
  sellThroughRate,
  seriesByPeriod,
  seriesByUnit,
  totalsByUnit,
  weeksOfCover,
  weeksSpanned,
  type ChannelLine,
} from '~/domain/channel/channel.rules'
import { ReportFormSchema } from '~/domain/channel/channel.validation'

describe('period normalisation', () => {
  it('puts every day of an ISO week on its Monday, across month and year ends', () => {
    expect(isoWeekMonday('2026-11-16')).toBe('2026-11-16') // a Monday
    expect(isoWeekMonday('2026-11-22')).toBe('2026-11-16') // its Sunday
    expect(isoWeekMonday('2026-11-23')).toBe('2026-11-23')
    expect(isoWeekMonday('2027-01-01')).toBe('2026-12-28') // a Friday in the week that began in December
    expect(isoWeekMonday('2024-03-03')).toBe('2024-02-26') // leap year February
  })

  it('names ISO weeks by the year of their Thursday', () => {
    expect(isoWeek('2026-12-28')).toEqual({ year: 2026, week: 53 })
    expect(isoWeek('2027-01-03')).toEqual({ year: 2026, week: 53 })
    expect(isoWeek('2027-01-04')).toEqual({ year: 2027, week: 1 })
    expect(isoWeek('2025-12-29')).toEqual({ year: 2026, week: 1 })
    expect(periodLabel('week', '2026-11-16', 'zh-CN')).toBe('2026 年第 47 周')
    expect(periodLabel('week', '2026-11-16', 'en')).toBe('Week 47, 2026')
    // The ISO week-year, not the calendar year: 2027-01-01 is in the last week of 2026.
    expect(periodLabel('week', '2027-01-01', 'zh-CN')).toBe('2026 年第 53 周')
    expect(periodLabel('month', '2026-02-01', 'zh-CN')).toBe('2026 年 2 月')
    expect(periodLabel('month', '2026-02-01', 'en')).toBe('Feb 2026')
    // The month's short name as every English date writes it (dateLocale): plain 'en' wrote Sep beside Sept.
    expect(formatDate('2026-09-05T04:00:00Z', 'en', 'Asia/Shanghai')).toContain(periodLabel('month', '2026-09-01', 'en'))
  })

  it('puts a month on its first day and ends it on its last', () => {
    expect(monthStart('2026-02-17')).toBe('2026-02-01')
    expect(periodStartOf('month', '2026-12-31')).toBe('2026-12-01')
    expect(periodEnd('month', '2024-02-01')).toBe('2024-02-29')
    expect(periodEnd('month', '2026-02-01')).toBe('2026-02-28')
    expect(periodEnd('week', '2026-12-28')).toBe('2027-01-03')
  })

  it('refuses days that do not exist', () => {
    expect(isIsoDate('2026-02-30')).toBe(false)
    expect(isIsoDate('2026-13-01')).toBe(false)
    expect(isIsoDate('26-01-01')).toBe(false)
    expect(() => periodStartOf('month', '2026-02-30')).toThrow(RangeError)
    expect(() => periodStartOf('week', 'yesterday')).toThrow(RangeError)
  })

  it('lists the periods of a range, both ends included', () => {
    expect(periodStartsBetween('week', '2026-11-04', '2026-11-22')).toEqual(['2026-11-02', '2026-11-09', '2026-11-16'])
    expect(periodStartsBetween('month', '2026-11-30', '2027-01-01')).toEqual(['2026-11-01', '2026-12-01', '2027-01-01'])
    expect(periodStartsBetween('week', '2026-11-22', '2026-11-02')).toEqual([])
  })

  it('counts the weeks a range spans: whole weeks, or the days of whole months over 7', () => {
    expect(weeksSpanned('week', '2026-11-02', '2026-11-16').toString()).toBe('3')
    // February 2026 has 28 days: exactly 4 weeks.
    expect(weeksSpanned('month', '2026-02-10', '2026-02-10').toString()).toBe('4')
    expect(weeksSpanned('month', '2026-01-01', '2026-02-01').toFixed(4)).toBe('8.4286') // 59 days
  })
})

describe('sell-through rate and weeks of cover', () => {
  it('sell-through is sold over sold plus ending stock, exactly', () => {
    expect(sellThroughRate('30', '70')!.toString()).toBe('0.3')
    expect(sellThroughRate('0.1', '0.2')!.toFixed(4)).toBe('0.3333')
    expect(sellThroughRate('50', '0')!.toString()).toBe('1')
    expect(sellThroughRate('0', '40')!.toString()).toBe('0')
    expect(sellThroughRate('0', '0')).toBeNull()
  })

  it('weeks of cover is stock over average weekly sales; no sales has no figure', () => {
    // 80 sold over 4 weeks = 20 a week; 50 on hand lasts 2.5 weeks.
    expect(weeksOfCover('50', '80', 4)!.toString()).toBe('2.5')
    expect(weeksOfCover('0', '80', 4)!.toString()).toBe('0')
    expect(weeksOfCover('50', '0', 4)).toBeNull()
    expect(weeksOfCover('50', '10', 0)).toBeNull()
    expect(coverMark('50')).toBe('∞')
    expect(coverMark('0')).toBe('—')
  })
})

describe('aggregation across dealers', () => {
  const line = (dealer: string, region: string, product: string, periodStart: string, onHand: string, sold: string): ChannelLine => ({
    dealerOrgId: dealer,
    region,
    productId: product,
    periodStart,
    onHand,
    sold,
  })
  const lines = [
    line('A', 'North', 'p1', '2026-11-02', '100', '10'),
    line('A', 'North', 'p1', '2026-11-16', '60', '30'), // latest of A/p1
    line('A', 'North', 'p1', '2026-11-09', '80', '20'),
    line('B', 'North', 'p1', '2026-11-09', '40', '0'), // B skipped a week: its latest is 11-09
    line('C', 'South', 'p1', '2026-11-16', '0', '0'),
    line('A', 'North', 'p2', '2026-11-16', '5', '0.5'),
  ]

  it('per dealer: latest on hand, sold summed, rate and cover over the range', () => {
    const rows = aggregateChannel(lines, 'dealer', 'week')
    const a1 = rows.find((r) => r.dealerOrgId === 'A' && r.productId === 'p1')!
    expect(a1).toMatchObject({ onHand: '60', sold: '60', latestPeriod: '2026-11-16', reports: 3, sellThrough: '0.5000', weeksOfCover: '3.0' })
    const b1 = rows.find((r) => r.dealerOrgId === 'B')!
    expect(b1).toMatchObject({ onHand: '40', sold: '0', sellThrough: '0.0000', weeksOfCover: null })
    const c1 = rows.find((r) => r.dealerOrgId === 'C')!
    expect(c1).toMatchObject({ onHand: '0', sold: '0', sellThrough: null, weeksOfCover: null })
    // p2 was reported in one week only: 0.5 a week, not 0.5 over three.
    expect(rows.find((r) => r.productId === 'p2')).toMatchObject({ onHand: '5', sold: '0.5', sellThrough: '0.0909', weeksOfCover: '10.0' })
  })

  it('averages a dealer’s sales over its own weeks of reporting the product, so weeks before its first report do not count as no sales', () => {
    const late = [
      // D began reporting p3 in the range's second week: 10 a week over two weeks, not 20 over three.
      line('D', 'East', 'p3', '2026-11-09', '30', '10'),
      line('D', 'East', 'p3', '2026-11-16', '20', '10'),
      // E skipped 11-09 between its reports: that week counts as none sold (20 over three weeks).
      line('E', 'East', 'p3', '2026-11-02', '40', '10'),
      line('E', 'East', 'p3', '2026-11-16', '20', '10'),
    ]
    const rows = aggregateChannel(late, 'dealer', 'week')
    expect(rows.find((r) => r.dealerOrgId === 'D')).toMatchObject({ onHand: '20', sold: '20', sellThrough: '0.5000', weeksOfCover: '2.0' })
    expect(rows.find((r) => r.dealerOrgId === 'E')).toMatchObject({ onHand: '20', sold: '20', weeksOfCover: '3.0' })
    // The region sells at the sum of its dealers' rates: 10 + 6.67 a week for 40 on hand.
    expect(aggregateChannel(late, 'region', 'week')[0]).toMatchObject({ onHand: '40', sold: '40', weeksOfCover: '2.4' })
    // Months: January and February 2026 are 59 days, 8.43 weeks; 59 sold is 7 a week.
    const months = [line('F', 'East', 'p4', '2026-01-01', '99', '29'), line('F', 'East', 'p4', '2026-02-01', '70', '30')]
    expect(aggregateChannel(months, 'dealer', 'month')[0]).toMatchObject({ onHand: '70', sold: '59', weeksOfCover: '10.0' })
    expect(weeksSpanned('month', '2026-02-01', '2026-02-01').toString()).toBe('4')
  })

  it('per region: adds each dealer’s latest stock, never a dealer’s older reports', () => {
    const rows = aggregateChannel(lines, 'region', 'week')
    const north = rows.find((r) => r.region === 'North' && r.productId === 'p1')!
    // A's latest 60 + B's latest 40; sold 60 + 0.
    expect(north).toMatchObject({ dealerOrgId: null, onHand: '100', sold: '60', reports: 4, sellThrough: '0.3750', weeksOfCover: '5.0' })
    expect(rows.filter((r) => r.productId === 'p1')).toHaveLength(2)
  })

  it('the chart series sums every line per period, with empty periods as zero', () => {
    expect(seriesByPeriod(lines, ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'])).toEqual([
      { periodStart: '2026-11-02', onHand: '100', sold: '10' },
      { periodStart: '2026-11-09', onHand: '120', sold: '20' },
      { periodStart: '2026-11-16', onHand: '65', sold: '30.5' },
      { periodStart: '2026-11-23', onHand: '0', sold: '0' },
    ])
  })
})

describe('figures of several units', () => {
  it('are added up per unit, whichever way a unit code was typed, and never across units', () => {
    expect(
      totalsByUnit([
        { unit: 'set', onHand: '120', sold: '3' },
        { unit: 'pcs', onHand: '1500.5', sold: '200' },
        { unit: 'PCS ', onHand: '0.5', sold: '1' },
      ]),
    ).toEqual([
      { unit: 'pcs', onHand: '1501', sold: '201' },
      { unit: 'set', onHand: '120', sold: '3' },
    ])
    expect(totalsByUnit([])).toEqual([])
  })

  it('the chart has a series per unit, and one empty series when nothing was reported', () => {
    const l = (unit: string, periodStart: string, onHand: string, sold: string) => ({ dealerOrgId: 'A', region: null, productId: unit, periodStart, onHand, sold, unit })
    const starts = ['2026-11-02', '2026-11-09']
    expect(seriesByUnit([l('kg', '2026-11-09', '1.5', '0.5'), l('set', '2026-11-02', '3', '1')], starts)).toEqual([
      { unit: 'kg', points: [{ periodStart: '2026-11-02', onHand: '0', sold: '0' }, { periodStart: '2026-11-09', onHand: '1.5', sold: '0.5' }] },
      { unit: 'set', points: [{ periodStart: '2026-11-02', onHand: '3', sold: '1' }, { periodStart: '2026-11-09', onHand: '0', sold: '0' }] },
    ])
    expect(seriesByUnit([], starts)).toEqual([{ unit: null, points: [{ periodStart: '2026-11-02', onHand: '0', sold: '0' }, { periodStart: '2026-11-09', onHand: '0', sold: '0' }] }])
  })
})

describe('the report form schema', () => {
  const p1 = '11111111-1111-4111-8111-111111111111'
  const p2 = '22222222-2222-4222-8222-222222222222'
  it('skips empty rows and keeps each row’s index', () => {
    const r = ReportFormSchema.safeParse({ kind: 'week', period: '2026-11-18', lines: [{}, { productId: p1, onHand: '12.5', sold: '0' }] })
    expect(r.success && r.data.lines).toEqual([{ productId: p1, onHand: '12.5', sold: '0', row: 1 }])
  })

  it('refuses a product twice, negative or over-precise quantities, no rows and unknown fields', () => {
    const issues = (v: unknown) => {
      const r = ReportFormSchema.safeParse(v)
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`)
    }
    expect(issues({ kind: 'week', period: '2026-11-18', lines: [{ productId: p1, onHand: '1', sold: '1' }, { productId: p1, onHand: '2', sold: '2' }] })).toEqual([
      'lines.1.productId:channel:errors.duplicateProduct',
    ])
    expect(issues({ kind: 'week', period: '2026-11-18', lines: [{ productId: p2, onHand: '-1', sold: '1.23456' }] })).toEqual([
      'lines.0.onHand:errors:number.negative',
      'lines.0.sold:errors:number.decimals|{"max":4}',
    ])
    // Figures as the reports show them: "1,200" is 1200; "1,5" is no figure.
    expect(ReportFormSchema.parse({ kind: 'week', period: '2026-11-18', lines: [{ productId: p2, onHand: '1,200', sold: '35' }] }).lines).toEqual([{ productId: p2, onHand: '1200', sold: '35', row: 0 }])
    expect(issues({ kind: 'week', period: '2026-11-18', lines: [{ productId: p2, onHand: '1,5', sold: '1' }] })).toEqual(['lines.0.onHand:errors:number.invalid'])
    expect(issues({ kind: 'week', period: '2026-11-18', lines: [{ productId: p2, onHand: '1e3', sold: 'NaN' }] })).toHaveLength(2)
    // A week's figure of a billion units is a typo, and the message names the most a report takes.
    expect(issues({ kind: 'week', period: '2026-11-18', lines: [{ productId: p2, onHand: '5', sold: '99999999999999' }] })).toEqual([
      'lines.0.sold:errors:number.tooLarge|{"max":"999,999,999.9999"}',
    ])
    expect(ReportFormSchema.parse({ kind: 'week', period: '2026-11-18', lines: [{ productId: p2, onHand: '999,999,999', sold: '0' }] }).lines[0].onHand).toBe('999999999')
    expect(issues({ kind: 'week', period: '2026-11-18', lines: [{}] })).toEqual(['lines:channel:errors.noLines'])
    expect(issues({ kind: 'week', period: '2026-11-18', dealerOrgId: p1, lines: [{ productId: p2, onHand: '1', sold: '1' }] })[0]).toMatch(/unknownField/)
    expect(issues({ kind: 'week', period: '2026-11-18', lines: [{ productId: p2, onHand: '1', sold: '1', price: '9' }] })[0]).toMatch(/unknownField/)
    expect(issues({ kind: 'year', period: '2026-02-30', lines: [{ productId: p2, onHand: '1', sold: '1' }] })).toHaveLength(2)
  })
})

describe('sorting by weeks of cover', () => {
  // The audit's month: PK-3001 500 on hand and none sold (∞), EL-1001 8.6 weeks, AS-4001 nothing at all (—).
  const rows = [
    { sku: 'EL-1001', onHand: '100', weeksOfCover: '8.6' },
    { sku: 'AS-4001', onHand: '0', weeksOfCover: null },
    { sku: 'PK-3001', onHand: '500', weeksOfCover: null },
    { sku: 'EL-1002', onHand: '40', weeksOfCover: '1.8' },
  ]
  const sorted = (dir: 'asc' | 'desc') => [...rows].sort((a, b) => compareCover(a, b, dir)).map((r) => r.sku)

  it('takes ∞ (stock that did not sell) as the largest cover, with "—" last either way', () => {
    expect(sorted('desc')).toEqual(['PK-3001', 'EL-1001', 'EL-1002', 'AS-4001'])
    expect(sorted('asc')).toEqual(['EL-1002', 'EL-1001', 'PK-3001', 'AS-4001'])
    expect(compareCover({ onHand: '5', weeksOfCover: null }, { onHand: '9', weeksOfCover: null }, 'desc')).toBe(0)
  })
})
