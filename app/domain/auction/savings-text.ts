// The savings in words, for the live monitor, the results page and the results PDF alike. Unlike the
// ceiling's (no bid is above the ceiling) the savings against the last purchase price go negative when
// the best bid is above what was paid last time; "saving -¥300.00 (-3%), above the last purchase price"
// said the one fact twice, once as a minus on a "saving". Above it, the label says "above the last
// purchase price" and the figure is how much above, without a minus.
import { D, formatMoney } from '~/utils/money'
import { formatPercent } from '~/utils/percent'
import { inParens } from '~/utils/intl'

type T = (key: string, params?: Record<string, unknown>) => string
type Savings = { amount: string; percent: string }

/**
 * An amount and its share as shown, apart ("¥3,300.00", "5.81%"): a page keeps each one whole and
 * lets the line break only between them. `signed` marks the share as a change ("+0.69%").
 */
export type Figure = { amount: string; share: string }

export function savingsFigure(s: Savings, currency: string, locale: string, opts: { signed?: boolean } = {}): Figure {
  return { amount: formatMoney(s.amount, currency, locale), share: formatPercent(s.percent, locale, opts) }
}

/** One line for the PDF and plain text: "¥3,300.00（5.81%）", "¥3,300.00 (5.81%)". */
export function figureText(f: Figure | null, locale: string): string {
  return f ? `${f.amount}${inParens(f.share, locale)}` : '—'
}

/**
 * The label and figure for the savings against the last purchase price: "savings vs last purchase
 * price ¥3,300.00 (5.81%)" at or below it, "above the last purchase price ¥300.00 (+0.69%)" above it.
 * No figure while there is no best bid.
 */
export function lastPurchaseSavings(t: T, s: Savings | null, currency: string, locale: string): { label: string; figure: Figure | null; above: boolean } {
  const above = !!s && new D(s.amount).lessThan(0)
  if (!s || !above) return { label: t('console.live.savingsVsLastPurchase'), figure: s && savingsFigure(s, currency, locale), above }
  const by = { amount: new D(s.amount).negated().toFixed(), percent: new D(s.percent).negated().toFixed() }
  return { label: t('console.live.aboveLastPurchase'), figure: savingsFigure(by, currency, locale, { signed: true }), above }
}
