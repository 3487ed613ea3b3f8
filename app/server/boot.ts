import crypto from 'node:crypto'
import { createServer } from 'node:http'
import path from 'node:path'
import express from 'express'
import compression from 'compression'
import { createRequestHandler } from '@remix-run/express'
import type { AppLoadContext, ServerBuild } from '@remix-run/node'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { openDatabase, rawRows, setDatabase, getDatabaseHandle, type DbHandle } from '~db/client'
import { migrateWithRoles } from '~db/owner'
import { seedDemoIfEmpty } from '~db/seed/demo'
import { env } from '~/utils/env.server'
import { resolveRequestAuth, usesApiKey } from '~/auth/request-auth.server'
import { readSessionToken, sessionCookie } from '~/auth/session.server'
import { actionTokenOf } from '~/auth/action-token.server'
import '~/auth/context'
import { createSocketServer } from '~/realtime/server'
import { createAdapter } from './socket-adapter'
import { allowedOriginsFor, bodyLimitFor, contentSecurityPolicy, isSafeMethod, isSameOrigin, noStoreByDefault, publicOrigin } from './http-guards'
import { logger } from './logger'
import { durabilityWarning, type DurabilitySettings } from './durability'
import { headerLocale, refusalText, type Refusal } from '~/utils/refusal.server'
import { defaultLocale, type Locale } from '~/i18n/config'
import { databaseUnavailableHandler } from './unavailable'
import { startJobs, stopJobs } from '~/jobs/queue.server'
import { startAuctionClock, stopAuctionClock } from '~/domain/auction/advance-auctions.server'

const buildDir = () => process.env.BUILD_DIR ?? 'build'

// pg_advisory_lock keys held while booting; 727_001 is the migrations', 727_002 the audit chain's and 727_005 the owner role's step (db/owner.ts).
const SEED_LOCK = 727_003
const JOBS_LOCK = 727_004

/** A request refused before Remix sees it, answered in the language its browser asked for: nobody is signed in at this point to ask. */
function refuse(req: express.Request, res: express.Response, code: Refusal): void {
  const send = (locale: Locale) => {
    const { status, text } = refusalText(code, locale)
    res.status(status).type('text/plain').send(text)
  }
  // Should reading the headers' language ever fail, the request is still answered (in the default language), never left
  // hanging, and no rejection goes unhandled (under Node's defaults that ends the process).
  headerLocale(req.headers)
    .then(send, () => send(defaultLocale))
    .catch((err: Error) => logger.error({ err: err.message }, 'refusal not sent'))
}

/**
 * Runs fn while holding a session-level advisory lock on a connection of its own, so one process
 * at a time does it; the others wait, then find the work done. PGlite is single-process: no lock.
 */
async function underBootLock<T>(handle: DbHandle, key: number, fn: () => Promise<T>): Promise<T> {
  if (handle.kind !== 'postgres') return fn()
  const single = postgres(handle.url!, { max: 1, onnotice: () => {} })
  try {
    await single`select pg_advisory_lock(${key})`
    return await fn()
  } finally {
    // Closing the session releases the lock, also when fn failed.
    await single.end({ timeout: 5 })
  }
}

export async function bootServer() {
  const config = env()
  const dev = config.NODE_ENV !== 'production'

  const handle = await openDatabase()
  setDatabase(handle)
  await migrateWithRoles(handle, config.DATABASE_OWNER_URL)
  if (handle.kind === 'postgres') {
    const [settings] = await rawRows<DurabilitySettings>(handle.db, sql`select current_setting('synchronous_commit') as "synchronousCommit", current_setting('fsync') as "fsync"`)
    const warning = settings && durabilityWarning(settings)
    if (warning) logger.warn(warning)
  }
  const seedMode = config.SEED_DEMO ?? (config.NODE_ENV === 'production' ? 'never' : 'embedded')
  if (seedMode === 'always' || (seedMode === 'embedded' && handle.kind === 'pglite')) {
    // Processes booting together would each find the database empty and seed it twice.
    const seeded = await underBootLock(handle, SEED_LOCK, () => seedDemoIfEmpty({ force: true }))
    if (seeded) logger.info('demo data seeded')
  }

  if (!config.APP_ORIGIN && config.NODE_ENV === 'production' && handle.kind === 'postgres') {
    logger.warn('APP_ORIGIN is not set: links in e-mail will point to http://localhost:%d', config.PORT)
  }

  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', process.env.TRUST_PROXY ?? 'loopback')

  // Health first: cheap, no session, no Remix.
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }))
  app.get('/readyz', async (_req, res) => {
    try {
      await getDatabaseHandle().db.execute(sql`select 1`)
      res.json({ status: 'ready' })
    } catch {
      res.status(503).json({ status: 'database unreachable' })
    }
  })

  app.use((req, res, next) => {
    const nonce = crypto.randomBytes(16).toString('base64')
    res.locals.cspNonce = nonce
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce, dev))
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin')
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()')
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
    next()
  })

  // Level 1 (nginx's default) instead of zlib's 6: on a page of 50 rows it halves the deflate time
  // (0.5 → 0.25 ms, a twentieth of the page's CPU) for about a tenth more bytes (11.0 → 12.3 kB).
  app.use(compression({ level: 1 }))

  // Non-GET: same-origin only, and a bounded body.
  app.use((req, res, next) => {
    if (isSafeMethod(req.method)) return next()
    // An API request with a Bearer key is judged by the key alone, never by a cookie, so a forged
    // cross-site request gains nothing: the Origin check is for cookie-carrying requests.
    const bearer = usesApiKey(req.originalUrl, req.headers.authorization)
    if (!bearer && !isSameOrigin(req.headers, allowedOriginsFor(req.headers, config.APP_ORIGIN))) {
      logger.warn({ path: req.path, origin: req.headers.origin }, 'cross-site request refused')
      return refuse(req, res, 'cross_site')
    }
    const limit = bodyLimitFor(req.path)
    const length = req.headers['content-length']
    if (length === undefined) {
      if (req.headers['transfer-encoding']) return refuse(req, res, 'length_required')
      return next()
    }
    if (Number(length) > limit) return refuse(req, res, 'too_large')
    next()
  })

  let viteDevServer: import('vite').ViteDevServer | undefined
  if (dev) {
    const vite = await import('vite')
    viteDevServer = await vite.createServer({ server: { middlewareMode: true } })
    app.use(viteDevServer.middlewares)
  } else {
    const clientDir = path.resolve(buildDir(), 'client')
    app.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '1y' }))
    // Files at the top of build/client all have an extension (favicon.svg, …): a page URL never
    // names one, so it skips the file-system lookup on every request.
    const topLevelFiles = express.static(clientDir, { maxAge: '1h', index: false })
    // Browsers ask for /favicon.ico whatever the page declares; the icon is an SVG.
    app.get('/favicon.ico', (_req, res) => res.redirect(301, '/favicon.svg'))
    app.use((req, res, next) => (path.extname(req.path) ? topLevelFiles(req, res, next) : next()))
  }

  const build = viteDevServer
    ? () => viteDevServer!.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>
    : ((await import(/* @vite-ignore */ path.resolve(buildDir(), 'server/index.js'))) as ServerBuild)

  // Everything Remix answers (pages, `.data`, resource routes) is not cached unless the route says so.
  app.use(noStoreByDefault)
  app.all(
    '*',
    createRequestHandler({
      build,
      mode: dev ? 'development' : 'production',
      getLoadContext: async (req, res): Promise<AppLoadContext> => {
        const secure = req.secure
        const auth = await resolveRequestAuth(req.originalUrl, req.headers)
        // A refreshed session is the one the cookie named: the cookie is sent again with a new Max-Age.
        const sessionToken = auth.session ? readSessionToken(req.headers.cookie) : null
        if (sessionToken && auth.session?.refreshed) res.append('Set-Cookie', sessionCookie(sessionToken, secure))
        return {
          actor: auth.actor,
          sessionId: auth.session?.sessionId ?? null,
          actionToken: sessionToken ? actionTokenOf(sessionToken) : null,
          ip: req.ip ?? 'unknown',
          cspNonce: res.locals.cspNonce,
          origin: publicOrigin({ appOrigin: config.APP_ORIGIN, protocol: req.protocol, host: req.get('host'), port: config.PORT }),
          secure,
        }
      },
    }),
  )
  app.use(databaseUnavailableHandler)

  const httpServer = createServer(app)
  // Node closes an idle kept-alive connection after 5 s, the moment a client may be sending its next
  // request on it, which then fails with ECONNRESET (seen from the browser tests' request client).
  // Clients and proxies keep idle connections for up to about a minute, so the server waits longer.
  httpServer.keepAliveTimeout = 65_000
  httpServer.headersTimeout = 66_000
  const adapter = await createAdapter(config)
  const io = createSocketServer(httpServer, {
    appOrigin: config.APP_ORIGIN,
    adapter: adapter?.adapter,
  })
  // pg-boss creates each queue with an insert plus DDL (a partition per queue); two processes doing
  // that at once on a fresh database deadlock, so queues are set up one process at a time.
  await underBootLock(handle, JOBS_LOCK, () => startJobs())
  // Every process runs the clock; its guarded UPDATEs let exactly one start or close each auction.
  startAuctionClock()

  await new Promise<void>((resolve) => httpServer.listen(config.PORT, config.HOST, resolve))
  logger.info({ port: config.PORT, database: handle.kind }, 'Caixiao listening on http://localhost:%d', config.PORT)

  let closing = false
  const shutdown = async () => {
    if (closing) return
    closing = true
    io.close()
    httpServer.close()
    await stopAuctionClock().catch(() => {})
    await stopJobs().catch(() => {})
    await adapter?.close().catch(() => {})
    await viteDevServer?.close()
    await handle.close().catch(() => {})
    process.exit(0)
  }
  process.on('SIGTERM', shutdown)
  process.on('SIGINT', shutdown)
  return { port: config.PORT, host: config.HOST, httpServer }
}
