import { formatDate } from '~/utils/dates'

/**
 * A price list's validity in the reader's language ("2026/01/01 → open-ended"). The dates are
 * calendar dates without a time: formatted in UTC, so no zone shifts them to the day before.
 */
export function validity(list: { validFrom: string; validTo: string | null }, locale: string, openEnded: string): string {
  return `${formatDate(list.validFrom, locale, 'UTC')} → ${list.validTo ? formatDate(list.validTo, locale, 'UTC') : openEnded}`
}
