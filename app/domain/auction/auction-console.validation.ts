// The console's auction forms: one page posts several forms, each tagged with its intent. Each is
// the command's own strict schema plus the intent, so an unknown field is still refused.
import { z } from '~/utils/validation'
import { AddParticipantsSchema, AwardSchema, CancelAuctionSchema, ConfirmAwardSchema, DeclineAwardSchema, ExtendEndSchema, PauseAuctionSchema, ResumeAuctionSchema, SurrogateBidSchema, VoidBidSchema } from './auction.validation'

export const consoleIntents = ['publish', 'pause', 'resume', 'cancel', 'extend', 'addParticipants', 'void', 'surrogate', 'award', 'confirmAward', 'declineAward', 'verify'] as const
export type ConsoleIntent = (typeof consoleIntents)[number]

const tagged = <T extends z.ZodRawShape, I extends ConsoleIntent>(schema: z.ZodObject<T>, intent: I) => schema.extend({ intent: z.literal(intent) }).strict()
const bare = <I extends ConsoleIntent>(intent: I) => z.object({ intent: z.literal(intent) }).strict()

export const ConsoleActionSchemas = {
  publish: bare('publish'),
  verify: bare('verify'),
  pause: tagged(PauseAuctionSchema, 'pause'),
  resume: tagged(ResumeAuctionSchema, 'resume'),
  cancel: tagged(CancelAuctionSchema, 'cancel'),
  extend: tagged(ExtendEndSchema, 'extend'),
  addParticipants: tagged(AddParticipantsSchema, 'addParticipants'),
  void: tagged(VoidBidSchema, 'void'),
  surrogate: tagged(SurrogateBidSchema, 'surrogate'),
  award: tagged(AwardSchema, 'award'),
  confirmAward: tagged(ConfirmAwardSchema, 'confirmAward'),
  declineAward: tagged(DeclineAwardSchema, 'declineAward'),
} satisfies Record<ConsoleIntent, z.ZodType>

export function isConsoleIntent(v: unknown): v is ConsoleIntent {
  return typeof v === 'string' && (consoleIntents as readonly string[]).includes(v)
}

/** The set-up form's values, as text: a new auction's defaults, or an existing draft's (edit, copy). */
export interface SetupFormValues {
  title: string
  description: string
  currency: string
  lines: { productId: string; description: string; quantity: string; unit: string }[]
  participantIds: string[]
  ceiling: string
  reserve: string
  lastPurchasePrice: string
  decrementAmount: string
  decrementPercent: string
  mustBeatBest: 'on' | 'off'
  maxSingleDropPercent: string
  startsAt: string
  endsAt: string
  softCloseWindowSeconds: string
  softCloseExtensionSeconds: string
  softCloseTrigger: string
  softCloseMaxExtensions: string
  hardStopAt: string
  visibility: string
  minParticipants: string
}
