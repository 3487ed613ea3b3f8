// Client-safe: a stored notice's parameters as its reader's language shows them.
import { formatDateTimeSeconds } from '~/utils/dates'

// An instant stored as ISO 8601 UTC (an auction's new end), told apart from any other text.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/

/**
 * A name stored in both languages (`orgEn`, `orgZh`) becomes the parameter the text names (`org`) in
 * the reader's language of the moment; a notice written before names were stored both ways kept one
 * (`org`) and reads as it was stored. A time (a key ending in `At`) is stored as a UTC instant, as one
 * notice goes to readers in several zones, and reads in the reader's language and zone, to the second
 * as the auction room shows an end.
 */
export function noticeParams(params: Record<string, string | number>, language: string, timeZone?: string): Record<string, string | number> {
  const out: Record<string, string | number> = { ...params }
  for (const key of Object.keys(params)) {
    const value = params[key]
    if (key.endsWith('At') && typeof value === 'string' && INSTANT.test(value)) out[key] = formatDateTimeSeconds(value, language, timeZone)
    if (!key.endsWith('En')) continue
    const base = key.slice(0, -2)
    const zh = `${base}Zh`
    if (base && Object.hasOwn(params, zh)) out[base] = language === 'en' ? params[key] : params[zh]
  }
  return out
}
