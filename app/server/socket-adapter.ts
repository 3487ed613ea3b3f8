import type { Pool, PoolClient } from 'pg'
import type { ServerOptions } from 'socket.io'
import type { Env } from '~/utils/env.server'
import { logger } from './logger'

/** How the adapter's connections show in pg_stat_activity (and what tests cut to simulate an outage). */
export const SOCKET_ADAPTER_APP_NAME = 'caixiao-socket'

/**
 * Several processes share socket.io events through Redis when REDIS_URL is set, otherwise
 * through PostgreSQL when DATABASE_URL is set. PGlite is single-process: no adapter needed.
 */
export async function createAdapter(config: Env): Promise<{ adapter: ServerOptions['adapter']; close(): Promise<void> } | undefined> {
  if (config.REDIS_URL) {
    const { createClient } = await import('redis')
    const { createAdapter } = await import('@socket.io/redis-adapter')
    const pub = createClient({ url: config.REDIS_URL })
    const sub = pub.duplicate()
    // node-redis throws an 'error' nobody listens to, which would end the process; it reconnects by itself.
    for (const c of [pub, sub]) c.on('error', (err: Error) => logger.warn({ err: err.message }, 'socket.io redis adapter connection error'))
    await Promise.all([pub.connect(), sub.connect()])
    return {
      adapter: createAdapter(pub, sub) as any,
      close: async () => {
        await Promise.allSettled([pub.quit(), sub.quit()])
      },
    }
  }
  if (config.DATABASE_URL) {
    const pg = await import('pg')
    const { createAdapter } = await import('@socket.io/postgres-adapter')
    const pool = new pg.default.Pool({ connectionString: config.DATABASE_URL, max: 2, application_name: SOCKET_ADAPTER_APP_NAME })
    pool.on('error', () => {})
    // The adapter keeps one client checked out for LISTEN, and pg-pool stops listening for errors on
    // checked-out clients: without this, a PostgreSQL restart would crash every process with an
    // unhandled 'error'. With it the client ends, and the adapter reconnects and LISTENs again.
    pool.on('connect', (client) =>
      client.on('error', (err: Error & { code?: string }) => logger.warn({ err: err.message, code: err.code }, 'socket.io postgres adapter connection lost')),
    )
    return {
      // The attachments table comes from our migrations, so booting processes do not race on DDL.
      adapter: createAdapter(releasingDeadClients(pool) as Pool, {
        tableName: 'socket_io_attachments',
        errorHandler: (err: Error) => logger.warn({ err: err.message }, 'socket.io postgres adapter error'),
      }) as any,
      close: () => pool.end(),
    }
  }
  return undefined
}

/**
 * The pool as the Postgres adapter sees it. The adapter keeps its LISTEN client checked out and,
 * when that connection dies, takes a new one without releasing the old: with two connections in the
 * pool, one outage leaves none for publishing, and every emit then waits forever. Releasing a client
 * once its connection has ended keeps the pool whole across PostgreSQL restarts.
 */
function releasingDeadClients(pool: Pool): Pick<Pool, 'connect' | 'query'> {
  return {
    query: pool.query.bind(pool) as Pool['query'],
    connect: (async () => {
      const client: PoolClient = await pool.connect()
      const release = client.release.bind(client)
      let released = false
      // The adapter releases on close; the dead-connection path must not release a second time.
      client.release = (err?: Error | boolean) => {
        if (released) return
        released = true
        release(err)
      }
      client.once('end', () => client.release(true))
      return client
    }) as Pool['connect'],
  }
}
