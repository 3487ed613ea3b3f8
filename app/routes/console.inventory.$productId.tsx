import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useLoaderData, useRevalidator } from '@remix-run/react'
import { useKeptActionData } from '~/ui/kept-action-data'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { staffCan } from '~/auth/roles'
import { adjustStock } from '~/domain/inventory/adjust-stock.server'
import { countStock } from '~/domain/inventory/count-stock.server'
import { getProductStock, warehouseOptions, type BatchTrace, type MoveRow } from '~/domain/inventory/inventory.queries.server'
import { BATCH_MAX, tracePath } from '~/domain/inventory/batch-trace.validation'
import { pendingCountsOf } from '~/domain/inventory/stock-counts.queries.server'
import { stockPlaces } from '~/domain/inventory/stock-places.queries.server'
import { placeLookupEndpoint } from '~/domain/inventory/stock-places.validation'
import { REPLENISHMENT_PERMISSION, getProductReplenishment } from '~/domain/inventory/replenishment.queries.server'
import { AdjustStockSchema, CountStockSchema, ledgerOptions, TransferStockSchema } from '~/domain/inventory/inventory.validation'
import { formatQuantity, formatSignedQuantity, isOpeningBalance, stockMoveKinds } from '~/domain/inventory/stock.rules'
import { transferStock } from '~/domain/inventory/transfer-stock.server'
import { useRevalidateOn, useSocketEvent } from '~/realtime/client'
import { titleMeta } from '~/ui/catalog/meta'
import { DataTable, type Column } from '~/ui/data-table'
import { FilterSelect, ListForm } from '~/ui/list-form'
import { AdjustForm, CountForm, TransferForm } from '~/ui/inventory/stock-forms'
import { BalancesTable } from '~/ui/inventory/balances-table'
import { countDecisionAction, isCountDecision } from '~/ui/inventory/count-decision.server'
import { PendingCounts } from '~/ui/inventory/count-table'
import { ReplenishmentPanel } from '~/ui/inventory/replenishment-panel'
import { isReplenishmentIntent, replenishmentAction } from '~/ui/inventory/replenishment-action.server'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { redirectWithToast } from '~/ui/toast.server'
import { formatDateTime } from '~/utils/dates'
import { parseListParams } from '~/utils/list-params'
import { listSeparator } from '~/utils/intl'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { parseForm, readFormData } from '~/utils/form.server'
import { unitName } from '~/i18n/units'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'inventory.view')
  const url = new URL(args.request.url)
  const ledger = parseListParams(url, ledgerOptions)
  const found = await getProductStock(actor, args.params.productId ?? '', ledger)
  if (!found) throw new Response('Not found', { status: 404 })
  const canManage = staffCan(actor, 'inventory.manage')
  const en = actor.locale === 'en'
  const showEmptied = url.searchParams.get('emptied') === '1'
  const [pendingCounts, replenishment, balances] = await Promise.all([
    pendingCountsOf(actor, found.product.id),
    getProductReplenishment(actor, found.product.id),
    stockPlaces(actor, found.product, { emptied: showEmptied }),
  ])
  // The page ships the balances as lines (a place's serial numbers summed: the forms and the disclosure look them up a
  // page at a time), never a row per serial number, nor a serial-tracked product's serial numbers ever moved.
  const stock = found
  return {
    title: await pageTitle(actor, 'inventory', 'product.title', { sku: stock.product.sku }),
    stock,
    places: balances.places,
    emptied: balances.emptied,
    placesTruncated: balances.truncated,
    showEmptied,
    ledgerWarehouses: balances.ledgerWarehouses.map((w) => ({ code: w.code, name: en ? w.nameEn : w.nameZh })),
    ledger,
    locale: actor.locale,
    timeZone: actor.timeZone,
    canManage,
    canSeeProduct: staffCan(actor, 'catalog.view'),
    pendingCounts,
    replenishment: replenishment!,
    canReplenish: staffCan(actor, REPLENISHMENT_PERMISSION),
    canSeeRequisitions: staffCan(actor, 'requisitions.view'),
    viewer: { locale: actor.locale, timeZone: actor.timeZone, viewerId: actor.userId, canDecide: staffCan(actor, 'inventory.approveCounts') },
    warehouses: canManage ? (await warehouseOptions(actor)).map((w) => ({ id: w.id, code: w.code, name: en ? w.nameEn : w.nameZh, bins: w.bins })) : [],
  }
}

/**
 * One page, three forms (adjust, transfer, count), each answering under its own key, and the decisions on the product's
 * held counts, which take their own permission (an approver need not manage stock).
 */
export async function action(args: ActionFunctionArgs) {
  const intent = (await readFormData(args.request.clone()))?.get('intent')
  const productId = args.params.productId ?? ''
  const here = `/console/inventory/${productId}`
  if (isCountDecision(intent)) return countDecisionAction(args, await requireStaff(args, 'inventory.approveCounts'), intent, here)
  // Reorder settings are the buyers' (they buy what the requisitions ask for), not the warehouse's.
  if (isReplenishmentIntent(intent)) return replenishmentAction(args, await requireStaff(args, REPLENISHMENT_PERMISSION), intent, productId, here)
  const actor = await requireStaff(args, 'inventory.manage')
  const meta = { ip: args.context.ip }
  const stock = await getProductStock(actor, productId)
  if (!stock) throw new Response('Not found', { status: 404 })
  const sku = stock.product.sku

  if (intent === 'transfer') {
    const parsed = await parseForm(args.request, TransferStockSchema)
    if (!parsed.ok) return data({ form: 'transfer' as const, ...parsed.response.data }, { status: 400 })
    const { intent: _i, ...input } = parsed.value
    try {
      await transferStock(actor, { ...input, productId }, meta)
      return redirectWithToast(here, { key: 'inventory:toast.transferred', params: { sku } })
    } catch (err) {
      const reply = replyWithDomainError(err, parsed.submission)
      return data({ form: 'transfer' as const, ...reply.data }, reply.init ?? undefined)
    }
  }
  if (intent === 'count') {
    const parsed = await parseForm(args.request, CountStockSchema)
    if (!parsed.ok) return data({ form: 'count' as const, ...parsed.response.data }, { status: 400 })
    const { intent: _i, ...input } = parsed.value
    try {
      const res = await countStock(actor, { ...input, productId }, meta)
      if (res.status === 'pending') {
        const difference = formatSignedQuantity(res.difference!, actor.locale)
        if (res.hold === 'newBatch') return redirectWithToast(here, { key: stock.product.tracking === 'serial' ? 'inventory:toast.countHeldNewSerial' : 'inventory:toast.countHeldNewBatch', params: { sku, batch: res.batch!, difference }, tone: 'info' })
        return redirectWithToast(here, { key: 'inventory:toast.countHeld', params: { sku, difference }, tone: 'info' })
      }
      return redirectWithToast(here, { key: res.difference ? 'inventory:toast.counted' : 'inventory:toast.countUnchanged', params: { sku } })
    } catch (err) {
      const reply = replyWithDomainError(err, parsed.submission)
      return data({ form: 'count' as const, ...reply.data }, reply.init ?? undefined)
    }
  }
  const parsed = await parseForm(args.request, AdjustStockSchema)
  if (!parsed.ok) return data({ form: 'adjust' as const, ...parsed.response.data }, { status: 400 })
  const { intent: _i, ...input } = parsed.value
  try {
    await adjustStock(actor, { ...input, productId }, meta)
    return redirectWithToast(here, { key: 'inventory:toast.adjusted', params: { sku } })
  } catch (err) {
    const reply = replyWithDomainError(err, parsed.submission)
    return data({ form: 'adjust' as const, ...reply.data }, reply.init ?? undefined)
  }
}

export default function ProductStockPage() {
  const { stock, places, emptied, showEmptied, placesTruncated, ledgerWarehouses, ledger, locale, timeZone, canManage, canSeeProduct, warehouses, pendingCounts, viewer, replenishment, canReplenish, canSeeRequisitions } = useLoaderData<typeof loader>()
  const actionData = useKeptActionData<typeof action>()
  const { t } = useTranslation('inventory')
  const { product, moves, movesTotal } = stock
  const serialTracked = product.tracking === 'serial'
  // A serial-tracked product's forms look its serial numbers up at the place chosen; a batch-tracked one's batches are the lines.
  const formStock = { batches: stock.batches, tracking: product.tracking, stock: places, lookup: serialTracked ? placeLookupEndpoint(product.id) : undefined, locale }
  const qty = (s: string) => formatQuantity(s, locale)
  const revalidator = useRevalidator()
  useSocketEvent('stock:changed', ({ productIds }) => {
    if (productIds.includes(product.id) && revalidator.state === 'idle') revalidator.revalidate()
  })
  // A count of this product held, approved or rejected (here or elsewhere).
  useRevalidateOn('stock:countChanged', ({ productId }) => productId === product.id, 300)
  // A count decision answers its own dialog (through a fetcher), never these forms.
  const resultFor = (form: 'adjust' | 'transfer' | 'count' | 'replenishment' | 'recompute') => (actionData && 'form' in actionData && actionData.form === form ? actionData.submission : undefined)
  const moveColumns: Column<MoveRow>[] = [
    { key: 'at', label: t('moves.when'), sortable: true, className: 'whitespace-nowrap text-slate-600', cardClassName: 'max-sm:col-span-2', render: (m) => formatDateTime(m.createdAt, locale, timeZone) },
    { key: 'kind', label: t('moves.kind'), cardLabel: true, render: (m) => <span data-testid="move-kind">{t(`kinds.${m.kind}`)}</span> },
    { key: 'warehouse', label: t('col.warehouse'), className: 'font-mono', cardLabel: true, render: (m) => m.warehouseCode },
    { key: 'bin', label: t('col.bin'), className: 'font-mono', cardLabel: true, render: (m) => m.binCode ?? '—' },
    {
      key: 'batch',
      label: t('col.batch'),
      className: 'font-mono',
      cardLabel: true,
      render: (m) =>
        m.batch ? (
          <Link to={`?batch=${encodeURIComponent(m.batch)}`} className="text-indigo-700 hover:underline" data-testid="move-batch">
            {m.batch}
          </Link>
        ) : (
          '—'
        ),
    },
    {
      key: 'quantity',
      label: t('moves.quantity'),
      className: 'text-right tabular-nums',
      cardLabel: true,
      render: (m) => (
        <span className={m.quantity.startsWith('-') ? 'text-rose-700' : 'text-emerald-700'} data-testid="move-quantity">
          {m.quantity.startsWith('-') ? '' : '+'}
          {qty(m.quantity)}
        </span>
      ),
    },
    { key: 'reason', label: t('moves.reason'), cardLabel: true, cardClassName: 'max-sm:col-span-2', render: (m) => <span data-testid="move-reason">{isOpeningBalance(m) ? t('moves.openingBalance') : m.reason}</span> },
    {
      key: 'reference',
      label: t('moves.reference'),
      cardLabel: true,
      cardClassName: 'max-sm:col-span-2',
      render: (m) =>
        m.order ? (
          <span data-testid="move-order">
            <Link to={`/console/orders/${m.order.id}`} className="font-mono text-indigo-700 hover:underline">
              {m.order.number}
            </Link>{' '}
            <span className="text-slate-600">{m.order.dealerName}</span>
          </span>
        ) : (
          '—'
        ),
    },
    { key: 'by', label: t('moves.by'), className: 'text-slate-600', cardLabel: true, render: (m) => m.actorName ?? t('moves.system') },
  ]
  return (
    <div data-testid="product-stock-page">
      <PageHeader
        title={t('product.title', { sku: product.sku })}
        actions={
          <>
            <Link to="/console/inventory" className="btn-ghost">
              {t('product.backToList')}
            </Link>
            {canSeeProduct ? (
              <Link to={`/console/products/${product.id}`} className="btn-secondary">
                {t('product.productPage')}
              </Link>
            ) : null}
          </>
        }
      >
        {locale === 'en' ? product.nameEn : product.nameZh} · {unitName(product.unit, locale)}
      </PageHeader>

      {/* The scroller inside is the region named by the heading and a tab stop, so a keyboard scrolls to Available on a phone. */}
      <section className="card mb-6 overflow-hidden" data-testid="balances">
        <h2 id="balances-title" className="border-b border-slate-100 px-4 py-3 text-base font-semibold">
          {t('product.balances')}
        </h2>
        <BalancesTable product={product} places={places} emptied={emptied} showEmptied={showEmptied} truncated={placesTruncated} serialTracked={serialTracked} locale={locale} />
      </section>

      <PendingCounts rows={pendingCounts} viewer={viewer} />

      <ReplenishmentPanel productId={product.id} data={replenishment} unit={product.unit} locale={locale} canManage={canReplenish} canSeeRequisitions={canSeeRequisitions} lastResult={resultFor('replenishment')} recomputeResult={resultFor('recompute')} />

      {canManage ? (
        <div className="mb-6 grid gap-4 lg:grid-cols-3">
          <AdjustForm warehouses={warehouses} {...formStock} lastResult={resultFor('adjust')} />
          <TransferForm warehouses={warehouses} {...formStock} lastResult={resultFor('transfer')} />
          <CountForm warehouses={warehouses} {...formStock} lastResult={resultFor('count')} />
        </div>
      ) : null}

      {stock.batchTrace ? <BatchTracePanel trace={stock.batchTrace} productId={product.id} unit={product.unit} locale={locale} /> : null}

      {/* Not a region: the table's scroller is one, with the same name (axe landmark-unique). */}
      <section id="moves" data-testid="moves">
        <h2 id="moves-title" className="mb-2 text-base font-semibold">
          {t('product.moves')}
        </h2>
        <DataTable
          testId="moves-table"
          label={t('product.moves')}
          rowTestId="move-row"
          // Below sm a movement reads as a card, as on the batch's trace: squeezed into the phone's width the Chinese kind
          // and reason broke a character per line (入 / 库).
          phoneCards
          columns={moveColumns}
          rows={moves}
          total={movesTotal}
          params={ledger}
          rowKey={(m) => m.id}
          searchLabel={t('ledger.search')}
          emptyText={t('product.noMoves')}
          totalLabel={t('product.movesCount', { count: movesTotal })}
          toolbar={<LedgerFilters warehouses={ledgerWarehouses} batches={stock.batches} serialTracked={serialTracked} filters={ledger.filters} />}
        />
      </section>
    </div>
  )
}

/**
 * The ledger's filters. A serial-tracked product's serial number is typed (exactly, as the ledger keeps it: a serial's
 * link in the ledger sets it), not chosen from a list of every serial number it ever had.
 */
function LedgerFilters({ warehouses, batches, serialTracked, filters }: { warehouses: Array<{ code: string; name: string }>; batches: string[]; serialTracked: boolean; filters: Record<string, string> }) {
  const { t } = useTranslation('inventory')
  // Code and name, as the stock list's filter reads; a warehouse in the address the product never had a balance in keeps its code.
  const options = warehouses.map((w) => ({ value: w.code, label: `${w.code} · ${w.name}` }))
  if (filters.warehouse && !warehouses.some((w) => w.code === filters.warehouse)) options.push({ value: filters.warehouse, label: filters.warehouse })
  return (
    <ListForm owns={['warehouse', 'kind', 'batch']} className="flex flex-wrap items-center gap-2" data-testid="ledger-filters">
      <FilterSelect name="warehouse" label={t('filter.warehouse')} value={filters.warehouse} all={t('filter.allWarehouses')} options={options} />
      <FilterSelect name="kind" label={t('ledger.kind')} value={filters.kind} all={t('ledger.allKinds')} options={stockMoveKinds.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
      {serialTracked ? (
        <>
          <label htmlFor="filter-batch" className="sr-only">
            {t('ledger.serial')}
          </label>
          <input id="filter-batch" name="batch" type="search" defaultValue={filters.batch ?? ''} placeholder={t('ledger.anySerial')} maxLength={BATCH_MAX} className="input w-auto font-mono" autoComplete="off" spellCheck={false} data-testid="filter-batch" />
        </>
      ) : batches.length || filters.batch ? (
        <FilterSelect name="batch" label={t('ledger.batch')} value={filters.batch} all={t('ledger.allBatches')} options={[...new Set([...batches, ...(filters.batch ? [filters.batch] : [])])].map((b) => ({ value: b, label: b }))} />
      ) : null}
      <button type="submit" className="btn-secondary">
        {t('filter.apply')}
      </button>
    </ListForm>
  )
}

/** Traceability of one batch: how much came in, how much is still here, and which dealers got the rest on which orders. */
function BatchTracePanel({ trace, productId, unit, locale }: { trace: BatchTrace; productId: string; unit: string; locale: string }) {
  const { t } = useTranslation('inventory')
  const qty = (s: string) => `${formatQuantity(s, locale)} ${unitName(unit, locale, s)}`
  return (
    <section className="card mb-6 p-4" aria-labelledby="trace-title" data-testid="batch-trace">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="trace-title" className="text-base font-semibold">
          {t('trace.title', { batch: trace.batch })}
        </h2>
        {/* The panel sums it up; the trace page has every receipt, place, shipment and move, and the recall list. */}
        <Link to={tracePath(productId, trace.batch)} className="btn-secondary" data-testid="batch-trace-open">
          {t('traceability.openTrace')}
        </Link>
      </div>
      <p className="mt-1 text-sm text-slate-600">
        {t('trace.summary', { received: qty(trace.received), onHand: qty(trace.onHand) })}
      </p>
      {trace.dealers === null ? null : trace.dealers.length ? (
        <table className="mt-3 w-full text-sm">
          <thead className="text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1 pr-4">{t('trace.dealer')}</th>
              <th className="py-1 pr-4 text-right">{t('trace.shipped')}</th>
              <th className="py-1">{t('trace.orders')}</th>
            </tr>
          </thead>
          <tbody>
            {trace.dealers.map((d) => (
              <tr key={d.dealerOrgId} className="border-t border-slate-100" data-testid="trace-dealer">
                <td className="py-1.5 pr-4">{d.dealerName}</td>
                <td className="py-1.5 pr-4 text-right tabular-nums" data-testid="trace-quantity">
                  {qty(d.quantity)}
                </td>
                <td className="py-1.5">
                  {d.orders.map((o, i) => (
                    <span key={o.id}>
                      {i ? listSeparator(locale) : ''}
                      <Link to={`/console/orders/${o.id}`} className="font-mono text-indigo-700 hover:underline">
                        {o.number}
                      </Link>
                    </span>
                  ))}
                  {d.orderCount > d.orders.length ? (
                    <span className="text-slate-500" data-testid="trace-more-orders">
                      {' '}
                      {t('trace.moreOrders', { count: d.orderCount - d.orders.length })}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="mt-2 text-sm text-slate-500">{t('trace.noShipments')}</p>
      )}
      {trace.dealers && trace.dealerCount > trace.dealers.length ? (
        <p className="mt-2 text-sm text-slate-500" data-testid="trace-more-dealers">
          {t('trace.moreDealers', { count: trace.dealerCount - trace.dealers.length })}{' '}
          <Link to={tracePath(productId, trace.batch)} className="text-indigo-700 hover:underline">
            {t('traceability.openTrace')}
          </Link>
        </p>
      ) : null}
    </section>
  )
}
