// One error type with a closed set of codes, mapped to HTTP and to a message key in one place.
export const errorCodes = {
  bad_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  length_required: 411,
  too_large: 413,
  unprocessable: 422,
  throttled: 429,
  unavailable: 503,
} as const

export type ErrorCode = keyof typeof errorCodes

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** i18n key (namespace:key) shown to the user. */
    readonly messageKey: string = `errors:${code}`,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(messageKey)
    this.name = 'DomainError'
  }
  get status() {
    return errorCodes[this.code]
  }
}

export const notFound = () => new DomainError('not_found')
export const forbidden = () => new DomainError('forbidden')

// The database cannot be reached right now, as opposed to a statement it refused: socket errors,
// postgres.js's CONNECTION_* and CONNECT_TIMEOUT, SQLSTATE class 08 (connection exception), 57P01
// (admin shutdown: a restart ended the session), 57P02 (crash shutdown), 57P03 (starting up).
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01',
  '57P02',
  '57P03',
])

/** True when err (or what it wraps: drizzle's query error keeps the driver's as its cause) says the database is unreachable. */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true
  if (err instanceof AggregateError && err.errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true
  return isDatabaseUnavailable((err as { cause?: unknown }).cause, depth + 1)
}

/**
 * Logs a failure no user is waiting on (a clock tick, a push, a job): an unreachable database as
 * one line, since it recurs on every tick until PostgreSQL is back, anything else with its stack.
 */
export function logFailure(what: string, err: unknown): void {
  if (isDatabaseUnavailable(err)) console.warn(`${what}: database unreachable`)
  else console.error(what, err)
}

// What a browser's fetch says when no answer came (Chromium, Firefox, Safari), and what Remix says
// when the answer to a data request was not its own (an outage's 503, a proxy's error page).
const UNREACHABLE_MESSAGES = [/^Failed to fetch$/, /^NetworkError when attempting to fetch resource/, /^Load failed$/, /^Unable to decode turbo-stream response/]

/**
 * True for an error of the browser's own data request that the app never answered: the network
 * dropped, the server was down, or something in front of it answered instead. Not a fault of the
 * page, so the user is offered to try again rather than told the error was recorded.
 */
export function isServerUnreachable(error: unknown): boolean {
  return error instanceof Error && UNREACHABLE_MESSAGES.some((m) => m.test(error.message))
}
