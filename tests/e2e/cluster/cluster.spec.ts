// Two app processes (npm run start:cluster) on one fresh PostgreSQL database: both boot without
// racing, and a live notification caused through process 1 reaches a browser on process 2.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import postgres from 'postgres'
import { expect, test, type Browser } from '@playwright/test'
import { hydrated, signIn } from '../support'

const DATABASE_URL = process.env.DATABASE_URL
const PORT_1 = Number(process.env.CLUSTER_PORT ?? 3314)
const PORT_2 = PORT_1 + 1
const origin = (port: number) => `http://127.0.0.1:${port}`

test.skip(!DATABASE_URL, 'cluster mode needs PostgreSQL: set DATABASE_URL (CI does) to run the two-process tests')
test.describe.configure({ mode: 'serial' })

const dbName = `caixiao_cluster_${randomBytes(5).toString('hex')}`
const dataDir = path.resolve(`tests/.tmp/cluster-${PORT_1}`)
let cluster: ChildProcess | undefined
let clusterLog = ''

function urlFor(database: string) {
  const u = new URL(DATABASE_URL!)
  u.pathname = `/${database}`
  return u.toString()
}

async function admin<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(urlFor('postgres'), { max: 1, onnotice: () => {} })
  try {
    return await fn(sql)
  } finally {
    await sql.end({ timeout: 5 })
  }
}

async function inDb<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(urlFor(dbName), { max: 1, onnotice: () => {} })
  try {
    return await fn(sql)
  } finally {
    await sql.end({ timeout: 5 })
  }
}

async function waitReady(port: number, deadline: number) {
  for (;;) {
    if (cluster?.exitCode !== null && cluster?.exitCode !== undefined) throw new Error(`cluster exited (${cluster.exitCode}):\n${clusterLog}`)
    try {
      const res = await fetch(`${origin(port)}/readyz`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`port ${port} not ready in time:\n${clusterLog}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

test.beforeAll(async () => {
  test.setTimeout(180_000)
  await admin((sql) => sql.unsafe(`create database ${dbName}`))
  fs.rmSync(dataDir, { recursive: true, force: true })
  fs.mkdirSync(dataDir, { recursive: true })
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: urlFor(dbName),
    PORT: String(PORT_1),
    CLUSTER_SIZE: '2',
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    SEED_DEMO: 'always',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  }
  // The Postgres adapter is what is under test here, not Redis.
  delete env.REDIS_URL
  delete env.SMTP_URL
  cluster = spawn(process.execPath, ['scripts/cluster.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  const keep = (chunk: Buffer) => {
    clusterLog = (clusterLog + chunk.toString()).slice(-20_000)
  }
  cluster.stdout!.on('data', keep)
  cluster.stderr!.on('data', keep)
  const deadline = Date.now() + 150_000
  await Promise.all([waitReady(PORT_1, deadline), waitReady(PORT_2, deadline)])
})

test.afterAll(async () => {
  test.setTimeout(60_000)
  if (cluster && cluster.exitCode === null) {
    const exited = new Promise((resolve) => cluster!.once('exit', resolve))
    cluster.kill('SIGTERM')
    const timer = setTimeout(() => cluster?.kill('SIGKILL'), 20_000)
    await exited
    clearTimeout(timer)
  }
  await admin((sql) => sql.unsafe(`drop database if exists ${dbName} with (force)`))
  fs.rmSync(dataDir, { recursive: true, force: true })
})

test('two processes boot together on one empty database: migrated, queue installed, seeded once', async () => {
  const migrations = fs.readdirSync('db/migrations').filter((f) => f.endsWith('.sql')).length
  const state = await inDb(async (sql) => {
    const [{ applied }] = await sql<{ applied: number }[]>`select count(*)::int as applied from drizzle.__drizzle_migrations`
    const [{ hosts }] = await sql<{ hosts: number }[]>`select count(*)::int as hosts from organizations where kind = 'host'`
    const [{ seeded }] = await sql<{ seeded: number }[]>`select count(*)::int as seeded from audit_log where action = 'demo.seeded'`
    const [{ boss }] = await sql<{ boss: number }[]>`select count(*)::int as boss from pgboss.version`
    const [{ attachments }] = await sql<{ attachments: number }[]>`select count(*)::int as attachments from information_schema.tables where table_name = 'socket_io_attachments'`
    return { applied, hosts, seeded, boss, attachments }
  })
  expect(state).toEqual({ applied: migrations, hosts: 1, seeded: 1, boss: 1, attachments: 1 })
  // A process that lost a boot race would have died and been restarted by the supervisor.
  expect(clusterLog).not.toMatch(/boot failed|exited/)
  for (const port of [PORT_1, PORT_2]) expect((await fetch(`${origin(port)}/healthz`)).status).toBe(200)
})

async function contextOn(browser: Browser, port: number) {
  return browser.newContext({ baseURL: origin(port) })
}

test('a browser on process 2 receives, without reloading, a notification caused through process 1', async ({ browser }) => {
  test.setTimeout(90_000)
  // Alice, an admin of the supplier Bright, watches her bell on process 2.
  const aliceContext = await contextOn(browser, PORT_2)
  const alice = await aliceContext.newPage()
  await signIn(alice, 'alice@bright.test')
  await expect(alice.locator('html')).toHaveAttribute('data-socket', 'connected', { timeout: 20_000 })
  await alice.evaluate(() => ((window as any).__sameDocument = true))
  // The demo already rang her bell (auction invitations, an award): count from where it stands.
  const unread = async () => ((await alice.getByTestId('bell-count').count()) ? Number(await alice.getByTestId('bell-count').textContent()) : 0)
  const before = await unread()

  // The host's admin, on process 1, invites another admin into Bright: Bright's admins are notified.
  const adminContext = await contextOn(browser, PORT_1)
  const host = await adminContext.newPage()
  await signIn(host, 'admin@acme.test')
  const brightId = await inDb(async (sql) => (await sql<{ id: string }[]>`select id from organizations where code = 'SUP-BRIGHT'`)[0].id)
  await host.goto(`/console/suppliers/${brightId}`)
  await hydrated(host)
  const email = `second.admin.${randomBytes(3).toString('hex')}@bright.test`
  const form = host.getByTestId('invite-admin-form')
  await form.locator('input[name="name"]').fill('Second Admin')
  await form.locator('input[name="email"]').fill(email)
  await form.getByTestId('send-invite').click()
  await expect(host.locator(`[data-testid="org-person"][data-email="${email}"]`)).toBeVisible()

  await expect.poll(unread, { timeout: 10_000 }).toBe(before + 1)
  expect(await alice.evaluate(() => (window as any).__sameDocument)).toBe(true)
  await alice.getByTestId('bell').click()
  await expect(alice.getByTestId('notification-list')).toContainText(email)

  // The invitation's e-mail went through the job queue: one job, completed once, by one process.
  await expect
    .poll(
      () =>
        inDb(
          (sql) => sql<{ state: string; retry_count: number }[]>`
            select j.state, j.retry_count from pgboss.job j join mail_messages m on m.id::text = j.data ->> 'mailId'
            where j.name = 'mail.send' and m.to = ${email}`,
        ),
      { timeout: 15_000 },
    )
    .toEqual([{ state: 'completed', retry_count: 0 }])
  await adminContext.close()
  await aliceContext.close()
})
