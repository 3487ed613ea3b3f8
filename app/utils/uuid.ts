const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** An id from a URL or a form that can be a row's uuid (anything else is no row: 404 without asking the database). */
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s)
