import { useTranslation } from 'react-i18next'
import type { AuctionStatus } from '~/domain/auction/auction.rules'

// One badge for the console and the supplier portal (each had its own, in other colours for the same status).
const tone: Record<AuctionStatus, string> = {
  draft: 'bg-slate-100 text-slate-700',
  scheduled: 'bg-sky-100 text-sky-800',
  running: 'bg-emerald-100 text-emerald-800',
  paused: 'bg-amber-100 text-amber-800',
  closed: 'bg-indigo-100 text-indigo-800',
  awarded: 'bg-indigo-600 text-white',
  unsuccessful: 'bg-rose-100 text-rose-800',
  cancelled: 'bg-slate-200 text-slate-700',
}

/**
 * `supplier`: the supplier portal's words where a supplier reads the status otherwise than the buyer, who planned it:
 * a scheduled auction is 未开始 / Not started to the one invited (已排期, "put on the schedule", is the buyer's act).
 */
export function StatusBadge({ status, supplier = false }: { status: AuctionStatus; supplier?: boolean }) {
  const { t } = useTranslation('auction')
  return (
    <span className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${tone[status]}`} data-testid="auction-status" data-status={status}>
      {t(supplier ? [`portal.status.${status}`, `status.${status}`] : `status.${status}`)}
    </span>
  )
}
