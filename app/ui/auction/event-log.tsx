import { useTranslation } from 'react-i18next'
import { formatDateTime } from '~/utils/dates'
import { dateTimeFormat } from '~/utils/intl'

export interface LogRowView {
  seq: number
  at: string
  type: string
  actor: string
  detail: string
  hash: string
}

/** Seconds matter in an auction's log: the time is shown to the second, in the user's zone. */
export function logTime(iso: string, locale: string, timeZone: string) {
  const d = new Date(iso)
  const s = dateTimeFormat(locale, { timeZone, second: '2-digit' }).format(d).padStart(2, '0')
  return `${formatDateTime(d, locale, timeZone)}:${s}`
}

export function EventLog({ rows, locale, timeZone, title, testId = 'event-log' }: { rows: LogRowView[]; locale: string; timeZone: string; title: string; testId?: string }) {
  const { t } = useTranslation('auction')
  return (
    <section className="card overflow-x-auto" aria-labelledby={`${testId}-title`} data-testid={testId}>
      <h2 id={`${testId}-title`} className="border-b border-slate-100 px-4 py-3 text-base font-semibold">
        {title}
      </h2>
      {rows.length ? (
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="px-3 py-2 text-right">{t('console.log.seq')}</th>
              <th className="px-3 py-2">{t('console.log.time')}</th>
              <th className="px-3 py-2">{t('console.log.actor')}</th>
              <th className="px-3 py-2">{t('console.log.event')}</th>
              <th className="px-3 py-2">{t('console.log.detail')}</th>
              <th className="px-3 py-2">{t('console.log.hash')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.seq} className="border-t border-slate-100 align-top" data-testid="event-log-row" data-type={r.type}>
                <td className="px-3 py-1.5 text-right tabular-nums">{r.seq}</td>
                <td className="whitespace-nowrap px-3 py-1.5 tabular-nums">{logTime(r.at, locale, timeZone)}</td>
                <td className="px-3 py-1.5">{r.actor === 'system' ? t('console.log.system') : r.actor}</td>
                <td className="px-3 py-1.5">{t(`event.${r.type}`)}</td>
                <td className="px-3 py-1.5 break-all text-slate-600">{r.detail}</td>
                <td className="px-3 py-1.5 font-mono text-xs text-slate-500" title={r.hash}>
                  {r.hash.slice(0, 12)}…
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="px-4 py-3 text-sm text-slate-500">{t('console.log.empty')}</p>
      )}
    </section>
  )
}
