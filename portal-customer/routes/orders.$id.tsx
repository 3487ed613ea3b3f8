import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData, useNavigate, useNavigation, useSearchParams } from '@remix-run/react'
import { useKeptActionData } from '~/ui/kept-action-data'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { requireDealer } from '~/auth/guards.server'
import { cancelBackorders } from '~/domain/orders/cancel-backorders.server'
import { cancelOrder } from '~/domain/orders/cancel-order.server'
import { markShipmentDelivered } from '~/domain/orders/mark-delivered.server'
import { backordersWereCancelled, canRun, offersCancelBackorders } from '~/domain/orders/order.rules'
import { deliverShipmentSchema, reasonSchema } from '~/domain/orders/order.validation'
import { getOrderForDealer } from '~/domain/orders/orders.queries.server'
import { titleMeta } from '~/ui/catalog/meta'
import { FormError, useErrorText } from '~/ui/form'
import { useCart } from '~/ui/orders/cart-store'
import { parseRest, readIntentForm, replyIntentError, unknownIntent } from '~/ui/orders/intent-form.server'
import { revalidateOrderOnConflict, useOrderRevalidation } from '~/ui/orders/order-live'
import { CreditSummary, OrderHeader, lineProgressOf, OrderLinesSection, OrderTimeline, OrderTotals, RestCancelledNotice, ShipmentsList, skuQuantity } from '~/ui/orders/order-view'
import { pageTitle } from '~/ui/page-title.server'
import { redirectWithToast } from '~/ui/toast.server'
import { formatDateTime } from '~/utils/dates'
import { SubmitButton } from '~/ui/submit-button'
import { formatList } from '~/utils/intl'

export const meta = titleMeta
export const shouldRevalidate = revalidateOrderOnConflict

// Another dealer's order, an unknown or a malformed id: the same 404, so ids reveal nothing.
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireDealer(args)
  const order = await getOrderForDealer(actor, args.params.id ?? '', { ip: args.context.ip })
  if (!order) throw new Response('Not found', { status: 404 })
  return { title: await pageTitle(actor, 'orders', 'detail.title', { number: order.number }), order, locale: actor.locale, timeZone: actor.timeZone }
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requireDealer(args)
  const orderId = args.params.id ?? ''
  const form = await readIntentForm(args.request)
  if (!form) return unknownIntent()
  const meta = { ip: args.context.ip }
  if (form.intent === 'cancel') {
    const parsed = parseRest(form.rest, reasonSchema, form.intent)
    if (!parsed.ok) return parsed.response
    try {
      // The command scopes the order to this dealer under its row lock: another dealer's id is not found.
      const o = await cancelOrder(actor, orderId, parsed.value, meta)
      return redirectWithToast(`/dealer/orders/${o.id}`, { key: 'orders:toast.cancelled', params: { number: o.number } })
    } catch (err) {
      return replyIntentError(err, parsed.submission, form.intent)
    }
  }
  if (form.intent === 'cancelBackorders') {
    const parsed = parseRest(form.rest, reasonSchema, form.intent)
    if (!parsed.ok) return parsed.response
    try {
      // Scoped to this dealer under the order's row lock, as cancelling is; nothing backordered any more is a 409 that reloads the order.
      const o = await cancelBackorders(actor, orderId, parsed.value, meta)
      return redirectWithToast(`/dealer/orders/${o.id}`, { key: o.status === 'cancelled' ? 'orders:toast.cancelled' : 'orders:toast.backordersCancelled', params: { number: o.number } })
    } catch (err) {
      return replyIntentError(err, parsed.submission, form.intent)
    }
  }
  if (form.intent === 'deliver') {
    const parsed = parseRest(form.rest, deliverShipmentSchema, form.intent)
    if (!parsed.ok) return parsed.response
    try {
      // Proof of delivery: only a shipment of the order on this page, and the command scopes that
      // order to this dealer under its row lock, so any other shipment id is not found.
      const o = await markShipmentDelivered(actor, parsed.value.shipmentId, meta, { orderId })
      return redirectWithToast(`/dealer/orders/${o.id}`, { key: 'orders:toast.received', params: { number: o.shipment.number } })
    } catch (err) {
      return replyIntentError(err, parsed.submission, form.intent)
    }
  }
  return unknownIntent()
}

export default function DealerOrder() {
  const { order, locale, timeZone } = useLoaderData<typeof loader>()
  const actionData = useKeptActionData<typeof action>()
  const navigation = useNavigation()
  const { t } = useTranslation('orders')
  const [search, setSearch] = useSearchParams()
  const { clear, addLines } = useCart()
  const navigate = useNavigate()
  // Today's prices and stock, not the order's: the cart asks the server again, as for any cart.
  const orderAgain = () => {
    addLines(
      order.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
      order.warehouse.id,
    )
    navigate('/dealer/cart')
  }
  useOrderRevalidation((id) => id === order.id)
  // Arrived here from a successful checkout: that cart is done, and its idempotency key with it.
  const placed = search.get('placed') === '1'
  useEffect(() => {
    if (!placed) return
    clear()
    setSearch((sp) => {
      sp.delete('placed')
      return sp
    }, { replace: true, preventScrollReset: true })
  }, [placed, clear, setSearch])
  const en = locale === 'en'
  // The refusal of the form that was sent (each form shows its own).
  const errorsOf = (intent: string) => (actionData && 'intent' in actionData && actionData.intent === intent ? (actionData.submission?.error as FieldErrors | undefined) : undefined)
  const busyWith = (intent: string) => navigation.state !== 'idle' && navigation.formData?.get('intent') === intent
  const backordered = order.lines.filter((l) => l.backordered !== '0')
  const showCancelBackorders = offersCancelBackorders(order.status, lineProgressOf(order.lines), { mayCancelRest: false })
  const deliverErrors = errorsOf('deliver')
  const receiving = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'deliver' ? String(navigation.formData.get('shipmentId')) : null
  return (
    <div data-testid="dealer-order" data-order-version={order.version}>
      <OrderHeader
        order={order}
        listPath="/dealer/orders"
        backLabel={t('detail.back')}
        actions={
          <button type="button" className="btn-secondary" onClick={orderAgain} title={t('detail.orderAgainHint')} data-testid="order-again">
            {t('detail.orderAgain')}
          </button>
        }
      >
        <span className="text-sm text-slate-500">
          {t('detail.placedAt', { at: formatDateTime(order.createdAt, locale, timeZone) })} · {order.warehouse.code} {en ? order.warehouse.nameEn : order.warehouse.nameZh}
        </span>
      </OrderHeader>

      {order.status === 'submitted' && order.needsApproval ? (
        <div className="mb-4 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" role="status" data-testid="approval-notice">
          <p className="font-medium">{t('detail.approvalWhyTitle')}</p>
          <p>{t('detail.approvalWhy')}</p>
        </div>
      ) : null}
      {order.status === 'rejected' ? (
        <div className="mb-4 rounded-md border border-rose-200 bg-rose-50 p-3 text-sm text-rose-900" role="status" data-testid="rejected-notice">
          {t('detail.rejected', { reason: order.decisionNote ?? '' })}
        </div>
      ) : null}
      {/* Each act with its own reason: the backorders cancelled first, then (it may be) the order or its rest. While the order is open, what it holds still ships. */}
      {order.backordersCancelReason !== null ? (
        <div className="mb-4 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm" role="status" data-testid="backorders-cancelled-notice">
          {t(backordersWereCancelled(order) ? 'detail.backordersCancelled' : 'detail.backordersCancelledEnded', { reason: order.backordersCancelReason })}
        </div>
      ) : null}
      <RestCancelledNotice order={order} />
      {order.status === 'cancelled' ? (
        <div className="mb-4 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm" role="status" data-testid="cancelled-notice">
          {t('detail.cancelled', { reason: order.cancelReason ?? '' })}
        </div>
      ) : null}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <OrderLinesSection order={order} locale={locale} spanClass="lg:col-span-3" />
        <div className="space-y-6 lg:col-span-2">
          <section aria-labelledby="ship-heading" className="card p-4">
            <h2 id="ship-heading" className="mb-2 font-semibold">
              {t('detail.shipments')}
            </h2>
            <FormError errors={deliverErrors ? [...new Set(Object.values(deliverErrors).flatMap((v) => v ?? []))] : undefined} />
            <ShipmentsList
              shipments={order.shipments}
              locale={locale}
              timeZone={timeZone}
              actions={(s) =>
                s.status === 'shipped' && canRun('deliver', order.status) ? (
                  <Form method="post" className="mt-2 flex flex-wrap items-center gap-2" data-testid="confirm-receipt-form">
                    <input type="hidden" name="intent" value="deliver" />
                    <input type="hidden" name="shipmentId" value={s.id} />
                    <SubmitButton className="btn-primary" aria-label={t('actions.confirmReceiptOf', { number: s.number })} busy={receiving === s.id} data-testid="confirm-receipt">
                      {t('actions.confirmReceipt')}
                    </SubmitButton>
                    <span className="text-xs text-slate-500">{t('actions.confirmReceiptHint')}</span>
                  </Form>
                ) : null
              }
            />
          </section>
          <section aria-labelledby="timeline-heading" className="card p-4">
            <h2 id="timeline-heading" className="mb-2 font-semibold">
              {t('detail.timeline')}
            </h2>
            <OrderTimeline status={order.status} timeline={order.timeline} locale={locale} timeZone={timeZone} />
          </section>
        </div>
        <div className="space-y-6">
          <section className="card p-4" aria-labelledby="totals-heading">
            <h2 id="totals-heading" className="mb-2 font-semibold">
              {t('detail.totals')}
            </h2>
            <OrderTotals subtotal={order.subtotal} taxTotal={order.taxTotal} total={order.total} currency={order.currency} locale={locale} />
          </section>
          {order.needsApproval ? (
            <section className="card p-4" aria-labelledby="credit-heading">
              <h2 id="credit-heading" className="mb-2 font-semibold">
                {t('detail.creditAtSubmission')}
              </h2>
              <CreditSummary credit={order.credit} currency={order.currency} locale={locale} />
            </section>
          ) : null}
          <section className="card p-4 text-sm" aria-labelledby="delivery-heading">
            <h2 id="delivery-heading" className="mb-2 font-semibold">
              {t('detail.delivery')}
            </h2>
            <dl className="space-y-1">
              <dt className="text-slate-600">{t('cart.reference')}</dt>
              <dd data-testid="order-reference">{order.dealerReference ?? '—'}</dd>
              <dt className="text-slate-600">{t('cart.shipTo')}</dt>
              <dd className="whitespace-pre-line">{order.shipTo ?? '—'}</dd>
              <dt className="text-slate-600">{t('cart.note')}</dt>
              <dd className="whitespace-pre-line">{order.note ?? '—'}</dd>
            </dl>
          </section>
          {showCancelBackorders ? (
            <ReasonForm
              intent="cancelBackorders"
              testId="cancel-backorders"
              title={t('detail.cancelBackordersTitle')}
              hint={t('detail.cancelBackordersHint')}
              submitLabel={t('detail.cancelBackorders')}
              errors={errorsOf('cancelBackorders')}
              busy={busyWith('cancelBackorders')}
            >
              <p className="text-sm" data-testid="cancel-backorders-left">
                {t('detail.cancelBackordersLeft', { lines: formatList(backordered.map((l) => skuQuantity(l.sku, l.backordered, l.unit, locale)), locale) })}
              </p>
            </ReasonForm>
          ) : null}
          {canRun('cancel', order.status) ? (
            <ReasonForm
              intent="cancel"
              testId="cancel"
              title={t('detail.cancelTitle')}
              // A held order holds nothing to release: it is reserved on approval.
              hint={t(order.status === 'submitted' ? 'detail.cancelHintHeld' : 'detail.cancelHint')}
              submitLabel={t('detail.cancel')}
              errors={errorsOf('cancel')}
              busy={busyWith('cancel')}
            />
          ) : null}
        </div>
      </div>
    </div>
  )
}

type FieldErrors = Record<string, string[] | null>

/** A card that ends part or all of the order with a reason: the dealer's cancel and its cancel of the backorders. */
function ReasonForm({
  intent,
  testId,
  title,
  hint,
  submitLabel,
  errors,
  busy,
  children,
}: {
  intent: string
  testId: string
  title: string
  hint: string
  submitLabel: string
  errors: FieldErrors | undefined
  busy: boolean
  children?: React.ReactNode
}) {
  const { t } = useTranslation('orders')
  const text = useErrorText()
  const reasonError = errors?.reason
  return (
    <Form method="post" className="card space-y-2 p-4" data-testid={`${testId}-form`}>
      <input type="hidden" name="intent" value={intent} />
      <h2 className="font-semibold">{title}</h2>
      <p className="text-xs text-slate-500">{hint}</p>
      {children}
      <FormError errors={errors?.[''] ?? undefined} />
      <label htmlFor={`${testId}-reason`} className="label">
        {t('actions.reason')}
      </label>
      <textarea id={`${testId}-reason`} name="reason" required maxLength={500} className="input" rows={2} data-testid={`${testId}-reason`} aria-invalid={reasonError ? true : undefined} />
      {reasonError ? (
        <p className="text-sm text-rose-600" role="alert">
          {reasonError.map(text).join(' ')}
        </p>
      ) : null}
      <SubmitButton className="btn-danger" busy={busy} data-testid={`${testId}-submit`}>
        {submitLabel}
      </SubmitButton>
    </Form>
  )
}
