import { useTranslation } from 'react-i18next'

/**
 * Said once, above the catalog or the cart, when the dealer cannot be priced at all today (no terms, or no list of its tier
 * in its currency in force): every line would otherwise just read "price on request" or be refused one by one, which
 * looks like a fault of each product. Names the dealer's sales contact when it has one.
 */
export function NoPriceListNotice({ state, salesContact }: { state: 'ok' | 'noTerms' | 'noPriceList'; salesContact: { name: string; email: string } | null }) {
  const { t } = useTranslation('sales')
  if (state === 'ok') return null
  return (
    <div role="status" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="no-price-list">
      <p className="font-medium">
        {state === 'noTerms' ? t('catalog.noTerms') : salesContact ? t('catalog.noPriceListNamed', { name: salesContact.name }) : t('catalog.noPriceList')}{' '}
        {state === 'noPriceList' && salesContact ? (
          <a href={`mailto:${salesContact.email}`} className="link" data-testid="no-price-list-contact">
            {salesContact.email}
          </a>
        ) : null}
      </p>
      {state === 'noPriceList' ? <p className="mt-1 text-amber-800">{t('catalog.noPriceListHint')}</p> : null}
    </div>
  )
}
