// Client-safe: choosing a new password, the same on every form that does it (reset, invitation, account).
import { withParams, z } from '~/utils/validation'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password.rules'

export const newPasswordFields = {
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, { error: withParams('auth:reset.tooShort', { min: MIN_PASSWORD_LENGTH }) })
    .max(MAX_PASSWORD_LENGTH),
  confirm: z.string().min(1).max(MAX_PASSWORD_LENGTH),
}

export const passwordsMatch = (v: { password: string; confirm: string }) => v.password === v.confirm
export const mismatch = { path: ['confirm'], error: 'auth:reset.mismatch' }
