import type { ServerOptions } from 'socket.io'
import type { Env } from '~/utils/env.server'

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
    const pool = new pg.default.Pool({ connectionString: config.DATABASE_URL, max: 2 })
    pool.on('error', () => {})
    return {
      // The attachments table comes from our migrations, so booting processes do not race on DDL.
      adapter: createAdapter(pool, { tableName: 'socket_io_attachments' }) as any,
      close: () => pool.end(),
    }
  }
  return undefined
}
