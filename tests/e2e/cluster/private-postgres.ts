// A PostgreSQL server of a test's own, for the chaos that must not touch the machine's shared one
// (C2 restarts it). initdb refuses to run as root, so when the test runs as root the binaries run
// as the `postgres` OS user, in a temporary directory that user owns. It listens on 127.0.0.1 only,
// with its socket in that directory, trusts every local connection, and does not fsync: a test's
// data need not survive a crash of the machine, only a restart of the server.
import { execFile, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin'

export interface PrivatePostgres {
  /** The server's URL (database `postgres`, user `postgres`). */
  url: string
  port: number
  readonly running: boolean
  /** Stops the server (fast: open sessions are ended, as on a real restart); the test's event loop runs on meanwhile. */
  stop(): Promise<void>
  start(): Promise<void>
  /** Stops it, if it runs, and removes its directory; safe to call more than once. */
  destroy(): void
}

export function privatePostgresAvailable(): boolean {
  return fs.existsSync(path.join(PG_BIN, 'initdb')) && fs.existsSync(path.join(PG_BIN, 'pg_ctl'))
}

export function privatePostgres(port: number): PrivatePostgres {
  const asRoot = process.getuid?.() === 0
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `caixiao-pg-${port}-`))
  const dataDir = path.join(dir, 'data')
  const logFile = path.join(dir, 'server.log')
  const command = (bin: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(PG_BIN, bin), ...args]] : [path.join(PG_BIN, bin), args]
  const failure = (bin: string, args: string[], why: string) => {
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : ''
    return new Error(`${bin} ${args.join(' ')} failed: ${why}\n${log}`)
  }
  const run = (bin: string, args: string[]) => {
    const [cmd, argv] = command(bin, args)
    const r = spawnSync(cmd, argv, { cwd: dir, encoding: 'utf8', timeout: 60_000 })
    if (r.status !== 0) throw failure(bin, args, `${r.status ?? r.signal}: ${r.stderr || r.stdout}`)
  }
  // While the load runs, the test's own requests must not stall behind a synchronous child process.
  const runAsync = (bin: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const [cmd, argv] = command(bin, args)
      execFile(cmd, argv, { cwd: dir, timeout: 60_000 }, (err, stdout, stderr) => (err ? reject(failure(bin, args, `${err.message} ${stderr || stdout}`)) : resolve()))
    })
  let running = false
  let destroyed = false
  try {
    if (asRoot) spawnSync('chown', ['postgres:postgres', dir])
    run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'])
    // In the configuration file, not on pg_ctl's command line, so a start after a stop gets the same settings.
    fs.appendFileSync(
      path.join(dataDir, 'postgresql.conf'),
      [
        `listen_addresses = '127.0.0.1'`,
        `port = ${port}`,
        `unix_socket_directories = '${dir}'`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'max_connections = 100',
        '',
      ].join('\n'),
    )
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true })
    throw err
  }
  const server: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    get running() {
      return running
    },
    async start() {
      running = true
      await runAsync('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '30', 'start'])
    },
    async stop() {
      await runAsync('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop'])
      running = false
    },
    destroy() {
      if (destroyed) return
      destroyed = true
      if (running || fs.existsSync(path.join(dataDir, 'postmaster.pid'))) {
        try {
          run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop'])
        } catch {
          // Not running after all.
        }
      }
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
  return server
}
