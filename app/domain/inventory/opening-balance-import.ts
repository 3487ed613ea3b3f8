// Client-safe: the opening-balance spreadsheet's columns and row schema.
import type { ImportSpec, RowKey } from '~/domain/catalog/catalog-import.rules'
import { knownCodeCell, knownSkuCell, lookUpCode, required } from '~/domain/catalog/catalog-import.validation'
import { fitsUnit } from '~/domain/catalog/catalog.rules'
import { decimalCell, withParams, z } from '~/utils/validation'
import { D } from '~/utils/money'
import { isQuantityString } from './stock.rules'
import { singleSerialRefusal, type Tracking } from './tracking.rules'

export const openingBalanceImportSpec: ImportSpec = {
  entity: 'openingBalances',
  // A row is identified by SKU, warehouse, bin and batch together; the importer checks repeats of that.
  keyColumn: null,
  maxRows: 5000,
  columns: [
    { key: 'sku', aliases: ['SKU', '物料编码', '产品编码'], required: true, example: 'EL-1001' },
    { key: 'warehouse', aliases: ['Warehouse', 'warehouse_code', '仓库', '仓库编码'], required: true, example: 'SH-MAIN' },
    { key: 'bin', aliases: ['Bin', 'bin_code', '库位'], required: false, example: 'A-01' },
    // A serial-tracked product's serial number goes in the batch column too (one identifier column, as the ledger keeps it).
    { key: 'batch', aliases: ['Batch', 'lot', 'Serial', 'Serial number', 'serial_number', '批次', '批号', '序列号'], required: false, example: 'LOT-2026-01' },
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
  /** By stored SKU, how the product is tracked; a SKU not listed is untracked. */
  tracking: ReadonlyMap<string, Tracking>
  /** By stored SKU of a serial-tracked product, its serial numbers on hand now, in lower case. */
  serialsInStock: ReadonlyMap<string, ReadonlySet<string>>
}

/** A typed batch as the product's stock spells it, else as typed (canonicalBatch on the server's moves). */
const storedBatch = (ctx: OpeningBalanceImportContext, sku: string, batch: string) => lookUpCode(ctx.productBatches.get(sku) ?? new Map(), batch)

/** One row of the file; the SKU, the warehouse and the bin are looked up while the row's other cells are checked, so one answer lists every problem. */
export const openingBalanceRowSchema = (ctx: OpeningBalanceImportContext) =>
  z
    .object({
      // Each names what it did not find: in a long file "Unknown SKU." left the user to look the row up to see which.
      sku: knownSkuCell(ctx.skus, (sku) => withParams('inventory:errors.importUnknownSku', { sku })),
      warehouse: knownCodeCell(ctx.warehouses, (code) => withParams('inventory:errors.importUnknownWarehouse', { code }), 32),
      bin: z.string().trim().max(32).optional(),
      batch: z.string().trim().max(64).optional(),
      quantity: required(decimalCell({ digits: 14, scale: 4, sign: 'positive' })),
    })
    .strict()
    // Judged even when another cell of the row is wrong; a bin of an unknown warehouse is not judged (the warehouse is).
    .refine(
      (r) => {
        const bins = typeof r.warehouse === 'string' ? ctx.warehouseBins.get(r.warehouse) : undefined
        return !bins || typeof r.bin !== 'string' || r.bin === '' || lookUpCode(bins, r.bin) !== undefined
      },
      { path: ['bin'], error: (iss) => withParams('inventory:errors.importUnknownBin', { bin: String((iss.input as { bin?: unknown }).bin).trim(), warehouse: (iss.input as { warehouse?: unknown }).warehouse }), when: () => true },
    )
    .superRefine((r, c) => {
      if (typeof r.sku !== 'string' || typeof r.quantity !== 'string' || !isQuantityString(r.quantity.trim()) || !ctx.wholeUnitSkus.has(r.sku) || fitsUnit(r.quantity, true)) return
      c.addIssue({ code: 'custom', path: ['quantity'], message: withParams('catalog:errors.wholeUnits', { sku: r.sku }) })
    }, { when: () => true })
    // A tracked product's row names its batch; a serial-tracked one's, one serial number (one unit) not in stock already.
    .superRefine((r, c) => {
      if (typeof r.sku !== 'string') return
      const tracking = ctx.tracking.get(r.sku) ?? 'none'
      if (tracking === 'none') return
      const batch = typeof r.batch === 'string' ? r.batch.trim() : ''
      if (!batch) {
        c.addIssue({ code: 'custom', path: ['batch'], message: withParams(tracking === 'serial' ? 'inventory:errors.importSerialRequired' : 'inventory:errors.importBatchRequired', { sku: r.sku }) })
      } else if (tracking === 'serial' && singleSerialRefusal(batch)) {
        c.addIssue({ code: 'custom', path: ['batch'], message: singleSerialRefusal(batch)! })
      } else if (tracking === 'serial' && ctx.serialsInStock.get(r.sku)?.has(batch.toLowerCase())) {
        c.addIssue({ code: 'custom', path: ['batch'], message: withParams('inventory:errors.importSerialInStock', { sku: r.sku, serial: batch }) })
      }
      if (tracking === 'serial' && typeof r.quantity === 'string' && isQuantityString(r.quantity.trim()) && !new D(r.quantity).eq(1)) {
        c.addIssue({ code: 'custom', path: ['quantity'], message: withParams('inventory:errors.importSerialQuantity', { sku: r.sku }) })
      }
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
    // A serial number is in stock once: listed twice it is a repeat whatever the places.
    if (batch && ctx.tracking.get(storedSku) === 'serial') return JSON.stringify(['serial', storedSku, batch.toLowerCase()])
    return JSON.stringify([storedSku, warehouse, (bins && bin && lookUpCode(bins, bin)) || bin, storedBatch(ctx, storedSku, batch) ?? batch.toLowerCase()])
  },
  column: 'sku',
  message: (row, key) => withParams(JSON.parse(key)[0] === 'serial' ? 'inventory:errors.importSerialTwice' : 'inventory:errors.importDuplicate', { row }),
})
