import { describe, expect, it } from 'vitest'
import { defaultWholeUnits, fitsUnit, parseTracking } from '~/domain/catalog/catalog.rules'
import { ProductSaveSchema, ProductSchema } from '~/domain/catalog/catalog.validation'

describe('whole units', () => {
  it('holds counted goods to whole numbers and lets weighed or measured goods take decimals', () => {
    for (const q of ['1', '12', '12.0000', '-3', '-3.0', '100.']) expect(fitsUnit(q, true), q).toBe(true)
    for (const q of ['0.5', '1.25', '-0.0001', '12.0010']) expect(fitsUnit(q, true), q).toBe(false)
    for (const q of ['0.5', '1.25', '-0.0001', '12']) expect(fitsUnit(q, false), q).toBe(true)
  })

  it('takes decimals by default only for units of weight, length, area and volume, never for serial tracking', () => {
    expect(['pcs', 'set', 'roll', 'box', 'pair', '件', 'bag'].map((u) => defaultWholeUnits(u, 'none'))).toEqual([true, true, true, true, true, true, true])
    expect(['kg', ' KG ', 'm', 'L', 'm2', '千克', '米', '升'].map((u) => defaultWholeUnits(u, 'batch'))).toEqual([false, false, false, false, false, false, false, false])
    expect(defaultWholeUnits('kg', 'serial')).toBe(true)
  })
})

describe('the product form', () => {
  const base = { sku: 'X-1', nameEn: 'x', nameZh: 'x', categoryId: '00000000-0000-4000-8000-000000000000', taxRate: '13' }
  it('keeps the chosen mode, or the unit decides when the field is left out', () => {
    expect(ProductSchema.parse({ ...base, unit: 'kg', tracking: 'none', wholeUnits: 'whole' }).wholeUnits).toBe(true)
    expect(ProductSchema.parse({ ...base, unit: 'pcs', tracking: 'none', wholeUnits: 'decimal' }).wholeUnits).toBe(false)
    expect(ProductSchema.parse({ ...base, unit: 'kg', tracking: 'none' }).wholeUnits).toBe(false)
    expect(ProductSaveSchema.parse({ ...base, unit: 'set', tracking: 'batch', intent: 'save' }).wholeUnits).toBe(true)
  })

  it('refuses decimals for a serial-tracked product, on the quantities field', () => {
    const r = ProductSchema.safeParse({ ...base, unit: 'pcs', tracking: 'serial', wholeUnits: 'decimal' })
    expect(r.success).toBe(false)
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['wholeUnits', 'catalog:errors.serialWholeUnits']])
    expect(ProductSchema.safeParse({ ...base, unit: 'pcs', tracking: 'none', wholeUnits: 'some' }).success).toBe(false)
  })
})

describe('a tracking cell', () => {
  it('reads the words people type and nothing an object inherits', () => {
    expect(['batch', ' LOT ', '序列号', ''].map(parseTracking)).toEqual(['batch', 'batch', 'serial', 'none'])
    expect(['constructor', '__proto__', 'toString', 'hasOwnProperty'].map(parseTracking)).toEqual([null, null, null, null])
  })

  it('reads the console’s words and the ones earlier versions and other systems wrote', () => {
    // The console now says 无 / 按批次 / 按序列号 (as 按批次管理 in its messages); a sheet written with 不追踪 or 按批次追踪 still imports.
    expect(['无', '按批次', '按序列号'].map(parseTracking)).toEqual(['none', 'batch', 'serial'])
    expect(['批次管理', '序列号管理', '按批次管理', '按序列号管理'].map(parseTracking)).toEqual(['batch', 'serial', 'batch', 'serial'])
    expect(['不追踪', '按批次追踪', '按序列号追踪', '批次', '序列号'].map(parseTracking)).toEqual(['none', 'batch', 'serial', 'batch', 'serial'])
  })
})
