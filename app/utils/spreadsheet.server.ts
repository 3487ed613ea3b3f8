// Spreadsheets as grids of text cells, read and written with exceljs. What the cells mean is the caller's business.
import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
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

function worksheetGrid(ws: ExcelJS.Worksheet): Grid {
  const grid: Grid = []
  const width = ws.columnCount
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r)
    const cells: string[] = []
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c)
      cells.push(cellText(cell.value, cell.numFmt))
    }
    while (cells.length && cells[cells.length - 1] === '') cells.pop()
    grid.push(cells)
  }
  return grid
}

/** Semicolons separate fields in CSVs saved by spreadsheet programs in some locales. */
function guessDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/))
  return !firstLine.includes(',') && firstLine.includes(';') ? ';' : firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ','
}

/** The first worksheet of an .xlsx, or the rows of a UTF-8 .csv, as text. */
export async function readSpreadsheet(format: SpreadsheetFormat, bytes: Uint8Array): Promise<Grid> {
  try {
    const wb = new ExcelJS.Workbook()
    if (format === 'xlsx') {
      await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as any)
      const ws = wb.worksheets[0]
      return ws ? worksheetGrid(ws) : []
    }
    // TextDecoder drops a leading byte-order mark; fatal refuses anything that is not UTF-8.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    const ws = await wb.csv.read(Readable.from([text]), {
      map: (value: unknown) => value, // keep "007" and "2026-01-01" as typed
      parserOptions: { delimiter: guessDelimiter(text) },
    })
    return worksheetGrid(ws)
  } catch (err) {
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
