// Client-safe: the opening-balance spreadsheet's columns and row schema.
import type { ImportSpec } from '~/domain/catalog/catalog-import.rules'
import { z } from '~/utils/validation'
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

const required = <T extends z.ZodType>(inner: T) => z.preprocess((v) => (v === undefined ? '' : v), inner)

export const openingBalanceRowSchema = () =>
  z
    .object({
      sku: required(z.string().trim().min(1).max(64)),
      warehouse: required(z.string().trim().min(1).max(32)),
      bin: z.string().trim().max(32).optional(),
      batch: z.string().trim().max(64).optional(),
      quantity: required(
        z
          .string()
          .trim()
          .min(1)
          .refine((s) => isQuantityString(s) && !s.startsWith('-') && Number(s) > 0, { error: 'errors:field.positive' }),
      ),
    })
    .strict()
