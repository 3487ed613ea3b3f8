import { FilterSelect, ListForm } from '~/ui/list-form'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireDealer } from '~/auth/guards.server'
import { listDealerCatalog } from '~/domain/sales/dealer-catalog.queries.server'
import { catalogListOptions } from '~/domain/sales/sales.validation'
import { formatTaxRate } from '~/domain/sales/pricing.rules'
import { titleMeta } from '~/ui/catalog/meta'
import { DataTable, type Column } from '~/ui/data-table'
import { AddToCart } from '~/ui/orders/add-to-cart'
import { NoPriceListNotice } from '~/ui/orders/no-price-list'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { parseListParams } from '~/utils/list-params'
import { AvailabilityText, BreaksText, PriceText, useCatalogLabels, useCatalogRevalidation } from '../components/catalog'
import { unitName } from '~/i18n/units'

export const meta = titleMeta

// The dealer is the session's organization; nothing in the URL names a dealer or a tier, and
// unknown query parameters are ignored by parseListParams. Responses leave as no-store (server default).
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireDealer(args)
  const params = parseListParams(new URL(args.request.url), catalogListOptions)
  const { rows, total, categories, pricing } = await listDealerCatalog(actor, params)
  const en = actor.locale === 'en'
  return {
    title: await pageTitle(actor, 'sales', 'catalog.title'),
    rows,
    total,
    params,
    locale: actor.locale,
    categories: categories.map((c) => ({ code: c.code, name: en ? c.nameEn : c.nameZh })),
    pricing,
  }
}

type Row = Awaited<ReturnType<typeof loader>>['rows'][number]

export default function DealerCatalog() {
  const { rows, total, params, locale, categories, pricing } = useLoaderData<typeof loader>()
  const { t } = useTranslation('sales')
  const labels = useCatalogLabels()
  const addLabel = t('orders:cart.add')
  const en = locale === 'en'
  useCatalogRevalidation(rows.map((r) => r.productId))
  const columns: Column<Row>[] = [
    {
      key: 'sku',
      label: t('catalog.col.sku'),
      sortable: true,
      cardClassName: 'max-sm:col-span-2',
      render: (r) => (
        <Link to={`/dealer/catalog/${r.productId}`} className="whitespace-nowrap font-mono text-indigo-700 hover:underline" data-testid="catalog-sku">
          {r.sku}
        </Link>
      ),
    },
    {
      key: 'name',
      label: t('catalog.col.product'),
      sortable: true,
      cardClassName: 'max-sm:col-span-2 max-sm:mb-1',
      render: (r) => (
        <div>
          <div>{en ? r.nameEn : r.nameZh}</div>
          <div className="text-xs text-slate-500">{en ? r.categoryNameEn : r.categoryNameZh}</div>
        </div>
      ),
    },
    {
      key: 'price',
      label: t('catalog.col.price'),
      cardLabel: true,
      render: (r) => (
        <div>
          <PriceText price={r.price} unit={unitName(r.unit, locale)} locale={locale} labels={labels} />
          <BreaksText price={r.price} unit={r.unit} locale={locale} labels={labels} />
        </div>
      ),
    },
    // On a phone (a card per row, DataTable's phoneCards) the tax rate and the unit (the price already says "/ unit")
    // give their room to what a dealer acts on: price, availability and the add button.
    { key: 'tax', label: t('catalog.col.tax'), className: 'hidden text-right tabular-nums sm:table-cell', render: (r) => formatTaxRate(r.taxRate, locale) },
    { key: 'unit', label: t('catalog.col.unit'), className: 'hidden whitespace-nowrap sm:table-cell', render: (r) => unitName(r.unit, locale) },
    {
      key: 'available',
      label: t('catalog.col.available'),
      sortable: true,
      className: 'sm:min-w-40',
      cardLabel: true,
      render: (r) => (
        <div data-testid="catalog-row-atp" data-sku={r.sku}>
          <AvailabilityText availability={r.availability} total={r.available} locale={locale} labels={labels} />
        </div>
      ),
    },
    {
      key: 'order',
      label: t('orders:cart.addColumn'),
      cardClassName: 'max-sm:col-span-2 max-sm:mt-2',
      render: (r) => (r.price ? <AddToCart productId={r.productId} sku={r.sku} minQty={r.price.minQty} wholeUnits={r.wholeUnits} locale={locale} addLabel={addLabel} compact /> : null),
    },
  ]
  return (
    <div data-testid="dealer-catalog">
      <PageHeader title={t('catalog.title')}>{t('catalog.intro')}</PageHeader>
      <NoPriceListNotice state={pricing.state} salesContact={pricing.salesContact} />
      <DataTable
        testId="catalog-table"
        label={t('catalog.title')}
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        rowKey={(r) => r.productId}
        // A dealer on a phone sees a product's price and availability and adds it without scrolling sideways.
        phoneCards
        searchLabel={t('catalog.search')}
        emptyText={t('catalog.empty')}
        toolbar={<CatalogFilters categories={categories} filters={params.filters} />}
      />
    </div>
  )
}

function CatalogFilters({ categories, filters }: { categories: Array<{ code: string; name: string }>; filters: Record<string, string> }) {
  const { t } = useTranslation('sales')
  return (
    <ListForm owns={['category', 'inStock']} className="flex flex-wrap items-center gap-2" data-testid="catalog-filters">
      <FilterSelect
        name="category"
        label={t('catalog.filter.category')}
        value={filters.category}
        all={t('catalog.filter.allCategories')}
        options={categories.map((c) => ({ value: c.code, label: c.name }))}
      />
      <label className="flex items-center gap-1 text-sm">
        <input type="checkbox" name="inStock" value="1" defaultChecked={filters.inStock === '1'} data-testid="filter-in-stock" />
        {t('catalog.filter.inStock')}
      </label>
      <button type="submit" className="btn-secondary">
        {t('catalog.filter.apply')}
      </button>
    </ListForm>
  )
}
