// Client-safe zod schemas of channel stock: the report form, the upload's period and rows, the console filters.
import type { ImportSpec, RowKey } from '~/domain/catalog/catalog-import.rules'
import { knownSkuCell, lookUpCode, required } from '~/domain/catalog/catalog-import.validation'
import { fitsUnit } from '~/domain/catalog/catalog.rules'
import { isUuid } from '~/utils/uuid'
import { decimalField, readDecimal, withParams, z, type DecimalRule } from '~/utils/validation'
import { isChannelQuantity, isIsoDate, periodKinds, periodStartOf, type PeriodKind } from './channel.rules'

export const periodFields = {
  kind: z.enum(periodKinds, { error: 'errors:field.choose' }),
  /** Any day of the period; the server turns it into the period's first day. */
  period: z
    .string({ error: 'channel:errors.date' })
    .trim()
    .refine((s) => isIsoDate(s), { error: 'channel:errors.date' }),
}

export const PeriodSchema = z.object(periodFields).strict()
export type PeriodInput = z.output<typeof PeriodSchema>

const blank = (v: string | undefined) => v === undefined || v.trim() === ''

/** A stock or sales figure: numeric(18,4), never negative; "1,000" reads as the reports show it. */
// A dealer's stock or sales of one product in one week: a billion units is beyond any dealer, and a
// typo of that size (99,999,999,999,999 sold against 5 on hand) went straight into the host's
// sell-through figures. The column would take 14 digits.
const CHANNEL_QTY_RULE: DecimalRule = { digits: 9, scale: 4, sign: 'nonNegative' }
const plainQuantity = (s: string) => {
  const read = readDecimal(s, CHANNEL_QTY_RULE)
  return read.ok ? read.value : s.trim()
}

const LineInputSchema = z
  .object({
    productId: z.string().max(64).optional(),
    onHand: z.string().max(64).optional(),
    sold: z.string().max(64).optional(),
  })
  .strict()

export interface ReportLineInput {
  productId: string
  onHand: string
  sold: string
  /** The row's index in the form, so a server-side error lands next to the right field. */
  row?: number
}

/** What only the server knows, so its answer lists a withdrawn product or a future period with the form's other problems. */
export interface ReportFormContext {
  /** The active products' ids (lower case): another id is refused on its row. */
  activeProductIds: ReadonlySet<string>
  /** Today where the host works: a period that starts after today's is refused. */
  today: string
}

/**
 * Rows of the form. A row left entirely empty is skipped (the form shows a few spare rows);
 * every other row must name a product once and give both quantities. Errors keep the row's own
 * index, so each message appears next to its field.
 */
const linesField = (known?: ReportFormContext) =>
  z
    .array(LineInputSchema)
    .max(500)
    .optional()
    .superRefine((rows, ctx) => {
      const seen = new Map<string, number>()
      let filled = 0
      ;(rows ?? []).forEach((r, i) => {
        if (blank(r.productId) && blank(r.onHand) && blank(r.sold)) return
        filled += 1
        const productId = (r.productId ?? '').trim()
        const withdrawn = known !== undefined && !known.activeProductIds.has(productId.toLowerCase())
        if (!isUuid(productId) || withdrawn) ctx.addIssue({ code: 'custom', path: [i, 'productId'], message: 'channel:errors.product' })
        else if (seen.has(productId.toLowerCase())) ctx.addIssue({ code: 'custom', path: [i, 'productId'], message: 'channel:errors.duplicateProduct' })
        else seen.set(productId.toLowerCase(), i)
        for (const f of ['onHand', 'sold'] as const) {
          const v = (r[f] ?? '').trim()
          const read = v ? readDecimal(v, CHANNEL_QTY_RULE) : { ok: false as const, message: 'errors:field.required' }
          if (!read.ok) ctx.addIssue({ code: 'custom', path: [i, f], message: read.message })
        }
      })
      if (!filled) ctx.addIssue({ code: 'custom', message: 'channel:errors.noLines' })
    })
    .transform((rows): ReportLineInput[] =>
      (rows ?? []).flatMap((r, row) =>
        blank(r.productId) && blank(r.onHand) && blank(r.sold) ? [] : [{ productId: r.productId!.trim().toLowerCase(), onHand: plainQuantity(r.onHand!), sold: plainQuantity(r.sold!), row }],
      ),
    )

/** A period after today's (the server's `today`; none in the browser) is refused on the period field. */
const notAFuturePeriod = (today: string | undefined) => (v: { kind: string; period: string }, ctx: z.RefinementCtx) => {
  // Runs after field issues too (zod 4), so the period is judged only when it parsed.
  if (!today || !(periodKinds as readonly string[]).includes(v.kind) || typeof v.period !== 'string' || !isIsoDate(v.period)) return
  if (periodStartOf(v.kind as PeriodKind, v.period) > periodStartOf(v.kind as PeriodKind, today)) ctx.addIssue({ code: 'custom', path: ['period'], message: 'channel:errors.futurePeriod' })
}

/**
 * The report form; the server passes its context (reportFormContext), the browser checks the rest
 * without it. `replaces`, as in the upload: the version of the chosen period's report the page said
 * the submission replaces ('' for none), so a report the page did not name is not overwritten.
 */
export const reportFormSchema = (known?: ReportFormContext) =>
  z
    .object({ ...periodFields, replaces: z.string().max(200).optional(), lines: linesField(known) })
    .strict()
    .superRefine(notAFuturePeriod(known?.today))
export const ReportFormSchema = reportFormSchema()
export type ReportFormInput = z.output<typeof ReportFormSchema>

/**
 * The upload: the period travels with the file, so the period the page shows is the one written
 * (it used to come from the URL, and a period changed on the page but not applied replaced the
 * URL's period's report). `replaces` is the version (reportVersion) of the period's report the page
 * said the upload replaces, absent when it said there was none. The server passes today.
 */
export const uploadFormSchema = (today?: string) =>
  z
    .object({ ...periodFields, replaces: z.string().max(200).optional(), file: z.instanceof(File, { error: 'errors:file.missing' }) })
    .strict()
    .superRefine(notAFuturePeriod(today))
export const UploadFormSchema = uploadFormSchema()

/** The upload's columns: one row per product, identified by SKU. */
export const channelImportSpec: ImportSpec = {
  entity: 'channelStock',
  keyColumn: 'sku',
  maxRows: 2000,
  columns: [
    { key: 'sku', zh: '物料编码', aliases: ['SKU', '产品编码', '货号'], required: true, example: 'EL-1001' },
    { key: 'on_hand', zh: '期末库存', aliases: ['On hand', 'stock', 'Closing stock', '库存', '在库数量'], required: true, example: '120' },
    { key: 'sold', zh: '本期销量', aliases: ['Sold', 'Sales', 'sell_through', '销量', '销售数量'], required: true, example: '35' },
    { key: 'name', zh: '产品名称', aliases: ['Name', 'Product', '名称'], required: false, example: '陶瓷电容 100nF' },
  ],
}

// One message per cell: a blank one is only "required", not also a malformed number.
const quantityCell = () => required(decimalField(CHANNEL_QTY_RULE))

export interface ChannelImportContext {
  /** The active products' SKUs, as skuLookup makes them ("el-1001" finds EL-1001): a SKU not here is unknown or inactive. */
  skus: ReadonlyMap<string, string>
  /** The stored SKUs of products counted in whole units (see fitsUnit). */
  wholeUnitSkus: ReadonlySet<string>
}

/** A product listed twice, however its SKU was typed, is refused on its second row with the row's other problems. */
export const channelRowKey = (ctx: ChannelImportContext): RowKey => ({
  of: (r) => {
    const sku = (r.sku ?? '').trim()
    return sku ? (lookUpCode(ctx.skus, sku) ?? sku) : null
  },
  column: 'sku',
  message: (row, sku) => withParams('catalog:import.errors.duplicateInFile', { value: sku, row }),
})

/** One row of the upload; the SKU is checked against the active products with the row's other cells, so one answer lists every problem. */
export const channelRowSchema = (ctx: ChannelImportContext) =>
  z
    .object({
      sku: knownSkuCell(ctx.skus, 'channel:errors.unknownSku'),
      on_hand: quantityCell(),
      sold: quantityCell(),
      // Informative only: the SKU decides the product.
      name: z.string().max(500).optional(),
    })
    .strict()
    .superRefine((r, c) => {
      if (typeof r.sku !== 'string' || !ctx.wholeUnitSkus.has(r.sku)) return
      for (const f of ['on_hand', 'sold'] as const) {
        const v = r[f]
        if (typeof v === 'string' && isChannelQuantity(v.trim()) && !fitsUnit(v, true)) c.addIssue({ code: 'custom', path: [f], message: withParams('catalog:errors.wholeUnits', { sku: r.sku }) })
      }
    }, { when: () => true })

// Console filters, read from the URL.
export const channelGroupings = ['dealer', 'region'] as const
export const channelSorts = ['region', 'dealer', 'sku', 'onHand', 'sold', 'sellThrough', 'weeksOfCover'] as const
export type ChannelSort = (typeof channelSorts)[number]
export const channelListOptions = {
  sortable: channelSorts,
  defaultSort: 'region' as ChannelSort,
  filters: ['kind', 'from', 'to', 'region', 'dealer', 'category', 'group'] as const,
  pageSize: 50,
}

export const historySorts = ['period'] as const
export const historyListOptions = { sortable: historySorts, defaultSort: 'period' as const, defaultDir: 'desc' as const, filters: ['kind'] as const }
