// npm run start:cluster — several app processes on one PostgreSQL database, as production runs them
// behind a load balancer. Each process listens on its own port: PORT, PORT+1, ... (CLUSTER_SIZE,
// default 2). Separate ports rather than node:cluster's shared port, because socket.io's
// long-polling fallback needs every request of a session to reach the same process: a load
// balancer with sticky sessions (e.g. nginx ip_hash) does that across ports, while node:cluster's
// round-robin would scatter the polls. Live events cross processes through the socket.io adapter
// (PostgreSQL, or Redis with REDIS_URL) and jobs through pg-boss, each taken by one process.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const log = (msg) => console.log(`[cluster] ${msg}`)

if (!process.env.DATABASE_URL) {
  console.error(
    '[cluster] DATABASE_URL is not set. Cluster mode needs PostgreSQL: the embedded database (PGlite) ' +
      'is single-process, and two processes on one PGlite directory corrupt it. Set ' +
      'DATABASE_URL=postgres://user@host:5432/db, or run one process with `npm start`.',
  )
  process.exit(1)
}

const size = Number(process.env.CLUSTER_SIZE ?? 2)
const basePort = Number(process.env.PORT ?? 3000)
if (!Number.isInteger(size) || size < 1 || size > 32) {
  console.error(`[cluster] CLUSTER_SIZE must be an integer from 1 to 32, not "${process.env.CLUSTER_SIZE}"`)
  process.exit(1)
}
if (!Number.isInteger(basePort) || basePort < 1 || basePort + size - 1 > 65535) {
  console.error(`[cluster] PORT must leave room for ${size} consecutive ports, not "${process.env.PORT}"`)
  process.exit(1)
}

const buildDir = process.env.BUILD_DIR ?? 'build'
const entry = path.resolve(buildDir, 'boot/index.js')
if (!fs.existsSync(entry) || !fs.existsSync(path.resolve(buildDir, 'server/index.js'))) {
  log(`no production build in ${buildDir}/: running npm run build`)
  const r = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env: process.env })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

const baseEnv = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production', BUILD_DIR: buildDir }
const workers = new Map() // instance number -> { child, startedAt, backoff }
let stopping = false

function start(instance, backoff = 1000) {
  const port = basePort + instance - 1
  // The same heap limit as `npm start` (README, Decisions).
  const child = spawn(process.execPath, [`--max-old-space-size=${process.env.CAIXIAO_HEAP_MB ?? 192}`, entry], {
    env: { ...baseEnv, PORT: String(port), CAIXIAO_INSTANCE: String(instance) },
    stdio: 'inherit',
  })
  const worker = { child, startedAt: Date.now(), backoff }
  workers.set(instance, worker)
  log(`process ${instance} (pid ${child.pid}) on port ${port}`)
  child.on('exit', (code, signal) => {
    workers.delete(instance)
    if (stopping) {
      if (workers.size === 0) process.exit(0)
      return
    }
    // A process that ran a while restarts at once; one that keeps dying at boot backs off, up to 30 s.
    const ranLong = Date.now() - worker.startedAt > 60_000
    const delay = ranLong ? 1000 : Math.min(worker.backoff * 2, 30_000)
    log(`process ${instance} exited (${signal ?? `code ${code}`}); restarting in ${Math.round(delay / 1000)} s`)
    setTimeout(() => !stopping && start(instance, delay), delay).unref()
  })
}

function stop(signal) {
  if (stopping) return
  stopping = true
  log(`${signal}: stopping ${workers.size} process(es)`)
  if (workers.size === 0) process.exit(0)
  for (const { child } of workers.values()) child.kill('SIGTERM')
  // Each process closes sockets, jobs and its pool on SIGTERM; one that hangs is not waited for forever.
  setTimeout(() => {
    for (const { child } of workers.values()) child.kill('SIGKILL')
    process.exit(1)
  }, 15_000).unref()
}

process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))

log(`starting ${size} process(es) on ports ${basePort}-${basePort + size - 1} (database: PostgreSQL)`)
for (let i = 1; i <= size; i++) start(i)
