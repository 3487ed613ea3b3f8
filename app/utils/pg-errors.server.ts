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
