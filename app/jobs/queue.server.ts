// Background work through pg-boss: jobs live in PostgreSQL (or PGlite), survive restarts, and
// each is taken by exactly one worker (SKIP LOCKED), whichever process it runs in.
import PgBoss from 'pg-boss'
import { sql, type SQL } from 'drizzle-orm'
import { getDatabaseHandle, type DbHandle } from '~db/client'
import { jobHandlers, jobSchedules, type JobAttempt, type JobName, type JobData } from './registry.server'
import { logFailure } from '~/utils/errors'

export const BOSS_SCHEMA = 'pgboss'

type Holder = { boss?: PgBoss; starting?: Promise<PgBoss> }
const holder: Holder = ((globalThis as any).__caixiaoJobs ??= {})

function bossFor(handle: DbHandle): PgBoss {
  const common = { schema: BOSS_SCHEMA, application_name: 'caixiao-jobs' }
  if (handle.kind === 'postgres') return new PgBoss({ ...common, connectionString: handle.url, max: 3 })
  const pglite = handle.pglite!
  // PGlite speaks no wire protocol: pg-boss gets a Db whose statements run in-process.
  // Parameterless text may hold several statements (pg-boss's own migrations), which only exec() runs.
  return new PgBoss({
    ...common,
    db: {
      async executeSql(text: string, values: any[]) {
        if (values && values.length) {
          const r = await pglite.query(text, values)
          return { rows: r.rows as any[] }
        }
        const results = await pglite.exec(text)
        return { rows: (results.at(-1)?.rows ?? []) as any[] }
      },
    },
  })
}

export async function startJobs(opts: { work?: boolean } = {}): Promise<PgBoss> {
  if (holder.boss) return holder.boss
  holder.starting ??= (async () => {
    const boss = bossFor(getDatabaseHandle())
    boss.on('error', (err) => logFailure('job queue error', err))
    await boss.start()
    for (const name of Object.keys(jobHandlers) as JobName[]) {
      await boss.createQueue(name)
      if (opts.work !== false) {
        const handler = jobHandlers[name] as (d: unknown, attempt: JobAttempt) => Promise<void>
        await boss.work(name, { pollingIntervalSeconds: 1, batchSize: 5, includeMetadata: true }, async (jobs) => {
          // Each job succeeds or fails on its own: one bad message must not fail (and spend a retry
          // of) the others fetched with it. pg-boss completes only the jobs still active.
          for (const job of jobs) {
            try {
              await handler(job.data, { lastAttempt: job.retryCount >= job.retryLimit })
            } catch (err) {
              await boss.fail(name, job.id, { message: String((err as Error)?.message ?? err).slice(0, 1000) })
            }
          }
        })
      }
    }
    for (const [name, cron] of Object.entries(jobSchedules)) await boss.schedule(name, cron)
    holder.boss = boss
    return boss
  })()
  return holder.starting
}

/**
 * The queue pg-boss's clock sends each schedule's tick through (pg-boss 10's timekeeper, which does not
 * export the name). Its clock creates it at start and ignores a failure, and a job for a missing queue
 * is dropped without an error: without this queue no schedule would ever run, silently.
 * tests/integration/audit/two-roles.test.ts compares the queues with the ones pg-boss makes for itself.
 */
const PG_BOSS_CRON_QUEUE = '__pgboss__send-it'

/**
 * pg-boss's schema (created, or upgraded to this pg-boss's version) and every queue the app uses, through
 * the connection at url, with no worker, maintenance or clock. With two database roles the owner does this
 * at boot (db/owner.ts): a queue is a table of its own, DDL the app's role may not run, and pg-boss creates
 * its schema with CREATE SCHEMA IF NOT EXISTS, which needs the database's CREATE privilege even when the
 * schema is there. The app's startJobs then finds the schema current and each queue there, and changes nothing.
 */
export async function installJobQueues(connectionString: string) {
  const boss = new PgBoss({ schema: BOSS_SCHEMA, application_name: 'caixiao-owner', connectionString, max: 1, supervise: false, schedule: false })
  boss.on('error', (err) => logFailure('job queue error', err))
  await boss.start()
  try {
    for (const name of [...Object.keys(jobHandlers), PG_BOSS_CRON_QUEUE]) await boss.createQueue(name)
  } finally {
    await boss.stop({ graceful: false })
  }
}

export async function stopJobs() {
  const boss = holder.boss
  holder.boss = undefined
  holder.starting = undefined
  await boss?.stop({ graceful: true, timeout: 5000 })
}

/** Queues a job. Call it after the commit that makes the job's data visible (see transact's afterCommit). */
export async function enqueue<N extends JobName>(name: N, data: JobData<N>, options: PgBoss.SendOptions = {}) {
  const boss = holder.boss ?? (await startJobs())
  return boss.send(name, data as object, { retryLimit: 5, retryBackoff: true, ...options })
}

/**
 * A condition for a query of the app's own tables: no job of this queue whose data[field] equals
 * the value is waiting, retrying or running. Lets a sweep re-queue only work that lost its job.
 */
export function withoutLiveJob<N extends JobName>(name: N, field: keyof JobData<N> & string, value: SQL): SQL {
  return sql`not exists (select 1 from ${sql.identifier(BOSS_SCHEMA)}.job j
    where j.name = ${name} and j.state < 'completed' and j.data ->> ${field} = ${value})`
}
