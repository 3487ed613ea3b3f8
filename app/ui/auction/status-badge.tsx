import { useTranslation } from 'react-i18next'
import type { AuctionStatus } from '~/domain/auction/auction.rules'

const tone: Record<AuctionStatus, string> = {
  draft: 'bg-slate-100 text-slate-600',
  scheduled: 'bg-sky-50 text-sky-700',
  running: 'bg-emerald-50 text-emerald-700',
  paused: 'bg-amber-50 text-amber-700',
  closed: 'bg-indigo-50 text-indigo-700',
  awarded: 'bg-indigo-600 text-white',
  unsuccessful: 'bg-rose-50 text-rose-700',
  cancelled: 'bg-slate-200 text-slate-500',
}

export function StatusBadge({ status }: { status: AuctionStatus }) {
  const { t } = useTranslation('auction')
  return (
    <span className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${tone[status]}`} data-testid="auction-status" data-status={status}>
      {t(`status.${status}`)}
    </span>
  )
}
