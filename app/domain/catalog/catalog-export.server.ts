import type { Actor } from '~/auth/roles'
import { writeSpreadsheet, spreadsheetMime, type Grid } from '~/utils/spreadsheet.server'
import { assertCatalogViewer } from './catalog-access.server'
import { categoryImportSpec, guardCell, headerRow, productImportSpec, warehouseImportSpec, type ImportSpec } from './catalog-import.rules'
import { rateToPercent } from './catalog.rules'
import { categoriesMatching, productsMatching, warehousesMatching, type ProductFilters } from './catalog.queries.server'
import type { ExportFormat } from './catalog.validation'
import { dateStamp } from '~/utils/dates'

export interface SpreadsheetFile {
  body: Buffer
  fileName: string
  contentType: string
}

/** Exports use the import's own columns, so what comes out can go back in unchanged. */
async function sheet(spec: ImportSpec, rows: Grid, format: ExportFormat, stamp: string, suffix = ''): Promise<SpreadsheetFile> {
  const widths = spec.columns.map((c) => Math.min(48, Math.max(10, c.key.length + 2, ...rows.slice(0, 200).map((r) => (r[spec.columns.indexOf(c)] ?? '').length + 2))))
  const body = await writeSpreadsheet(format, [headerRow(spec), ...rows], { sheetName: spec.entity, widths, csvCell: guardCell })
  return { body, fileName: `${spec.entity}${suffix}-${stamp}.${format}`, contentType: spreadsheetMime[format] }
}

export async function exportProducts(actor: Actor, filters: ProductFilters, format: ExportFormat): Promise<SpreadsheetFile> {
  assertCatalogViewer(actor)
  const rows = await productsMatching(actor, filters)
  return sheet(
    productImportSpec,
    rows.map((p) => [p.sku, p.nameEn, p.nameZh, p.categoryCode, p.unit, rateToPercent(p.taxRate), p.tracking, p.active ? 'yes' : 'no', p.wholeUnits ? 'yes' : 'no']),
    format,
    dateStamp(actor.timeZone),
  )
}

export async function exportCategories(actor: Actor, q: string, format: ExportFormat): Promise<SpreadsheetFile> {
  assertCatalogViewer(actor)
  const rows = await categoriesMatching(actor, q)
  return sheet(categoryImportSpec, rows.map((c) => [c.code, c.nameEn, c.nameZh]), format, dateStamp(actor.timeZone))
}

export async function exportWarehouses(actor: Actor, q: string, format: ExportFormat): Promise<SpreadsheetFile> {
  assertCatalogViewer(actor)
  const rows = await warehousesMatching(actor, q)
  return sheet(
    warehouseImportSpec,
    rows.map((w) => [w.code, w.nameEn, w.nameZh, w.address ?? '', w.bins.map((b) => b.code).join(', ')]),
    format,
    dateStamp(actor.timeZone),
  )
}

const specs = { products: productImportSpec, categories: categoryImportSpec, warehouses: warehouseImportSpec } as const

/** An empty sheet with an import's header row, to fill in and import; the caller has checked who may import it. */
export function templateOf(spec: ImportSpec, format: ExportFormat, timeZone: string): Promise<SpreadsheetFile> {
  return sheet(spec, [], format, dateStamp(timeZone), '-template')
}

export async function importTemplate(actor: Actor, entity: keyof typeof specs, format: ExportFormat): Promise<SpreadsheetFile> {
  assertCatalogViewer(actor)
  return templateOf(specs[entity], format, actor.timeZone)
}
