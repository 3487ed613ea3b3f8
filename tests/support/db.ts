import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { afterAll, beforeAll, inject } from 'vitest'
import { migrateDatabase, openDatabase, setDatabase, type DbHandle } from '~db/client'
import { seedDemo } from '~db/seed/demo'
import { adminUrl, urlFor } from './pg-urls'

export const testDbKind = (process.env.TEST_DB ?? 'pglite') as 'pglite' | 'postgres'

/**
 * A database of its own for one test file: an in-memory PGlite, or (TEST_DB=postgres) a copy of
 * the migrated template. It becomes the process-wide handle the domain code uses.
 */
export async function createTestDatabase(opts: { seed?: boolean } = {}): Promise<DbHandle> {
  let handle: DbHandle
  if (testDbKind === 'postgres') {
    const template = inject('pgTemplate')
    const name = `${template}_${randomBytes(5).toString('hex')}`
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} })
    await admin.unsafe(`create database ${name} template ${template}`)
    await admin.end()
    const inner = await openDatabase({ url: urlFor(name), poolSize: 20 })
    handle = {
      ...inner,
      close: async () => {
        await inner.close()
        const a = postgres(adminUrl(), { max: 1, onnotice: () => {} })
        await a.unsafe(`drop database if exists ${name} with (force)`)
        await a.end()
      },
    }
  } else {
    handle = await openDatabase({ pgliteDir: 'memory://' })
    await migrateDatabase(handle)
  }
  setDatabase(handle)
  if (opts.seed) await seedDemo()
  return handle
}

/** beforeAll/afterAll wiring: one database per test file. */
export function useTestDatabase(opts: { seed?: boolean } = {}) {
  const ref: { handle?: DbHandle } = {}
  beforeAll(async () => {
    ref.handle = await createTestDatabase(opts)
  })
  afterAll(async () => {
    setDatabase(undefined)
    await ref.handle?.close()
  })
  return ref
}
