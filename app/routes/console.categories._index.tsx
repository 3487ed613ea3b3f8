import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { titleMeta } from '~/ui/catalog/meta'
import { catalogTitle } from '~/ui/catalog/title.server'
import { staffCan } from '~/auth/roles'
import { listCategories } from '~/domain/catalog/catalog.queries.server'
import { categoryListOptions } from '~/domain/catalog/catalog.validation'
import { SpreadsheetActions } from '~/ui/catalog/spreadsheet-actions'
import { DataTable, type Column } from '~/ui/data-table'
import { PageHeader } from '~/ui/shell'
import { parseListParams } from '~/utils/list-params'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'catalog.view')
  const params = parseListParams(new URL(args.request.url), categoryListOptions)
  const { rows, total } = await listCategories(actor, params)
  return {
    title: await catalogTitle(actor, 'categories.title'),
    rows,
    total,
    params,
    locale: actor.locale,
    canManage: staffCan(actor, 'catalog.manage'),
  }
}

type Row = Awaited<ReturnType<typeof loader>>['rows'][number]

export default function CategoriesPage() {
  const { rows, total, params, locale, canManage } = useLoaderData<typeof loader>()
  const { t } = useTranslation('catalog')
  const en = locale === 'en'
  const columns: Column<Row>[] = [
    {
      key: 'code',
      label: t('categories.code'),
      sortable: true,
      render: (c) =>
        canManage ? (
          <Link to={`/console/categories/${c.id}`} className="font-mono text-indigo-700 hover:underline" data-testid="category-code">
            {c.code}
          </Link>
        ) : (
          <span className="font-mono" data-testid="category-code">
            {c.code}
          </span>
        ),
    },
    {
      key: 'name',
      label: t('categories.name'),
      sortable: true,
      render: (c) => (
        <div>
          <div>{en ? c.nameEn : c.nameZh}</div>
          <div className="text-xs text-slate-500">{en ? c.nameZh : c.nameEn}</div>
        </div>
      ),
    },
    {
      key: 'products',
      label: t('categories.products'),
      sortable: true,
      className: 'text-right',
      render: (c) => (
        <Link
          to={`/console/products?category=${encodeURIComponent(c.code)}`}
          // A one-digit count was a 9 px target: at least 24 px wide (WCAG 2.5.8).
          className="inline-block min-w-6 text-center tabular-nums text-indigo-700 hover:underline"
          aria-label={`${t('categories.viewProducts')}: ${c.code}`}
          data-testid="category-product-count"
        >
          {c.productCount}
        </Link>
      ),
    },
  ]
  return (
    <div data-testid="categories-page">
      <PageHeader
        title={t('categories.title')}
        actions={
          <>
            {canManage ? (
              <Link to="/console/categories/new" className="btn-primary" data-testid="new-category">
                {t('categories.new')}
              </Link>
            ) : null}
            <SpreadsheetActions basePath="/console/categories" canImport={canManage} />
          </>
        }
      >
        {t('categories.intro')}
      </PageHeader>
      <DataTable testId="categories-table" label={t('categories.title')} columns={columns} rows={rows} total={total} params={params} rowKey={(c) => c.id} searchLabel={t('categories.search')} />
    </div>
  )
}
