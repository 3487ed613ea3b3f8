import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { channelFilterOptions, channelFiltersFrom, channelStockView, sortChannelRows } from '~/domain/channel/channel.queries.server'
import { coverMark, formatRate } from '~/domain/channel/channel.rules'
import { channelListOptions } from '~/domain/channel/channel.validation'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { regionName } from '~/i18n/regions'
import { titleMeta } from '~/ui/catalog/meta'
import { ChannelChart } from '~/ui/channel/channel-chart'
import { ChannelFiltersForm } from '~/ui/channel/channel-filters'
import { UnitQuantities } from '~/ui/channel/unit-quantities'
import { useRevalidateOnFocus } from '~/ui/channel/use-revalidate-on-focus'
import { DataTable, type Column } from '~/ui/data-table'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { parseListParams } from '~/utils/list-params'
import { unitName } from '~/i18n/units'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'channel.view')
  const params = parseListParams(new URL(args.request.url), channelListOptions)
  const filters = await channelFiltersFrom(params)
  const [view, options] = await Promise.all([channelStockView(actor, filters), channelFilterOptions(actor)])
  // Regions are stored as typed; shown (and sorted) in the reader's language where the app knows the region.
  const named = view.rows.map((r) => ({ ...r, region: r.region === null ? null : regionName(r.region, actor.locale) }))
  const sorted = sortChannelRows(named, params.sort, params.dir, actor.locale)
  const start = (params.page - 1) * params.pageSize
  const en = actor.locale === 'en'
  return {
    title: await pageTitle(actor, 'channel', 'console.title'),
    rows: sorted.slice(start, start + params.pageSize),
    total: sorted.length,
    totals: view.totals,
    series: view.series,
    weeks: view.weeks,
    params,
    filters,
    locale: actor.locale,
    options: {
      regions: options.regions.map((r) => ({ value: r, label: regionName(r, actor.locale) })).sort((a, b) => a.label.localeCompare(b.label, actor.locale)),
      dealers: options.dealers.map((d) => ({ id: d.id, code: d.code, name: en ? d.nameEn : d.nameZh })),
      categories: options.categories.map((c) => ({ code: c.code, name: en ? c.nameEn : c.nameZh })),
    },
  }
}

type Row = Awaited<ReturnType<typeof loader>>['rows'][number]

export default function ConsoleChannelStock() {
  const { rows, total, totals, series, weeks, params, filters, locale, options } = useLoaderData<typeof loader>()
  const { t } = useTranslation('channel')
  const { search } = useLocation()
  useRevalidateOnFocus()
  const en = locale === 'en'
  const qty = (s: string) => formatQuantity(s, locale)
  // On a phone a card per row (DataTable's phoneCards): the dealer and the product across the top, then the figures in
  // pairs, region and period last. From sm up the table may still scroll inside its card: short cells stay on one line and
  // names keep a width, else Chinese text, which may break anywhere, stacked a character to a line.
  const figure = 'whitespace-nowrap text-right tabular-nums'
  const columns: Column<Row>[] = [
    { key: 'region', label: t('col.region'), sortable: true, className: 'whitespace-nowrap', cardClassName: 'max-sm:order-last', cardLabel: true, render: (r) => r.region ?? '—' },
    ...(filters.group === 'dealer'
      ? [
          {
            key: 'dealer',
            label: t('col.dealer'),
            sortable: true,
            className: 'whitespace-nowrap',
            cardClassName: 'max-sm:col-span-2 max-sm:order-first',
            render: (r: Row) => (
              <span className="block min-w-[10rem] whitespace-normal" data-testid="row-dealer">
                <span className="font-mono text-xs">{r.dealerCode}</span> {en ? r.dealerNameEn : r.dealerNameZh}
              </span>
            ),
          },
        ]
      : []),
    {
      key: 'sku',
      label: t('col.product'),
      sortable: true,
      className: 'whitespace-nowrap',
      cardClassName: 'max-sm:col-span-2 max-sm:order-first max-sm:mb-1',
      render: (r) => (
        <span className="block min-w-[10rem] whitespace-normal" data-testid="row-sku" data-sku={r.sku}>
          <span className="font-mono text-xs">{r.sku}</span> {en ? r.nameEn : r.nameZh}
        </span>
      ),
    },
    { key: 'onHand', label: t('col.latestOnHand'), sortable: true, className: figure, cardLabel: true, render: (r) => <span data-testid="row-on-hand">{`${qty(r.onHand)} ${unitName(r.unit, locale, r.onHand)}`}</span> },
    { key: 'sold', label: t('col.soldInRange'), sortable: true, className: figure, cardLabel: true, render: (r) => <span data-testid="row-sold">{qty(r.sold)}</span> },
    { key: 'sellThrough', label: t('col.sellThroughRate'), sortable: true, className: figure, cardLabel: true, render: (r) => <span data-testid="row-rate">{formatRate(r.sellThrough, locale)}</span> },
    {
      key: 'weeksOfCover',
      label: t('col.weeksOfCover'),
      sortable: true,
      className: figure,
      cardLabel: true,
      render: (r) => <span data-testid="row-cover">{r.weeksOfCover === null ? coverMark(r.onHand) : formatQuantity(r.weeksOfCover, locale)}</span>,
    },
    { key: 'latest', label: t('col.latestPeriod'), className: 'whitespace-nowrap', cardClassName: 'max-sm:order-last', cardLabel: true, render: (r) => <span className="font-mono text-xs">{r.latestLabel}</span> },
  ]
  const exportHref = `/console/channel-stock/export${search}`
  return (
    <div className="space-y-6" data-testid="console-channel">
      <PageHeader
        title={t('console.title')}
        actions={
          <a href={exportHref} className="btn-secondary" download data-testid="channel-export">
            {t('console.export')}
          </a>
        }
      >
        {t('console.intro')}
      </PageHeader>
      <ChannelFiltersForm filters={filters} options={options} />
      {/* Totals and charts per unit: sets, pieces and kilograms added together are no quantity at all. */}
      <dl className="grid gap-4 sm:grid-cols-3">
        <div className="card p-4">
          <dt className="text-xs uppercase text-slate-500">{t('console.totalOnHand')}</dt>
          <dd className={`font-semibold tabular-nums ${totals.length > 1 ? 'text-base' : 'text-xl'}`}>
            <UnitQuantities totals={totals} field="onHand" locale={locale} testId="total-on-hand" align="start" />
          </dd>
        </div>
        <div className="card p-4">
          <dt className="text-xs uppercase text-slate-500">{t('console.totalSold')}</dt>
          <dd className={`font-semibold tabular-nums ${totals.length > 1 ? 'text-base' : 'text-xl'}`}>
            <UnitQuantities totals={totals} field="sold" locale={locale} testId="total-sold" align="start" />
          </dd>
        </div>
        <div className="card p-4">
          <dt className="text-xs uppercase text-slate-500">{t('console.weeks')}</dt>
          <dd className="text-xl font-semibold tabular-nums" data-testid="range-weeks">
            {formatQuantity(weeks, locale)}
          </dd>
        </div>
      </dl>
      {totals.length > 1 ? (
        <p className="-mt-3 text-xs text-slate-500" data-testid="per-unit-note">
          {t('console.perUnit')}
        </p>
      ) : null}
      <div className={series.length > 1 ? 'grid gap-4 xl:grid-cols-2' : ''} data-testid="channel-charts">
        {series.map((s) => (
          <ChannelChart key={s.unit ?? ''} series={s.points} unit={s.unit} locale={locale} />
        ))}
      </div>
      <DataTable
        testId="channel-table"
        label={t('console.title')}
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        rowKey={(r) => r.key}
        searchLabel={t('console.search')}
        emptyText={t('console.empty')}
        phoneCards
      />
      <p className="text-xs text-slate-500" data-testid="channel-definitions">
        {t('console.definitions')}
      </p>
    </div>
  )
}
