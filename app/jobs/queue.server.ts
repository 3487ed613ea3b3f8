// Background work through pg-boss: jobs live in PostgreSQL (or PGlite), survive restarts, and
// each is taken by exactly one worker (SKIP LOCKED), whichever process it runs in.
import PgBoss from 'pg-boss'
import { getDatabaseHandle, type DbHandle } from '~db/client'
import { jobHandlers, type JobName, type JobData } from './registry.server'

type Holder = { boss?: PgBoss; starting?: Promise<PgBoss> }
const holder: Holder = ((globalThis as any).__caixiaoJobs ??= {})

function bossFor(handle: DbHandle): PgBoss {
  const common = { schema: 'pgboss', application_name: 'caixiao-jobs' }
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
    boss.on('error', (err) => console.error('job queue error', err))
    await boss.start()
    for (const name of Object.keys(jobHandlers) as JobName[]) {
      await boss.createQueue(name)
      if (opts.work !== false) {
        await boss.work(name, { pollingIntervalSeconds: 1, batchSize: 5 }, async (jobs) => {
          for (const job of jobs) await (jobHandlers[name] as (d: unknown) => Promise<void>)(job.data)
        })
      }
    }
    holder.boss = boss
    return boss
  })()
  return holder.starting
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
