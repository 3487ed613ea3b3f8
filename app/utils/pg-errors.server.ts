import { DomainError } from './errors'

/**
 * The constraint behind a unique violation (SQLSTATE 23505), or null for any other error. Drizzle
 * wraps the driver's error in `cause`; postgres.js names the constraint `constraint_name`, PGlite `constraint`.
 */
export function uniqueViolation(err: unknown): string | null {
  for (let e: any = err, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (e.code === '23505') return String(e.constraint_name ?? e.constraint ?? '')
  }
  return null
}

/** The constraint behind a CHECK violation (SQLSTATE 23514), or null for any other error. */
export function checkViolation(err: unknown): string | null {
  for (let e: any = err, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (e.code === '23514') return String(e.constraint_name ?? e.constraint ?? '')
  }
  return null
}

/** The driver's error when err is a value too large for its numeric column (SQLSTATE 22003, numeric_value_out_of_range), or null. */
function numericOutOfRange(err: unknown): { message?: string; detail?: string } | null {
  for (let e: any = err, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (e.code === '22003') return e
  }
  return null
}

/**
 * A statement refused for a number its column cannot hold, as a 422 the forms and the API answer in
 * the reader's language; null for any other error. The safety net behind the commands' own checks
 * (which name the field): the input was too large, so a 500 would wrongly blame the server. Logged,
 * as it means a check is missing somewhere.
 */
export function outOfRangeRefusal(err: unknown): DomainError | null {
  const pg = err instanceof DomainError ? null : numericOutOfRange(err)
  if (!pg) return null
  // The driver's words (not the failed query's, which carry its parameters).
  console.warn(`a value out of its column's range reached the database: ${pg.message}${pg.detail ? ` (${pg.detail})` : ''}`)
  return new DomainError('unprocessable', 'errors:number.outOfRange')
}
