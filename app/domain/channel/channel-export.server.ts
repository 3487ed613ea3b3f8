import type { Actor } from '~/auth/roles'
import type { SpreadsheetFile } from '~/domain/catalog/catalog-export.server'
import { dateStamp } from '~/utils/dates'
import { guardCell, headerRow } from '~/domain/catalog/catalog-import.rules'
import { i18nServer } from '~/i18n/i18next.server'
import { regionName } from '~/i18n/regions'
import { unitName } from '~/i18n/units'
import { decimalFormat, spreadsheetMime, writeSpreadsheet } from '~/utils/spreadsheet.server'
import { assertChannelViewer, assertDealer } from './channel-access.server'
import { channelStockView, productOptions, sortChannelRows, type ChannelFilters } from './channel.queries.server'
import { coverMark } from './channel.rules'
import { channelImportSpec, type ChannelSort } from './channel.validation'

/**
 * The console's channel-stock table as a spreadsheet: every row the filters select (not one page),
 * in the user's language, figures as number cells so they can be computed with.
 */
export async function exportChannelStock(actor: Actor, filters: ChannelFilters, sort: ChannelSort, dir: 'asc' | 'desc'): Promise<SpreadsheetFile> {
  assertChannelViewer(actor)
  const t = await i18nServer.getFixedT(actor.locale, 'channel')
  const view = await channelStockView(actor, filters)
  const rows = sortChannelRows(
    view.rows.map((r) => ({ ...r, region: r.region === null ? null : regionName(r.region, actor.locale) })),
    sort,
    dir,
    actor.locale,
  )
  const en = actor.locale === 'en'
  const header = [
    t('col.region'),
    ...(filters.group === 'dealer' ? [t('col.dealerCode'), t('col.dealer')] : []),
    t('col.sku'),
    t('col.product'),
    t('col.unit'),
    // The page's own headings: bare 库存 / On hand read as stock today, not the latest report in the range.
    t('col.latestOnHand'),
    t('col.soldInRange'),
    t('col.sellThroughRate'),
    t('col.weeksOfCover'),
    t('col.latestPeriod'),
  ]
  const grid = rows.map((r) => [
    r.region ?? '',
    ...(filters.group === 'dealer' ? [r.dealerCode ?? '', (en ? r.dealerNameEn : r.dealerNameZh) ?? ''] : []),
    r.sku,
    en ? r.nameEn : r.nameZh,
    unitName(r.unit, actor.locale),
    r.onHand,
    r.sold,
    r.sellThrough ?? '',
    r.weeksOfCover ?? coverMark(r.onHand),
    r.latestLabel,
  ])
  // Figures are number cells: quantities with their own decimals, the rate as a percentage, the cover to a tenth (∞ and — stay text).
  const figures = [decimalFormat, decimalFormat, '0.0%', '#,##0.0']
  const body = await writeSpreadsheet('xlsx', [header, ...grid], {
    sheetName: t('export.sheet'),
    numberFormats: [...Array<undefined>(header.length - 5), ...figures, undefined],
    widths: header.map((h, i) => Math.min(40, Math.max(10, h.length + 4, ...grid.slice(0, 200).map((r) => String(r[i] ?? '').length + 2)))),
    csvCell: guardCell,
  })
  return { body, fileName: `channel-stock-${filters.from}-${filters.to}-${dateStamp(actor.timeZone)}.xlsx`, contentType: spreadsheetMime.xlsx }
}

/** The upload's template: the header row (in the dealer's language: dealers fill it in by hand), then one row per active product with empty figures to fill in. */
export async function channelTemplate(actor: Actor, format: 'xlsx' | 'csv'): Promise<SpreadsheetFile> {
  assertDealer(actor)
  const en = actor.locale === 'en'
  const rows = (await productOptions()).map((p) => [p.sku, '', '', en ? p.nameEn : p.nameZh])
  const body = await writeSpreadsheet(format, [headerRow(channelImportSpec, actor.locale), ...rows], { sheetName: 'channel-stock', widths: [14, 12, 12, 36], csvCell: guardCell })
  return { body, fileName: `channel-stock-template.${format}`, contentType: spreadsheetMime[format] }
}
