import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { staffCan } from '~/auth/roles'
import { requisitionListOptions, requisitionStatuses } from '~/domain/orders/order-list.validation'
import { listRequisitions } from '~/domain/orders/orders.queries.server'
import { titleMeta } from '~/ui/catalog/meta'
import { DataTable, type Column } from '~/ui/data-table'
import { FilterSelect, ListForm } from '~/ui/list-form'
import { useRevalidateOn } from '~/realtime/client'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { formatDateTime } from '~/utils/dates'
import { parseListParams } from '~/utils/list-params'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'requisitions.view')
  const params = parseListParams(new URL(args.request.url), requisitionListOptions)
  const { rows, total } = await listRequisitions(actor, params)
  return { title: await pageTitle(actor, 'orders', 'requisitions.title'), rows, total, params, locale: actor.locale, timeZone: actor.timeZone, canSeeOrders: staffCan(actor, 'orders.view') }
}

type Row = Awaited<ReturnType<typeof loader>>['rows'][number]

export default function Requisitions() {
  const { rows, total, params, locale, timeZone, canSeeOrders } = useLoaderData<typeof loader>()
  const { t } = useTranslation('orders')
  // A new order with a shortfall raises a requisition, and its order's changes shrink or cancel it.
  useRevalidateOn('requisition:changed', undefined, 1000)
  const columns: Column<Row>[] = [
    {
      key: 'number',
      label: t('requisitions.number'),
      sortable: true,
      render: (r) => (
        <Link to={`/console/requisitions/${r.id}`} className="font-mono text-indigo-700 hover:underline" data-testid="requisition-link">
          {r.number}
        </Link>
      ),
    },
    { key: 'created', label: t('requisitions.created'), sortable: true, render: (r) => <span className="tabular-nums">{formatDateTime(r.createdAt, locale, timeZone)}</span> },
    { key: 'status', label: t('list.status'), render: (r) => <span data-testid="requisition-status">{t(`requisitions.status.${r.status}`)}</span> },
    {
      key: 'source',
      label: t('requisitions.source'),
      render: (r) =>
        r.sourceOrderId && r.sourceOrderNumber ? (
          canSeeOrders ? (
            <Link to={`/console/orders/${r.sourceOrderId}`} className="font-mono text-indigo-700 hover:underline">
              {r.sourceOrderNumber}
            </Link>
          ) : (
            <span className="font-mono">{r.sourceOrderNumber}</span>
          )
        ) : (
          t(`requisitions.sourceType.${r.sourceType}`, { defaultValue: r.sourceType })
        ),
    },
    { key: 'lines', label: t('requisitions.lines'), className: 'text-right tabular-nums', render: (r) => r.lineCount },
  ]
  return (
    <div data-testid="requisitions-page">
      <PageHeader title={t('requisitions.title')}>{t('requisitions.intro')}</PageHeader>
      <DataTable
        testId="requisitions-table"
        label={t('requisitions.title')}
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        rowKey={(r) => r.id}
        searchLabel={t('requisitions.search')}
        emptyText={t('requisitions.empty')}
        toolbar={
          <ListForm owns={['status']} className="flex items-center gap-2">
            <FilterSelect
              name="status"
              label={t('list.status')}
              value={params.filters.status}
              all={t('list.allStatuses')}
              options={requisitionStatuses.map((s) => ({ value: s, label: t(`requisitions.status.${s}`) }))}
            />
            <button type="submit" className="btn-secondary">
              {t('list.apply')}
            </button>
          </ListForm>
        }
      />
    </div>
  )
}
