import { describe, expect, it } from 'vitest'
import { validateGrid } from '~/domain/catalog/catalog-import.rules'
import { skuLookup } from '~/domain/catalog/catalog-import.validation'
import { openingBalanceImportSpec, openingBalanceRowKey, openingBalanceRowSchema } from '~/domain/inventory/opening-balance-import'
import { i18nOptions } from '~/i18n/i18n'
import { createInstance } from 'i18next'
import { parseMessage } from '~/utils/validation'

const ctx = {
  skus: skuLookup(['EL-1001']),
  warehouses: skuLookup(['SH-MAIN']),
  warehouseBins: new Map([['SH-MAIN', skuLookup(['A-01'])]]),
  wholeUnitSkus: new Set<string>(),
  productBatches: new Map([['EL-1001', skuLookup(['LOT-A1'])]]),
  // Untracked here: a row without a batch is a place of its own (tracked rows: tracking-rules.test.ts).
  tracking: new Map(),
  serialsInStock: new Map(),
}

describe('an opening-balance file listing a place twice', () => {
  it('says on the repeat which earlier row has the place, in both languages', async () => {
    const grid = [
      ['sku', 'warehouse', 'bin', 'batch', 'quantity'],
      ['EL-1001', 'SH-MAIN', 'A-01', 'LOT-A1', '5'],
      ['EL-1001', 'SH-MAIN', '', '', '2'],
      ['el-1001', 'sh-main', 'a-01', 'lot-a1', '3'],
    ]
    const result = validateGrid(grid, openingBalanceImportSpec, openingBalanceRowSchema(ctx), openingBalanceRowKey(ctx))
    expect(result.ok).toBe(false)
    const issues = result.ok ? [] : result.issues
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ row: 4, column: 'sku' })
    const [key, params] = parseMessage(issues[0].message)
    const i18n = createInstance()
    await i18n.init({ ...i18nOptions, lng: 'en' })
    expect(i18n.t(key, params)).toBe('This place already appears in row 2 of the file.')
    expect(i18n.t(key, { ...params, lng: 'zh-CN' })).toBe('该位置已在文件第 2 行出现。')
  })
})

describe('an opening-balance row with several problems', () => {
  it('lists a blank quantity and a missing batch together, so one correction of the file is enough', () => {
    const tracked = { ...ctx, tracking: new Map([['EL-1001', 'batch' as const]]) }
    const grid = [
      ['sku', 'warehouse', 'bin', 'batch', 'quantity'],
      ['EL-1001', 'SH-MAIN', '', '', ''],
      ['EL-1001', 'SH-MAIN', 'A-01', '', 'many'],
    ]
    const result = validateGrid(grid, openingBalanceImportSpec, openingBalanceRowSchema(tracked), openingBalanceRowKey(tracked))
    const issues = result.ok ? [] : result.issues.map((i) => [i.row, i.column, parseMessage(i.message)[0]])
    expect(issues).toEqual([
      [2, 'quantity', 'errors:field.required'],
      [2, 'batch', 'inventory:errors.importBatchRequired'],
      [3, 'quantity', expect.stringMatching(/^errors:/)],
      [3, 'batch', 'inventory:errors.importBatchRequired'],
    ])
  })
})
