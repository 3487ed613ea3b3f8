// Client-safe: the forms of the password-reset pages, shared by the form and its action.
import { email, z } from '~/utils/validation'
import { mismatch, newPasswordFields, passwordsMatch } from './password.validation'

export const ForgotPasswordSchema = z.object({ email: email() }).strict()

export const ResetPasswordSchema = z.object(newPasswordFields).strict().refine(passwordsMatch, mismatch)

