// Client-safe: the account page's two forms, shared by the form and its action.
import { isValidTimeZone } from '~/utils/dates'
import { requiredText, withParams, z } from '~/utils/validation'
import { supportedLocales } from '~/i18n/config'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password.rules'

export const ProfileSchema = z
  .object({
    intent: z.literal('profile'),
    name: requiredText(100),
    locale: z.enum(supportedLocales),
    timeZone: z.string().max(64).refine(isValidTimeZone, { error: 'errors:field.invalid' }),
  })
  .strict()

export const ChangePasswordSchema = z
  .object({
    intent: z.literal('password'),
    current: z.string().min(1).max(MAX_PASSWORD_LENGTH),
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, { error: withParams('auth:reset.tooShort', { min: MIN_PASSWORD_LENGTH }) })
      .max(MAX_PASSWORD_LENGTH),
    confirm: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  })
  .strict()
  .refine((v) => v.password === v.confirm, { path: ['confirm'], error: 'auth:reset.mismatch' })
