import { createInstance } from 'i18next'
import { describe, expect, it } from 'vitest'
import { validateGrid } from '~/domain/catalog/catalog-import.rules'
import { skuLookup } from '~/domain/catalog/catalog-import.validation'
import { openingBalanceImportSpec, openingBalanceRowKey, openingBalanceRowSchema } from '~/domain/inventory/opening-balance-import'
import { expandSerialRange, MAX_SERIALS, parseSerials, serialCountFits, serialCountMatches, trackingRefusal } from '~/domain/inventory/tracking.rules'
import { i18nOptions } from '~/i18n/i18n'
import { parseMessage } from '~/utils/validation'
import { openingLots, openingSerials } from '~db/seed/demo-data'

const serials = (text: string) => {
  const r = parseSerials(text)
  return r.ok ? r.serials : parseMessage(r.message)
}

describe('a list of serial numbers', () => {
  it('reads one per line, and commas, semicolons and spaces of either language between them', () => {
    expect(serials('SN-1\nSN-2\r\n\n  SN-3  ')).toEqual(['SN-1', 'SN-2', 'SN-3'])
    expect(serials('SN-1, SN-2；SN-3，SN-4、SN-5\tSN-6')).toEqual(['SN-1', 'SN-2', 'SN-3', 'SN-4', 'SN-5', 'SN-6'])
    expect(serials('  \n ')).toEqual([])
  })

  it('expands a range FROM..TO of one prefix, keeping the digits’ width', () => {
    expect(serials('SN-0008..SN-0011')).toEqual(['SN-0008', 'SN-0009', 'SN-0010', 'SN-0011'])
    expect(serials('MCU-24-000101..MCU-24-000103\nX-9')).toEqual(['MCU-24-000101', 'MCU-24-000102', 'MCU-24-000103', 'X-9'])
    // Unpadded numbers may grow a digit; padded ones must keep their width.
    expect(serials('SN-8..SN-11')).toEqual(['SN-8', 'SN-9', 'SN-10', 'SN-11'])
    expect(serials('SN-5..SN-5')).toEqual(['SN-5'])
    for (const bad of ['SN-0010..SN-0001', 'SN-0001..SX-0002', 'SN-01..SN-100', 'SN-A..SN-B', '..SN-2', 'SN-1..']) {
      expect(serials(bad), bad).toEqual(['inventory:errors.serialRange', { range: bad }])
    }
  })

  it('refuses a serial number twice (whatever its case), one too long, and more than can be received at once', () => {
    expect(serials('SN-1\nsn-1')).toEqual(['inventory:errors.serialDuplicate', { serial: 'sn-1' }])
    expect(serials('SN-0001..SN-0003\nSN-0002')).toEqual(['inventory:errors.serialDuplicate', { serial: 'SN-0002' }])
    expect(serials('x'.repeat(65))).toEqual(['inventory:errors.serialTooLong', { serial: `${'x'.repeat(20)}…`, max: 64 }])
    expect(serials('x'.repeat(64))).toEqual(['x'.repeat(64)])
    // A typo in a range's end must not write a million rows.
    expect(serials('SN-000001..SN-999999')).toEqual(['inventory:errors.serialsTooMany', { max: MAX_SERIALS }])
    expect(serials(`SN-0001..SN-${String(MAX_SERIALS).padStart(4, '0')}`)).toHaveLength(MAX_SERIALS)
    expect(serials(`A\nSN-0001..SN-${String(MAX_SERIALS).padStart(4, '0')}`)).toEqual(['inventory:errors.serialsTooMany', { max: MAX_SERIALS }])
    expect(expandSerialRange('SN-1..SN-3', 2)).toMatchObject({ ok: false })
  })

  it('names one serial number per unit of the quantity, whichever way it moves', () => {
    expect(serialCountMatches('3', 3)).toBe(true)
    expect(serialCountMatches('-3', 3)).toBe(true)
    expect(serialCountMatches('3', 2)).toBe(false)
    expect(serialCountMatches('2.5', 2)).toBe(false)
    expect([serialCountFits('0'), serialCountFits('1'), serialCountFits('1.0'), serialCountFits('2'), serialCountFits('0.5')]).toEqual([true, true, true, false, false])
  })
})

describe('what a tracked product’s move must name', () => {
  const batch = { sku: 'EL-1001', tracking: 'batch' as const }
  const serial = { sku: 'EL-1004', tracking: 'serial' as const }
  it('stock coming in names its batch or serial number; stock going out is judged by what the place holds', () => {
    expect(parseMessage(trackingRefusal(batch, { quantity: '5', batch: null })!)).toEqual(['inventory:errors.batchRequired', { sku: 'EL-1001' }])
    expect(parseMessage(trackingRefusal(serial, { quantity: '1', batch: null })!)).toEqual(['inventory:errors.serialsRequired', { sku: 'EL-1004' }])
    expect(trackingRefusal(batch, { quantity: '5', batch: '2610-C17' })).toBeNull()
    expect(trackingRefusal(batch, { quantity: '-5', batch: null })).toBeNull()
    expect(trackingRefusal({ sku: 'MT-2001', tracking: 'none' }, { quantity: '5', batch: null })).toBeNull()
  })
})

describe('an opening-balance file of tracked products', () => {
  const ctx = {
    skus: skuLookup(['EL-1001', 'EL-1004', 'MT-2001']),
    warehouses: skuLookup(['SH-MAIN', 'SZ-SOUTH']),
    warehouseBins: new Map([
      ['SH-MAIN', skuLookup(['A-01'])],
      ['SZ-SOUTH', skuLookup([])],
    ]),
    wholeUnitSkus: new Set(['EL-1001', 'EL-1004', 'MT-2001']),
    productBatches: new Map(),
    tracking: new Map([
      ['EL-1001', 'batch' as const],
      ['EL-1004', 'serial' as const],
    ]),
    serialsInStock: new Map([['EL-1004', new Set(['mcu-24-000101'])]]),
  }
  const issuesOf = (rows: string[][]) => {
    const r = validateGrid([['sku', 'warehouse', 'bin', 'batch', 'quantity'], ...rows], openingBalanceImportSpec, openingBalanceRowSchema(ctx), openingBalanceRowKey(ctx))
    return r.ok ? [] : r.issues.map((i) => [i.row, i.column, ...parseMessage(i.message)])
  }

  it('lists every row without its batch, a serial row of more than one unit, a serial in stock or listed twice', () => {
    expect(
      issuesOf([
        ['EL-1001', 'SH-MAIN', '', '', '5'],
        ['EL-1004', 'SH-MAIN', '', '', '1'],
        ['EL-1004', 'SH-MAIN', '', 'MCU-24-900001', '2'],
        ['EL-1004', 'SZ-SOUTH', '', 'mcu-24-900001', '1'],
        ['EL-1004', 'SZ-SOUTH', '', 'MCU-24-000101', '1'],
        ['MT-2001', 'SH-MAIN', '', '', '5'],
      ]),
    ).toEqual([
      [2, 'batch', 'inventory:errors.importBatchRequired', { sku: 'EL-1001' }],
      [3, 'batch', 'inventory:errors.importSerialRequired', { sku: 'EL-1004' }],
      [4, 'quantity', 'inventory:errors.importSerialQuantity', { sku: 'EL-1004' }],
      [5, 'sku', 'inventory:errors.importSerialTwice', { row: 4 }],
      [6, 'batch', 'inventory:errors.importSerialInStock', { sku: 'EL-1004', serial: 'MCU-24-000101' }],
    ])
    expect(issuesOf([['EL-1001', 'SH-MAIN', 'A-01', '2610-C17', '5'], ['EL-1004', 'SH-MAIN', '', 'MCU-24-900001', '1'], ['EL-1004', 'SH-MAIN', '', 'MCU-24-900002', '1.0']])).toEqual([])
  })

  it('reads a "Serial number" (序列号) column as the batch column: one identifier column for both', () => {
    for (const header of ['Serial number', '序列号', 'batch']) {
      const r = validateGrid([['SKU', 'Warehouse', header, 'Quantity'], ['EL-1004', 'SH-MAIN', 'MCU-24-900001', '1']], openingBalanceImportSpec, openingBalanceRowSchema(ctx), openingBalanceRowKey(ctx))
      expect(r.ok ? r.rows.map((x) => x.value.batch) : r.issues, header).toEqual(['MCU-24-900001'])
    }
  })

  it('says so in both languages', async () => {
    const i18n = createInstance()
    await i18n.init({ ...i18nOptions, lng: 'en' })
    expect(i18n.t('inventory:errors.importSerialQuantity', { sku: 'EL-1004' })).toBe('EL-1004 is tracked by serial number: each row is one unit (quantity 1).')
    expect(i18n.t('inventory:errors.importSerialQuantity', { sku: 'EL-1004', lng: 'zh-CN' })).toBe('EL-1004 按序列号管理：每行为一件（数量为 1）。')
    expect(i18n.t('inventory:errors.importSerialTwice', { row: 4, lng: 'zh-CN' })).toBe('该序列号已在文件第 4 行出现。')
  })
})

describe('the demo’s opening stock', () => {
  it('splits each batch-tracked product’s stock into a few lots whose names sort as they came in', () => {
    for (const [warehouse, qty] of [['SH-MAIN', 200], ['SZ-SOUTH', 75], ['SH-MAIN', 561]] as const) {
      const lots = openingLots('EL-1001', warehouse, qty)
      expect(lots.reduce((s, [, q]) => s + q, 0)).toBe(qty)
      expect(lots.every(([, q]) => q > 0 && Number.isInteger(q))).toBe(true)
      expect(lots.map(([b]) => b)).toEqual([...lots.map(([b]) => b)].sort())
    }
    expect(openingLots('EL-1001', 'SH-MAIN', 200).map(([b]) => b)).toEqual(['2607-C04', '2609-C11', '2610-C17'])
    // The resistors' older lot is exactly what North's shipped demo order takes.
    expect(openingLots('EL-1002', 'SH-MAIN', 240)).toEqual([['R10K-2609-A', 100], ['R10K-2610-B', 140]])
  })

  it('gives each serial-tracked unit its own serial number, each warehouse its own block', () => {
    const sh = openingSerials('EL-1004', 'SH-MAIN', 320)
    const sz = openingSerials('EL-1004', 'SZ-SOUTH', 105)
    expect(sh[0]).toBe('MCU-24-000101')
    expect(new Set([...sh, ...sz]).size).toBe(425)
  })
})
