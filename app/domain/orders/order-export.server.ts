import type { Actor } from '~/auth/roles'
import type { SpreadsheetFile } from '~/domain/catalog/catalog-export.server'
import { guardCell } from '~/domain/catalog/catalog-import.rules'
import type { ExportFormat } from '~/domain/catalog/catalog.validation'
import { i18nServer } from '~/i18n/i18next.server'
import { dateStamp, sheetDateTime } from '~/utils/dates'
import { DomainError } from '~/utils/errors'
import type { ListParams } from '~/utils/list-params'
import { spreadsheetMime, writeSpreadsheet } from '~/utils/spreadsheet.server'
import { withParams } from '~/utils/validation'
import { ORDER_EXPORT_CAP, type ConsoleOrderSort, type OrderSort } from './order-list.validation'
import { orderListForExport } from './orders.queries.server'

/**
 * The order list as a spreadsheet: every order its filters select, in its sort, one row each. Headers are the column keys
 * (README: keys in exports), the cells in the reader's language and time zone. Money stays the database's decimal text in
 * both formats, never a float: a number cell would be one. CSV cells go through the exports' formula guard (a dealer
 * types its own reference). The console's rows name the dealer and its sales owner; a dealer's own carry neither.
 */
export async function exportOrderList(actor: Actor, params: ListParams<OrderSort> | ListParams<ConsoleOrderSort>, format: ExportFormat): Promise<SpreadsheetFile & { rows: number }> {
  const rows = await orderListForExport(actor, params, ORDER_EXPORT_CAP + 1)
  if (rows.length > ORDER_EXPORT_CAP) throw new DomainError('unprocessable', withParams('orders:export.tooMany', { max: ORDER_EXPORT_CAP }))
  const t = await i18nServer.getFixedT(actor.locale, 'orders')
  const staff = actor.kind === 'staff'
  const en = actor.locale === 'en'
  const header = [
    'number',
    ...(staff ? ['dealer_code', 'dealer_name'] : []),
    'dealer_reference',
    'status',
    'placed_at',
    'warehouse',
    'currency',
    'net',
    'tax',
    'total',
    'shipped_value',
    'paid',
    'owed',
    ...(staff ? ['sales_owner'] : []),
  ]
  const grid = rows.map((o) => [
    o.number,
    ...(staff ? [o.dealerCode ?? '', (en ? o.dealerNameEn : o.dealerNameZh) ?? ''] : []),
    o.dealerReference ?? '',
    t(`status.${o.status}`),
    sheetDateTime(o.createdAt, actor.timeZone),
    o.warehouseCode,
    o.currency,
    o.net,
    o.tax,
    o.total,
    o.shipped,
    o.paid,
    o.owed,
    ...(staff ? [o.salesOwner ?? ''] : []),
  ])
  const body = await writeSpreadsheet(format, [header, ...grid], {
    sheetName: 'orders',
    widths: header.map((h, i) => Math.min(40, Math.max(10, h.length + 4, ...grid.slice(0, 200).map((r) => String(r[i] ?? '').length + 2)))),
    csvCell: guardCell,
  })
  return { body, fileName: `orders-${dateStamp(actor.timeZone)}.${format}`, contentType: spreadsheetMime[format], rows: rows.length }
}
