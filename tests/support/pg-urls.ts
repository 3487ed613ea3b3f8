const base = () => new URL(process.env.DATABASE_URL!)

/** Test databases are named after the configured database, so they are easy to recognize and clean up. */
export const templatePrefix = () => `${(base().pathname.slice(1) || 'caixiao').replace(/[^a-z0-9_]/gi, '_')}_t`.toLowerCase()

export function adminUrl() {
  const u = base()
  u.pathname = '/postgres'
  return u.toString()
}

export function urlFor(database: string) {
  const u = base()
  u.pathname = `/${database}`
  return u.toString()
}
