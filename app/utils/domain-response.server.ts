import type { Submission } from '@conform-to/react'
import { data } from '@remix-run/node'
import { DomainError } from './errors'
import { outOfRangeRefusal } from './pg-errors.server'

/**
 * The one place a DomainError becomes an HTTP answer for a form action: another party's record is a
 * plain 404 (or 403) page; anything else goes back to the form, next to its field when it names one.
 * Errors that are not DomainErrors are not ours to answer and are thrown on, except a number too large
 * for its column written outside transact (which maps it itself): that one is the input's fault.
 */
export function replyWithDomainError(thrown: unknown, submission: Pick<Submission<unknown>, 'reply'>) {
  const err = outOfRangeRefusal(thrown) ?? thrown
  if (!(err instanceof DomainError)) throw err
  if (err.code === 'not_found') throw new Response('Not found', { status: 404 })
  if (err.code === 'forbidden') throw new Response('Forbidden', { status: 403 })
  const reply = err.fieldErrors ? submission.reply({ fieldErrors: err.fieldErrors }) : submission.reply({ formErrors: [err.messageKey] })
  return data({ submission: reply }, { status: err.status })
}
