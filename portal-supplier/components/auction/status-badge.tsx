import { useTranslation } from 'react-i18next'
import type { AuctionStatus } from '~/domain/auction/auction.rules'

const TONE: Record<AuctionStatus, string> = {
  draft: 'bg-slate-100 text-slate-700',
  scheduled: 'bg-sky-100 text-sky-800',
  running: 'bg-emerald-100 text-emerald-800',
  paused: 'bg-amber-100 text-amber-800',
  closed: 'bg-slate-200 text-slate-800',
  awarded: 'bg-indigo-100 text-indigo-800',
  unsuccessful: 'bg-rose-100 text-rose-800',
  cancelled: 'bg-rose-100 text-rose-800',
}

export function StatusBadge({ status }: { status: AuctionStatus }) {
  const { t } = useTranslation('auction')
  return (
    <span className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${TONE[status]}`} data-testid="auction-status" data-status={status}>
      {t(`status.${status}`)}
    </span>
  )
}
