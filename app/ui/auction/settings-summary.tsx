import { useTranslation } from 'react-i18next'
import type { AuctionSettings } from '~/domain/auction/auction.rules'
import { formatDateTimeSeconds } from '~/utils/dates'
import { formatMoney } from '~/utils/money'
import { formatPercent } from '~/utils/percent'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { unitName } from '~/i18n/units'
import { softCloseText } from '~/domain/auction/auction-terms-text'

/**
 * Every setting of the set-up table, as the buyer chose it (the reserve and the last purchase price are the buyer's own), with the
 * end and hard stop as they stand now (`current`, from the projection the page header shows): a pause
 * or an extension moves them, and the summary must not contradict the header. The first scheduled
 * end stays beside the current one once they differ.
 */
export function SettingsSummary({
  settings: s,
  current,
  locale,
  timeZone,
  zoneLabel,
  lines,
}: {
  settings: AuctionSettings
  current: { startsAt: string; endsAt: string; hardStopAt: string }
  locale: string
  timeZone: string
  /** The zone's name, from the loader: Intl names some zones differently in Node and the browser, which breaks hydration. */
  zoneLabel: string
  lines: { position: number; description: string; quantity: string; unit: string }[]
}) {
  const { t } = useTranslation('auction')
  const money = (a: string) => formatMoney(a, s.currency, locale)
  // To the second, as the header: a pause moves the end by seconds.
  const when = (iso: string) => formatDateTimeSeconds(iso, locale, timeZone)
  const dec = [s.decrement.amount ? money(s.decrement.amount) : null, s.decrement.percent ? formatPercent(s.decrement.percent, locale) : null].filter(Boolean).join(t('console.summary.smallerOf'))
  const rows: [string, string][] = [
    [t('console.form.currency'), s.currency],
    [t('console.form.ceiling'), money(s.ceiling)],
    [t('console.form.reserve'), s.reserve ? money(s.reserve) : t('reserveStatus.none')],
    [t('console.form.lastPurchasePrice'), s.lastPurchasePrice ? money(s.lastPurchasePrice) : t('console.summary.noLastPurchasePrice')],
    [t('console.summary.decrement'), dec],
    [t('console.form.mustBeatBest'), s.mustBeatBest ? t('console.form.yes') : t('console.form.no')],
    // The form's label says "(%)"; the value here carries its own sign.
    [t('console.summary.maxSingleDrop'), formatPercent(s.maxSingleDropPercent, locale)],
    [t('console.form.startsAt'), when(current.startsAt)],
    [t('console.form.endsAt'), when(current.endsAt)],
    ...(Date.parse(current.endsAt) !== Date.parse(s.endsAt) ? [[t('console.summary.scheduledEnd'), when(s.endsAt)] as [string, string]] : []),
    [t('console.form.hardStopAt'), when(current.hardStopAt)],
    [t('console.summary.softClose'), softCloseText(t, s.softClose)],
    [t('console.form.visibility'), t(`visibility.${s.visibility}`)],
    [t('console.form.minParticipants'), String(s.minParticipants)],
  ]
  return (
    <section className="card p-4" aria-labelledby="settings-title" data-testid="settings-summary">
      <h2 id="settings-title" className="text-base font-semibold">
        {t('console.summary.title')}
        <span className="text-xs font-normal text-slate-500">{t('console.inZone', { zone: zoneLabel })}</span>
      </h2>
      <dl className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
        {rows.map(([k, v]) => (
          <div key={k} className="flex justify-between gap-3 border-b border-slate-50 py-0.5">
            {/* The name keeps its line and the value wraps: beside the long soft-close sentence 自动延时 broke as 自动延 / 时. */}
            <dt className="shrink-0 whitespace-nowrap text-slate-500">{k}</dt>
            <dd className="text-right tabular-nums">{v}</dd>
          </div>
        ))}
      </dl>
      <h3 className="mt-4 text-sm font-medium">{t('console.form.lines')}</h3>
      <ul className="mt-1 text-sm" data-testid="summary-lines">
        {lines.map((l) => (
          <li key={l.position} className="flex justify-between gap-3">
            <span>
              {l.position}. {l.description}
            </span>
            {/* A product's unit code reads in the buyer's language (件, sets); a unit typed freely stays as typed. */}
            <span className="tabular-nums" data-testid="summary-line-quantity">
              {formatQuantity(l.quantity, locale)} {unitName(l.unit, locale, l.quantity)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}
