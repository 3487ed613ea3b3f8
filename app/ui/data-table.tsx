import { Link, useLocation, useNavigation } from '@remix-run/react'
import { ListForm } from './list-form'
import { TableScroller } from './table-scroller'
import { phoneCard } from './phone-cards'
import { useTranslation } from 'react-i18next'
import { pageCount, type ListParams } from '~/utils/list-params'

export interface Column<Row> {
  key: string
  label: string
  /** Read by screen readers only: an action column has a name but shows none. */
  hiddenLabel?: boolean
  sortable?: boolean
  className?: string
  /** With `phoneCards`: the cell's place in a row's card below `sm` (max-sm: classes, e.g. a grid column span). */
  cardClassName?: string
  /** With `phoneCards`: the label shown above the cell in a card, where no column header stands over it. */
  cardLabel?: boolean
  render: (row: Row) => React.ReactNode
}

type RowAttributes = Omit<React.HTMLAttributes<HTMLTableRowElement>, 'children'> & { [data: `data-${string}`]: string | number | undefined }

/**
 * One body row of a list's columns: a cell per column, its `className` and, with `phoneCards`, its place in the row's card
 * and its label there. DataTable draws its rows with it, and so do the lists that show columns without its search and
 * pages (a batch's trace, a product's balances), so a row reads the same in all of them, on a phone too.
 */
export function TableRow<Row>({
  columns,
  row,
  phoneCards,
  className,
  cellClassName = 'px-4 py-2.5 align-top',
  expanded,
  ...attributes
}: {
  columns: Column<Row>[]
  row: Row
  phoneCards?: boolean
  className?: string
  /** Each cell's padding and alignment, before the column's own classes. */
  cellClassName?: string
  /** A full-width row under it (null: collapsed). */
  expanded?: React.ReactNode
} & RowAttributes) {
  const line = (
    <tr className={`${className ?? ''} ${phoneCards ? phoneCard.row : ''}`} {...attributes}>
      {columns.map((c) => (
        <td key={c.key} className={`${cellClassName} ${c.className ?? ''} ${phoneCards ? `${phoneCard.cell} ${c.cardClassName ?? ''}` : ''}`}>
          {phoneCards && c.cardLabel ? <div className={phoneCard.label}>{c.label}</div> : null}
          {c.render(row)}
        </td>
      ))}
    </tr>
  )
  if (!expanded) return line
  return (
    <>
      {line}
      {/* Under a card, a block across the card's width like the card itself. */}
      <tr className={`bg-slate-50/60 ${phoneCards ? 'max-sm:block' : ''}`}>
        <td colSpan={columns.length} className={`px-4 pb-4 pt-1 ${phoneCards ? 'max-sm:block' : ''}`}>
          {expanded}
        </td>
      </tr>
    </>
  )
}

/** Server-side search, sort and pagination: every control is a link or a GET form, so the URL is the state. */
export function DataTable<Row>({
  columns,
  rows,
  total,
  params,
  rowKey,
  searchLabel,
  toolbar,
  emptyText,
  noMatchText,
  testId = 'data-table',
  renderExpanded,
  totalLabel,
  rowTestId,
  label,
  phoneCards,
}: {
  columns: Column<Row>[]
  rows: Row[]
  total: number
  /** With its `filters`, an empty list under a filter says nothing matches, not that there is nothing yet. */
  params: Pick<ListParams, 'q' | 'page' | 'pageSize' | 'sort' | 'dir'> & { filters?: ListParams['filters'] }
  rowKey: (row: Row) => string
  searchLabel?: string
  toolbar?: React.ReactNode
  emptyText?: string
  /** What an empty list under a search or filter says, where the list can name its rows ("No orders match…"). */
  noMatchText?: string
  testId?: string
  /** Content of a full-width row under the row, when it is expanded (null: collapsed). */
  renderExpanded?: (row: Row) => React.ReactNode
  /** Replaces the "N rows" text, e.g. when a large list counts only a bounded number ahead. */
  totalLabel?: string
  /** A test id for every body row. */
  rowTestId?: string
  /** The name of the table's scroll region, a tab stop ("Table" unless told). */
  label?: string
  /**
   * Below `sm` each row reads as a two-column card (app/ui/phone-cards.ts) and the header as a bar
   * of its sort links; from `sm` up the table is as without it.
   */
  phoneCards?: boolean
}) {
  const { t } = useTranslation()
  const location = useLocation()
  const navigation = useNavigation()
  const pages = pageCount(total, params.pageSize)
  const href = (changes: Record<string, string | number | undefined>) => {
    const sp = new URLSearchParams(location.search)
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') sp.delete(k)
      else sp.set(k, String(v))
    }
    return `${location.pathname}?${sp.toString()}`
  }
  const loading = navigation.state === 'loading' && navigation.location?.pathname === location.pathname
  // An old link or a list that shrank: a page past the last says so and links back, rather than "Page 2 of 1, nothing here yet".
  const beyondEnd = rows.length === 0 && params.page > pages
  const lastPage = href({ page: pages > 1 ? pages : undefined })
  return (
    <div className="card overflow-hidden" data-testid={testId}>
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 p-3">
        <ListForm owns={['q']} className="flex min-w-56 flex-1 items-center gap-2" role="search">
          <label htmlFor={`${testId}-q`} className="sr-only">
            {searchLabel ?? t('actions.search')}
          </label>
          <input id={`${testId}-q`} name="q" type="search" defaultValue={params.q} placeholder={searchLabel ?? t('actions.search')} className="input max-w-xs" />
          {/* Kept whole: with a wide toolbar beside it, flex shrank the button until 搜索 broke into two lines. */}
          <button type="submit" className="btn-secondary shrink-0 whitespace-nowrap">
            {t('actions.search')}
          </button>
        </ListForm>
        {toolbar}
      </div>
      <TableScroller label={label ?? t('table.region')} className={loading ? 'opacity-60' : ''}>
        <table className={`min-w-full divide-y divide-slate-100 text-sm ${phoneCards ? phoneCard.table : ''}`}>
          <thead className={`bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 ${phoneCards ? 'max-sm:block' : ''}`}>
            <tr className={phoneCards ? 'max-sm:flex max-sm:flex-wrap' : undefined}>
              {columns.map((c) => {
                const active = params.sort === c.key
                const nextDir = active && params.dir === 'asc' ? 'desc' : 'asc'
                return (
                  <th
                    key={c.key}
                    scope="col"
                    className={`px-4 py-2.5 ${c.className ?? ''} ${phoneCards ? (c.sortable ? 'max-sm:px-3 max-sm:py-2' : 'max-sm:hidden') : ''}`}
                    aria-sort={active ? (params.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                  >
                    {c.sortable ? (
                      <Link to={href({ sort: c.key, dir: nextDir, page: undefined })} className="-my-1 inline-flex min-w-6 items-center gap-1 py-1 hover:text-slate-900" preventScrollReset>
                        {c.label}
                        <span aria-hidden>{active ? (params.dir === 'asc' ? '▲' : '▼') : '↕'}</span>
                      </Link>
                    ) : c.hiddenLabel ? (
                      <span className="sr-only">{c.label}</span>
                    ) : (
                      c.label
                    )}
                  </th>
                )
              })}
            </tr>
          </thead>
          <tbody className={`divide-y divide-slate-100 bg-white ${phoneCards ? phoneCard.body : ''}`}>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="px-4 py-10 text-center text-slate-500" data-testid="empty-state">
                  {beyondEnd ? (
                    <>
                      {t('table.beyondEnd', { page: params.page, pages })}{' '}
                      <Link to={lastPage} className="link" data-testid="last-page-link">
                        {t('table.toLastPage', { pages })}
                      </Link>
                    </>
                  ) : params.q || Object.keys(params.filters ?? {}).length ? (
                    (noMatchText ?? t('table.noResults'))
                  ) : (
                    (emptyText ?? t('table.empty'))
                  )}
                </td>
              </tr>
            ) : (
              rows.map((row) => <TableRow key={rowKey(row)} columns={columns} row={row} phoneCards={phoneCards} className="hover:bg-slate-50/60" expanded={renderExpanded?.(row)} data-testid={rowTestId} />)
            )}
          </tbody>
        </table>
      </TableScroller>
      <div className="flex items-center justify-between border-t border-slate-100 px-4 py-2.5 text-sm text-slate-600">
        <span data-testid="table-total">{totalLabel ?? t('table.total', { count: total })}</span>
        <nav className="flex items-center gap-2" aria-label={t(beyondEnd ? 'table.beyondEnd' : 'table.page', { page: params.page, pages })}>
          {params.page > 1 ? (
            <Link className="btn-ghost" to={beyondEnd ? lastPage : href({ page: params.page - 1 })} rel="prev">
              {t('actions.previous')}
            </Link>
          ) : null}
          {beyondEnd ? null : <span>{t('table.page', { page: params.page, pages })}</span>}
          {params.page < pages ? (
            <Link className="btn-ghost" to={href({ page: params.page + 1 })} rel="next">
              {t('actions.next')}
            </Link>
          ) : null}
        </nav>
      </div>
    </div>
  )
}
