import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { auctionListOptions, listConsoleAuctions } from '~/domain/auction/auction-console.queries.server'
import { auctionStatuses } from '~/domain/auction/auction.rules'
import { StatusBadge } from '~/ui/auction/status-badge'
import { titleMeta } from '~/ui/catalog/meta'
import { DataTable, type Column } from '~/ui/data-table'
import { ListForm } from '~/ui/list-form'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { formatDateTime, timeZoneName } from '~/utils/dates'
import { formatMoney } from '~/utils/money'
import { parseListParams } from '~/utils/list-params'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'auctions.run')
  const params = parseListParams(new URL(args.request.url), auctionListOptions)
  const { rows, total } = await listConsoleAuctions(actor, params)
  return { title: await pageTitle(actor, 'auction', 'console.list.title'), rows, total, params, locale: actor.locale, timeZone: actor.timeZone,
    // Named once, here: Node and the browser name some zones differently, and the page must hydrate with the server's text.
    zoneLabel: timeZoneName(actor.timeZone, actor.locale) }
}

type Row = Awaited<ReturnType<typeof loader>>['rows'][number]

export default function AuctionsPage() {
  const { rows, total, params, locale, timeZone, zoneLabel } = useLoaderData<typeof loader>()
  const { t } = useTranslation('auction')
  const when = (iso: string) => formatDateTime(iso, locale, timeZone)
  // On a phone a card per auction (DataTable's phoneCards): as a table the title stood a word or two per line beside
  // its status and the end, the ceiling and the invitations sat off the screen's edge.
  const columns: Column<Row>[] = [
    {
      key: 'title',
      label: t('console.list.auction'),
      sortable: true,
      cardClassName: 'max-sm:order-1 max-sm:col-span-2',
      render: (r) => (
        <Link to={`/console/auctions/${r.id}`} className="text-indigo-700 hover:underline" data-testid="auction-link">
          {r.title}
        </Link>
      ),
    },
    {
      key: 'status',
      label: t('console.list.status'),
      sortable: true,
      cardClassName: 'max-sm:order-2 max-sm:col-span-2',
      render: (r) => (
        <span className="inline-flex flex-wrap items-center gap-1">
          <StatusBadge status={r.status} />
          {r.awardProposed ? (
            <span className="whitespace-nowrap rounded-full bg-amber-100 px-2 py-0.5 text-xs text-amber-900" data-testid="award-proposed-badge">
              {t('console.list.awardProposed')}
            </span>
          ) : null}
        </span>
      ),
    },
    { key: 'startsAt', label: t('console.list.startsAt'), sortable: true, className: 'tabular-nums whitespace-nowrap', cardClassName: 'max-sm:order-3', cardLabel: true, render: (r) => when(r.startsAt) },
    { key: 'endsAt', label: t('console.list.endsAt'), sortable: true, className: 'tabular-nums whitespace-nowrap', cardClassName: 'max-sm:order-4', cardLabel: true, render: (r) => when(r.endsAt) },
    { key: 'ceiling', label: t('console.list.ceiling'), className: 'text-right tabular-nums', cardClassName: 'max-sm:order-5', cardLabel: true, render: (r) => formatMoney(r.ceiling, r.currency, locale) },
    { key: 'participants', label: t('console.list.participants'), className: 'text-right tabular-nums', cardClassName: 'max-sm:order-6', cardLabel: true, render: (r) => r.participants },
  ]
  return (
    <div data-testid="auctions-page">
      <PageHeader
        title={t('console.list.title')}
        actions={
          <Link to="/console/auctions/new" className="btn-primary" data-testid="new-auction">
            {t('console.list.new')}
          </Link>
        }
      >
        {t('console.list.intro', { timeZone: zoneLabel })}
      </PageHeader>
      <DataTable
        testId="auctions-table"
        label={t('console.list.title')}
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        rowKey={(r) => r.id}
        searchLabel={t('console.list.search')}
        emptyText={t('console.list.empty')}
        phoneCards
        toolbar={
          <ListForm owns={['status', 'award']} className="flex flex-wrap items-center gap-2" aria-label={t('console.list.filters')}>
            <label htmlFor="filter-status" className="sr-only">
              {t('console.list.status')}
            </label>
            <select id="filter-status" name="status" defaultValue={params.filters.status ?? ''} className="input w-auto" data-testid="filter-status">
              <option value="">{t('console.list.allStatuses')}</option>
              {auctionStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
            <label className="flex items-center gap-1 text-sm">
              <input type="checkbox" name="award" value="proposed" defaultChecked={params.filters.award === 'proposed'} data-testid="filter-award-proposed" />
              {t('console.list.awardProposedFilter')}
            </label>
            <button type="submit" className="btn-secondary" data-testid="apply-filters">
              {t('console.list.apply')}
            </button>
          </ListForm>
        }
      />
    </div>
  )
}
