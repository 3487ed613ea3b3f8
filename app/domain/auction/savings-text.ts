// The savings against the last purchase price in words, for the live monitor, the results page and
// the results PDF alike. Unlike the ceiling's (no bid is above the ceiling) they go negative when the
// best bid is above what was paid last time, and "¥300.00 (3%)" under "savings" would then read as
// a saving: a negative one keeps its minus and says it is above the last purchase price.
import { formatMoney } from '~/utils/money'
import { formatPercent } from '~/utils/percent'
import { inParens } from '~/utils/intl'

type T = (key: string, params?: Record<string, unknown>) => string

export function lastPurchaseSavingsText(t: T, s: { amount: string; percent: string } | null, currency: string, locale: string): string {
  if (!s) return '—'
  const value = `${formatMoney(s.amount, currency, locale)}${inParens(formatPercent(s.percent, locale), locale)}`
  return s.amount.startsWith('-') ? t('console.live.aboveLastPurchase', { value }) : value
}
