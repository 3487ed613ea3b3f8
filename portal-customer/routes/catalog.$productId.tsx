import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireDealer } from '~/auth/guards.server'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { dealerPricingState, getDealerCatalogItem } from '~/domain/sales/dealer-catalog.queries.server'
import { formatTaxRate, formatUnitPrice } from '~/domain/sales/pricing.rules'
import { titleMeta } from '~/ui/catalog/meta'
import { AddToCart } from '~/ui/orders/add-to-cart'
import { NoPriceListNotice } from '~/ui/orders/no-price-list'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { AvailabilityText, PriceText, useCatalogLabels, useCatalogRevalidation } from '../components/catalog'
import { unitName } from '~/i18n/units'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireDealer(args)
  // Unknown, malformed or inactive: the same 404, so ids reveal nothing.
  const [item, pricing] = await Promise.all([getDealerCatalogItem(actor, args.params.productId ?? ''), dealerPricingState(actor.orgId)])
  if (!item) throw new Response('Not found', { status: 404 })
  return { title: await pageTitle(actor, 'sales', 'catalog.product.title', { sku: item.sku }), item, pricing, locale: actor.locale }
}

export default function DealerCatalogProduct() {
  const { item, pricing, locale } = useLoaderData<typeof loader>()
  const { t } = useTranslation('sales')
  const labels = useCatalogLabels()
  const en = locale === 'en'
  useCatalogRevalidation([item.productId])
  return (
    <div data-testid="catalog-product">
      <PageHeader
        title={`${item.sku} · ${en ? item.nameEn : item.nameZh}`}
        actions={
          <Link to="/dealer/catalog" className="btn-secondary">
            {t('catalog.product.back')}
          </Link>
        }
      >
        {en ? item.categoryNameEn : item.categoryNameZh}
      </PageHeader>
      <NoPriceListNotice state={pricing.state} salesContact={pricing.salesContact} />
      <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
        <section className="card p-4" aria-labelledby="price-heading">
          <h2 id="price-heading" className="mb-3 font-semibold">
            {t('catalog.product.price')}
          </h2>
          <dl className="grid grid-cols-2 gap-y-2 text-sm">
            <dt className="text-slate-600">{t('catalog.col.price')}</dt>
            <dd>
              <PriceText price={item.price} unit={unitName(item.unit, locale)} locale={locale} labels={labels} />
            </dd>
            <dt className="text-slate-600">{t('catalog.col.tax')}</dt>
            <dd data-testid="tax-rate">{formatTaxRate(item.taxRate, locale)}</dd>
            <dt className="text-slate-600">{t('catalog.col.unit')}</dt>
            <dd>{unitName(item.unit, locale)}</dd>
          </dl>
          {item.price && item.price.breaks.length > 0 ? (
            <table className="mt-4 min-w-full text-sm" data-testid="break-table">
              <thead className="text-left text-xs uppercase text-slate-500">
                <tr>
                  <th scope="col" className="py-1">
                    {t('catalog.product.fromQty')}
                  </th>
                  <th scope="col" className="py-1 text-right">
                    {t('catalog.product.unitPrice')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {item.price.breaks.map((b) => (
                  <tr key={b.minQty} data-testid="break-row">
                    <td className="py-1 tabular-nums">≥{formatQuantity(b.minQty, locale)}</td>
                    <td className="py-1 text-right tabular-nums">{formatUnitPrice(b.unitPrice, item.price!.currency, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {item.price ? <AddToCart productId={item.productId} sku={item.sku} minQty={item.price.minQty} wholeUnits={item.wholeUnits} locale={locale} /> : null}
        </section>
        <section className="card p-4" aria-labelledby="atp-heading">
          <h2 id="atp-heading" className="mb-3 font-semibold">
            {t('catalog.product.availability')}
          </h2>
          <AvailabilityText availability={item.availability} total={item.available} locale={locale} labels={labels} />
          <p className="mt-3 text-xs text-slate-500">{t('catalog.product.atpHint')}</p>
        </section>
      </div>
    </div>
  )
}
