import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireDealer } from '~/auth/guards.server'
import { dealerOrderListOptions } from '~/domain/orders/order-list.validation'
import { listDealerOrders } from '~/domain/orders/orders.queries.server'
import { titleMeta } from '~/ui/catalog/meta'
import { DataTable, type Column } from '~/ui/data-table'
import { useOrderRevalidation } from '~/ui/orders/order-live'
import { OrderFilters } from '~/ui/orders/order-filters'
import { OrderStatusBadge } from '~/ui/orders/order-view'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { formatDateTime } from '~/utils/dates'
import { parseListParams } from '~/utils/list-params'
import { formatMoney } from '~/utils/money'

export const meta = titleMeta

// Only the session's dealer's orders: nothing in the URL names a dealer.
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireDealer(args)
  const params = parseListParams(new URL(args.request.url), dealerOrderListOptions)
  const { rows, total } = await listDealerOrders(actor, params)
  return { title: await pageTitle(actor, 'orders', 'list.title'), rows, total, params, locale: actor.locale, timeZone: actor.timeZone }
}

type Row = Awaited<ReturnType<typeof loader>>['rows'][number]

export default function DealerOrders() {
  const { rows, total, params, locale, timeZone } = useLoaderData<typeof loader>()
  const { t } = useTranslation('orders')
  // A new order of a colleague appears too: any change of this dealer's orders refetches the page.
  useOrderRevalidation(undefined, 1000)
  const columns: Column<Row>[] = [
    {
      key: 'number',
      label: t('list.number'),
      sortable: true,
      render: (r) => (
        <Link to={`/dealer/orders/${r.id}`} className="font-mono text-indigo-700 hover:underline" data-testid="order-link">
          {r.number}
        </Link>
      ),
    },
    { key: 'created', label: t('list.placed'), sortable: true, render: (r) => <span className="tabular-nums">{formatDateTime(r.createdAt, locale, timeZone)}</span> },
    { key: 'status', label: t('list.status'), render: (r) => <OrderStatusBadge status={r.status} needsApproval={r.needsApproval} /> },
    { key: 'reference', label: t('list.reference'), render: (r) => r.dealerReference ?? '' },
    { key: 'warehouse', label: t('list.warehouse'), render: (r) => <span className="font-mono text-xs">{r.warehouseCode}</span> },
    { key: 'total', label: t('list.total'), sortable: true, className: 'text-right tabular-nums', render: (r) => formatMoney(r.total, r.currency, locale) },
  ]
  return (
    <div data-testid="dealer-orders">
      <PageHeader
        title={t('list.title')}
        actions={
          <Link to="/dealer/cart" className="btn-secondary">
            {t('list.toCart')}
          </Link>
        }
      >
        {t('list.intro')}
      </PageHeader>
      <DataTable
        testId="orders-table"
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        rowKey={(r) => r.id}
        searchLabel={t('list.search')}
        emptyText={t('list.empty')}
        toolbar={<OrderFilters filters={params.filters} />}
      />
    </div>
  )
}
