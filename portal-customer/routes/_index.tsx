import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireDealer } from '~/auth/guards.server'
import { dealerOverview } from '~/domain/orders/dealer-overview.queries.server'
import { OPEN_STATUS_FILTER } from '~/domain/orders/order-list.validation'
import { localizedName } from '~/domain/parties/organizations.queries.server'
import { CreditSummary, RecentOrders } from '~/ui/orders/order-view'
import { useDealerTermsRevalidation, useOrderRevalidation } from '~/ui/orders/order-live'
import { PageHeader } from '~/ui/shell'
import { moneyTileSpan, StatTile } from '~/ui/stat-tile'
import { formatDate, formatDateTime } from '~/utils/dates'
import { formatMoney } from '~/utils/money'

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireDealer(args)
  return {
    name: actor.name,
    orgName: localizedName(actor.org, actor.locale),
    locale: actor.locale,
    timeZone: actor.timeZone,
    overview: await dealerOverview(actor),
  }
}

export default function DealerHome() {
  const { name, orgName, locale, timeZone, overview } = useLoaderData<typeof loader>()
  const { t } = useTranslation('portal')
  // Orders of colleagues and every step the host takes (approval, shipment, payment) refresh it.
  useOrderRevalidation(undefined, 1000)
  useDealerTermsRevalidation()
  const { credit, counts, channel } = overview
  const tiles = [
    {
      key: 'available',
      value: credit ? formatMoney(credit.available, credit.currency, locale) : '—',
      warn: credit?.overLimit ?? false,
      to: null,
    },
    {
      key: 'awaitingApproval',
      value: String(counts.awaitingApproval),
      warn: false,
      to: '/dealer/orders?status=submitted',
    },
    {
      key: 'open',
      value: String(counts.open),
      warn: false,
      to: `/dealer/orders?status=${OPEN_STATUS_FILTER}`,
    },
    {
      key: 'inTransit',
      value: String(counts.inTransit),
      warn: false,
      to: '#in-transit',
    },
  ] as const
  return (
    <div data-testid="dealer-home" className="space-y-6">
      <PageHeader
        title={t('dealer.title', { name })}
        actions={
          <>
            <Link to="/dealer/cart" className="btn-secondary">
              {t('dealer.home.cart')}
            </Link>
            <Link to="/dealer/catalog" className="btn-primary">
              {t('dealer.home.catalog')}
            </Link>
          </>
        }
      >
        {t('dealer.intro', { org: orgName })}
      </PageHeader>

      <section aria-labelledby="dealer-overview-heading">
        <h2 id="dealer-overview-heading" className="sr-only">
          {t('dealer.home.overview')}
        </h2>
        <ul className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {tiles.map((tile) => (
            <li key={tile.key} data-testid={`dealer-tile-${tile.key}`} className={tile.key === 'available' ? moneyTileSpan : undefined}>
              <StatTile value={tile.value} label={t(`dealer.home.tiles.${tile.key}`)} to={tile.to} tone={tile.warn ? 'warn' : 'plain'} valueTestId="tile-value" />
            </li>
          ))}
        </ul>
      </section>

      {counts.backordered > 0 || !channel.reportedThisWeek ? (
        <section className="card divide-y divide-slate-100" aria-labelledby="dealer-attention-heading" data-testid="dealer-attention">
          <h2 id="dealer-attention-heading" className="px-4 py-3 text-sm font-semibold">
            {t('dealer.home.attention')}
          </h2>
          {counts.backordered > 0 ? (
            <p className="px-4 py-3 text-sm text-slate-700" data-testid="attention-backordered">
              {t('dealer.home.backordered', { count: counts.backordered })}
            </p>
          ) : null}
          {!channel.reportedThisWeek ? (
            <p className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm text-slate-700" data-testid="attention-channel">
              <span>
                {t('dealer.home.channelDue', {
                  week: formatDate(`${channel.weekStart}T00:00:00Z`, locale, 'UTC'),
                })}
              </span>
              <Link to="/dealer/channel-stock/new" className="btn-secondary">
                {t('dealer.home.channelReport')}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <section className="card p-4 lg:col-span-1" aria-labelledby="dealer-credit-heading" data-testid="dealer-credit">
          <h2 id="dealer-credit-heading" className="mb-3 text-sm font-semibold">
            {t('dealer.home.credit')}
          </h2>
          {credit ? (
            <>
              <CreditSummary credit={credit} currency={credit.currency} locale={locale} standing />
              {/* Nothing owed, nothing to open: the link would lead to an empty list. */}
              {credit.receivables !== '0.00' ? (
                <p className="mt-2 text-right text-sm">
                  <Link to="/dealer/orders?payment=unpaid" className="link" data-testid="unpaid-orders-link">
                    {t('dealer.home.unpaidOrders')}
                  </Link>
                </p>
              ) : null}
              <p className="mt-3 text-sm text-slate-600">
                {t('dealer.home.paymentTerms', {
                  count: credit.paymentTermsDays,
                })}
              </p>
              {credit.overLimit ? (
                <p className="mt-2 rounded-md border border-amber-200 bg-amber-50 p-2 text-sm text-amber-900" role="status">
                  {t('dealer.home.overLimit')}
                </p>
              ) : null}
            </>
          ) : (
            <p className="text-sm text-slate-600">{t('dealer.home.noTerms')}</p>
          )}
          {overview.salesContact ? (
            <p className="mt-3 border-t border-slate-100 pt-3 text-sm text-slate-600" data-testid="sales-contact">
              {t('dealer.home.salesContact')}
              {locale === 'en' ? ' ' : null}
              <a href={`mailto:${overview.salesContact.email}`} className="link">
                {overview.salesContact.name}
              </a>
            </p>
          ) : null}
        </section>

        <section className="card lg:col-span-2" aria-labelledby="dealer-recent-heading">
          <div className="flex items-center justify-between px-4 py-3">
            <h2 id="dealer-recent-heading" className="text-sm font-semibold">
              {t('dealer.home.recent')}
            </h2>
            <Link to="/dealer/orders" className="link text-sm" data-testid="all-orders-link">
              {t('dealer.home.allOrders')}
            </Link>
          </div>
          {overview.recent.length ? (
            <RecentOrders orders={overview.recent} hrefOf={(id) => `/dealer/orders/${id}`} locale={locale} timeZone={timeZone} testId="recent-orders" rowClassName="px-4 py-2" />
          ) : (
            <p className="px-4 pb-4 text-sm text-slate-600">
              {t('dealer.home.noOrders')}{' '}
              <Link to="/dealer/catalog" className="link">
                {t('dealer.home.catalog')}
              </Link>
            </p>
          )}
        </section>
      </div>

      <section id="in-transit" className="card" aria-labelledby="dealer-transit-heading" data-testid="in-transit">
        <h2 id="dealer-transit-heading" className="px-4 py-3 text-sm font-semibold">
          {t('dealer.home.inTransit')}
        </h2>
        {overview.inTransit.length ? (
          <ul className="divide-y divide-slate-100 text-sm">
            {overview.inTransit.map((s) => (
              <li key={s.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-4 py-2" data-testid="in-transit-shipment">
                <span className="font-mono">{s.number}</span>
                <Link to={`/dealer/orders/${s.orderId}`} className="link font-mono">
                  {s.orderNumber}
                </Link>
                <span>
                  {s.carrier} · <span className="font-mono">{s.trackingNumber}</span>
                </span>
                <span className="tabular-nums text-slate-500">
                  {t('dealer.home.shippedAt', {
                    at: formatDateTime(s.shippedAt, locale, timeZone),
                  })}
                </span>
              </li>
            ))}
            {counts.inTransit > overview.inTransit.length ? (
              <li className="px-4 py-2 text-slate-500">
                {t('dealer.home.moreInTransit', {
                  count: counts.inTransit - overview.inTransit.length,
                })}
              </li>
            ) : null}
          </ul>
        ) : (
          <p className="px-4 pb-4 text-sm text-slate-600">{t('dealer.home.nothingInTransit')}</p>
        )}
      </section>
    </div>
  )
}
