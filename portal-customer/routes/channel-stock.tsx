import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireDealer } from '~/auth/guards.server'
import { listOwnReports } from '~/domain/channel/channel.queries.server'
import { historyListOptions } from '~/domain/channel/channel.validation'
import { titleMeta } from '~/ui/catalog/meta'
import { UnitQuantities } from '~/ui/channel/unit-quantities'
import { DataTable, type Column } from '~/ui/data-table'
import { ListForm } from '~/ui/list-form'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { formatDateTime } from '~/utils/dates'
import { parseListParams } from '~/utils/list-params'

export const meta = titleMeta

// The dealer is the session's organization; nothing in the URL can name another one.
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireDealer(args)
  const params = parseListParams(new URL(args.request.url), historyListOptions)
  const { rows, total } = await listOwnReports(actor, params)
  return { title: await pageTitle(actor, 'channel', 'dealer.title'), rows, total, params, locale: actor.locale, timeZone: actor.timeZone }
}

type Row = Awaited<ReturnType<typeof loader>>['rows'][number]

export default function DealerChannelStock() {
  const { rows, total, params, locale, timeZone } = useLoaderData<typeof loader>()
  const { t } = useTranslation('channel')
  const columns: Column<Row>[] = [
    {
      key: 'period',
      label: t('col.period'),
      sortable: true,
      className: 'whitespace-nowrap',
      cardClassName: 'max-sm:col-span-2 max-sm:mb-1',
      render: (r) => (
        <Link to={`/dealer/channel-stock/${r.id}`} className="font-mono text-indigo-700 hover:underline" data-testid="history-period">
          {r.label}
        </Link>
      ),
    },
    // Each value kept whole: a phone reads a card per report (a table there showed three of its eight columns and scrolled
    // the rest away), each value under its label. The values, not the columns, are nowrap: a nowrap column kept its header
    // on one line too, and "ON HAND (TOTAL)", "SUBMITTED BY" and "LAST SUBMITTED" in a row pushed the last column out of a
    // 1280-pixel screen.
    { key: 'kind', label: t('col.kind'), cardLabel: true, render: (r) => <span className="whitespace-nowrap">{t(`kind.${r.kind}`)}</span> },
    { key: 'lines', label: t('col.products'), className: 'text-right tabular-nums', cardLabel: true, render: (r) => r.lines },
    // Per unit: a report of sets and pieces has no total of both.
    { key: 'onHand', label: t('col.onHandTotal'), className: 'text-right tabular-nums', cardLabel: true, render: (r) => <UnitQuantities totals={r.totals} field="onHand" locale={locale} testId="history-on-hand" /> },
    { key: 'sold', label: t('col.soldTotal'), className: 'text-right tabular-nums', cardLabel: true, render: (r) => <UnitQuantities totals={r.totals} field="sold" locale={locale} testId="history-sold" /> },
    { key: 'source', label: t('col.source'), cardLabel: true, render: (r) => <span className="whitespace-nowrap">{t(`source.${r.source}`)}</span> },
    { key: 'submittedBy', label: t('col.submittedBy'), cardLabel: true, render: (r) => <span className="whitespace-nowrap">{r.submittedBy}</span> },
    { key: 'updatedAt', label: t('col.updatedAt'), cardLabel: true, render: (r) => <span className="whitespace-nowrap">{formatDateTime(r.updatedAt, locale, timeZone)}</span> },
  ]
  return (
    <div data-testid="channel-history">
      <PageHeader
        title={t('dealer.title')}
        actions={
          <div className="flex gap-2">
            <Link to="/dealer/channel-stock/upload" className="btn-secondary" data-testid="channel-upload-link">
              {t('dealer.upload')}
            </Link>
            <Link to="/dealer/channel-stock/new" className="btn-primary" data-testid="channel-new-link">
              {t('dealer.report')}
            </Link>
          </div>
        }
      >
        {t('dealer.intro')}
      </PageHeader>
      <DataTable
        testId="channel-history-table"
        label={t('dealer.title')}
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        rowKey={(r) => r.id}
        emptyText={t('dealer.empty')}
        phoneCards
        toolbar={
          <ListForm owns={['kind']} className="flex items-center gap-2">
            <label htmlFor="history-kind" className="sr-only">
              {t('col.kind')}
            </label>
            <select id="history-kind" name="kind" defaultValue={params.filters.kind ?? ''} className="input w-auto" data-testid="history-kind">
              <option value="">{t('kind.all')}</option>
              <option value="week">{t('kind.week')}</option>
              <option value="month">{t('kind.month')}</option>
            </select>
            <button type="submit" className="btn-secondary">
              {t('filter.apply')}
            </button>
          </ListForm>
        }
      />
    </div>
  )
}
