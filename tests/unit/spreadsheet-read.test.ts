import { deflateRawSync } from 'node:zlib'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { zipEntries } from '~/domain/files/file-types'
import { MAX_XLSX_UNPACKED_BYTES, readSpreadsheet, SpreadsheetTooLargeError, UnreadableSpreadsheetError, type SheetLimits } from '~/utils/spreadsheet.server'

const limits: SheetLimits = { rows: 1000, columns: 20 }

async function workbook(fill: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  fill(wb.addWorksheet('Sheet1'))
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

const text = (s: string) => new TextEncoder().encode(s)

/** What readSpreadsheet refused the bytes with: the limit and its number, or the error's name. */
async function refusal(format: 'xlsx' | 'csv', bytes: Uint8Array, within: SheetLimits = limits) {
  try {
    await readSpreadsheet(format, bytes, within)
  } catch (err) {
    return err instanceof SpreadsheetTooLargeError ? { limit: err.limit, max: err.max } : (err as Error).name
  }
  return 'read'
}

/**
 * The workbook with one more deflated entry of `size` zero bytes, which the archive says unpacks to `declared`
 * bytes: the local part and central directory of the original are copied, the entry added after each.
 */
function withExtraEntry(zip: Uint8Array, size: number, declared = size): Uint8Array {
  const bytes = Buffer.from(zip)
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  const count = bytes.readUInt16LE(eocd + 10)
  const cdSize = bytes.readUInt32LE(eocd + 12)
  const cdOffset = bytes.readUInt32LE(eocd + 16)
  const name = Buffer.from('xl/media/filler.bin')
  const data = deflateRawSync(Buffer.alloc(size), { level: 9 })
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt16LE(8, 8)
  local.writeUInt32LE(data.length, 18)
  local.writeUInt32LE(declared, 22)
  local.writeUInt16LE(name.length, 26)
  const dir = Buffer.alloc(46)
  dir.writeUInt32LE(0x02014b50, 0)
  dir.writeUInt16LE(20, 4)
  dir.writeUInt16LE(20, 6)
  dir.writeUInt16LE(8, 10)
  dir.writeUInt32LE(data.length, 20)
  dir.writeUInt32LE(declared, 24)
  dir.writeUInt16LE(name.length, 28)
  dir.writeUInt32LE(cdOffset, 42)
  const newCdOffset = cdOffset + local.length + name.length + data.length
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(count + 1, 8)
  end.writeUInt16LE(count + 1, 10)
  end.writeUInt32LE(cdSize + dir.length + name.length, 12)
  end.writeUInt32LE(newCdOffset, 16)
  return new Uint8Array(Buffer.concat([bytes.subarray(0, cdOffset), local, name, data, bytes.subarray(cdOffset, cdOffset + cdSize), dir, name, end]))
}

describe('a sheet is read by the cells it holds, never by its bounding box', () => {
  it('keeps every row on its sheet number: an empty row in the middle counts, cells past the last are not made up', async () => {
    const bytes = await workbook((ws) => {
      ws.getCell('A1').value = 'sku'
      ws.getCell('B1').value = 'qty'
      ws.getCell('A2').value = 'EL-1001'
      ws.getCell('B2').value = 5
      ws.getCell('A4').value = 'EL-1002'
      ws.getCell('C6').value = 'note'
    })
    expect(await readSpreadsheet('xlsx', bytes, limits)).toEqual([['sku', 'qty'], ['EL-1001', '5'], [], ['EL-1002'], [], ['', '', 'note']])
    expect(await readSpreadsheet('csv', text('sku,qty\nEL-1001,5\n\nEL-1002\r\n'), limits)).toEqual([['sku', 'qty'], ['EL-1001', '5'], [], ['EL-1002']])
  })

  it('refuses a few-KB workbook with a cell in its last row and column, or far down and right, saying which limit it passes', async () => {
    const corner = await workbook((ws) => {
      ws.getCell('A1').value = 'sku'
      ws.getCell('XFD1048576').value = 'x'
    })
    expect(corner.length).toBeLessThan(10_000)
    expect(await refusal('xlsx', corner)).toEqual({ limit: 'rows', max: 1000 })
    const far = await workbook((ws) => {
      ws.getCell('A1').value = 'sku'
      ws.getRow(5000).getCell(4000).value = 1
    })
    expect(await refusal('xlsx', far, { rows: 10_000, columns: 59 })).toEqual({ limit: 'columns', max: 59 })
    const wide = await workbook((ws) => {
      ws.getCell('A1').value = 'sku'
      ws.getRow(2).getCell(200).value = 'x'
    })
    expect(await refusal('xlsx', wide)).toEqual({ limit: 'columns', max: 20 })
  })

  it('refuses a CSV with thousands of fields on a line, or thousands of lines, before parsing it', async () => {
    expect(await refusal('csv', text(`${','.repeat(5000)}\n${'a\n'.repeat(1000)}`))).toEqual({ limit: 'columns', max: 20 })
    expect(await refusal('csv', text('sku,qty\n' + 'A,1\n'.repeat(5000)))).toEqual({ limit: 'rows', max: 1000 })
    expect(await refusal('csv', text('sku;qty\n' + 'A;1\n'.repeat(999)))).toBe('read') // the header and 999 rows: exactly the limit
    // A quote inside a field is a character (as the parser reads it), so it does not hide the lines after it.
    expect(await refusal('csv', text('sku,qty\nA"B,1\n' + 'A,1\n'.repeat(5000)))).toEqual({ limit: 'rows', max: 1000 })
  })

  it('counts a quoted field as one, whatever commas and line breaks it holds', async () => {
    const bins = Array.from({ length: 100 }, (_, i) => `A-${i}`).join(', ')
    const grid = await readSpreadsheet('csv', text(`code,bins,address\nSH,"${bins}"," 上海\n浦东 ""88"""\n`), limits)
    expect(grid).toEqual([
      ['code', 'bins', 'address'],
      ['SH', bins, ' 上海\n浦东 "88"'],
    ])
  })
})

describe('a workbook is not unpacked past the limit', () => {
  it('refuses a workbook whose entries unpack to more than the limit, whether the archive says so or not', async () => {
    const normal = await workbook((ws) => ws.addRow(['sku', 'qty']))
    expect(await readSpreadsheet('xlsx', withExtraEntry(normal, 1024), limits)).toEqual([['sku', 'qty']])
    const bomb = withExtraEntry(normal, MAX_XLSX_UNPACKED_BYTES + 1)
    expect(bomb.length).toBeLessThan(100_000)
    expect(await refusal('xlsx', bomb)).toEqual({ limit: 'unpacked', max: 20 })
    const lying = withExtraEntry(normal, MAX_XLSX_UNPACKED_BYTES + 1, 1024)
    expect(zipEntries(lying)!.reduce((sum, e) => sum + e.size, 0)).toBeLessThan(MAX_XLSX_UNPACKED_BYTES)
    expect(await refusal('xlsx', lying)).toEqual({ limit: 'unpacked', max: 20 })
  })

  it('still calls a file that is no workbook unreadable', async () => {
    expect(await refusal('xlsx', text('PK\u0003\u0004 not really'))).toBe(new UnreadableSpreadsheetError(null).name)
  })
})
