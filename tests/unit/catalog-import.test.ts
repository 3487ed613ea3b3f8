import { describe, expect, it } from 'vitest'
import {
  categoryImportSpec,
  guardCell,
  mapHeaders,
  normalizeHeader,
  productImportSpec,
  unguardCell,
  validateGrid,
  warehouseImportSpec,
  type RowIssue,
} from '~/domain/catalog/catalog-import.rules'
import { categoryCodeLookup, categoryRowSchema, productRowSchema, warehouseRowSchema } from '~/domain/catalog/catalog-import.validation'
import { percentToRate, rateToPercent } from '~/domain/catalog/catalog.rules'
import { attachmentDisposition, checkUploadBytes, contentMatches, safeDownloadName, zipEntries } from '~/domain/files/file-types'
import { parseMessage } from '~/utils/validation'

const schema = productRowSchema({ categoryCodes: categoryCodeLookup(['ELEC', 'METAL']) })
const header = ['sku', 'name_en', 'name_zh', 'category', 'unit', 'tax_rate', 'tracking', 'active']
const good = ['EL-9001', 'Film capacitor', '薄膜电容', 'ELEC', 'pcs', '13', 'batch', 'yes']

/** A zip archive with stored (uncompressed) entries, built by hand so the test depends on no zip library. */
function storedZip(entries: Record<string, string>): Uint8Array {
  const local: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const [name, text] of Object.entries(entries)) {
    const nameBytes = Buffer.from(name)
    const data = Buffer.from(text)
    const head = Buffer.alloc(30)
    head.writeUInt32LE(0x04034b50, 0)
    head.writeUInt16LE(10, 4)
    head.writeUInt32LE(data.length, 18)
    head.writeUInt32LE(data.length, 22)
    head.writeUInt16LE(nameBytes.length, 26)
    local.push(head, nameBytes, data)
    const dir = Buffer.alloc(46)
    dir.writeUInt32LE(0x02014b50, 0)
    dir.writeUInt16LE(20, 4)
    dir.writeUInt16LE(10, 6)
    dir.writeUInt32LE(data.length, 20)
    dir.writeUInt32LE(data.length, 24)
    dir.writeUInt16LE(nameBytes.length, 28)
    dir.writeUInt32LE(offset, 42)
    central.push(dir, nameBytes)
    offset += 30 + nameBytes.length + data.length
  }
  const centralBytes = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Object.keys(entries).length, 8)
  end.writeUInt16LE(Object.keys(entries).length, 10)
  end.writeUInt32LE(centralBytes.length, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...local, centralBytes, end]))
}

function issuesOf(grid: string[][]): RowIssue[] {
  const result = validateGrid(grid, productImportSpec, schema)
  if (result.ok) throw new Error('expected the grid to be refused')
  return result.issues
}
const keyOf = (issue: RowIssue) => parseMessage(issue.message)[0]

describe('product import rows', () => {
  it('accepts good rows and turns cells into typed values', () => {
    const result = validateGrid([header, good, ['MT-9', 'Bolt', '螺栓', 'metal', 'kg', '9.5%', '', '']], productImportSpec, schema)
    expect(result).toEqual({
      ok: true,
      rows: [
        { row: 2, value: { sku: 'EL-9001', name_en: 'Film capacitor', name_zh: '薄膜电容', category: 'ELEC', unit: 'pcs', tax_rate: '0.1300', tracking: 'batch', active: true, whole_units: true } },
        // category matched regardless of case; blank tracking, active and whole units take their defaults (kg is weighed)
        { row: 3, value: { sku: 'MT-9', name_en: 'Bolt', name_zh: '螺栓', category: 'METAL', unit: 'kg', tax_rate: '0.0950', tracking: 'none', active: true, whole_units: false } },
      ],
    })
  })

  it('reads whole units as typed, else from the unit, and refuses decimals for a serial-tracked product', () => {
    const wholeHeader = [...header, 'whole_units']
    const rows = (cells: string[][]) => validateGrid([wholeHeader, ...cells], productImportSpec, schema)
    const ok = rows([
      ['A-1', 'Wire', '电线', 'ELEC', 'm', '13', '', '', ''],
      ['A-2', 'Wire by the reel', '整卷电线', 'ELEC', 'm', '13', '', '', 'yes'],
      ['A-3', 'Cut bolts', '散装螺栓', 'ELEC', 'pcs', '13', '', '', '否'],
      ['A-4', 'Board', '主板', 'ELEC', 'pcs', '13', 'serial', '', ''],
    ])
    expect(ok.ok && ok.rows.map((r) => [r.value.sku, r.value.whole_units])).toEqual([
      ['A-1', false],
      ['A-2', true],
      ['A-3', false],
      ['A-4', true],
    ])
    const bad = rows([['A-5', 'Board', '主板', 'ELEC', 'pcs', '13', 'serial', '', 'no'], ['A-6', 'Board', '主板', 'ELEC', 'pcs', '13', '', '', 'maybe']])
    expect(!bad.ok && bad.issues.map((i) => [i.row, i.column, i.message])).toEqual([
      [2, 'whole_units', 'catalog:import.errors.serialWholeUnits'],
      [3, 'whole_units', 'catalog:import.errors.flag'],
    ])
  })

  it('accepts the Chinese and spelled-out headers and Chinese flag words', () => {
    const zhHeader = ['物料编码', '英文名称', '中文名称', '类别', '单位', '税率（%）', '追踪方式', '启用']
    const result = validateGrid([zhHeader, ['A-1', 'Widget', '小部件', 'ELEC', 'pcs', '6', '序列号', '否']], productImportSpec, schema)
    expect(result.ok && result.rows[0].value).toMatchObject({ sku: 'A-1', tax_rate: '0.0600', tracking: 'serial', active: false })
    const enHeader = ['SKU', 'English name', 'Chinese name', 'Category', 'Unit', 'Tax rate (%)', 'Tracking', 'Active']
    expect(validateGrid([enHeader, good], productImportSpec, schema).ok).toBe(true)
  })

  it('normalises headers: case, spaces, underscores, brackets and full-width forms', () => {
    expect(normalizeHeader('Tax rate (%)')).toBe('taxrate')
    expect(normalizeHeader('TAX_RATE')).toBe('taxrate')
    expect(normalizeHeader('税率（%）')).toBe('税率')
    expect(mapHeaders(['Name (EN)', ' name_zh '], productImportSpec).keys).toEqual(['name_en', 'name_zh'])
  })

  it('reports an unknown category, a bad tax rate, missing names and a bad SKU, each on its row and column', () => {
    const issues = issuesOf([
      header,
      good,
      ['EL-9002', 'Thing', '东西', 'NOPE', 'pcs', '13', '', ''],
      ['EL-9003', 'Thing', '东西', 'ELEC', 'pcs', '130', '', ''],
      ['EL-9004', '', '', 'ELEC', 'pcs', '13', '', ''],
      ['bad sku!', 'Thing', '东西', 'ELEC', 'pcs', '0.1234', '', ''],
    ])
    expect(issues.map((i) => [i.row, i.column, keyOf(i)])).toEqual([
      [3, 'category', 'catalog:import.errors.unknownCategory'],
      [4, 'tax_rate', 'catalog:errors.taxRate'],
      [5, 'name_en', 'errors:field.required'],
      [5, 'name_zh', 'errors:field.required'],
      [6, 'sku', 'catalog:errors.skuFormat'],
      [6, 'tax_rate', 'catalog:errors.taxRate'],
    ])
    expect(parseMessage(issues[0].message)[1]).toEqual({ code: 'NOPE' })
  })

  it('refuses tax rates outside 0 ≤ rate < 100 % or finer than the database keeps', () => {
    for (const bad of ['100', '-1', '13.555', 'abc', '1e1', '0x10', '']) expect(percentToRate(bad), bad).toBeNull()
    expect(percentToRate('0')).toBe('0.0000')
    expect(percentToRate('99.99')).toBe('0.9999')
    expect(percentToRate(' 13 % ')).toBe('0.1300')
    expect(rateToPercent('0.1300')).toBe('13')
    expect(rateToPercent('0.0950')).toBe('9.5')
    expect(rateToPercent('0.9999')).toBe('99.99')
  })

  it('reports a SKU repeated in the file on the later row, naming the first', () => {
    const issues = issuesOf([header, good, ['EL-9002', 'Other', '其他', 'ELEC', 'pcs', '13'], [...good]])
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ row: 4, column: 'sku' })
    expect(parseMessage(issues[0].message)).toEqual(['catalog:import.errors.duplicateInFile', { value: 'EL-9001', row: 2 }])
  })

  it('reports a repeat even when the first occurrence is itself invalid', () => {
    const bad = ['EL-1', 'X', '某', 'ELEC', 'pcs', '500']
    const issues = issuesOf([header, bad, ['EL-1', 'X', '某', 'ELEC', 'pcs', '13']])
    expect(issues.map((i) => [i.row, keyOf(i)])).toEqual([
      [2, 'catalog:errors.taxRate'],
      [3, 'catalog:import.errors.duplicateInFile'],
    ])
  })

  it('refuses unknown tracking words and flags', () => {
    const issues = issuesOf([header, ['EL-1', 'X', '某', 'ELEC', 'pcs', '13', 'weekly', 'maybe']])
    expect(issues.map((i) => [i.column, keyOf(i)])).toEqual([
      ['tracking', 'catalog:import.errors.tracking'],
      ['active', 'catalog:import.errors.flag'],
    ])
  })

  it('checks the header row before any data row: missing, unknown and repeated columns', () => {
    const issues = issuesOf([['sku', 'name_en', 'colour', 'SKU'], good])
    expect(issues.map((i) => [i.row, keyOf(i)])).toEqual([
      [1, 'catalog:import.errors.unknownColumn'],
      [1, 'catalog:import.errors.duplicateColumn'],
      [1, 'catalog:import.errors.missingColumn'],
      [1, 'catalog:import.errors.missingColumn'],
      [1, 'catalog:import.errors.missingColumn'],
      [1, 'catalog:import.errors.missingColumn'],
    ])
    expect(issues.filter((i) => keyOf(i) === 'catalog:import.errors.missingColumn').map((i) => i.column)).toEqual(['name_zh', 'category', 'unit', 'tax_rate'])
  })

  it('skips blank rows but keeps the spreadsheet row numbers', () => {
    const issues = issuesOf([header, good, ['', '  ', ''], [], ['EL-2', '', '某', 'ELEC', 'pcs', '13']])
    expect(issues.map((i) => i.row)).toEqual([5])
  })

  it('refuses an empty sheet, a sheet without data and a value under no header', () => {
    expect(issuesOf([]).map(keyOf)).toEqual(['catalog:import.errors.noHeader'])
    expect(issuesOf([header, ['', '']]).map(keyOf)).toEqual(['catalog:import.errors.noRows'])
    expect(issuesOf([header, [...good, 'stray']]).map((i) => [i.row, keyOf(i)])).toEqual([[2, 'catalog:import.errors.unnamedCell']])
  })

  it('refuses more rows than one import may carry', () => {
    const rows = Array.from({ length: productImportSpec.maxRows + 1 }, (_, i) => [`S-${i}`, 'n', '名', 'ELEC', 'pcs', '13'])
    expect(issuesOf([header, ...rows]).map(keyOf)).toEqual(['catalog:import.errors.tooManyRows'])
  })

  it('takes off the quote exports put before formula-like cells, and only that', () => {
    expect(guardCell('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`)
    expect(guardCell('-40 °C cable')).toBe(`'-40 °C cable`)
    expect(guardCell('plain')).toBe('plain')
    expect(guardCell('＝HYPERLINK("x")')).toBe(`'＝HYPERLINK("x")`)
    for (const v of ['=1+1', '+86', '-x', '@sum', '＋86', '＠sum', 'plain', "'quoted"]) expect(unguardCell(guardCell(v))).toBe(v)
    const result = validateGrid([header, ["'-EL", "'=cmd", '名', 'ELEC', 'pcs', '13']], productImportSpec, schema)
    expect(result.ok).toBe(false) // "-EL" is not a valid SKU; the name "=cmd" is fine
    expect(!result.ok && result.issues.map((i) => i.column)).toEqual(['sku'])
  })
})

describe('category and warehouse import rows', () => {
  it('validates category codes and names', () => {
    const result = validateGrid(
      [
        ['Code', '英文名称', '中文名称'],
        ['TOOLS', 'Tools', '工具'],
        ['bad code', 'X', ''],
        ['TOOLS', 'Tools again', '工具'],
      ],
      categoryImportSpec,
      categoryRowSchema(),
    )
    expect(!result.ok && result.issues.map((i) => [i.row, i.column, keyOf(i)])).toEqual([
      [3, 'code', 'catalog:errors.codeFormat'],
      [3, 'name_zh', 'errors:field.required'],
      [4, 'code', 'catalog:import.errors.duplicateInFile'],
    ])
  })

  it('splits bin lists and refuses bad or repeated bins', () => {
    const head = ['code', 'name_en', 'name_zh', 'address', 'bins']
    const ok = validateGrid([head, ['WH1', 'One', '一号', '', 'A-01, A-02；B-01']], warehouseImportSpec, warehouseRowSchema())
    expect(ok.ok && ok.rows[0].value).toEqual({ code: 'WH1', name_en: 'One', name_zh: '一号', address: null, bins: ['A-01', 'A-02', 'B-01'] })
    const bad = validateGrid([head, ['WH2', 'Two', '二号', '', 'A 1'], ['WH3', 'Three', '三号', '', 'X, X']], warehouseImportSpec, warehouseRowSchema())
    expect(!bad.ok && bad.issues.map((i) => [i.row, keyOf(i)])).toEqual([
      [2, 'catalog:import.errors.binCode'],
      [3, 'catalog:import.errors.binDuplicate'],
    ])
  })
})

describe('uploaded file checks', () => {
  const csv = new TextEncoder().encode('sku,name_en\nA,陶瓷\n')
  it('accepts a UTF-8 CSV by extension and content, and refuses a binary one', () => {
    expect(checkUploadBytes('x.CSV', csv, ['xlsx', 'csv'], 1000)).toEqual({ ok: true, kind: 'csv' })
    expect(checkUploadBytes('x.csv', new Uint8Array([0x61, 0x00, 0x62]), ['csv'], 1000)).toEqual({ ok: false, reason: 'contentMismatch' })
    expect(checkUploadBytes('x.csv', new Uint8Array([0xc3, 0x28]), ['csv'], 1000)).toEqual({ ok: false, reason: 'contentMismatch' }) // not UTF-8
    expect(checkUploadBytes('x.exe', csv, ['xlsx', 'csv'], 1000)).toEqual({ ok: false, reason: 'badType' })
    expect(checkUploadBytes('x.csv', csv, ['csv'], 5)).toEqual({ ok: false, reason: 'tooLarge' })
    expect(checkUploadBytes(`${'x'.repeat(252)}.csv`, csv, ['csv'], 1000)).toEqual({ ok: false, reason: 'nameTooLong' })
    expect(checkUploadBytes(`${'x'.repeat(251)}.csv`, csv, ['csv'], 1000)).toEqual({ ok: true, kind: 'csv' })
    expect(checkUploadBytes('x.csv', new Uint8Array(), ['csv'], 5)).toEqual({ ok: false, reason: 'empty' })
    expect(checkUploadBytes('', new Uint8Array(), ['csv'], 5)).toEqual({ ok: false, reason: 'missing' }) // no file chosen
  })
  it('tells a workbook from another zip by the entries of its central directory', () => {
    const workbook = storedZip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>', 'xl/worksheets/sheet1.xml': '<x/>' })
    expect(zipEntries(workbook)?.map((e) => e.name)).toEqual(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml'])
    expect(contentMatches('xlsx', workbook)).toBe(true)
    expect(contentMatches('xlsx', storedZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w/>' }))).toBe(false) // a .docx
    expect(contentMatches('xlsx', csv)).toBe(false)
    expect(contentMatches('xlsx', workbook.subarray(0, workbook.length - 10))).toBe(false) // truncated
    expect(checkUploadBytes('sheet.xlsx', workbook, ['xlsx', 'csv'], 10_000)).toEqual({ ok: true, kind: 'xlsx' })
    expect(checkUploadBytes('sheet.csv', workbook, ['xlsx', 'csv'], 10_000)).toEqual({ ok: false, reason: 'contentMismatch' })
  })
  it('names downloads safely, whatever the client called the file', () => {
    expect(safeDownloadName('../../etc/passwd', 'csv')).toBe('passwd.csv')
    expect(safeDownloadName('产品"目录";\r\n.xlsx', 'xlsx')).toBe('产品目录.xlsx')
    expect(safeDownloadName('report.exe', 'pdf')).toBe('report.pdf')
    expect(safeDownloadName('...', 'pdf')).toBe('file.pdf')
    expect(attachmentDisposition('产品 目录.pdf')).toBe(`attachment; filename="__ __.pdf"; filename*=UTF-8''%E4%BA%A7%E5%93%81%20%E7%9B%AE%E5%BD%95.pdf`)
  })
})
