import { Link } from '@remix-run/react'
import type { TFunction } from 'i18next'
import type { Column } from '~/ui/data-table'
import { formatDateTime } from '~/utils/dates'
import { formatMoney } from '~/utils/money'
import { OrderStatusBadge } from './order-view'

interface OrderListRow {
  id: string
  number: string
  createdAt: string
  status: Parameters<typeof OrderStatusBadge>[0]['status']
  warehouseCode: string
  total: string
  currency: string
  owed?: string
}

/**
 * The columns the console's and the dealer's order lists share; each list adds its own and picks
 * the order. A column is sortable where the list's options say so (the console sorts only by
 * indexed columns). On a phone each row is a card (DataTable's phoneCards) placed by max-sm:order:
 * number and status on top, then the list's own column (order-3, a line of its own), when, the
 * total, the warehouse and what is owed; the total sat past the right edge of a sideways-scrolling table.
 */
export function orderListColumns<R extends OrderListRow>(
  t: TFunction,
  opts: { locale: string; timeZone: string; hrefOf: (r: R) => string; sortable: readonly string[] },
) {
  const sortable = (key: string) => opts.sortable.includes(key)
  return {
    number: {
      key: 'number',
      label: t('list.number'),
      sortable: sortable('number'),
      cardClassName: 'max-sm:order-1',
      render: (r) => (
        <Link to={opts.hrefOf(r)} className="whitespace-nowrap font-mono text-indigo-700 hover:underline" data-testid="order-link">
          {r.number}
        </Link>
      ),
    },
    placed: {
      key: 'created',
      label: t('list.placed'),
      sortable: sortable('created'),
      cardClassName: 'max-sm:order-4',
      render: (r) => <span className="whitespace-nowrap tabular-nums">{formatDateTime(r.createdAt, opts.locale, opts.timeZone)}</span>,
    },
    status: { key: 'status', label: t('list.status'), cardClassName: 'max-sm:order-2', render: (r) => <OrderStatusBadge status={r.status} /> },
    warehouse: { key: 'warehouse', label: t('list.warehouse'), cardClassName: 'max-sm:order-6', render: (r) => <span className="font-mono text-xs">{r.warehouseCode}</span> },
    total: { key: 'total', label: t('list.total'), sortable: sortable('total'), className: 'text-right tabular-nums', cardClassName: 'max-sm:order-5', cardLabel: true, render: (r) => <span data-testid="order-list-total">{formatMoney(r.total, r.currency, opts.locale)}</span> },
    /** Only rows of a list filtered by ?payment=unpaid carry it. */
    owed: {
      key: 'owed',
      label: t('list.owed'),
      className: 'text-right tabular-nums',
      cardClassName: 'max-sm:order-7',
      cardLabel: true,
      render: (r) => (r.owed === undefined ? '' : <span data-testid="order-owed">{formatMoney(r.owed, r.currency, opts.locale)}</span>),
    },
  } satisfies Record<string, Column<R>>
}
