import { dateTimeFormat } from '~/utils/intl'
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

export function isValidTimeZone(tz: string): boolean {
  try {
    dateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/** A UTC instant shown in the user's zone and language. */
export function formatDateTime(value: Date | string, locale: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  return dateTimeFormat(dateLocale(locale), dateTimeOptions(locale, timeZone, false)).format(typeof value === 'string' ? new Date(value) : value)
}

/**
 * formatDateTime to the second, for times where the second matters (an auction's end, which a
 * pause or a soft-close extension moves by seconds, and its log): "24 Nov 2026, 05:53:41".
 */
export function formatDateTimeSeconds(value: Date | string, locale: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  return dateTimeFormat(dateLocale(locale), dateTimeOptions(locale, timeZone, true)).format(typeof value === 'string' ? new Date(value) : value)
}

/**
 * The Intl locale a language's dates are written in. English reads "5 Nov 2026, 14:05": day, month by
 * name, year, and the 24-hour clock of the whole app. Plain 'en' is US English: "11/05/2026, 14:05" put
 * a US month-first order beside a clock the US does not use, and 11/05 reads as 11 May elsewhere.
 * Chinese keeps "2026/11/05 14:05". Every date and time an English reader sees goes through this.
 */
export function dateLocale(locale: string): string {
  return locale === 'en' ? 'en-GB' : locale
}

function dayOptions(locale: string): Intl.DateTimeFormatOptions {
  return locale === 'en' ? { year: 'numeric', month: 'short', day: 'numeric' } : { year: 'numeric', month: '2-digit', day: '2-digit' }
}

function dateTimeOptions(locale: string, timeZone: string, seconds: boolean): Intl.DateTimeFormatOptions {
  return { timeZone, ...dayOptions(locale), hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}), hourCycle: 'h23' }
}

export function formatDate(value: Date | string, locale: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const d = typeof value === 'string' ? new Date(value) : value
  return dateTimeFormat(dateLocale(locale), { timeZone, ...dayOptions(locale) }).format(d)
}

/** An instant's calendar day in a zone, as "2026-11-24": a key that compares and sorts as the day does. */
export function dayKey(value: Date | string, timeZone: string): string {
  return dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(typeof value === 'string' ? new Date(value) : value)
}

/** "2026-11-24 09:30" in the reader's time zone, for a spreadsheet cell: read by people and sorted by spreadsheets alike. */
export function sheetDateTime(value: Date | string, timeZone: string): string {
  return dateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(typeof value === 'string' ? new Date(value) : value)
}

/** "20260115" in the user's own time zone, for file names. */
export function dateStamp(timeZone: string, now = new Date()): string {
  return dayKey(now, timeZone).replace(/-/g, '')
}

/**
 * A bid's time in the live lists of an auction: the time of day to the second for a bid on the auction's
 * own day (the day it starts, in the reader's zone), the full date and time only for one on another
 * day. The full date on every row pushed a seven-figure ladder into a sideways scroll at 1280 px; the
 * results and the log, read later and across days, keep formatDateTimeSeconds.
 */
export function liveTime(auctionStartsAt: string, locale: string, timeZone: string): (iso: string) => string {
  const startDay = dayKey(auctionStartsAt, timeZone)
  const clock = dateTimeFormat(dateLocale(locale), { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
  return (iso) => (dayKey(iso, timeZone) === startDay ? clock.format(new Date(iso)) : formatDateTimeSeconds(iso, locale, timeZone))
}

function zonePart(timeZone: string, locale: string, timeZoneName: Intl.DateTimeFormatOptions['timeZoneName'], at: Date): string {
  return dateTimeFormat(locale, { timeZone, timeZoneName }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? ''
}

/** A zone's offset from UTC at an instant, as "UTC+08:00" (Intl writes "GMT+08:00", and "GMT" alone for zero). */
export function utcOffset(timeZone: string, at: Date = new Date()): string {
  const gmt = zonePart(timeZone, 'en', 'longOffset', at)
  return gmt === 'GMT' ? 'UTC+00:00' : gmt.replace('GMT', 'UTC')
}

/**
 * A time zone as a reader knows it, in the reader's language: "中国标准时间 UTC+08:00", "China Standard
 * Time UTC+08:00". The IANA id (Asia/Shanghai) is a code; Intl has the zone's name. A zone Intl only
 * names by its offset (UTC itself) reads as the offset alone.
 */
export function timeZoneName(timeZone: string, locale: string, at: Date = new Date()): string {
  const name = zonePart(timeZone, locale, 'longGeneric', at)
  const offset = utcOffset(timeZone, at)
  return !name || /^(GMT|UTC)[+\-−]/.test(name) ? offset : `${name} ${offset}`
}
