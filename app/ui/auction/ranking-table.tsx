// The buyer's ranking by supplier name, shared by the live monitor and the results. The two differ
// in their test hooks, columns and last cell, so those come in as props; the rest stays in one place.
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { BuyerLadderRow } from '~/domain/auction/auction-projection.rules'
import { logTime } from './event-log'

export interface RankingColumn {
  header: ReactNode
  headerClassName: string
  className: string
  cell: (r: BuyerLadderRow) => ReactNode
}

export function RankingTable({
  rows,
  money,
  locale,
  timeZone,
  rowTestId,
  rowData,
  supplierName,
  supplierTestId,
  amountTestId,
  surrogateClassName,
  extraColumns = [],
  last,
  time,
}: {
  rows: BuyerLadderRow[]
  money: (amount: string) => string
  locale: string
  timeZone: string
  rowTestId: string
  /** data-* attributes beyond data-rank that a page's tests read. */
  rowData?: (r: BuyerLadderRow) => Record<`data-${string}`, string | number>
  supplierName: (r: BuyerLadderRow) => ReactNode
  supplierTestId?: string
  amountTestId?: string
  surrogateClassName: string
  /** Columns between the amount and the time. */
  extraColumns?: RankingColumn[]
  /** The last column (an action or a badge), its header read but not shown ("Actions" unless told). */
  last: Pick<RankingColumn, 'className' | 'cell'> & { header?: string }
  /** How a bid's time reads (the live monitor drops the date on the auction's day); the full date and time unless told. */
  time?: (iso: string) => string
}) {
  const { t } = useTranslation('auction')
  return (
    <table className="w-full text-sm">
      <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
        <tr>
          <th className="whitespace-nowrap px-3 py-2">{t('console.live.rank')}</th>
          <th className="px-3 py-2">{t('console.live.supplier')}</th>
          <th className="whitespace-nowrap px-3 py-2 text-right">{t('console.live.amount')}</th>
          {extraColumns.map((c, i) => (
            <th key={i} className={c.headerClassName}>
              {c.header}
            </th>
          ))}
          <th className="px-3 py-2">{t('console.live.time')}</th>
          <th className="px-3 py-2">
            <span className="sr-only">{last.header ?? t('common:table.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.orgId} className="border-t border-slate-100" data-testid={rowTestId} {...rowData?.(r)} data-rank={r.rank}>
            <td className="px-3 py-1.5 tabular-nums">{r.rank}</td>
            <td className="px-3 py-1.5" data-testid={supplierTestId}>
              {/* A floor under the name (a cell's own min-width is not kept): on a phone the name was left a column one character
                  wide. Not from lg, where the monitor's ladder is half the page: there the floor pushed the time out of sight. */}
              <div className="min-w-[7rem] lg:min-w-0">
                {supplierName(r)}
                {r.surrogate ? <span className={surrogateClassName}>{t('console.live.surrogate')}</span> : null}
              </div>
            </td>
            <td className="whitespace-nowrap px-3 py-1.5 text-right tabular-nums" data-testid={amountTestId}>
              {money(r.amount)}
            </td>
            {extraColumns.map((c, i) => (
              <td key={i} className={c.className}>
                {c.cell(r)}
              </td>
            ))}
            <td className="whitespace-nowrap px-3 py-1.5 tabular-nums text-slate-500">{time ? time(r.at) : logTime(r.at, locale, timeZone)}</td>
            <td className={last.className}>{last.cell(r)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
