import { eq } from 'drizzle-orm'
import { db } from '~db/client'
import { products } from '~db/schema'
import type { Actor } from '~/auth/roles'
import type { SpreadsheetFile } from '~/domain/catalog/catalog-export.server'
import { dateStamp, sheetDateTime } from '~/utils/dates'
import { guardCell } from '~/domain/catalog/catalog-import.rules'
import type { ExportFormat } from '~/domain/catalog/catalog.validation'
import { i18nServer } from '~/i18n/i18next.server'
import { unitName } from '~/i18n/units'
import { DomainError, notFound } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'
import { decimalFormat, spreadsheetMime, writeSpreadsheet } from '~/utils/spreadsheet.server'
import { withParams } from '~/utils/validation'
import { assertSeesShipments, batchShipments } from './batch-trace.queries.server'
import { TRACE_EXPORT_CAP } from './batch-trace.validation'

/** A batch as part of a file name: what a file system takes anywhere. */
const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 64)

/**
 * The recall list of one batch or serial number: every shipment that took some of it, by dealer and
 * then in time, with the dealer, the order, how much, when, the carrier and tracking number, and
 * where it went. In the reader's language; quantities as number cells; CSV cells through the
 * exports' formula guard (batches, references and addresses are typed by people).
 */
export async function exportBatchRecall(actor: Actor, productId: string, batch: string, format: ExportFormat): Promise<SpreadsheetFile & { rows: number }> {
  assertSeesShipments(actor)
  if (!isUuid(productId)) throw notFound()
  const [product] = await db().select({ sku: products.sku, unit: products.unit }).from(products).where(eq(products.id, productId))
  if (!product) throw notFound()
  const { rows } = await batchShipments(productId, batch, TRACE_EXPORT_CAP + 1)
  if (rows.length > TRACE_EXPORT_CAP) throw new DomainError('unprocessable', withParams('inventory:traceability.export.tooMany', { max: TRACE_EXPORT_CAP }))
  const t = await i18nServer.getFixedT(actor.locale, 'inventory')
  const en = actor.locale === 'en'
  const c = (key: string) => t(`traceability.export.col.${key}`)
  const header = [c('sku'), c('batch'), c('dealerCode'), c('dealer'), c('order'), c('dealerReference'), c('shipment'), c('shippedAt'), c('quantity'), c('unit'), c('warehouse'), c('carrier'), c('tracking'), c('deliveredAt'), c('shipTo')]
  const sorted = [...rows].sort((a, b) => (a.dealer.code === b.dealer.code ? (a.shippedAt === b.shippedAt ? a.shipmentNumber.localeCompare(b.shipmentNumber) : a.shippedAt < b.shippedAt ? -1 : 1) : a.dealer.code < b.dealer.code ? -1 : 1))
  const grid = sorted.map((s) => [
    product.sku,
    batch,
    s.dealer.code,
    en ? s.dealer.nameEn : s.dealer.nameZh,
    s.order.number,
    s.order.dealerReference ?? '',
    s.shipmentNumber,
    sheetDateTime(s.shippedAt, actor.timeZone),
    s.quantity,
    unitName(product.unit, actor.locale, s.quantity),
    s.warehouseCode,
    s.carrier,
    s.trackingNumber,
    s.deliveredAt ? sheetDateTime(s.deliveredAt, actor.timeZone) : '',
    s.order.shipTo ?? '',
  ])
  const quantityAt = header.indexOf(c('quantity'))
  const body = await writeSpreadsheet(format, [header, ...grid], {
    sheetName: t('traceability.export.sheet'),
    numberFormats: header.map((_, i) => (i === quantityAt ? decimalFormat : undefined)),
    widths: header.map((h, i) => Math.min(48, Math.max(10, h.length + 4, ...grid.slice(0, 200).map((r) => String(r[i] ?? '').length + 2)))),
    csvCell: guardCell,
  })
  return { body, fileName: `recall-${fileSafe(product.sku)}-${fileSafe(batch)}-${dateStamp(actor.timeZone)}.${format}`, contentType: spreadsheetMime[format], rows: rows.length }
}
