// Price over time: every accepted bid as a dot and the best price as a step line, against the
// ceiling (and, for the buyer, the reserve). Drawn only in the browser: recharts measures the DOM.
// The drawing is hidden from assistive technology: a summary sentence and a table of the same
// points say what it shows (WCAG 1.1.1), as the channel-stock charts do.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { D, formatMoney } from '~/utils/money'
import { dateLocale } from '~/utils/dates'
import { dateTimeFormat, numberFormat } from '~/utils/intl'
import { formatPercent } from '~/utils/percent'

export interface ChartBid {
  amount: string
  at: string
  voided: boolean
}

export function priceSeries(bids: readonly ChartBid[]) {
  let best: InstanceType<typeof D> | null = null
  const out: { t: number; bid: number; best: number }[] = []
  for (const b of bids) {
    if (b.voided) continue
    const a = new D(b.amount)
    if (!best || a.lt(best)) best = a
    // Chart coordinates only: the amounts shown as text elsewhere stay exact decimals.
    out.push({ t: Date.parse(b.at), bid: a.toNumber(), best: best.toNumber() })
  }
  return out
}

/** A y-axis tick in the auction's currency, grouped and whole ("¥234,000", "CN¥234,000"): the axis read "234000". */
export function axisAmount(value: number, currency: string, locale: string): string {
  return numberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 0 }).format(value)
}

/** The best price after each accepted bid, as exact decimal strings (the summary and the table say them as money). */
function bestAmounts(accepted: readonly ChartBid[]): string[] {
  let best: string | null = null
  return accepted.map((b) => {
    if (best === null || new D(b.amount).lt(best)) best = b.amount
    return best
  })
}

export function PriceChart({
  bids,
  ceiling,
  reserve,
  currency,
  locale,
  timeZone,
}: {
  bids: readonly ChartBid[]
  ceiling: string
  reserve?: string | null
  currency: string
  locale: string
  timeZone: string
}) {
  const { t } = useTranslation('auction')
  const [mounted, setMounted] = useState(false)
  useEffect(() => setMounted(true), [])
  const data = priceSeries(bids)
  const time = (ms: number) => dateTimeFormat(dateLocale(locale), { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(ms)
  const money = (a: string) => formatMoney(a, currency, locale)
  const tick = (v: number) => axisAmount(v, currency, locale)
  const accepted = bids.filter((b) => !b.voided)
  const bests = bestAmounts(accepted)
  return (
    <section className="card p-4" aria-labelledby="chart-title" data-testid="price-chart" data-points={data.length}>
      <h2 id="chart-title" className="mb-2 text-base font-semibold">
        {t('console.live.chart')}
      </h2>
      {data.length === 0 ? (
        <p className="text-sm text-slate-500">{t('console.live.noBids')}</p>
      ) : (
        <>
          <p className="mb-2 text-sm text-slate-600" data-testid="price-chart-summary">
            {t('console.live.chartSummary', {
              count: accepted.length,
              first: money(bests[0]),
              best: money(bests[bests.length - 1]),
              change: formatPercent(new D(bests[bests.length - 1]).minus(bests[0]).div(bests[0]).times(100), locale, { signed: true }),
              ceiling: money(ceiling),
            })}
            {reserve ? ` ${t('console.live.chartReserve', { reserve: money(reserve) })}` : null}
          </p>
          {/* No tab stop and no role="application": the chart has nothing to operate, the table below carries its points. */}
          <div className="h-60 w-full" aria-hidden>
            {mounted ? (
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
                  <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} scale="time" tickFormatter={time} fontSize={11} />
                  <YAxis domain={['auto', Number(ceiling)]} tickFormatter={tick} fontSize={11} width={80} />
                  <Tooltip labelFormatter={(v) => time(Number(v))} formatter={(v) => money(String(v))} />
                  <ReferenceLine y={Number(ceiling)} stroke="#94a3b8" strokeDasharray="4 4" label={{ value: t('console.live.ceiling'), fontSize: 10, position: 'insideTopRight' }} />
                  {reserve ? <ReferenceLine y={Number(reserve)} stroke="#f59e0b" strokeDasharray="4 4" label={{ value: t('console.live.reserve'), fontSize: 10, position: 'insideBottomRight' }} /> : null}
                  <Line type="stepAfter" dataKey="best" name={t('console.live.bestPrice')} stroke="#4f46e5" strokeWidth={2} dot={false} isAnimationActive={false} />
                  <Line type="linear" dataKey="bid" name={t('console.live.bid')} stroke="transparent" dot={{ r: 3, fill: '#0f172a' }} isAnimationActive={false} />
                </LineChart>
              </ResponsiveContainer>
            ) : null}
          </div>
          <table className="sr-only" data-testid="price-chart-table">
            <caption>{t('console.live.chart')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console.live.time')}</th>
                <th scope="col">{t('console.live.bid')}</th>
                <th scope="col">{t('console.live.bestPrice')}</th>
              </tr>
            </thead>
            <tbody>
              {accepted.map((b, i) => (
                <tr key={`${b.at}-${i}`} data-testid="price-chart-point">
                  <th scope="row">{time(Date.parse(b.at))}</th>
                  <td>{money(b.amount)}</td>
                  <td>{money(bests[i])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}
