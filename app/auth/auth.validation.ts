import { email, z } from '~/utils/validation'

export const SignInSchema = z
  .object({
    email: email(),
    password: z.string().min(1).max(1000),
    redirectTo: z.string().max(2000).optional(),
  })
  .strict()
