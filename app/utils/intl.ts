// Intl formatters are costly to build (a locale lookup and data load each) and cheap to use: a
// page listing 50 products with prices, quantities and dates built hundreds per render, which was
// the largest cost of the catalog page. Kept per locale and options, on server and client alike.
const numberFormats = new Map<string, Intl.NumberFormat>()
const dateFormats = new Map<string, Intl.DateTimeFormat>()

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`
  let f = numberFormats.get(key)
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(locale, options)))
  return f
}

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`
  let f = dateFormats.get(key)
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(locale, options)))
  return f
}

const listFormats = new Map<string, Intl.ListFormat>()

/**
 * Items of a list joined as the language joins them: "a、b、c" in Chinese, "a, b, c" in English.
 * A hard-coded ", " left half-width commas between Chinese names.
 */
export function formatList(items: readonly string[], locale: string): string {
  let f = listFormats.get(locale)
  if (!f) listFormats.set(locale, (f = new Intl.ListFormat(locale, { type: 'conjunction', style: 'narrow' })))
  return f.format(items)
}

/** Between items drawn one by one (links): "、" in Chinese, ", " in English, as formatList joins them. */
export function listSeparator(locale: string): string {
  return locale === 'en' ? ', ' : '、'
}

// Punctuation around a label or a note follows the language: Chinese uses full-width marks with no
// space ("承运商：…", "报价阶梯（…）"); a hard-coded ": " or " (…)" left half-width marks in Chinese text.

/** A label before its value: "Carrier: " in English, "承运商：" in Chinese. */
export function withColon(label: string, locale: string): string {
  return locale === 'en' ? `${label}: ` : `${label}：`
}

/** A note in parentheses after what it qualifies, its leading space included: " (done)" / "（已完成）". */
export function inParens(note: string, locale: string): string {
  return locale === 'en' ? ` (${note})` : `（${note}）`
}
