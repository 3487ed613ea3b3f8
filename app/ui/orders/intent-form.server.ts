import type { Submission } from '@conform-to/react'
import { data } from '@remix-run/node'
import type { z } from 'zod'
import { DomainError } from '~/utils/errors'
import { outOfRangeRefusal } from '~/utils/pg-errors.server'
import { ACTION_TOKEN_FIELD } from '~/auth/action-token'
import { notAFormResponse, parseFormData, readFormData } from '~/utils/form.server'
import '~/utils/validation'

/**
 * An order page posts several forms to one action, told apart by `intent`. The intent (and the
 * hidden fields the page owns, like the idempotency key) are taken out before the rest is parsed
 * against the command's strict schema, so any other extra field is still refused. The action token
 * is kept aside too, for the intents that need it (refuseWithoutActionToken).
 */
export async function readIntentForm(request: Request, own: readonly string[] = []) {
  const form = await readFormData(request)
  // readFormData refuses absurd list indexes ("lines[99999999].x") before conform sees them.
  if (!form) return null
  const intent = String(form.get('intent') ?? '')
  const extras: Record<string, string> = Object.create(null)
  const rest = new FormData()
  const token = form.get(ACTION_TOKEN_FIELD)
  for (const [k, v] of form.entries()) {
    if (k === 'intent' || k === ACTION_TOKEN_FIELD) continue
    if (own.includes(k)) {
      // A page's own field names one thing (the order, the idempotency key): given twice it is no form, not "the last one".
      if (k in extras) return null
      extras[k] = typeof v === 'string' ? v : ''
      continue
    }
    rest.append(k, v)
  }
  return { intent, extras, rest, token }
}

/** A reply's field messages under the names the page's form gave those fields (`rename`), where the action renamed them before parsing. */
type SubmissionReply = ReturnType<Submission<unknown>['reply']>
export type FieldRename = (name: string) => string
function renamed(reply: SubmissionReply, rename?: FieldRename): SubmissionReply {
  if (!rename || !reply.error) return reply
  return { ...reply, error: Object.fromEntries(Object.entries(reply.error).map(([k, v]) => [rename(k), v])) }
}

export function parseRest<S extends z.ZodType>(rest: FormData, schema: S, intent: string, rename?: FieldRename) {
  const submission = parseFormData(rest, schema)
  if (submission.status !== 'success') {
    return { ok: false as const, response: data({ intent, submission: renamed(submission.reply(), rename) }, { status: 400 }) }
  }
  return { ok: true as const, value: submission.value as z.output<S>, submission }
}

export function unknownIntent() {
  return notAFormResponse()
}

/** replyWithDomainError, with the intent echoed so the page shows the message at the form that caused it. */
export function replyIntentError(thrown: unknown, submission: Pick<Submission<unknown>, 'reply'>, intent: string, rename?: FieldRename) {
  const err = outOfRangeRefusal(thrown) ?? thrown
  if (!(err instanceof DomainError)) throw err
  if (err.code === 'not_found') throw new Response('Not found', { status: 404 })
  if (err.code === 'forbidden') throw new Response('Forbidden', { status: 403 })
  const reply = err.fieldErrors ? submission.reply({ fieldErrors: err.fieldErrors, formErrors: [err.messageKey] }) : submission.reply({ formErrors: [err.messageKey] })
  return data({ intent, submission: renamed(reply, rename) }, { status: err.status })
}
