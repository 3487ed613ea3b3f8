// What both benchmarks share: a fresh PostgreSQL database, the production build started as two
// app processes on it, sessions made directly in the database (signing 120 users in through argon2
// would measure the password hash, not the feature), percentiles, RSS and pgbench.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import postgres from 'postgres'
import { io as ioClient, type Socket } from 'socket.io-client'
import { actionTokenOf } from '~/auth/action-token.server'
import { readSessionToken } from '~/auth/session.server'

export const BASE_PG_URL = process.env.BENCH_PG_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** Only loopback hosts are benchmark targets: refuse anything else before touching it. */
export function assertLoopback(url: string) {
  const host = new URL(url).hostname
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`benchmarks run against loopback only, not ${host}`)
}

export function dbUrl(name: string): string {
  const u = new URL(BASE_PG_URL)
  u.pathname = `/${name}`
  return u.toString()
}

export async function freshDatabase(name: string): Promise<string> {
  assertLoopback(BASE_PG_URL)
  const admin = postgres(BASE_PG_URL, { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`)
    await admin.unsafe(`create database "${name}"`)
  } finally {
    await admin.end({ timeout: 5 })
  }
  return dbUrl(name)
}

export async function dropDatabase(name: string) {
  const admin = postgres(BASE_PG_URL, { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`)
  } finally {
    await admin.end({ timeout: 5 })
  }
}

export function ensureBuild(): string {
  const buildDir = process.env.BUILD_DIR ?? 'build'
  if (!fs.existsSync(path.resolve(buildDir, 'boot/index.js')) || !fs.existsSync(path.resolve(buildDir, 'server/index.js'))) {
    console.log(`[bench] no production build in ${buildDir}/: running npm run build`)
    const r = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env: process.env })
    if (r.status !== 0) process.exit(r.status ?? 1)
  }
  return buildDir
}

export interface AppProcess {
  port: number
  pid: number
  child: ChildProcess
  rssMb: () => number
  peakRssMb: () => number
  /** CPU time the process has used so far (user + system), in ms: per-request cost that machine load does not skew. */
  cpuMs: () => number
  stop: () => Promise<void>
}

/** One app process of the production build on the given database (migrated by its own boot). */
export async function startApp(url: string, port: number, instance: number, extraEnv: Record<string, string> = {}): Promise<AppProcess> {
  const buildDir = ensureBuild()
  // Started as `npm start` starts it (the same heap limit); BENCH_APP_NODE_ARGS adds flags, e.g.
  // "--cpu-prof --cpu-prof-dir=/tmp/prof" (Node refuses profiling flags in NODE_OPTIONS).
  const nodeArgs = [`--max-old-space-size=${process.env.CAIXIAO_HEAP_MB ?? 192}`, ...(process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean)]
  return startProcess([...nodeArgs, path.resolve(buildDir, 'boot/index.js')], port, {
    NODE_ENV: 'production',
    DATABASE_URL: url,
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: 'never',
    LOG_LEVEL: 'warn',
    CAIXIAO_INSTANCE: String(instance),
    ...extraEnv,
  })
}

/** A node process serving /readyz on the port; resolves once it answers. */
export async function startProcess(args: string[], port: number, env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] })
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app process on ${port} exited with ${child.exitCode}`)
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`)
      if (r.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      // Not left running behind the caller, which has no handle on it yet.
      child.kill('SIGKILL')
      throw new Error(`app process on ${port} not ready within 60 s`)
    }
    await sleep(250)
  }
  let peak = 0
  const rssMb = () => {
    const mb = readRssMb(child.pid!)
    peak = Math.max(peak, mb)
    return mb
  }
  const sampler = setInterval(rssMb, 500)
  sampler.unref()
  return {
    port,
    pid: child.pid!,
    child,
    rssMb,
    peakRssMb: () => Math.max(peak, rssMb()),
    cpuMs: () => readCpuMs(child.pid!),
    stop: async () => {
      clearInterval(sampler)
      // Gone already: exited, or killed by a signal (then exitCode stays null).
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          child.kill('SIGKILL')
          resolve()
        }, 15_000)
        child.once('exit', () => {
          clearTimeout(t)
          resolve()
        })
      })
    },
  }
}

export function readRssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const m = /VmRSS:\s+(\d+) kB/.exec(status)
    return m ? Number(m[1]) / 1024 : 0
  } catch {
    return 0
  }
}

const CLOCK_TICKS_PER_SECOND = 100

export function readCpuMs(pid: number): number {
  try {
    // Fields after the command name: state is the first, utime and stime the 12th and 13th.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND
  } catch {
    return NaN
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A socket.io client of the app on a loopback port, as a signed-in browser (or nobody) would open it; no reconnection of its own. */
export function connectSocket(port: number, cookie: string | null): Promise<Socket> {
  const socket = ioClient(`http://127.0.0.1:${port}`, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: cookie ? { cookie } : {} })
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', reject)
  })
}

/**
 * Signs in through a running build's own sign-in form and answers the Cookie header to send: the
 * cookie's format is then always the build's, whatever the source tree a test was loaded from says.
 */
export async function signInOn(port: number, email: string, password: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: `http://127.0.0.1:${port}` },
    body: new URLSearchParams({ email, password }).toString(),
  })
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0])
  if (res.status !== 302 || !cookies.length) throw new Error(`sign-in of ${email} on ${port}: ${res.status} ${await res.text()}`)
  return cookies.join('; ')
}

/** The session's action token for a cookie from signInOn: a bid over HTTP with the cookie carries it (X-Action-Token). */
export function actionTokenOfCookie(cookie: string): string {
  const token = readSessionToken(cookie)
  if (!token) throw new Error('no session cookie')
  return actionTokenOf(token)
}

/** An emit whose acknowledgement is awaited, failing after `ms`. */
export function emitAck<T>(socket: Socket, event: string, payload: unknown, ms = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    socket.timeout(ms).emit(event, payload, (err: Error | null, answer: T) => (err ? reject(err) : resolve(answer)))
  })
}

/** Money text with two decimals as integer cents, and back, so bidders' arithmetic is exact. */
export const cents = (s: string) => BigInt(s.replace('.', ''))
export const fromCents = (c: bigint) => {
  const s = c.toString().padStart(3, '0')
  return `${s.slice(0, -2)}.${s.slice(-2)}`
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]
}

export function summarize(values: number[]) {
  const s = [...values].sort((a, b) => a - b)
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN }
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—')

/**
 * pgbench's transactions per second. `script` null runs the built-in TPC-B-like test (after
 * `pgbench -i`); otherwise the given custom script (file contents).
 */
export function pgbench(url: string, opts: { script?: string; clients: number; seconds: number; init?: boolean }): number {
  assertLoopback(url)
  const u = new URL(url)
  const conn = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres')]
  const db = u.pathname.slice(1)
  if (opts.init) {
    const r = spawnSync('pgbench', ['-i', '-q', '-s', '1', ...conn, db], { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`pgbench -i failed: ${r.stderr}`)
  }
  const args = ['-n', '-c', String(opts.clients), '-j', '2', '-T', String(opts.seconds), ...conn]
  let file: string | undefined
  if (opts.script) {
    file = path.join(fs.mkdtempSync('/tmp/cx-pgbench-'), 'script.sql')
    fs.writeFileSync(file, opts.script)
    args.push('-f', file)
  }
  args.push(db)
  const r = spawnSync('pgbench', args, { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`pgbench failed: ${r.stderr}`)
  const m = /tps = ([\d.]+)/.exec(r.stdout)
  if (!m) throw new Error(`no tps in pgbench output: ${r.stdout}`)
  return Number(m[1])
}

export function hasPgbench(): boolean {
  return spawnSync('pgbench', ['--version']).status === 0
}
