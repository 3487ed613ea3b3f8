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

/**
 * A test database's commits need not wait for the WAL to reach the disk (a flush here costs ~3 ms,
 * most of the PostgreSQL suite's time): losing the last commits in a server crash is harmless to a
 * throwaway database, and what a transaction sees or locks is the same either way.
 */
export const noCommitFlush = (database: string) => `alter database ${database} set synchronous_commit = off`
