// Pieces of an order page shared by the dealer portal and the console. Client-safe: rules and
// formatting only. Every figure arrives from a loader as a decimal string.
import { useTranslation } from 'react-i18next'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { orderPath, type OrderStatus } from '~/domain/orders/order-list.validation'
import { backordersWereCancelled, closedOnWhatShipped, restWasCancelled, type LineProgress } from '~/domain/orders/order.rules'
import type { OrderLineView } from '~/domain/orders/orders.queries.server'
import { formatTaxRate, formatUnitPrice } from '~/domain/sales/pricing.rules'
import { formatDateTime } from '~/utils/dates'
import { D, formatMoney } from '~/utils/money'
import { Link } from '@remix-run/react'
import { PageHeader } from '~/ui/shell'
import { TableScroller } from '~/ui/table-scroller'
import { phoneCard } from '~/ui/phone-cards'
import { unitName } from '~/i18n/units'
import { inParens, listSeparator, withColon } from '~/utils/intl'

const badgeColors: Record<OrderStatus, string> = {
  submitted: 'bg-amber-50 text-amber-800 ring-amber-200',
  approved: 'bg-sky-50 text-sky-800 ring-sky-200',
  reserved: 'bg-indigo-50 text-indigo-800 ring-indigo-200',
  picked: 'bg-violet-50 text-violet-800 ring-violet-200',
  partially_shipped: 'bg-teal-50 text-teal-800 ring-teal-200',
  shipped: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  delivered: 'bg-emerald-100 text-emerald-900 ring-emerald-300',
  cancelled: 'bg-slate-100 text-slate-600 ring-slate-200',
  rejected: 'bg-rose-50 text-rose-800 ring-rose-200',
}

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation('orders')
  return (
    <span className="inline-flex items-center gap-1">
      <span className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${badgeColors[status]}`} data-testid="order-status" data-status={status}>
        {t(`status.${status}`)}
      </span>
    </span>
  )
}

/**
 * A line's quantity named by its SKU, "PK-3001 × 120 件", held together by no-break spaces: in a list of
 * them ("缺货待补：AS-4003 × 3 套、PK-3001 × 120 件") a line broke between 120 and its unit.
 */
export function skuQuantity(sku: string, quantity: string, unit: string, locale: string): string {
  return `${sku}\u00a0×\u00a0${formatQuantity(quantity, locale)}\u00a0${unitName(unit, locale, quantity)}`
}

/** A line as both surfaces show it (the query's view without the product id). */
export type OrderLineRow = Omit<OrderLineView, 'productId'>

/** A shown line as the order's rules read one (order.rules' LineProgress). */
export const lineProgressOf = (lines: ReadonlyArray<OrderLineRow>): LineProgress[] =>
  lines.map((l) => ({ quantity: l.quantity, reservedQty: l.reserved, backorderedQty: l.backordered, shippedQty: l.shipped, cancelledQty: l.cancelled }))

/**
 * An order's lines across the page's whole grid (`spanClass`: the grid's full span at its breakpoint), under their heading.
 * Not a region: the lines' scroller is one, named by this heading; both named listed "Lines" twice among the landmarks.
 * The whole width: beside the side column the nine columns overflowed in English and hid what had shipped.
 */
/** The host cancelled what was left of a partly shipped order: said the same way on the console's page and the dealer's. */
export function RestCancelledNotice({ order }: { order: { status: OrderStatus; cancelledAt: string | null; cancelReason: string | null } }) {
  const { t } = useTranslation('orders')
  if (!restWasCancelled(order)) return null
  return (
    <div className="mb-4 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm" role="status" data-testid="rest-cancelled-notice">
      {t('detail.restCancelled', { reason: order.cancelReason ?? '' })}
    </div>
  )
}

export function OrderLinesSection({ order, locale, spanClass }: { order: { lines: OrderLineRow[]; status: OrderStatus; currency: string; backordersCancelledAt: string | null }; locale: string; spanClass: string }) {
  const { t } = useTranslation('orders')
  return (
    <section className={spanClass}>
      <h2 id="lines-heading" className="mb-2 font-semibold">
        {t('detail.lines')}
      </h2>
      <OrderLinesTable lines={order.lines} status={order.status} backordersCancelledAt={order.backordersCancelledAt} currency={order.currency} locale={locale} labelledBy="lines-heading" />
    </section>
  )
}

/**
 * `labelledBy`: the heading that names the lines, for their scroll region (else it reads "Lines").
 * An order that ended unshipped (cancelled, rejected) reserves nothing and waits for nothing: what it
 * did not ship is shown as cancelled, not as "backordered", which told a dealer that units were still
 * coming after the cancellation had closed their requisition. An order held over credit holds
 * nothing until it is approved: its lines say so, rather than "0 reserved" beside a backorder. One
 * whose rest was cancelled shows that rest as cancelled beside what shipped: nothing of it is
 * reserved or waits any more, and its net is that of the shipped units. An open order whose backorders
 * were cancelled shows what is held and what was cancelled side by side, its net that of what still comes.
 */
export function OrderLinesTable({ lines, status, backordersCancelledAt, currency, locale, labelledBy }: { lines: OrderLineRow[]; status: OrderStatus; backordersCancelledAt: string | null; currency: string; locale: string; labelledBy?: string }) {
  const { t } = useTranslation('orders')
  const en = locale === 'en'
  const q = (v: string) => formatQuantity(v, locale)
  // Nothing more ships of it: what did not ship is cancelled, and nothing is reserved or waits.
  const ended = status === 'cancelled' || status === 'rejected' || closedOnWhatShipped(status, lines.map((l) => l.cancelled))
  const held = status === 'submitted'
  const partlyCancelled = backordersWereCancelled({ status, backordersCancelledAt })
  // A quantity as a column of the table, or in a phone's card under its label; there a zero says nothing and is left out.
  const quantityCell = (testId: string, label: string, value: string, emphasis = '') => (
    <td className={`px-3 py-2 text-right tabular-nums ${phoneCard.cell} ${new D(value).isZero() ? 'max-sm:hidden' : emphasis}`}>
      <div className={phoneCard.label}>{label}</div>
      <span data-testid={testId}>{q(value)}</span>
    </td>
  )
  return (
    // On a phone each line is a card (as the cart's are): as a table it scrolled sideways in its card, and what was
    // reserved, backordered and shipped stood off the screen.
    <TableScroller className="card" label={t('detail.lines')} labelledBy={labelledBy}>
      <table className={`min-w-full divide-y divide-slate-100 text-sm ${phoneCard.table}`} data-testid="order-lines">
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 max-sm:hidden">
          <tr>
            <th scope="col" className="px-3 py-2">#</th>
            <th scope="col" className="px-3 py-2">{t('lines.product')}</th>
            <th scope="col" className="px-3 py-2 text-right">{t('lines.quantity')}</th>
            <th scope="col" className="px-3 py-2 text-right">{t('lines.unitPrice')}</th>
            <th scope="col" className="px-3 py-2 text-right">{t('lines.tax')}</th>
            <th scope="col" className="px-3 py-2 text-right">{t('lines.net')}</th>
            {ended ? (
              <th scope="col" className="px-3 py-2 text-right">{t('lines.cancelled')}</th>
            ) : held ? (
              <th scope="col" className="px-3 py-2 text-right">{t('lines.stock')}</th>
            ) : (
              <>
                <th scope="col" className="px-3 py-2 text-right">{t('lines.reserved')}</th>
                <th scope="col" className="px-3 py-2 text-right">{t('lines.backordered')}</th>
                {partlyCancelled ? <th scope="col" className="px-3 py-2 text-right">{t('lines.cancelled')}</th> : null}
              </>
            )}
            <th scope="col" className="px-3 py-2 text-right">{t('lines.shipped')}</th>
          </tr>
        </thead>
        <tbody className={`divide-y divide-slate-100 ${phoneCard.body}`}>
          {lines.map((l) => (
            <tr key={l.id} className={phoneCard.row} data-testid="order-line" data-sku={l.sku}>
              <td className="px-3 py-2 text-slate-500 max-sm:hidden">{l.position}</td>
              {/* A floor for the name (the table scrolls in its card on a narrow screen above a phone's): on a phone the other columns squeezed it to one character per line (铝 / 合 / 金 / 支 / 架) and broke the SKU at its hyphen. */}
              <td className={`min-w-[7rem] px-3 py-2 ${phoneCard.cell} max-sm:col-span-2 max-sm:mb-1`}>
                <div className="whitespace-nowrap font-mono text-xs">{l.sku}</div>
                <div>{en ? l.nameEn : l.nameZh}</div>
              </td>
              <td className={`whitespace-nowrap px-3 py-2 text-right tabular-nums ${phoneCard.cell}`}>
                <div className={phoneCard.label}>{t('lines.quantity')}</div>
                <span data-testid="line-quantity">
                  {q(l.quantity)} <span className="text-xs text-slate-500">{unitName(l.unit, locale, l.quantity)}</span>
                </span>
              </td>
              <td className={`px-3 py-2 text-right tabular-nums ${phoneCard.cell}`}>
                <div className={phoneCard.label}>{t('lines.unitPrice')}</div>
                {formatUnitPrice(l.unitPrice, currency, locale)}
              </td>
              {/* In a card the rate goes under the net, as the cart gives it. */}
              <td className="px-3 py-2 text-right tabular-nums max-sm:hidden">{formatTaxRate(l.taxRate, locale)}</td>
              <td className={`px-3 py-2 text-right tabular-nums ${phoneCard.cell}`}>
                <div className={phoneCard.label}>{t('lines.net')}</div>
                <span data-testid="line-net">{formatMoney(l.lineNet, currency, locale)}</span>
                <div className="whitespace-nowrap text-xs text-slate-500 sm:hidden">{t('cart.taxAt', { rate: formatTaxRate(l.taxRate, locale) })}</div>
              </td>
              {ended ? (
                quantityCell('line-cancelled', t('lines.cancelled'), l.cancelled)
              ) : held ? (
                <td className={`whitespace-nowrap px-3 py-2 text-right text-slate-600 ${phoneCard.cell} max-sm:col-span-2`}>
                  <div className={phoneCard.label}>{t('lines.stock')}</div>
                  <span data-testid="line-on-approval">{t('lines.onApproval')}</span>
                </td>
              ) : (
                <>
                  {quantityCell('line-reserved', t('lines.reserved'), l.reserved)}
                  {quantityCell('line-backordered', t('lines.backordered'), l.backordered, 'font-medium text-amber-700')}
                  {partlyCancelled ? quantityCell('line-cancelled', t('lines.cancelled'), l.cancelled) : null}
                </>
              )}
              {quantityCell('line-shipped', t('lines.shipped'), l.shipped)}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroller>
  )
}

export function OrderTotals({ subtotal, taxTotal, total, paidTotal, currency, locale }: { subtotal: string; taxTotal: string; total: string; paidTotal?: string; currency: string; locale: string }) {
  const { t } = useTranslation('orders')
  const m = (v: string) => formatMoney(v, currency, locale)
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm" data-testid="order-totals">
      <dt className="text-slate-600">{t('totals.subtotal')}</dt>
      <dd className="text-right tabular-nums">{m(subtotal)}</dd>
      <dt className="text-slate-600">{t('totals.tax')}</dt>
      <dd className="text-right tabular-nums">{m(taxTotal)}</dd>
      <dt className="font-semibold">{t('totals.total')}</dt>
      <dd className="text-right font-semibold tabular-nums" data-testid="order-total">
        {m(total)}
      </dd>
      {paidTotal !== undefined ? (
        <>
          <dt className="text-slate-600">{t('totals.paid')}</dt>
          <dd className="text-right tabular-nums" data-testid="order-paid">
            {m(paidTotal)}
          </dd>
        </>
      ) : null}
    </dl>
  )
}

export interface ShipmentRow {
  id: string
  number: string
  carrier: string
  trackingNumber: string
  status: 'shipped' | 'delivered'
  shippedAt: string
  deliveredAt: string | null
  /** Who confirmed the arrival, when the viewer may know (see ShipmentView). */
  deliveredByName: string | null
  lines: Array<{ orderLineId: string; productId: string; sku: string; unit: string; quantity: string; batches: Array<{ batch: string; quantity: string }> }>
}

/**
 * `actions`: what a page offers for one shipment (the dealer's "confirm receipt"), shown inside its card.
 * `batchHref`: where a batch or serial number a line took leads (the console's trace of it); plain text without.
 */
export function ShipmentsList({
  shipments,
  locale,
  timeZone,
  actions,
  batchHref,
}: {
  shipments: ShipmentRow[]
  locale: string
  timeZone: string
  actions?: (shipment: ShipmentRow) => React.ReactNode
  batchHref?: (productId: string, batch: string) => string
}) {
  const { t } = useTranslation('orders')
  if (shipments.length === 0) return <p className="text-sm text-slate-500" data-testid="no-shipments">{t('shipments.none')}</p>
  return (
    <ul className="space-y-3" data-testid="shipments">
      {shipments.map((s) => (
        <li key={s.id} className="rounded-md border border-slate-200 p-3 text-sm" data-testid="shipment" data-status={s.status} data-number={s.number}>
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <span className="font-mono font-medium">{s.number}</span>
            <span className="text-xs text-slate-500">
              {t(`shipments.status.${s.status}`)} · {formatDateTime(s.shippedAt, locale, timeZone)}
              {s.deliveredAt ? ` → ${formatDateTime(s.deliveredAt, locale, timeZone)}` : ''}
            </span>
          </div>
          <div className="mt-1">
            {withColon(t('shipments.carrier'), locale)}
            <span data-testid="shipment-carrier">{s.carrier}</span> · {withColon(t('shipments.tracking'), locale)}
            <span className="font-mono" data-testid="shipment-tracking">
              {s.trackingNumber}
            </span>
          </div>
          <ul className="mt-1 space-y-0.5 text-xs text-slate-600">
            {s.lines.map((l) => (
              <li key={l.orderLineId} data-testid="shipment-line" data-sku={l.sku}>
                {skuQuantity(l.sku, l.quantity, l.unit, locale)}
                {l.batches.length ? (
                  <>
                    {' · '}
                    {withColon(t('shipments.batches'), locale)}
                    <ShipmentBatches batches={l.batches} href={batchHref ? (b) => batchHref(l.productId, b) : undefined} locale={locale} />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
          {s.deliveredAt ? (
            <div className="mt-1 text-xs text-emerald-800" data-testid="shipment-received">
              {s.deliveredByName
                ? t('shipments.receivedAtBy', { at: formatDateTime(s.deliveredAt, locale, timeZone), name: s.deliveredByName })
                : t('shipments.receivedAt', { at: formatDateTime(s.deliveredAt, locale, timeZone) })}
            </div>
          ) : null}
          {actions?.(s)}
        </li>
      ))}
    </ul>
  )
}

/** A shipment line's batches or serial numbers; with more than one, how much of each. */
function ShipmentBatches({ batches, href, locale }: { batches: Array<{ batch: string; quantity: string }>; href?: (batch: string) => string; locale: string }) {
  const many = batches.length > 1
  return (
    <>
      {batches.map((b, i) => (
        <span key={b.batch} data-testid="shipment-batch" data-batch={b.batch}>
          {i ? listSeparator(locale) : null}
          {href ? (
            <Link to={href(b.batch)} className="font-mono text-indigo-700 hover:underline">
              {b.batch}
            </Link>
          ) : (
            <span className="font-mono">{b.batch}</span>
          )}
          {many ? ` × ${formatQuantity(b.quantity, locale)}` : null}
        </span>
      ))}
    </>
  )
}

/** An order's audit action ("sales_order.approved") in the reader's language; an unknown one as recorded. */
function useOrderActionLabel() {
  const { t, i18n } = useTranslation('orders')
  return (action: string) => {
    const key = `timeline.action.${action.replace(/\./g, '_')}`
    return i18n.exists(`orders:${key}`) ? t(key) : action
  }
}

/**
 * An order's recorded event as one phrase: what was done and, when its name does not say it, what it
 * left the order in: "Order placed; stock reserved", "提交订单，库存已预留". The status word glued to the
 * act ("Order placed · Reserved") read as a label, not as what happened. No result when the status is
 * the one before (a payment on a shipped order) or when the act names it ("Approved").
 */
export function useOrderEventLabel() {
  const { t, i18n } = useTranslation('orders')
  return (label: string, action: string, status: string | null, before: string | null) => {
    const says = !status || status === before || status === 'submitted' || action === `sales_order.${status}` || !i18n.exists(`orders:timeline.result.${status}`)
    return says ? label : t('timeline.event', { action: label, result: t(`timeline.result.${status}`) })
  }
}

/** The happy path with the steps reached, then every recorded step with its time. */
export function OrderTimeline({
  status,
  timeline,
  locale,
  timeZone,
  entries = true,
}: {
  status: OrderStatus
  timeline: Array<{ at: string; action: string; status: string | null }>
  locale: string
  timeZone: string
  /** false: the steps only, where the page lists the order's history itself (the console's audit trail). */
  entries?: boolean
}) {
  const { t } = useTranslation('orders')
  const actionLabel = useOrderActionLabel()
  const eventLabel = useOrderEventLabel()
  const ended = status === 'cancelled' || status === 'rejected'
  // A partial shipment has started shipping: the Shipped step is the current one, named as partial,
  // so the bar says what the status badge says ("Picked" as current contradicted it).
  const partial = status === 'partially_shipped'
  const reachedIdx = orderPath.indexOf(partial ? 'shipped' : status)
  // An ended order reached as far as its furthest recorded status, and every step before it: an order
  // approved by the credit check records "reserved" at once, and was approved on the way.
  const endedIdx = Math.max(0, ...timeline.map((e) => orderPath.indexOf(e.status as OrderStatus)))
  return (
    <div data-testid="order-timeline">
      {/* Done and not reached differ by a check mark, a dashed outline and hidden words as well as by colour (WCAG 1.4.1, 1.3.1). */}
      <ol className="mb-4 flex flex-wrap items-center gap-1 text-xs" aria-label={t('timeline.progress')}>
        {orderPath.map((s, i) => {
          const reached = i <= (ended ? endedIdx : reachedIdx)
          const current = !ended && i === reachedIdx
          const state = current ? 'current' : reached ? 'done' : 'pending'
          return (
            <li key={s} className="flex items-center gap-1" aria-current={current ? 'step' : undefined}>
              <span
                className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 ${reached ? 'border-indigo-600 bg-indigo-600 text-white' : 'border-dashed border-slate-400 bg-slate-100 text-slate-600'}`}
                data-testid="timeline-step"
                data-reached={reached ? 'yes' : 'no'}
                data-state={state}
              >
                {reached ? <CheckIcon /> : <span aria-hidden className="h-2 w-2 rounded-full border border-current" />}
                {t(`timeline.step.${current && partial ? 'partially_shipped' : s}`)}
                <span className="sr-only">{inParens(t(`timeline.state.${state}`), locale)}</span>
              </span>
              {i < orderPath.length - 1 ? (
                <span aria-hidden className="text-slate-400">
                  →
                </span>
              ) : null}
            </li>
          )
        })}
        {ended ? (
          <li aria-current="step">
            <span className="rounded-full bg-rose-600 px-2 py-0.5 text-white" data-testid="timeline-ended">
              {t(`status.${status}`)}
            </span>
          </li>
        ) : null}
      </ol>
      {status === 'submitted' ? (
        <p className="-mt-2 mb-3 text-xs text-slate-600" data-testid="timeline-held">
          {t('timeline.held')}
        </p>
      ) : null}
      {entries ? (
        <ul className="space-y-1 text-sm">
          {timeline.map((e, i) => (
            <li key={i} className="flex gap-3" data-testid="timeline-entry">
              <span className="w-36 shrink-0 tabular-nums text-slate-500">{formatDateTime(e.at, locale, timeZone)}</span>
              <span data-testid="timeline-entry-event">{eventLabel(actionLabel(e.action), e.action, e.status, timeline[i - 1]?.status ?? null)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

/** `standing`: the dealer's position now, with no order in hand (no "this order" row). */
export function CreditSummary({
  credit,
  currency,
  locale,
  standing = false,
}: {
  credit: { limit: string | null; receivables: string | null; openOrders: string | null; thisOrder: string | null; available: string | null; overLimit: boolean }
  currency: string
  locale: string
  standing?: boolean
}) {
  const { t } = useTranslation('orders')
  const m = (v: string | null) => (v === null ? '—' : formatMoney(v, currency, locale))
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm" data-testid="credit-summary" data-over-limit={credit.overLimit ? 'yes' : 'no'}>
      <dt className="text-slate-600">{t('credit.limit')}</dt>
      <dd className="text-right tabular-nums" data-testid="credit-limit">{m(credit.limit)}</dd>
      <dt className="text-slate-600">{t('credit.receivables')}</dt>
      <dd className="text-right tabular-nums">{m(credit.receivables)}</dd>
      <dt className="text-slate-600">{t('credit.openOrders')}</dt>
      <dd className="text-right tabular-nums">{m(credit.openOrders)}</dd>
      {standing ? null : (
        <>
          <dt className="text-slate-600">{t('credit.thisOrder')}</dt>
          <dd className="text-right tabular-nums">{m(credit.thisOrder)}</dd>
        </>
      )}
      <dt className="font-medium">{t(standing ? 'credit.availableNow' : 'credit.available')}</dt>
      <dd className={`text-right font-medium tabular-nums ${credit.overLimit ? 'text-rose-700' : ''}`} data-testid="credit-available">
        {m(credit.available)}
      </dd>
    </dl>
  )
}

/** An order page's header on either surface: number, PDF, the way back, the status, and the surface's own details. */
export function OrderHeader({
  order,
  listPath,
  backLabel,
  actions,
  children,
}: {
  order: { id: string; number: string; status: OrderStatus }
  listPath: '/console/orders' | '/dealer/orders'
  backLabel: string
  /** The surface's own buttons, before the PDF. */
  actions?: React.ReactNode
  children: React.ReactNode
}) {
  const { t } = useTranslation('orders')
  return (
    <PageHeader
      title={t('detail.title', { number: order.number })}
      actions={
        <>
          {actions}
          <a href={`${listPath}/${order.id}/pdf`} className="btn-secondary" data-testid="order-pdf" download>
            {t('detail.pdf')}
          </a>
          <Link to={listPath} className="btn-ghost">
            {backLabel}
          </Link>
        </>
      }
    >
      <span className="flex flex-wrap items-center gap-2">
        <OrderStatusBadge status={order.status} />
        {children}
      </span>
    </PageHeader>
  )
}

/** A short list of orders (a home page's latest): number, status, when, total; each a link to its page. */
export function RecentOrders({
  orders,
  hrefOf,
  locale,
  timeZone,
  testId,
  rowClassName,
}: {
  orders: ReadonlyArray<{ id: string; number: string; status: OrderStatus; createdAt: string; total: string; currency: string }>
  hrefOf: (id: string) => string
  locale: string
  timeZone: string
  testId: string
  /** The rows' padding, to sit in a card's edge or inside a section. */
  rowClassName: string
}) {
  return (
    <ul className="divide-y divide-slate-100 text-sm" data-testid={testId}>
      {orders.map((o) => (
        <li key={o.id} className={`flex flex-wrap items-center gap-x-3 gap-y-1 ${rowClassName}`}>
          <Link to={hrefOf(o.id)} className="font-mono text-indigo-700 hover:underline">
            {o.number}
          </Link>
          <OrderStatusBadge status={o.status} />
          <span className="tabular-nums text-slate-500">{formatDateTime(o.createdAt, locale, timeZone)}</span>
          <span className="ml-auto tabular-nums">{formatMoney(o.total, o.currency, locale)}</span>
        </li>
      ))}
    </ul>
  )
}

function CheckIcon() {
  return (
    <svg aria-hidden viewBox="0 0 12 12" className="h-3 w-3" fill="none" stroke="currentColor" strokeWidth={2}>
      <path d="M2.5 6.5l2.5 2.5 4.5-5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  )
}
