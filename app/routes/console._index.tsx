import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { staffCan } from '~/auth/roles'
import { consoleOverview } from '~/domain/reports/console-overview.queries.server'
import { useRevalidateOn } from '~/realtime/client'
import { useOrderRevalidation } from '~/ui/orders/order-live'
import { titleMeta } from '~/ui/catalog/meta'
import { pageTitle } from '~/ui/page-title.server'
import { useAuditActionLabel } from '~/ui/audit-action'
import { PageHeader } from '~/ui/shell'
import { moneyTileSpan, StatTile } from '~/ui/stat-tile'
import { formatDateTime } from '~/utils/dates'
import { formatMoney } from '~/utils/money'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args)
  const overview = await consoleOverview(actor)
  return {
    title: await pageTitle(actor, 'console', 'dashboard.tabTitle'),
    name: actor.name,
    locale: actor.locale,
    timeZone: actor.timeZone,
    overview,
    can: { partners: staffCan(actor, 'partners.view'), catalog: staffCan(actor, 'catalog.view'), users: staffCan(actor, 'users.manage') },
  }
}

export default function ConsoleHome() {
  const { name, locale, timeZone, overview, can } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation('console')
  const actionLabel = useAuditActionLabel()
  // The order queues and receivables move with every order event (approvals, picks, shipments, new
  // orders); a home without them (a buyer's) has nothing an order changes.
  useOrderRevalidation(() => overview.followsOrders, 1000)
  // An award proposed or decided elsewhere moves the confirmers' queue.
  useRevalidateOn('auction:awardChanged', () => overview.followsAwards, 1000)
  useRevalidateOn('requisition:changed', () => overview.followsRequisitions, 1000)
  useRevalidateOn('stock:countChanged', () => overview.followsCounts, 1000)
  // A list's new dates, tier or currency (productIds null), or a dealer's new terms, may move the price coverage queue.
  useRevalidateOn('prices:changed', ({ productIds }) => overview.followsCoverage && productIds === null, 1000)
  useRevalidateOn('dealer:termsChanged', () => overview.followsCoverage, 1000)
  const tiles = [
    { key: 'suppliers', to: '/console/suppliers', show: can.partners },
    { key: 'dealers', to: '/console/dealers', show: can.partners },
    { key: 'products', to: '/console/products', show: can.catalog },
    { key: 'categories', to: '/console/categories', show: can.catalog },
    { key: 'warehouses', to: '/console/warehouses', show: can.catalog },
    { key: 'staff', to: '/console/users', show: can.users },
  ] as const
  return (
    <div data-testid="console-home" className="space-y-8">
      <PageHeader title={t('dashboard.title', { name })}>{t('dashboard.intro')}</PageHeader>
      {overview.work.length || overview.receivables ? (
        <section aria-labelledby="work-heading" data-testid="work-queues">
          <h2 id="work-heading" className="mb-3 text-sm font-semibold">
            {t('dashboard.work.title')}
          </h2>
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
            {overview.work.map((w) => (
              <li key={w.key} data-testid={`work-${w.key}`}>
                <StatTile value={w.count} label={t(`dashboard.work.${w.key}`)} to={w.to} tone={w.count > 0 ? 'active' : 'muted'} valueTestId="work-count" />
              </li>
            ))}
            {overview.receivables?.map((r) => (
              <li key={r.currency} data-testid={`work-receivables-${r.currency}`} className={moneyTileSpan}>
                <StatTile value={formatMoney(r.amount, r.currency, locale)} label={t('dashboard.work.receivables')} to={r.to} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="overview-heading">
        <h2 id="overview-heading" className="sr-only">
          {t('dashboard.overview')}
        </h2>
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          {tiles.map((tile) => (
            <li key={tile.key} data-testid={`tile-${tile.key}`}>
              <StatTile value={overview.counts[tile.key]} label={t(`dashboard.counts.${tile.key}`)} to={tile.show ? tile.to : null} />
            </li>
          ))}
        </ul>
      </section>
      {overview.pendingInvitations > 0 || overview.inactivePartners > 0 ? (
        <section className="card divide-y divide-slate-100" aria-labelledby="attention-heading">
          <h2 id="attention-heading" className="px-4 py-3 text-sm font-semibold">
            {t('dashboard.attention')}
          </h2>
          {overview.pendingInvitations > 0 ? (
            <p className="px-4 py-3 text-sm text-slate-700">{t('dashboard.pendingInvitations', { count: overview.pendingInvitations })}</p>
          ) : null}
          {overview.inactivePartners > 0 ? (
            <p className="px-4 py-3 text-sm text-slate-700">{t('dashboard.inactivePartners', { count: overview.inactivePartners })}</p>
          ) : null}
        </section>
      ) : null}
      {overview.recentActivity ? (
        <section className="card" aria-labelledby="activity-heading">
          <div className="flex items-center justify-between px-4 py-3">
            <h2 id="activity-heading" className="text-sm font-semibold">
              {t('dashboard.recentActivity')}
            </h2>
            <Link to="/console/audit" className="text-sm text-indigo-600 hover:underline">
              {t('dashboard.allActivity')}
            </Link>
          </div>
          <ul className="divide-y divide-slate-100 text-sm" data-testid="recent-activity">
            {overview.recentActivity.map((row) => (
              <li key={row.id} className="flex flex-wrap items-baseline gap-x-3 px-4 py-2">
                <span className="w-36 shrink-0 tabular-nums text-slate-500">{formatDateTime(row.at, i18n.language, timeZone)}</span>
                <span title={row.action}>{actionLabel(row.action)}</span>
                <span className="text-slate-600">{row.actor?.name ?? t(`dashboard.actorKind.${row.actorKind === 'system' ? 'system' : 'anonymous'}`)}</span>
                {row.outcome === 'denied' ? <span className="rounded bg-rose-50 px-1.5 text-xs text-rose-700">{t('dashboard.denied')}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
}
