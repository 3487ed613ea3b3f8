import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireSupplier } from '~/auth/guards.server'
import { supplierAuctionOverview, type SupplierOverviewItem } from '~/domain/auction/auction.queries.server'
import { localizedName } from '~/domain/parties/organizations.queries.server'
import { PageHeader } from '~/ui/shell'
import { formatDateTime } from '~/utils/dates'
import { formatMoney } from '~/utils/money'
import { StatusBadge } from '~/ui/auction/status-badge'
import { resultOutcome, type ResultOutcome } from '../components/auction/standing'
import { useAuctionListRevalidation } from '../components/auction/use-list-revalidation'
import { inParens } from '~/utils/intl'

// What a supplier's user needs first: its organization's auctions that ask for something now.
// The overview is scoped by the session's organization and carries only its own rank and outcome.
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireSupplier(args)
  return {
    name: actor.name,
    orgName: localizedName(actor.org, actor.locale),
    locale: actor.locale,
    timeZone: actor.timeZone,
    overview: await supplierAuctionOverview(actor),
  }
}

type Item = SupplierOverviewItem
type Group = 'live' | 'invitations' | 'upcoming' | 'finished'

export default function SupplierHome() {
  const { name, orgName, overview } = useLoaderData<typeof loader>()
  const { t } = useTranslation(['portal', 'auction'])
  const all = [...overview.live, ...overview.invitations, ...overview.upcoming, ...overview.finished]
  // Starts, closes, awards and invitations refetch like the list; so do the own rank and terms
  // (only the organization concerned is told, with the auction id alone).
  useAuctionListRevalidation(all, { standing: true })
  return (
    <div data-testid="supplier-home">
      {/* One way to the full list, where it is wanted: beside the finished ones, of which only the latest are here (the
          menu has 电子竞价 too). A button in the header said 全部竞价 a second time. */}
      <PageHeader title={t('portal:supplier.title', { name })}>
        {t('portal:supplier.intro', { org: orgName })}
      </PageHeader>
      <h2 className="sr-only">{t('auction:home.title')}</h2>
      <div className="space-y-6">
        <Section group="live" items={overview.live} />
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
          <Section group="invitations" items={overview.invitations} />
          <Section group="upcoming" items={overview.upcoming} />
        </div>
        <Section group="finished" items={overview.finished} />
      </div>
    </div>
  )
}

function Section({ group, items }: { group: Group; items: Item[] }) {
  const { t, i18n } = useTranslation('auction')
  const headingId = `home-${group}-heading`
  return (
    <section className="card" aria-labelledby={headingId} data-testid={`home-${group}`}>
      <div className="flex items-baseline justify-between gap-3 border-b border-slate-100 px-4 py-3">
        <h3 id={headingId} className="text-base font-semibold">
          {t(`home.${group}.title`)}
          <span className="text-sm font-normal text-slate-500" data-testid="home-count">
            {inParens(String(items.length), i18n.language)}
          </span>
        </h3>
        {/* Only the latest finished ones are here; the list has them all. */}
        {group === 'finished' ? (
          <Link to="/supplier/auctions" className="link shrink-0 text-sm" data-testid="home-finished-all">
            {t('home.viewAll')}
          </Link>
        ) : null}
      </div>
      {group === 'invitations' && items.length > 0 ? <p className="px-4 pt-3 text-sm text-slate-600">{t('home.invitations.intro')}</p> : null}
      {items.length === 0 ? (
        <p className="px-4 py-4 text-sm text-slate-500" data-testid="home-empty">
          {t(`home.${group}.empty`)}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {items.map((item) => (
            <Row key={item.id} group={group} item={item} />
          ))}
        </ul>
      )}
    </section>
  )
}

const OUTCOME_TONE: Record<ResultOutcome, string> = {
  won: 'text-emerald-700',
  lost: 'text-slate-700',
  awaitingAward: 'text-slate-700',
  didNotBid: 'text-slate-700',
  allVoided: 'text-slate-700',
  unsuccessful: 'text-rose-700',
  cancelled: 'text-rose-700',
}

function Row({ group, item }: { group: Group; item: Item }) {
  const { t } = useTranslation('auction')
  const { locale, timeZone } = useLoaderData<typeof loader>()
  const when = (v: string) => formatDateTime(v, locale, timeZone)
  const room = `/supplier/auctions/${item.id}`
  const finished = group === 'finished'
  const outcome = finished ? resultOutcome(item, item.placedAny) : null
  const needsTerms = !item.acceptedTerms && !finished

  // A cancelled auction never reached its planned end: it shows when it was cancelled (a cancelled
  // draft, which has no log, shows no time).
  let time: string | null
  if (group === 'live') time = t('home.endsAt', { time: when(item.endsAt) })
  else if (item.status === 'cancelled') time = item.cancelledAt ? t('home.cancelledAt', { time: when(item.cancelledAt) }) : null
  else if (finished) time = t('home.endedAt', { time: when(item.endsAt) })
  else time = t('home.startsAt', { time: when(item.startsAt) })

  let action: { label: string; primary: boolean }
  if (needsTerms) action = { label: t('home.acceptRules'), primary: true }
  else if (group === 'live') action = { label: t('home.enterRoom'), primary: true }
  else if (finished) action = { label: t('home.viewResult'), primary: false }
  else action = { label: t('home.open'), primary: false }

  return (
    <li
      className="flex flex-col gap-3 px-4 py-3 sm:flex-row sm:items-center sm:justify-between"
      data-testid="home-auction"
      data-auction-id={item.id}
      data-status={item.status}
      data-rank={item.myRank ?? ''}
      data-outcome={outcome ?? undefined}
    >
      <div className="min-w-0 space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <Link to={room} className="break-words font-medium text-indigo-700 hover:underline" data-testid="home-auction-title">
            {item.title}
          </Link>
          <StatusBadge status={item.status} supplier />
        </div>
        {time ? (
          <p className="text-sm tabular-nums text-slate-600" data-testid="home-time">
            {time}
          </p>
        ) : null}
        {needsTerms ? (
          <p className="text-sm text-amber-700" data-testid="home-terms-needed">
            {t('home.termsNeeded')}
          </p>
        ) : null}
        {outcome ? (
          <p className={`text-sm font-medium ${OUTCOME_TONE[outcome]}`} data-testid="home-outcome">
            {t(`home.outcome.${outcome}`)}
          </p>
        ) : null}
      </div>
      <div className="flex shrink-0 items-center justify-between gap-4 sm:justify-end">
        {/* Without a bid to count, the outcome (未报价 / 无有效报价) says it all: below it, 未报价 again beside a dash. */}
        {group === 'live' || (finished && outcome !== 'didNotBid' && outcome !== 'allVoided') ? <Standing item={item} finished={finished} /> : null}
        <Link to={room} className={action.primary ? 'btn-primary' : 'btn-secondary'} data-testid="home-auction-action">
          {action.label}
        </Link>
      </div>
    </li>
  )
}

/** The own rank and bid only: nothing about the other bidders is on this page. A cancelled auction has no final rank (rank 1 read as a win). */
function Standing({ item, finished }: { item: Item; finished: boolean }) {
  const { t } = useTranslation('auction')
  const { locale } = useLoaderData<typeof loader>()
  return (
    <dl className="flex gap-4 text-sm">
      {item.status !== 'cancelled' ? (
        <div>
          <dt className="text-xs text-slate-500">{t(finished ? 'home.finalRank' : 'home.myRank')}</dt>
          {/* No rank yet: the dash in the size of 尚未报价 beside it, not a large figure beside small words. */}
          <dd className={`${item.myRank ? 'text-xl font-semibold' : 'font-medium'} tabular-nums`} data-testid="home-rank">
            {item.myRank ?? '—'}
          </dd>
        </div>
      ) : null}
      <div>
        <dt className="text-xs text-slate-500">{t('home.myBid')}</dt>
        <dd className="font-medium tabular-nums" data-testid="home-bid">
          {/* After the close 未报价 / No bid, as the room's result says: 尚未报价 / No bid yet spoke of a bid still to come. */}
          {item.myBid ? formatMoney(item.myBid, item.currency, locale) : t(finished ? 'portal.result.noBid' : 'home.noBid')}
        </dd>
      </div>
    </dl>
  )
}
