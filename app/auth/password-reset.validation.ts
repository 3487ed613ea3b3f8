// Client-safe: the forms of the password-reset pages, shared by the form and its action.
import { email, withParams, z } from '~/utils/validation'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password.rules'

export const ForgotPasswordSchema = z.object({ email: email() }).strict()

export const ResetPasswordSchema = z
  .object({
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, { error: withParams('auth:reset.tooShort', { min: MIN_PASSWORD_LENGTH }) })
      .max(MAX_PASSWORD_LENGTH),
    confirm: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  })
  .strict()
  .refine((v) => v.password === v.confirm, { path: ['confirm'], error: 'auth:reset.mismatch' })

