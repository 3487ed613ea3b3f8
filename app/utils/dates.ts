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
  const d = typeof value === 'string' ? new Date(value) : value
  return dateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d)
}

export function formatDate(value: Date | string, locale: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const d = typeof value === 'string' ? new Date(value) : value
  return dateTimeFormat(locale, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d)
}
