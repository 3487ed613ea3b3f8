import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { testDbKind, useTestDatabase } from '../../support/db'

// db/client.ts prepares drizzle's parameterized statements (PostgreSQL would otherwise plan each
// execution anew) and leaves parameterless ones alone, since a multi-statement string cannot be prepared.
describe.skipIf(testDbKind !== 'postgres')('statements on PostgreSQL', () => {
  useTestDatabase()

  it('prepares a parameterized statement once per connection and reuses it', async () => {
    const marker = `prepared-check-${Date.now()}`
    const named = await db().transaction(async (tx) => {
      for (let i = 0; i < 3; i++) expect(await rawRows<{ v: string }>(tx, sql`select ${marker}::text || ${String(i)} as v`)).toEqual([{ v: `${marker}${i}` }])
      return rawRows<{ n: number }>(tx, sql`select count(*)::int as n from pg_prepared_statements where statement like ${'%$1::text || $2%'} and not from_sql`)
    })
    expect(named[0].n).toBe(1)
  })

  it('still runs several statements in one parameterless string, inside a transaction', async () => {
    const rows = await db().transaction(async (tx) => {
      await tx.execute(sql`create temporary table t_multi (n int) on commit drop; insert into t_multi values (1), (2)`)
      return rawRows<{ n: number }>(tx, sql`select sum(n)::int as n from t_multi where n > ${0}`)
    })
    expect(rows[0].n).toBe(3)
  })
})
