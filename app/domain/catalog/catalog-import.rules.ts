// Pure: how a spreadsheet (a grid of text cells) becomes validated rows, or the list of every problem.
import type { z } from '~/utils/validation'
import { withParams } from '~/utils/validation'

export interface ColumnSpec {
  /** The canonical header, written by exports and templates. */
  key: string
  /**
   * The header a template made for a Chinese reader carries instead of the key (a sheet someone fills in by hand); read
   * back like an alias. Exports keep the keys, so files made for other systems read the same in either language.
   */
  zh?: string
  /** Other headers people use, compared after normalizeHeader. */
  aliases: readonly string[]
  required: boolean
  /** Shown on the import page to describe the column. */
  example: string
}

export interface ImportSpec {
  entity: 'products' | 'categories' | 'warehouses' | 'openingBalances' | 'priceListItems' | 'channelStock'
  columns: readonly ColumnSpec[]
  /**
   * The column that identifies a record: rows are upserted by it and it must be unique in the file.
   * Null when a record is identified by several columns (stock by SKU, warehouse, bin and batch): the importer checks those itself.
   */
  keyColumn: string | null
  maxRows: number
}

export interface RowIssue {
  /** The spreadsheet's own row number (the header is row 1); 0 for the file as a whole. */
  row: number
  column: string | null
  /** i18n key with parameters, as zod messages are. */
  message: string
}

/**
 * A row's identity when no single column holds it (keyColumn null, as stock by SKU, warehouse, bin
 * and batch), so a repeat is reported with the row's other problems rather than after they are fixed.
 */
export interface RowKey {
  /** The identity from the row's raw cells, or null when the row has none to compare. */
  of: (record: Readonly<Record<string, string>>) => string | null
  /** The column a repeat is reported on, and its message given the row first seen (and the identity). */
  column: string
  message: (firstRow: number, key: string) => string
}

export type GridValidation<Row> = { ok: true; rows: Array<{ row: number; value: Row }> } | { ok: false; issues: RowIssue[] }

export const MAX_IMPORT_ROWS = 5000

export const productImportSpec: ImportSpec = {
  entity: 'products',
  keyColumn: 'sku',
  maxRows: MAX_IMPORT_ROWS,
  columns: [
    { key: 'sku', aliases: ['SKU', '物料编码', '产品编码', '货号'], required: true, example: 'EL-1001' },
    { key: 'name_en', aliases: ['English name', 'Name (EN)', '英文名称', '英文名'], required: true, example: 'Ceramic capacitor 100nF' },
    { key: 'name_zh', aliases: ['Chinese name', 'Name (ZH)', 'name_cn', '中文名称', '中文名'], required: true, example: '陶瓷电容 100nF' },
    { key: 'category', aliases: ['category_code', 'Category', '类别', '类别编码', '分类', '分类编码'], required: true, example: 'ELEC' },
    { key: 'unit', aliases: ['Unit', 'UOM', '单位'], required: true, example: 'pcs' },
    { key: 'tax_rate', aliases: ['Tax rate', 'Tax rate (%)', 'VAT', '税率', '税率(%)'], required: true, example: '13' },
    { key: 'tracking', aliases: ['Tracking', '批次/序列号管理', '管理方式', '追踪方式', '追溯方式'], required: false, example: 'batch' },
    { key: 'active', aliases: ['Active', '启用', '是否启用'], required: false, example: 'yes' },
    { key: 'whole_units', aliases: ['Whole units', 'Whole numbers only', '整数数量', '仅限整数'], required: false, example: 'yes' },
  ],
}

export const categoryImportSpec: ImportSpec = {
  entity: 'categories',
  keyColumn: 'code',
  maxRows: MAX_IMPORT_ROWS,
  columns: [
    { key: 'code', aliases: ['Code', 'category_code', '编码', '类别编码', '分类编码'], required: true, example: 'ELEC' },
    { key: 'name_en', aliases: ['English name', 'Name (EN)', '英文名称', '英文名'], required: true, example: 'Electronic components' },
    { key: 'name_zh', aliases: ['Chinese name', 'Name (ZH)', 'name_cn', '中文名称', '中文名'], required: true, example: '电子元件' },
  ],
}

export const warehouseImportSpec: ImportSpec = {
  entity: 'warehouses',
  keyColumn: 'code',
  maxRows: 1000,
  columns: [
    { key: 'code', aliases: ['Code', 'warehouse_code', '编码', '仓库编码'], required: true, example: 'SH-MAIN' },
    { key: 'name_en', aliases: ['English name', 'Name (EN)', '英文名称', '英文名'], required: true, example: 'Shanghai main warehouse' },
    { key: 'name_zh', aliases: ['Chinese name', 'Name (ZH)', 'name_cn', '中文名称', '中文名'], required: true, example: '上海总仓' },
    { key: 'address', aliases: ['Address', '地址'], required: false, example: '上海市浦东新区张江路 88 号' },
    { key: 'bins', aliases: ['Bins', 'bin_codes', '库位', '货位'], required: false, example: 'A-01, A-02' },
  ],
}

/** "Tax rate (%)", "tax_rate" and "TAX RATE" are one header; so are "税率（%）" and "税率". */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-()[\]{}%*:/.]+/g, '')
}

/**
 * Spreadsheet programs run a cell that starts with = + - @ as a formula. Exports put a quote in
 * front of such cells (OWASP "CSV injection"); imports take it off, so a round trip is exact. The
 * full-width forms count too: a Chinese input method types ＝, and some spreadsheet setups read it as =.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/

export function guardCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

export function unguardCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value
}

interface HeaderMap {
  /** For each column of the sheet, the canonical key it holds (or null for a blank header). */
  keys: Array<string | null>
  issues: RowIssue[]
}

export function mapHeaders(headerRow: readonly string[], spec: ImportSpec): HeaderMap {
  const lookup = new Map<string, string>()
  for (const c of spec.columns) for (const name of [c.key, ...(c.zh ? [c.zh] : []), ...c.aliases]) lookup.set(normalizeHeader(name), c.key)
  const issues: RowIssue[] = []
  const seen = new Set<string>()
  const keys = headerRow.map((raw) => {
    const text = raw.trim()
    if (!text) return null
    const key = lookup.get(normalizeHeader(text))
    if (!key) {
      issues.push({ row: 1, column: text, message: withParams('catalog:import.errors.unknownColumn', { column: text }) })
      return null
    }
    if (seen.has(key)) {
      issues.push({ row: 1, column: text, message: withParams('catalog:import.errors.duplicateColumn', { column: text }) })
      return null
    }
    seen.add(key)
    return key
  })
  for (const c of spec.columns)
    if (c.required && !seen.has(c.key)) issues.push({ row: 1, column: c.key, message: withParams('catalog:import.errors.missingColumn', { column: c.key }) })
  return { keys, issues }
}

const isBlankRow = (cells: readonly string[]) => cells.every((c) => c.trim() === '')

/**
 * Validates every data row against the spec and the row schema. All problems are reported, each
 * with its row number; a file with any problem yields no rows at all.
 */
export function validateGrid<S extends z.ZodType>(grid: readonly (readonly string[])[], spec: ImportSpec, schema: S, rowKey?: RowKey): GridValidation<z.output<S>> {
  const header = grid[0]
  if (!header || isBlankRow(header)) return { ok: false, issues: [{ row: 1, column: null, message: 'catalog:import.errors.noHeader' }] }
  const { keys, issues: headerIssues } = mapHeaders(header, spec)
  if (headerIssues.length) return { ok: false, issues: headerIssues }

  const dataRows: Array<{ row: number; cells: readonly string[] }> = []
  grid.slice(1).forEach((cells, i) => {
    if (!isBlankRow(cells)) dataRows.push({ row: i + 2, cells })
  })
  if (dataRows.length === 0) return { ok: false, issues: [{ row: 0, column: null, message: 'catalog:import.errors.noRows' }] }
  if (dataRows.length > spec.maxRows) {
    return { ok: false, issues: [{ row: 0, column: null, message: withParams('catalog:import.errors.tooManyRows', { max: spec.maxRows }) }] }
  }

  const issues: RowIssue[] = []
  const rows: Array<{ row: number; value: z.output<S> }> = []
  const firstRowOfKey = new Map<string, number>()
  for (const { row, cells } of dataRows) {
    const record: Record<string, string> = {}
    keys.forEach((key, i) => {
      const value = unguardCell(cells[i] ?? '')
      if (key && value.trim() !== '') record[key] = value
    })
    // Cells beyond the header's last column carry data nobody named: refuse rather than drop it.
    const stray = cells.findIndex((c, i) => i >= keys.length && c.trim() !== '')
    if (stray >= 0) issues.push({ row, column: null, message: withParams('catalog:import.errors.unnamedCell', { column: stray + 1 }) })

    const rowIssues: RowIssue[] = []
    const parsed = schema.safeParse(record)
    if (!parsed.success)
      for (const issue of parsed.error.issues) rowIssues.push({ row, column: issue.path.length ? String(issue.path[0]) : null, message: issue.message })
    // Duplicates are judged on the raw key, so a repeat of an invalid row is still reported.
    const keyValue = rowKey ? rowKey.of(record) : spec.keyColumn ? (record[spec.keyColumn] ?? '').trim() : null
    const first = keyValue ? firstRowOfKey.get(keyValue) : undefined
    if (first !== undefined && rowKey) rowIssues.push({ row, column: rowKey.column, message: rowKey.message(first, keyValue!) })
    else if (first !== undefined)
      rowIssues.push({ row, column: spec.keyColumn, message: withParams('catalog:import.errors.duplicateInFile', { value: keyValue, row: first }) })
    else if (keyValue) firstRowOfKey.set(keyValue, row)
    if (rowIssues.length || !parsed.success) issues.push(...rowIssues)
    else rows.push({ row, value: parsed.data })
  }
  return issues.length ? { ok: false, issues } : { ok: true, rows }
}

/** The header row of an export or a template; a template for a Chinese reader (locale zh-*) uses the columns' Chinese headers. */
export function headerRow(spec: ImportSpec, locale?: string): string[] {
  return spec.columns.map((c) => columnHeader(c, locale))
}

/** How a column is headed for a reader: its Chinese header in Chinese where it has one, else its key. */
export function columnHeader(c: ColumnSpec, locale?: string): string {
  return locale?.startsWith('zh') && c.zh ? c.zh : c.key
}
