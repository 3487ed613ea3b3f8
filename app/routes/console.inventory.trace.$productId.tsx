import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useLoaderData, useRevalidator } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { staffCan } from '~/auth/roles'
import { getBatchTrace, resolveBatch, type TraceBalance, type TraceMove, type TraceShipment } from '~/domain/inventory/batch-trace.queries.server'
import { TRACE_EXPORT_CAP, TRACE_PATH, batchParam, traceExportPath, tracePath } from '~/domain/inventory/batch-trace.validation'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { unitName } from '~/i18n/units'
import { useSocketEvent } from '~/realtime/client'
import { titleMeta } from '~/ui/catalog/meta'
import type { Column } from '~/ui/data-table'
import { TraceTable } from '~/ui/inventory/trace-table'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { StatTile } from '~/ui/stat-tile'
import { formatDateTime } from '~/utils/dates'

export const meta = titleMeta

/**
 * One batch or serial number of a product, both ways: what brought it in, where it is, which dealers
 * got it (for those who see orders), and what else moved it. `?batch=` names it; typed in another
 * case, the page moves to the ledger's spelling.
 */
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'inventory.view')
  const productId = args.params.productId ?? ''
  const batch = batchParam(new URL(args.request.url))
  if (!batch) throw new Response('Not found', { status: 404 })
  const spelled = await resolveBatch(actor, productId, batch)
  if (spelled && spelled !== batch) throw redirect(tracePath(productId, spelled))
  const trace = await getBatchTrace(actor, productId, batch)
  if (!trace) throw new Response('Not found', { status: 404 })
  const heading = trace.product.tracking === 'serial' ? 'traceability.heading.serial' : 'traceability.heading.batch'
  return {
    title: await pageTitle(actor, 'inventory', heading, { batch: trace.batch }),
    heading,
    trace,
    locale: actor.locale,
    timeZone: actor.timeZone,
    canSeeDealers: staffCan(actor, 'partners.view'),
    // Past the cap the export refuses with a 422 a download link cannot show: the page says so instead of offering it.
    recallCap: trace.shipped && trace.shipped.total > TRACE_EXPORT_CAP ? TRACE_EXPORT_CAP : null,
  }
}

export default function BatchTracePage() {
  const { trace, heading, locale, timeZone, canSeeDealers, recallCap } = useLoaderData<typeof loader>()
  const { t } = useTranslation('inventory')
  const { product, batch, totals } = trace
  const en = locale === 'en'
  const q = (s: string) => formatQuantity(s, locale)
  const withUnit = (s: string) => `${q(s)} ${unitName(product.unit, locale, s)}`
  const when = (iso: string) => formatDateTime(iso, locale, timeZone)
  const ledger = `/console/inventory/${product.id}?${new URLSearchParams({ batch })}`
  const revalidator = useRevalidator()
  // A move of this product anywhere (a shipment, a count): the figures follow.
  useSocketEvent('stock:changed', ({ productIds }) => {
    if (productIds.includes(product.id) && revalidator.state === 'idle') revalidator.revalidate()
  })

  const placeColumn = <R extends { warehouseCode: string; binCode: string | null }>(): Column<R> => ({
    key: 'place',
    label: t('col.warehouse'),
    cardLabel: true,
    render: (r) => (
      <span className="font-mono">
        {r.warehouseCode}
        {r.binCode ? ` / ${r.binCode}` : ''}
      </span>
    ),
  })
  const moveColumns: Column<TraceMove>[] = [
    { key: 'at', label: t('moves.when'), className: 'whitespace-nowrap text-slate-600', cardClassName: 'max-sm:col-span-2', render: (m) => when(m.at) },
    { key: 'kind', label: t('moves.kind'), cardLabel: true, render: (m) => <span data-testid="trace-move-kind">{t(`kinds.${m.kind}`)}</span> },
    {
      key: 'quantity',
      label: t('moves.quantity'),
      className: 'text-right tabular-nums',
      cardLabel: true,
      render: (m) => (
        <span className={m.quantity.startsWith('-') ? 'text-rose-700' : 'text-emerald-700'} data-testid="trace-move-quantity">
          {m.quantity.startsWith('-') ? '' : '+'}
          {q(m.quantity)}
        </span>
      ),
    },
    placeColumn<TraceMove>(),
    {
      key: 'reference',
      label: t('moves.reference'),
      cardLabel: true,
      cardClassName: 'max-sm:col-span-2',
      render: (m) => <MoveReference move={m} />,
    },
    { key: 'by', label: t('moves.by'), className: 'text-slate-600', cardLabel: true, render: (m) => m.actorName ?? t('moves.system') },
  ]
  const balanceColumns: Column<TraceBalance>[] = [
    placeColumn<TraceBalance>(),
    { key: 'onHand', label: t('col.onHand'), className: 'text-right tabular-nums', cardLabel: true, render: (b) => <span data-testid="trace-balance-on-hand">{q(b.onHand)}</span> },
    { key: 'reserved', label: t('col.reserved'), className: 'text-right tabular-nums', cardLabel: true, render: (b) => q(b.reserved) },
    { key: 'available', label: t('col.available'), className: 'text-right tabular-nums', cardLabel: true, render: (b) => q(b.available) },
  ]
  const shipmentColumns: Column<TraceShipment>[] = [
    { key: 'at', label: t('moves.when'), className: 'whitespace-nowrap text-slate-600', cardClassName: 'max-sm:col-span-2', render: (s) => when(s.shippedAt) },
    {
      key: 'dealer',
      label: t('traceability.col.dealer'),
      cardClassName: 'max-sm:col-span-2',
      render: (s) => {
        const name = en ? s.dealer.nameEn : s.dealer.nameZh
        return (
          <span data-testid="trace-shipment-dealer">
            {canSeeDealers ? (
              <Link to={`/console/dealers/${s.dealer.id}`} className="text-indigo-700 hover:underline">
                {name}
              </Link>
            ) : (
              name
            )}{' '}
            <span className="whitespace-nowrap font-mono text-xs text-slate-500">{s.dealer.code}</span>
          </span>
        )
      },
    },
    {
      key: 'order',
      label: t('traceability.col.order'),
      cardLabel: true,
      render: (s) => (
        <span className="whitespace-nowrap">
          <Link to={`/console/orders/${s.order.id}`} className="font-mono text-indigo-700 hover:underline" data-testid="trace-shipment-order">
            {s.order.number}
          </Link>
          <span className="block font-mono text-xs text-slate-500">{s.shipmentNumber}</span>
        </span>
      ),
    },
    { key: 'quantity', label: t('moves.quantity'), className: 'whitespace-nowrap text-right tabular-nums', cardLabel: true, render: (s) => <span data-testid="trace-shipment-quantity">{withUnit(s.quantity)}</span> },
    {
      key: 'carrier',
      label: t('traceability.col.carrier'),
      cardLabel: true,
      cardClassName: 'max-sm:col-span-2',
      render: (s) => (
        <span>
          {s.carrier} · <span className="break-all font-mono sm:whitespace-nowrap sm:break-normal">{s.trackingNumber}</span>
        </span>
      ),
    },
    {
      key: 'delivered',
      label: t('traceability.col.delivered'),
      className: 'whitespace-nowrap text-slate-600',
      cardLabel: true,
      render: (s) => (s.deliveredAt ? when(s.deliveredAt) : t('orders:shipments.status.shipped')),
    },
  ]
  const truncated = (shown: number, total: number) =>
    shown < total ? (
      <p className="border-t border-slate-100 px-4 py-2 text-xs text-slate-600" data-testid="trace-truncated">
        {t('traceability.truncated', { shown, total })}{' '}
        <Link to={ledger} className="link">
          {t('traceability.ledgerLink')}
        </Link>
      </p>
    ) : null
  return (
    <div data-testid="batch-trace-page" data-batch={batch}>
      <PageHeader
        title={t(heading, { batch })}
        actions={
          <>
            {/* A recall list of no dealer would be a header alone: offered once some of it went out. */}
            {trace.shipped && trace.shipped.total > 0 && recallCap === null ? (
              <>
                <a href={traceExportPath(product.id, batch, 'xlsx')} className="btn-secondary" download data-testid="trace-export-xlsx">
                  {t('traceability.export.xlsx')}
                </a>
                <a href={traceExportPath(product.id, batch, 'csv')} className="btn-ghost" download data-testid="trace-export-csv">
                  {t('traceability.export.csv')}
                </a>
              </>
            ) : null}
            <Link to={TRACE_PATH} className="btn-ghost">
              {t('traceability.backToSearch')}
            </Link>
          </>
        }
      >
        <Link to={`/console/inventory/${product.id}`} className="text-indigo-700 hover:underline" data-testid="trace-product">
          <span className="font-mono">{product.sku}</span> {en ? product.nameEn : product.nameZh}
        </Link>
        {' · '}
        {t(`catalog:tracking.${product.tracking}`)}
        {' · '}
        <Link to={ledger} className="link">
          {t('traceability.ledgerLink')}
        </Link>
      </PageHeader>

      <div className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
        <StatTile value={withUnit(totals.cameIn)} label={t('traceability.totals.cameIn')} valueTestId="trace-came-in" />
        {trace.shipped ? <StatTile value={withUnit(totals.shipped)} label={t('traceability.totals.shipped')} valueTestId="trace-shipped" /> : null}
        <StatTile value={withUnit(totals.onHand)} label={t('traceability.totals.onHand')} valueTestId="trace-on-hand" />
        <StatTile value={withUnit(totals.reserved)} label={t('traceability.totals.reserved')} valueTestId="trace-reserved" />
      </div>

      <TraceSection id="trace-origins" title={t('traceability.origins.title')} intro={t('traceability.origins.intro')}>
        <TraceTable columns={moveColumns} rows={trace.origins.rows} rowKey={(m) => m.id} labelledBy="trace-origins-title" testId="trace-origins" rowTestId="trace-origin" emptyText={t('traceability.origins.empty')} />
        {truncated(trace.origins.rows.length, trace.origins.total)}
      </TraceSection>

      <TraceSection id="trace-now" title={t('traceability.now.title')}>
        <TraceTable columns={balanceColumns} rows={trace.balances} rowKey={(b) => b.id} labelledBy="trace-now-title" testId="trace-balances" rowTestId="trace-balance" emptyText={t('traceability.now.empty')} />
      </TraceSection>

      <TraceSection
        id="trace-went"
        title={t('traceability.went.title')}
        intro={trace.shipped ? (trace.shipped.total ? t('traceability.went.summary', { shipments: trace.shipped.total, dealers: trace.shipped.dealers }) : undefined) : t('traceability.went.hidden')}
      >
        {trace.shipped ? (
          <>
            {recallCap !== null ? (
              <p className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900" data-testid="trace-export-too-many">
                {t('traceability.export.tooManyHere', { total: trace.shipped.total, max: recallCap })}{' '}
                <Link to={`${ledger}&${new URLSearchParams({ kind: 'shipment' })}`} className="link" data-testid="trace-export-ledger">
                  {t('traceability.export.shipmentsInLedger')}
                </Link>
              </p>
            ) : null}
            <TraceTable columns={shipmentColumns} rows={trace.shipped.rows} rowKey={(s) => s.shipmentId} labelledBy="trace-went-title" testId="trace-shipments" rowTestId="trace-shipment" emptyText={t('traceability.went.empty')} />
            {truncated(trace.shipped.rows.length, trace.shipped.total)}
          </>
        ) : null}
      </TraceSection>

      <TraceSection id="trace-others" title={t('traceability.others.title')} intro={t('traceability.others.intro')}>
        <TraceTable columns={moveColumns} rows={trace.others.rows} rowKey={(m) => m.id} labelledBy="trace-others-title" testId="trace-others" rowTestId="trace-other" emptyText={t('traceability.others.empty')} />
        {truncated(trace.others.rows.length, trace.others.total)}
      </TraceSection>
    </div>
  )
}

function TraceSection({ id, title, intro, children }: { id: string; title: string; intro?: string; children: React.ReactNode }) {
  return (
    <section className="card mb-6 overflow-hidden" data-testid={id}>
      <div className="border-b border-slate-100 px-4 py-3">
        <h2 id={`${id}-title`} className="text-base font-semibold">
          {title}
        </h2>
        {intro ? <p className="mt-0.5 text-sm text-slate-600">{intro}</p> : null}
      </div>
      {children}
    </section>
  )
}

/** What caused a move: an opening balance or a count in the reader's language, a typed reason, and a reference the ledger names (a PO once procure-to-pay writes them). */
function MoveReference({ move }: { move: TraceMove }) {
  const { t } = useTranslation('inventory')
  const ref = move.reference
  // The stored reason of an opening balance is English for everyone: the reader's language says it instead.
  if (ref?.kind === 'opening') return <span data-testid="trace-move-reference">{t('moves.openingBalance')}</span>
  return (
    <span data-testid="trace-move-reference">
      {ref?.kind === 'count' ? <span className="mr-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs">{t('traceability.ref.count')}</span> : null}
      {ref?.kind === 'other' ? (
        <span className="mr-1 font-mono text-xs text-slate-600">
          {ref.type}
          {ref.id ? ` ${ref.id}` : ''}
        </span>
      ) : null}
      {move.reason}
    </span>
  )
}
