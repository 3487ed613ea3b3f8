import { parseWithZod } from '@conform-to/zod/v4'
import { data } from '@remix-run/node'
import type { z } from 'zod'
import '~/utils/validation'

/**
 * The submitted form, or null when the body is not one (no or another content type, broken
 * multipart, JSON): such a request is bad input, never a server error.
 */
export async function readFormData(request: Request): Promise<FormData | null> {
  try {
    return await request.formData()
  } catch {
    return null
  }
}

/** The 400 answer for a body that is not a form at all. */
export function notAFormResponse() {
  return data({ submission: { status: 'error' as const, error: { '': ['errors:bad_input'] } } }, { status: 400 })
}

/**
 * Parses a submitted form against a strict zod schema. On failure it throws nothing: it returns
 * the conform reply with status 400, which the route returns so the form shows the messages.
 */
export async function parseForm<S extends z.ZodType>(request: Request, schema: S) {
  const formData = await readFormData(request)
  if (!formData) return { ok: false as const, response: notAFormResponse() }
  const submission = parseWithZod(formData, { schema })
  if (submission.status !== 'success') {
    return { ok: false as const, response: data({ submission: submission.reply() }, { status: 400 }) }
  }
  return { ok: true as const, value: submission.value as z.output<S>, submission }
}
