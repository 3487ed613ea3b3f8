import { useTranslation } from 'react-i18next'
import { lastPurchaseSavings, type Figure } from '~/domain/auction/savings-text'
import { inParens } from '~/utils/intl'

/**
 * An amount and its share in parentheses, each kept whole: the savings tile (six to a row at 1280 px)
 * wrapped inside its figures; the line may break only between the two (at the space in English,
 * before the full-width parenthesis in Chinese).
 */
export function SavingsFigure({ figure, locale }: { figure: Figure | null; locale: string }) {
  if (!figure) return <>—</>
  const share = inParens(figure.share, locale)
  const gap = share.startsWith(' ') ? ' ' : ''
  return (
    <>
      <span className="whitespace-nowrap">{figure.amount}</span>
      {gap}
      <span className="whitespace-nowrap">{share.trimStart()}</span>
    </>
  )
}

/** The savings against the last purchase price, or how far above it the best bid is: label and figure on lines of their own. */
export function LastPurchaseSavings({ view, locale, testId }: { view: { savingsVsLastPurchase?: { amount: string; percent: string } | null; currency: string }; locale: string; testId: string }) {
  const { t } = useTranslation('auction')
  const s = view.savingsVsLastPurchase ?? null
  const { label, figure, above } = lastPurchaseSavings(t, s, view.currency, locale)
  return (
    <>
      <span className="block text-slate-500" data-testid={`${testId}-label`}>
        {label}
      </span>
      <span className="tabular-nums" data-testid={testId} data-amount={s?.amount ?? ''} data-above={above}>
        <SavingsFigure figure={figure} locale={locale} />
      </span>
    </>
  )
}
