import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { consoleOrderListOptions, isPaymentFilter } from '~/domain/orders/order-list.validation'
import { listConsoleOrders } from '~/domain/orders/orders.queries.server'
import { titleMeta } from '~/ui/catalog/meta'
import { DataTable, type Column } from '~/ui/data-table'
import { OrderFilters } from '~/ui/orders/order-filters'
import { OrderListExport } from '~/ui/orders/order-list-export'
import { useOrderRevalidation } from '~/ui/orders/order-live'
import { orderListColumns } from '~/ui/orders/order-list-columns'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { parseListParams } from '~/utils/list-params'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'orders.view')
  const params = parseListParams(new URL(args.request.url), consoleOrderListOptions)
  // Only the filtered dealer travels with the page (the picker looks the others up as one types).
  const { rows, total, more, dealer } = await listConsoleOrders(actor, params)
  return { title: await pageTitle(actor, 'orders', 'console.title'), rows, total, more, params, dealer, locale: actor.locale, timeZone: actor.timeZone }
}

type Row = Awaited<ReturnType<typeof loader>>['rows'][number]

export default function ConsoleOrders() {
  const { rows, total, more, params, dealer, locale, timeZone } = useLoaderData<typeof loader>()
  const { t } = useTranslation('orders')
  const en = locale === 'en'
  // New orders and status changes refetch the page; on a later page only the rows on it matter.
  const onScreen = new Set(rows.map((r) => r.id))
  useOrderRevalidation((id) => params.page === 1 || onScreen.has(id), 1000)
  const c = orderListColumns<Row>(t, { locale, timeZone, hrefOf: (r) => `/console/orders/${r.id}`, sortable: consoleOrderListOptions.sortable })
  const columns: Column<Row>[] = [
    c.number,
    c.placed,
    {
      key: 'dealer',
      label: t('list.dealer'),
      cardClassName: 'max-sm:order-3 max-sm:col-span-2',
      render: (r) => (
        <span>
          <span className="font-mono text-xs">{r.dealerCode}</span> {en ? r.dealerNameEn : r.dealerNameZh}
        </span>
      ),
    },
    c.status,
    c.warehouse,
    c.total,
    ...(isPaymentFilter(params.filters.payment) ? [c.owed] : []),
  ]
  return (
    <div data-testid="console-orders">
      <PageHeader title={t('console.title')} actions={<OrderListExport basePath="/console/orders" total={total} />}>
        {t('console.intro')}
      </PageHeader>
      <DataTable
        testId="orders-table"
        label={t('console.title')}
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        rowKey={(r) => r.id}
        rowTestId="order-row"
        phoneCards
        searchLabel={t('list.searchConsole')}
        emptyText={t('list.empty')}
        noMatchText={t('list.emptyFiltered')}
        totalLabel={more ? t('list.totalMore', { count: total }) : undefined}
        toolbar={<OrderFilters filters={params.filters} dealerPicker={{ selected: dealer }} />}
      />
    </div>
  )
}
