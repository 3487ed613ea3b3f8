// JSON answers for the /api/v1 routes that are not auction bids: one shape for every error
// ({ ok: false, error: { code, message, fields? } }) in the caller's language, from the same
// DomainError the forms use, so an API client and a form see the same rule and the same words.
import type { Locale } from '~/i18n/config'
import { i18nServer } from '~/i18n/i18next.server'
import { DomainError, type ErrorCode } from './errors'
import { errorCodes, isDatabaseUnavailable, logFailure } from './errors'

async function translate(locale: Locale, key: string): Promise<string> {
  const [ns, ...rest] = key.split(':')
  const t = await i18nServer.getFixedT(locale, rest.length ? ns : 'errors')
  return t(rest.length ? rest.join(':') : key)
}

export async function apiErrorResponse(locale: Locale, code: ErrorCode, messageKey: string = `errors:${code}`, fields?: Record<string, string[]>, init: ResponseInit = {}): Promise<Response> {
  const translated = fields
    ? Object.fromEntries(await Promise.all(Object.entries(fields).map(async ([f, keys]) => [f, await Promise.all(keys.map((k) => translate(locale, k)))] as const)))
    : undefined
  return Response.json(
    { ok: false, error: { code: code.toUpperCase(), message: await translate(locale, messageKey), ...(translated ? { fields: translated } : {}) } },
    { ...init, status: errorCodes[code] },
  )
}

/**
 * What an answer during a database outage carries: when to retry (a restarting PostgreSQL is
 * usually back within seconds), and not to keep it.
 */
export const OUTAGE_HEADERS = { 'Retry-After': '5', 'Cache-Control': 'no-store' }

/** A thrown error as an API answer; anything that is not a DomainError is logged and answered 503. */
export async function apiErrorFrom(locale: Locale, err: unknown): Promise<Response> {
  if (err instanceof DomainError) return apiErrorResponse(locale, err.code, err.messageKey, err.fieldErrors)
  if (err instanceof Response) return err
  logFailure('API request failed', err)
  return apiErrorResponse(locale, 'unavailable', undefined, undefined, isDatabaseUnavailable(err) ? { headers: OUTAGE_HEADERS } : {})
}

/** The request's JSON body, refused (null) when it is larger than `maxBytes` or not JSON. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<{ ok: true; value: unknown } | { ok: false; code: 'too_large' | 'bad_input' }> {
  const text = await request.text().catch(() => null)
  if (text === null) return { ok: false, code: 'bad_input' }
  if (Buffer.byteLength(text) > maxBytes) return { ok: false, code: 'too_large' }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false, code: 'bad_input' }
  }
}
