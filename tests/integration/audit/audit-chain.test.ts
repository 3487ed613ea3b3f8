import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog } from '~db/schema'
import { recordAudit, recordAudits, verifyAuditChain } from '~/audit/record.server'
import { transact } from '~db/transaction'
import { useTestDatabase } from '../../support/db'
import { actorFor } from '../../support/actors'
import { dbErrorOf } from '../../support/errors'

useTestDatabase({ seed: true, tampersWithAuditLog: true })

describe('audit log', () => {
  it('records who, what, before and after, and the chain verifies', async () => {
    const actor = await actorFor('admin@acme.test')
    await transact(({ tx }) =>
      recordAudit(tx, { actor, ip: '127.0.0.1' }, { action: 'product.updated', entityType: 'product', entityId: 'p1', before: { name: 'A' }, after: { name: 'B', at: new Date('2026-01-01T00:00:00Z') } }),
    )
    const [row] = await db().select().from(auditLog).where(sql`${auditLog.action} = 'product.updated'`)
    expect(row).toMatchObject({ actorUserId: actor.userId, actorKind: 'staff', entityId: 'p1', before: { name: 'A' }, after: { name: 'B', at: '2026-01-01T00:00:00.000Z' } })
    expect(await verifyAuditChain()).toMatchObject({ ok: true })
  })

  it('keeps the chain intact under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => transact(({ tx }) => recordAudit(tx, { system: true }, { action: 'test.concurrent', entityType: 'test', entityId: String(i) }))),
    )
    expect(await verifyAuditChain()).toMatchObject({ ok: true })
  })

  it('chains several rows written at once, in the given order, alongside concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        transact(({ tx }) =>
          recordAudits(tx, [
            { who: { system: true }, entry: { action: 'test.batch', entityType: 'test', entityId: `${i}-a`, after: { text: 'ünïcode "quoted" \\ 漢字', n: 1.5 } } },
            { who: { system: true }, entry: { action: 'test.batch', entityType: 'test', entityId: `${i}-b`, before: null } },
          ]),
        ),
      ),
    )
    const rows = await db().select({ entityId: auditLog.entityId, before: auditLog.before }).from(auditLog).where(sql`${auditLog.action} = 'test.batch'`).orderBy(auditLog.id)
    expect(rows).toHaveLength(20)
    for (let k = 0; k < rows.length; k += 2) expect([rows[k].entityId?.slice(-1), rows[k + 1].entityId?.slice(-1)]).toEqual(['a', 'b'])
    expect(rows[1].before).toBeNull()
    expect(await verifyAuditChain()).toMatchObject({ ok: true })
  })

  it('commits with the last rows when asked, together with what the transaction wrote before', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        transact(async ({ tx }) => {
          await recordAudit(tx, { system: true }, { action: 'test.before_commit', entityType: 'test', entityId: String(i) })
          await recordAudits(tx, [{ who: { system: true }, entry: { action: 'test.with_commit', entityType: 'test', entityId: String(i) } }], { commit: true })
        }),
      ),
    )
    expect(await db().$count(auditLog, sql`${auditLog.action} in ('test.before_commit', 'test.with_commit')`)).toBe(16)
    expect(await verifyAuditChain()).toMatchObject({ ok: true })
  })

  it('writes nothing when the transaction rolls back', async () => {
    const before = await db().$count(auditLog)
    await expect(
      transact(async ({ tx }) => {
        await recordAudit(tx, { system: true }, { action: 'test.rolled_back', entityType: 'test' })
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await db().$count(auditLog)).toBe(before)
  })

  it('cannot be changed or deleted by the application', async () => {
    expect(await dbErrorOf(db().execute(sql`update audit_log set action = 'tampered'`))).toMatch(/append-only/)
    expect(await dbErrorOf(db().execute(sql`delete from audit_log`))).toMatch(/append-only/)
    expect(await verifyAuditChain()).toMatchObject({ ok: true })
  })

  it('detects a row altered behind the application', async () => {
    // The table's owner (or a superuser) can switch the trigger off, as this test's role does. The app's own role
    // cannot when it owns nothing (DATABASE_OWNER_URL, tests/integration/audit/two-roles.test.ts); either way verification must notice.
    await db().execute(sql`alter table audit_log disable trigger audit_log_no_update`)
    await db().execute(sql`update audit_log set after = '{"name":"C"}' where action = 'product.updated'`)
    await db().execute(sql`alter table audit_log enable trigger audit_log_no_update`)
    expect(await verifyAuditChain()).toMatchObject({ ok: false })
  })
})
