import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SupplierProjection } from '~/domain/auction/auction-projection.rules'
import { formatDateTime } from '~/utils/dates'

/** Live (socket joined) or offline, where the page still works through plain form posts. */
export function ConnectionIndicator({ connected }: { connected: boolean }) {
  const { t } = useTranslation('auction')
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ${connected ? 'bg-emerald-50 text-emerald-800' : 'bg-amber-50 text-amber-800'}`}
      data-testid="connection-status"
      data-state={connected ? 'live' : 'offline'}
      title={connected ? t('portal.connection.liveHint') : t('portal.connection.offlineHint')}
    >
      <span className={`h-2 w-2 rounded-full ${connected ? 'bg-emerald-500' : 'bg-amber-500'}`} aria-hidden />
      {connected ? t('portal.connection.live') : t('portal.connection.offline')}
    </span>
  )
}

type Alert = { kind: 'outbid'; from: number; to: number } | { kind: 'extended'; endsAt: string; count: number } | { kind: 'resumed'; endsAt: string }

/**
 * What changed since the last state this tab saw: an outbid alert when the own rank got worse,
 * an extension notice with the new end, and pause/resume notices. Compared against the previous
 * projection the page held, so a reload does not replay old alerts.
 */
export function LiveNotices({ view, locale, timeZone }: { view: SupplierProjection; locale: string; timeZone: string }) {
  const { t } = useTranslation('auction')
  const prev = useRef<SupplierProjection>(view)
  const [outbid, setOutbid] = useState<Extract<Alert, { kind: 'outbid' }> | null>(null)
  const [notice, setNotice] = useState<Exclude<Alert, { kind: 'outbid' }> | null>(null)

  useEffect(() => {
    const before = prev.current
    prev.current = view
    if (before === view || before.seq > view.seq) return
    if (before.myRank !== null && view.myRank !== null && view.myRank > before.myRank) setOutbid({ kind: 'outbid', from: before.myRank, to: view.myRank })
    if (view.myRank !== null && before.myRank !== null && view.myRank < before.myRank) setOutbid(null)
    if (view.extensions > before.extensions) setNotice({ kind: 'extended', endsAt: view.endsAt, count: view.extensions })
    if (before.status === 'paused' && view.status === 'running') setNotice({ kind: 'resumed', endsAt: view.endsAt })
  }, [view])

  const when = (i: string) => formatDateTime(i, locale, timeZone)
  return (
    <div className="space-y-2" aria-live="polite">
      {outbid ? (
        <div role="alert" className="flex items-start justify-between gap-3 rounded-md border border-rose-300 bg-rose-50 px-4 py-3 text-sm text-rose-900" data-testid="outbid-alert">
          <span>
            <strong>{t('portal.notice.outbidTitle')}</strong> {t('portal.notice.outbid', { from: outbid.from, to: outbid.to })}
          </span>
          <button type="button" className="text-rose-700 underline" onClick={() => setOutbid(null)}>
            {t('portal.notice.dismiss')}
          </button>
        </div>
      ) : null}
      {view.status === 'paused' ? (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="pause-notice">
          {t('portal.notice.paused')}
        </div>
      ) : null}
      {notice?.kind === 'extended' ? (
        <div role="status" className="flex items-start justify-between gap-3 rounded-md border border-sky-300 bg-sky-50 px-4 py-3 text-sm text-sky-900" data-testid="extension-notice">
          <span>{t('portal.notice.extended', { endsAt: when(notice.endsAt), count: notice.count })}</span>
          <button type="button" className="text-sky-700 underline" onClick={() => setNotice(null)}>
            {t('portal.notice.dismiss')}
          </button>
        </div>
      ) : null}
      {notice?.kind === 'resumed' ? (
        <div role="status" className="flex items-start justify-between gap-3 rounded-md border border-emerald-300 bg-emerald-50 px-4 py-3 text-sm text-emerald-900" data-testid="resume-notice">
          <span>{t('portal.notice.resumed', { endsAt: when(notice.endsAt) })}</span>
          <button type="button" className="text-emerald-700 underline" onClick={() => setNotice(null)}>
            {t('portal.notice.dismiss')}
          </button>
        </div>
      ) : null}
    </div>
  )
}
