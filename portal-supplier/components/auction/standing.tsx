import { LIVE_SUPPLIER_BIDS } from '~/realtime/events'
import { useTranslation } from 'react-i18next'
import type { SupplierProjection } from '~/domain/auction/auction-projection.rules'
import { formatMoney } from '~/utils/money'
import { inParens } from '~/utils/intl'
import { formatDateTimeSeconds, liveTime } from '~/utils/dates'
import { isOpenAuction } from '~/domain/auction/auction.rules'

/**
 * Own rank, own bid and, by the auction's visibility, the best price. The ladder of aliases is a card
 * of its own (SupplierLadder): on a phone these figures sit above the bid form and the ladder below it,
 * so a long ladder does not push the form off the screen.
 */
export function Standing({ view, locale }: { view: SupplierProjection; locale: string }) {
  const { t } = useTranslation('auction')
  const money = (a: string) => formatMoney(a, view.currency, locale)
  return (
    <section className="card p-6" aria-labelledby="standing-heading" data-testid="standing">
      <h2 id="standing-heading" className="mb-3 text-base font-semibold">
        {t('portal.standing.title')}
      </h2>
      <dl className="grid grid-cols-2 gap-4 text-sm">
        <div>
          <dt className="text-slate-500">{t('portal.standing.myRank')}</dt>
          {/* No rank yet: the dash as large as the one under the bid beside it (a 3xl dash beside an xl one looked like two kinds of nothing). */}
          <dd className={`${view.myRank ? 'text-3xl' : 'text-xl'} font-semibold tabular-nums`} data-testid="my-rank" data-rank={view.myRank ?? ''}>
            {view.myRank ?? '—'}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">{t('portal.standing.myBid')}</dt>
          <dd className="text-xl font-semibold tabular-nums" data-testid="my-bid" data-amount={view.myBid ?? ''}>
            {view.myBid ? money(view.myBid) : '—'}
          </dd>
        </div>
        {view.visibility !== 'rank' ? (
          <div>
            <dt className="text-slate-500">{t('portal.standing.bestPrice')}</dt>
            <dd className="text-xl font-semibold tabular-nums" data-testid="best-price" data-amount={view.bestPrice ?? ''}>
              {view.bestPrice ? money(view.bestPrice) : t('portal.standing.noBids')}
            </dd>
          </div>
        ) : null}
        <div>
          <dt className="text-slate-500">{t('portal.standing.ceiling')}</dt>
          <dd className="tabular-nums">{money(view.ceiling)}</dd>
        </div>
      </dl>
      {view.visibility === 'rank' ? <p className="mt-3 text-xs text-slate-500">{t('portal.standing.rankOnly')}</p> : null}
    </section>
  )
}

/** The ladder of aliases and amounts, where the auction's visibility shows it (null otherwise). */
export function SupplierLadder({ view, locale }: { view: SupplierProjection; locale: string }) {
  const { t } = useTranslation('auction')
  if (!view.ladder) return null
  const money = (a: string) => formatMoney(a, view.currency, locale)
  return (
    <section className="card p-6" aria-labelledby="ladder-heading" data-testid="standing-ladder">
      <h2 id="ladder-heading" className="mb-3 text-base font-semibold">
        {t('portal.standing.ladder')}
      </h2>
      {view.ladder.length === 0 ? (
        <p className="text-sm text-slate-500">{t('portal.standing.noBids')}</p>
      ) : (
        <table className="min-w-full text-sm" data-testid="supplier-ladder">
          <thead className="text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1 pr-4">{t('portal.standing.rank')}</th>
              <th className="py-1 pr-4">{t('portal.standing.bidder')}</th>
              <th className="py-1 text-right">{t('portal.standing.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {view.ladder.map((r) => (
              <tr key={r.alias} className={`border-t border-slate-100 ${r.isMe ? 'bg-indigo-50 font-medium' : ''}`} data-testid="supplier-ladder-row" data-me={r.isMe ? 'true' : undefined}>
                <td className="py-1 pr-4 tabular-nums">{r.rank}</td>
                <td className="py-1 pr-4">
                  {t('alias', { alias: r.alias })}
                  {/* In parentheses as the people lists mark their reader: " (you)" with its space, a full-width （我方） without, never split from its brackets. */}
                  {r.isMe ? <span className="whitespace-nowrap text-indigo-700" data-testid="ladder-you">{inParens(t('portal.standing.you'), locale)}</span> : null}
                </td>
                <td className="py-1 text-right tabular-nums">{money(r.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

/** This supplier's own bids, newest first; void and surrogate bids are marked. */
export function MyBids({ view, locale, timeZone }: { view: SupplierProjection; locale: string; timeZone: string }) {
  const { t } = useTranslation('auction')
  const rows = [...view.myBids].reverse()
  // While it runs, the time of day on the auction's own day, as the buyer's live lists give it: the date on every row only
  // crowded a phone. Once it has ended the list is read days later, and a time alone no longer says when.
  const at = isOpenAuction(view.status) ? liveTime(view.startsAt, locale, timeZone) : (iso: string) => formatDateTimeSeconds(iso, locale, timeZone)
  return (
    <section className="card p-6" aria-labelledby="my-bids-heading" data-testid="my-bids">
      <h2 id="my-bids-heading" className="mb-3 text-base font-semibold">
        {t('portal.myBids.title')}
      </h2>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">{t('portal.myBids.empty')}</p>
      ) : (
        <table className="min-w-full text-sm">
          <thead className="text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1 pr-4">{t('portal.myBids.at')}</th>
              <th className="py-1 pr-4 text-right">{t('portal.myBids.amount')}</th>
              <th className="py-1">{t('portal.myBids.note')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((b) => (
              <tr key={b.id} className={`border-t border-slate-100 ${b.voided ? 'text-slate-500 line-through' : ''}`} data-testid="my-bid-row" data-amount={b.amount}>
                <td className="py-1 pr-4 tabular-nums">{at(b.at)}</td>
                <td className="py-1 pr-4 text-right tabular-nums">{formatMoney(b.amount, view.currency, locale)}</td>
                <td className="py-1 text-xs">
                  {[b.voided ? t('portal.myBids.voided') : null, b.surrogate ? t('portal.myBids.surrogate') : null].filter(Boolean).join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length >= LIVE_SUPPLIER_BIDS ? (
        <p className="mt-2 text-xs text-slate-500" data-testid="my-bids-more">
          {t('portal.myBids.latestOnly', { count: rows.length })}
        </p>
      ) : null}
    </section>
  )
}

export type ResultOutcome = 'cancelled' | 'unsuccessful' | 'won' | 'lost' | 'awaitingAward' | 'didNotBid' | 'allVoided'

/**
 * How a finished auction ended for this supplier (the keys of portal.result and home.outcome).
 * `placedAny`: whether it ever placed a bid. Without a current bid the award is not this supplier's
 * to wait for: "Award pending" read as if it still could win.
 */
export function resultOutcome(view: { status: SupplierProjection['status']; won: boolean | null; myBid: string | null }, placedAny: boolean): ResultOutcome {
  if (view.status === 'cancelled') return 'cancelled'
  if (view.status === 'unsuccessful') return 'unsuccessful'
  if (view.won === true) return 'won'
  if (view.myBid === null) return placedAny ? 'allVoided' : 'didNotBid'
  if (view.won === false) return 'lost'
  return 'awaitingAward'
}

/**
 * After the close: the supplier's final rank, and after the award whether it won. A cancelled
 * auction has no final rank (rank 1 there read as a win): it shows the buyer's reason, when it was
 * cancelled, and the supplier's last bid.
 */
export function FinalResult({ view, locale, timeZone }: { view: SupplierProjection; locale: string; timeZone: string }) {
  const { t } = useTranslation('auction')
  const outcome = resultOutcome(view, view.myBids.length > 0)
  const cancelled = outcome === 'cancelled'
  const note = cancelled ? view.statusNote : null
  const tone = outcome === 'won' ? 'border-emerald-200 bg-emerald-50' : 'border-slate-200 bg-white'
  return (
    <section className={`rounded-lg border p-6 ${tone}`} aria-labelledby="result-heading" data-testid="auction-result" data-outcome={outcome}>
      <h2 id="result-heading" className="mb-2 text-base font-semibold">
        {t('portal.result.title')}
      </h2>
      <p className="text-lg font-medium" data-testid="result-outcome">
        {t(`portal.result.${outcome}`)}
      </p>
      {note ? (
        <div className="mt-2 space-y-1 text-sm text-slate-700">
          <p data-testid="result-cancelled-at">{t('portal.result.cancelledAt', { time: formatDateTimeSeconds(note.at, locale, timeZone) })}</p>
          {note.reason ? (
            <p className="whitespace-pre-line" data-testid="result-reason">
              {t('portal.result.reason', { reason: note.reason })}
            </p>
          ) : null}
        </div>
      ) : null}
      <dl className="mt-3 grid grid-cols-2 gap-4 text-sm sm:grid-cols-3">
        {!cancelled ? (
          <div>
            <dt className="text-slate-500">{t('portal.result.finalRank')}</dt>
            <dd className={`${view.myRank ? 'text-2xl' : 'text-lg'} font-semibold tabular-nums`} data-testid="my-rank" data-rank={view.myRank ?? ''}>
              {view.myRank ?? '—'}
            </dd>
          </div>
        ) : null}
        <div>
          <dt className="text-slate-500">{t(cancelled ? 'portal.result.lastBid' : 'portal.result.finalBid')}</dt>
          <dd className="text-lg font-semibold tabular-nums">{view.myBid ? formatMoney(view.myBid, view.currency, locale) : t('portal.result.noBid')}</dd>
        </div>
        {view.bestPrice && !cancelled ? (
          <div>
            <dt className="text-slate-500">{t('portal.standing.bestPrice')}</dt>
            <dd className="text-lg font-semibold tabular-nums" data-testid="best-price" data-amount={view.bestPrice}>
              {formatMoney(view.bestPrice, view.currency, locale)}
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  )
}
