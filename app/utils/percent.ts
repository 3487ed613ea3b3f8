import type Decimal from 'decimal.js'
import { numberFormat } from './intl'
import { D } from './money'

/**
 * A percentage for display, given in points as the auction stores them ('0.5' is half a percent,
 * savings' '92.40'): "0.5%", "92.4%", "20%" in the reader's locale, at most 2 decimals, so every
 * page and the PDF say a percentage one way. Divided as a decimal: no float rounding of the points.
 * `signed` marks a change ("-2.1%", "+3%").
 */
export function formatPercent(points: Decimal.Value, locale: string, opts: { signed?: boolean } = {}): string {
  const fraction = new D(points).div(100).toFixed()
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 2, ...(opts.signed ? { signDisplay: 'exceptZero' } : {}) }).format(fraction as unknown as number)
}
