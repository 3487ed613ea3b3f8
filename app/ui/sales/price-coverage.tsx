import { useTranslation } from 'react-i18next'
import type { PriceCoverage } from '~/domain/sales/price-coverage.server'
import { formatDate } from '~/utils/dates'

/** As isCoverageEnding (price-coverage.server.ts), repeated here so the page's bundle takes nothing of the server module. */
const WARNING_DAYS = 30
const ending = (c: PriceCoverage) => c.daysLeft !== null && c.daysLeft <= WARNING_DAYS

/**
 * Until when current price lists price the dealers of each tier and currency in use, with a warning per tier and currency
 * whose coverage ends within 30 days or has ended. On the price lists' page (`table`) every tier and currency in use; on a
 * list's page its own in a sentence (nothing when no dealer orders in it).
 */
export function PriceCoverageWarnings({ rows, locale, table = true }: { rows: PriceCoverage[]; locale: string; table?: boolean }) {
  const { t } = useTranslation('sales')
  // Calendar dates without a time, as the lists' validity shows them: formatted in UTC so no zone moves them a day.
  const date = (d: string) => formatDate(d, locale, 'UTC')
  const warnings = rows.filter(ending)
  if (!table && !rows.length) return null
  return (
    <section aria-labelledby="coverage-title" className="mb-6 space-y-3" data-testid="price-coverage">
      <h2 id="coverage-title" className={table ? 'text-base font-semibold' : 'sr-only'}>
        {t('coverage.title')}
      </h2>
      {table ? <p className="text-sm text-slate-600">{t('coverage.intro')}</p> : null}
      {/* A list's page: how long its tier and currency stay priced, said in a sentence when nothing is wrong. */}
      {table
        ? null
        : rows
            .filter((c) => !ending(c))
            .map((c) => (
              <p key={`${c.tier}-${c.currency}`} className="text-sm text-slate-600" data-testid="coverage-summary">
                {c.coveredThrough
                  ? t('coverage.summaryUntil', { count: c.dealers, tier: c.tier, currency: c.currency, date: date(c.coveredThrough) })
                  : t('coverage.summaryOpen', { count: c.dealers, tier: c.tier, currency: c.currency })}
              </p>
            ))}
      {warnings.map((c) => (
        <p
          key={`${c.tier}-${c.currency}`}
          className={`rounded-md border px-3 py-2 text-sm ${c.daysLeft === 0 ? 'border-rose-200 bg-rose-50 text-rose-800' : 'border-amber-200 bg-amber-50 text-amber-900'}`}
          data-testid="coverage-warning"
          data-tier={c.tier}
          data-currency={c.currency}
        >
          {c.coveredThrough
            ? t('coverage.endsWarning', { count: c.dealers, tier: c.tier, currency: c.currency, date: date(c.coveredThrough) })
            : t('coverage.endedWarning', { count: c.dealers, tier: c.tier, currency: c.currency })}
        </p>
      ))}
      {table ? (
        rows.length ? (
          <div className="card overflow-x-auto">
            <table className="w-full text-sm" data-testid="coverage-table">
              <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="px-4 py-2">
                    {t('priceLists.tier')}
                  </th>
                  <th scope="col" className="px-4 py-2">
                    {t('priceLists.currency')}
                  </th>
                  <th scope="col" className="px-4 py-2 text-right">
                    {t('coverage.dealers')}
                  </th>
                  <th scope="col" className="px-4 py-2">
                    {t('coverage.coveredThrough')}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((c) => (
                  <tr key={`${c.tier}-${c.currency}`} data-testid="coverage-row" data-tier={c.tier} data-currency={c.currency}>
                    <td className="px-4 py-2 font-mono">{c.tier}</td>
                    <td className="px-4 py-2">{c.currency}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{c.dealers}</td>
                    <td className={`px-4 py-2 ${ending(c) ? 'font-medium text-rose-700' : ''}`} data-testid="coverage-through">
                      {c.daysLeft === null ? t('priceLists.openEnded') : c.coveredThrough ? date(c.coveredThrough) : t('coverage.none')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="text-sm text-slate-600">{t('coverage.empty')}</p>
        )
      ) : null}
    </section>
  )
}
