// Client-safe zod schemas shared by the catalog forms (conform in the browser) and their actions.
import { requiredText, z } from '~/utils/validation'
import { CODE_RE, defaultWholeUnits, percentToRate, SKU_RE, trackingModes, type Tracking } from './catalog.rules'

export const skuField = () => z.string().trim().min(1).max(64).regex(SKU_RE, { error: 'catalog:errors.skuFormat' })
export const codeField = () => z.string().trim().min(1).max(32).regex(CODE_RE, { error: 'catalog:errors.codeFormat' })

/** Typed as a percentage, kept as the decimal-string rate ("13" → "0.1300"). */
export const taxPercentField = () =>
  z
    .string()
    .trim()
    .min(1)
    .transform((s, ctx) => {
      const rate = percentToRate(s)
      if (rate === null) {
        ctx.addIssue({ code: 'custom', message: 'catalog:errors.taxRate' })
        return z.NEVER
      }
      return rate
    })

/** How the form says it: "whole" (counted) or "decimal" (weighed or measured); kept as a boolean. */
export const quantityModes = ['whole', 'decimal'] as const

const productFields = {
  sku: skuField(),
  nameEn: requiredText(200),
  nameZh: requiredText(200),
  categoryId: z.uuid({ error: 'errors:field.choose' }),
  unit: requiredText(20),
  taxRate: taxPercentField(),
  tracking: z.enum(trackingModes),
  // Left out, the unit decides (kg is weighed, pcs counted): see defaultWholeUnits.
  wholeUnits: z.enum(quantityModes, { error: 'errors:field.choose' }).optional(),
}

/** A serial-tracked product is whole; the chosen mode becomes the stored flag. */
function settleWholeUnits<T extends { unit: string; tracking: Tracking; wholeUnits?: (typeof quantityModes)[number] }>(p: T, ctx: z.RefinementCtx): Omit<T, 'wholeUnits'> & { wholeUnits: boolean } {
  if (p.tracking === 'serial' && p.wholeUnits === 'decimal') {
    ctx.addIssue({ code: 'custom', path: ['wholeUnits'], message: 'catalog:errors.serialWholeUnits' })
    return z.NEVER
  }
  return { ...p, wholeUnits: p.wholeUnits ? p.wholeUnits === 'whole' : defaultWholeUnits(p.unit, p.tracking) }
}

export const ProductSchema = z.object(productFields).strict().transform(settleWholeUnits)
export type ProductInput = z.output<typeof ProductSchema>

/** The edit page posts either the form (intent=save) or a status change. */
export const ProductSaveSchema = z
  .object({ ...productFields, intent: z.literal('save') })
  .strict()
  .transform(settleWholeUnits)
export const ProductStatusSchema = z.object({ intent: z.enum(['deactivate', 'activate']) }).strict()

export const CategorySchema = z
  .object({
    code: codeField(),
    nameEn: requiredText(200),
    nameZh: requiredText(200),
  })
  .strict()
export type CategoryInput = z.output<typeof CategorySchema>

export const WarehouseSchema = z
  .object({
    code: codeField(),
    nameEn: requiredText(200),
    nameZh: requiredText(200),
    address: z
      .string()
      .trim()
      .max(500)
      .optional()
      .transform((v) => (v ? v : null)),
  })
  .strict()
export type WarehouseInput = z.output<typeof WarehouseSchema>

export const WarehouseSaveSchema = WarehouseSchema.extend({ intent: z.literal('save') }).strict()
export const AddBinSchema = z.object({ intent: z.literal('addBin'), code: codeField() }).strict()
export const RemoveBinSchema = z.object({ intent: z.literal('removeBin'), binId: z.uuid() }).strict()

/** List filters as they appear in the URL; anything else is ignored, not trusted. */
export const productStatusFilters = ['active', 'inactive'] as const
export type ProductStatusFilter = (typeof productStatusFilters)[number]
export const productSorts = ['sku', 'name', 'category', 'unit', 'taxRate', 'tracking', 'active'] as const
export type ProductSort = (typeof productSorts)[number]
export const categorySorts = ['code', 'name', 'products'] as const
export const warehouseSorts = ['code', 'name', 'bins'] as const

/** How each list reads its URL (parseListParams); exports and the PDF read the same. */
export const productListOptions = { sortable: productSorts, defaultSort: 'sku' as ProductSort, filters: ['category', 'status'] as const }
export const categoryListOptions = { sortable: categorySorts, defaultSort: 'code' as (typeof categorySorts)[number] }
export const warehouseListOptions = { sortable: warehouseSorts, defaultSort: 'code' as (typeof warehouseSorts)[number] }

export const exportFormats = ['xlsx', 'csv'] as const
export type ExportFormat = (typeof exportFormats)[number]

/** The import form: one spreadsheet file, nothing else. */
export const ImportFileSchema = z.object({ file: z.instanceof(File, { error: 'errors:file.missing' }) }).strict()
