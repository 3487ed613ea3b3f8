import { Link, useLocation } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { BATCH_MAX, tracePath, traceSearchPath } from '~/domain/inventory/batch-trace.validation'
import { PLACE_LOOKUP_LIMIT, placeLookupEndpoint, type StockPlace } from '~/domain/inventory/stock-places.validation'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { TableRow, type Column } from '~/ui/data-table'
import { phoneCard } from '~/ui/phone-cards'
import { TableScroller } from '~/ui/table-scroller'
import { usePlaceLookup } from './place-lookup'

type Product = { id: string; sku: string }

const placeName = (p: StockPlace) => (p.binCode ? `${p.warehouseCode} · ${p.binCode}` : p.warehouseCode)
const panelIdOf = (p: StockPlace) => `serials-${p.warehouseId}-${p.binId ?? 'none'}`
const placeKey = (p: StockPlace) => `${p.warehouseId}:${p.binId ?? ''}:${p.serials === null ? `b:${p.batch ?? ''}` : 's'}`

/**
 * The product's balances: a line per batch (emptied ones on request), per place for stock without a batch, and per place
 * for a serial-tracked product's serial numbers, which open below their line a page at a time. On a phone each line is a
 * card (app/ui/phone-cards.ts), as the page's other lists are.
 */
export function BalancesTable({
  product,
  places,
  emptied,
  showEmptied,
  truncated,
  serialTracked,
  locale,
}: {
  product: Product
  places: StockPlace[]
  emptied: number
  showEmptied: boolean
  /** More lines than listed: the trace search finds the rest. */
  truncated: boolean
  serialTracked: boolean
  locale: string
}) {
  const { t } = useTranslation('inventory')
  const { search } = useLocation()
  const [open, setOpen] = useState<string | null>(null)
  const qty = (s: string) => formatQuantity(s, locale)
  const emptiedHref = () => {
    const sp = new URLSearchParams(search)
    if (showEmptied) sp.delete('emptied')
    else sp.set('emptied', '1')
    return `?${sp}`
  }
  const columns: Column<StockPlace>[] = [
    { key: 'warehouse', label: t('col.warehouse'), className: 'font-mono', cardLabel: true, render: (b) => b.warehouseCode },
    { key: 'bin', label: t('col.bin'), className: 'font-mono', cardLabel: true, render: (b) => b.binCode ?? '—' },
    {
      key: 'batch',
      label: t('col.batch'),
      className: 'font-mono',
      cardClassName: 'max-sm:col-span-2',
      cardLabel: true,
      render: (b) => {
        if (b.serials !== null) {
          const key = placeKey(b)
          const expanded = open === key
          return <SerialsToggle product={product} place={b} expanded={expanded} panelId={panelIdOf(b)} onToggle={() => setOpen(expanded ? null : key)} />
        }
        return b.batch ? (
          <Link to={tracePath(product.id, b.batch)} className="break-all text-indigo-700 hover:underline" aria-label={t('traceability.traceOf', { batch: b.batch })} data-testid="balance-batch">
            {b.batch}
          </Link>
        ) : (
          '—'
        )
      },
    },
    { key: 'onHand', label: t('col.onHand'), className: 'text-right tabular-nums', cardLabel: true, render: (b) => <span data-testid="balance-on-hand">{qty(b.onHand)}</span> },
    { key: 'reserved', label: t('col.reserved'), className: 'text-right tabular-nums', cardLabel: true, render: (b) => <span data-testid="balance-reserved">{qty(b.reserved)}</span> },
    { key: 'available', label: t('col.available'), className: 'text-right tabular-nums', cardLabel: true, render: (b) => <span data-testid="balance-available">{qty(b.available)}</span> },
  ]
  return (
    <>
      {places.length ? (
        <TableScroller labelledBy="balances-title">
          <table className={`w-full text-sm ${phoneCard.table}`}>
            <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500 max-sm:hidden">
              <tr>
                <th className="px-4 py-2">{t('col.warehouse')}</th>
                <th className="px-4 py-2">{t('col.bin')}</th>
                <th className="px-4 py-2">{t('col.batch')}</th>
                <th className="px-4 py-2 text-right">{t('col.onHand')}</th>
                <th className="px-4 py-2 text-right">{t('col.reserved')}</th>
                <th className="px-4 py-2 text-right">{t('col.available')}</th>
              </tr>
            </thead>
            <tbody className={phoneCard.body}>
              {places.map((b) => {
                const key = placeKey(b)
                return (
                  <TableRow
                    key={key}
                    columns={columns}
                    row={b}
                    phoneCards
                    className="border-t border-slate-100"
                    cellClassName="px-4 py-2"
                    expanded={open === key ? <PlaceSerials id={panelIdOf(b)} product={product} place={b} /> : null}
                    data-testid="balance-row"
                    data-warehouse={b.warehouseCode}
                    data-bin={b.binCode ?? ''}
                    {...(b.serials === null ? { 'data-batch': b.batch ?? '' } : { 'data-serials': b.serials })}
                  />
                )
              })}
            </tbody>
          </table>
        </TableScroller>
      ) : (
        <p className="px-4 py-3 text-sm text-slate-500">{t('product.noBalances')}</p>
      )}
      {truncated ? (
        <p className="border-t border-slate-100 px-4 py-2 text-sm text-slate-600" data-testid="balances-truncated">
          {t('product.placesTruncated', { count: places.length })}{' '}
          <Link to={traceSearchPath(product.sku)} className="link">
            {t('product.findBatchInTrace')}
          </Link>
        </p>
      ) : null}
      {emptied || showEmptied ? (
        <p className="border-t border-slate-100 px-4 py-2 text-sm">
          <Link to={emptiedHref()} className="link" preventScrollReset replace data-testid="balances-emptied">
            {showEmptied ? t('product.hideEmptied') : t('product.showEmptied', { count: emptied })}
          </Link>
        </p>
      ) : null}
      {serialTracked ? (
        <p className="border-t border-slate-100 px-4 py-2 text-sm text-slate-600">
          {t('product.serialsLeft')}{' '}
          <Link to={traceSearchPath(product.sku)} className="link" data-testid="balances-trace-search">
            {t('product.searchTrace')}
          </Link>
        </p>
      ) : null}
    </>
  )
}

/**
 * The disclosure of a place's serial numbers. Without JavaScript it is a link to the trace search of the product's serial
 * numbers (which lists them with where each is); once the page runs, a button opening the list below the line.
 */
function SerialsToggle({ product, place, expanded, panelId, onToggle }: { product: Product; place: StockPlace; expanded: boolean; panelId: string; onToggle: () => void }) {
  const { t } = useTranslation('inventory')
  const [enhanced, setEnhanced] = useState(false)
  useEffect(() => setEnhanced(true), [])
  const count = place.serials ?? 0
  const label = t('product.serialsAtPlace', { count, place: placeName(place) })
  const text = t('product.serialCount', { count })
  if (!enhanced)
    return (
      // The trace search lists the product's serial numbers at every place: the link says so rather than naming this one.
      <Link to={traceSearchPath(product.sku)} className="text-indigo-700 hover:underline" data-testid="balance-serials-toggle">
        {text}
        <span className="sr-only"> {t('product.serialsFindAll', { sku: product.sku })}</span>
      </Link>
    )
  return (
    <button
      type="button"
      className="-my-1 inline-flex min-h-6 items-center gap-1 text-left font-sans text-indigo-700 hover:underline"
      aria-expanded={expanded}
      aria-controls={expanded ? panelId : undefined}
      aria-label={label}
      onClick={onToggle}
      data-testid="balance-serials-toggle"
    >
      <span aria-hidden>{expanded ? '▾' : '▸'}</span>
      {text}
    </button>
  )
}

/** A place's serial numbers a page at a time, narrowed by their first characters, each leading to its trace. */
function PlaceSerials({ id, product, place }: { id: string; product: Product; place: StockPlace }) {
  const { t } = useTranslation('inventory')
  const [q, setQ] = useState('')
  const [offset, setOffset] = useState(0)
  const prefix = q.trim()
  const { latest: reply, pending, failed } = usePlaceLookup(placeLookupEndpoint(product.id), { warehouse: place.warehouseId, bin: place.binId ?? '', q: prefix, stock: 'onHand', offset, limit: PLACE_LOOKUP_LIMIT })
  const panel = useRef<HTMLDivElement>(null)
  const statusRef = useRef<HTMLParagraphElement>(null)
  const paged = useRef(false)
  const page = (to: number) => {
    paged.current = true
    setOffset(to)
  }
  // The last page has no Next, the first no Previous: the button pressed leaves with its page, and the focus would fall
  // to the document's start for a keyboard or screen reader user. It goes to the other button, or to the status naming the page.
  useEffect(() => {
    if (!paged.current || !reply || reply.offset !== offset) return
    paged.current = false
    const el = panel.current
    if (!el || el.contains(document.activeElement)) return
    ;(el.querySelector<HTMLElement>('[data-paging]') ?? statusRef.current)?.focus()
  }, [reply, offset])
  const name = placeName(place)
  const status = failed
    ? t('serialsAt.failed')
    : !reply
      ? t('serialsAt.loading')
      : reply.total === 0
        ? reply.q
          ? t('serialsAt.noneMatching', { q: reply.q })
          : t('serialsAt.noneHere')
        : reply.rows.length
          ? t('serialsAt.range', { from: reply.offset + 1, to: reply.offset + reply.rows.length, total: reply.total })
          : t('serialsAt.pastEnd', { total: reply.total })
  return (
    <div id={id} ref={panel} role="group" aria-label={t('serialsAt.title', { place: name })} className="space-y-2" data-testid="balance-serials">
      <div className="flex flex-wrap items-end gap-x-4 gap-y-2">
        <div className="w-full max-w-xs">
          <label htmlFor={`${id}-q`} className="label">
            {t('serialsAt.find')}
          </label>
          <input
            id={`${id}-q`}
            type="search"
            value={q}
            onChange={(e) => {
              setQ(e.currentTarget.value)
              setOffset(0)
            }}
            maxLength={BATCH_MAX}
            className="input font-mono"
            autoComplete="off"
            spellCheck={false}
            data-testid="balance-serials-q"
          />
        </div>
        <p ref={statusRef} tabIndex={-1} className={`pb-2 text-sm ${failed ? 'text-rose-700' : 'text-slate-600'}`} aria-live="polite" aria-busy={pending || undefined} data-testid="balance-serials-status">
          {status}
        </p>
      </div>
      {reply?.rows.length ? (
        <ul className={`grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-3 lg:grid-cols-5 ${pending ? 'opacity-60' : ''}`}>
          {reply.rows.map((r) => {
            const reserved = Number(r.reserved) > 0
            return (
              <li key={r.batch} className="font-mono text-sm" data-testid="balance-serial" data-serial={r.batch} data-reserved={reserved ? 'true' : 'false'}>
                <Link to={tracePath(product.id, r.batch)} className="break-all text-indigo-700 hover:underline" aria-label={t('traceability.traceOf', { batch: r.batch })}>
                  {r.batch}
                </Link>
                {reserved ? <span className="ml-1.5 font-sans text-xs text-amber-800">{t('serialsAt.reserved')}</span> : null}
              </li>
            )
          })}
        </ul>
      ) : null}
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        {reply && reply.offset > 0 ? (
          <button type="button" className="btn-ghost" onClick={() => page(Math.max(0, reply.offset - PLACE_LOOKUP_LIMIT))} data-paging data-testid="balance-serials-previous">
            {t('serialsAt.previous', { size: PLACE_LOOKUP_LIMIT })}
          </button>
        ) : null}
        {reply && reply.offset + reply.rows.length < reply.total ? (
          <button type="button" className="btn-ghost" onClick={() => page(reply.offset + PLACE_LOOKUP_LIMIT)} data-paging data-testid="balance-serials-next">
            {t('serialsAt.next', { size: PLACE_LOOKUP_LIMIT })}
          </button>
        ) : null}
        <Link to={`?${new URLSearchParams({ warehouse: place.warehouseCode })}#moves`} className="link" data-testid="balance-serials-ledger">
          {t('serialsAt.ledger', { warehouse: place.warehouseCode })}
        </Link>
        <Link to={traceSearchPath(product.sku, prefix)} className="link" data-testid="balance-serials-trace">
          {t('serialsAt.traceSearch')}
        </Link>
      </div>
    </div>
  )
}
