import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { unitName } from '~/i18n/units'
import { numberFormat } from '~/utils/intl'

export interface ChannelPoint {
  label: string
  onHand: string
  sold: string
}

/**
 * On hand (bars) and sold (line) per period over the filtered dealers and products of one unit
 * (the page draws a chart per unit). Charts need numbers: the decimal strings become floats here,
 * for drawing only; the table keeps exact figures, grouped per locale.
 */
export function ChannelChart({ series, unit, locale }: { series: ChannelPoint[]; unit: string | null; locale: string }) {
  const { t } = useTranslation('channel')
  const title = unit === null ? t('chart.title') : t('chart.titleUnit', { unit: unitName(unit, locale) })
  // Recharts measures its container in the browser; the server renders the frame only.
  const [mounted, setMounted] = useState(false)
  useEffect(() => setMounted(true), [])
  const data = series.map((p) => ({ label: p.label, onHand: Number(p.onHand), sold: Number(p.sold) }))
  const fmt = numberFormat(locale, { maximumFractionDigits: 1 })
  return (
    <figure className="card p-4" data-testid="channel-chart" data-unit={unit ?? ''} aria-label={title}>
      <figcaption className="mb-2 text-sm font-semibold">{title}</figcaption>
      {/* The table below is the chart for assistive technology; recharts' own layer only added an unnamed tab stop in role="application". */}
      <div className="h-72 w-full" aria-hidden>
        {mounted ? (
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} />
              <YAxis tick={{ fontSize: 11 }} tickFormatter={(v: number) => fmt.format(v)} />
              <Tooltip formatter={(v) => fmt.format(Number(v))} />
              <Legend />
              <Bar dataKey="onHand" name={t('chart.onHand')} fill="#6366f1" radius={[3, 3, 0, 0]} isAnimationActive={false} />
              <Line dataKey="sold" name={t('chart.sold')} stroke="#f59e0b" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
            </ComposedChart>
          </ResponsiveContainer>
        ) : null}
      </div>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('col.period')}</th>
            <th scope="col">{t('chart.onHand')}</th>
            <th scope="col">{t('chart.sold')}</th>
          </tr>
        </thead>
        <tbody>
          {series.map((p) => (
            <tr key={p.label} data-testid="chart-point">
              <th scope="row">{p.label}</th>
              <td>{formatQuantity(p.onHand, locale)}</td>
              <td>{formatQuantity(p.sold, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  )
}
