// Client-safe: the price-list spreadsheet's columns and row schema (export and import share them).
import type { ImportSpec, RowKey } from '~/domain/catalog/catalog-import.rules'
import { knownSkuCell, lookUpCode, required } from '~/domain/catalog/catalog-import.validation'
import { fitsUnit } from '~/domain/catalog/catalog.rules'
import { D } from '~/utils/money'
import { decimalField, readDecimal, withParams, z } from '~/utils/validation'
import { amountField, MIN_QTY_RULE } from './sales.validation'

export const priceItemImportSpec: ImportSpec = {
  entity: 'priceListItems',
  // A row is identified by SKU and min_qty together; the importer checks repeats of that.
  keyColumn: null,
  maxRows: 20000,
  columns: [
    { key: 'sku', aliases: ['SKU', '物料编码', '产品编码'], required: true, example: 'EL-1001' },
    // 起始数量 is the column's name on screen today; 起订数量, its old name, still heads sheets made before.
    { key: 'min_qty', aliases: ['Min qty', 'From quantity', '起始数量', '起订数量', '数量起'], required: false, example: '100' },
    { key: 'unit_price', aliases: ['Unit price', 'Price', '单价'], required: true, example: '0.2660' },
    // Written by exports so a sheet reads well; ignored on import (the SKU is what counts).
    { key: 'name_en', aliases: ['English name', '英文名称'], required: false, example: 'Ceramic capacitor 100nF' },
    { key: 'name_zh', aliases: ['Chinese name', '中文名称'], required: false, example: '陶瓷电容 100nF' },
  ],
}


/** What only the server knows, so the answer lists an unknown SKU with the rows' format problems. */
export interface PriceItemImportContext {
  /** The products' SKUs, as skuLookup makes them: "el-1002" finds EL-1002. */
  skus: ReadonlyMap<string, string>
  /** The stored SKUs of products counted in whole units: their breaks start at whole quantities. */
  wholeUnitSkus: ReadonlySet<string>
}

/** A break's quantity as plain text ("1,000" is 1000), or null when the cell is refused. */
const minQtyOf = (s: string) => {
  const read = readDecimal(s, MIN_QTY_RULE)
  return read.ok ? read.value : null
}

/** One row of the file; the SKU is looked up while the row's other cells are checked, and comes out as stored. */
export const priceItemRowSchema = (ctx: PriceItemImportContext) =>
  z
    .object({
      sku: knownSkuCell(ctx.skus, 'sales:errors.unknownSku'),
      min_qty: z
        .string()
        .trim()
        .optional()
        .transform((v) => (v ? v : '1'))
        .pipe(decimalField(MIN_QTY_RULE)),
      unit_price: required(amountField(4)),
      name_en: z.string().optional(),
      name_zh: z.string().optional(),
    })
    .strict()
    .superRefine((r, c) => {
      const minQty = typeof r.min_qty === 'string' ? minQtyOf(r.min_qty) : null
      if (typeof r.sku === 'string' && minQty !== null && ctx.wholeUnitSkus.has(r.sku) && !fitsUnit(minQty, true))
        c.addIssue({ code: 'custom', path: ['min_qty'], message: withParams('catalog:errors.wholeUnits', { sku: r.sku }) })
    }, { when: () => true })

/** A break (SKU and min_qty, "100" being "100.0" and "1,000" being "1000") listed twice is refused on its second row, with the row's other problems. */
export const priceItemRowKey = (ctx: PriceItemImportContext): RowKey => ({
  of: (r) => {
    const sku = (r.sku ?? '').trim()
    const minQty = (r.min_qty ?? '').trim() || '1'
    if (!sku) return null
    const plain = minQtyOf(minQty)
    return JSON.stringify([lookUpCode(ctx.skus, sku) ?? sku, plain !== null ? new D(plain).toFixed(4) : minQty])
  },
  column: 'min_qty',
  message: (row) => withParams('sales:errors.duplicateBreak', { row }),
})
