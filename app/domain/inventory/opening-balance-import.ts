// Client-safe: the opening-balance spreadsheet's columns and row schema.
import type { ImportSpec, RowKey } from '~/domain/catalog/catalog-import.rules'
import { knownCodeCell, knownSkuCell, lookUpCode, required } from '~/domain/catalog/catalog-import.validation'
import { fitsUnit } from '~/domain/catalog/catalog.rules'
import { decimalField, withParams, z } from '~/utils/validation'
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
  /** The warehouses' codes, looked up as SKUs are ("sh-main" finds SH-MAIN). */
  warehouses: ReadonlyMap<string, string>
  /** By each warehouse's stored code, its bins' codes, looked up the same way ("a-01" finds A-01). */
  warehouseBins: ReadonlyMap<string, ReadonlyMap<string, string>>
  /** The stored SKUs of products counted in whole units (see fitsUnit). */
  wholeUnitSkus: ReadonlySet<string>
  /** By stored SKU, the batches its stock already has, looked up as SKUs are ("lot-a1" finds LOT-A1). */
  productBatches: ReadonlyMap<string, ReadonlyMap<string, string>>
}

/** A typed batch as the product's stock spells it, else as typed (canonicalBatch on the server's moves). */
const storedBatch = (ctx: OpeningBalanceImportContext, sku: string, batch: string) => lookUpCode(ctx.productBatches.get(sku) ?? new Map(), batch)

/** One row of the file; the SKU, the warehouse and the bin are looked up while the row's other cells are checked, so one answer lists every problem. */
export const openingBalanceRowSchema = (ctx: OpeningBalanceImportContext) =>
  z
    .object({
      sku: knownSkuCell(ctx.skus, 'inventory:errors.importUnknownSku'),
      warehouse: knownCodeCell(ctx.warehouses, 'inventory:errors.importUnknownWarehouse', 32),
      bin: z.string().trim().max(32).optional(),
      batch: z.string().trim().max(64).optional(),
      quantity: required(decimalField({ digits: 14, scale: 4, sign: 'positive' })),
    })
    .strict()
    // Judged even when another cell of the row is wrong; a bin of an unknown warehouse is not judged (the warehouse is).
    .refine(
      (r) => {
        const bins = typeof r.warehouse === 'string' ? ctx.warehouseBins.get(r.warehouse) : undefined
        return !bins || typeof r.bin !== 'string' || r.bin === '' || lookUpCode(bins, r.bin) !== undefined
      },
      { path: ['bin'], error: 'inventory:errors.importUnknownBin', when: () => true },
    )
    .superRefine((r, c) => {
      if (typeof r.sku !== 'string' || typeof r.quantity !== 'string' || !isQuantityString(r.quantity.trim()) || !ctx.wholeUnitSkus.has(r.sku) || fitsUnit(r.quantity, true)) return
      c.addIssue({ code: 'custom', path: ['quantity'], message: withParams('catalog:errors.wholeUnits', { sku: r.sku }) })
    }, { when: () => true })
    // The bin and a batch the product has as stored, as the warehouse and the SKU already are: what is written and audited is the canonical code.
    .transform((r) => ({ ...r, bin: r.bin ? lookUpCode(ctx.warehouseBins.get(r.warehouse)!, r.bin)! : r.bin, batch: r.batch ? (storedBatch(ctx, r.sku, r.batch) ?? r.batch) : r.batch }))

/** A place (SKU, warehouse, bin, batch) listed twice is refused on its second row, with the row's other problems. */
export const openingBalanceRowKey = (ctx: OpeningBalanceImportContext): RowKey => ({
  of: (r) => {
    const sku = (r.sku ?? '').trim()
    const typedWarehouse = (r.warehouse ?? '').trim()
    if (!sku || !typedWarehouse) return null
    // One place however its codes were typed: "sh-main" is SH-MAIN, as "el-1001" is EL-1001.
    const warehouse = lookUpCode(ctx.warehouses, typedWarehouse) ?? typedWarehouse
    const bin = (r.bin ?? '').trim()
    const bins = ctx.warehouseBins.get(warehouse)
    const storedSku = lookUpCode(ctx.skus, sku) ?? sku
    // A batch too: "lot-a1" twice, or beside LOT-A1, is one place (a new batch in any case; a known one as stored).
    const batch = (r.batch ?? '').trim()
    return JSON.stringify([storedSku, warehouse, (bins && bin && lookUpCode(bins, bin)) || bin, storedBatch(ctx, storedSku, batch) ?? batch.toLowerCase()])
  },
  column: 'sku',
  message: (row) => withParams('inventory:errors.importDuplicate', { row }),
})
