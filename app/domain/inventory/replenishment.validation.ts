// Client-safe zod schema of a product's replenishment settings in one warehouse (the stock page's form).
import { D } from '~/utils/money'
import { decimalField, groupDigits, withParams, z, type DecimalRule } from '~/utils/validation'
import { MAX_LEAD_TIME_DAYS, serviceLevels } from './replenishment.rules'

// Quantities are numeric(18,4), typed as the stock pages show them ("1,000").
const QTY_NON_NEGATIVE: DecimalRule = { digits: 14, scale: 4, sign: 'nonNegative' }
const QTY_POSITIVE: DecimalRule = { digits: 14, scale: 4, sign: 'positive' }

/** A blank field is no figure (null), not 0. */
const optionalQty = (rule: DecimalRule) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), decimalField(rule).optional()).transform((v) => v ?? null)

/** A checkbox: present ("on") is true, absent false. */
const checkbox = () => z.preprocess((v) => v === 'on' || v === 'true', z.boolean())

export const leadTimeMessage = withParams('replenishment:errors.leadTime', { min: 1, max: MAX_LEAD_TIME_DAYS })

export const ReplenishmentSchema = z
  .object({
    intent: z.literal('replenishment'),
    warehouseId: z.uuid({ error: 'errors:field.choose' }),
    enabled: checkbox(),
    // One message for 0, 400, -1 and 7.5 alike, naming the range the field takes; blank is "required".
    leadTimeDays: z
      .string()
      .trim()
      .min(1, { error: 'errors:field.required', abort: true })
      .regex(/^\d{1,3}$/, { error: leadTimeMessage })
      .transform(Number)
      .refine((n) => n >= 1 && n <= MAX_LEAD_TIME_DAYS, { error: leadTimeMessage }),
    serviceLevel: z.enum(serviceLevels.map(String) as [string, ...string[]], { error: 'errors:field.choose' }).transform(Number),
    manual: checkbox(),
    safetyStock: optionalQty(QTY_NON_NEGATIVE),
    reorderPoint: optionalQty(QTY_NON_NEGATIVE),
    orderUpTo: optionalQty(QTY_POSITIVE),
    minOrderQty: optionalQty(QTY_POSITIVE),
    orderMultiple: optionalQty(QTY_POSITIVE),
  })
  .strict()
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (!v.manual) return
    // Set by hand, both figures are the buyer's: neither is guessed.
    if (v.safetyStock === null) issue('safetyStock', 'replenishment:errors.manualFigure')
    if (v.reorderPoint === null) issue('reorderPoint', 'replenishment:errors.manualFigure')
    if (v.safetyStock === null || v.reorderPoint === null) return
    if (new D(v.reorderPoint).lt(v.safetyStock)) issue('reorderPoint', 'replenishment:errors.pointBelowSafety')
    else if (v.orderUpTo !== null && new D(v.orderUpTo).lte(v.reorderPoint)) issue('orderUpTo', withParams('replenishment:errors.upToBelowPoint', { point: groupDigits(v.reorderPoint) }))
  })

export type ReplenishmentInput = Omit<z.output<typeof ReplenishmentSchema>, 'intent' | 'serviceLevel'> & { serviceLevel: (typeof serviceLevels)[number] }

/** Recompute the product's usage-based figures now (what the nightly job does for every rule). */
export const RecomputeSchema = z.object({ intent: z.literal('recompute') }).strict()
