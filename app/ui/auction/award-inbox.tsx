// The approval inbox's auction part: awards not to rank 1 waiting for a second person (rules D15).
// Each card links to the auction's page, where the decision is taken beside the whole ranking.
import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { AwardProposalItem } from '~/domain/auction/auction-projection.rules'
import { formatDateTime } from '~/utils/dates'
import { formatMoney } from '~/utils/money'
import { ProposalVoidLead } from './results'
import { withColon } from '~/utils/intl'

export function AwardInbox({ items, viewerId, locale, timeZone }: { items: AwardProposalItem[]; viewerId: string; locale: string; timeZone: string }) {
  const { t } = useTranslation('auction')
  return (
    <section aria-labelledby="award-inbox-title" data-testid="award-inbox">
      <h2 id="award-inbox-title" className="text-base font-semibold">
        {t('console.inbox.title')}
      </h2>
      <p className="mb-3 text-sm text-slate-600">{t('console.inbox.intro')}</p>
      {items.length === 0 ? (
        <div className="card p-8 text-center text-slate-500" data-testid="award-inbox-empty">
          {t('console.inbox.empty')}
        </div>
      ) : (
        <ul className="space-y-4">
          {items.map((p) => {
            const money = (a: string | null) => (a ? formatMoney(a, p.currency, locale) : '—')
            const mine = p.proposedBy === viewerId
            return (
              <li key={p.auctionId} className="card grid gap-3 p-4 md:grid-cols-[1fr_auto]" data-testid="award-inbox-item" data-auction-id={p.auctionId}>
                <div className="space-y-1 text-sm">
                  <Link to={`/console/auctions/${p.auctionId}`} className="font-medium text-indigo-700 hover:underline">
                    {p.title}
                  </Link>
                  <p>
                    {t('console.results.proposalSummary', { name: p.proposedByName, supplier: p.orgName, rank: p.rank ?? '—', amount: money(p.amount), at: formatDateTime(p.proposedAt, locale, timeZone) })}
                  </p>
                  <ProposalVoidLead proposal={p} money={money} />
                  <p className="text-slate-600">{t('console.inbox.best', { amount: money(p.bestPrice) })}</p>
                  <p className="text-slate-600">
                    {withColon(t('console.results.justification'), locale)}
                    {p.justification}
                  </p>
                  {mine ? <p className="text-amber-900">{t('console.results.proposalMine')}</p> : null}
                </div>
                <div className="self-center">
                  <Link to={`/console/auctions/${p.auctionId}`} className={mine ? 'btn-secondary' : 'btn-primary'} data-testid="award-inbox-open">
                    {mine ? t('console.inbox.view') : t('console.inbox.decide')}
                  </Link>
                </div>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
