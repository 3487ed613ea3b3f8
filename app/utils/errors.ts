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
