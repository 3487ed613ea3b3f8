const base = () => new URL(process.env.DATABASE_URL!)

/** Template and per-file databases are named after the CI database, so parallel runs do not collide. */
export const templateDb = () => `${(base().pathname.slice(1) || 'caixiao').replace(/[^a-z0-9_]/gi, '_')}_tmpl`.toLowerCase()

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
