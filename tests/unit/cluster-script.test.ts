import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

function run(env: Record<string, string | undefined>) {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env }
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k]
  return spawnSync(process.execPath, ['scripts/cluster.js'], { env: merged, encoding: 'utf8', timeout: 10_000 })
}

describe('npm run start:cluster', () => {
  it('refuses to start without PostgreSQL, saying why', () => {
    const r = run({ DATABASE_URL: undefined })
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/DATABASE_URL is not set/)
    expect(r.stderr).toMatch(/PGlite\) is single-process/)
  })

  it('refuses a cluster size or port range that cannot work', () => {
    expect(run({ DATABASE_URL: 'postgres://x@127.0.0.1/none', CLUSTER_SIZE: '0' }).stderr).toMatch(/CLUSTER_SIZE must be/)
    expect(run({ DATABASE_URL: 'postgres://x@127.0.0.1/none', CLUSTER_SIZE: '2', PORT: '65535' }).stderr).toMatch(/PORT must leave room/)
  })
})
