import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { titleMeta } from '~/ui/catalog/meta'
import { catalogTitle } from '~/ui/catalog/title.server'
import { staffCan } from '~/auth/roles'
import { listWarehouses } from '~/domain/catalog/catalog.queries.server'
import { warehouseListOptions } from '~/domain/catalog/catalog.validation'
import { SpreadsheetActions } from '~/ui/catalog/spreadsheet-actions'
import { DataTable, type Column } from '~/ui/data-table'
import { PageHeader } from '~/ui/shell'
import { parseListParams } from '~/utils/list-params'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'catalog.view')
  const params = parseListParams(new URL(args.request.url), warehouseListOptions)
  const { rows, total } = await listWarehouses(actor, params)
  return {
    title: await catalogTitle(actor, 'warehouses.title'),
    rows,
    total,
    params,
    locale: actor.locale,
    canManage: staffCan(actor, 'catalog.manage'),
  }
}

type Row = Awaited<ReturnType<typeof loader>>['rows'][number]

export default function WarehousesPage() {
  const { rows, total, params, locale, canManage } = useLoaderData<typeof loader>()
  const { t } = useTranslation('catalog')
  const en = locale === 'en'
  const columns: Column<Row>[] = [
    {
      key: 'code',
      label: t('warehouses.code'),
      sortable: true,
      render: (w) => (
        <Link to={`/console/warehouses/${w.id}`} className="whitespace-nowrap font-mono text-indigo-700 hover:underline" data-testid="warehouse-code">
          {w.code}
        </Link>
      ),
    },
    {
      key: 'name',
      label: t('warehouses.name'),
      sortable: true,
      render: (w) => (
        <div>
          <div>{en ? w.nameEn : w.nameZh}</div>
          <div className="text-xs text-slate-500">{en ? w.nameZh : w.nameEn}</div>
        </div>
      ),
    },
    { key: 'address', label: t('warehouses.address'), cardLabel: true, cardClassName: 'max-sm:col-span-2', render: (w) => <span className="text-slate-600">{w.address ?? '—'}</span> },
    {
      key: 'bins',
      label: t('warehouses.bins'),
      sortable: true,
      cardLabel: true,
      cardClassName: 'max-sm:col-span-2',
      render: (w) =>
        w.bins.length ? (
          <ul className="flex flex-wrap gap-1" aria-label={t('warehouses.binCount', { count: w.bins.length })} data-testid="warehouse-bins">
            {w.bins.map((b) => (
              <li key={b.id} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">
                {b.code}
              </li>
            ))}
          </ul>
        ) : (
          <span className="text-slate-500">{t('warehouses.noBins')}</span>
        ),
    },
  ]
  return (
    <div data-testid="warehouses-page">
      <PageHeader
        title={t('warehouses.title')}
        actions={
          <>
            {canManage ? (
              <Link to="/console/warehouses/new" className="btn-primary" data-testid="new-warehouse">
                {t('warehouses.new')}
              </Link>
            ) : null}
            <SpreadsheetActions basePath="/console/warehouses" canImport={canManage} />
          </>
        }
      >
        {t('warehouses.intro')}
      </PageHeader>
      {/* On a phone a card per warehouse: as a table the address stood two or three characters per line and the code broke at its hyphen. */}
      <DataTable testId="warehouses-table" label={t('warehouses.title')} columns={columns} rows={rows} total={total} params={params} rowKey={(w) => w.id} searchLabel={t('warehouses.search')} phoneCards />
    </div>
  )
}
