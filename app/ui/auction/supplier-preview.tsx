// What an invited supplier will see under the chosen visibility, rendered from the real projection
// (supplierProjection) of a sample auction with sample bids — so the preview cannot drift from what
// the bid room gets: whatever the projection leaves out (rival names, the reserve) cannot appear.
import { useTranslation } from 'react-i18next'
import { supplierProjection } from '~/domain/auction/auction-projection.rules'
import { initialState, parseAmount, type AuctionSettings, type AuctionState, type Visibility } from '~/domain/auction/auction.rules'
import { D, formatMoney } from '~/utils/money'
import { plainNumber } from '~/utils/validation'
import { withColon } from '~/utils/intl'

export interface PreviewInput {
  visibility: Visibility
  currency: string
  ceiling: string
  decrementAmount?: string
  decrementPercent?: string
  locale: string
}

const T0 = '2026-01-01T00:00:00.000Z'
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString()

/** The sample: you bid second-best between two rivals, 60 % into a one-hour auction. */
export function sampleSupplierView(input: PreviewInput) {
  // Read as the form reads them ("100,000" as typed), so the preview shows what will be saved.
  const ceiling = parseAmount(plainNumber(input.ceiling)) ?? '100000.00'
  const currency = /^[A-Z]{3}$/.test(input.currency) ? input.currency : 'CNY'
  const settings: AuctionSettings = {
    currency,
    ceiling,
    reserve: null,
    lastPurchasePrice: null,
    decrement: { amount: parseAmount(plainNumber(input.decrementAmount ?? '')), percent: input.decrementPercent && /^\d{1,3}(\.\d{1,4})?$/.test(input.decrementPercent) ? input.decrementPercent : input.decrementAmount ? null : '0.5' },
    mustBeatBest: true,
    maxSingleDropPercent: '20',
    startsAt: at(0),
    endsAt: at(3600),
    softClose: { windowSeconds: 180, extensionSeconds: 180, trigger: 'new_best', maxExtensions: 10, hardStopAt: at(7200) },
    visibility: input.visibility,
    minParticipants: 2,
  }
  const price = (f: string) => new D(ceiling).times(f).toDecimalPlaces(2, D.ROUND_FLOOR).toFixed(2)
  const state: AuctionState = {
    ...initialState(settings, ['rival-a', 'you', 'rival-b'].map((orgId) => ({ orgId, acceptedTerms: true, active: true }))),
    status: 'running',
    bids: [
      { id: 's1', orgId: 'rival-a', amount: price('0.97'), at: at(600), voided: false, surrogate: false },
      { id: 's2', orgId: 'you', amount: price('0.955'), at: at(1200), voided: false, surrogate: false },
      { id: 's3', orgId: 'rival-b', amount: price('0.94'), at: at(1800), voided: false, surrogate: false },
    ],
  }
  return supplierProjection(state, 'you', { auctionId: 'preview', seq: 0, serverTime: at(2160) })
}

export function SupplierPreview(input: PreviewInput) {
  const { t } = useTranslation('auction')
  const view = sampleSupplierView(input)
  const money = (a: string) => formatMoney(a, view.currency, input.locale)
  const shown = (ok: boolean) => (ok ? t('console.preview.shown') : t('console.preview.hidden'))
  return (
    <section className="card p-4" aria-labelledby="preview-title" data-testid="supplier-preview" data-visibility={view.visibility}>
      <h2 id="preview-title" className="text-base font-semibold">
        {t('console.preview.title')}
      </h2>
      <p className="mt-1 text-xs text-slate-500">{t('console.preview.intro', { visibility: t(`visibility.${view.visibility}`) })}</p>
      {/* The names take the width they need, the figures the rest: in two equal halves 当前可接受的最高报价 broke as 最高报 / 价. */}
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" data-testid="preview-figures">
        <dt className="text-slate-500">{t('console.preview.myBid')}</dt>
        <dd className="tabular-nums">{view.myBid ? money(view.myBid) : '—'}</dd>
        <dt className="text-slate-500">{t('console.preview.myRank')}</dt>
        <dd data-testid="preview-rank">{view.myRank ?? '—'}</dd>
        <dt className="text-slate-500">{t('console.preview.bestPrice')}</dt>
        <dd className="tabular-nums" data-testid="preview-best">
          {view.bestPrice ? money(view.bestPrice) : <span className="text-slate-500">{t('console.preview.hidden')}</span>}
        </dd>
        <dt className="text-slate-500">{t('console.preview.maxAcceptable')}</dt>
        <dd className="tabular-nums">{view.maxAcceptable ? money(view.maxAcceptable) : '—'}</dd>
      </dl>
      <div className="mt-3" data-testid="preview-ladder">
        <p className="text-xs font-medium uppercase text-slate-500">{t('console.preview.ladder')}</p>
        {view.ladder ? (
          <ol className="mt-1 space-y-0.5 text-sm">
            {view.ladder.map((r) => (
              <li key={r.alias} className={`flex justify-between tabular-nums ${r.isMe ? 'font-semibold text-indigo-700' : ''}`} data-testid="preview-ladder-row">
                <span>
                  {r.rank}. {r.isMe ? t('console.preview.you') : t('alias', { alias: r.alias })}
                </span>
                <span>{money(r.amount)}</span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-sm text-slate-500">{t('console.preview.hidden')}</p>
        )}
      </div>
      <ul className="mt-3 space-y-0.5 border-t border-slate-100 pt-2 text-xs text-slate-600">
        <li>
          {withColon(t('console.preview.rankRow'), input.locale)}
          {shown(true)}
        </li>
        <li>
          {withColon(t('console.preview.bestRow'), input.locale)}
          {shown(view.bestPrice !== null)}
        </li>
        <li>
          {withColon(t('console.preview.ladderRow'), input.locale)}
          {shown(view.ladder !== null)}
        </li>
        <li>
          {withColon(t('console.preview.namesRow'), input.locale)}
          {t('console.preview.never')}
        </li>
        <li>
          {withColon(t('console.preview.reserveRow'), input.locale)}
          {t('console.preview.never')}
        </li>
      </ul>
    </section>
  )
}
