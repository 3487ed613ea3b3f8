import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog } from '~db/schema'
import { recordAudit, verifyAuditChain } from '~/audit/record.server'
import { transact } from '~db/transaction'
import { useTestDatabase } from '../../support/db'
import { actorFor } from '../../support/actors'
import { dbErrorOf } from '../../support/errors'

useTestDatabase({ seed: true })

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
    // Only a superuser bypassing the trigger could do this; verification must notice.
    await db().execute(sql`alter table audit_log disable trigger audit_log_no_update`)
    await db().execute(sql`update audit_log set after = '{"name":"C"}' where action = 'product.updated'`)
    await db().execute(sql`alter table audit_log enable trigger audit_log_no_update`)
    expect(await verifyAuditChain()).toMatchObject({ ok: false })
  })
})
