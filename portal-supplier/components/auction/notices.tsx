import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SupplierProjection } from '~/domain/auction/auction-projection.rules'
import { formatDateTimeSeconds } from '~/utils/dates'
import { formatMoney } from '~/utils/money'
import { NO_ALERTS, nextAlerts, type LiveAlerts, type RankAlert } from './live-alerts'

/**
 * Live (socket joined) or offline, where the page still works through plain form posts; once the
 * bidding is over, neither: "Live" on a closed auction read as if bids could still be placed.
 */
export function ConnectionIndicator({ connected, finished = false }: { connected: boolean; finished?: boolean }) {
  const { t } = useTranslation('auction')
  if (finished)
    return (
      <span className="inline-flex items-center gap-1.5 rounded-full bg-slate-100 px-2.5 py-1 text-xs font-medium text-slate-700" data-testid="connection-status" data-state="closed">
        <span className="h-2 w-2 rounded-full bg-slate-400" aria-hidden />
        {t('portal.connection.closed')}
      </span>
    )
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

/**
 * What changed since the last state this tab saw (live-alerts.ts decides): an outbid alert when the
 * own rank got worse, a void of the supplier's own bid said as such, anyone else's void (never whose) with the own rank if it moved, a notice with the new end after
 * an extension, a resume or the buyer's extension, and the pause notice with the buyer's reason. Compared against the previous
 * projection the page held, so a reload does not replay old alerts; all cleared once the auction is over.
 * End times are shown to the second: an end moved within its minute must read as moved.
 */
export function LiveNotices({ view, locale, timeZone }: { view: SupplierProjection; locale: string; timeZone: string }) {
  const { t } = useTranslation('auction')
  const prev = useRef<SupplierProjection>(view)
  const [alerts, setAlerts] = useState<LiveAlerts>(NO_ALERTS)

  useEffect(() => {
    const before = prev.current
    prev.current = view
    setAlerts((held) => nextAlerts(before, view, held))
  }, [view])

  const when = (i: string) => formatDateTimeSeconds(i, locale, timeZone)
  const money = (a: string) => formatMoney(a, view.currency, locale)
  const { rank, end } = alerts
  const dismissRank = () => setAlerts((a) => ({ ...a, rank: null }))
  const dismissEnd = () => setAlerts((a) => ({ ...a, end: null }))
  const voidedText = (a: Extract<RankAlert, { kind: 'voided' }>) => {
    const amount = money(a.amount)
    if (a.current === null || a.to === null) return t('portal.notice.voidedNoBid', { amount })
    if (a.from === null || a.from === a.to) return t('portal.notice.voidedSameRank', { amount, current: money(a.current), rank: a.to })
    return t('portal.notice.voided', { amount, current: money(a.current), from: a.from, to: a.to })
  }
  // Whose bid is never said; the own rank only when the void moved it.
  const othersVoidedText = (a: Extract<RankAlert, { kind: 'othersVoided' }>) =>
    a.from !== null && a.to !== null && a.from !== a.to ? t('portal.notice.othersVoidedRank', { from: a.from, to: a.to }) : t('portal.notice.othersVoided')
  const endText = end?.kind === 'extended' ? t('portal.notice.extended', { endsAt: when(end.endsAt), count: end.count }) : end ? t(end.kind === 'resumed' ? 'portal.notice.resumed' : 'portal.notice.endMoved', { endsAt: when(end.endsAt) }) : null
  const endTone = end?.kind === 'extended' ? 'border-sky-300 bg-sky-50 text-sky-900' : 'border-emerald-300 bg-emerald-50 text-emerald-900'
  // The alerts stand outside the polite regions (an alert inside one was announced twice or politely),
  // and each dismiss button outside what its region reads (announcements ended in "Dismiss"); the
  // polite regions are always there, so a notice added to one is read.
  return (
    <div>
      {rank?.kind === 'outbid' ? (
        <RankAlert title={t('portal.notice.outbidTitle')} text={t('portal.notice.outbid', { from: rank.from, to: rank.to })} dismiss={dismissRank} testId="outbid-alert" />
      ) : null}
      {rank?.kind === 'voided' ? <RankAlert title={t('portal.notice.voidedTitle')} text={voidedText(rank)} dismiss={dismissRank} testId="voided-alert" /> : null}
      {/* A rival's bid voided: news for everyone, not a warning, so read politely; dismiss beside it, outside the region. */}
      <div className="grid">
        <div role="status" className="col-start-1 row-start-1">
          {rank?.kind === 'othersVoided' ? (
            <p id="others-voided-text" className="mb-2 rounded-md border border-slate-300 bg-slate-50 py-3 pl-4 pr-24 text-sm text-slate-900" data-testid="others-voided-notice">
              {othersVoidedText(rank)}
            </p>
          ) : null}
        </div>
        {rank?.kind === 'othersVoided' ? (
          <button type="button" className="col-start-1 row-start-1 mr-4 mt-2.5 min-h-6 self-start justify-self-end text-sm text-slate-700 underline" onClick={dismissRank} aria-describedby="others-voided-text">
            {t('portal.notice.dismiss')}
          </button>
        ) : null}
      </div>
      <div role="status">
        {view.status === 'paused' ? (
          <p className="mb-2 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="pause-notice">
            {t('portal.notice.paused')}
            {view.statusNote?.reason ? (
              <span className="mt-1 block whitespace-pre-line" data-testid="pause-reason">
                {t('portal.notice.reason', { reason: view.statusNote.reason })}
              </span>
            ) : null}
          </p>
        ) : null}
      </div>
      {/* The dismiss button shares the notice's grid cell: beside its text on screen, outside the region that reads it. */}
      <div className="grid">
        <div role="status" className="col-start-1 row-start-1">
          {end && endText ? (
            <p id="end-notice-text" className={`mb-2 rounded-md border py-3 pl-4 pr-24 text-sm ${endTone}`} data-testid={end.kind === 'extended' ? 'extension-notice' : end.kind === 'resumed' ? 'resume-notice' : 'end-moved-notice'}>
              {endText}
            </p>
          ) : null}
        </div>
        {end && endText ? (
          <button type="button" className={`col-start-1 row-start-1 mr-4 mt-2.5 min-h-6 self-start justify-self-end text-sm underline ${end.kind === 'extended' ? 'text-sky-700' : 'text-emerald-700'}`} onClick={dismissEnd} aria-describedby="end-notice-text">
            {t('portal.notice.dismiss')}
          </button>
        ) : null}
      </div>
    </div>
  )
}

function RankAlert({ title, text, dismiss, testId }: { title: string; text: string; dismiss: () => void; testId: string }) {
  const { t, i18n } = useTranslation('auction')
  return (
    <div className="mb-2 flex items-start justify-between gap-3 rounded-md border border-rose-300 bg-rose-50 px-4 py-3 text-sm text-rose-900">
      <p role="alert" id={`${testId}-text`} data-testid={testId}>
        {/* Chinese sentences follow each other without a space after 。 */}
        <strong>{title}</strong>
        {i18n.language === 'en' ? ' ' : null}
        {text}
      </p>
      <button type="button" className="-my-0.5 min-h-6 shrink-0 text-rose-700 underline" onClick={dismiss} aria-describedby={`${testId}-text`}>
        {t('portal.notice.dismiss')}
      </button>
    </div>
  )
}
