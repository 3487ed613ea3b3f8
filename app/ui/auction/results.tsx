// The result after the close: ranking with names, savings, the reserve, the award (a justification
// when not rank 1), the verification and the exports.
import { Form, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AwardProposalView, BuyerProjection } from '~/domain/auction/auction-projection.rules'
import { awardNeedsSecondPerson, savings } from '~/domain/auction/auction.rules'
import { formatDateTime } from '~/utils/dates'
import { formatMoney } from '~/utils/money'
import { formatPercent } from '~/utils/percent'
import { savingsFigure } from '~/domain/auction/savings-text'
import { LastPurchaseSavings, SavingsFigure } from './savings-figure'
import { ActionDialog, DialogControl, ReasonField } from './action-dialog'
import { RankingTable } from './ranking-table'
import { SubmitButton } from '~/ui/submit-button'
import { TableScroller } from '~/ui/table-scroller'
import { inParens, withColon } from '~/utils/intl'

export interface VerifyView {
  ok: boolean
  chainOk: boolean
  checked: number
  brokenAtSeq: number | null
  discrepancies: { seq: number; problem: string }[]
  mismatches: string[]
}

export function Results({
  view,
  awardJustification,
  awardProposal,
  viewer,
  locale,
  timeZone,
  verify,
}: {
  view: BuyerProjection
  awardJustification: string | null
  awardProposal: AwardProposalView | null
  /** Who looks: the proposer of a waiting award may only withdraw it; a confirmer may decide it. */
  viewer: { userId: string; canConfirmAward: boolean }
  locale: string
  timeZone: string
  verify: VerifyView | null
}) {
  const { t } = useTranslation('auction')
  const navigation = useNavigation()
  const money = (a: string) => formatMoney(a, view.currency, locale)
  const [choice, setChoice] = useState(view.ladder[0]?.orgId ?? '')
  const chosen = view.ladder.find((r) => r.orgId === choice)
  // The same rule the server applies (D15): not rank 1, or rank 1 only through a void.
  const needsSecond = chosen ? awardNeedsSecondPerson(view.bids, chosen) : false
  const verifying = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'verify'
  return (
    <div className="space-y-6" data-testid="auction-results">
      <section className="grid gap-3 sm:grid-cols-4" aria-label={t('console.results.summary')}>
        <Summary label={t('console.results.best')} testId="result-best">
          {view.bestPrice ? money(view.bestPrice) : '—'}
        </Summary>
        <Summary
          label={t('console.results.savings')}
          testId="result-savings"
          note={view.lastPurchasePrice ? <LastPurchaseSavings view={view} locale={locale} testId="result-savings-last-purchase" /> : null}
        >
          <SavingsFigure figure={view.savingsVsCeiling && savingsFigure(view.savingsVsCeiling, view.currency, locale)} locale={locale} />
        </Summary>
        <Summary label={t('console.live.reserveLabel')} testId="result-reserve">
          {t(`reserveStatus.${view.reserveStatus}`)}
        </Summary>
        <Summary label={t('console.results.bidders')} testId="result-bidders">
          {t('console.live.bidders', { count: view.bidders, min: view.minParticipants })}
        </Summary>
      </section>

      {/* The scroller inside is the region named by the heading (a tab stop for the Award column on a phone); one landmark, not two. */}
      <section className="card overflow-hidden" data-testid="result-ranking">
        <h2 id="ranking-title" className="border-b border-slate-100 px-4 py-3 text-base font-semibold">
          {t('console.results.ranking')}
        </h2>
        {view.ladder.length ? (
          <TableScroller labelledBy="ranking-title">
            <RankingTable
              rows={view.ladder}
              money={money}
              locale={locale}
              timeZone={timeZone}
              rowTestId="result-row"
              supplierName={(r) => r.orgName}
              supplierTestId="result-supplier"
              surrogateClassName="ml-1 text-xs text-amber-700"
              extraColumns={[
                {
                  header: t('console.results.vsCeiling'),
                  headerClassName: 'px-3 py-2 text-right',
                  className: 'px-3 py-1.5 text-right tabular-nums',
                  cell: (r) => {
                    const s = savings(view.ceiling, r.amount)
                    return s ? formatPercent(s.percent, locale) : ''
                  },
                },
              ]}
              last={{
                header: t('console.results.award'),
                className: 'px-3 py-1.5',
                cell: (r) =>
                  view.awardedOrgId === r.orgId ? (
                    <span className="whitespace-nowrap rounded-full bg-indigo-600 px-2 py-0.5 text-xs text-white" data-testid="awarded-badge">
                      {t('console.results.awarded')}
                    </span>
                  ) : null,
              }}
            />
          </TableScroller>
        ) : (
          <p className="px-4 py-3 text-sm text-slate-500">{t('console.live.noBids')}</p>
        )}
        {view.awardedOrgId && awardJustification ? (
          <p className="border-t border-slate-100 px-4 py-2 text-sm text-slate-600">
            {withColon(t('console.results.justification'), locale)}
            {awardJustification}
          </p>
        ) : null}
      </section>

      {view.status === 'closed' && view.ladder.length && awardProposal ? (
        <AwardProposalCard proposal={awardProposal} viewer={viewer} money={money} when={(iso) => formatDateTime(iso, locale, timeZone)} />
      ) : null}

      {view.status === 'closed' && view.ladder.length && !awardProposal ? (
        <section className="card p-4" aria-labelledby="award-title" data-testid="award-section">
          <h2 id="award-title" className="text-base font-semibold">
            {t('console.results.award')}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t('console.results.awardHelp')}</p>
          <ActionDialog
            intent="award"
            testId="award"
            trigger={t('console.results.awardOpen')}
            triggerClassName="btn-primary mt-3"
            title={t('console.results.award')}
            confirmLabel={needsSecond ? t('console.results.proposeConfirm') : t('console.results.awardConfirm')}
          >
            <fieldset>
              <legend className="label">{t('console.live.supplier')}</legend>
              {view.ladder.map((r) => (
                <label key={r.orgId} className="flex items-center gap-2 text-sm">
                  <input type="radio" name="orgId" value={r.orgId} checked={choice === r.orgId} onChange={() => setChoice(r.orgId)} data-testid={`award-rank-${r.rank}`} />
                  {r.rank}. {r.orgName} · {money(r.amount)}
                </label>
              ))}
            </fieldset>
            <div>
              <label className="label" htmlFor="award-justification">
                {t('console.results.justification')} {needsSecond ? <span className="text-rose-600">*</span> : <span className="text-xs text-slate-500">{inParens(t('console.results.optional'), locale)}</span>}
              </label>
              <DialogControl name="justification" formErrors>
                <textarea id="award-justification" name="justification" rows={3} maxLength={2000} className="input" data-testid="award-justification" />
              </DialogControl>
            </div>
            {/* Said where the decision is made: the page says "reserve not reached" above, the dialog did not. */}
            {view.reserveStatus === 'not_met' ? (
              <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="award-reserve-not-met">
                {t('console.results.reserveNotMetWarning')}
              </p>
            ) : null}
            {needsSecond ? (
              <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="award-second-person">
                {t('console.results.secondPersonHelp')}
              </p>
            ) : null}
          </ActionDialog>
        </section>
      ) : null}

      <section className="card p-4" aria-labelledby="verify-title" data-testid="verify-section">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h2 id="verify-title" className="text-base font-semibold">
              {t('console.results.verifyTitle')}
            </h2>
            <p className="text-sm text-slate-600">{t('console.results.verifyHelp')}</p>
          </div>
          {/* Wrapping as whole buttons: on a phone the row of four squeezed Verify to one character per line. */}
          <div className="flex flex-wrap gap-2">
            <Form method="post">
              <input type="hidden" name="intent" value="verify" />
              <SubmitButton className="btn-primary whitespace-nowrap" busy={verifying} data-testid="verify-auction">
                {t('console.results.verify')}
              </SubmitButton>
            </Form>
            <a href={`/console/auctions/${view.auctionId}/pdf`} download className="btn-secondary whitespace-nowrap" data-testid="download-pdf">
              {t('console.results.pdf')}
            </a>
            <a href={`/console/auctions/${view.auctionId}/csv?part=result`} download className="btn-secondary whitespace-nowrap" data-testid="download-csv-result">
              {t('console.results.csvResult')}
            </a>
            <a href={`/console/auctions/${view.auctionId}/csv`} download className="btn-secondary whitespace-nowrap" data-testid="download-csv">
              {t('console.results.csv')}
            </a>
          </div>
        </div>
        {verify ? <VerifyOutcome v={verify} /> : null}
      </section>
    </div>
  )
}

export function VerifyOutcome({ v }: { v: VerifyView }) {
  const { t } = useTranslation('auction')
  return (
    <div
      role="status"
      className={`mt-3 rounded-md border px-3 py-2 text-sm ${v.ok ? 'border-emerald-200 bg-emerald-50 text-emerald-800' : 'border-rose-200 bg-rose-50 text-rose-800'}`}
      data-testid="verify-result"
      data-ok={v.ok ? 'true' : 'false'}
    >
      <p className="font-medium">{v.ok ? t('verify.ok') : t('console.results.verifyFailed')}</p>
      <p className="text-xs">{t('console.results.verifyChecked', { count: v.checked })}</p>
      {v.chainOk ? null : <p>{t('verify.chainBroken', { seq: v.brokenAtSeq })}</p>}
      {v.discrepancies.map((d, i) => (
        <p key={i}>
          #{d.seq}: {t(`verify.problem.${d.problem}`)}
        </p>
      ))}
      {v.mismatches.map((m) => (
        <p key={m}>{t('console.results.mismatch', { field: m })}</p>
      ))}
    </div>
  )
}

function Summary({ label, testId, children, note }: { label: string; testId: string; children: React.ReactNode; note?: React.ReactNode }) {
  return (
    <div className="card p-3">
      <p className="text-xs uppercase text-slate-500">{label}</p>
      <p className="mt-1 text-lg font-semibold tabular-nums" data-testid={testId}>
        {children}
      </p>
      {note ? <p className="mt-1 text-xs text-slate-600">{note}</p> : null}
    </div>
  )
}

/** A waiting award not to rank 1: its proposer may withdraw it; someone else who may confirm decides it. */
/** Why a rank-1 proposal still took two people: it leads only since a void, and who led before it. */
export function ProposalVoidLead({ proposal, money }: { proposal: AwardProposalView; money: (a: string) => string }) {
  const { t } = useTranslation('auction')
  const lead = proposal.leadBeforeVoid
  if (!lead) return null
  return (
    <p className="mt-1 text-sm text-amber-900" data-testid="award-proposal-void-lead">
      {t('console.results.proposalVoidLead', { supplier: proposal.orgName, leader: lead.orgName, amount: money(lead.amount) })}
    </p>
  )
}

function AwardProposalCard({
  proposal,
  viewer,
  money,
  when,
}: {
  proposal: AwardProposalView
  viewer: { userId: string; canConfirmAward: boolean }
  money: (a: string) => string
  when: (iso: string) => string
}) {
  const { t, i18n } = useTranslation('auction')
  const mine = proposal.proposedBy === viewer.userId
  // The proposal this page shows: one made again since is refused as changed, not decided unread.
  const which = (
    <>
      <input type="hidden" name="orgId" value={proposal.orgId} />
      <input type="hidden" name="proposedAt" value={proposal.proposedAt} />
    </>
  )
  return (
    <section className="card border-amber-300 p-4" aria-labelledby="proposal-title" data-testid="award-proposal" data-org-id={proposal.orgId} data-mine={mine ? 'true' : 'false'}>
      <h2 id="proposal-title" className="text-base font-semibold">
        {t('console.results.proposalTitle')}
      </h2>
      <p className="mt-1 text-sm" data-testid="award-proposal-summary">
        {t('console.results.proposalSummary', {
          name: proposal.proposedByName,
          supplier: proposal.orgName,
          rank: proposal.rank ?? '—',
          amount: proposal.amount ? money(proposal.amount) : '—',
          at: when(proposal.proposedAt),
        })}
      </p>
      <ProposalVoidLead proposal={proposal} money={money} />
      <p className="mt-1 text-sm text-slate-600" data-testid="award-proposal-justification">
        {withColon(t('console.results.justification'), i18n.language)}
        {proposal.justification}
      </p>
      <p className="mt-2 text-sm text-amber-900" data-testid="award-proposal-waiting">
        {mine ? t('console.results.proposalMine') : viewer.canConfirmAward ? t('console.results.proposalYours') : t('console.results.proposalOthers')}
      </p>
      <div className="mt-3 flex flex-wrap gap-2">
        {!mine && viewer.canConfirmAward ? (
          <ActionDialog
            intent="confirmAward"
            testId="confirm-award"
            trigger={t('console.results.confirmAward')}
            triggerClassName="btn-primary"
            title={t('console.results.confirmAwardTitle')}
            description={t('console.results.confirmAwardHelp', { supplier: proposal.orgName })}
            confirmLabel={t('console.results.confirmAward')}
          >
            {which}
          </ActionDialog>
        ) : null}
        {mine || viewer.canConfirmAward ? (
          <ActionDialog
            intent="declineAward"
            testId="decline-award"
            tone="danger"
            trigger={mine ? t('console.results.withdrawAward') : t('console.results.declineAward')}
            title={mine ? t('console.results.withdrawAward') : t('console.results.declineAward')}
            description={mine ? t('console.results.withdrawHelp') : t('console.results.declineHelp')}
            confirmLabel={mine ? t('console.results.withdrawAward') : t('console.results.declineAward')}
          >
            {which}
            <ReasonField label={t('console.actions.reason')} testId="decline-award" />
          </ActionDialog>
        ) : null}
      </div>
    </section>
  )
}
