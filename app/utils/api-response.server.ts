// JSON answers for the /api/v1 routes that are not auction bids: one shape for every error
// ({ ok: false, error: { code, message, fields? } }) in the caller's language, from the same
// DomainError the forms use, so an API client and a form see the same rule and the same words.
import type { Locale } from '~/i18n/config'
import { fixedT } from '~/i18n/i18next.server'
import { DomainError, type ErrorCode } from './errors'
import { errorCodes, isDatabaseUnavailable, logFailure } from './errors'
import { NUL_MESSAGE } from './form.server'
import { withoutNul } from './list-params'
import { outOfRangeRefusal } from './pg-errors.server'
import { parseMessage } from './validation'

/** A message as the forms show it: "ns:key|{params}" (zod's and the domain's), read by the same parser. */
async function translate(locale: Locale, message: string): Promise<string> {
  const [key, params] = parseMessage(message)
  // A key without its namespace is an errors key; "orders:…" names its own.
  const t = await fixedT(locale, 'errors')
  return t(key, params as Record<string, string>) as string
}

/**
 * Every 401 of the API: a machine client cannot "sign in", so the words name the key, and one text
 * covers a key that is missing, unknown, revoked or expired (or a session that ended) without saying
 * which. The challenge names the scheme the keys use (RFC 6750).
 */
export const API_UNAUTHENTICATED_KEY = 'errors:apiUnauthenticated'
export const API_CHALLENGE = 'Bearer realm="caixiao"'

/** The init of an API error answer: a 401 always carries the challenge. */
export function apiErrorInit(status: number, init: ResponseInit = {}): ResponseInit {
  if (status !== 401) return { ...init, status }
  const headers = new Headers(init.headers)
  headers.set('WWW-Authenticate', API_CHALLENGE)
  return { ...init, status, headers }
}

export async function apiErrorResponse(locale: Locale, code: ErrorCode, messageKey?: string, fields?: Record<string, string[]>, init: ResponseInit = {}): Promise<Response> {
  const translated = fields
    ? Object.fromEntries(await Promise.all(Object.entries(fields).map(async ([f, keys]) => [f, await Promise.all(keys.map((k) => translate(locale, k)))] as const)))
    : undefined
  const key = messageKey ?? (code === 'unauthenticated' ? API_UNAUTHENTICATED_KEY : `errors:${code}`)
  return Response.json(
    { ok: false, error: { code: code.toUpperCase(), message: await translate(locale, key), ...(translated ? { fields: translated } : {}) } },
    apiErrorInit(errorCodes[code], init),
  )
}

/**
 * What an answer during a database outage carries: when to retry (a restarting PostgreSQL is
 * usually back within seconds), and not to keep it.
 */
export const OUTAGE_HEADERS = { 'Retry-After': '5', 'Cache-Control': 'no-store' }

/** A thrown error as an API answer; anything that is not a DomainError is logged and answered 503. */
export async function apiErrorFrom(locale: Locale, thrown: unknown): Promise<Response> {
  // A number too large for its column is the input's fault (422), not an outage.
  const err = outOfRangeRefusal(thrown) ?? thrown
  if (err instanceof DomainError) return apiErrorResponse(locale, err.code, err.messageKey, err.fieldErrors)
  if (err instanceof Response) return err
  logFailure('API request failed', err)
  return apiErrorResponse(locale, 'unavailable', undefined, undefined, isDatabaseUnavailable(err) ? { headers: OUTAGE_HEADERS } : {})
}

/**
 * The request's JSON body, refused when it is larger than `maxBytes` or not JSON, or when a string in it (a key
 * or a value) carries a NUL character: PostgreSQL stores none in text, so it failed at the database as a 500.
 * `fields` names where, as the forms do.
 */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
): Promise<{ ok: true; value: unknown } | { ok: false; code: 'too_large' | 'bad_input'; messageKey?: string; fields?: Record<string, string[]> }> {
  if (!isJsonRequest(request)) return { ok: false, code: 'bad_input', messageKey: JSON_ONLY_MESSAGE }
  const text = await request.text().catch(() => null)
  if (text === null) return { ok: false, code: 'bad_input' }
  if (Buffer.byteLength(text) > maxBytes) return { ok: false, code: 'too_large' }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, code: 'bad_input' }
  }
  const nul = nulPaths(value)
  if (!nul) return { ok: false, code: 'bad_input' }
  if (nul.length) return { ok: false, code: 'bad_input', fields: Object.fromEntries(nul.map((p) => [p, [NUL_MESSAGE]])) }
  return { ok: true, value }
}

/** The words for a body not sent as JSON: what the header must say. */
export const JSON_ONLY_MESSAGE = 'errors:jsonOnly'

/**
 * Whether the body is declared JSON (application/json, or a +json type). The API documents JSON bodies only; a
 * text/plain or form body that happened to parse as JSON was taken as if it were one.
 */
export function isJsonRequest(request: Request): boolean {
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase()
  return type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type)
}

/** Deeper than any body of the API nests; JSON.parse takes any depth, so the walk below must stop somewhere. */
export const MAX_JSON_DEPTH = 64

/**
 * Where a parsed JSON value holds a NUL character, as dotted paths ("lines.0.note"; a key's own path for a key), or
 * null when it nests deeper than MAX_JSON_DEPTH. Walked with a stack of its own: a recursive walk overflowed the call
 * stack on a small body of 5,000 nested arrays and the API answered Remix's 500.
 */
export function nulPaths(value: unknown): string[] | null {
  const found: string[] = []
  const stack: { value: unknown; path: string; depth: number; nulKey?: true }[] = [{ value, path: '', depth: 0 }]
  while (stack.length) {
    const at = stack.pop()!
    if (at.nulKey) {
      found.push(at.path)
      continue
    }
    if (typeof at.value === 'string') {
      if (at.value.includes('\u0000')) found.push(at.path)
      continue
    }
    if (!at.value || typeof at.value !== 'object') continue
    if (at.depth >= MAX_JSON_DEPTH) return null
    // Pushed in reverse so the paths come out in the body's order.
    for (const [k, v] of Object.entries(at.value).reverse()) {
      const path = at.path ? `${at.path}.${withoutNul(k)}` : withoutNul(k)
      stack.push(k.includes('\u0000') ? { value: null, path, depth: at.depth, nulKey: true } : { value: v, path, depth: at.depth + 1 })
    }
  }
  return found
}
