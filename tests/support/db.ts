import { randomBytes } from 'node:crypto'
import { PGlite } from '@electric-sql/pglite'
import postgres from 'postgres'
import { afterAll, beforeAll, expect, inject } from 'vitest'
import { verifyAuditChain } from '~/audit/record.server'
import { migrateDatabase, openDatabase, setDatabase, type DbHandle } from '~db/client'
import { adminUrl, noCommitFlush, urlFor } from './pg-urls'
import { seedInto } from './seed-into'

export const testDbKind = (process.env.TEST_DB ?? 'pglite') as 'pglite' | 'postgres'

// A fresh PGlite runs initdb (~2 s), then the migrations and the demo seed (~1 s more); loading a
// dump of one already migrated (and seeded) takes ~0.7 s. Each worker makes its two dumps once and
// every file there starts from one (the workers keep their modules between files: isolate: false).
const pgliteDumps = new Map<boolean, Promise<Blob>>()

function pgliteDump(seed: boolean): Promise<Blob> {
  let dump = pgliteDumps.get(seed)
  if (!dump) {
    dump = (async () => {
      const handle = await openDatabase({ pgliteDir: 'memory://' })
      try {
        await migrateDatabase(handle)
        if (seed) await seedInto(handle)
        return await handle.pglite!.dumpDataDir('none')
      } finally {
        await handle.close()
      }
    })()
    // A failed dump is not kept: the next file tries again instead of failing with this error.
    dump.catch(() => pgliteDumps.delete(seed))
    pgliteDumps.set(seed, dump)
  }
  return dump
}

/**
 * A database of its own for one test file: an in-memory PGlite, or (TEST_DB=postgres) a copy of
 * the migrated template (or of the seeded one). It becomes the process-wide handle the domain code uses.
 */
export async function createTestDatabase(opts: { seed?: boolean } = {}): Promise<DbHandle> {
  let handle: DbHandle
  if (testDbKind === 'postgres') {
    const template = inject(opts.seed ? 'pgSeededTemplate' : 'pgTemplate')
    const name = `${template}_${randomBytes(5).toString('hex')}`
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} })
    await admin.unsafe(`create database ${name} template ${template}`)
    await admin.unsafe(noCommitFlush(name))
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
    handle = await openDatabase({ pglite: await PGlite.create({ loadDataDir: await pgliteDump(!!opts.seed) }) })
  }
  setDatabase(handle)
  return handle
}

/** beforeAll/afterAll wiring: one database per test file. */
/**
 * A database of the file's own for its tests. When they are done its audit chain must still verify (AU1): every command
 * any test ran appended to it, so a row written outside recordAudit or out of the chain's order fails the file that wrote
 * it. A file that breaks the chain on purpose, to prove verification notices, says so with `tampersWithAuditLog`.
 */
export function useTestDatabase(opts: { seed?: boolean; tampersWithAuditLog?: boolean } = {}) {
  const ref: { handle?: DbHandle } = {}
  beforeAll(async () => {
    ref.handle = await createTestDatabase(opts)
  })
  afterAll(async () => {
    try {
      if (ref.handle && !opts.tampersWithAuditLog) {
        const chain = await verifyAuditChain(ref.handle.db)
        expect(chain, 'the audit chain of this file’s database verifies after its tests').toMatchObject({ ok: true })
      }
    } finally {
      setDatabase(undefined)
      await ref.handle?.close()
    }
  })
  return ref
}
