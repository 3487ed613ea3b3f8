// Client-safe: the account page's two forms, shared by the form and its action.
import { isValidTimeZone } from '~/utils/dates'
import { requiredText, z } from '~/utils/validation'
import { supportedLocales } from '~/i18n/config'
import { MAX_PASSWORD_LENGTH } from './password.rules'
import { mismatch, newPasswordFields, passwordsMatch } from './password.validation'

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
    ...newPasswordFields,
  })
  .strict()
  .refine(passwordsMatch, mismatch)
