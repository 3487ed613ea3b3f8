import { useTranslation } from 'react-i18next'
import { logDetailText, type LogDetail, type LogFormat } from '~/domain/auction/auction-log.rules'
import { formatDateTimeSeconds } from '~/utils/dates'
import { formatMoney } from '~/utils/money'
import { TableScroller } from '~/ui/table-scroller'
import { formatList } from '~/utils/intl'

export interface LogRowView {
  seq: number
  at: string
  type: string
  actor: string
  detail: LogDetail
  hash: string
}

/** Seconds matter in an auction's log: the time is shown to the second, in the user's zone. */
export function logTime(iso: string, locale: string, timeZone: string) {
  return formatDateTimeSeconds(iso, locale, timeZone)
}

/** How a log row's detail reads on this page: in the user's language, time zone and the auction's currency. */
export function useLogDetailText(currency: string, locale: string, timeZone: string): (d: LogDetail) => string {
  const { t } = useTranslation('auction')
  const f: LogFormat = { t: (k, p) => t(k, p), money: (a) => formatMoney(a, currency, locale), when: (i) => logTime(i, locale, timeZone), list: (items) => formatList(items, locale) }
  return (d) => logDetailText(d, f)
}

export function EventLog({
  rows,
  currency,
  locale,
  timeZone,
  title,
  testId = 'event-log',
}: {
  rows: LogRowView[]
  currency: string
  locale: string
  timeZone: string
  title: string
  testId?: string
}) {
  const { t } = useTranslation('auction')
  const detailText = useLogDetailText(currency, locale, timeZone)
  return (
    // The table scrolls in a TableScroller (a tab stop, so a keyboard can reach the Detail and Hash columns on a phone),
    // which is the region named by the heading: the section is not one too, or the landmark list would read it twice.
    <section className="card overflow-hidden" data-testid={testId}>
      <h2 id={`${testId}-title`} className="border-b border-slate-100 px-4 py-3 text-base font-semibold">
        {title}
      </h2>
      {rows.length ? (
        <TableScroller labelledBy={`${testId}-title`}>
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
                  {/* Room enough for a company's name on two lines, an event's name on one and the detail's words: squeezed to the
                      phone's width the name stood two characters a line and 报价已接受 broke even at 1280 px; the table scrolls instead. */}
                  <td className="min-w-[8rem] px-3 py-1.5" data-testid="event-log-actor">{r.actor === 'system' ? t('console.log.system') : r.actor}</td>
                  <td className="whitespace-nowrap px-3 py-1.5" data-testid="event-log-event">{t(`event.${r.type}`)}</td>
                  <td className="min-w-[12rem] px-3 py-1.5 break-words text-slate-600" data-testid="event-log-detail">
                    {detailText(r.detail)}
                  </td>
                  <td className="px-3 py-1.5 font-mono text-xs text-slate-500" title={r.hash}>
                    {r.hash.slice(0, 12)}…
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroller>
      ) : (
        <p className="px-4 py-3 text-sm text-slate-500">{t('console.log.empty')}</p>
      )}
    </section>
  )
}
