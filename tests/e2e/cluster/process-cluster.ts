// The two-process chaos specs' common ground: a fresh PostgreSQL database of their own, migrated
// from the test process (which then talks to it through the app's own modules), production
// processes of the build started on it, and everything removed afterwards, however the test ended.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import postgres from 'postgres'
import { migrateDatabase, openDatabase, setDatabase, type DbHandle } from '~db/client'
import { assertLoopback, dropDatabase, freshDatabase, startApp, type AppProcess } from '../../../scripts/bench/support'

export const alive = (a: AppProcess) => a.child.exitCode === null && a.child.signalCode === null

/** Runs one statement on a server's `postgres` database (loopback only, as the benchmarks' helpers). */
async function onServer(serverUrl: string, statement: string) {
  assertLoopback(serverUrl)
  const u = new URL(serverUrl)
  u.pathname = '/postgres'
  const admin = postgres(u.toString(), { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(statement)
  } finally {
    await admin.end({ timeout: 5 })
  }
}

/**
 * `serverUrl` puts the database on another PostgreSQL server than DATABASE_URL's (C2 restarts a
 * private one); by default it is made where the benchmarks make theirs.
 */
export function processCluster(name: string, firstPort: number, opts: { serverUrl?: string } = {}) {
  const dbName = `caixiao_${name}_${randomBytes(5).toString('hex')}`
  const dataDir = path.resolve(`tests/.tmp/${name}-${firstPort}`)
  const apps: AppProcess[] = []
  let handle: DbHandle | undefined
  let url: string | undefined
  return {
    /** Creates and migrates the database and makes it the test process's own; answers its URL and handle. */
    async open(): Promise<{ url: string; handle: DbHandle }> {
      fs.rmSync(dataDir, { recursive: true, force: true })
      fs.mkdirSync(dataDir, { recursive: true })
      if (opts.serverUrl) {
        await onServer(opts.serverUrl, `create database "${dbName}"`)
        const u = new URL(opts.serverUrl)
        u.pathname = `/${dbName}`
        url = u.toString()
      } else url = await freshDatabase(dbName)
      handle = await openDatabase({ url, poolSize: 3 })
      setDatabase(handle)
      await migrateDatabase(handle)
      return { url, handle }
    },
    /** An app process of this build (startApp honours BUILD_DIR) with nothing shared outside PostgreSQL. */
    async start(port: number, instance: number): Promise<AppProcess> {
      if (!url) throw new Error('open() first')
      const app = await startApp(url, port, instance, { DATA_DIR: dataDir, REDIS_URL: '', SMTP_URL: '', APP_ORIGIN: `http://127.0.0.1:${port}` })
      apps.push(app)
      return app
    },
    /** Stops what still runs (thawing a frozen one first), closes and drops the database. */
    async close() {
      for (const a of apps) {
        if (!alive(a)) continue
        process.kill(a.pid, 'SIGCONT')
        await a.stop().catch(() => {})
      }
      await handle?.close().catch(() => {})
      setDatabase(undefined)
      if (url) await (opts.serverUrl ? onServer(opts.serverUrl, `drop database if exists "${dbName}" with (force)`) : dropDatabase(dbName))
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
