// Client-safe zod schemas for the dealer's cart and the order commands. Every object is .strict():
// a price, a dealer id or a status in the body is refused (400), never silently ignored.
import { decimalField, optionalText, readDecimal, tooLargeMessage, z, type DecimalRule } from '~/utils/validation'

/**
 * An ordered quantity: numeric(18,4) holds 14 integer digits, but amounts must still fit numeric(18,2), so
 * at most 10 before the point, 4 after it, above zero. The catalog and the cart read what is typed by this
 * same rule (readDecimal), so nothing the server would refuse gets into the cart.
 */
export const ORDER_QUANTITY: DecimalRule = { digits: 10, scale: 4, sign: 'positive' }

/** "Too large" for a counted product names the largest whole quantity: …9.9999 would invite a fraction it refuses. */
const COUNTED_TOO_LARGE = tooLargeMessage({ ...ORDER_QUANTITY, scale: 0 })

/** A quantity's refusal in the words that fit its product (counted or not). */
export const refusalFor = (message: string, wholeUnits: boolean | null | undefined) => (wholeUnits && message.startsWith('errors:number.tooLarge|') ? COUNTED_TOO_LARGE : message)

const uuidField = () => z.uuid({ error: 'errors:field.choose' })

/**
 * A JSON number as the decimal text it was written as: a double prints back the shortest text that
 * reads as itself, and any quantity ORDER_QUANTITY allows (at most 14 significant digits) survives that
 * round trip exactly. What prints with an exponent (1e21, 1e-7) or fails the rule cannot be taken
 * exactly, and is refused with the number's own message rather than the form's.
 */
export function quantityTextOfNumber(n: number): string | null {
  if (!Number.isFinite(n)) return null
  // String(n) is plain digits or has an exponent, which readDecimal refuses.
  const read = readDecimal(String(n), ORDER_QUANTITY)
  return read.ok ? read.value : null
}

// A form sends text, read as every typed quantity is (decimalField: "1,000" as shown, each refusal its own
// reason); a JSON client may send a number, which becomes the same text first, so the rest of the order
// (whole units, volume breaks) only ever sees a string.
export const quantityField = () =>
  z
    .union([z.string(), z.number()], { error: (issue) => (issue.input === undefined ? 'errors:field.required' : 'errors:number.invalid') })
    .transform((v, ctx) => {
      if (typeof v === 'string') return v
      const text = quantityTextOfNumber(v)
      if (text !== null) return text
      ctx.issues.push({ code: 'custom', input: v, message: 'orders:validation.quantityNumber' })
      return z.NEVER
    })
    .pipe(decimalField(ORDER_QUANTITY))
    .meta({ description: 'Greater than 0, at most 10 digits before the decimal point and 4 after it: a JSON number (60, 12.5) or a decimal string ("60", "12.5000", "1,000"). Counted goods take whole quantities.' })

export const cartLineSchema = z.object({ productId: uuidField(), quantity: quantityField() }).strict()

export const MAX_ORDER_LINES = 100

// One product once per order or cart, 1 to 100 lines.
const linesOf = <L extends z.ZodType<{ productId: string }>>(line: L) =>
  z
    .array(line, { error: 'orders:validation.linesRequired' })
    .min(1, { error: 'orders:validation.linesRequired' })
    .max(MAX_ORDER_LINES, { error: 'orders:validation.tooManyLines' })
    .superRefine((lines, ctx) => {
      const seen = new Set<string>()
      lines.forEach((l, i) => {
        const key = l.productId.toLowerCase()
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'productId'], message: 'orders:validation.duplicateProduct' })
        seen.add(key)
      })
    })

export const cartLinesSchema = linesOf(cartLineSchema)
export type CartLine = z.output<typeof cartLineSchema>

/**
 * The cart page's preview takes each line's quantity as sent and reads it line by line (quoteCart): a
 * quantity the order would refuse is that line's problem, named and told why, while the other lines are
 * priced. Refusing the whole cart for it left every line unnamed and unpriced.
 */
export const quoteCartSchema = z
  .object({ warehouseId: uuidField(), lines: linesOf(z.object({ productId: uuidField(), quantity: z.unknown() }).strict()) })
  .strict()
export type QuoteCartInput = z.output<typeof quoteCartSchema>

export const submitOrderSchema = z
  .object({
    warehouseId: uuidField(),
    lines: cartLinesSchema,
    dealerReference: optionalText(100),
    shipTo: optionalText(500),
    note: optionalText(1000),
    // The total the dealer was shown: the order is placed only at that total, so a price changed between the quote and the
    // click is never charged unseen (submitOrder answers a conflict instead). Optional: API callers that price nothing omit it.
    expectedTotal: decimalField({ digits: 16, scale: 2, sign: 'nonNegative' })
      .optional()
      .meta({ description: 'The total (tax included) the caller was quoted, as a decimal string ("759.36"). If the order now prices to another total (a price list changed), nothing is placed: 409.' }),
  })
  .strict()
export type SubmitOrderInput = z.output<typeof submitOrderSchema>
/** What a caller may pass to submitOrder: the parsed form, or a plain object (parsed again inside). */
export type SubmitOrderPayload = z.input<typeof submitOrderSchema>

/** The client's idempotency key (a UUID the cart generates once per checkout), sent as a hidden field or header. */
export const idempotencyKeySchema = z
  .string()
  .trim()
  .min(8, { error: 'orders:validation.idempotencyKey' })
  .max(200, { error: 'orders:validation.idempotencyKey' })
  .regex(/^[A-Za-z0-9._:-]+$/, { error: 'orders:validation.idempotencyKey' })

export const reasonField = () => z.string({ error: 'orders:validation.reasonRequired' }).trim().min(1, { error: 'orders:validation.reasonRequired' }).max(500)

export const reasonSchema = z.object({ reason: reasonField() }).strict()
export type ReasonInput = z.output<typeof reasonSchema>

export const approveOrderSchema = z.object({ note: optionalText(500) }).strict()
export type ApproveOrderInput = z.output<typeof approveOrderSchema>

export const shipOrderSchema = z
  .object({
    carrier: z.string({ error: 'orders:validation.carrierRequired' }).trim().min(1, { error: 'orders:validation.carrierRequired' }).max(100),
    trackingNumber: z.string({ error: 'orders:validation.trackingRequired' }).trim().min(1, { error: 'orders:validation.trackingRequired' }).max(100),
    lines: z
      .array(z.object({ orderLineId: uuidField(), quantity: quantityField() }).strict(), { error: 'orders:validation.shipLinesRequired' })
      .min(1, { error: 'orders:validation.shipLinesRequired' })
      .max(MAX_ORDER_LINES)
      .superRefine((lines, ctx) => {
        const seen = new Set<string>()
        lines.forEach((l, i) => {
          if (seen.has(l.orderLineId)) ctx.addIssue({ code: 'custom', path: [i, 'orderLineId'], message: 'orders:validation.duplicateLine' })
          seen.add(l.orderLineId)
        })
      }),
  })
  .strict()
export type ShipOrderInput = z.output<typeof shipOrderSchema>

export const recordPaymentSchema = z
  .object({
    // numeric(18,2), above zero; "2,000" as the page shows amounts.
    amount: decimalField({ digits: 16, scale: 2, sign: 'positive' }),
    reference: optionalText(100),
  })
  .strict()
export type RecordPaymentInput = z.input<typeof recordPaymentSchema>

/** One shipment arrived: the console's "mark delivered" and the dealer's "confirm receipt" post the same form. */
export const deliverShipmentSchema = z.object({ shipmentId: uuidField() }).strict()
export type DeliverShipmentInput = z.output<typeof deliverShipmentSchema>
