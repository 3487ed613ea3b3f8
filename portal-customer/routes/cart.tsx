import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, type ShouldRevalidateFunction } from '@remix-run/react'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { requireDealer } from '~/auth/guards.server'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { quoteCartSchema, submitOrderSchema } from '~/domain/orders/order.validation'
import { warehouseOptions } from '~/domain/orders/orders.queries.server'
import { quoteCart } from '~/domain/orders/quote-cart.server'
import { dealerPricingState } from '~/domain/sales/dealer-catalog.queries.server'
import { submitOrder } from '~/domain/orders/submit-order.server'
import { formatTaxRate, formatUnitPrice } from '~/domain/sales/pricing.rules'
import { titleMeta } from '~/ui/catalog/meta'
import { FormError, useErrorText } from '~/ui/form'
import { readQuantity, useCart } from '~/ui/orders/cart-store'
import { parseRest, readIntentForm, unknownIntent } from '~/ui/orders/intent-form.server'
import { CreditSummary } from '~/ui/orders/order-view'
import { pageTitle } from '~/ui/page-title.server'
import { redirectWithToast } from '~/ui/toast.server'
import { PageHeader } from '~/ui/shell'
import { NoPriceListNotice } from '~/ui/orders/no-price-list'
import { DomainError } from '~/utils/errors'
import { formatMoney } from '~/utils/money'
import { withColon } from '~/utils/intl'
import { parseMessage } from '~/utils/validation'
import { useSocketEvent } from '~/realtime/client'
import { unitName } from '~/i18n/units'
import { SubmitButton } from '~/ui/submit-button'
import { phoneCard } from '~/ui/phone-cards'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireDealer(args)
  const [warehouses, pricing] = await Promise.all([warehouseOptions(actor), dealerPricingState(actor.orgId)])
  return { title: await pageTitle(actor, 'orders', 'cart.title'), warehouses, pricing, locale: actor.locale }
}

// Pricing a cart changes nothing the page loaded: no refetch after a quote.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get('intent') === 'quote' ? false : defaultShouldRevalidate

type Failure = { intent: string; error: string; fieldErrors?: Record<string, string[]> }

function failure(intent: string, err: unknown) {
  if (!(err instanceof DomainError)) throw err
  if (err.code === 'forbidden') throw new Response('Forbidden', { status: 403 })
  return data({ intent, error: err.messageKey, fieldErrors: err.fieldErrors } satisfies Failure, { status: err.status })
}

/**
 * Two intents: "quote" prices the browser's cart (ids and quantities only) from the dealer's own
 * terms, writing nothing; "submit" places the order under the checkout's idempotency key. Prices,
 * the dealer and the status never come from the form: the strict schemas refuse them.
 */
export async function action(args: ActionFunctionArgs) {
  const actor = await requireDealer(args)
  const form = await readIntentForm(args.request, ['idempotencyKey'])
  if (!form) return unknownIntent()
  if (form.intent === 'quote') {
    const parsed = parseRest(form.rest, quoteCartSchema, form.intent)
    if (!parsed.ok) return data({ intent: 'quote', error: 'orders:cart.invalid', fieldErrors: (parsed.response.data.submission.error ?? {}) as Record<string, string[]> } satisfies Failure, { status: 400 })
    try {
      const { priceTier: _tier, ...quote } = await quoteCart(actor, parsed.value)
      return { intent: 'quote' as const, quote }
    } catch (err) {
      return failure('quote', err)
    }
  }
  if (form.intent === 'submit') {
    const parsed = parseRest(form.rest, submitOrderSchema, form.intent)
    if (!parsed.ok) return data({ intent: 'submit', error: 'orders:cart.invalid', fieldErrors: (parsed.response.data.submission.error ?? {}) as Record<string, string[]> } satisfies Failure, { status: 400 })
    // The cart places an order only at a total it showed: one posted without it (a stale tab, a script, a page not yet
    // hydrated) is priced again rather than placed at whatever today's price is. API callers may still omit it.
    if (parsed.value.expectedTotal === undefined) return failure('submit', new DomainError('conflict', 'orders:errors.pricesChanged', { expectedTotal: ['orders:errors.pricesChanged'] }))
    try {
      const { order } = await submitOrder(actor, parsed.value, { idempotencyKey: form.extras.idempotencyKey ?? '', ip: args.context.ip })
      // A replay (double click, resubmit, retry) lands on the same order as the first submission. Said in words, as every
      // other action on an order is: the order page alone did not tell the dealer it had gone through.
      const toast = { key: order.status === 'submitted' ? 'orders:toast.placedHeld' : 'orders:toast.placed', params: { number: order.number } }
      return redirectWithToast(`/dealer/orders/${order.id}?placed=1`, toast)
    } catch (err) {
      return failure('submit', err)
    }
  }
  return unknownIntent()
}

type QuoteData = Extract<Awaited<ReturnType<typeof action>>, { intent: 'quote'; quote: unknown }>

/** "5", "5.0" and "05" are one quantity: compared as normalized decimal text, never as floats. */
function sameQty(a: string | undefined, b: string) {
  if (a === undefined) return false
  const norm = (s: string) => {
    const [i, f = ''] = s.split('.')
    const int = i.replace(/^0+(?=\d)/, '')
    const frac = f.replace(/0+$/, '')
    return frac ? `${int}.${frac}` : int
  }
  return norm(a) === norm(b)
}

function lineFields(lines: Array<{ productId: string; quantity: string }>) {
  return lines.flatMap((l, i) => [
    [`lines[${i}].productId`, l.productId],
    [`lines[${i}].quantity`, l.quantity],
  ])
}

/** Refusals after which the cart prices itself again (see the effect in Cart). */
const REPRICED_AFTER = new Set(['orders:errors.pricesChanged', 'orders:errors.noPriceList', 'orders:errors.noPriceListNamed'])

export default function Cart() {
  const { warehouses, pricing, locale } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t } = useTranslation('orders')
  const text = useErrorText()
  const en = locale === 'en'
  const { cart, setQuantity, remove, setWarehouse, checkoutKey } = useCart()
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  const warehouseId = cart.warehouseId && warehouses.some((w) => w.id === cart.warehouseId) ? cart.warehouseId : (warehouses[0]?.id ?? '')

  // The server prices the cart whenever its content or warehouse changes.
  const quoter = useFetcher<typeof action>({ key: 'cart-quote' })
  // Availability changes while the cart is open (another dealer ordered, stock arrived): price again.
  const [repriceTick, setRepriceTick] = useState(0)
  useSocketEvent('stock:changed', ({ productIds }) => {
    if (cart.lines.some((l) => productIds.includes(l.productId))) setRepriceTick((n) => n + 1)
  })
  // So do the dealer's terms: a new tier or credit limit changes prices and the credit check.
  useSocketEvent('dealer:termsChanged', () => setRepriceTick((n) => n + 1))
  // And a price list's edit: the total on screen is the one the order is placed at (expectedTotal), so it must be today's.
  useSocketEvent('prices:changed', ({ productIds }) => {
    if (!productIds || cart.lines.some((l) => productIds.includes(l.productId))) setRepriceTick((n) => n + 1)
  })
  const cartSig = JSON.stringify([warehouseId, cart.lines, repriceTick])
  const [quotedSig, setQuotedSig] = useState('')
  const submitQuote = useRef(quoter.submit)
  submitQuote.current = quoter.submit
  useEffect(() => {
    if (!hydrated || cart.lines.length === 0 || !warehouseId) return
    const handle = setTimeout(() => {
      setQuotedSig(cartSig)
      submitQuote.current([['intent', 'quote'], ['warehouseId', warehouseId], ...lineFields(cart.lines)] as any, { method: 'post' })
    }, 200)
    return () => clearTimeout(handle)
    // cartSig stands for cart.lines and warehouseId.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hydrated, cartSig])
  // The answer counts only for the cart it was asked about: in the pause before a change is sent,
  // the previous answer is not this cart's price.
  const quoteCurrent = quoter.state === 'idle' && quotedSig === cartSig
  // The last answer stays on screen, dimmed, while the next is on its way: the page keeps its shape,
  // so a click aimed at "Place order" lands there (the summary collapsing under it lost the click).
  const latest = quoter.data
  const quote = latest && 'quote' in latest ? (latest as QuoteData).quote : null
  const quoteError = quoteCurrent && latest && 'error' in latest ? (latest as Failure) : null
  const byProduct = new Map((quote?.lines ?? []).map((l) => [l.productId, l]))
  const problemOf = new Map((quote?.problems ?? []).map((p) => [p.productId, p]))
  // A line keeps its unit while its quantity is wrong or refused: the answer that named it may be an earlier one.
  const [knownUnits, setKnownUnits] = useState<Record<string, string>>({})
  useEffect(() => {
    if (quote?.lines.length) setKnownUnits((u) => ({ ...u, ...Object.fromEntries(quote.lines.map((l) => [l.productId, l.unit])) }))
  }, [quote])
  // Every line priced at the quantity now in the cart, and none that cannot be ordered.
  const quoteMatches = quoteCurrent && !!quote && quote.problems.length === 0 && quote.lines.length === cart.lines.length && cart.lines.every((l) => sameQty(byProduct.get(l.productId)?.quantity, l.quantity))

  // What is typed stays a draft until it is a quantity; a draft that is not one blocks the order
  // (it once went in at the earlier quantity, unseen), and a committed change is priced before it can.
  const [qtyDraft, setQtyDraft] = useState<Record<string, string>>({})
  // Read as the product is counted once the server has named it: "1.5" of a counted product is a draft that is no
  // quantity, like "2,5", not a change the server then refuses (the two once looked different on screen).
  const readDraft = (productId: string, value: string) => {
    const named = byProduct.get(productId) ?? problemOf.get(productId)
    return readQuantity(value, { sku: named?.sku ?? '', wholeUnits: named?.wholeUnits })
  }
  const commitQty = (productId: string, value: string) => {
    const read = readDraft(productId, value)
    if (!read.ok) return
    // The same quantity written again would only start a new checkout key.
    if (!sameQty(cart.lines.find((l) => l.productId === productId)?.quantity, read.value)) setQuantity(productId, read.value)
    setQtyDraft(({ [productId]: _gone, ...rest }) => rest)
  }
  const badDraft = (productId: string) => Object.hasOwn(qtyDraft, productId) && !readDraft(productId, qtyDraft[productId]).ok
  const badDrafts = cart.lines.filter((l) => badDraft(l.productId)).length
  const anyBadDraft = badDrafts > 0
  // A click on "Place order" while the cart is being priced again (a quantity just committed by that
  // very click's blur) asks to check the new totals instead of ordering what was not yet shown.
  const [recheck, setRecheck] = useState(false)

  const submitFailure = actionData && 'intent' in actionData && actionData.intent === 'submit' ? (actionData as Failure) : null
  const submitting = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'submit'
  // Refused because the prices moved under the click (before the push arrived): the cart prices again, so the new total
  // stands beside the message and the next click places the order at it. Refused because no price list is in force any
  // more (its end or the dealer's new terms came unheard): priced again, the cart says so once and stops offering the order,
  // where it kept the old prices and an enabled "Place order" that met the same refusal.
  useEffect(() => {
    if (submitFailure?.error && REPRICED_AFTER.has(parseMessage(submitFailure.error)[0])) setRepriceTick((n) => n + 1)
  }, [submitFailure])
  const refs = { reference: useRef<HTMLInputElement>(null), shipTo: useRef<HTMLTextAreaElement>(null), note: useRef<HTMLTextAreaElement>(null) }

  const lineError = (i: number) => {
    const fe = quoteError?.fieldErrors ?? submitFailure?.fieldErrors ?? {}
    const { productId } = cart.lines[i]
    const problem = problemOf.get(productId)
    // A draft that is no quantity is the line's one problem: what the server said was of the quantity before it.
    if (badDraft(productId)) {
      const read = readDraft(productId, qtyDraft[productId])
      return read.ok ? null : text(read.message)
    }
    const msgs = [...(problem ? [problem.message] : []), ...(fe[`lines[${i}].productId`] ?? []), ...(fe[`lines[${i}].quantity`] ?? [])]
    return msgs.length ? [...new Set(msgs)].map(text).join(' ') : null
  }

  // Removing a line takes the focus that was on its button: it goes to the next line's quantity (else the previous
  // one's, else the empty cart) and the removal is said, so a keyboard or screen-reader user keeps their place.
  // Counted, so a second removal worded as the first ("Removed a line") still changes the region and is said.
  const [announcement, setAnnouncement] = useState({ text: '', n: 0 })
  const focusAfterRemove = useRef<string | null>(null)
  const removeLine = (i: number, sku: string | undefined) => {
    const { productId } = cart.lines[i]
    const next = cart.lines[i + 1] ?? cart.lines[i - 1]
    focusAfterRemove.current = next ? `qty-${next.productId}` : 'cart-empty'
    setAnnouncement((a) => ({ text: sku ? t('cart.removed', { sku }) : t('cart.removedLine'), n: a.n + 1 }))
    setQtyDraft(({ [productId]: _gone, ...rest }) => rest)
    remove(productId)
  }
  useEffect(() => {
    if (!focusAfterRemove.current) return
    document.getElementById(focusAfterRemove.current)?.focus()
    focusAfterRemove.current = null
  }, [cart.lines])

  if (!hydrated) {
    return (
      <div data-testid="cart-page">
        <PageHeader title={t('cart.title')} />
        <p className="text-sm text-slate-500">{t('cart.loading')}</p>
      </div>
    )
  }

  return (
    <div data-testid="cart-page">
      <PageHeader
        title={t('cart.title')}
        actions={
          <Link to="/dealer/catalog" className="btn-secondary">
            {t('cart.continue')}
          </Link>
        }
      >
        {t('cart.intro')}
      </PageHeader>
      {/* The latest quote knows best (a list may have ended or started since the page loaded: a line it priced means one is in
          force); without one, or with nothing priced for another reason, the page's own read. */}
      <NoPriceListNotice
        state={quote?.noPriceList ? 'noPriceList' : quote?.lines.length ? 'ok' : pricing.state}
        salesContact={quote?.noPriceList ? quote.noPriceList.salesContact : pricing.salesContact}
      />
      <p role="status" className="sr-only" data-testid="cart-announce">
        {announcement.text}
        {announcement.n % 2 ? '\u00a0' : ''}
      </p>
      {cart.lines.length === 0 ? (
        <div id="cart-empty" tabIndex={-1} className="card p-8 text-center text-slate-500" data-testid="cart-empty">
          {t('cart.empty')}{' '}
          <Link to="/dealer/catalog" className="link">
            {t('cart.browse')}
          </Link>
        </div>
      ) : (
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
          <div className="space-y-4 lg:col-span-2">
            <div className="card flex flex-wrap items-center gap-3 p-3">
              <label htmlFor="cart-warehouse" className="text-sm font-medium">
                {t('cart.warehouse')}
              </label>
              <select id="cart-warehouse" value={warehouseId} onChange={(e) => setWarehouse(e.target.value)} className="input w-auto" data-testid="cart-warehouse">
                {warehouses.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.code} · {en ? w.nameEn : w.nameZh}
                  </option>
                ))}
              </select>
              <span className="text-xs text-slate-500">{t('cart.warehouseHint')}</span>
            </div>
            {quoteError ? <FormError errors={[quoteError.error]} /> : null}
            {/* relative: the scroller holds the header's visually hidden label (absolutely placed), which otherwise widened the page on a phone.
                On a phone each line is a card (as the catalog's products are): quantity, price, shortfall and remove all on screen. */}
            <div className="card relative overflow-x-auto">
              <table className={`min-w-full divide-y divide-slate-100 text-sm ${phoneCard.table}`} data-testid="cart-lines">
                <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 max-sm:hidden">
                  <tr>
                    <th scope="col" className="px-3 py-2">{t('lines.product')}</th>
                    <th scope="col" className="px-3 py-2">{t('lines.quantity')}</th>
                    <th scope="col" className="whitespace-nowrap px-3 py-2 text-right">{t('lines.unitPrice')}</th>
                    <th scope="col" className="px-3 py-2 text-right">{t('lines.net')}</th>
                  </tr>
                </thead>
                <tbody className={`divide-y divide-slate-100 ${phoneCard.body}`}>
                  {cart.lines.map((l, i) => {
                    const q = byProduct.get(l.productId)
                    const problem = problemOf.get(l.productId)
                    const named = q ?? (problem?.sku ? problem : null)
                    const err = lineError(i)
                    // A typed quantity that is no quantity: the amounts on screen would be of the one before it.
                    const bad = badDraft(l.productId)
                    const unit = q?.unit ?? knownUnits[l.productId]
                    return (
                      <tr
                        key={l.productId}
                        className={phoneCard.row}
                        data-testid="cart-line"
                        data-sku={named?.sku ?? ''}
                        data-product-id={l.productId}
                        data-orderable={problem ? 'no' : undefined}
                      >
                        {/* What is on hand stands under the product and the remove button under the quantity, not in
                            columns of their own: six columns in two thirds of a 1280-pixel screen left the product a word per line. */}
                        <td className={`min-w-[12rem] px-3 py-2 ${phoneCard.cell} max-sm:col-span-2 max-sm:mb-1`}>
                          {named ? (
                            <>
                              <div className="whitespace-nowrap font-mono text-xs" data-testid="cart-line-sku">{named.sku}</div>
                              <div data-testid="cart-line-name">{en ? named.nameEn : named.nameZh}</div>
                            </>
                          ) : problem ? null : (
                            <span className="text-slate-500">{t('cart.pricing')}</span>
                          )}
                          {q && !bad ? (
                            <div className="mt-0.5 text-xs" data-testid="cart-line-availability" data-backorder={q.willBackorder ? 'yes' : 'no'}>
                              <span className="sr-only">{withColon(t('cart.availability'), locale)}</span>
                              {q.willBackorder ? (
                                <span className="text-amber-700">
                                  {t(quote?.credit.overLimit ? 'cart.partlyAvailableHeld' : 'cart.partlyBackordered', { available: formatQuantity(q.available, locale), quantity: formatQuantity(q.quantity, locale) })}
                                </span>
                              ) : (
                                <span className="whitespace-nowrap text-emerald-700">{t('cart.inStock', { available: formatQuantity(q.available, locale) })}</span>
                              )}
                            </div>
                          ) : null}
                          {err ? (
                            <p id={`qty-${l.productId}-error`} className="text-xs text-rose-600" role="alert" data-testid="cart-line-error">
                              {err}
                            </p>
                          ) : null}
                        </td>
                        {/* The unit beside its field, not under it. */}
                        {/* Two rows tall in a phone's card: the unit price and the amount stand beside the quantity and its button. */}
                        <td className={`whitespace-nowrap px-3 py-2 ${phoneCard.cell} max-sm:row-span-2`}>
                          <div className={phoneCard.label} aria-hidden>
                            {t('lines.quantity')}
                          </div>
                          <label className="sr-only" htmlFor={`qty-${l.productId}`}>
                            {named ? t('cart.quantityFor', { sku: named.sku }) : t('lines.quantity')}
                          </label>
                          <input
                            id={`qty-${l.productId}`}
                            inputMode="decimal"
                            className="input inline-block w-24"
                            // Written as the app writes quantities ("1", not the stored "1.000"; "12,345"), which the reader takes back as meant.
                            value={qtyDraft[l.productId] ?? formatQuantity(l.quantity, locale)}
                            // The line's message stands in the product cell: tie it here so returning to the field says why (WCAG 3.3.1).
                            aria-invalid={bad || err ? true : undefined}
                            aria-describedby={err ? `qty-${l.productId}-error` : undefined}
                            onChange={(e) => {
                              const v = e.target.value
                              setQtyDraft((d) => ({ ...d, [l.productId]: v }))
                            }}
                            onBlur={(e) => commitQty(l.productId, e.target.value)}
                            onKeyDown={(e) => {
                              if (e.key === 'Enter') {
                                e.preventDefault()
                                commitQty(l.productId, (e.target as HTMLInputElement).value)
                              }
                            }}
                            data-testid="cart-qty"
                          />
                          {unit ? (
                            <span className="ml-1 text-xs text-slate-500" data-testid="cart-line-unit">
                              {unitName(unit, locale)}
                            </span>
                          ) : null}
                          {/* Under its quantity, not in a column of its own: the product's column needs the width. */}
                          <div className="mt-1 max-sm:mt-2">
                            <button type="button" className="btn-ghost -ml-2 whitespace-nowrap" onClick={() => removeLine(i, named?.sku ?? undefined)} aria-label={named ? t('cart.removeLine', { sku: named.sku }) : undefined} data-testid="cart-remove">
                              {t('cart.remove')}
                            </button>
                          </div>
                        </td>
                        <td className={`px-3 py-2 text-right tabular-nums ${phoneCard.cell} max-sm:text-left`}>
                          <div className={phoneCard.label}>{t('lines.unitPrice')}</div>
                          <span data-testid="cart-line-price">{q && quote && !bad ? formatUnitPrice(q.unitPrice, quote.currency, locale) : '—'}</span>
                        </td>
                        <td className={`px-3 py-2 text-right tabular-nums ${phoneCard.cell} max-sm:text-left`} data-testid="cart-line-net">
                          <div className={phoneCard.label}>{t('lines.net')}</div>
                          <span data-testid="cart-line-amount">{q && quote && !bad ? formatMoney(q.lineNet, quote.currency, locale) : '—'}</span>
                          {/* Short notes keep to one line: squeezed beside a long product name they read 另加 13% / 税 and 有货（可用 / 800） on a 1280-pixel screen. */}
                          {q && !bad ? <div className="whitespace-nowrap text-xs text-slate-500">{t('cart.taxAt', { rate: formatTaxRate(q.taxRate, locale) })}</div> : null}
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
          </div>

          <div className="space-y-4">
            <section
              className={`card p-4 ${quoteCurrent ? '' : 'opacity-60'}`}
              aria-labelledby="cart-totals"
              aria-busy={!quoteCurrent}
              data-testid="cart-summary"
              data-state={anyBadDraft ? 'invalid' : quote && quoteCurrent ? 'priced' : 'pending'}
            >
              <h2 id="cart-totals" className="mb-2 font-semibold">
                {t('detail.totals')}
              </h2>
              {/* With a quantity typed that is no quantity, the last answer's totals are of a cart other than the one on screen. */}
              {quote ? (
                <dl className="grid grid-cols-2 gap-y-1 text-sm">
                  <dt className="text-slate-600">{t('totals.subtotal')}</dt>
                  <dd className="text-right tabular-nums">{anyBadDraft ? '—' : formatMoney(quote.subtotal, quote.currency, locale)}</dd>
                  <dt className="text-slate-600">{t('totals.tax')}</dt>
                  <dd className="text-right tabular-nums">{anyBadDraft ? '—' : formatMoney(quote.taxTotal, quote.currency, locale)}</dd>
                  <dt className="font-semibold">{t('totals.total')}</dt>
                  <dd className="text-right font-semibold tabular-nums" data-testid="cart-total">
                    {anyBadDraft ? '—' : formatMoney(quote.total, quote.currency, locale)}
                  </dd>
                  {quote.problems.length > 0 ? (
                    <dd className="col-span-2 mt-1 text-xs text-rose-700" data-testid="cart-excluded">
                      {t('cart.excluded', { count: quote.problems.length })}
                    </dd>
                  ) : null}
                </dl>
              ) : (
                <p className="text-sm text-slate-500">{t('cart.pricing')}</p>
              )}
              {anyBadDraft ? (
                <p className="mt-1 text-xs text-rose-700" data-testid="cart-draft-invalid">
                  {t('cart.draftInvalid', { count: badDrafts })}
                </p>
              ) : null}
            </section>
            {quote ? (
              <section className="card p-4" aria-labelledby="cart-credit">
                <h2 id="cart-credit" className="mb-2 font-semibold">
                  {t('cart.credit')}
                </h2>
                {/* The dealer's standing still holds; what this order adds waits for a quantity that is one. */}
                {anyBadDraft ? null : quote.credit.overLimit ? (
                  <p className="mb-2 rounded-md border border-amber-200 bg-amber-50 p-2 text-sm text-amber-900" role="status" data-testid="credit-warning">
                    {t('cart.overCredit')}
                  </p>
                ) : (
                  <p className="mb-2 text-sm text-emerald-700" data-testid="credit-ok">
                    {t('cart.withinCredit')}
                  </p>
                )}
                <CreditSummary credit={anyBadDraft ? { ...quote.credit, thisOrder: null, available: null, overLimit: false } : quote.credit} currency={quote.currency} locale={locale} />
                {!anyBadDraft && quote.lines.some((l) => l.willBackorder) ? (
                  <p className="mt-3 text-xs text-amber-700" data-testid="backorder-note">
                    {/* Over credit the order waits for approval and holds nothing: no backorder or reorder is promised before it. */}
                    {t(quote.credit.overLimit ? 'cart.backorderNoteHeld' : 'cart.backorderNote')}
                  </p>
                ) : null}
              </section>
            ) : null}
            <Form
              method="post"
              className="card space-y-3 p-4"
              data-testid="checkout-form"
              onSubmit={(e) => {
                const typed = Object.entries(qtyDraft).filter(([id]) => cart.lines.some((l) => l.productId === id))
                if (anyBadDraft || typed.length || !quoteMatches) {
                  e.preventDefault()
                  for (const [id, v] of typed) commitQty(id, v)
                  if (!anyBadDraft) setRecheck(true)
                  return
                }
                setRecheck(false)
                const f = e.currentTarget
                const fp = JSON.stringify([warehouseId, cart.lines, refs.reference.current?.value ?? '', refs.shipTo.current?.value ?? '', refs.note.current?.value ?? ''])
                ;(f.elements.namedItem('idempotencyKey') as HTMLInputElement).value = checkoutKey(fp)
              }}
            >
              <input type="hidden" name="intent" value="submit" />
              <input type="hidden" name="idempotencyKey" defaultValue="" />
              <input type="hidden" name="warehouseId" value={warehouseId} />
              {/* The total on screen: the server places the order only at it (onSubmit lets no other quote through). */}
              <input type="hidden" name="expectedTotal" value={quote?.total ?? ''} />
              {cart.lines.map((l, i) => (
                <span key={l.productId} hidden>
                  <input type="hidden" name={`lines[${i}].productId`} value={l.productId} />
                  <input type="hidden" name={`lines[${i}].quantity`} value={l.quantity} />
                </span>
              ))}
              <FormError errors={submitFailure ? [submitFailure.error] : undefined} />
              <div>
                <label htmlFor="cart-reference" className="label">
                  {t('cart.reference')}
                </label>
                <input ref={refs.reference} id="cart-reference" name="dealerReference" maxLength={100} className="input" data-testid="cart-reference" />
              </div>
              <div>
                <label htmlFor="cart-ship-to" className="label">
                  {t('cart.shipTo')}
                </label>
                <textarea ref={refs.shipTo} id="cart-ship-to" name="shipTo" maxLength={500} rows={2} className="input" />
              </div>
              <div>
                <label htmlFor="cart-note" className="label">
                  {t('cart.note')}
                </label>
                <textarea ref={refs.note} id="cart-note" name="note" maxLength={1000} rows={2} className="input" />
              </div>
              {recheck ? (
                <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status" data-testid="cart-recheck">
                  {t('cart.recheck')}
                </p>
              ) : null}
              <SubmitButton className="btn-primary w-full" disabled={!!quoteError || anyBadDraft || (quoteCurrent && !!quote?.problems.length)} busy={submitting} data-testid="place-order">
                {submitting ? t('cart.placing') : quote?.credit.overLimit ? t('cart.placeForApproval') : t('cart.place')}
              </SubmitButton>
            </Form>
          </div>
        </div>
      )}
    </div>
  )
}
