// The row schemas of the catalog spreadsheets: one strict object per data row, cells as text.
import { requiredText, withParams, z } from '~/utils/validation'
import { defaultWholeUnits, parseFlag, parseTracking, splitList, CODE_RE } from './catalog.rules'
import { codeField, skuField, taxPercentField } from './catalog.validation'

/** Blank cells arrive as undefined; optional columns may be missing entirely. */
const cell = () => z.string().optional()
/** A required cell: blank cells arrive as undefined and must still meet the cell's own message. */
export const required = <T extends z.ZodType>(inner: T) => z.preprocess((v) => (v === undefined ? '' : v), inner)

export interface ProductImportContext {
  /** Known category codes, by themselves and by their lower-case form, so "elec" finds "ELEC". */
  categoryCodes: ReadonlyMap<string, string>
}

/** The lookup for ProductImportContext: exact codes, plus lower-case forms that are not ambiguous. */
export function categoryCodeLookup(codes: readonly string[]): Map<string, string> {
  const lookup = new Map<string, string>()
  const lowerCount = new Map<string, number>()
  for (const c of codes) lowerCount.set(c.toLowerCase(), (lowerCount.get(c.toLowerCase()) ?? 0) + 1)
  for (const c of codes) if (lowerCount.get(c.toLowerCase()) === 1) lookup.set(c.toLowerCase(), c)
  for (const c of codes) lookup.set(c, c)
  return lookup
}

/** SKUs are looked up the same way: "el-1002" finds EL-1002, unless two SKUs differ only in case. */
export const skuLookup = categoryCodeLookup

/** A code's stored form through a lookup made by categoryCodeLookup or skuLookup: the code itself, else its lower case. */
export function lookUpCode(lookup: ReadonlyMap<string, string>, code: string): string | undefined {
  return lookup.get(code) ?? lookup.get(code.toLowerCase())
}

/**
 * A spreadsheet's cell naming something by code (a SKU, a warehouse), looked up through a lookup made by
 * categoryCodeLookup while the row's other cells are checked (so one answer lists every problem) and
 * given out as stored: " el-1001 " comes out EL-1001; an unknown one is `unknown`.
 */
export const knownCodeCell = (codes: ReadonlyMap<string, string>, unknown: string | ((code: string) => string), max: number) =>
  required(
    z
      .string()
      .trim()
      .min(1)
      .max(max)
      .transform((code, c) => {
        const known = lookUpCode(codes, code)
        if (!known) c.addIssue({ code: 'custom', message: typeof unknown === 'string' ? unknown : unknown(code) })
        return known ?? code
      }),
  )

/** A SKU cell: see knownCodeCell. */
export const knownSkuCell = (skus: ReadonlyMap<string, string>, unknown: string | ((sku: string) => string)) => knownCodeCell(skus, unknown, 64)

export const productRowSchema = (ctx: ProductImportContext) =>
  z
    .object({
      sku: required(skuField()),
      name_en: required(requiredText(200)),
      name_zh: required(requiredText(200)),
      category: required(
        z
          .string()
          .trim()
          .min(1)
          .transform((code, c) => {
            const known = ctx.categoryCodes.get(code) ?? ctx.categoryCodes.get(code.toLowerCase())
            if (!known) {
              c.addIssue({ code: 'custom', message: withParams('catalog:import.errors.unknownCategory', { code }) })
              return z.NEVER
            }
            return known
          }),
      ),
      unit: required(requiredText(20)),
      tax_rate: required(taxPercentField()),
      tracking: cell().transform((v, c) => {
        const t = parseTracking(v ?? '')
        if (!t) {
          c.addIssue({ code: 'custom', message: 'catalog:import.errors.tracking' })
          return z.NEVER
        }
        return t
      }),
      active: cell().transform((v, c) => {
        const f = parseFlag(v ?? '', true)
        if (f === null) {
          c.addIssue({ code: 'custom', message: 'catalog:import.errors.flag' })
          return z.NEVER
        }
        return f
      }),
      // Blank: what the unit says (kg is weighed, pcs counted); see defaultWholeUnits.
      whole_units: cell().transform((v, c) => {
        if (!v?.trim()) return null
        const f = parseFlag(v, true)
        if (f === null) {
          c.addIssue({ code: 'custom', message: 'catalog:import.errors.flag' })
          return z.NEVER
        }
        return f
      }),
    })
    .strict()
    .superRefine((r, c) => {
      if (r.tracking === 'serial' && r.whole_units === false) c.addIssue({ code: 'custom', path: ['whole_units'], message: 'catalog:import.errors.serialWholeUnits' })
    })
    .transform(({ whole_units, ...r }) => ({ ...r, whole_units: whole_units ?? defaultWholeUnits(r.unit, r.tracking) }))
export type ProductRow = z.output<ReturnType<typeof productRowSchema>>

export const categoryRowSchema = () =>
  z
    .object({
      code: required(codeField()),
      name_en: required(requiredText(200)),
      name_zh: required(requiredText(200)),
    })
    .strict()
export type CategoryRow = z.output<ReturnType<typeof categoryRowSchema>>

export const warehouseRowSchema = () =>
  z
    .object({
      code: required(codeField()),
      name_en: required(requiredText(200)),
      name_zh: required(requiredText(200)),
      address: z
        .string()
        .trim()
        .max(500)
        .optional()
        .transform((v) => (v ? v : null)),
      bins: cell().transform((v, c) => {
        const codes = splitList(v ?? '')
        const bad = codes.find((b) => b.length > 32 || !CODE_RE.test(b))
        if (bad !== undefined) {
          c.addIssue({ code: 'custom', message: withParams('catalog:import.errors.binCode', { code: bad }) })
          return z.NEVER
        }
        const seen = new Set<string>()
        const dup = codes.find((b) => (seen.has(b) ? true : (seen.add(b), false)))
        if (dup !== undefined) {
          c.addIssue({ code: 'custom', message: withParams('catalog:import.errors.binDuplicate', { code: dup }) })
          return z.NEVER
        }
        return codes
      }),
    })
    .strict()
export type WarehouseRow = z.output<ReturnType<typeof warehouseRowSchema>>
