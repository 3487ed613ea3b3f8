import { TableRow, type Column } from '~/ui/data-table'
import { phoneCard } from '~/ui/phone-cards'
import { TableScroller } from '~/ui/table-scroller'

/**
 * One list of a batch's trace: DataTable's columns and phone cards, without its search, sort and
 * pages (each list is one bounded read; the batch's ledger pages through everything).
 */
export function TraceTable<Row>({
  columns,
  rows,
  rowKey,
  labelledBy,
  testId,
  rowTestId,
  emptyText,
}: {
  columns: Column<Row>[]
  rows: Row[]
  rowKey: (row: Row) => string
  /** The heading naming the list, for its scroll region. */
  labelledBy: string
  testId: string
  rowTestId: string
  emptyText: string
}) {
  if (rows.length === 0)
    return (
      <p className="px-4 py-3 text-sm text-slate-500" data-testid={`${testId}-empty`}>
        {emptyText}
      </p>
    )
  return (
    <TableScroller labelledBy={labelledBy}>
      <table className={`min-w-full divide-y divide-slate-100 text-sm ${phoneCard.table}`} data-testid={testId}>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 max-sm:hidden">
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={`px-4 py-2.5 ${c.className ?? ''}`}>
                {c.hiddenLabel ? <span className="sr-only">{c.label}</span> : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={`divide-y divide-slate-100 bg-white ${phoneCard.body}`}>
          {rows.map((row) => (
            <TableRow key={rowKey(row)} columns={columns} row={row} phoneCards data-testid={rowTestId} />
          ))}
        </tbody>
      </table>
    </TableScroller>
  )
}
