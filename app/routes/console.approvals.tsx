import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useFetcher, useLoaderData } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { staffCan } from '~/auth/roles'
import { listAwardProposals } from '~/domain/auction/auction-console.queries.server'
import { approveOrder } from '~/domain/orders/approve-order.server'
import { approveOrderSchema, reasonSchema } from '~/domain/orders/order.validation'
import { listApprovalInbox } from '~/domain/orders/orders.queries.server'
import { rejectOrder } from '~/domain/orders/reject-order.server'
import { titleMeta } from '~/ui/catalog/meta'
import { ActionTokenField, FieldError, fieldErrorProps, useErrorText } from '~/ui/form'
import { parseRest, readIntentForm, replyIntentError, unknownIntent } from '~/ui/orders/intent-form.server'
import { refuseWithoutActionToken } from '~/utils/form.server'
import { useRevalidateOn } from '~/realtime/client'
import { AwardInbox } from '~/ui/auction/award-inbox'
import { useDealerTermsRevalidation, useOrderRevalidation } from '~/ui/orders/order-live'
import { CreditSummary } from '~/ui/orders/order-view'
import { pageTitle } from '~/ui/page-title.server'
import { SubmitButton } from '~/ui/submit-button'
import { showToast } from '~/ui/toaster'
import { PageHeader } from '~/ui/shell'
import { formatDateTime } from '~/utils/dates'
import { D, formatMoney } from '~/utils/money'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { contentionOf, type Contention } from '~/domain/orders/approval-contention.rules'

export const meta = titleMeta

/**
 * The inbox holds what the viewer may decide: orders held over credit (orders.approve) and auction
 * awards waiting for a second person (auctions.confirmAward); holding neither is a 403.
 */
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args)
  const can = { orders: staffCan(actor, 'orders.approve'), awards: staffCan(actor, 'auctions.confirmAward') }
  if (!can.orders && !can.awards) await requireStaff(args, 'orders.approve')
  const [rows, awards] = await Promise.all([can.orders ? listApprovalInbox(actor) : [], can.awards ? listAwardProposals(actor) : []])
  return { title: await pageTitle(actor, 'orders', 'approvals.title'), can, rows, awards, viewerId: actor.userId, locale: actor.locale, timeZone: actor.timeZone }
}

/** Approve or reject inline; the order id is a form field, and the command decides whether it may still be decided. */
export async function action(args: ActionFunctionArgs) {
  const actor = await requireStaff(args, 'orders.approve')
  const form = await readIntentForm(args.request, ['orderId', 'text'])
  if (!form || (form.intent !== 'approve' && form.intent !== 'reject')) return unknownIntent()
  const refused = await refuseWithoutActionToken(args.request, form.token, args.context)
  if (refused) return refused
  const orderId = form.extras.orderId ?? ''
  const meta = { ip: args.context.ip }
  // One text box serves both buttons: the approval's note or the rejection's reason.
  const text = (form.extras.text ?? '').trim()
  if (text || form.intent === 'reject') form.rest.append(form.intent === 'approve' ? 'note' : 'reason', text)
  if (form.intent === 'approve') {
    const parsed = parseRest(form.rest, approveOrderSchema, form.intent)
    if (!parsed.ok) return parsed.response
    try {
      const o = await approveOrder(actor, orderId, parsed.value, meta)
      return data({ intent: 'approve', orderId, done: o.number })
    } catch (err) {
      return replyIntentError(err, parsed.submission, form.intent)
    }
  }
  const parsed = parseRest(form.rest, reasonSchema, form.intent)
  if (!parsed.ok) return parsed.response
  try {
    const o = await rejectOrder(actor, orderId, parsed.value, meta)
    return data({ intent: 'reject', orderId, done: o.number })
  } catch (err) {
    return replyIntentError(err, parsed.submission, form.intent)
  }
}

type Row = Awaited<ReturnType<typeof loader>>['rows'][number]

export default function Approvals() {
  const { can, rows, awards, viewerId, locale, timeZone } = useLoaderData<typeof loader>()
  const { t } = useTranslation('orders')
  // Orders arrive, and leave when a colleague decides them, without a reload.
  useOrderRevalidation(() => can.orders)
  // A new credit limit changes each waiting order's figures of today.
  useDealerTermsRevalidation(() => can.orders)
  // A held order holds no stock: what approving would reserve changes with its products' stock.
  useRevalidateOn('stock:changed', ({ productIds }) => can.orders && rows.some((r) => r.stockNow.some((l) => productIds.includes(l.productId))), 500)
  // Awards proposed, confirmed or declined anywhere.
  useRevalidateOn('auction:awardChanged', () => can.awards, 500)
  const contention = contentionOf(rows)
  return (
    <div data-testid="approvals-page" className="space-y-8">
      <PageHeader title={t('approvals.title')}>{can.awards ? t('approvals.introAll') : t('approvals.intro')}</PageHeader>
      {can.orders ? (
        <section aria-labelledby="orders-inbox-title" data-testid="orders-inbox">
          {/* Always there, if only for a screen reader when the orders are the page's one list: the cards' headings (h3) sit under it. */}
          <h2 id="orders-inbox-title" className={can.awards ? 'text-base font-semibold' : 'sr-only'}>
            {t('approvals.ordersTitle')}
          </h2>
          {can.awards ? <p className="mb-3 text-sm text-slate-600">{t('approvals.intro')}</p> : null}
          {rows.length === 0 ? (
            <div className="card p-8 text-center text-slate-500" data-testid="approvals-empty">
              {t('approvals.empty')}
            </div>
          ) : (
            <ul className="space-y-4" data-testid="approvals">
              {rows.map((r) => (
                <ApprovalCard key={r.id} row={r} contention={contention.get(r.id)} locale={locale} timeZone={timeZone} />
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {can.awards ? <AwardInbox items={awards} viewerId={viewerId} locale={locale} timeZone={timeZone} /> : null}
    </div>
  )
}

const FIGURES = ['limit', 'receivables', 'openOrders', 'thisOrder', 'available'] as const

/** Whether two credit checks show the same amounts (decimal text compared as numbers: "10.0" is "10.00"). */
function sameFigures(a: Row['credit'], b: Row['credit']) {
  return FIGURES.every((k) => (a[k] === null || b[k] === null ? a[k] === b[k] : new D(a[k]!).eq(b[k]!)))
}

/**
 * A held order holds no stock: what its warehouse has for it now is what approving would reserve,
 * and a short line would be backordered with a requisition. Said in words as well as colour.
 */
function StockNow({ lines, contention, locale }: { lines: Row['stockNow']; contention?: Map<string, Contention>; locale: string }) {
  const { t } = useTranslation('orders')
  const short = lines.filter((l) => new D(l.available).lt(l.quantity))
  // In stock for this order alone, but not for it and the other waiting orders that want the same units.
  const contended = lines.filter((l) => !new D(l.available).lt(l.quantity) && contention?.get(l.sku) && new D(l.available).lt(new D(l.quantity).plus(contention.get(l.sku)!.quantity)))
  return (
    <section aria-label={t('approvals.stockNow')} className="mt-3 text-sm" data-testid="stock-now" data-short={short.length}>
      <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{t('approvals.stockNow')}</h4>
      <p className={short.length || contended.length ? 'text-amber-800' : 'text-emerald-800'} data-testid="stock-now-summary" data-state={short.length ? 'short' : contended.length ? 'contended' : 'in-stock'}>
        {short.length ? t('approvals.short', { count: short.length }) : contended.length ? t('approvals.contendedSummary', { count: contended.length }) : t('approvals.allInStock')}
      </p>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        {lines.map((l) => (
          <li key={l.sku} data-testid="stock-now-line" data-sku={l.sku} data-short={new D(l.available).lt(l.quantity) ? 'yes' : 'no'}>
            <span className="font-mono">{l.sku}</span>{' '}
            {t('approvals.lineStock', { available: formatQuantity(D.min(l.available, l.quantity).toFixed(), locale), quantity: formatQuantity(l.quantity, locale) })}
            {contention?.get(l.sku) ? (
              <span className="block text-amber-800" data-testid="stock-now-contended">
                {t('approvals.contended', { count: contention.get(l.sku)!.orders, quantity: formatQuantity(contention.get(l.sku)!.quantity, locale) })}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      <p className="mt-1 text-xs text-slate-500">{t('approvals.stockHint')}</p>
    </section>
  )
}

function ApprovalCard({ row, contention, locale, timeZone }: { row: Row; contention?: Map<string, Contention>; locale: string; timeZone: string }) {
  const { t } = useTranslation('orders')
  const text = useErrorText()
  const fetcher = useFetcher<typeof action>()
  const en = locale === 'en'
  const busy = fetcher.state !== 'idle'
  const result = fetcher.data as { intent?: string; done?: string; submission?: { error?: Record<string, string[] | null> | null } } | undefined
  // The card leaves the inbox once decided, and that was all: say what was done, as the order's own page does. The data is
  // there while the inbox reloads, before the card goes.
  useEffect(() => {
    if (result?.done) showToast({ key: result.intent === 'reject' ? 'orders:toast.rejected' : 'orders:toast.approved', params: { number: result.done } })
  }, [result])
  // The reason's own message sits under the box, tied to it (WCAG 3.3.1); the rest stays above the form.
  // (The box is sent as the rejection's reason or the approval's note.)
  const { reason, note, ...others } = result?.submission?.error ?? {}
  const reasonErrors = [...(reason ?? []), ...(note ?? [])]
  const errors = Object.values(others).flatMap((v) => v ?? [])
  const reasonId = `reason-${row.id}`
  return (
    <li className="card grid gap-4 p-4 md:grid-cols-3" data-testid="approval" data-number={row.number}>
      <div>
        {/* A heading naming the order: browsing by heading offered only "Stock now" and "Credit now", never whose. */}
        <h3 className="font-mono font-medium">
          <Link to={`/console/orders/${row.id}`} className="text-indigo-700 hover:underline">
            {row.number}
          </Link>
        </h3>
        <div className="text-sm">
          <span className="font-mono text-xs">{row.dealerCode}</span> {en ? row.dealerNameEn : row.dealerNameZh}
        </div>
        <div className="text-xs text-slate-500">{formatDateTime(row.createdAt, locale, timeZone)}</div>
        <div className="mt-2 text-lg font-semibold tabular-nums">{formatMoney(row.total, row.currency, locale)}</div>
        <StockNow lines={row.stockNow} contention={contention} locale={locale} />
      </div>
      <div className="space-y-3">
        {row.creditNow ? (
          <section aria-label={t('approvals.creditNow')} data-testid="credit-now">
            <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{t('approvals.creditNow')}</h4>
            <CreditSummary credit={row.creditNow} currency={row.currency} locale={locale} />
          </section>
        ) : null}
        {row.creditNow && sameFigures(row.creditNow, row.credit) ? (
          <p className="text-xs text-slate-500" data-testid="credit-unchanged">
            {t('approvals.creditUnchanged')}
          </p>
        ) : (
          <section aria-label={t('approvals.creditPlaced')} data-testid="credit-placed">
            <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{t('approvals.creditPlaced')}</h4>
            <CreditSummary credit={row.credit} currency={row.currency} locale={locale} />
          </section>
        )}
      </div>
      <fetcher.Form method="post" className="space-y-2">
        <input type="hidden" name="orderId" value={row.id} />
        <ActionTokenField />
        {errors.length ? (
          <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-2 py-1 text-sm text-rose-800">
            {[...new Set(errors)].map((e) => (
              <p key={e}>{text(e)}</p>
            ))}
          </div>
        ) : null}
        <label htmlFor={`reason-${row.id}`} className="label">
          {t('approvals.reasonOrNote')}
        </label>
        {/* Every card has the same buttons and box: their names carry the order, or a screen reader's list reads "Approve, Reject, Approve…". */}
        <textarea
          id={reasonId}
          name="text"
          maxLength={500}
          rows={2}
          className="input"
          aria-label={t('approvals.reasonNamed', { number: row.number })}
          {...fieldErrorProps(reasonId, reasonErrors)}
          data-testid="approval-reason"
        />
        <FieldError id={reasonId} errors={reasonErrors} testId="approval-reason-error" />
        <div className="flex gap-2">
          <SubmitButton name="intent" value="approve" className="btn-primary" busy={busy} aria-label={t('approvals.approveNamed', { number: row.number })} data-testid="approve">
            {t('actions.approve')}
          </SubmitButton>
          <SubmitButton name="intent" value="reject" className="btn-danger" busy={busy} aria-label={t('approvals.rejectNamed', { number: row.number })} data-testid="reject">
            {t('actions.reject')}
          </SubmitButton>
        </div>
      </fetcher.Form>
    </li>
  )
}
