import { ListForm } from '~/ui/list-form'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { titleMeta } from '~/ui/catalog/meta'
import { catalogTitle } from '~/ui/catalog/title.server'
import { staffCan } from '~/auth/roles'
import { rateToPercent } from '~/domain/catalog/catalog.rules'
import { unitName } from '~/i18n/units'
import { categoryOptions, listProducts } from '~/domain/catalog/catalog.queries.server'
import { productListOptions } from '~/domain/catalog/catalog.validation'
import { SpreadsheetActions } from '~/ui/catalog/spreadsheet-actions'
import { DataTable, type Column } from '~/ui/data-table'
import { PageHeader } from '~/ui/shell'
import { parseListParams } from '~/utils/list-params'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'catalog.view')
  const params = parseListParams(new URL(args.request.url), productListOptions)
  const [{ rows, total }, categories] = await Promise.all([listProducts(actor, params), categoryOptions(actor)])
  return {
    title: await catalogTitle(actor, 'products.title'),
    rows,
    total,
    params,
    locale: actor.locale,
    categories: categories.map((c) => ({ code: c.code, name: actor.locale === 'en' ? c.nameEn : c.nameZh })),
    canManage: staffCan(actor, 'catalog.manage'),
  }
}

type Row = Awaited<ReturnType<typeof loader>>['rows'][number]

export default function ProductsPage() {
  const { rows, total, params, locale, categories, canManage } = useLoaderData<typeof loader>()
  const { t } = useTranslation('catalog')
  const { search } = useLocation()
  const en = locale === 'en'
  const columns: Column<Row>[] = [
    {
      key: 'sku',
      label: t('products.sku'),
      sortable: true,
      cardLabel: true,
      render: (p) => (
        <Link to={`/console/products/${p.id}`} className="font-mono text-indigo-700 hover:underline" data-testid="product-sku">
          {p.sku}
        </Link>
      ),
    },
    {
      key: 'name',
      label: t('products.name'),
      sortable: true,
      cardClassName: 'max-sm:col-span-2 max-sm:order-first',
      render: (p) => (
        <div data-testid="product-name">
          <div lang={en ? 'en' : 'zh-CN'}>{en ? p.nameEn : p.nameZh}</div>
          <div className="text-xs text-slate-500" lang={en ? 'zh-CN' : 'en'}>
            {en ? p.nameZh : p.nameEn}
          </div>
        </div>
      ),
    },
    {
      key: 'category',
      label: t('products.category'),
      sortable: true,
      cardLabel: true,
      render: (p) => (
        <span>
          <span className="font-mono text-xs text-slate-500">{p.categoryCode}</span> {en ? p.categoryNameEn : p.categoryNameZh}
        </span>
      ),
    },
    { key: 'unit', label: t('products.unit'), sortable: true, cardLabel: true, render: (p) => unitName(p.unit, locale) },
    { key: 'taxRate', label: t('products.taxRate'), sortable: true, className: 'text-right', cardLabel: true, render: (p) => `${rateToPercent(p.taxRate)}%` },
    { key: 'tracking', label: t('products.tracking'), sortable: true, cardLabel: true, render: (p) => t(`tracking.${p.tracking}`) },
    {
      key: 'active',
      label: t('products.status'),
      sortable: true,
      cardLabel: true,
      render: (p) => (
        <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${p.active ? 'bg-emerald-50 text-emerald-700' : 'bg-slate-100 text-slate-600'}`} data-testid="product-status">
          {p.active ? t('products.active') : t('products.inactive')}
        </span>
      ),
    },
  ]
  const pdfHref = `/console/products.pdf${search ? `?${new URLSearchParams([...new URLSearchParams(search)].filter(([k]) => k !== 'page')).toString()}` : ''}`
  return (
    <div data-testid="products-page">
      <PageHeader
        title={t('products.title')}
        actions={
          <>
            {canManage ? (
              <Link to="/console/products/new" className="btn-primary" data-testid="new-product">
                {t('products.new')}
              </Link>
            ) : null}
            <SpreadsheetActions basePath="/console/products" canImport={canManage} />
            <a href={pdfHref} className="btn-secondary" download data-testid="catalog-pdf">
              {t('products.pdf')}
            </a>
          </>
        }
      >
        {t('products.intro')}
      </PageHeader>
      <DataTable
        testId="products-table"
        label={t('products.title')}
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        rowKey={(p) => p.id}
        // On a phone a card per product: as a table its eight columns broke names and categories mid-word (控制 / 器, 电子 / 元件).
        phoneCards
        searchLabel={t('products.search')}
        toolbar={<ProductFilters categories={categories} category={params.filters.category ?? ''} status={params.filters.status ?? ''} />}
      />
    </div>
  )
}

function ProductFilters({ categories, category, status }: { categories: Array<{ code: string; name: string }>; category: string; status: string }) {
  const { t } = useTranslation('catalog')
  return (
    <ListForm owns={['category', 'status']} className="flex flex-wrap items-center gap-2" aria-label={t('products.filters.label')} data-testid="product-filters">
      <label htmlFor="filter-category" className="sr-only">
        {t('products.filters.category')}
      </label>
      <select id="filter-category" name="category" defaultValue={category} className="input w-auto" data-testid="filter-category">
        <option value="">{t('products.filters.allCategories')}</option>
        {categories.map((c) => (
          <option key={c.code} value={c.code}>
            {c.code} · {c.name}
          </option>
        ))}
      </select>
      <label htmlFor="filter-status" className="sr-only">
        {t('products.filters.status')}
      </label>
      <select id="filter-status" name="status" defaultValue={status} className="input w-auto" data-testid="filter-status">
        <option value="">{t('products.filters.allStatuses')}</option>
        <option value="active">{t('products.filters.active')}</option>
        <option value="inactive">{t('products.filters.inactive')}</option>
      </select>
      <button type="submit" className="btn-secondary" data-testid="apply-filters">
        {t('common:actions.apply')}
      </button>
    </ListForm>
  )
}
