import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { consoleOrderListOptions } from '~/domain/orders/order-list.validation'
import { dealerOptions, listConsoleOrders } from '~/domain/orders/orders.queries.server'
import { titleMeta } from '~/ui/catalog/meta'
import { DataTable, type Column } from '~/ui/data-table'
import { OrderFilters } from '~/ui/orders/order-filters'
import { useOrderRevalidation } from '~/ui/orders/order-live'
import { OrderStatusBadge } from '~/ui/orders/order-view'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { formatDateTime } from '~/utils/dates'
import { parseListParams } from '~/utils/list-params'
import { formatMoney } from '~/utils/money'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'orders.view')
  const params = parseListParams(new URL(args.request.url), consoleOrderListOptions)
  const [{ rows, total, more }, dealers] = await Promise.all([listConsoleOrders(actor, params), dealerOptions(actor)])
  return { title: await pageTitle(actor, 'orders', 'console.title'), rows, total, more, params, dealers, locale: actor.locale, timeZone: actor.timeZone }
}

type Row = Awaited<ReturnType<typeof loader>>['rows'][number]

export default function ConsoleOrders() {
  const { rows, total, more, params, dealers, locale, timeZone } = useLoaderData<typeof loader>()
  const { t } = useTranslation('orders')
  const en = locale === 'en'
  // New orders and status changes refetch the page; on a later page only the rows on it matter.
  const onScreen = new Set(rows.map((r) => r.id))
  useOrderRevalidation((id) => params.page === 1 || onScreen.has(id), 1000)
  const columns: Column<Row>[] = [
    {
      key: 'number',
      label: t('list.number'),
      sortable: true,
      render: (r) => (
        <Link to={`/console/orders/${r.id}`} className="font-mono text-indigo-700 hover:underline" data-testid="order-link">
          {r.number}
        </Link>
      ),
    },
    { key: 'created', label: t('list.placed'), sortable: true, render: (r) => <span className="tabular-nums">{formatDateTime(r.createdAt, locale, timeZone)}</span> },
    {
      key: 'dealer',
      label: t('list.dealer'),
      render: (r) => (
        <span>
          <span className="font-mono text-xs">{r.dealerCode}</span> {en ? r.dealerNameEn : r.dealerNameZh}
        </span>
      ),
    },
    { key: 'status', label: t('list.status'), render: (r) => <OrderStatusBadge status={r.status} needsApproval={r.needsApproval} /> },
    { key: 'warehouse', label: t('list.warehouse'), render: (r) => <span className="font-mono text-xs">{r.warehouseCode}</span> },
    { key: 'total', label: t('list.total'), className: 'text-right tabular-nums', render: (r) => formatMoney(r.total, r.currency, locale) },
  ]
  return (
    <div data-testid="console-orders">
      <PageHeader title={t('console.title')}>{t('console.intro')}</PageHeader>
      <DataTable
        testId="orders-table"
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        rowKey={(r) => r.id}
        searchLabel={t('list.searchConsole')}
        emptyText={t('list.emptyConsole')}
        totalLabel={more ? t('list.totalMore', { count: total }) : undefined}
        toolbar={<OrderFilters filters={params.filters} dealers={dealers} locale={locale} />}
      />
    </div>
  )
}
