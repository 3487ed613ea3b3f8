// Cycle counts as the counts list and a product's stock page show them, with a second person's approve and reject.
import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { StockCountRow } from '~/domain/inventory/stock-counts.queries.server'
import { countHold, formatQuantity } from '~/domain/inventory/stock.rules'
import { unitName } from '~/i18n/units'
import { ActionDialog, ReasonField } from '~/ui/auction/action-dialog'
import { TableRow, type Column } from '~/ui/data-table'
import { TableScroller } from '~/ui/table-scroller'
import { formatDateTime } from '~/utils/dates'

type Row = StockCountRow

export interface CountViewer {
  locale: string
  timeZone: string
  viewerId: string
  /** Holds inventory.approveCounts: sees the decision buttons on others' pending counts. */
  canDecide: boolean
}

const placeParts = (r: Row) => [r.warehouseCode, r.binCode, r.batch].filter((p): p is string => !!p)
const placeOf = (r: Row) => placeParts(r).join(' · ')
/**
 * A held count of a batch (or serial number) the place had never held says so: its difference alone read as an ordinary
 * variance. Not on a count posted at once (those predate the rule that holds them all).
 */
function useNewBatchNote() {
  const { t } = useTranslation('inventory')
  return (r: Row) =>
    r.status !== 'posted' && r.batch && countHold({ difference: r.difference, book: r.bookQuantity, batch: r.batch, bookMoves: r.bookMoves }) === 'newBatch'
      ? t(r.tracking === 'serial' ? 'counts.newSerial' : 'counts.newBatch', { batch: r.batch })
      : null
}

const signed = (q: string, locale: string) => `${q.startsWith('-') ? '' : '+'}${formatQuantity(q, locale)}`

/** `list`: the counts list's columns (the product, and the sort by time); without it, a product page's. */
export function useCountColumns(viewer: CountViewer, opts: { list: boolean }): Column<Row>[] {
  const { t } = useTranslation('inventory')
  const { locale, timeZone } = viewer
  const qty = (r: Row, q: string) => `${formatQuantity(q, locale)} ${unitName(r.unit, locale, q)}`
  const newBatchNote = useNewBatchNote()
  return [
    ...(opts.list
      ? [
          {
            key: 'product',
            label: t('counts.col.product'),
            cardClassName: 'max-sm:col-span-2 max-sm:order-first max-sm:mb-1',
            render: (r: Row) => (
              <>
                <Link to={`/console/inventory/${r.productId}`} className="whitespace-nowrap font-mono text-indigo-700 hover:underline" data-testid="count-sku">
                  {r.sku}
                </Link>
                <div className="text-xs text-slate-600">{locale === 'en' ? r.nameEn : r.nameZh}</div>
              </>
            ),
          },
        ]
      : []),
    {
      key: 'place',
      label: t('counts.col.place'),
      className: 'font-mono text-xs',
      cardLabel: true,
      // Each part whole ("SZ-SOUTH" broke at its hyphen in a narrow column); a long place still wraps between them.
      render: (r) => {
        const note = newBatchNote(r)
        return (
          <>
            <span data-testid="count-place">
              {placeParts(r).map((p, i) => (
                <span key={i}>
                  {i ? ' · ' : ''}
                  <span className="whitespace-nowrap">{p}</span>
                </span>
              ))}
            </span>
            {note ? (
              <p className="mt-1 font-sans text-xs text-amber-900" data-testid="count-new-batch">
                {note}
              </p>
            ) : null}
          </>
        )
      },
    },
    { key: 'countedAt', label: t('counts.col.countedBy'), sortable: opts.list, className: 'whitespace-nowrap', cardLabel: true, render: (r) => (
        <>
          <div>{r.countedByName}</div>
          <div className="text-xs text-slate-600">{formatDateTime(r.countedAt, locale, timeZone)}</div>
        </>
      ) },
    { key: 'book', label: t('counts.col.book'), className: 'whitespace-nowrap text-right tabular-nums', cardLabel: true, render: (r) => qty(r, r.bookQuantity) },
    { key: 'counted', label: t('counts.col.counted'), className: 'whitespace-nowrap text-right tabular-nums', cardLabel: true, render: (r) => <span data-testid="count-counted">{qty(r, r.countedQuantity)}</span> },
    {
      key: 'difference',
      label: t('counts.col.difference'),
      className: 'whitespace-nowrap text-right tabular-nums',
      cardLabel: true,
      render: (r) => (
        <span className={r.difference.startsWith('-') ? 'text-rose-700' : 'text-emerald-700'} data-testid="count-difference">
          {signed(r.difference, locale)}
        </span>
      ),
    },
    { key: 'reason', label: t('counts.col.reason'), cardLabel: true, cardClassName: 'max-sm:col-span-2', render: (r) => r.reason },
    {
      key: 'status',
      label: t('counts.col.status'),
      cardLabel: true,
      cardClassName: 'max-sm:col-span-2',
      render: (r) => (
        <div data-testid="count-status" data-status={r.status}>
          <span className={r.status === 'pending' ? 'whitespace-nowrap rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900' : 'text-sm'}>{t(`counts.status.${r.status}`)}</span>
          {r.decidedByName && r.decidedAt ? <div className="text-xs text-slate-600">{t('counts.decided', { name: r.decidedByName, at: formatDateTime(r.decidedAt, locale, timeZone) })}</div> : null}
          {r.decisionReason ? <div className="text-xs text-slate-600">{r.decisionReason}</div> : null}
          {r.stale ? (
            <p className="mt-1 text-xs text-amber-900" data-testid="count-stale">
              {t('counts.stale')}
            </p>
          ) : null}
        </div>
      ),
    },
    // Each button's word whole: in a crowded table 批准 / 驳回 stood a character per line.
    { key: 'actions', label: t('counts.col.actions'), hiddenLabel: true, className: 'whitespace-nowrap', cardClassName: 'max-sm:col-span-2 max-sm:mt-1', render: (r) => <CountDecision row={r} viewer={viewer} /> },
  ]
}

/** Approve (with what it will post) and reject (with a reason) for a pending count of someone else; the counter is told it is not theirs to decide. */
export function CountDecision({ row, viewer }: { row: Row; viewer: CountViewer }) {
  const { t } = useTranslation('inventory')
  const newBatchNote = useNewBatchNote()
  if (row.status !== 'pending' || !viewer.canDecide) return null
  if (row.countedById === viewer.viewerId) return <p className="text-xs text-slate-600">{t('counts.own')}</p>
  const { locale } = viewer
  const place = placeOf(row)
  const note = newBatchNote(row)
  const unit = (q: string) => `${formatQuantity(q, locale)} ${unitName(row.unit, locale, q)}`
  return (
    <div className="flex flex-wrap gap-2" data-testid="count-decision">
      {/* A stale count cannot be approved (the server refuses it): only its rejection is offered. An approval dialog already
          open stays, so its confirmation's refusal ("count again") is read there: the refusal's own refetch makes the row
          stale, and the dialog vanished with no word, as if the approval had gone through. */}
      <ActionDialog
        intent="approveCount"
        testId="count-approve"
        hideTrigger={row.stale}
        trigger={t('counts.approve')}
        triggerLabel={t('counts.approveNamed', { sku: row.sku, place })}
        triggerClassName="btn-primary"
        title={t('counts.approveTitle')}
        description={
          <>
            {t('counts.approveText', { difference: `${row.difference.startsWith('-') ? '' : '+'}${unit(row.difference)}`, sku: row.sku, place, book: unit(row.bookQuantity), counted: unit(row.countedQuantity) })}
            {note ? <span className="mt-1 block text-amber-900">{note}</span> : null}
          </>
        }
        confirmLabel={t('counts.approveConfirm')}
      >
        <input type="hidden" name="countId" value={row.id} />
      </ActionDialog>
      <ActionDialog
        intent="rejectCount"
        tone="danger"
        testId="count-reject"
        trigger={t('counts.reject')}
        triggerLabel={t('counts.rejectNamed', { sku: row.sku, place })}
        title={t('counts.rejectTitle')}
        description={t('counts.rejectText', { sku: row.sku, place })}
        confirmLabel={t('counts.rejectConfirm')}
      >
        <input type="hidden" name="countId" value={row.id} />
        <ReasonField label={t('counts.rejectReason')} testId="count-reject" />
      </ActionDialog>
    </div>
  )
}

/** A product's counts waiting for a second person, above its ledger (nothing when there are none). */
export function PendingCounts({ rows, viewer }: { rows: Row[]; viewer: CountViewer }) {
  const { t } = useTranslation('inventory')
  const columns = useCountColumns(viewer, { list: false }).filter((c) => c.key !== 'status' || rows.some((r) => r.stale))
  if (!rows.length) return null
  return (
    <section className="card mb-6 overflow-hidden border-amber-200" data-testid="pending-counts">
      <div className="flex items-center justify-between border-b border-slate-100 px-4 py-3">
        <h2 id="pending-counts-title" className="text-base font-semibold">
          {t('product.pendingCounts')}
        </h2>
        <Link to="/console/inventory/counts" className="text-sm text-indigo-700 hover:underline">
          {t('counts.title')}
        </Link>
      </div>
      <TableScroller labelledBy="pending-counts-title">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col" className={`px-4 py-2 ${c.className ?? ''}`}>
                  {c.hiddenLabel ? <span className="sr-only">{c.label}</span> : c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <TableRow key={r.id} columns={columns} row={r} className="border-t border-slate-100 align-top" cellClassName="px-4 py-2" data-testid="pending-count" data-place={placeOf(r)} />
            ))}
          </tbody>
        </table>
      </TableScroller>
    </section>
  )
}
