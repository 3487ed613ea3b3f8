import { useFetcher, useRevalidator } from '@remix-run/react'
import { useCallback, useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { SupplierProjection } from '~/domain/auction/auction-projection.rules'
import { isOpenAuction } from '~/domain/auction/auction.rules'
import { formatCountdown, useAuctionRoom, useCountdown } from '~/realtime/use-auction-room'
import { pausedMsLeft } from '~/ui/auction/paused-clock'
import { ACTION_TOKEN_FIELD } from '~/auth/action-token'
import { useRootData } from '~/root'
import { useErrorText } from '~/ui/form'
import { formatDateTimeSeconds } from '~/utils/dates'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { unitName } from '~/i18n/units'
import type { BidResult } from './bid-answer'
import { BidPanel } from './bid-panel'
import { ConnectionIndicator, LiveNotices } from './notices'
import { FinalResult, MyBids, Standing, SupplierLadder } from './standing'
import { StatusBadge } from '~/ui/auction/status-badge'
import { AcceptTermsForm, AuctionTermsList, type SupplierAuctionTerms } from './terms'

export type { BidResult }

export interface RoomAuction {
  id: string
  title: string
  description: string | null
  lines: { position: number; description: string; quantity: string; unit: string }[]
}

const FINISHED = ['closed', 'awarded', 'unsuccessful', 'cancelled']

/**
 * The newer of the socket's state and the loader's projection (by seq): the loader catches up
 * after a form post or a revalidation, the socket between them; neither may roll the other back.
 */
function newest(live: SupplierProjection | null, loaded: SupplierProjection): SupplierProjection {
  if (!live) return loaded
  return loaded.seq > live.seq ? loaded : live
}

export function AuctionRoom({
  auction,
  terms,
  loaderView,
  clientBidId,
  locale,
  timeZone,
  postedResult,
  postedErrors,
  termsErrors,
}: {
  auction: RoomAuction
  terms: SupplierAuctionTerms
  loaderView: SupplierProjection
  clientBidId: string
  locale: string
  timeZone: string
  postedResult?: BidResult
  postedErrors?: string[]
  termsErrors?: string[]
}) {
  const { t } = useTranslation('auction')
  const room = useAuctionRoom(auction.id, loaderView)
  const liveState = room.state && room.state.viewer === 'supplier' ? (room.state as SupplierProjection) : null
  const view = newest(liveState, loaderView)
  const fallback = useFallbackBid(auction.id)

  const send = useCallback(
    async (amount: string, confirm: boolean): Promise<BidResult> => {
      if (!room.connected) return fallback.bid(amount, confirm)
      const ack = await room.bid(amount, confirm)
      if (ack.ok) return { ok: true, amount: ack.bid.amount, bidId: ack.bid.id }
      // NETWORK (no answer after the hook's retries) is shown as is, not re-posted: the first
      // attempt may have landed, and a new post would be a new intent with a new id. Only a rule's
      // refusal quotes a highest acceptable amount (null: none); NETWORK and the like quote none.
      return {
        ok: false,
        code: ack.error.code,
        message: ack.error.message,
        ...(ack.error.maxAcceptable !== undefined ? { maxAcceptable: ack.error.maxAcceptable } : {}),
        confirmationThreshold: ack.error.confirmationThreshold,
      }
    },
    [room, fallback],
  )

  const finished = FINISHED.includes(view.status)
  useOfflineRefresh(!room.connected && !finished)
  const needsTerms = !view.acceptedTerms && isOpenAuction(view.status)

  return (
    <div className="mt-2 space-y-6">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="page-title" data-testid="auction-title">
            {auction.title}
          </h1>
          <div className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <StatusBadge status={view.status} supplier />
            <span>{t('portal.room.participants', { count: view.participants })}</span>
          </div>
        </div>
        <ConnectionIndicator connected={room.connected} finished={finished} />
      </header>

      <LiveNotices view={view} locale={locale} timeZone={timeZone} />

      {!finished ? <Clock view={view} serverNow={room.serverNow} locale={locale} timeZone={timeZone} /> : null}

      {needsTerms ? (
        <section className="card p-6" aria-labelledby="terms-heading" data-testid="terms-section">
          <h2 id="terms-heading" className="mb-3 text-base font-semibold">
            {t('portal.terms.title')}
          </h2>
          <AuctionTermsList terms={terms} locale={locale} timeZone={timeZone} />
          <AcceptTermsForm errors={termsErrors} />
        </section>
      ) : null}

      {finished ? <FinalResult view={view} locale={locale} timeZone={timeZone} /> : null}

      {!needsTerms && !finished ? (
        // On a phone the rank and the best price come first, right above the form (under time pressure they
        // were a scroll below it), and the ladder after the form; from lg the form is the left column and
        // the figures with the ladder the right one, as before.
        <div className="grid gap-6 lg:grid-cols-2">
          <div className="lg:col-start-2 lg:row-start-1">
            <Standing view={view} locale={locale} />
          </div>
          <div className={`lg:col-start-1 lg:row-start-1 lg:[&>section]:h-full ${view.ladder ? 'lg:row-span-2' : ''}`}>
            <BidPanel
              view={view}
              send={send}
              clientBidId={clientBidId}
              locale={locale}
              postedResult={postedResult}
              postedErrors={postedErrors}
              maxSingleDropPercent={terms.maxSingleDropPercent}
            />
          </div>
          {view.ladder ? (
            <div className="lg:col-start-2 lg:row-start-2">
              <SupplierLadder view={view} locale={locale} />
            </div>
          ) : null}
        </div>
      ) : null}

      <MyBids view={view} locale={locale} timeZone={timeZone} />

      <section className="card p-6" aria-labelledby="lot-heading">
        <h2 id="lot-heading" className="mb-3 text-base font-semibold">
          {t('portal.room.lot')}
        </h2>
        {auction.description ? <p className="mb-3 whitespace-pre-line text-sm text-slate-700">{auction.description}</p> : null}
        <table className="min-w-full text-sm" data-testid="auction-lines">
          <thead className="text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1 pr-4">#</th>
              <th className="py-1 pr-4">{t('portal.room.lineDescription')}</th>
              <th className="py-1 pr-4 text-right">{t('portal.room.lineQuantity')}</th>
              <th className="py-1">{t('portal.room.lineUnit')}</th>
            </tr>
          </thead>
          <tbody>
            {auction.lines.map((l) => (
              <tr key={l.position} className="border-t border-slate-100">
                <td className="py-1 pr-4 text-slate-500">{l.position}</td>
                <td className="py-1 pr-4">{l.description}</td>
                {/* "5,000" not the stored "5000.000"; a product's unit code in the reader's language (件, pcs), a unit typed freely as typed. */}
                <td className="py-1 pr-4 text-right tabular-nums">{formatQuantity(l.quantity, locale)}</td>
                <td className="py-1">{unitName(l.unit, locale, l.quantity)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-3 text-xs text-slate-500">{t('portal.room.lotTotalHint')}</p>
        {!needsTerms ? (
          <details className="mt-4">
            <summary className="cursor-pointer text-sm font-medium text-indigo-700">{t('portal.terms.title')}</summary>
            <div className="mt-2">
              <AuctionTermsList terms={terms} locale={locale} timeZone={timeZone} />
            </div>
          </details>
        ) : null}
      </section>
    </div>
  )
}

/**
 * The countdown to the end (or, before the start, to the start), from the server's clock as the
 * room hook estimates it: a client whose own clock is off still counts down right.
 */
export function Clock({ view, serverNow, locale, timeZone }: { view: SupplierProjection; serverNow: () => number; locale: string; timeZone: string }) {
  const { t } = useTranslation('auction')
  const toEnd = useCountdown(view.endsAt, serverNow)
  const toStart = useCountdown(view.status === 'scheduled' ? view.startsAt : null, serverNow)
  const closing = view.status === 'running' && toEnd.msLeft !== null && toEnd.msLeft <= 60_000
  // Frozen at the pause, as the buyer's monitor shows it: the end moves by the paused time on resume.
  const frozen = pausedMsLeft(view)
  return (
    <section className="card flex flex-wrap items-center gap-x-8 gap-y-3 p-4" aria-label={t('portal.room.clock')}>
      {view.status === 'scheduled' ? (
        <div>
          <div className="text-xs uppercase text-slate-500">{t('portal.room.startsIn')}</div>
          <div className="text-2xl font-semibold tabular-nums" data-testid="auction-starts-in" data-starts-at={view.startsAt} suppressHydrationWarning>
            {toStart.label}
          </div>
        </div>
      ) : null}
      <div>
        <div className="text-xs uppercase text-slate-500">{view.status === 'paused' ? t('portal.room.pausedClock') : t('portal.room.endsIn')}</div>
        <div
          className={`text-2xl font-semibold tabular-nums ${closing ? 'text-rose-600' : ''}`}
          data-testid="auction-countdown"
          data-ends-at={view.endsAt}
          data-status={view.status}
          data-ms-left={frozen ?? undefined}
          role="timer"
          aria-live="off"
          suppressHydrationWarning
        >
          {view.status === 'paused' ? (frozen === null ? '—' : formatCountdown(frozen)) : toEnd.label}
        </div>
      </div>
      <div className="text-sm text-slate-600">
        <div data-testid="auction-ends-at">
          {t('portal.room.endsAtValue', { time: formatDateTimeSeconds(view.endsAt, locale, timeZone) })}
        </div>
        <div data-testid="auction-extensions" data-count={view.extensions}>
          {t('portal.room.extensions', { count: view.extensions })}
        </div>
      </div>
    </section>
  )
}

// Without a live channel the page still follows the auction, through its own loader, slowly.
const OFFLINE_REFRESH_MS = 5_000

function useOfflineRefresh(active: boolean) {
  const revalidator = useRevalidator()
  const revalidate = useRef(revalidator.revalidate)
  revalidate.current = revalidator.revalidate
  const idle = useRef(true)
  idle.current = revalidator.state === 'idle'
  useEffect(() => {
    if (!active) return
    const timer = setInterval(() => {
      if (idle.current && document.visibilityState === 'visible') revalidate.current()
    }, OFFLINE_REFRESH_MS)
    return () => clearInterval(timer)
  }, [active])
}

/**
 * Bidding without a socket: the same action the no-script form posts to, through a fetcher.
 * A fresh clientBidId per intent, so a retried post is never a second bid.
 */
function useFallbackBid(auctionId: string) {
  const fetcher = useFetcher<{ form: 'bid'; result?: BidResult; submission?: { error?: Record<string, string[] | null> } }>()
  const errorText = useErrorText()
  const text = useRef(errorText)
  text.current = errorText
  const waiting = useRef<((r: BidResult) => void) | null>(null)
  const actionToken = useRootData()?.actionToken

  useEffect(() => {
    if (fetcher.state !== 'idle' || !waiting.current) return
    const resolve = waiting.current
    waiting.current = null
    const d = fetcher.data
    if (d?.result) resolve(d.result)
    else {
      const first = d?.submission?.error ? Object.values(d.submission.error).flat().find(Boolean) : null
      resolve({ ok: false, code: 'INVALID_AMOUNT', message: text.current(first ?? 'errors:bad_input') })
    }
  }, [fetcher.state, fetcher.data])

  const bid = useCallback(
    (amount: string, confirm: boolean) =>
      new Promise<BidResult>((resolve) => {
        waiting.current = resolve
        const form = new FormData()
        form.set('intent', 'bid')
        form.set('amount', amount)
        form.set('clientBidId', crypto.randomUUID())
        if (confirm) form.set('confirm', 'on')
        if (actionToken) form.set(ACTION_TOKEN_FIELD, actionToken)
        fetcher.submit(form, { method: 'post', action: `/supplier/auctions/${auctionId}` })
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [auctionId, actionToken, fetcher.submit],
  )
  return { bid }
}
