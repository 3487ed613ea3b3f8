import { describe, expect, it } from 'vitest'
import { addMoney, formatMoney, isMoneyString, money } from '~/utils/money'
import { dateStamp, dayKey, formatDate, formatDateTime, formatDateTimeSeconds, isValidTimeZone, liveTime, timeZoneName, utcOffset } from '~/utils/dates'

describe('money', () => {
  it('adds decimals exactly, where floats would drift', () => {
    expect(addMoney('0.1', '0.2')).toBe('0.30')
    expect(0.1 + 0.2).not.toBe(0.3)
    expect(addMoney('99999999999999.99', '0.01')).toBe('100000000000000.00')
  })
  it('rounds half up to the scale', () => {
    expect(money('2.345')).toBe('2.35')
    expect(money('-2.345')).toBe('-2.35')
    expect(money('1', 4)).toBe('1.0000')
  })
  it('formats per locale without losing digits', () => {
    expect(formatMoney('1234567.89', 'CNY', 'zh-CN')).toBe('¥1,234,567.89')
    expect(formatMoney('1234567.89', 'CNY', 'en')).toBe('CN¥1,234,567.89')
    expect(formatMoney('12345678901234.56', 'USD', 'en')).toBe('$12,345,678,901,234.56')
    expect(formatMoney('-5', 'EUR', 'en')).toBe('-€5.00')
  })
  it('accepts only plain decimal strings', () => {
    expect(isMoneyString('12.50')).toBe(true)
    expect(isMoneyString('1e5')).toBe(false)
    expect(isMoneyString('NaN')).toBe(false)
    expect(isMoneyString('12.1234567')).toBe(false)
  })
})

describe('dates', () => {
  const instant = '2026-11-22T17:30:00Z'
  it('shows UTC instants in the user time zone (default Asia/Shanghai)', () => {
    expect(formatDateTime(instant, 'en')).toBe('23 Nov 2026, 01:30')
    expect(formatDateTime(instant, 'zh-CN')).toBe('2026/11/23 01:30')
    expect(formatDateTime(instant, 'en', 'Europe/Berlin')).toBe('22 Nov 2026, 18:30')
    expect(formatDate(instant, 'zh-CN', 'America/New_York')).toBe('2026/11/22')
  })
  it('writes English dates day first with the month by name, beside the 24-hour clock: one format, read the same everywhere', () => {
    // 'en' alone is US English: "11/05/2026, 14:05" put a month-first date beside a clock the US does not use.
    expect(formatDateTime('2026-11-05T06:05:00Z', 'en')).toBe('5 Nov 2026, 14:05')
    expect(formatDate('2026-11-05T06:05:00Z', 'en')).toBe('5 Nov 2026')
    expect(formatDateTime('2026-11-05T06:05:00Z', 'zh-CN')).toBe('2026/11/05 14:05')
  })
  it('shows seconds where they matter, so an end moved within its minute reads as moved', () => {
    expect(formatDateTimeSeconds('2026-11-23T21:53:41.030Z', 'en')).toBe('24 Nov 2026, 05:53:41')
    expect(formatDateTimeSeconds('2026-11-23T21:53:00.000Z', 'en')).toBe('24 Nov 2026, 05:53:00')
    expect(formatDateTimeSeconds('2026-11-23T21:53:41.030Z', 'zh-CN')).toBe('2026/11/24 05:53:41')
    expect(formatDateTimeSeconds('2026-11-23T21:53:41.030Z', 'en', 'Europe/Berlin')).toBe('23 Nov 2026, 22:53:41')
    // The app-wide format stays to the minute.
    expect(formatDateTime('2026-11-23T21:53:41.030Z', 'en')).toBe('24 Nov 2026, 05:53')
  })
  it('knows valid time zones', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true)
    expect(isValidTimeZone('Mars/Olympus')).toBe(false)
  })
})

describe('time zone names', () => {
  it('name a zone in the reader’s language with its offset, not by its IANA id', () => {
    const winter = new Date('2026-01-15T00:00:00Z')
    expect(timeZoneName('Asia/Shanghai', 'zh-CN', winter)).toBe('中国标准时间 UTC+08:00')
    expect(timeZoneName('Asia/Shanghai', 'en', winter)).toBe('China Standard Time UTC+08:00')
    expect(utcOffset('America/New_York', winter)).toBe('UTC-05:00')
    // A zone Intl names by its offset alone reads as the offset, once.
    expect(timeZoneName('UTC', 'zh-CN', winter)).toBe('UTC+00:00')
  })
})

describe('a time just after midnight', () => {
  // hour12: false let English count the first hour as 24 ("11/25/2026, 24:00:20").
  it('reads 00, not 24, in both languages', () => {
    const justAfter = '2026-11-24T16:00:20Z' // 00:00:20 on the 25th in Shanghai
    expect(formatDateTimeSeconds(justAfter, 'en', 'Asia/Shanghai')).toBe('25 Nov 2026, 00:00:20')
    expect(formatDateTimeSeconds(justAfter, 'zh-CN', 'Asia/Shanghai')).toBe('2026/11/25 00:00:20')
    expect(formatDateTime(justAfter, 'en', 'Asia/Shanghai')).toBe('25 Nov 2026, 00:00')
  })
})

describe('days in a zone', () => {
  it('are the reader’s calendar day, not UTC’s', () => {
    const evening = '2026-11-24T16:30:00Z' // 00:30 on the 25th in Shanghai, still the 24th in New York
    expect(dayKey(evening, 'Asia/Shanghai')).toBe('2026-11-25')
    expect(dayKey(evening, 'America/New_York')).toBe('2026-11-24')
    expect(dateStamp('Asia/Shanghai', new Date(evening))).toBe('20261125')
  })

  it('give a live bid the time of day on the auction’s own day, the full date and time on another', () => {
    const at = liveTime('2026-11-24T02:00:00Z', 'zh-CN', 'Asia/Shanghai') // starts 10:00 on the 24th in Shanghai
    expect(at('2026-11-24T15:59:59Z')).toBe('23:59:59')
    expect(at('2026-11-24T16:00:20Z')).toBe('2026/11/25 00:00:20')
    expect(liveTime('2026-11-24T02:00:00Z', 'en', 'Asia/Shanghai')('2026-11-24T16:00:20Z')).toBe('25 Nov 2026, 00:00:20')
  })
})
