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
  return dateTimeFormat(locale, dateTimeOptions(timeZone, false)).format(typeof value === 'string' ? new Date(value) : value)
}

/**
 * formatDateTime to the second, for times where the second matters (an auction's end, which a
 * pause or a soft-close extension moves by seconds, and its log): "11/24/2026, 05:53:41".
 */
export function formatDateTimeSeconds(value: Date | string, locale: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  return dateTimeFormat(locale, dateTimeOptions(timeZone, true)).format(typeof value === 'string' ? new Date(value) : value)
}

function dateTimeOptions(timeZone: string, seconds: boolean): Intl.DateTimeFormatOptions {
  return { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}), hour12: false }
}

export function formatDate(value: Date | string, locale: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const d = typeof value === 'string' ? new Date(value) : value
  return dateTimeFormat(locale, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d)
}
