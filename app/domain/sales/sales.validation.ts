// Client-safe zod schemas for dealer terms and price lists, shared by forms and actions.
import { codeField } from '~/domain/catalog/catalog.validation'
import { required } from '~/domain/catalog/catalog-import.validation'
import { decimalField, requiredText, withParams, z, type DecimalRule } from '~/utils/validation'
import { TIER_RE } from './pricing.rules'
import { ORDER_QUANTITY } from '~/domain/orders/order.validation'
import type { ListParams } from '~/utils/list-params'

const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/
export const isoDate = () =>
  z
    .string()
    .trim()
    .regex(ISO_DATE_RE, { error: 'sales:errors.date' })
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { error: 'sales:errors.date' })

export const tierField = () => z.string().trim().toUpperCase().regex(TIER_RE, { error: 'sales:errors.tier' })
export const currencyField = () => z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, { error: 'errors:field.choose' })

/** A non-negative amount with at most `scale` decimals ("1,000" taken as shown), as plain decimal text. */
export const amountRule = (scale: number): DecimalRule => ({ digits: 14, scale, sign: 'nonNegative' })
export const amountField = (scale: number) => decimalField(amountRule(scale))
/** A volume break's quantity: above zero, and no more than an order line takes (a break no order can reach would still show in the catalog). */
export const MIN_QTY_RULE: DecimalRule = ORDER_QUANTITY

const paymentDaysError = withParams('sales:errors.paymentDays', { min: 0, max: 365 })

export const DealerTermsSchema = z
  .object({
    priceTier: tierField(),
    creditLimit: amountField(2),
    // One message for 400, -1 and 30.5 alike, naming the range the field takes.
    // A blank field is no answer (Number('') would make it 0 days, cash on delivery).
    paymentTermsDays: required(z.string().trim().min(1, { error: 'errors:field.required', abort: true }).regex(/^\d{1,3}$/, { error: paymentDaysError }))
      .transform(Number)
      .refine((n) => n <= 365, { error: paymentDaysError }),
    salesOwnerUserId: z
      .union([z.literal(''), z.uuid({ error: 'errors:field.choose' })])
      .optional()
      .transform((v) => (v ? v : null)),
    currency: currencyField(),
  })
  .strict()
export type DealerTermsInput = z.output<typeof DealerTermsSchema>

export const PriceListSaveSchema = z
  .object({
    intent: z.literal('save'),
    code: codeField(),
    nameEn: requiredText(200),
    nameZh: requiredText(200),
    tier: tierField(),
    currency: currencyField(),
    validFrom: isoDate(),
    validTo: z
      .union([z.literal(''), isoDate()])
      .optional()
      .transform((v) => (v ? v : null)),
  })
  .strict()
  .refine((v) => v.validTo === null || v.validTo > v.validFrom, { path: ['validTo'], error: 'sales:errors.validTo' })
export type PriceListInput = Omit<z.output<typeof PriceListSaveSchema>, 'intent'>

const minQtyField = () => decimalField(MIN_QTY_RULE)

export const PriceItemSchema = z
  .object({
    intent: z.literal('setItem'),
    sku: z.string().trim().min(1).max(64),
    minQty: minQtyField(),
    unitPrice: amountField(4),
  })
  .strict()
export type PriceItemInput = Omit<z.output<typeof PriceItemSchema>, 'intent'>

export const RemovePriceItemSchema = z.object({ intent: z.literal('removeItem'), itemId: z.uuid() }).strict()

export const dealerTermsSorts = ['code', 'name', 'tier', 'creditLimit', 'paymentTermsDays'] as const
export const dealerTermsListOptions = { sortable: dealerTermsSorts, defaultSort: 'code' as (typeof dealerTermsSorts)[number] }
export const priceListSorts = ['code', 'tier', 'validFrom', 'items'] as const
/** coverage=ending: only the lists of the tiers and currencies whose dealers' coverage ends within 30 days or has ended (the home's queue). */
export const priceListListOptions = { sortable: priceListSorts, defaultSort: 'code' as (typeof priceListSorts)[number], filters: ['coverage'] as const }
/** A price list's own prices on its page: searched by SKU or name, 50 a page, by SKU and then quantity. */
export const priceItemListOptions = { sortable: ['sku'] as const, defaultSort: 'sku' as const, pageSize: 50 }
export type PriceItemParams = ListParams<'sku'>

export const ImportFileSchema = z.object({ file: z.instanceof(File, { error: 'errors:file.missing' }) }).strict()

/** The dealer catalog's URL: search, sort and paging via parseListParams; category (a code) and inStock=1 filter. */
export const catalogSorts = ['sku', 'name', 'available'] as const
export type CatalogSort = (typeof catalogSorts)[number]
export const catalogListOptions = { sortable: catalogSorts, defaultSort: 'sku' as CatalogSort, filters: ['category', 'inStock'] as const, pageSize: 20 }
