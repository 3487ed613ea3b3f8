import { parseWithZod } from '@conform-to/zod/v4'
import { data } from '@remix-run/node'
import type { z } from 'zod'
import '~/utils/validation'

/**
 * Parses a submitted form against a strict zod schema. On failure it throws nothing: it returns
 * the conform reply with status 400, which the route returns so the form shows the messages.
 */
export async function parseForm<S extends z.ZodType>(request: Request, schema: S) {
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema })
  if (submission.status !== 'success') {
    return { ok: false as const, response: data({ submission: submission.reply() }, { status: 400 }) }
  }
  return { ok: true as const, value: submission.value as z.output<S>, submission }
}
