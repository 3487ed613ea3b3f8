// Client-safe zod schemas shared by the auction forms (conform in the browser), the actions, the
// socket handlers and the HTTP API. Messages are i18n keys; cross-field checks name their field.
import { decimalField, plainNumber, requiredText, wholeNumber, z, type DecimalRule } from '~/utils/validation'
import { D } from '~/utils/money'
import { DEFAULT_SETTINGS, ms, softCloseTriggers, visibilities, type AuctionSettings } from './auction.rules'

/** What parseAmount takes (D12): above zero, at most two decimals, at most 13 digits before the point. */
const AMOUNT_RULE: DecimalRule = { digits: 13, scale: 2, sign: 'positive' }

/**
 * A set-up amount (ceiling, reserve, last purchase price, decrement) as the buyer types it, by the app's one number reader:
 * "100,000" as shown, each refusal its own reason; normalized to two decimals ("12.5" → "12.50").
 */
export const amountField = () => decimalField(AMOUNT_RULE).transform((s) => new D(s).toFixed(2))

/** A percentage above 0 and at most `max`, with at most four decimals, kept as a string. */
const percentField = (max: number, message: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,3}(\.\d{1,4})?$/, { error: message, abort: true })
    .refine((s) => new D(s).gt(0) && new D(s).lte(max), { error: message })
    .transform((s) => new D(s).toString())

/**
 * An instant with an explicit offset ("…Z" or "+08:00"), kept as UTC ISO. Forms convert their
 * datetime-local value with the user's time zone before parsing; a zone-less time is refused
 * because it would be read in whatever zone the server runs in.
 */
export const instantField = () =>
  z.iso.datetime({ offset: true, error: 'auction:validation.instant' }).transform((s) => new Date(s).toISOString())

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v)

const seconds = (min: number) => wholeNumber('auction:validation.seconds').pipe(z.number().min(min, { error: 'auction:validation.seconds' }).max(86_400, { error: 'auction:validation.seconds' }))

export const AuctionLineSchema = z
  .object({
    productId: z.preprocess(emptyToUndefined, z.uuid().optional()),
    description: requiredText(500),
    quantity: z
      .string()
      .trim()
      // abort: the refinement reads the text as a decimal, which throws (a 500) on what the pattern refused.
      .regex(/^\d{1,12}(\.\d{1,3})?$/, { error: 'auction:validation.quantity', abort: true })
      .refine((s) => new D(s).gt(0), { error: 'auction:validation.quantity' }),
    unit: requiredText(20),
  })
  .strict()

export const AuctionSetupSchema = z
  .object({
    title: requiredText(200),
    description: z.string().trim().max(5000).optional().transform((v) => (v ? v : null)),
    currency: z.string().trim().regex(/^[A-Z]{3}$/, { error: 'auction:validation.currency' }).default(DEFAULT_SETTINGS.currency),
    lines: z.array(AuctionLineSchema).min(1, { error: 'auction:validation.lines' }).max(200),
    participantIds: z
      .array(z.uuid())
      .min(1, { error: 'auction:validation.participants' })
      .refine((ids) => new Set(ids).size === ids.length, { error: 'auction:validation.participantsDuplicate' }),
    ceiling: amountField(),
    reserve: z.preprocess(emptyToUndefined, amountField().optional()),
    // Not bounded by the ceiling: the last price paid may be above today's ceiling (then the savings against it are larger).
    lastPurchasePrice: z.preprocess(emptyToUndefined, amountField().optional()),
    decrementAmount: z.preprocess(emptyToUndefined, amountField().optional()),
    decrementPercent: z.preprocess(emptyToUndefined, percentField(50, 'auction:validation.decrementPercent').optional()),
    // A form posts "on"/"off" (a checkbox alone cannot say false: absent means the default).
    mustBeatBest: z.preprocess((v) => (v === 'off' ? false : v), z.boolean()).default(DEFAULT_SETTINGS.mustBeatBest),
    maxSingleDropPercent: percentField(100, 'auction:validation.maxSingleDrop').default(DEFAULT_SETTINGS.maxSingleDropPercent),
    startsAt: instantField(),
    endsAt: instantField(),
    softCloseWindowSeconds: seconds(0).default(DEFAULT_SETTINGS.softClose.windowSeconds),
    softCloseExtensionSeconds: seconds(1).default(DEFAULT_SETTINGS.softClose.extensionSeconds),
    softCloseTrigger: z.enum(softCloseTriggers).default(DEFAULT_SETTINGS.softClose.trigger),
    /** Absent = the default (10); empty = unlimited (null); 0 = no extension. */
    softCloseMaxExtensions: z.preprocess(
      (v) => (v === undefined ? DEFAULT_SETTINGS.softClose.maxExtensions : v === '' ? null : v),
      z.union([
        z.null(),
        wholeNumber('auction:validation.maxExtensions').pipe(z.number().min(0, { error: 'auction:validation.maxExtensions' }).max(1000, { error: 'auction:validation.maxExtensions' })),
      ]),
    ),
    hardStopAt: instantField(),
    visibility: z.enum(visibilities).default(DEFAULT_SETTINGS.visibility),
    minParticipants: wholeNumber().pipe(z.number().min(1, { error: 'auction:validation.minParticipants' }).max(1000)).default(DEFAULT_SETTINGS.minParticipants),
  })
  .strict()
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (v.reserve !== undefined && new D(v.reserve).gt(v.ceiling)) issue('reserve', 'auction:validation.reserveAboveCeiling')
    if (v.decrementAmount === undefined && v.decrementPercent === undefined) issue('decrementAmount', 'auction:validation.decrementRequired')
    if (v.decrementAmount !== undefined && new D(v.decrementAmount).gte(v.ceiling)) issue('decrementAmount', 'auction:validation.decrementTooLarge')
    if (ms(v.endsAt) <= ms(v.startsAt)) issue('endsAt', 'auction:validation.endBeforeStart')
    if (ms(v.hardStopAt) < ms(v.endsAt)) issue('hardStopAt', 'auction:validation.hardStopBeforeEnd')
    if (v.minParticipants > v.participantIds.length) issue('minParticipants', 'auction:validation.minParticipantsAboveInvited')
  }, { when: (payload) => payload.issues.length === 0 }) // zod 4 runs object checks after non-aborting field issues; these compare parsed values only
export type AuctionSetupInput = z.output<typeof AuctionSetupSchema>

/** The rules' settings from a parsed set-up form (the form's default for a missing decrement is 0.5 %). */
export function settingsFromSetup(v: AuctionSetupInput): AuctionSettings {
  return {
    currency: v.currency,
    ceiling: v.ceiling,
    reserve: v.reserve ?? null,
    lastPurchasePrice: v.lastPurchasePrice ?? null,
    decrement: { amount: v.decrementAmount ?? null, percent: v.decrementPercent ?? null },
    mustBeatBest: v.mustBeatBest,
    maxSingleDropPercent: v.maxSingleDropPercent,
    startsAt: v.startsAt,
    endsAt: v.endsAt,
    softClose: {
      windowSeconds: v.softCloseWindowSeconds,
      extensionSeconds: v.softCloseExtensionSeconds,
      trigger: v.softCloseTrigger,
      maxExtensions: v.softCloseMaxExtensions,
      hardStopAt: v.hardStopAt,
    },
    visibility: v.visibility,
    minParticipants: v.minParticipants,
  }
}

/**
 * A bid's amount must be a plain decimal string here; its precision, sign and size are the rules'
 * INVALID_AMOUNT, which also states maxAcceptable and is logged as a rejected attempt.
 */
const bidAmount = () => z.string({ error: 'auction:validation.amount' }).trim().regex(/^\d{1,20}(\.\d{1,10})?$/, { error: 'auction:validation.amount' })
/** A bid typed into a form (the portal's without script, the buyer's surrogate bid): "98,900.00" as the room shows amounts. */
const typedBidAmount = () => z.string({ error: 'auction:validation.amount' }).transform(plainNumber).pipe(bidAmount())

/**
 * POST /api/v1/auctions/{id}/bids body, as the route parses it and the OpenAPI document shows it;
 * the Idempotency-Key header plays clientBidId's part. The amount is any text up to a sane length:
 * the rules judge it, so "12,5" is a logged INVALID_AMOUNT (422) stating maxAcceptable. Amounts
 * travel as decimal strings (auction-rules.md), so a JSON number is refused before the rules.
 */
export const BidBodySchema = z.strictObject({
  amount: z.string().max(40).meta({ description: 'A decimal string such as "12345.60": positive, at most two decimals, at most the ceiling. A JSON number is refused (INVALID_AMOUNT).' }),
  confirm: z.boolean().optional().meta({ description: 'Confirms a large drop the rules asked to confirm (CONFIRMATION_REQUIRED).' }),
})
export type BidBody = z.output<typeof BidBodySchema>

/** The bid's Idempotency-Key header (its clientBidId): any text of 1 to 200 characters once trimmed. */
export const BidIdempotencyKeySchema = z.string().trim().min(1).max(200)

/** auction:bid over the socket. */
export const SocketBidSchema = z
  .object({ auctionId: z.uuid(), amount: bidAmount(), confirm: z.boolean().default(false), clientBidId: z.uuid() })
  .strict()
export type SocketBidInput = z.output<typeof SocketBidSchema>

/** The bid form in the portal (and the buyer's surrogate bid form, which adds the supplier). */
export const BidFormSchema = z.object({ amount: typedBidAmount(), confirm: z.boolean().default(false), clientBidId: z.uuid() }).strict()
export const SurrogateBidSchema = BidFormSchema.extend({ orgId: z.uuid(), reason: requiredText(500) }).strict()

export const AuctionRoomSchema = z.object({ auctionId: z.uuid() }).strict()

const reason = () => requiredText(500)
export const VoidBidSchema = z.object({ bidId: z.uuid(), reason: reason() }).strict()
export const PauseAuctionSchema = z.object({ reason: reason() }).strict()
export const ResumeAuctionSchema = z.object({ reason: reason() }).strict()
export const CancelAuctionSchema = z.object({ reason: reason() }).strict()
export const ExtendEndSchema = z.object({ endsAt: instantField(), reason: reason() }).strict()
export const AddParticipantsSchema = z.object({ participantIds: z.array(z.uuid()).min(1, { error: 'auction:validation.participants' }) }).strict()
/** The second person's answer to a waiting award proposal names the proposal the page showed. */
export const ConfirmAwardSchema = z.object({ orgId: z.uuid(), proposedAt: instantField() }).strict()
export const DeclineAwardSchema = z.object({ orgId: z.uuid(), proposedAt: instantField(), reason: reason() }).strict()
export const AwardSchema = z
  .object({ orgId: z.uuid(), justification: z.string().trim().max(2000).optional().transform((v) => (v ? v : null)) })
  .strict()
