import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { staffCan } from '~/auth/roles'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { getRequisition } from '~/domain/orders/orders.queries.server'
import { titleMeta } from '~/ui/catalog/meta'
import { useRevalidateOn } from '~/realtime/client'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { formatDateTime } from '~/utils/dates'
import { unitName } from '~/i18n/units'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'requisitions.view')
  const requisition = await getRequisition(actor, args.params.id ?? '')
  if (!requisition) throw new Response('Not found', { status: 404 })
  return {
    title: await pageTitle(actor, 'orders', 'requisitions.detailTitle', { number: requisition.number }),
    requisition,
    locale: actor.locale,
    timeZone: actor.timeZone,
    canSeeOrder: staffCan(actor, 'orders.view'),
  }
}

export default function RequisitionPage() {
  const { requisition: r, locale, timeZone, canSeeOrder } = useLoaderData<typeof loader>()
  const { t } = useTranslation('orders')
  const en = locale === 'en'
  // Its lines shrink when the source order's backorder is reserved, and it is cancelled with the order.
  useRevalidateOn('requisition:changed', ({ requisitionId }) => requisitionId === r.id, 250)
  return (
    <div data-testid="requisition-page">
      <PageHeader
        title={t('requisitions.detailTitle', { number: r.number })}
        actions={
          <Link to="/console/requisitions" className="btn-ghost">
            {t('requisitions.back')}
          </Link>
        }
      >
        <span className="text-sm text-slate-600">
          <span data-testid="requisition-status">{t(`requisitions.status.${r.status}`)}</span> · {formatDateTime(r.createdAt, locale, timeZone)}
        </span>
      </PageHeader>
      <section className="card mb-6 p-4 text-sm">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
          <dt className="text-slate-600">{t('requisitions.source')}</dt>
          <dd data-testid="requisition-source">
            {r.sourceOrderId && r.sourceOrderNumber ? (
              canSeeOrder ? (
                <Link to={`/console/orders/${r.sourceOrderId}`} className="font-mono text-indigo-700 hover:underline">
                  {r.sourceOrderNumber}
                </Link>
              ) : (
                <span className="font-mono">{r.sourceOrderNumber}</span>
              )
            ) : (
              t(`requisitions.sourceType.${r.sourceType}`, { defaultValue: r.sourceType })
            )}
          </dd>
          {r.sourceDealer ? (
            <>
              <dt className="text-slate-600">{t('list.dealer')}</dt>
              <dd>
                <span className="font-mono text-xs">{r.sourceDealer.code}</span> {en ? r.sourceDealer.nameEn : r.sourceDealer.nameZh}
              </dd>
            </>
          ) : null}
          {r.note ? (
            <>
              <dt className="text-slate-600">{t('cart.note')}</dt>
              <dd className="whitespace-pre-line">{r.note}</dd>
            </>
          ) : null}
        </dl>
      </section>
      <div className="card relative overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-100 text-sm" data-testid="requisition-lines">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-2">{t('lines.product')}</th>
              <th scope="col" className="px-3 py-2">{t('list.warehouse')}</th>
              <th scope="col" className="px-3 py-2 text-right">{t('lines.quantity')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {r.lines.length === 0 ? (
              <tr>
                <td colSpan={3} className="px-3 py-6 text-center text-slate-500">
                  {t('requisitions.noLines')}
                </td>
              </tr>
            ) : (
              r.lines.map((l) => (
                <tr key={l.id} data-testid="requisition-line" data-sku={l.sku}>
                  <td className="px-3 py-2">
                    <span className="font-mono text-xs">{l.sku}</span> {en ? l.nameEn : l.nameZh}
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{l.warehouseCode}</td>
                  <td className="px-3 py-2 text-right tabular-nums" data-testid="requisition-qty">
                    {formatQuantity(l.quantity, locale)} <span className="text-xs text-slate-500">{unitName(l.unit, locale, l.quantity)}</span>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  )
}
