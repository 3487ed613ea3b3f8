import { eq } from 'drizzle-orm'
import { db } from '~db/client'
import { organizations } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { formatTaxRate, formatUnitPrice } from '~/domain/sales/pricing.rules'
import { i18nServer } from '~/i18n/i18next.server'
import { OrderConfirmationPdf, type OrderPdfLabels } from '~/pdf/order-confirmation'
import { unitName } from '~/i18n/units'
import { renderPdf } from '~/pdf/render.server'
import { formatDateTime } from '~/utils/dates'
import { forbidden, notFound } from '~/utils/errors'
import { formatList } from '~/utils/intl'
import { formatMoney } from '~/utils/money'
import { backordersWereCancelled, closedOnWhatShipped, restWasCancelled } from './order.rules'
import { getOrderForDealer, getOrderForStaff, ORDER_EXPORTED, type OrderDetail } from './orders.queries.server'

/** The issuer printed on the confirmation: the host company, whoever downloads it. */
async function hostOrganization() {
  const [org] = await db().select({ nameEn: organizations.nameEn, nameZh: organizations.nameZh }).from(organizations).where(eq(organizations.kind, 'host')).limit(1)
  return org ?? { nameEn: 'Caixiao', nameZh: '采销' }
}

/**
 * The bilingual order confirmation, rendered from the same scoped query as the order page: a dealer
 * gets only its own order (anything else is not found), staff need orders.view.
 */
export async function renderOrderPdf(actor: Actor, orderId: string, meta: { ip?: string | null } = {}): Promise<{ body: Buffer; fileName: string }> {
  let order: OrderDetail | null
  if (actor.kind === 'dealer') order = await getOrderForDealer(actor, orderId, { ip: meta.ip, action: ORDER_EXPORTED })
  else if (actor.kind === 'staff') order = await getOrderForStaff(actor, orderId)
  else throw forbidden()
  if (!order) throw notFound()
  const [org, zh, en] = await Promise.all([hostOrganization(), i18nServer.getFixedT('zh-CN', 'orders'), i18nServer.getFixedT('en', 'orders')])
  const b = (key: string) => ({ zh: zh(key), en: en(key) })
  const labels: OrderPdfLabels = {
    title: b('pdf.title'),
    orderNo: b('pdf.orderNo'),
    status: b('pdf.status'),
    placedAt: b('pdf.placedAt'),
    dealer: b('pdf.dealer'),
    warehouse: b('pdf.warehouse'),
    reference: b('pdf.reference'),
    shipTo: b('pdf.shipTo'),
    note: b('pdf.note'),
    sku: b('pdf.sku'),
    product: b('pdf.product'),
    quantity: b('pdf.quantity'),
    unitPrice: b('pdf.unitPrice'),
    taxRate: b('pdf.taxRate'),
    net: b('pdf.net'),
    reserved: b('pdf.reserved'),
    backordered: b('pdf.backordered'),
    shipped: b('pdf.shipped'),
    cancelled: b('pdf.cancelled'),
    subtotal: b('pdf.subtotal'),
    tax: b('pdf.tax'),
    total: b('pdf.total'),
    shipments: b('pdf.shipments'),
    carrier: b('pdf.carrier'),
    tracking: b('pdf.tracking'),
    approvalNotice: `${zh('pdf.approvalNotice')} ${en('pdf.approvalNotice')}`,
    restCancelledNotice: `${zh('pdf.restCancelledNotice')} ${en('pdf.restCancelledNotice')}`,
    backordersCancelledNotice: `${zh('pdf.backordersCancelledNotice')} ${en('pdf.backordersCancelledNotice')}`,
    reason: b('pdf.reason'),
    backordersCancelReason: b('pdf.backordersCancelReason'),
    footer: `${zh('pdf.footer')} · ${en('pdf.footer')}`,
  }
  // Figures and dates in one neutral locale: the document is read in both languages, whoever downloads it.
  const L = 'zh-CN'
  const tz = actor.timeZone
  const at = (d: Date | string) => formatDateTime(d, L, tz)
  const held = order.status === 'submitted' && order.needsApproval
  const ended = order.status === 'cancelled' || order.status === 'rejected' || closedOnWhatShipped(order.status, order.lines.map((l) => l.cancelled))
  const backordersCancelled = backordersWereCancelled(order)
  const generatedAt = `${zh('pdf.generatedAt')} ${en('pdf.generatedAt')}: ${at(new Date())} (${tz})`
  const body = await renderPdf(
    <OrderConfirmationPdf
      org={org}
      generatedAt={generatedAt}
      labels={labels}
      order={{
        number: order.number,
        status: `${zh(`status.${order.status}`)} ${en(`status.${order.status}`)}`,
        placedAt: `${at(order.createdAt)} (${tz})`,
        dealer: order.dealer,
        warehouse: `${order.warehouse.code} ${order.warehouse.nameZh} / ${order.warehouse.nameEn}`,
        reference: order.dealerReference,
        shipTo: order.shipTo,
        note: order.note,
        subtotal: formatMoney(order.subtotal, order.currency, L),
        taxTotal: formatMoney(order.taxTotal, order.currency, L),
        total: formatMoney(order.total, order.currency, L),
        needsApproval: held,
        ended,
        restCancelled: restWasCancelled(order),
        backordersCancelled,
        // cancel_reason is the order's own cancellation (whole or its rest) only; the backorders' reason is kept beside it.
        endReason: order.status === 'rejected' ? order.decisionNote : order.cancelReason,
        backordersCancelReason: order.backordersCancelReason,
        lines: order.lines.map((l) => ({
          id: l.id,
          position: l.position,
          sku: l.sku,
          nameEn: l.nameEn,
          nameZh: l.nameZh,
          quantity: bilingualQuantity(formatQuantity(l.quantity, L), l.unit, l.quantity),
          unitPrice: formatUnitPrice(l.unitPrice, order.currency, L),
          taxRate: formatTaxRate(l.taxRate, L),
          net: formatMoney(l.lineNet, order.currency, L),
          // Held over credit: nothing is reserved or backordered before approval (the notice says so), not "0".
          reserved: held ? '—' : formatQuantity(l.reserved, L),
          backordered: held ? '—' : formatQuantity(l.backordered, L),
          shipped: formatQuantity(l.shipped, L),
          cancelled: formatQuantity(l.cancelled, L),
        })),
        shipments: order.shipments.map((s) => ({
          number: s.number,
          carrier: s.carrier,
          trackingNumber: s.trackingNumber,
          shippedAt: at(s.shippedAt),
          lines: s.lines.map((l) => {
            const shipped = `${l.sku} × ${bilingualQuantity(formatQuantity(l.quantity, L), l.unit, l.quantity).join(' / ')}`
            if (!l.batches.length) return shipped
            // With more than one, how much of each: a recall reads these.
            const batches = formatList(l.batches.map((b) => (l.batches.length > 1 ? `${b.batch} × ${formatQuantity(b.quantity, L)}` : b.batch)), L)
            return `${shipped} · ${zh('pdf.batches')} ${en('pdf.batches')}: ${batches}`
          }),
        })),
      }}
    />,
  )
  return { body, fileName: `order-${order.number}.pdf` }
}

/**
 * The quantity with its unit in both languages, as the product column gives both names ("3 套" over
 * "sets"): the document is read in either. A unit without a name of ours prints once, as typed.
 */
function bilingualQuantity(quantity: string, unit: string, raw: string): string[] {
  const zh = unitName(unit, 'zh-CN', raw)
  const en = unitName(unit, 'en', raw)
  return zh === en ? [`${quantity} ${zh}`] : [`${quantity} ${zh}`, en]
}
