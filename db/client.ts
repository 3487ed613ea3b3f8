// One database handle per process, kept on globalThis: the boot file and the Remix server build
// each carry a copy of this module, and both must talk to the same PGlite instance or pool.
import path from 'node:path'
import fs from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import postgres from 'postgres'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import type { ExtractTablesWithRelations } from 'drizzle-orm'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import * as schema from './schema'

export type Schema = typeof schema
export type Database = PgDatabase<PgQueryResultHKT, Schema>
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
export type DbOrTx = Database | Tx

export interface DbHandle {
  kind: 'pglite' | 'postgres'
  db: Database
  url?: string
  pglite?: PGlite
  sql?: postgres.Sql
  close(): Promise<void>
}

const MIGRATION_LOCK = 727_001 // pg_advisory_lock key shared by every process that migrates

type Holder = { handle?: DbHandle; opening?: Promise<DbHandle> }
const holder: Holder = ((globalThis as any).__caixiaoDb ??= {})

export function migrationsFolder() {
  return process.env.MIGRATIONS_DIR ?? path.resolve(process.cwd(), 'db/migrations')
}

export function dataDir() {
  return path.resolve(process.cwd(), process.env.DATA_DIR ?? 'data')
}

export interface OpenOptions {
  url?: string
  /** PGlite data directory; 'memory://' for an in-memory database. */
  pgliteDir?: string
  pglite?: PGlite
  poolSize?: number
}

export async function openDatabase(opts: OpenOptions = {}): Promise<DbHandle> {
  const url = opts.url ?? (opts.pgliteDir || opts.pglite ? undefined : process.env.DATABASE_URL)
  if (url) {
    const sql = postgres(url, {
      max: opts.poolSize ?? Number(process.env.DB_POOL_SIZE ?? 10),
      onnotice: () => {},
      connection: { application_name: 'caixiao' },
      // While PostgreSQL is down or restarting, a query waits for its connection's next attempt: with
      // the driver's backoff (3^n/100 s, up to 20 s) a request hung for many seconds before its 503
      // and kept waiting after the server was back. Half a second at most keeps both short.
      backoff: (retries: number) => Math.min(0.1 * retries, 0.5),
      // An unreachable host (not a refused port) is an outage too: a 503 after seconds, not half a minute.
      connect_timeout: 5,
    })
    const db = drizzlePostgres(preparing(sql), { schema }) as unknown as Database
    return { kind: 'postgres', db, url, sql, close: () => sql.end({ timeout: 5 }) }
  }
  let pglite = opts.pglite
  if (!pglite) {
    const dir = opts.pgliteDir ?? path.join(dataDir(), 'pglite')
    if (!dir.startsWith('memory://')) fs.mkdirSync(dir, { recursive: true })
    pglite = await PGlite.create(dir)
  }
  const db = drizzlePglite(pglite, { schema }) as unknown as Database
  return { kind: 'pglite', db, pglite, close: () => pglite!.close() }
}

/**
 * The client drizzle talks to, with every parameterized statement prepared (named, planned once per
 * connection). Drizzle sends each query it was not told to name as an unnamed statement, which
 * PostgreSQL parses and plans anew on every execution: the planning of an order's statements cost
 * more of the server's CPU than running them. postgres.js keeps one prepared statement per text and
 * connection (connections are recycled after max_lifetime, so the cache cannot grow without end).
 * Statements without parameters stay as they are: a multi-statement string cannot be prepared.
 * Transactions and savepoints hand their callbacks a client of their own, wrapped the same way.
 */
function preparing<T extends postgres.Sql>(client: T): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver)
      if (prop === 'unsafe') {
        return (query: string, params?: unknown[], options?: Record<string, unknown>) =>
          target.unsafe(query, params as never[], params?.length ? { ...options, prepare: true } : options)
      }
      if (prop === 'begin' || prop === 'savepoint') {
        return (...args: unknown[]) => {
          const at = args.findIndex((a) => typeof a === 'function')
          if (at >= 0) {
            const fn = args[at] as (inner: postgres.Sql) => unknown
            args[at] = (inner: postgres.Sql) => fn(preparing(inner))
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args)
        }
      }
      return value
    },
  })
}

/** Runs the drizzle-kit migrations once; several processes booting together wait on one lock. */
export async function migrateDatabase(handle: DbHandle) {
  if (handle.kind === 'pglite') {
    await migratePglite(handle.db as any, { migrationsFolder: migrationsFolder() })
    return
  }
  await migratePostgresAt(handle.url!)
}

/** The migrations through a connection of their own to url: the app's, or the owner role's when the roles are split (db/owner.ts). */
export async function migratePostgresAt(url: string) {
  const migrationsFolderPath = migrationsFolder()
  const single = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await single`select pg_advisory_lock(${MIGRATION_LOCK})`
    await migratePostgres(drizzlePostgres(single), { migrationsFolder: migrationsFolderPath })
    await single`select pg_advisory_unlock(${MIGRATION_LOCK})`
  } finally {
    await single.end({ timeout: 5 })
  }
}

/** Installs the process-wide handle (boot, CLI scripts, tests). */
export function setDatabase(handle: DbHandle | undefined) {
  holder.handle = handle
}

export function getDatabaseHandle(): DbHandle {
  if (!holder.handle) throw new Error('database not opened: call openDatabase() and setDatabase() at boot')
  return holder.handle
}

export function db(): Database {
  return getDatabaseHandle().db
}

// Per database handle (tests open many), the statements built by `prepared`, by name.
const builtStatements = new WeakMap<Database, Map<string, unknown>>()

/**
 * A statement drizzle builds once per database and then only runs with new values (its `prepare()`
 * with `sql.placeholder`s): for the few queries every request makes (the session's actor, the
 * notification bell), building the SQL anew each time cost more of the app's CPU than reading the
 * answer. `name` identifies the statement; `build` must not depend on anything but the database.
 */
export function prepared<T>(name: string, build: (d: Database) => T): T {
  const d = db()
  let byName = builtStatements.get(d)
  if (!byName) builtStatements.set(d, (byName = new Map()))
  let statement = byName.get(name) as T | undefined
  if (statement === undefined) byName.set(name, (statement = build(d)))
  return statement
}

/** Rows of a raw query, the same on both drivers. */
export async function rawRows<T = Record<string, unknown>>(q: DbOrTx, query: ReturnType<typeof import('drizzle-orm').sql>) {
  const result: any = await q.execute(query)
  return (Array.isArray(result) ? result : result.rows) as T[]
}

export { schema }
