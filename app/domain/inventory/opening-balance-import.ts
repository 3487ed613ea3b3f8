// Client-safe: the opening-balance spreadsheet's columns and row schema.
import type { ImportSpec, RowKey } from '~/domain/catalog/catalog-import.rules'
import { knownSkuCell, lookUpCode, required } from '~/domain/catalog/catalog-import.validation'
import { fitsUnit } from '~/domain/catalog/catalog.rules'
import { withParams, z } from '~/utils/validation'
import { isQuantityString } from './stock.rules'

export const openingBalanceImportSpec: ImportSpec = {
  entity: 'openingBalances',
  // A row is identified by SKU, warehouse, bin and batch together; the importer checks repeats of that.
  keyColumn: null,
  maxRows: 5000,
  columns: [
    { key: 'sku', aliases: ['SKU', '物料编码', '产品编码'], required: true, example: 'EL-1001' },
    { key: 'warehouse', aliases: ['Warehouse', 'warehouse_code', '仓库', '仓库编码'], required: true, example: 'SH-MAIN' },
    { key: 'bin', aliases: ['Bin', 'bin_code', '库位'], required: false, example: 'A-01' },
    { key: 'batch', aliases: ['Batch', 'lot', '批次', '批号'], required: false, example: 'LOT-2026-01' },
    { key: 'quantity', aliases: ['Quantity', 'qty', '数量'], required: true, example: '120' },
  ],
}


/** What only the server knows, so the answer lists an unknown SKU, warehouse or bin with the rows' format problems. */
export interface OpeningBalanceImportContext {
  /** The products' SKUs, as skuLookup makes them: "el-1001" finds EL-1001. */
  skus: ReadonlyMap<string, string>
  /** Each warehouse's code with the codes of its bins. */
  warehouseBins: ReadonlyMap<string, ReadonlySet<string>>
  /** The stored SKUs of products counted in whole units (see fitsUnit). */
  wholeUnitSkus: ReadonlySet<string>
}

/** One row of the file; the SKU, the warehouse and the bin are looked up while the row's other cells are checked, so one answer lists every problem. */
export const openingBalanceRowSchema = (ctx: OpeningBalanceImportContext) =>
  z
    .object({
      sku: knownSkuCell(ctx.skus, 'inventory:errors.importUnknownSku'),
      warehouse: required(
        z
          .string()
          .trim()
          .min(1)
          .max(32)
          .refine((code) => ctx.warehouseBins.has(code), { error: 'inventory:errors.importUnknownWarehouse' }),
      ),
      bin: z.string().trim().max(32).optional(),
      batch: z.string().trim().max(64).optional(),
      quantity: required(
        z
          .string()
          .trim()
          // A blank cell is "required", not also "must be positive".
          .min(1, { abort: true })
          .refine((s) => isQuantityString(s) && !s.startsWith('-') && Number(s) > 0, { error: 'errors:field.positive' }),
      ),
    })
    .strict()
    // Judged even when another cell of the row is wrong; a bin of an unknown warehouse is not judged (the warehouse is).
    .refine(
      (r) => {
        const bins = typeof r.warehouse === 'string' ? ctx.warehouseBins.get(r.warehouse) : undefined
        return !bins || typeof r.bin !== 'string' || r.bin === '' || bins.has(r.bin)
      },
      { path: ['bin'], error: 'inventory:errors.importUnknownBin', when: () => true },
    )
    .superRefine((r, c) => {
      if (typeof r.sku !== 'string' || typeof r.quantity !== 'string' || !isQuantityString(r.quantity.trim()) || !ctx.wholeUnitSkus.has(r.sku) || fitsUnit(r.quantity, true)) return
      c.addIssue({ code: 'custom', path: ['quantity'], message: withParams('catalog:errors.wholeUnits', { sku: r.sku }) })
    }, { when: () => true })

/** A place (SKU, warehouse, bin, batch) listed twice is refused on its second row, with the row's other problems. */
export const openingBalanceRowKey = (ctx: OpeningBalanceImportContext): RowKey => ({
  of: (r) => {
    const sku = (r.sku ?? '').trim()
    const warehouse = (r.warehouse ?? '').trim()
    if (!sku || !warehouse) return null
    return JSON.stringify([lookUpCode(ctx.skus, sku) ?? sku, warehouse, (r.bin ?? '').trim(), (r.batch ?? '').trim()])
  },
  column: 'sku',
  message: (row) => withParams('inventory:errors.importDuplicate', { row }),
})
