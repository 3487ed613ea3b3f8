import { parseWithZod } from '@conform-to/zod/v4'
import { data, type AppLoadContext } from '@remix-run/node'
import { ACTION_TOKEN_FIELD } from '~/auth/action-token'
import { hasActionToken } from '~/auth/action-token.server'
import type { z } from 'zod'
import { withoutNul } from '~/utils/list-params'
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
    if (k.includes('\u0000')) return null
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
  const submission = parseFormData(formData, schema)
  if (submission.status !== 'success') {
    return { ok: false as const, response: data({ submission: submission.reply() }, { status: 400 }) }
  }
  return { ok: true as const, value: submission.value as z.output<S>, submission }
}

/** The message on a field whose value carries a NUL character. */
export const NUL_MESSAGE = 'errors:field.nul'

/**
 * parseWithZod, with a NUL character refused on each field that carries one (in its value or its file's name):
 * PostgreSQL stores no NUL in text, so such a value got past every schema and failed at the database as a 500.
 * The reply echoes the values without it. Every server-side parse of a form goes through here (parseForm,
 * the order pages' parseRest, the account and upload pages).
 */
export function parseFormData<S extends z.ZodType>(formData: FormData, schema: S) {
  const nul: string[] = []
  const clean = new FormData()
  for (const [k, v] of formData.entries()) {
    const name = typeof v === 'string' ? v : v.name
    if (name.includes('\u0000') && !nul.includes(k)) nul.push(k)
    clean.append(k, typeof v === 'string' ? withoutNul(v) : v.name === name && !name.includes('\u0000') ? v : new File([v], withoutNul(name), { type: v.type }))
  }
  const submission = parseWithZod(nul.length ? clean : formData, { schema })
  if (!nul.length) return submission
  const fieldErrors = Object.fromEntries(nul.map((k) => [k, [NUL_MESSAGE]]))
  type Options = Parameters<typeof submission.reply>[0]
  const reply = (options: Options = {}) => {
    const given = options && 'resetForm' in options ? {} : (options as { formErrors?: string[]; fieldErrors?: Record<string, string[]>; hideFields?: string[] })
    return submission.reply({ ...given, fieldErrors: { ...fieldErrors, ...given.fieldErrors } })
  }
  const error = { ...(submission.status === 'success' ? {} : submission.error), ...fieldErrors }
  return { status: 'error', payload: submission.payload, error, reply } as unknown as typeof submission
}
