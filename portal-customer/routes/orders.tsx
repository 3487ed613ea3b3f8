import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireDealer } from '~/auth/guards.server'
import { dealerOrderListOptions, isPaymentFilter } from '~/domain/orders/order-list.validation'
import { listDealerOrders } from '~/domain/orders/orders.queries.server'
import { titleMeta } from '~/ui/catalog/meta'
import { DataTable, type Column } from '~/ui/data-table'
import { useOrderRevalidation } from '~/ui/orders/order-live'
import { OrderFilters } from '~/ui/orders/order-filters'
import { orderListColumns } from '~/ui/orders/order-list-columns'
import { OrderListExport } from '~/ui/orders/order-list-export'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { parseListParams } from '~/utils/list-params'

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
  const c = orderListColumns<Row>(t, { locale, timeZone, hrefOf: (r) => `/dealer/orders/${r.id}`, sortable: dealerOrderListOptions.sortable })
  const columns: Column<Row>[] = [
    c.number,
    c.placed,
    c.status,
    { key: 'reference', label: t('list.reference'), cardClassName: 'max-sm:order-3 max-sm:col-span-2', render: (r) => r.dealerReference ?? '' },
    c.warehouse,
    c.total,
    ...(isPaymentFilter(params.filters.payment) ? [c.owed] : []),
  ]
  return (
    <div data-testid="dealer-orders">
      <PageHeader
        title={t('list.title')}
        actions={
          <>
            <Link to="/dealer/cart" className="btn-secondary">
              {t('list.toCart')}
            </Link>
            <OrderListExport basePath="/dealer/orders" total={total} />
          </>
        }
      >
        {t('list.intro')}
      </PageHeader>
      <DataTable
        testId="orders-table"
        label={t('list.title')}
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        rowKey={(r) => r.id}
        rowTestId="order-row"
        phoneCards
        searchLabel={t('list.search')}
        // "No orders yet" under a status or date filter told a dealer with orders that it had none.
        emptyText={t('list.empty')}
        noMatchText={t('list.emptyFiltered')}
        toolbar={<OrderFilters filters={params.filters} />}
      />
    </div>
  )
}
