import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SupplierProjection } from '~/domain/auction/auction-projection.rules'
import { ActionTokenField, useErrorText } from '~/ui/form'
import { SubmitButton } from '~/ui/submit-button'
import { formatMoney } from '~/utils/money'
import { formatPercent } from '~/utils/percent'
import { plainNumber } from '~/utils/validation'
import { answerHolds, bidConfirmation, holdAnswer, type BidResult, type HeldAnswer } from './bid-answer'
import { ConfirmDialog } from './confirm-dialog'

// The shape the server accepts before it judges the amount (auction.validation's bidAmount): a
// malformed entry is answered here without a round trip; everything else is the server's call.
const AMOUNT_SHAPE = /^\d{1,20}(\.\d{1,10})?$/

// "Use this amount" is a thumb's size on a phone (44 px): 26 px tall beside the clock, in the last seconds, it took a second tap.
const FILL_BUTTON = 'btn-secondary px-2 py-1 text-xs max-sm:min-h-11 max-sm:px-3 max-sm:text-sm'

/** A bid waiting for the user's yes: its first-bid and large-drop questions, asked in one dialog. */
type Pending = { amount: string; first: boolean; large: boolean; threshold: string | null } | null

/**
 * The bid form. The first bid of this supplier asks for a confirmation (bids cannot be withdrawn);
 * later ones go with one click. A drop beyond the max single drop is asked about before it is sent
 * (in the same dialog as a first bid's question) and then sent confirmed, so it costs no refusal;
 * should the server still answer CONFIRMATION_REQUIRED (the own bid was voided meanwhile, say), the
 * question is asked then. The answer to the last bid stays only while it holds in the live state.
 */
export function BidPanel({
  view,
  send,
  clientBidId,
  locale,
  postedResult,
  postedErrors,
  maxSingleDropPercent,
}: {
  view: SupplierProjection
  send: (amount: string, confirm: boolean) => Promise<BidResult>
  clientBidId: string
  locale: string
  postedResult?: BidResult
  postedErrors?: string[]
  maxSingleDropPercent: string
}) {
  const { t } = useTranslation('auction')
  const [amount, setAmount] = useState('')
  const [pending, setPending] = useState<Pending>(null)
  const [busy, setBusy] = useState(false)
  const [answer, setAnswer] = useState<HeldAnswer | null>(() => (postedResult ? holdAnswer(postedResult, view.maxAcceptable) : null))
  const inputRef = useRef<HTMLInputElement>(null)
  // The state on screen now: an answer landing after an await is held against it, not the one its request left with.
  const viewRef = useRef(view)
  viewRef.current = view
  const text = useErrorText()
  const money = (a: string) => formatMoney(a, view.currency, locale)
  const dropPercent = formatPercent(maxSingleDropPercent, locale)
  const hasBid = view.myBid !== null
  const canBid = view.status === 'running' && view.acceptedTerms

  // A no-script post re-renders the page with its answer; keep showing the newest one.
  useEffect(() => {
    if (postedResult) setAnswer(holdAnswer(postedResult, viewRef.current.maxAcceptable))
  }, [postedResult])

  // An answer that no longer holds (its quoted maximum changed, its bid was voided, the auction
  // closed) is dropped, not merely hidden: it must not come back if the state swings back. Only that
  // answer: the bid's ack applies its state (which ends the last refusal) just before the bid's own
  // answer is set, and an unconditional drop landing after it wiped the new "accepted".
  const holds = answer !== null && answerHolds(answer, view)
  useEffect(() => {
    if (answer && !holds) setAnswer((current) => (current === answer ? null : current))
  }, [answer, holds])
  const result = holds ? answer.result : null

  const submit = async (value: string, confirm: boolean) => {
    setBusy(true)
    try {
      const r = await send(value, confirm)
      if (!r.ok && r.code === 'CONFIRMATION_REQUIRED' && !confirm) {
        setAnswer(null)
        setPending({ amount: value, first: false, large: true, threshold: r.confirmationThreshold ?? null })
        return
      }
      setAnswer(holdAnswer(r, viewRef.current.maxAcceptable))
      if (r.ok) {
        // Only if the box still holds this bid: the next amount may be typed before the answer lands
        // (the push of the bid can arrive first), and wiping it would send an empty bid.
        // No toast besides: the panel's own status line says the bid was accepted, and a toast read it a second time, assertively.
        setAmount((typed) => (typed.trim().replace(/,/g, '') === value ? '' : typed))
      }
    } finally {
      setBusy(false)
    }
  }

  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    if (busy) return
    // Read as every number field reads it: "98,900.50" as the room shows amounts, but "1,5" is no 15.
    const value = plainNumber(amount)
    if (!AMOUNT_SHAPE.test(value)) {
      setAnswer(holdAnswer({ ok: false, code: 'INVALID_AMOUNT', message: t('validation.amount'), maxAcceptable: view.maxAcceptable }, view.maxAcceptable))
      inputRef.current?.focus()
      return
    }
    const ask = bidConfirmation(view, value, maxSingleDropPercent)
    if (ask) setPending({ amount: value, ...ask })
    else void submit(value, false)
  }

  const confirmPending = () => {
    const p = pending
    setPending(null)
    if (!p) return
    void submit(p.amount, p.large)
  }

  const fill = (value: string) => {
    setAmount(value)
    inputRef.current?.focus()
  }

  const error = result && !result.ok ? result : null
  const needsConfirmBox = error?.code === 'CONFIRMATION_REQUIRED'
  return (
    <section className="card p-6" aria-labelledby="bid-heading" data-testid="bid-panel">
      <h2 id="bid-heading" className="mb-3 text-base font-semibold">
        {t('portal.bid.title')}
      </h2>
      {/* Before the start and during a pause there is no amount to name: the line read "The highest amount you may bid
          now: none right now" (您当前可报的最高金额：目前无法报价) above the hint that says why and when bidding opens. */}
      {view.maxAcceptable || canBid ? (
        <div className="mb-4 flex flex-wrap items-center gap-3 rounded-md bg-slate-50 px-3 py-2 text-sm">
          <span className="text-slate-600">{t('portal.bid.maxAcceptable')}</span>
          <strong className="tabular-nums" data-testid="max-acceptable" data-amount={view.maxAcceptable ?? ''}>
            {view.maxAcceptable ? money(view.maxAcceptable) : t('portal.bid.noneAcceptable')}
          </strong>
          {view.maxAcceptable && canBid ? (
            <button type="button" className={FILL_BUTTON} onClick={() => fill(view.maxAcceptable!)} data-testid="fill-max">
              {t('portal.bid.fillMax')}
            </button>
          ) : null}
        </div>
      ) : null}
      {!canBid ? (
        <p className="text-sm text-slate-600" data-testid="bid-closed-hint">
          {t(`portal.bid.notOpen.${view.status === 'scheduled' ? 'scheduled' : view.status === 'paused' ? 'paused' : 'other'}`)}
        </p>
      ) : null}
      {/* Without script this posts to the route's action; with it, onSubmit sends over the socket (or the fetcher). */}
      <form method="post" onSubmit={onSubmit} className="space-y-3" noValidate data-testid="bid-form">
        <input type="hidden" name="intent" value="bid" />
        <input type="hidden" name="clientBidId" value={clientBidId} />
        <ActionTokenField />
        <div>
          <label htmlFor="bid-amount" className="label">
            {t('portal.bid.amount', { currency: view.currency })}
          </label>
          <input
            ref={inputRef}
            id="bid-amount"
            name="amount"
            className="input tabular-nums"
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            disabled={!canBid}
            aria-invalid={error ? true : undefined}
            // The 20 % hint still holds while an error shows: both are read.
            aria-describedby={error ? 'bid-error bid-hint' : 'bid-hint'}
            data-testid="bid-amount"
          />
          <p id="bid-hint" className="mt-1 text-xs text-slate-500">
            {t('portal.bid.hint', { percent: dropPercent })}
          </p>
        </div>
        {needsConfirmBox ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="confirm" data-testid="bid-confirm-checkbox" />
            {t('portal.bid.confirmLargeDropCheckbox')}
          </label>
        ) : null}
        {postedErrors?.length ? (
          <p role="alert" className="text-sm text-rose-700" data-testid="bid-form-error">
            {postedErrors.map(text).join(' ')}
          </p>
        ) : null}
        {error ? <BidError error={error} money={money} /> : null}
        {result?.ok ? (
          <p role="status" className="text-sm text-emerald-700" data-testid="bid-accepted">
            {t('portal.bid.accepted', { amount: money(result.amount) })}
          </p>
        ) : null}
        <SubmitButton className="btn-primary w-full sm:w-auto" disabled={!canBid} busy={busy} data-testid="bid-submit">
          {busy ? t('portal.bid.sending') : hasBid ? t('portal.bid.submit') : t('portal.bid.submitFirst')}
        </SubmitButton>
      </form>

      <BidConfirmDialog pending={pending} view={view} money={money} dropPercent={dropPercent} onConfirm={confirmPending} onCancel={() => setPending(null)} returnFocus={inputRef} />
    </section>
  )
}

/** One question for everything that applies to this bid: that it is the first (binding) and that it is a large drop. */
function BidConfirmDialog({
  pending,
  view,
  money,
  dropPercent,
  onConfirm,
  onCancel,
  returnFocus,
}: {
  pending: Pending
  view: SupplierProjection
  money: (a: string) => string
  /** The max single drop as the reader reads a percentage ("20%"). */
  dropPercent: string
  onConfirm: () => void
  onCancel: () => void
  returnFocus: React.RefObject<HTMLElement>
}) {
  const { t } = useTranslation('auction')
  // Kept while the dialog closes, so its text does not blank out during the animation.
  const last = useRef<NonNullable<Pending>>({ amount: '', first: false, large: false, threshold: null })
  if (pending) last.current = pending
  const p = last.current
  const amount = money(p.amount)
  const title = p.first && p.large ? t('portal.bid.firstLargeTitle') : p.first ? t('portal.bid.firstTitle') : t('portal.bid.largeTitle')
  return (
    <ConfirmDialog
      open={pending !== null}
      title={title}
      confirmLabel={p.large ? t('portal.bid.largeConfirm') : t('portal.bid.firstConfirm')}
      onConfirm={onConfirm}
      onCancel={onCancel}
      testId={p.first ? 'confirm-first-bid' : 'confirm-large-drop'}
      tone={p.large ? 'danger' : 'primary'}
      returnFocus={returnFocus}
    >
      {p.first ? <p>{t('portal.bid.firstBody', { amount })}</p> : null}
      {p.large ? (
        <div className="space-y-2" data-testid="confirm-large-drop-text">
          <p>
            {view.myBid
              ? t('portal.bid.largeBody', { amount, percent: dropPercent, previous: money(view.myBid) })
              : t('portal.bid.largeBodyFirst', { amount, percent: dropPercent, ceiling: money(view.ceiling) })}
          </p>
          {p.threshold ? <p>{t('portal.bid.largeThreshold', { threshold: money(p.threshold) })}</p> : null}
        </div>
      ) : null}
      {p.first ? <p className="text-slate-500">{t('portal.bid.firstNote')}</p> : null}
    </ConfirmDialog>
  )
}

function BidError({ error, money }: { error: Extract<BidResult, { ok: false }>; money: (a: string) => string }) {
  const { t } = useTranslation('auction')
  const known = ['AUCTION_NOT_RUNNING', 'AUCTION_ENDED', 'NOT_A_PARTICIPANT', 'ABOVE_CEILING', 'DECREMENT_NOT_MET', 'MUST_BEAT_BEST', 'CONFIRMATION_REQUIRED', 'INVALID_AMOUNT']
  const max = error.maxAcceptable ? money(error.maxAcceptable) : null
  // The server's refusal names the limit already ("… at most ¥97,510.00"), in the reader's locale as
  // here: then nothing follows it; a message without it (one caught in the browser) gets the line.
  const quoted = max !== null && error.message.includes(max)
  // No "Use this amount" here: the panel's own, beside the highest amount at its top, fills the same amount and
  // follows it live. A second one under the refusal read as two buttons for two amounts.
  return (
    <div className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800" data-testid="bid-error" data-code={error.code} data-max-acceptable={error.maxAcceptable ?? undefined}>
      <div role="alert" id="bid-error">
        {known.includes(error.code) ? <p className="font-medium">{t(`portal.bid.reason.${error.code}`)}</p> : null}
        <p>{error.message}</p>
        {max !== null && !quoted ? (
          <p className="mt-1 tabular-nums" data-testid="bid-error-highest">
            {t('portal.bid.highestNow', { amount: max })}
          </p>
        ) : null}
      </div>
    </div>
  )
}
