import { createHmac, timingSafeEqual } from 'node:crypto'
import type { AppLoadContext } from '@remix-run/node'
import { recordRouteDenied } from './guards.server'

/**
 * The action token of a session: an HMAC keyed by the session's own secret (the cookie's value), so
 * it needs no table and no server secret, dies with the session, and a page that shows it reveals
 * nothing of the cookie. The database keeps only a hash of that secret, so whoever reads the sessions
 * table cannot make it either.
 */
export function actionTokenOf(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('caixiao action token v1').digest('base64url')
}

/** Whether the submitted token is the session's, compared in constant time. */
export function actionTokenMatches(expected: string | null, given: FormDataEntryValue | null): boolean {
  if (!expected || typeof given !== 'string') return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Whether a high-value request carries the session's action token (`given`, from its form field or
 * header). A request made with an API key has no cookie another site could ride on and needs none.
 * A refusal is on record, as every denied attempt is.
 */
export async function hasActionToken(request: Request, given: FormDataEntryValue | null, context: AppLoadContext): Promise<boolean> {
  if (context.actor?.apiKey || actionTokenMatches(context.actionToken, given)) return true
  if (context.actor) await recordRouteDenied(request, { actor: context.actor, ip: context.ip }, 'action token')
  return false
}
