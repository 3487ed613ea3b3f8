import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireSupplier } from '~/auth/guards.server'
import { listSupplierAuctions } from '~/domain/auction/auction.queries.server'
import { titleMeta } from '~/ui/catalog/meta'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { useRootData } from '~/root'
import { formatDateTime } from '~/utils/dates'
import { auctionPhase, type AuctionPhase } from '../components/auction/phase'
import { StatusBadge } from '~/ui/auction/status-badge'
import { useAuctionListRevalidation } from '../components/auction/use-list-revalidation'
import { inParens } from '~/utils/intl'
import { phoneCard } from '~/ui/phone-cards'

export const meta = titleMeta

// Only the auctions this supplier's organization is an active participant of (the query is scoped
// by the session's organization); nothing in the URL names a supplier.
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireSupplier(args)
  const rows = await listSupplierAuctions(actor)
  return { title: await pageTitle(actor, 'auction', 'portal.list.title'), rows }
}

type Row = Awaited<ReturnType<typeof loader>>['rows'][number]

const PHASES: AuctionPhase[] = ['live', 'upcoming', 'finished']

export default function SupplierAuctions() {
  const { rows } = useLoaderData<typeof loader>()
  const { t } = useTranslation('auction')
  useAuctionListRevalidation(rows)
  return (
    <div data-testid="supplier-auctions">
      <PageHeader title={t('portal.list.title')}>{t('portal.list.intro')}</PageHeader>
      <div className="space-y-8">
        {PHASES.map((phase) => (
          <AuctionGroup key={phase} phase={phase} rows={rows.filter((r) => auctionPhase(r.status) === phase)} />
        ))}
      </div>
    </div>
  )
}

function AuctionGroup({ phase, rows }: { phase: AuctionPhase; rows: Row[] }) {
  const { t, i18n } = useTranslation('auction')
  const root = useRootData()
  const locale = root?.locale ?? 'zh-CN'
  const tz = root?.user?.timeZone
  // The times' headings in the tense of the group: a finished auction has started and ended ("Starts" over
  // a finished one read as still to come); a live one has started and ends.
  const startLabel = t(phase === 'upcoming' ? 'portal.list.col.startsAt' : 'portal.list.col.started')
  const endLabel = t(phase === 'finished' ? 'portal.list.col.ended' : 'portal.list.col.endsAt')
  return (
    <section aria-labelledby={`auctions-${phase}`} data-testid={`auctions-${phase}`}>
      <h2 id={`auctions-${phase}`} className="mb-2 text-base font-semibold">
        {t(`portal.list.phase.${phase}`)}
        <span className="text-sm font-normal text-slate-500">{inParens(String(rows.length), i18n.language)}</span>
      </h2>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">{t(`portal.list.empty.${phase}`)}</p>
      ) : (
        // On a phone a card per auction (the shared phoneCard classes): as a table its start stood cut at the screen's
        // edge and its end off it, a sideways scroll away.
        <div className="card relative overflow-x-auto">
          <table className={`min-w-full text-sm ${phoneCard.table}`}>
            <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500 max-sm:hidden">
              <tr>
                <th className="px-4 py-2">{t('portal.list.col.title')}</th>
                <th className="px-4 py-2">{t('portal.list.col.status')}</th>
                <th className="px-4 py-2" data-testid="auction-start-heading">{startLabel}</th>
                <th className="px-4 py-2" data-testid="auction-end-heading">{endLabel}</th>
              </tr>
            </thead>
            <tbody className={phoneCard.body}>
              {rows.map((r) => (
                <tr key={r.id} className={`border-t border-slate-100 ${phoneCard.row}`} data-testid="auction-row" data-auction-id={r.id} data-status={r.status}>
                  <td className={`min-w-[10rem] px-4 py-2 ${phoneCard.cell} max-sm:col-span-2`}>
                    <Link to={`/supplier/auctions/${r.id}`} className="font-medium text-indigo-700 hover:underline" data-testid="auction-link">
                      {r.title}
                    </Link>
                  </td>
                  <td className={`px-4 py-2 ${phoneCard.cell} max-sm:col-span-2`}>
                    <StatusBadge status={r.status} supplier />
                  </td>
                  <td className={`whitespace-nowrap px-4 py-2 tabular-nums ${phoneCard.cell}`}>
                    <div className={phoneCard.label}>{startLabel}</div>
                    {formatDateTime(r.startsAt, locale, tz)}
                  </td>
                  {/* A cancelled auction never reached its planned end: when it was cancelled, or nothing for a cancelled draft. */}
                  <td className={`whitespace-nowrap px-4 py-2 tabular-nums ${phoneCard.cell}`} data-testid="auction-end">
                    <div className={phoneCard.label}>{endLabel}</div>
                    {r.status !== 'cancelled' ? formatDateTime(r.endsAt, locale, tz) : r.cancelledAt ? t('home.cancelledAt', { time: formatDateTime(r.cancelledAt, locale, tz) }) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
