import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { staffCan } from '~/auth/roles'
import { priceCoverage } from '~/domain/sales/price-coverage.server'
import { listPriceLists } from '~/domain/sales/sales.queries.server'
import { priceListListOptions } from '~/domain/sales/sales.validation'
import { titleMeta } from '~/ui/catalog/meta'
import { DataTable, type Column } from '~/ui/data-table'
import { pageTitle } from '~/ui/page-title.server'
import { validity } from '~/ui/sales/validity'
import { PageHeader } from '~/ui/shell'
import { ListForm } from '~/ui/list-form'
import { PriceCoverageWarnings } from '~/ui/sales/price-coverage'
import { ManagersChange } from '~/ui/sales/managers-change'
import { parseListParams } from '~/utils/list-params'
import { useRevalidateOn } from '~/realtime/client'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'pricing.view')
  const params = parseListParams(new URL(args.request.url), priceListListOptions)
  const ending = params.filters.coverage === 'ending'
  // Filtered (the home's queue links here so), the warnings are exactly what the queue counts, and the table their lists.
  const [{ rows, total }, coverage] = await Promise.all([listPriceLists(actor, params), priceCoverage(actor, { ending })])
  return { title: await pageTitle(actor, 'sales', 'priceLists.title'), rows, total, params, coverage, locale: actor.locale, canManage: staffCan(actor, 'pricing.manage') }
}

type Row = Awaited<ReturnType<typeof loader>>['rows'][number]

export default function PriceListsPage() {
  const { rows, total, params, coverage, locale, canManage } = useLoaderData<typeof loader>()
  const { t } = useTranslation('sales')
  const en = locale === 'en'
  // A colleague's edit (a price, an import, new dates) shows in the item counts and validity without a reload.
  // A list's new dates, tier or currency (productIds null) may move any tier's coverage; so may a dealer's new terms.
  useRevalidateOn('prices:changed', ({ priceListId, productIds }) => productIds === null || rows.some((r) => r.id === priceListId), 1000)
  useRevalidateOn('dealer:termsChanged', () => true, 1000)
  const columns: Column<Row>[] = [
    {
      key: 'code',
      label: t('priceLists.code'),
      sortable: true,
      cardClassName: 'max-sm:order-1 max-sm:col-span-2',
      render: (r) => (
        <Link to={`/console/price-lists/${r.id}`} className="font-mono text-indigo-700 hover:underline" data-testid="price-list-code">
          {r.code}
        </Link>
      ),
    },
    { key: 'name', label: t('priceLists.name'), cardClassName: 'max-sm:order-2 max-sm:col-span-2 max-sm:mb-1', render: (r) => (en ? r.nameEn : r.nameZh) },
    { key: 'tier', label: t('priceLists.tier'), sortable: true, cardClassName: 'max-sm:order-3', cardLabel: true, render: (r) => <span className="font-mono">{r.tier}</span> },
    { key: 'currency', label: t('priceLists.currency'), cardClassName: 'max-sm:order-4', cardLabel: true, render: (r) => r.currency },
    { key: 'validFrom', label: t('priceLists.validity'), sortable: true, cardClassName: 'max-sm:order-6 max-sm:col-span-2', cardLabel: true, render: (r) => validity(r, locale, t('priceLists.openEnded')) },
    { key: 'items', label: t('priceLists.items'), sortable: true, className: 'text-right tabular-nums', cardClassName: 'max-sm:order-5', cardLabel: true, render: (r) => r.items },
  ]
  return (
    <div data-testid="price-lists-page">
      <PageHeader
        title={t('priceLists.title')}
        actions={
          canManage ? (
            <Link to="/console/price-lists/new" className="btn-primary" data-testid="new-price-list">
              {t('priceLists.new')}
            </Link>
          ) : null
        }
      >
        {t('priceLists.intro')}
        <ManagersChange canManage={canManage} />
      </PageHeader>
      <PriceCoverageWarnings rows={coverage} locale={locale} />
      <DataTable
        testId="price-lists-table"
        label={t('priceLists.title')}
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        rowKey={(r) => r.id}
        searchLabel={t('priceLists.search')}
        // On a phone a card per list: as a table its code and name stood a word or a character a line.
        phoneCards
        toolbar={
          <ListForm owns={['coverage']} className="flex flex-wrap items-center gap-2" data-testid="coverage-filter">
            <label className="flex items-center gap-1 text-sm">
              <input type="checkbox" name="coverage" value="ending" defaultChecked={params.filters.coverage === 'ending'} data-testid="filter-coverage" />
              {t('coverage.filter')}
            </label>
            <button type="submit" className="btn-secondary">
              {t('coverage.apply')}
            </button>
          </ListForm>
        }
      />
    </div>
  )
}
