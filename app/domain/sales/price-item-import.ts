// Client-safe: the price-list spreadsheet's columns and row schema (export and import share them).
import type { ImportSpec } from '~/domain/catalog/catalog-import.rules'
import { isQuantityString } from '~/domain/inventory/stock.rules'
import { z } from '~/utils/validation'

export const priceItemImportSpec: ImportSpec = {
  entity: 'priceListItems',
  // A row is identified by SKU and min_qty together; the importer checks repeats of that.
  keyColumn: null,
  maxRows: 20000,
  columns: [
    { key: 'sku', aliases: ['SKU', '物料编码', '产品编码'], required: true, example: 'EL-1001' },
    { key: 'min_qty', aliases: ['Min qty', 'From quantity', '起订数量', '数量起'], required: false, example: '100' },
    { key: 'unit_price', aliases: ['Unit price', 'Price', '单价'], required: true, example: '0.2660' },
    // Written by exports so a sheet reads well; ignored on import (the SKU is what counts).
    { key: 'name_en', aliases: ['English name', '英文名称'], required: false, example: 'Ceramic capacitor 100nF' },
    { key: 'name_zh', aliases: ['Chinese name', '中文名称'], required: false, example: '陶瓷电容 100nF' },
  ],
}

const required = <T extends z.ZodType>(inner: T) => z.preprocess((v) => (v === undefined ? '' : v), inner)

export const priceItemRowSchema = () =>
  z
    .object({
      sku: required(z.string().trim().min(1).max(64)),
      min_qty: z
        .string()
        .trim()
        .optional()
        .transform((v) => (v ? v : '1'))
        .refine((s) => isQuantityString(s) && !s.startsWith('-') && Number(s) > 0, { error: 'errors:field.positive' }),
      unit_price: required(
        z
          .string()
          .trim()
          .regex(/^\d{1,14}(\.\d{1,4})?$/, { error: 'sales:errors.amount' }),
      ),
      name_en: z.string().optional(),
      name_zh: z.string().optional(),
    })
    .strict()
