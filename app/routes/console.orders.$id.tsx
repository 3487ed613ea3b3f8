import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { Fragment } from 'react'
import { useKeptActionData } from '~/ui/kept-action-data'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { staffCan, type StaffPermission } from '~/auth/roles'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { tracePath } from '~/domain/inventory/batch-trace.validation'
import { approveOrder } from '~/domain/orders/approve-order.server'
import { cancelBackorders } from '~/domain/orders/cancel-backorders.server'
import { cancelOrder, cancelOrderRest } from '~/domain/orders/cancel-order.server'
import { markShipmentDelivered } from '~/domain/orders/mark-delivered.server'
import { canCancelRest, canRun, offersCancelBackorders, restOf } from '~/domain/orders/order.rules'
import { approveOrderSchema, deliverShipmentSchema, reasonSchema, recordPaymentSchema, shipOrderSchema } from '~/domain/orders/order.validation'
import { creditNowOf, getOrderForStaff } from '~/domain/orders/orders.queries.server'
import { pickOrder } from '~/domain/orders/pick-order.server'
import { recordPayment } from '~/domain/orders/record-payment.server'
import { rejectOrder } from '~/domain/orders/reject-order.server'
import { reserveBackorders } from '~/domain/orders/reserve-backorders.server'
import { shipOrder } from '~/domain/orders/ship-order.server'
import { titleMeta } from '~/ui/catalog/meta'
import { ActionTokenField, FieldError, fieldErrorProps, FormError, useErrorText } from '~/ui/form'
import { parseRest, readIntentForm, replyIntentError, unknownIntent, type FieldRename } from '~/ui/orders/intent-form.server'
import { refuseWithoutActionToken } from '~/utils/form.server'
import { revalidateOrderOnConflict, useDealerTermsRevalidation, useOrderRevalidation } from '~/ui/orders/order-live'
import { TableScroller } from '~/ui/table-scroller'
import { CreditSummary, OrderHeader, lineProgressOf, OrderLinesSection, OrderTimeline, OrderTotals, RestCancelledNotice, ShipmentsList, skuQuantity, useOrderEventLabel } from '~/ui/orders/order-view'
import { useAuditActionLabel } from '~/ui/audit-action'
import { useIntentSubmission } from '~/ui/intent-submission'
import { AuditDiff } from '~/ui/audit-diff'
import { pageTitle } from '~/ui/page-title.server'
import { SubmitButton } from '~/ui/submit-button'
import { redirectWithToast } from '~/ui/toast.server'
import { formatDateTime } from '~/utils/dates'
import { formatMoney } from '~/utils/money'
import { z } from '~/utils/validation'
import { formatList, inParens, listSeparator } from '~/utils/intl'

export const meta = titleMeta
export const shouldRevalidate = revalidateOrderOnConflict

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'orders.view')
  const order = await getOrderForStaff(actor, args.params.id ?? '')
  if (!order) throw new Response('Not found', { status: 404 })
  const can = (p: StaffPermission) => staffCan(actor, p)
  // Waiting for a decision: the approver also sees the dealer's credit as it stands today.
  const [creditNow] = order.status === 'submitted' && order.needsApproval ? await creditNowOf(actor, [{ dealerOrgId: order.dealer.id, total: order.total }]) : [null]
  return {
    title: await pageTitle(actor, 'orders', 'detail.title', { number: order.number }),
    order,
    creditNow,
    locale: actor.locale,
    timeZone: actor.timeZone,
    can: { approve: can('orders.approve'), fulfil: can('orders.fulfil'), payments: can('orders.payments'), requisitions: can('requisitions.view'), audit: can('audit.view'), trace: can('inventory.view') },
  }
}

/**
 * What each intent needs beyond orders.view; the commands check it again. A Map, not an object: the
 * intent is the client's text, and `'constructor' in {…}` is true.
 */
const intentPermission = new Map<string, StaffPermission>([
  ['approve', 'orders.approve'],
  ['reject', 'orders.approve'],
  ['cancel', 'orders.approve'],
  ['cancelRest', 'orders.approve'],
  ['cancelBackorders', 'orders.approve'],
  ['reserve', 'orders.fulfil'],
  ['pick', 'orders.fulfil'],
  ['ship', 'orders.fulfil'],
  ['deliver', 'orders.fulfil'],
  ['payment', 'orders.payments'],
])

const emptySchema = z.object({}).strict()

/**
 * Ship lines left at 0 or blank are not part of this shipment: dropped before the strict parse. `rename` gives a kept line's
 * field back the name the page's form gave it ("lines[1].quantity" when line 0 was left at 0), for its message to stand beside it.
 */
function withoutZeroShipLines(rest: FormData): { body: FormData; rename: FieldRename } {
  const out = new FormData()
  const formIndex: string[] = []
  // Every value a field was given: one given twice stays twice (an array), for the strict parse to refuse rather than the last one winning.
  const lines = new Map<string, { orderLineId?: string[]; quantity?: string[] }>()
  for (const [k, v] of rest.entries()) {
    const m = /^lines\[(\d{1,3})\]\.(orderLineId|quantity)$/.exec(k)
    if (!m) {
      out.append(k, v)
      continue
    }
    const entry = lines.get(m[1]) ?? {}
    const name = m[2] as 'orderLineId' | 'quantity'
    entry[name] = [...(entry[name] ?? []), String(v)]
    lines.set(m[1], entry)
  }
  let i = 0
  for (const [index, l] of lines) {
    const q = l.quantity ?? []
    if (!q.length || (q.length === 1 && /^0*(\.0*)?$/.test(q[0].trim()))) continue
    for (const id of l.orderLineId ?? ['']) out.append(`lines[${i}].orderLineId`, id)
    for (const v of q) out.append(`lines[${i}].quantity`, v.trim())
    formIndex.push(index)
    i++
  }
  const rename = (name: string) => name.replace(/^lines\[(\d+)\]/, (whole, n: string) => (formIndex[Number(n)] === undefined ? whole : `lines[${formIndex[Number(n)]}]`))
  return { body: out, rename }
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requireStaff(args, 'orders.view')
  const orderId = args.params.id ?? ''
  const form = await readIntentForm(args.request)
  const permission = form && intentPermission.get(form.intent)
  if (!form || !permission) return unknownIntent()
  const intent = form.intent
  // Refused before anything is read: the guard records the denied attempt.
  await requireStaff(args, permission)
  if (intent === 'approve' || intent === 'reject') {
    const refused = await refuseWithoutActionToken(args.request, form.token, args.context)
    if (refused) return data({ intent, ...refused.data }, refused.init ?? undefined)
  }
  const meta = { ip: args.context.ip }
  const done = (o: { id: string; number: string }, key: string) => redirectWithToast(`/console/orders/${o.id}`, { key: `orders:toast.${key}`, params: { number: o.number } })
  const run = async <S extends z.ZodType, O extends { id: string; number: string }>(
    schema: S,
    body: FormData,
    call: (v: z.output<S>) => Promise<O>,
    toast: string | ((o: O) => string),
    rename?: FieldRename,
  ) => {
    const parsed = parseRest(body, schema, intent, rename)
    if (!parsed.ok) return parsed.response
    try {
      const o = await call(parsed.value)
      return done(o, typeof toast === 'string' ? toast : toast(o))
    } catch (err) {
      return replyIntentError(err, parsed.submission, intent, rename)
    }
  }
  switch (intent) {
    case 'approve':
      return run(approveOrderSchema, form.rest, (v) => approveOrder(actor, orderId, v, meta), 'approved')
    case 'reject':
      return run(reasonSchema, form.rest, (v) => rejectOrder(actor, orderId, v, meta), 'rejected')
    case 'cancel':
      return run(reasonSchema, form.rest, (v) => cancelOrder(actor, orderId, v, meta), 'cancelled')
    case 'cancelRest':
      // With nothing shipped the whole order is cancelled, and the toast says so: "the rest" would suggest some of it ships.
      return run(reasonSchema, form.rest, (v) => cancelOrderRest(actor, orderId, v, meta), (o) => (o.status === 'cancelled' ? 'cancelled' : 'restCancelled'))
    case 'cancelBackorders':
      return run(reasonSchema, form.rest, (v) => cancelBackorders(actor, orderId, v, meta), (o) => (o.status === 'cancelled' ? 'cancelled' : 'backordersCancelled'))
    case 'reserve':
      return run(emptySchema, form.rest, () => reserveBackorders(actor, orderId, meta), 'reserved')
    case 'pick':
      return run(emptySchema, form.rest, () => pickOrder(actor, orderId, meta), 'picked')
    case 'ship': {
      const ship = withoutZeroShipLines(form.rest)
      return run(shipOrderSchema, ship.body, (v) => shipOrder(actor, orderId, v, meta), 'shipped', ship.rename)
    }
    case 'payment':
      return run(recordPaymentSchema, form.rest, (v) => recordPayment(actor, orderId, v, meta), 'paymentRecorded')
    case 'deliver':
      return run(
        deliverShipmentSchema,
        form.rest,
        // Only a shipment of the order on this page: another order's shipment id is not found here.
        (v) => markShipmentDelivered(actor, v.shipmentId, meta, { orderId }),
        'delivered',
      )
  }
  return unknownIntent()
}

type ActionResult = { intent?: string; submission?: { error?: Record<string, string[] | null> | null } }

function useIntentErrors(intent: string) {
  const data = useKeptActionData<typeof action>() as ActionResult | undefined
  if (!data || data.intent !== intent) return null
  return data.submission?.error ?? null
}

/** A field's own messages in the reply to its card's intent: shown beside it (FieldError), not above the card. */
function useFieldErrors(intent: string, name: string) {
  return useIntentErrors(intent)?.[name] ?? null
}

/** The card's messages that no field of it shows (`fields`): a refusal of the whole order, or of a field the card has not. */
function IntentErrors({ intent, fields = [] }: { intent: string; fields?: readonly string[] }) {
  const errors = useIntentErrors(intent)
  const text = useErrorText()
  if (!errors) return null
  const atFields = new Set(fields.flatMap((f) => errors[f] ?? []))
  const all = Object.entries(errors)
    .filter(([k]) => !fields.includes(k))
    .flatMap(([, v]) => v ?? [])
    .filter((e) => !atFields.has(e))
  if (!all.length) return null
  return (
    <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800" data-testid={`error-${intent}`}>
      {[...new Set(all)].map((e) => (
        <p key={e}>{text(e)}</p>
      ))}
    </div>
  )
}

function ActionCard({ intent, title, hint, children, danger, submitLabel, fields = [] }: { intent: string; title: string; hint?: string; children?: React.ReactNode; danger?: boolean; submitLabel: string; fields?: readonly string[] }) {
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle' && navigation.formData?.get('intent') === intent
  const data = useKeptActionData<typeof action>() as ActionResult | undefined
  // A refusal takes focus to the first field it is about, as the stock forms' does.
  useIntentSubmission(intent, data?.intent === intent ? data : undefined, `action-${intent}`)
  return (
    <Form method="post" id={`action-${intent}`} className="card space-y-2 p-4" data-testid={`action-${intent}`}>
      <input type="hidden" name="intent" value={intent} />
      <ActionTokenField />
      <h3 className="font-semibold">{title}</h3>
      {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      <IntentErrors intent={intent} fields={fields} />
      {children}
      <SubmitButton className={danger ? 'btn-danger' : 'btn-primary'} busy={busy} data-testid={`submit-${intent}`}>
        {submitLabel}
      </SubmitButton>
    </Form>
  )
}

export default function ConsoleOrder() {
  const { order, creditNow, locale, timeZone, can } = useLoaderData<typeof loader>()
  // A column of batches and serial numbers only for orders that hold some: most products are not tracked.
  const reservedBatches = order.reservations.some((r) => r.batch !== null)
  const { t } = useTranslation('orders')
  // The trail is the order's audit log: its actions named as the audit log names them.
  const actionLabel = useAuditActionLabel()
  const eventLabel = useOrderEventLabel()
  useOrderRevalidation((id) => id === order.id)
  useDealerTermsRevalidation((dealerOrgId) => !!creditNow && dealerOrgId === order.dealer.id)
  const en = locale === 'en'
  // The trail's records name the order's products and warehouse by id (a pick's lines, the order's warehouse): read as the page names them.
  const auditNames = Object.fromEntries([...order.lines.map((l) => [l.productId, l.sku]), [order.warehouse.id, order.warehouse.code]])
  const anyBackordered = order.lines.some((l) => l.backordered !== '0')
  const anyReserved = order.lines.some((l) => l.reserved !== '0')
  const shipLines = order.lines.filter((l) => l.reserved !== '0')
  const shipErrors = useIntentErrors('ship')
  const paymentErrors = useIntentErrors('payment')
  const progress = order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, shippedQty: l.shipped, cancelledQty: l.cancelled }))
  const rest = order.lines.map((l, i) => ({ sku: l.sku, unit: l.unit, quantity: restOf(progress[i]) })).filter((l) => l.quantity !== '0')
  const show = {
    approve: can.approve && canRun('approve', order.status),
    reject: can.approve && canRun('reject', order.status),
    cancel: can.approve && canRun('cancel', order.status),
    // Where the whole order can still be cancelled, that is the offer: its rest would be all of it.
    cancelRest: can.approve && !canRun('cancel', order.status) && canCancelRest(order.status, progress),
    cancelBackorders: can.approve && offersCancelBackorders(order.status, lineProgressOf(order.lines), { mayCancelRest: true }),
    reserve: can.fulfil && canRun('reserveBackorders', order.status) && anyBackordered,
    pick: can.fulfil && canRun('pick', order.status) && anyReserved,
    ship: can.fulfil && canRun('ship', order.status) && anyReserved,
    deliver: can.fulfil && canRun('deliver', order.status),
    payment: can.payments && canRun('recordPayment', order.status),
  }
  return (
    <div data-testid="console-order" data-order-version={order.version}>
      <OrderHeader order={order} listPath="/console/orders" backLabel={t('detail.backConsole')}>
        <span className="text-sm text-slate-600">
          <span className="font-mono">{order.dealer.code}</span> {en ? order.dealer.nameEn : order.dealer.nameZh} · {t('detail.tier', { tier: order.priceTier })} ·{' '}
          {t('detail.placedBy', { name: order.placedBy.name, at: formatDateTime(order.createdAt, locale, timeZone) })} · {order.warehouse.code}
        </span>
      </OrderHeader>

      {/* Its rest cancelled by the host; one whose last backorders were cancelled after the rest shipped says so under the credit check. */}
      <RestCancelledNotice order={order} />

      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <OrderLinesSection order={order} locale={locale} spanClass="xl:col-span-3" />
        <div className="space-y-6 xl:col-span-2">
          <section className="card p-4" aria-labelledby="res-heading">
            <h2 id="res-heading" className="mb-2 font-semibold">
              {t('detail.reservations')}
            </h2>
            {order.reservations.length === 0 ? (
              <p className="text-sm text-slate-500" data-testid="no-reservations">
                {t(order.status === 'submitted' ? 'detail.noReservationsHeld' : 'detail.noReservations')}
              </p>
            ) : (
              // A region of its own on a phone: a place with its bin and a serial number beside quantity, status and time
              // are wider than the screen, and the page must not scroll sideways as a whole.
              <TableScroller labelledBy="res-heading">
                <table className="min-w-full text-sm" data-testid="reservations">
                  <thead className="text-left text-xs uppercase text-slate-500">
                    <tr>
                      <th scope="col" className="py-1 pr-4">{t('lines.product')}</th>
                      <th scope="col" className="py-1 pr-4">{t('list.warehouse')}</th>
                      {reservedBatches ? (
                        <th scope="col" className="py-1 pr-4">
                          {t('shipments.batches')}
                        </th>
                      ) : null}
                      <th scope="col" className="py-1 pr-4 text-right">{t('lines.quantity')}</th>
                      <th scope="col" className="py-1 pr-4">{t('list.status')}</th>
                      <th scope="col" className="py-1">{t('detail.since')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {order.reservations.map((r) => (
                      <tr key={r.id} data-testid="reservation" data-status={r.status}>
                        <td className="whitespace-nowrap py-1 pr-4 font-mono text-xs">{r.sku}</td>
                        {/* The bin too: where the picker finds the units. */}
                        <td className="whitespace-nowrap py-1 pr-4 font-mono text-xs" data-testid="reservation-place">
                          {r.binCode ? `${r.warehouseCode} / ${r.binCode}` : r.warehouseCode}
                        </td>
                        {reservedBatches ? (
                          <td className="whitespace-nowrap py-1 pr-4 font-mono text-xs" data-testid="reservation-batch">
                            {r.batch ?? '—'}
                          </td>
                        ) : null}
                        <td className="py-1 pr-4 text-right tabular-nums" data-testid="reservation-quantity">
                          {formatQuantity(r.quantity, locale)}
                        </td>
                        {/* Whole, as the other cells: on a phone the squeezed column stood 已释 over 放; the scroller takes the width. */}
                        <td className="whitespace-nowrap py-1 pr-4" data-testid="reservation-status">
                          {t(`reservation.${r.status}`, { defaultValue: r.status })}
                        </td>
                        <td className="whitespace-nowrap py-1 tabular-nums text-slate-500">{formatDateTime(r.createdAt, locale, timeZone)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroller>
            )}
            {can.requisitions && order.requisitions.length ? (
              <p className="mt-3 text-sm" data-testid="order-requisitions">
                {t('detail.requisitions')}{' '}
                {order.requisitions.map((r, i) => (
                  <span key={r.id}>
                    {i ? listSeparator(locale) : ''}
                    <Link to={`/console/requisitions/${r.id}`} className="font-mono text-indigo-700 hover:underline">
                      {r.number}
                    </Link>
                    {inParens(t(`requisitions.status.${r.status}`), locale)}
                  </span>
                ))}
              </p>
            ) : null}
          </section>

          <section className="card p-4" aria-labelledby="ship-heading">
            <h2 id="ship-heading" className="mb-2 font-semibold">
              {t('detail.shipments')}
            </h2>
            <ShipmentsList shipments={order.shipments} locale={locale} timeZone={timeZone} batchHref={can.trace ? tracePath : undefined} />
            {show.deliver
              ? order.shipments
                  .filter((s) => s.status === 'shipped')
                  .map((s) => (
                    <Form method="post" key={s.id} className="mt-2 flex items-center gap-2" data-testid="action-deliver">
                      <input type="hidden" name="intent" value="deliver" />
                      <input type="hidden" name="shipmentId" value={s.id} />
                      <button type="submit" className="btn-secondary" data-testid="submit-deliver">
                        {t('actions.markDelivered', { number: s.number })}
                      </button>
                    </Form>
                  ))
              : null}
            <IntentErrors intent="deliver" />
          </section>

          <section className="card p-4" aria-labelledby="audit-heading">
            <h2 id="audit-heading" className="mb-2 font-semibold">
              {t('detail.audit')}
            </h2>
            <OrderTimeline status={order.status} timeline={order.timeline} entries={false} locale={locale} timeZone={timeZone} />
            <ul className="divide-y divide-slate-100 text-sm" data-testid="audit-trail">
              {order.audit.map((a) => (
                <li key={a.id} className="py-2" data-testid="audit-row" data-action={a.action}>
                  <div className="flex flex-wrap justify-between gap-2">
                    <span>
                      <span title={a.action}>{eventLabel(actionLabel(a.action), a.action, statusOf(a.after), statusOf(a.before))}</span>
                      {a.outcome !== 'ok' ? <span className="ml-2 text-xs text-rose-700">{t('detail.denied')}</span> : null}
                    </span>
                    <span className="tabular-nums text-slate-500">{formatDateTime(a.at, locale, timeZone)}</span>
                  </div>
                  <div className="text-xs text-slate-600">{a.actorName ? `${a.actorName} · ${a.actorEmail}` : t(`audit:actorKinds.${a.actorKind}`, { defaultValue: a.actorKind })}</div>
                  <StatusChange before={a.before} after={a.after} />
                  {a.before || a.after ? (
                    <details className="mt-1 text-xs text-slate-600" data-testid="audit-row-details">
                      {/* py-1: a 24 px target on a phone (WCAG 2.5.8), where the 12 px line alone was 16 px. */}
                      <summary className="cursor-pointer py-1">{t('detail.auditDetails')}</summary>
                      {/* As the audit log shows it: each recorded key in the reader's words, before and after; it was raw JSON with English keys. */}
                      <AuditDiff before={a.before} after={a.after} entityType={a.entityType} caption={t('audit:diff.caption', { id: a.id })} names={auditNames} />
                    </details>
                  ) : null}
                </li>
              ))}
            </ul>
            {can.audit ? (
              <Link to={`/console/audit?entityType=sales_order&entityId=${order.id}`} className="mt-2 inline-block text-sm text-indigo-700 hover:underline">
                {t('detail.fullAudit')}
              </Link>
            ) : null}
          </section>
        </div>

        <div className="space-y-4">
          <section className="card p-4" aria-labelledby="totals-heading">
            <h2 id="totals-heading" className="mb-2 font-semibold">
              {t('detail.totals')}
            </h2>
            <OrderTotals subtotal={order.subtotal} taxTotal={order.taxTotal} total={order.total} paidTotal={order.paidTotal} currency={order.currency} locale={locale} />
          </section>
          {creditNow ? (
            <section className="card p-4" aria-labelledby="credit-now-heading" data-testid="credit-now">
              <h2 id="credit-now-heading" className="mb-2 font-semibold">
                {t('approvals.creditNow')}
              </h2>
              <CreditSummary credit={creditNow} currency={order.currency} locale={locale} />
            </section>
          ) : null}
          <section className="card p-4" aria-labelledby="credit-heading">
            <h2 id="credit-heading" className="mb-2 font-semibold">
              {t('detail.creditAtSubmission')}
            </h2>
            <CreditSummary credit={order.credit} currency={order.currency} locale={locale} />
            {order.approvedBy ? <p className="mt-2 text-xs text-slate-600">{t('detail.approvedBy', { name: order.approvedBy })}</p> : null}
            {order.decisionNote ? <p className="mt-1 text-xs text-slate-600">{t('detail.decisionNote', { note: order.decisionNote })}</p> : null}
            {/* Both when the order was cancelled after its backorders: who did each, and why. */}
            {order.backordersCancelReason !== null ? (
              <p className="mt-1 text-xs text-slate-600" data-testid="backorders-cancel-reason">
                {t('detail.backordersCancelledBy', { reason: order.backordersCancelReason, name: order.backordersCancelledBy ?? '' })}
              </p>
            ) : null}
            {order.cancelReason !== null ? (
              <p className="mt-1 text-xs text-slate-600" data-testid="order-cancel-reason">
                {t('detail.cancelReason', { reason: order.cancelReason, name: order.cancelledBy ?? '' })}
              </p>
            ) : null}
          </section>
          <section className="card p-4 text-sm" aria-labelledby="delivery-heading">
            <h2 id="delivery-heading" className="mb-2 font-semibold">
              {t('detail.delivery')}
            </h2>
            <dl className="space-y-1">
              <dt className="text-slate-600">{t('detail.dealerReference')}</dt>
              <dd>{order.dealerReference ?? '—'}</dd>
              <dt className="text-slate-600">{t('cart.shipTo')}</dt>
              <dd className="whitespace-pre-line">{order.shipTo ?? '—'}</dd>
              <dt className="text-slate-600">{t('cart.note')}</dt>
              <dd className="whitespace-pre-line">{order.note ?? '—'}</dd>
            </dl>
          </section>

          {show.approve ? (
            <ActionCard intent="approve" title={t('actions.approveTitle')} hint={t('actions.approveHint')} submitLabel={t('actions.approve')}>
              <label htmlFor="approve-note" className="label">
                {t('actions.note')}
              </label>
              <textarea id="approve-note" name="note" maxLength={500} rows={2} className="input" data-testid="approve-note" />
            </ActionCard>
          ) : null}
          {show.reject ? (
            <ActionCard intent="reject" title={t('actions.rejectTitle')} submitLabel={t('actions.reject')} danger fields={['reason']}>
              <ReasonField id="reject-reason" intent="reject" />
            </ActionCard>
          ) : null}
          {show.reserve ? <ActionCard intent="reserve" title={t('actions.reserveTitle')} hint={t('actions.reserveHint')} submitLabel={t('actions.reserve')} /> : null}
          {show.pick ? <ActionCard intent="pick" title={t('actions.pickTitle')} hint={t('actions.pickHint')} submitLabel={t('actions.pick')} /> : null}
          {show.ship ? (
            <ActionCard
              intent="ship"
              title={t('actions.shipTitle')}
              hint={t('actions.shipHint')}
              submitLabel={t('actions.ship')}
              fields={['carrier', 'trackingNumber', ...shipLines.map((_, i) => `lines[${i}].quantity`)]}
            >
              <div className="grid grid-cols-2 gap-2">
                <div>
                  <label htmlFor="ship-carrier" className="label">
                    {t('shipments.carrier')}
                  </label>
                  <input id="ship-carrier" name="carrier" required maxLength={100} className="input" data-testid="ship-carrier" {...fieldErrorProps('ship-carrier', shipErrors?.carrier)} />
                  <FieldError id="ship-carrier" errors={shipErrors?.carrier} testId="ship-carrier-error" />
                </div>
                <div>
                  <label htmlFor="ship-tracking" className="label">
                    {t('shipments.tracking')}
                  </label>
                  <input
                    id="ship-tracking"
                    name="trackingNumber"
                    required
                    maxLength={100}
                    className="input font-mono"
                    data-testid="ship-tracking"
                    {...fieldErrorProps('ship-tracking', shipErrors?.trackingNumber)}
                  />
                  <FieldError id="ship-tracking" errors={shipErrors?.trackingNumber} testId="ship-tracking-error" />
                </div>
              </div>
              <table className="min-w-full text-sm">
                <tbody>
                  {shipLines.map((l, i) => {
                    // The action numbers the lines as this form does (lines left at 0 included), so a line's message is its own.
                    const errors = shipErrors?.[`lines[${i}].quantity`]
                    return (
                      <Fragment key={l.id}>
                        <tr>
                          <td className="py-1 font-mono text-xs">{l.sku}</td>
                          <td className="py-1 text-xs text-slate-500">{t('actions.shippable', { quantity: formatQuantity(l.reserved, locale) })}</td>
                          <td className="py-1">
                            <input type="hidden" name={`lines[${i}].orderLineId`} value={l.id} />
                            <label htmlFor={`ship-qty-${l.id}`} className="sr-only">
                              {t('actions.shipQuantityFor', { sku: l.sku })}
                            </label>
                            <input
                              id={`ship-qty-${l.id}`}
                              name={`lines[${i}].quantity`}
                              defaultValue={l.reserved}
                              inputMode="decimal"
                              className="input w-24 py-1"
                              data-testid="ship-qty"
                              data-sku={l.sku}
                              {...fieldErrorProps(`ship-qty-${l.id}`, errors)}
                            />
                          </td>
                        </tr>
                        {errors?.length ? (
                          <tr>
                            <td colSpan={3} className="pb-1">
                              <FieldError id={`ship-qty-${l.id}`} errors={errors} testId="ship-qty-error" />
                            </td>
                          </tr>
                        ) : null}
                      </Fragment>
                    )
                  })}
                </tbody>
              </table>
            </ActionCard>
          ) : null}
          {show.cancelRest ? (
            <ActionCard
              intent="cancelRest"
              title={t('actions.cancelRestTitle')}
              hint={t(progress.some((l) => l.shippedQty !== '0') ? 'actions.cancelRestHint' : 'actions.cancelRestHintNothingShipped')}
              submitLabel={t('actions.cancelRest')}
              danger
              fields={['reason']}
            >
              <p className="text-sm" data-testid="cancel-rest-left">
                {t('actions.cancelRestLeft', { lines: formatList(rest.map((l) => skuQuantity(l.sku, l.quantity, l.unit, locale)), locale) })}
              </p>
              <ReasonField id="cancel-rest-reason" intent="cancelRest" />
            </ActionCard>
          ) : null}
          {show.cancelBackorders ? (
            <ActionCard intent="cancelBackorders" title={t('detail.cancelBackordersTitle')} hint={t('actions.cancelBackordersHint')} submitLabel={t('detail.cancelBackorders')} danger fields={['reason']}>
              <p className="text-sm" data-testid="cancel-backorders-left">
                {t('detail.cancelBackordersLeft', {
                  lines: formatList(order.lines.filter((l) => l.backordered !== '0').map((l) => skuQuantity(l.sku, l.backordered, l.unit, locale)), locale),
                })}
              </p>
              <ReasonField id="cancel-backorders-reason" intent="cancelBackorders" />
            </ActionCard>
          ) : null}
          {show.payment ? (
            <ActionCard intent="payment" title={t('actions.paymentTitle')} hint={t('actions.paymentHint', { paid: formatMoney(order.paidTotal, order.currency, locale) })} submitLabel={t('actions.recordPayment')}
              fields={['amount', 'reference']}
            >
              <label htmlFor="payment-amount" className="label">
                {t('actions.amount', { currency: order.currency })}
              </label>
              <input id="payment-amount" name="amount" required inputMode="decimal" className="input" data-testid="payment-amount" {...fieldErrorProps('payment-amount', paymentErrors?.amount)} />
              <FieldError id="payment-amount" errors={paymentErrors?.amount} testId="payment-amount-error" />
              <label htmlFor="payment-reference" className="label">
                {t('actions.paymentReference')}
              </label>
              <input id="payment-reference" name="reference" maxLength={100} className="input" {...fieldErrorProps('payment-reference', paymentErrors?.reference)} />
              <FieldError id="payment-reference" errors={paymentErrors?.reference} testId="payment-reference-error" />
            </ActionCard>
          ) : null}
          {show.cancel ? (
            <ActionCard intent="cancel" title={t('detail.cancelTitle')} hint={t(order.status === 'submitted' ? 'detail.cancelHintConsoleHeld' : 'detail.cancelHintConsole')} submitLabel={t('detail.cancel')} danger fields={['reason']}>
              <ReasonField id="cancel-reason" intent="cancel" />
            </ActionCard>
          ) : null}
        </div>
      </div>
    </div>
  )
}

const statusOf = (v: unknown) => (v && typeof v === 'object' && typeof (v as { status?: unknown }).status === 'string' ? (v as { status: string }).status : null)

/** "reserved → picked" when the audit row recorded the order's status on both sides. */
function StatusChange({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation('orders')
  const from = statusOf(before)
  const to = statusOf(after)
  // A status with nothing before it (the order placed) is in the row's title: "Order placed; stock reserved".
  if (!from || !to || from === to) return null
  return (
    <div className="text-xs" data-testid="audit-status-change">
      {t(`status.${from}`, { defaultValue: from })} → {t(`status.${to}`, { defaultValue: to })}
    </div>
  )
}

function ReasonField({ id, intent }: { id: string; intent: string }) {
  const { t } = useTranslation('orders')
  const errors = useFieldErrors(intent, 'reason')
  return (
    <>
      <label htmlFor={id} className="label">
        {t('actions.reason')}
      </label>
      <textarea id={id} name="reason" required maxLength={500} rows={2} className="input" data-testid={id} {...fieldErrorProps(id, errors)} />
      <FieldError id={id} errors={errors} testId={`${id}-error`} />
    </>
  )
}
