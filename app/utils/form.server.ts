import { parseWithZod } from '@conform-to/zod/v4'
import { data, type AppLoadContext } from '@remix-run/node'
import { ACTION_TOKEN_FIELD } from '~/auth/action-token'
import { hasActionToken } from '~/auth/action-token.server'
import type { z } from 'zod'
import '~/utils/validation'

/** The highest list index a form field may name ("lines[9999].x"); no form of ours has more rows. */
export const MAX_FORM_LIST_INDEX = 9999

// Path segments that name an object's prototype: conform skips such fields while it builds the
// value, so a strict schema never saw them and a form carrying one was accepted as if it had not.
const PROTOTYPE_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * The submitted form, or null when the body is not one (no or another content type, broken
 * multipart, JSON), names an absurd list index or a prototype path: such a request is bad input,
 * never a server error and never half-read. conform builds real arrays from "lines[99999999].x",
 * and one such field cost seconds of CPU before any schema's length check could run.
 */
export async function readFormData(request: Request): Promise<FormData | null> {
  let form: FormData
  try {
    form = await request.formData()
  } catch {
    return null
  }
  for (const k of form.keys()) {
    for (const m of k.matchAll(/\[(\d+)\]/g)) if (m[1].length > 5 || Number(m[1]) > MAX_FORM_LIST_INDEX) return null
    if (k.split(/[.[\]]/).some((segment) => PROTOTYPE_SEGMENTS.has(segment))) return null
  }
  return form
}

/** The 400 answer for a body that is not a form at all. */
export function notAFormResponse() {
  return data({ submission: { status: 'error' as const, error: { '': ['errors:bad_input'] } } }, { status: 400 })
}

/**
 * For a high-value form (a bid, an award, an approval): the 403 answer when it does not carry the
 * session's action token (hasActionToken), null when it does. The message says what to do:
 * reloading the page gets the session's token.
 */
export async function refuseWithoutActionToken(request: Request, given: FormDataEntryValue | null, context: AppLoadContext) {
  if (await hasActionToken(request, given, context)) return null
  return data({ submission: { status: 'error' as const, error: { '': ['errors:actionToken'] } } }, { status: 403 })
}

/**
 * Parses a submitted form against a strict zod schema. On failure it throws nothing: it returns
 * the conform reply with status 400, which the route returns so the form shows the messages.
 * `highValue` (the request's context) makes the session's action token required; the token field
 * is never passed on to the schema.
 */
export async function parseForm<S extends z.ZodType>(request: Request, schema: S, opts: { highValue?: AppLoadContext } = {}) {
  const formData = await readFormData(request)
  if (!formData) return { ok: false as const, response: notAFormResponse() }
  const refused = opts.highValue && (await refuseWithoutActionToken(request, formData.get(ACTION_TOKEN_FIELD), opts.highValue))
  if (refused) return { ok: false as const, response: refused }
  formData.delete(ACTION_TOKEN_FIELD)
  const submission = parseWithZod(formData, { schema })
  if (submission.status !== 'success') {
    return { ok: false as const, response: data({ submission: submission.reply() }, { status: 400 }) }
  }
  return { ok: true as const, value: submission.value as z.output<S>, submission }
}
