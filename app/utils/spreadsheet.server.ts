// Spreadsheets as grids of text cells, read and written with exceljs. What the cells mean is the caller's business.
import { Readable } from 'node:stream'
import { inflateRawSync } from 'node:zlib'
import ExcelJS from 'exceljs'
import { zipEntries } from '~/domain/files/file-types'
import { D } from '~/utils/money'

export type Grid = string[][]
export type SpreadsheetFormat = 'xlsx' | 'csv'

export const spreadsheetMime: Record<SpreadsheetFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
}

export class UnreadableSpreadsheetError extends Error {
  constructor(cause: unknown) {
    super('unreadable spreadsheet', { cause })
    this.name = 'UnreadableSpreadsheetError'
  }
}

/**
 * How far a sheet read may reach: the last row and the last column that may hold a value (the header is row 1).
 * They bound the work and memory of a read, whatever the file claims; the import's own checks come after.
 */
export interface SheetLimits {
  rows: number
  columns: number
}

export const DEFAULT_SHEET_LIMITS: SheetLimits = { rows: 10_000, columns: 100 }

/**
 * exceljs unpacks and models a whole workbook before a cell can be looked at: ~40 MB of sheet XML took it 5 s and
 * 700 MB of memory. The largest import (20,000 price rows) is ~3 MB of XML, so this leaves room for pictures and
 * other sheets.
 */
export const MAX_XLSX_UNPACKED_BYTES = 20 * 1024 * 1024

/** `max` is a row or column number, or megabytes for 'unpacked'. */
export class SpreadsheetTooLargeError extends Error {
  constructor(
    readonly limit: 'rows' | 'columns' | 'unpacked',
    readonly max: number,
  ) {
    super(`spreadsheet beyond its ${limit} limit of ${max}`)
    this.name = 'SpreadsheetTooLargeError'
  }
}

/** A number as the user sees it: Excel keeps "13%" as 0.13 with a percent format. */
function numberText(value: number, numFmt: string | undefined): string {
  if (!Number.isFinite(value)) return ''
  if (numFmt && numFmt.includes('%')) return new D(String(value)).times(100).toString()
  return String(value)
}

function cellText(value: ExcelJS.CellValue, numFmt: string | undefined): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return numberText(value, numFmt)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if ('richText' in value) return value.richText.map((r) => r.text).join('')
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue, numFmt)
  if ('hyperlink' in value) return cellText((value as ExcelJS.CellHyperlinkValue).text as ExcelJS.CellValue, numFmt)
  if ('error' in value) return String(value.error)
  return ''
}

// Excel's own last row: exceljs keeps rows in an array as long as the last row number, which a crafted file sets at will.
const EXCEL_MAX_ROWS = 1_048_576

/**
 * Only the cells that hold something are visited (a sheet's bounding box can be 16384 × 1048576 with two cells in
 * it); each lands at its own place, so an empty row in the middle keeps the rows after it on their sheet numbers.
 */
function worksheetGrid(ws: ExcelJS.Worksheet, limits: SheetLimits): Grid {
  if (ws.rowCount > EXCEL_MAX_ROWS) throw new SpreadsheetTooLargeError('rows', limits.rows)
  const grid: Grid = []
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    if (r > limits.rows) throw new SpreadsheetTooLargeError('rows', limits.rows)
    // cellCount is the last column with a cell, valued or only formatted: past the limit, its cells are not looked at one by one.
    if (row.cellCount > limits.columns) throw new SpreadsheetTooLargeError('columns', limits.columns)
    const cells: string[] = Array<string>(row.cellCount).fill('')
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      cells[c - 1] = cellText(cell.value, cell.numFmt)
    })
    while (cells.length && cells[cells.length - 1] === '') cells.pop()
    grid[r - 1] = cells
  })
  for (let r = 0; r < grid.length; r++) grid[r] ??= []
  return grid
}

/** Semicolons separate fields in CSVs saved by spreadsheet programs in some locales. */
function guessDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/))
  return !firstLine.includes(',') && firstLine.includes(';') ? ';' : firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ','
}

const QUOTE = 0x22
const LF = 0x0a
const CR = 0x0d
const SPACE = /\s/

/**
 * Refuses a CSV with more records or more fields in a record than the limits, before it is parsed: the parser
 * makes a cell of every field, empty or not, so a few KB of commas would be millions of cells. It follows
 * fast-csv's reading of quotes (a field is quoted when its first character other than white space is a quote;
 * "" inside is one quote), so it counts what the parser will make, and never fewer.
 */
function checkCsvExtent(text: string, delimiter: string, limits: SheetLimits): void {
  const delim = delimiter.charCodeAt(0)
  let records = 1
  let fields = 1
  let quoted = false
  let fieldStart = true
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (quoted) {
      if (ch !== QUOTE) continue
      if (text.charCodeAt(i + 1) === QUOTE) i++
      else quoted = false
    } else if (ch === delim) {
      if (++fields > limits.columns) throw new SpreadsheetTooLargeError('columns', limits.columns)
      fieldStart = true
    } else if (ch === LF || ch === CR) {
      if (ch === CR && text.charCodeAt(i + 1) === LF) i++
      // A line break at the very end starts no record.
      if (i + 1 < text.length && ++records > limits.rows) throw new SpreadsheetTooLargeError('rows', limits.rows)
      fields = 1
      fieldStart = true
    } else if (fieldStart) {
      if (ch === QUOTE) quoted = true
      if (ch === QUOTE || !SPACE.test(text[i])) fieldStart = false
    }
  }
}

/**
 * Refuses a workbook that unpacks to more than MAX_XLSX_UNPACKED_BYTES before exceljs unpacks it. The sizes the zip
 * declares are the uploader's to write, so each entry is inflated (and thrown away) with a cap on what it may produce.
 */
function checkUnpackedSize(bytes: Uint8Array): void {
  const entries = zipEntries(bytes)
  if (!entries) throw new UnreadableSpreadsheetError(new Error('no zip central directory'))
  const max = MAX_XLSX_UNPACKED_BYTES
  const tooLarge = () => new SpreadsheetTooLargeError('unpacked', Math.round(max / 1024 / 1024))
  if (entries.reduce((sum, e) => sum + e.size, 0) > max) throw tooLarge()
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let unpacked = 0
  for (const e of entries) {
    if (e.method !== 8 || e.offset + 30 > bytes.length || view.getUint32(e.offset, true) !== 0x04034b50) {
      // Stored data is no larger in the file than unpacked; an entry jszip cannot unpack either counts as declared.
      unpacked += e.size
    } else {
      const start = e.offset + 30 + view.getUint16(e.offset + 26, true) + view.getUint16(e.offset + 28, true)
      try {
        unpacked += inflateRawSync(bytes.subarray(start, start + e.compressedSize), { maxOutputLength: Math.max(1, max - unpacked) }).length
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge()
        // A broken entry is exceljs's to refuse, if it reads that entry at all; it stopped before producing too much.
        unpacked += e.size
      }
    }
    if (unpacked > max) throw tooLarge()
  }
}

/**
 * The first worksheet of an .xlsx, or the rows of a UTF-8 .csv, as text. A sheet reaching past the limits is
 * refused (SpreadsheetTooLargeError) without being read whole; anything else unreadable is an UnreadableSpreadsheetError.
 */
export async function readSpreadsheet(format: SpreadsheetFormat, bytes: Uint8Array, limits: SheetLimits = DEFAULT_SHEET_LIMITS): Promise<Grid> {
  try {
    const wb = new ExcelJS.Workbook()
    if (format === 'xlsx') {
      checkUnpackedSize(bytes)
      await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as any)
      const ws = wb.worksheets[0]
      return ws ? worksheetGrid(ws, limits) : []
    }
    // TextDecoder drops a leading byte-order mark; fatal refuses anything that is not UTF-8.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    const delimiter = guessDelimiter(text)
    checkCsvExtent(text, delimiter, limits)
    const ws = await wb.csv.read(Readable.from([text]), {
      map: (value: unknown) => value, // keep "007" and "2026-01-01" as typed
      parserOptions: { delimiter },
    })
    return worksheetGrid(ws, limits)
  } catch (err) {
    if (err instanceof SpreadsheetTooLargeError || err instanceof UnreadableSpreadsheetError) throw err
    throw new UnreadableSpreadsheetError(err)
  }
}

export interface SheetOptions {
  sheetName: string
  /** Column widths in characters, by position. */
  widths?: number[]
  /** Applied to every CSV cell (not xlsx, whose text cells are never formulas). */
  csvCell?: (value: string) => string
  /**
   * xlsx only, by position: the columns of figures. A cell there holding a decimal is written as a
   * number with this format (or the format the function gives for its text), so it can be added up;
   * any other text (a mark like ∞, an empty cell) stays text.
   */
  numberFormats?: ReadonlyArray<NumberFormat | undefined>
}

export type NumberFormat = string | ((value: string) => string)

const DECIMAL_RE = /^-?\d+(\.\d+)?$/

/** Thousands separated, with as many decimals as the text has: 1234.5 as 1,234.5, 60 as 60. */
export function decimalFormat(value: string): string {
  const decimals = value.split('.')[1]?.length ?? 0
  return decimals ? `#,##0.${'0'.repeat(decimals)}` : '#,##0'
}

/** Writes text cells (figures as numbers where numberFormats says); the first row is the header. CSV gets a BOM so spreadsheet programs read it as UTF-8. */
export async function writeSpreadsheet(format: SpreadsheetFormat, grid: Grid, opts: SheetOptions): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Caixiao'
  const ws = wb.addWorksheet(opts.sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] })
  const guard = format === 'csv' && opts.csvCell ? opts.csvCell : (v: string) => v
  for (const cells of grid) ws.addRow(cells.map(guard))
  if (format === 'csv') return Buffer.from(await wb.csv.writeBuffer({ formatterOptions: { writeBOM: true } }))
  ws.getRow(1).font = { bold: true }
  opts.widths?.forEach((w, i) => {
    ws.getColumn(i + 1).width = w
  })
  // Text format keeps codes like "007" from being turned into numbers when someone edits the sheet.
  for (const col of ws.columns ?? []) col.numFmt = '@'
  const formats = opts.numberFormats ?? []
  ws.eachRow((row, r) => {
    if (r === 1) return
    formats.forEach((format, i) => {
      const cell = row.getCell(i + 1)
      if (!format || typeof cell.value !== 'string' || !DECIMAL_RE.test(cell.value)) return
      const text = cell.value
      cell.value = Number(text)
      cell.numFmt = typeof format === 'function' ? format(text) : format
    })
  })
  return Buffer.from(await wb.xlsx.writeBuffer())
}
