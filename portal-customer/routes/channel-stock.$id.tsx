import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireDealer } from '~/auth/guards.server'
import { getOwnReport } from '~/domain/channel/channel.queries.server'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { totalsByUnit } from '~/domain/channel/channel.rules'
import { titleMeta } from '~/ui/catalog/meta'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { formatDateTime } from '~/utils/dates'
import { PeriodName } from '~/ui/channel/report-form'
import { unitName } from '~/i18n/units'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireDealer(args)
  // Another dealer's report, a made-up id or a malformed one: the same 404.
  const report = await getOwnReport(actor, args.params.id ?? '', { ip: args.context.ip })
  if (!report) throw new Response('Not found', { status: 404 })
  return {
    title: await pageTitle(actor, 'channel', 'dealer.reportTitle', { period: report.label }),
    report,
    // Per unit: 120 sets and 1,500 pieces are not 1,620 of anything.
    totals: totalsByUnit(report.lines),
    locale: actor.locale,
    timeZone: actor.timeZone,
  }
}

export default function DealerChannelReport() {
  const { title, report, totals, locale, timeZone } = useLoaderData<typeof loader>()
  const { t } = useTranslation('channel')
  const en = locale === 'en'
  const qty = (s: string) => formatQuantity(s, locale)
  return (
    <div data-testid="channel-report">
      <PageHeader
        title={title}
        actions={
          <div className="flex gap-2">
            <Link to="/dealer/channel-stock" className="btn-ghost">
              {t('dealer.back')}
            </Link>
            <Link to={`/dealer/channel-stock/new?kind=${report.kind}&period=${report.periodStart}`} className="btn-secondary" data-testid="report-again">
              {t('dealer.reportAgain')}
            </Link>
          </div>
        }
      >
        <PeriodName kind={report.kind} date={report.periodStart} locale={locale} /> · {t(`kind.${report.kind}`)} · {t(`source.${report.source}`)} ·{' '}
        {t('dealer.submittedBy', { name: report.submittedBy, at: formatDateTime(report.updatedAt, locale, timeZone) })}
      </PageHeader>
      <div className="card relative overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-100 text-sm" data-testid="report-lines-table">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2.5">{t('col.sku')}</th>
              <th scope="col" className="px-4 py-2.5">{t('col.product')}</th>
              <th scope="col" className="px-4 py-2.5 text-right">{t('col.onHand')}</th>
              <th scope="col" className="px-4 py-2.5 text-right">{t('col.sold')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 bg-white">
            {report.lines.map((l) => (
              <tr key={l.productId} data-testid="report-line-row" data-sku={l.sku}>
                <td className="whitespace-nowrap px-4 py-2.5 font-mono">{l.sku}</td>
                <td className="px-4 py-2.5">{en ? l.nameEn : l.nameZh}</td>
                <td className="px-4 py-2.5 text-right tabular-nums" data-testid="line-on-hand-value">
                  {qty(l.onHand)} {unitName(l.unit, locale, l.onHand)}
                </td>
                <td className="px-4 py-2.5 text-right tabular-nums">
                  <span data-testid="line-sold-value">{qty(l.sold)}</span> {unitName(l.unit, locale, l.sold)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot className="bg-slate-50 font-semibold">
            {totals.map((u) => (
              <tr key={u.unit} data-testid="report-total" data-unit={u.unit}>
                <th scope="row" colSpan={2} className="px-4 py-2.5 text-left">
                  {/* A heading names the unit in general, so in the plural: Total (sets), beside Total (pcs). */}
                  {totals.length > 1 ? t('dealer.totalOf', { unit: unitName(u.unit, locale, 2) }) : t('dealer.total')}
                </th>
                <td className="whitespace-nowrap px-4 py-2.5 text-right tabular-nums">
                  {qty(u.onHand)} {unitName(u.unit, locale, u.onHand)}
                </td>
                <td className="whitespace-nowrap px-4 py-2.5 text-right tabular-nums">
                  {qty(u.sold)} {unitName(u.unit, locale, u.sold)}
                </td>
              </tr>
            ))}
          </tfoot>
        </table>
      </div>
    </div>
  )
}
