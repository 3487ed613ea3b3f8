import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'

const valueTone = {
  plain: 'text-slate-900',
  /** Work waiting: the count stands out. */
  active: 'text-indigo-700',
  /** Nothing waiting. */
  muted: 'text-slate-500',
  /** Something is wrong (over the credit limit). */
  warn: 'text-rose-700',
} as const

/**
 * A home page's figure with what it counts; a link to the list behind it when there is one. A money
 * figure is wider than a count: its tile takes the grid's whole width on a phone (`moneyTileSpan`).
 */
export function StatTile({
  value,
  label,
  to,
  tone = 'plain',
  valueTestId,
}: {
  value: ReactNode
  label: string
  to?: string | null
  tone?: keyof typeof valueTone
  valueTestId?: string
}) {
  const body = (
    <>
      {/* One line: a negative amount broke after its minus sign and ran out of its card on a phone. */}
      <span className={`whitespace-nowrap text-xl font-semibold tabular-nums sm:text-2xl ${valueTone[tone]}`} data-testid={valueTestId}>
        {value}
      </span>
      <span className="text-sm text-slate-600">{label}</span>
    </>
  )
  const frame = `card flex h-full flex-col gap-1 p-4 ${tone === 'active' ? 'border-indigo-200' : ''}`
  return to ? (
    <Link to={to} className={`${frame} transition hover:border-indigo-300 hover:shadow`}>
      {body}
    </Link>
  ) : (
    <div className={frame}>{body}</div>
  )
}

/** For the grid cell of a tile showing money: the whole row of a phone's two columns, one column from `sm` up. */
export const moneyTileSpan = 'col-span-2 sm:col-span-1'
