// Client-safe zod schemas for the stock forms and their actions.
import type { ListParams } from '~/utils/list-params'
import { D } from '~/utils/money'
import { decimalField, z } from '~/utils/validation'
import { ORDER_QUANTITY } from '~/domain/orders/order.validation'

const uuidChoice = () => z.uuid({ error: 'errors:field.choose' })
/** An empty select means "no bin". */
const optionalUuid = () =>
  z
    .union([z.literal(''), z.uuid({ error: 'errors:field.choose' })])
    .optional()
    .transform((v) => (v ? v : null))
const batchField = () =>
  z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((v) => (v ? v : null))

/** A serial-tracked product's serial numbers, one per line or FROM..TO (read by tracking.rules' parseSerials on the server). */
const serialsField = () =>
  z
    .string()
    .max(100_000)
    .optional()
    .transform((v) => (v && v.trim() ? v : null))

/**
 * The one cap on a quantity typed into a stock form (adjust, transfer, count), as an order line's: at most 10 digits before
 * the point, 4 after. numeric(18,4) would take 14, but a stock quantity beyond what an order line may hold can be neither sold
 * nor valued (amounts are numeric(18,2)), and is a slip of the keyboard: a count of 99,999,999,999,999 was held for an
 * approver to reject, and an adjustment of it posted at once. Refused on the field instead, with the largest accepted.
 */
export const STOCK_QUANTITY = { digits: ORDER_QUANTITY.digits, scale: 4 } as const
// "1,000" reads as the stock pages show it.
const nonZeroQuantity = () => decimalField({ ...STOCK_QUANTITY, sign: 'any' }).refine((s) => !new D(s).isZero(), { error: 'inventory:errors.quantityNonZero' })
const positiveQuantity = () => decimalField({ ...STOCK_QUANTITY, sign: 'positive' })
// A count of 0 is a count: only a negative one is refused, and said so.
const nonNegativeQuantity = () => decimalField({ ...STOCK_QUANTITY, sign: 'nonNegative' })

export const reasonField = () => z.string().trim().min(1, { error: 'inventory:errors.reasonRequired' }).max(500)

export const AdjustStockSchema = z
  .object({
    intent: z.literal('adjust'),
    warehouseId: uuidChoice(),
    binId: optionalUuid(),
    batch: batchField(),
    serials: serialsField(),
    quantity: nonZeroQuantity(),
    reason: reasonField(),
  })
  .strict()
/** `serials`: a serial-tracked product's serial numbers, one per unit (a single one may come as `batch`). */
export type AdjustStockInput = Omit<z.output<typeof AdjustStockSchema>, 'intent' | 'serials'> & { productId: string; serials?: string | null }

export const TransferStockSchema = z
  .object({
    intent: z.literal('transfer'),
    fromWarehouseId: uuidChoice(),
    fromBinId: optionalUuid(),
    toWarehouseId: uuidChoice(),
    toBinId: optionalUuid(),
    batch: batchField(),
    serials: serialsField(),
    quantity: positiveQuantity(),
    reason: reasonField(),
  })
  .strict()
export type TransferStockInput = Omit<z.output<typeof TransferStockSchema>, 'intent' | 'serials'> & { productId: string; serials?: string | null }

export const CountStockSchema = z
  .object({
    intent: z.literal('count'),
    warehouseId: uuidChoice(),
    binId: optionalUuid(),
    batch: batchField(),
    countedQuantity: nonNegativeQuantity(),
    reason: reasonField(),
  })
  .strict()
export type CountStockInput = Omit<z.output<typeof CountStockSchema>, 'intent'> & { productId: string }

export const stockSorts = ['sku', 'name', 'onHand', 'reserved', 'available'] as const
export type StockSort = (typeof stockSorts)[number]
/** `reorder=1`: only products short in that warehouse: net of reservations and backorders, below their reorder point. */
export const stockListOptions = { sortable: stockSorts, defaultSort: 'sku' as StockSort, filters: ['warehouse', 'category', 'low', 'reorder'] as const }
/** A product's movement ledger: newest first, filtered by warehouse, kind of move and batch, searched in reasons, batches and order numbers. */
export const ledgerOptions = { sortable: ['at'] as const, defaultSort: 'at' as const, defaultDir: 'desc' as const, filters: ['warehouse', 'kind', 'batch'] as const, pageSize: 50 }
export type LedgerParams = ListParams<'at'>

/** Below this many available units a product/warehouse is "low" in the stock list. */
export const LOW_STOCK_THRESHOLD = 20

export const ImportFileSchema = z.object({ file: z.instanceof(File, { error: 'errors:file.missing' }) }).strict()
/** Opening balances: the file, and the confirmation that a file imported before goes in again. */
export const OpeningBalanceImportSchema = ImportFileSchema.extend({ again: z.literal('yes').optional() }).strict()
