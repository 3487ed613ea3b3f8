import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { productBySku, searchBatches, type BatchMatch } from '~/domain/inventory/batch-trace.queries.server'
import { BATCH_SEARCH_LIMIT, PRODUCT_QUERY_MAX, TRACE_PRODUCT_OPTIONS_URL, batchSearchOptions, tracePath } from '~/domain/inventory/batch-trace.validation'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { unitName } from '~/i18n/units'
import { titleMeta } from '~/ui/catalog/meta'
import { DataTable, type Column } from '~/ui/data-table'
import { ListForm } from '~/ui/list-form'
import { pageTitle } from '~/ui/page-title.server'
import { PartyPicker, type PartyOption } from '~/ui/parties/party-picker'
import { PageHeader } from '~/ui/shell'
import { parseListParams } from '~/utils/list-params'

export const meta = titleMeta

/** Batches and serial numbers by their first characters, across products or of one (`?product=` a SKU). */
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'inventory.view')
  const parsed = parseListParams(new URL(args.request.url), batchSearchOptions)
  // One page of at most BATCH_SEARCH_LIMIT: a longer prefix narrows it, a page number would not help anyone find a lot.
  const params = { ...parsed, page: 1, pageSize: BATCH_SEARCH_LIMIT }
  const sku = params.filters.product ?? ''
  const product = sku ? await productBySku(actor, sku) : null
  const found = sku && !product ? { rows: [], more: false } : await searchBatches(actor, { q: params.q, productId: product?.id ?? null })
  const en = actor.locale === 'en'
  return {
    title: await pageTitle(actor, 'inventory', 'traceability.title'),
    rows: found.rows,
    more: found.more,
    params,
    locale: actor.locale,
    selected: product ? { code: product.sku, name: en ? product.nameEn : product.nameZh } : null,
    unknownSku: sku && !product ? sku : null,
  }
}

export default function BatchSearchPage() {
  const { rows, more, params, locale, selected, unknownSku } = useLoaderData<typeof loader>()
  const { t } = useTranslation('inventory')
  const en = locale === 'en'
  const columns: Column<BatchMatch>[] = [
    {
      key: 'batch',
      label: t('traceability.col.batch'),
      cardClassName: 'max-sm:col-span-2',
      render: (r) => (
        <Link to={tracePath(r.productId, r.batch)} className="break-all font-mono text-indigo-700 hover:underline" data-testid="trace-match-batch">
          {r.batch}
        </Link>
      ),
    },
    {
      key: 'product',
      label: t('col.product'),
      cardClassName: 'max-sm:col-span-2',
      render: (r) => (
        <span data-testid="trace-match-product">
          <span className="font-mono text-xs">{r.sku}</span> {en ? r.nameEn : r.nameZh}
        </span>
      ),
    },
    { key: 'tracking', label: t('traceability.col.tracking'), cardLabel: true, render: (r) => t(`catalog:tracking.${r.tracking}`) },
    { key: 'onHand', label: t('col.onHand'), className: 'text-right tabular-nums', cardLabel: true, render: (r) => `${formatQuantity(r.onHand, locale)} ${unitName(r.unit, locale, r.onHand)}` },
    { key: 'reserved', label: t('col.reserved'), className: 'text-right tabular-nums', cardLabel: true, render: (r) => formatQuantity(r.reserved, locale) },
    { key: 'warehouses', label: t('traceability.col.warehouses'), cardLabel: true, render: (r) => <span className="font-mono text-xs">{r.warehouses.length ? r.warehouses.join(' ') : '—'}</span> },
  ]
  return (
    <div data-testid="trace-search-page">
      <PageHeader
        title={t('traceability.title')}
        actions={
          <Link to="/console/inventory" className="btn-ghost">
            {t('product.backToList')}
          </Link>
        }
      >
        {t('traceability.intro')}
      </PageHeader>
      {unknownSku ? (
        <p className="mb-3 text-sm text-amber-800" role="status" data-testid="trace-unknown-product">
          {t('traceability.unknownProduct', { sku: unknownSku })}
        </p>
      ) : null}
      <DataTable
        testId="trace-matches"
        label={t('traceability.title')}
        rowTestId="trace-match"
        columns={columns}
        rows={rows}
        total={rows.length}
        params={params}
        rowKey={(r) => `${r.productId}:${r.batch}`}
        searchLabel={t('traceability.search')}
        emptyText={t('traceability.empty')}
        // A product chosen lists all its batches: nothing listed is news of the product, not a call to choose one.
        noMatchText={selected && !params.q ? t('traceability.noneOfProduct', { sku: selected.code }) : undefined}
        phoneCards
        toolbar={<ProductFilter value={params.filters.product ?? ''} selected={selected} />}
      />
      {more ? (
        <p className="mt-2 text-sm text-slate-600" data-testid="trace-more">
          {t('traceability.more', { count: rows.length })}
        </p>
      ) : null}
    </div>
  )
}

function ProductFilter({ value, selected }: { value: string; selected: PartyOption | null }) {
  const { t } = useTranslation('inventory')
  return (
    <ListForm owns={['product']} className="flex flex-wrap items-center gap-2" data-testid="trace-product-filter">
      <label htmlFor="trace-product" className="sr-only">
        {t('traceability.product')}
      </label>
      <PartyPicker
        id="trace-product"
        name="product"
        endpoint={TRACE_PRODUCT_OPTIONS_URL}
        value={value}
        selected={selected}
        label={t('traceability.product')}
        placeholder={t('traceability.productPicker.placeholder')}
        searching={t('traceability.productPicker.searching')}
        noMatches={t('traceability.productPicker.noMatches')}
        clear={t('traceability.productPicker.clear')}
        matches={(count) => t('traceability.productPicker.matches', { count })}
        maxLength={PRODUCT_QUERY_MAX}
        className="w-64"
        testId="trace-product"
      />
      <button type="submit" className="btn-secondary">
        {t('traceability.apply')}
      </button>
    </ListForm>
  )
}
