import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useLoaderData, useRevalidator } from '@remix-run/react'
import { useKeptActionData } from '~/ui/kept-action-data'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { staffCan } from '~/auth/roles'
import { addParticipants } from '~/domain/auction/add-participants.server'
import { formatRejectionParams } from '~/domain/auction/auction-bid.rules'
import { isOpenAuction } from '~/domain/auction/auction.rules'
import { auctionDetail, supplierOptions } from '~/domain/auction/auction-console.queries.server'
import { ConsoleActionSchemas, isConsoleIntent } from '~/domain/auction/auction-console.validation'
import { awardAuction, confirmAward, declineAward } from '~/domain/auction/award-auction.server'
import { cancelAuction } from '~/domain/auction/cancel-auction.server'
import { extendAuctionEnd } from '~/domain/auction/extend-end.server'
import { pauseAuction } from '~/domain/auction/pause-auction.server'
import { publishAuction } from '~/domain/auction/publish-auction.server'
import { resumeAuction } from '~/domain/auction/resume-auction.server'
import { surrogateBid } from '~/domain/auction/surrogate-bid.server'
import { verifyAuctionAs } from '~/domain/auction/verify-auction.server'
import { voidBid } from '~/domain/auction/void-bid.server'
import { useRevalidateOn } from '~/realtime/client'
import { ActionDialog, DialogControl, ReasonField } from '~/ui/auction/action-dialog'
import { EventLog } from '~/ui/auction/event-log'
import { LiveMonitor } from '~/ui/auction/live-monitor'
import { Results, type VerifyView } from '~/ui/auction/results'
import { SettingsSummary } from '~/ui/auction/settings-summary'
import { StatusBadge } from '~/ui/auction/status-badge'
import { SupplierPreview } from '~/ui/auction/supplier-preview'
import { isoToLocalInput, localInputToIso } from '~/ui/auction/zoned-time'
import { titleMeta } from '~/ui/catalog/meta'
import { FormError } from '~/ui/form'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { redirectWithToast } from '~/ui/toast.server'
import { formatDateTimeSeconds, timeZoneName } from '~/utils/dates'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { DomainError } from '~/utils/errors'
import { notAFormResponse, parseForm, readFormData } from '~/utils/form.server'

export const meta = titleMeta


export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'auctions.run')
  let detail
  try {
    detail = await auctionDetail(actor, args.params.id ?? '')
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') throw new Response('Not found', { status: 404 })
    throw err
  }
  const invited = new Set(detail.view.participantList.map((p) => p.orgId))
  const addable = (await supplierOptions(actor)).filter((s) => s.active && !invited.has(s.id))
  return {
    title: await pageTitle(actor, 'auction', 'console.detail.title', { title: detail.title }),
    detail,
    addable,
    // A fresh id per page load: a surrogate bid's retry (double click, resubmit) is then one bid.
    clientBidId: crypto.randomUUID(),
    viewer: { userId: actor.userId, canConfirmAward: staffCan(actor, 'auctions.confirmAward') },
    locale: actor.locale,
    timeZone: actor.timeZone,
    // Named once, here: Node and the browser name some zones differently, and the page must hydrate with the server's text.
    zoneLabel: timeZoneName(actor.timeZone, actor.locale),
  }
}

/** The intents that move money or the outcome: they carry the session's action token too. */
const HIGH_VALUE_INTENTS = new Set<string>(['award', 'confirmAward', 'declineAward', 'void', 'surrogate'])

/** One page, many small forms; each names its intent and is parsed by that intent's strict schema. */
export async function action(args: ActionFunctionArgs) {
  const actor = await requireStaff(args, 'auctions.run')
  const id = args.params.id ?? ''
  const here = `/console/auctions/${id}`
  const meta = { ip: args.context.ip }
  const form = await readFormData(args.request.clone())
  if (!form) return notAFormResponse()
  const intent = form.get('intent')
  if (!isConsoleIntent(intent)) return data({ submission: { status: 'error' as const, error: { '': ['errors:bad_input'] } } }, { status: 400 })
  const parsed = await parseForm(args.request, ConsoleActionSchemas[intent], { highValue: HIGH_VALUE_INTENTS.has(intent) ? args.context : undefined })
  if (!parsed.ok) return parsed.response
  const v = parsed.value as Record<string, any>
  try {
    switch (intent) {
      case 'publish':
        await publishAuction(actor, id, meta)
        return redirectWithToast(here, 'auction:console.toast.published')
      case 'pause':
        await pauseAuction(actor, id, { reason: v.reason }, meta)
        return redirectWithToast(here, 'auction:console.toast.paused')
      case 'resume':
        await resumeAuction(actor, id, { reason: v.reason }, meta)
        return redirectWithToast(here, 'auction:console.toast.resumed')
      case 'cancel':
        await cancelAuction(actor, id, { reason: v.reason }, meta)
        return redirectWithToast(here, 'auction:console.toast.cancelled')
      case 'extend':
        await extendAuctionEnd(actor, id, { endsAt: v.endsAt, reason: v.reason }, meta)
        return redirectWithToast(here, 'auction:console.toast.extended')
      case 'addParticipants':
        await addParticipants(actor, id, { participantIds: v.participantIds }, meta)
        return redirectWithToast(here, 'auction:console.toast.participantsAdded')
      case 'void':
        await voidBid(actor, id, { bidId: v.bidId, reason: v.reason }, meta)
        return redirectWithToast(here, 'auction:console.toast.voided')
      case 'surrogate': {
        const out = await surrogateBid(actor, id, { amount: v.amount, confirm: v.confirm, clientBidId: v.clientBidId, orgId: v.orgId, reason: v.reason }, meta)
        if (!out.answer.ok) {
          const e = out.answer.error
          const messageParams = formatRejectionParams(e.messageParams, out.projection.currency, actor.locale)
          return data({ submission: null, bidError: { code: e.code, messageKey: e.messageKey, messageParams } }, { status: 422 })
        }
        return redirectWithToast(here, 'auction:console.toast.surrogatePlaced')
      }
      case 'award': {
        const out = await awardAuction(actor, id, { orgId: v.orgId, justification: v.justification }, meta)
        return redirectWithToast(here, out.result.outcome === 'proposed' ? 'auction:console.toast.awardProposed' : 'auction:console.toast.awarded')
      }
      case 'confirmAward':
        await confirmAward(actor, id, { orgId: v.orgId, proposedAt: v.proposedAt }, meta)
        return redirectWithToast(here, 'auction:console.toast.awarded')
      case 'declineAward': {
        const out = await declineAward(actor, id, { orgId: v.orgId, proposedAt: v.proposedAt, reason: v.reason }, meta)
        return redirectWithToast(here, out.result.withdrawn ? 'auction:console.toast.awardWithdrawn' : 'auction:console.toast.awardDeclined')
      }
      case 'verify': {
        const r = await verifyAuctionAs(actor, id)
        const verify: VerifyView = {
          ok: r.ok,
          chainOk: r.chain.ok,
          checked: r.chain.checked,
          brokenAtSeq: r.chain.ok ? null : r.chain.brokenAtSeq,
          discrepancies: r.discrepancies.map((d) => ({ seq: d.seq, problem: d.problem })),
          mismatches: r.mismatches.map((m) => m.field),
        }
        return data({ submission: null, verify })
      }
    }
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}

type ActionReply = { submission?: { error?: Record<string, string[] | null> | null } | null; verify?: VerifyView; bidError?: unknown }

export default function AuctionPage() {
  const { detail, addable, clientBidId, viewer, locale, timeZone, zoneLabel } = useLoaderData<typeof loader>()
  const actionData = useKeptActionData<typeof action>() as ActionReply | undefined
  const { t } = useTranslation('auction')
  const revalidator = useRevalidator()
  const { view } = detail
  const isLive = isOpenAuction(detail.status)
  // To the second: a pause or a soft-close extension moves the end by seconds.
  const when = (iso: string) => formatDateTimeSeconds(iso, locale, timeZone)

  // The socket carries the projection; the log (rejected attempts, reasons) and a status change
  // of the whole page come from the loader: reload it, at most twice a second, when the live seq moves on.
  const loaded = useRef({ seq: view.seq, status: view.status })
  loaded.current = { seq: view.seq, status: view.status }
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const revalidate = useRef(revalidator.revalidate)
  revalidate.current = revalidator.revalidate
  const onSeq = useCallback((seq: number, status: string) => {
    if (seq <= loaded.current.seq && status === loaded.current.status) return
    if (timer.current) return
    timer.current = setTimeout(() => {
      timer.current = null
      revalidate.current()
    }, 500)
  }, [])
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), [])

  // A colleague's award step (a proposal, its confirmation or decline) shows without a reload.
  useRevalidateOn('auction:awardChanged', (p) => p.auctionId === detail.id, 300)

  const formErrors = actionData?.submission?.error ? Object.values(actionData.submission.error).flat().filter((e): e is string => !!e) : []
  const rejected = detail.log.filter((r) => r.type === 'bid_rejected')

  return (
    <div data-testid="auction-page" data-status={detail.status}>
      <PageHeader
        title={detail.title}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            {detail.status === 'draft' ? <DraftActions id={detail.id} /> : null}
            {isLive ? <LiveActions status={detail.status} endsAt={view.endsAt} addable={addable} timeZone={timeZone} zoneLabel={zoneLabel} /> : null}
            {detail.status === 'closed' ? (
              <ActionDialog intent="cancel" testId="cancel" tone="danger" trigger={t('console.actions.cancel')} title={t('console.actions.cancelTitle')} description={t('console.actions.cancelHelp')} confirmLabel={t('console.actions.cancelConfirm')}>
                <ReasonField label={t('console.actions.reason')} testId="cancel" />
              </ActionDialog>
            ) : null}
            <Link to="/console/auctions" className="btn-ghost">
              {t('console.back')}
            </Link>
          </div>
        }
      >
        <span className="inline-flex flex-wrap items-center gap-2">
          <StatusBadge status={detail.status} />
          <span data-testid="auction-schedule">
            {when(view.startsAt)} → {when(view.endsAt)}
            {t('console.inZone', { zone: zoneLabel })}
          </span>
          {/* The separator only where the line has room to stay one line: on a phone the buyer wraps to a line of its own, which began with a stray "·". */}
          {detail.buyerName ? (
            <span className="text-slate-500">
              <span className="hidden sm:inline" aria-hidden>
                ·{' '}
              </span>
              {t('console.detail.buyer', { name: detail.buyerName })}
            </span>
          ) : null}
        </span>
      </PageHeader>
      <FormError errors={formErrors} />

      {detail.status === 'draft' ? (
        <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
          <div className="space-y-6">
            <SettingsSummary settings={detail.settings} current={view} lines={detail.lines} locale={locale} timeZone={timeZone} zoneLabel={zoneLabel} />
            <section className="card p-4" aria-labelledby="invited-title" data-testid="draft-participants">
              <h2 id="invited-title" className="text-base font-semibold">
                {t('console.form.participants')}
              </h2>
              <ul className="mt-2 text-sm">
                {view.participantList.map((p) => (
                  <li key={p.orgId} data-testid="draft-participant">
                    {p.orgName}
                  </li>
                ))}
              </ul>
            </section>
          </div>
          <aside>
            <SupplierPreview visibility={detail.settings.visibility} currency={detail.settings.currency} ceiling={detail.settings.ceiling} decrementAmount={detail.settings.decrement.amount ?? ''} decrementPercent={detail.settings.decrement.percent ?? ''} locale={locale} />
          </aside>
        </div>
      ) : null}

      {isLive ? (
        <div className="space-y-6">
          <LiveMonitor key={detail.id} initial={view} rejected={rejected} locale={locale} timeZone={timeZone} onSeq={onSeq} clientBidId={clientBidId} />
          <SettingsSummary settings={detail.settings} current={view} lines={detail.lines} locale={locale} timeZone={timeZone} zoneLabel={zoneLabel} />
          <EventLog rows={detail.log} currency={detail.settings.currency} locale={locale} timeZone={timeZone} title={t('console.log.title')} />
        </div>
      ) : null}

      {!isLive && detail.status !== 'draft' ? (
        <div className="space-y-6">
          <Results view={view} awardJustification={detail.awardJustification} awardProposal={detail.awardProposal} viewer={viewer} locale={locale} timeZone={timeZone} verify={actionData?.verify ?? null} />
          <SettingsSummary settings={detail.settings} current={view} lines={detail.lines} locale={locale} timeZone={timeZone} zoneLabel={zoneLabel} />
          <EventLog rows={detail.log} currency={detail.settings.currency} locale={locale} timeZone={timeZone} title={t('console.log.title')} />
        </div>
      ) : null}
    </div>
  )
}

function DraftActions({ id }: { id: string }) {
  const { t } = useTranslation('auction')
  return (
    <>
      <Link to={`/console/auctions/${id}/edit`} className="btn-secondary" data-testid="edit-auction">
        {t('console.actions.edit')}
      </Link>
      <ActionDialog intent="cancel" testId="cancel" tone="danger" trigger={t('console.actions.cancel')} title={t('console.actions.cancelTitle')} description={t('console.actions.cancelHelp')} confirmLabel={t('console.actions.cancelConfirm')}>
        <ReasonField label={t('console.actions.reason')} testId="cancel" />
      </ActionDialog>
      <ActionDialog intent="publish" testId="publish" trigger={t('console.actions.publish')} triggerClassName="btn-primary" title={t('console.actions.publishTitle')} description={t('console.actions.publishHelp')} confirmLabel={t('console.actions.publishConfirm')} />
    </>
  )
}

/** After publish only the end (later) and the participants (more) change, besides pause/resume/cancel. */
function LiveActions({ status, endsAt, addable, timeZone, zoneLabel }: { status: string; endsAt: string; addable: { id: string; code: string; name: string }[]; timeZone: string; zoneLabel: string }) {
  const { t } = useTranslation('auction')
  const [local, setLocal] = useState(() => isoToLocalInput(new Date(Date.parse(endsAt) + 10 * 60_000).toISOString(), timeZone))
  return (
    <>
      {status === 'running' ? (
        <ActionDialog intent="pause" testId="pause" trigger={t('console.actions.pause')} title={t('console.actions.pauseTitle')} description={t('console.actions.pauseHelp')} confirmLabel={t('console.actions.pauseConfirm')}>
          <ReasonField label={t('console.actions.reason')} testId="pause" />
        </ActionDialog>
      ) : null}
      {status === 'paused' ? (
        <ActionDialog intent="resume" testId="resume" trigger={t('console.actions.resume')} title={t('console.actions.resumeTitle')} description={t('console.actions.resumeHelp')} confirmLabel={t('console.actions.resumeConfirm')}>
          <ReasonField label={t('console.actions.reason')} testId="resume" />
        </ActionDialog>
      ) : null}
      <ActionDialog intent="extend" testId="extend" trigger={t('console.actions.extend')} title={t('console.actions.extendTitle')} description={t('console.actions.extendHelp')} confirmLabel={t('console.actions.extendConfirm')}>
        <div>
          <label className="label" htmlFor="extend-ends-at">
            {t('console.actions.newEnd')}
            {t('console.inZone', { zone: zoneLabel })}
          </label>
          <DialogControl name="endsAt" formErrors>
            <input id="extend-ends-at" type="datetime-local" required className="input" value={local} onChange={(e) => setLocal(e.target.value)} data-testid="extend-ends-at" />
          </DialogControl>
          <input type="hidden" name="endsAt" value={localInputToIso(local, timeZone)} />
        </div>
        <ReasonField label={t('console.actions.reason')} testId="extend" />
      </ActionDialog>
      {addable.length ? (
        <ActionDialog intent="addParticipants" testId="add-participants" trigger={t('console.actions.addParticipants')} title={t('console.actions.addParticipantsTitle')} description={t('console.actions.addParticipantsHelp')} confirmLabel={t('console.actions.addParticipantsConfirm')}>
          <fieldset className="space-y-1">
            <legend className="sr-only">{t('console.form.participants')}</legend>
            {addable.map((s) => (
              <label key={s.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="participantIds" value={s.id} data-testid={`add-participant-${s.code}`} />
                <span className="font-mono text-xs">{s.code}</span> {s.name}
              </label>
            ))}
          </fieldset>
        </ActionDialog>
      ) : null}
      <ActionDialog intent="cancel" testId="cancel" tone="danger" trigger={t('console.actions.cancel')} title={t('console.actions.cancelTitle')} description={t('console.actions.cancelHelp')} confirmLabel={t('console.actions.cancelConfirm')}>
        <ReasonField label={t('console.actions.reason')} testId="cancel" />
      </ActionDialog>
    </>
  )
}
