// The buyer's live monitor: the buyer's projection as the socket pushes it (useAuctionRoom), with
// the full ladder by supplier name, each bid as it lands, rejected attempts, who is connected, the
// countdown on the server's clock, extensions, savings and the reserve, and the price chart.
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { BuyerProjection } from '~/domain/auction/auction-projection.rules'
import { isOpenAuction } from '~/domain/auction/auction.rules'
import type { BuyerStateDto } from '~/realtime/events'
import { formatCountdown, useAuctionRoom, useCountdown } from '~/realtime/use-auction-room'
import { formatMoney } from '~/utils/money'
import { savingsFigure } from '~/domain/auction/savings-text'
import { ActionDialog, DialogControl, ReasonField } from './action-dialog'
import { useLogDetailText, type LogRowView } from './event-log'
import { liveTime } from '~/utils/dates'
import { connectionKey, nextConnectionPhase, useMonitorAnnouncement, type ConnectionPhase } from './monitor-announcements'
import { pausedMsLeft } from './paused-clock'
import { PriceChart } from './price-chart'
import { TableScroller } from '~/ui/table-scroller'
import { moneyTileSpan } from '~/ui/stat-tile'
import { RankingTable } from './ranking-table'
import { LastPurchaseSavings, SavingsFigure } from './savings-figure'
import { StatusBadge } from './status-badge'
import { inParens } from '~/utils/intl'


export function LiveMonitor({
  initial,
  rejected,
  locale,
  timeZone,
  onSeq,
  clientBidId,
}: {
  initial: BuyerProjection
  /** Rejected attempts from the log (the live state carries their count). */
  rejected: LogRowView[]
  locale: string
  timeZone: string
  /** Called with each newer live seq, so the page can reload what the socket does not carry (the log). */
  onSeq: (seq: number, status: string) => void
  clientBidId: string
}) {
  const { t } = useTranslation('auction')
  const room = useAuctionRoom(initial.auctionId, { ...initial, connectedOrgIds: [] })
  // The newer of the socket's state and the loader's (reloaded after each of the buyer's actions).
  const live = room.state && room.state.viewer === 'buyer' ? (room.state as BuyerStateDto) : null
  const view: BuyerStateDto = live && live.seq >= initial.seq ? live : { ...initial, connectedOrgIds: live?.connectedOrgIds ?? [] }
  const open = isOpenAuction(view.status)
  const ticking = useCountdown(view.endsAt, room.serverNow)
  // While paused the time left stands still (the end moves by the paused time on resume), as the supplier's room shows it.
  const frozen = pausedMsLeft(view)
  const { label, msLeft } = frozen === null ? ticking : { label: formatCountdown(frozen), msLeft: frozen }
  useEffect(() => onSeq(view.seq, view.status), [view.seq, view.status, onSeq])

  const money = (a: string) => formatMoney(a, view.currency, locale)
  const detailText = useLogDetailText(view.currency, locale, timeZone)
  const names = Object.fromEntries(view.participantList.map((p) => [p.orgId, p.orgName ?? p.orgId]))
  const connected = new Set(view.connectedOrgIds ?? [])
  const feed = [...view.bids].reverse()
  const announcement = useMonitorAnnouncement(view, locale, timeZone, (orgId) => names[orgId] ?? orgId)
  const connection = useConnectionPhase(room.connected)
  const bidTime = liveTime(view.startsAt, locale, timeZone)

  return (
    <div className="space-y-6" data-testid="live-monitor" data-seq={view.seq} data-socket={room.connected ? 'joined' : 'waiting'}>
      {/* Six equal columns cut the best price off its tile ("CN¥222,000.0"): from xl a column is at least as wide as its
          figure, the others share what is left; on a phone the short figures pair up (filling the gap before a money one) and the money ones take the row. */}
      <section className="grid grid-flow-dense grid-cols-2 gap-3 sm:grid-flow-row sm:grid-cols-3 xl:grid-cols-[repeat(6,minmax(min-content,1fr))]" aria-label={t('console.live.summary')}>
        <Stat label={t('console.live.status')}>
          <StatusBadge status={view.status} />
        </Stat>
        <Stat label={view.status === 'scheduled' ? t('console.live.startsIn') : t('console.live.timeLeft')}>
          <span className="text-xl font-semibold tabular-nums" data-testid="auction-countdown" data-ends-at={view.endsAt} data-ms-left={msLeft ?? ''}>
            {view.status === 'scheduled' ? <ScheduledCountdown startsAt={view.startsAt} serverNow={room.serverNow} /> : label}
          </span>
        </Stat>
        <Stat label={t('console.live.extensions')}>
          <span className="text-xl font-semibold tabular-nums" data-testid="auction-extensions" data-count={view.extensions}>
            {view.extensions}
          </span>
        </Stat>
        <Stat label={t('console.live.bestPrice')} className={moneyTileSpan}>
          <span className="whitespace-nowrap text-xl font-semibold tabular-nums" data-testid="live-best">
            {view.bestPrice ? money(view.bestPrice) : '—'}
          </span>
        </Stat>
        <Stat label={t('console.live.savings')} className={moneyTileSpan}>
          <span className="tabular-nums" data-testid="live-savings">
            <SavingsFigure figure={view.savingsVsCeiling && savingsFigure(view.savingsVsCeiling, view.currency, locale)} locale={locale} />
          </span>
          {/* Beside the ceiling's, not a stat of its own: the row of six holds, and it is the same question against another baseline.
              Label and value on lines of their own: no colon to get right in both languages ("：" in Chinese). */}
          {view.lastPurchasePrice ? (
            <p className="mt-1 text-xs text-slate-600">
              <LastPurchaseSavings view={view} locale={locale} testId="live-savings-last-purchase" />
            </p>
          ) : null}
        </Stat>
        <Stat label={t('console.live.reserveLabel')}>
          <span data-testid="live-reserve" data-reserve={view.reserveStatus} className={view.reserveStatus === 'met' ? 'text-emerald-700' : view.reserveStatus === 'not_met' ? 'text-amber-700' : ''}>
            {t(`reserveStatus.${view.reserveStatus}`)}
          </span>
        </Stat>
      </section>
      <p className="text-xs text-slate-500">
        {/* Only the connection speaks here: the event number changed on every bid and told a listener nothing. */}
        <span role="status" data-testid="monitor-connection" data-phase={open ? connection : 'closed'}>
          {/* Once the bidding is over the page reloads into the results; until then the line does not claim a live feed. */}
          {!open ? t('console.live.biddingClosed') : room.joinError && !room.connected ? room.joinError.message : t(`console.live.${connectionKey[connection]}`)}
        </span>{' '}
        · <span data-testid="monitor-seq">{t('console.live.seq', { seq: view.seq })}</span>
        {view.status === 'paused' ? <span className="ml-2 font-medium text-amber-700">{t('console.live.pausedNotice')}</span> : null}
      </p>
      <p className="sr-only" role="status" aria-label={t('console.live.announcements')} data-testid="monitor-announcement">
        {announcement}
      </p>

      <div className="grid gap-6 lg:grid-cols-2">
        {/* Not a named region itself: the table's scroller is one, named by the same heading (one landmark, not two). */}
        <section className="card overflow-hidden" data-testid="buyer-ladder">
          <h2 id="ladder-title" className="border-b border-slate-100 px-4 py-3 text-base font-semibold">
            {t('console.live.ladder')}
            <span className="text-sm font-normal text-slate-500">{inParens(t('console.live.bidders', { count: view.bidders, min: view.minParticipants }), locale)}</span>
          </h2>
          {view.ladder.length ? (
            <TableScroller labelledBy="ladder-title">
              <RankingTable
                rows={view.ladder}
                money={money}
                locale={locale}
                timeZone={timeZone}
                rowTestId="buyer-ladder-row"
                rowData={(r) => ({ 'data-org-id': r.orgId, 'data-amount': r.amount })}
                time={bidTime}
                supplierName={(r) => r.orgName ?? names[r.orgId]}
                supplierTestId="ladder-supplier"
                amountTestId="ladder-amount"
                surrogateClassName="ml-1 rounded bg-amber-50 px-1 text-xs text-amber-700"
                last={{
                  className: 'px-3 py-1.5 text-right',
                  cell: (r) => (
                    <ActionDialog
                      intent="void"
                      testId={`void-${r.rank}`}
                      trigger={t('console.actions.void')}
                      triggerClassName="btn-ghost whitespace-nowrap px-2 py-0.5 text-xs"
                      triggerLabel={t('console.actions.voidLabel', { supplier: r.orgName ?? names[r.orgId], amount: money(r.amount) })}
                      title={t('console.actions.voidTitle')}
                      description={t('console.actions.voidHelp', { supplier: r.orgName ?? names[r.orgId], amount: money(r.amount) })}
                      confirmLabel={t('console.actions.voidConfirm')}
                      tone="danger"
                    >
                      <input type="hidden" name="bidId" value={r.bidId} />
                      <ReasonField label={t('console.actions.reason')} testId={`void-${r.rank}`} />
                    </ActionDialog>
                  ),
                }}
              />
            </TableScroller>
          ) : (
            <p className="px-4 py-3 text-sm text-slate-500">{t('console.live.noBids')}</p>
          )}
        </section>

        <section className="card overflow-hidden" data-testid="live-participants">
          <h2 id="participants-title" className="border-b border-slate-100 px-4 py-3 text-base font-semibold">
            {t('console.live.participants')}
          </h2>
          <TableScroller labelledBy="participants-title">
            <table className="w-full text-sm">
              <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
                <tr>
                  <th className="px-3 py-2">{t('console.live.supplier')}</th>
                  <th className="px-3 py-2">{t('console.live.terms')}</th>
                  <th className="px-3 py-2">{t('console.live.connection')}</th>
                  <th className="px-3 py-2">
                    <span className="sr-only">{t('common:table.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {view.participantList.map((p) => {
                  const on = connected.has(p.orgId)
                  return (
                    <tr key={p.orgId} className="border-t border-slate-100" data-testid="participant-row" data-org-id={p.orgId} data-connected={on ? 'true' : 'false'}>
                      <td className="min-w-[8rem] px-3 py-1.5">
                        {p.orgName ?? p.orgId}
                        {p.active ? null : <span className="text-xs text-slate-500">{inParens(t('console.form.inactive'), locale)}</span>}
                      </td>
                      {/* Short words kept whole (已接受 stood a character a line on a phone); the name takes the rest. */}
                      <td className="whitespace-nowrap px-3 py-1.5" data-testid="participant-terms">{p.acceptedTerms ? t('console.live.termsAccepted') : t('console.live.termsPending')}</td>
                      <td className="whitespace-nowrap px-3 py-1.5">
                        <span className={`inline-flex items-center gap-1 ${on ? 'text-emerald-700' : 'text-slate-600'}`} data-testid="participant-connection">
                          <span aria-hidden className={`h-2 w-2 rounded-full ${on ? 'bg-emerald-500' : 'bg-slate-300'}`} />
                          {on ? t('console.live.online') : t('console.live.offline')}
                        </span>
                      </td>
                      <td className="px-3 py-1.5 text-right">
                        {view.status === 'running' && p.active && p.acceptedTerms ? (
                          <ActionDialog
                            intent="surrogate"
                            testId={`surrogate-${p.orgId.slice(0, 8)}`}
                            trigger={t('console.actions.surrogate')}
                            triggerClassName="btn-ghost whitespace-nowrap px-2 py-0.5 text-xs"
                            triggerLabel={t('console.actions.surrogateLabel', { supplier: p.orgName ?? p.orgId })}
                            title={t('console.actions.surrogateTitle', { supplier: p.orgName ?? '' })}
                            description={t('console.actions.surrogateHelp')}
                            confirmLabel={t('console.actions.surrogateConfirm')}
                          >
                            <input type="hidden" name="orgId" value={p.orgId} />
                            <input type="hidden" name="clientBidId" value={clientBidId} />
                            <SurrogateAmountField orgId={p.orgId} currency={view.currency} />
                            <label className="flex items-center gap-2 text-sm">
                              <input type="checkbox" name="confirm" /> {t('console.actions.confirmDrop')}
                            </label>
                            <ReasonField label={t('console.actions.reason')} testId="surrogate" />
                          </ActionDialog>
                        ) : null}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </TableScroller>
        </section>
      </div>

      <PriceChart bids={view.bids} ceiling={view.ceiling} reserve={view.reserve} currency={view.currency} locale={locale} timeZone={timeZone} />

      <div className="grid gap-6 lg:grid-cols-2">
        <section className="card relative overflow-x-auto" aria-labelledby="feed-title" data-testid="bid-feed">
          <h2 id="feed-title" className="border-b border-slate-100 px-4 py-3 text-base font-semibold">
            {t('console.live.feed')}
            {view.bidsTotal && view.bidsTotal > view.bids.length ? (
              <span className="ml-2 text-xs font-normal text-slate-500" data-testid="bid-feed-truncated">
                {t('console.live.feedLatest', { count: view.bids.length, total: view.bidsTotal })}
              </span>
            ) : null}
          </h2>
          {feed.length ? (
            <ul className="divide-y divide-slate-100 text-sm">
              {feed.map((b) => (
                <li key={b.id} className={`flex justify-between gap-3 px-4 py-1.5 ${b.voided ? 'text-slate-500 line-through' : ''}`} data-testid="bid-feed-row">
                  <span className="tabular-nums text-slate-500">{bidTime(b.at)}</span>
                  <span className="flex-1">
                    {names[b.orgId] ?? b.orgId}
                    {b.surrogate ? <span className="ml-1 text-xs text-amber-700">{t('console.live.surrogate')}</span> : null}
                    {b.voided ? <span className="ml-1 text-xs">{t('console.live.voided')}</span> : null}
                  </span>
                  <span className="tabular-nums">{money(b.amount)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="px-4 py-3 text-sm text-slate-500">{t('console.live.noBids')}</p>
          )}
        </section>
        <section className="card relative overflow-x-auto" aria-labelledby="rejected-title" data-testid="rejected-attempts">
          <h2 id="rejected-title" className="border-b border-slate-100 px-4 py-3 text-base font-semibold">
            {t('console.live.rejected')}
            <span className="text-sm font-normal text-slate-500" data-testid="rejected-count">
              {inParens(String(view.rejectedAttempts), locale)}
            </span>
          </h2>
          {rejected.length ? (
            <ul className="divide-y divide-slate-100 text-sm">
              {[...rejected].reverse().map((r) => (
                <li key={r.seq} className="flex justify-between gap-3 px-4 py-1.5" data-testid="rejected-row">
                  <span className="tabular-nums text-slate-500">{bidTime(r.at)}</span>
                  <span className="flex-1 break-words" data-testid="rejected-detail">
                    {detailText(r.detail)}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="px-4 py-3 text-sm text-slate-500">{t('console.live.noRejected')}</p>
          )}
        </section>
      </div>
    </div>
  )
}

/** The surrogate bid's amount, invalid and described by the refusal while one shows: a refused bid is about its amount. */
export function SurrogateAmountField({ orgId, currency }: { orgId: string; currency: string }) {
  const { t, i18n } = useTranslation('auction')
  return (
    <div>
      <label className="label" htmlFor={`sur-${orgId}-amount`}>
        {t('console.actions.amount')}
        {inParens(currency, i18n.language)}
      </label>
      <DialogControl name="amount" formErrors>
        <input id={`sur-${orgId}-amount`} name="amount" required inputMode="decimal" className="input" data-testid="surrogate-amount" />
      </DialogControl>
    </div>
  )
}

function Stat({ label, children, className = '' }: { label: string; children: React.ReactNode; className?: string }) {
  return (
    <div className={`card p-3 ${className}`}>
      <p className="text-xs uppercase text-slate-500">{label}</p>
      <div className="mt-1">{children}</div>
    </div>
  )
}

function ScheduledCountdown({ startsAt, serverNow }: { startsAt: string; serverNow: () => number }) {
  const { label } = useCountdown(startsAt, serverNow)
  return <>{label}</>
}

/** The connection's phase as the monitor names it, following the room's `connected` from render to render. */
function useConnectionPhase(connected: boolean): ConnectionPhase {
  const phase = useRef<ConnectionPhase>('connecting')
  phase.current = nextConnectionPhase(phase.current, connected)
  return phase.current
}
