// The console's mail list follows outgoing mail live: queueing a message and each step of its
// delivery reach, after commit, the staff who may read the mail page (admins), with the id alone.
// Other staff, suppliers and dealers hear nothing; a rolled-back message says nothing.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { mailMessages } from '~db/schema'
import { transact } from '~db/transaction'
import { deliverMail, queueMail, SENDING_STALE_MINUTES, sweepMail } from '~/domain/notifications/mail.server'
import { changeUserRoles } from '~/domain/parties/change-user-roles.server'
import type { Role } from '~/auth/roles'
import { actorFor } from '../../support/actors'
import { stopJobs } from '~/jobs/queue.server'
import { useTestDatabase } from '../../support/db'
import { nextReconnect, useSocketListeners } from '../realtime/socket-listeners'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cx-mail-events-'))
process.env.DATA_DIR = dataDir
delete process.env.SMTP_URL

useTestDatabase({ seed: true })
afterAll(async () => {
  await stopJobs()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

async function statusOf(id: string) {
  const [row] = await db().select({ status: mailMessages.status }).from(mailMessages).where(eq(mailMessages.id, id))
  return row?.status
}

const listen = useSocketListeners('mail:changed')
const mail = { to: 'someone@example.test', subject: 'Hello', text: 'Hello there' }

describe('mail:changed', () => {
  it('reaches the admins when a message is queued and as it is delivered, and nobody else', async () => {
    const [admin, buyer, alice, dave] = await Promise.all(['admin@acme.test', 'buyer@acme.test', 'alice@bright.test', 'dave@north.test'].map(listen))

    // Rolled back: nothing was queued, nothing is said.
    await expect(
      transact(async (ctx) => {
        await queueMail(ctx, mail)
        throw new Error('the command failed after queueing')
      }),
    ).rejects.toThrow('the command failed')
    await new Promise((r) => setTimeout(r, 200))
    expect(admin).toEqual([])

    // Queued (its job is enqueued after the commit and delivers it): queued, sending, written.
    const mailId = await transact((ctx) => queueMail(ctx, mail))
    await expect.poll(() => admin.length, { timeout: 3000 }).toBeGreaterThanOrEqual(1)
    expect(admin[0]).toEqual({ mailId })
    await expect.poll(() => statusOf(mailId), { timeout: 20_000 }).toBe('written')
    await expect.poll(() => admin.length, { timeout: 3000 }).toBe(3)
    expect(admin).toEqual([{ mailId }, { mailId }, { mailId }])
    // A second run finds nothing to claim and says nothing.
    await deliverMail(mailId)
    await new Promise((r) => setTimeout(r, 200))
    expect(admin).toHaveLength(3)
    expect(buyer).toEqual([])
    expect(alice).toEqual([])
    expect(dave).toEqual([])
  })

  it('follows a change of roles once the ended socket reconnects: a new admin hears it, one no longer admin does not', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const admin = await actorFor('admin@acme.test')
    const heard = await listen('buyer@acme.test')
    const queue = () => transact((ctx) => queueMail(ctx, mail))

    let back = nextReconnect(heard)
    await changeUserRoles(admin, { kind: 'own' }, buyer.userId, [...buyer.roles, 'admin'] as Role[], { ip: '127.0.0.1', origin: 'http://localhost' })
    await back
    const first = await queue()
    await expect.poll(() => heard.some((p) => (p as { mailId: string }).mailId === first), { timeout: 3000 }).toBe(true)

    back = nextReconnect(heard)
    await changeUserRoles(admin, { kind: 'own' }, buyer.userId, [...buyer.roles] as Role[], { ip: '127.0.0.1', origin: 'http://localhost' })
    await back
    const second = await queue()
    await new Promise((r) => setTimeout(r, 300))
    expect(heard.some((p) => (p as { mailId: string }).mailId === second)).toBe(false)
  })

  it('tells the admins when the sweep puts a crashed attempt back in the queue', async () => {
    const admin = await listen('admin@acme.test')
    // An attempt that died with its process: still 'sending', long past any SMTP wait.
    const [stuck] = await db()
      .insert(mailMessages)
      .values({ ...mail, status: 'sending', createdAt: new Date(Date.now() - (SENDING_STALE_MINUTES + 1) * 60_000) })
      .returning({ id: mailMessages.id })
    await sweepMail()
    // Back in the queue, then its new job's attempt and its delivery: three steps, each heard.
    await expect.poll(() => statusOf(stuck.id), { timeout: 20_000 }).toBe('written')
    const heard = () => admin.filter((p) => (p as { mailId: string }).mailId === stuck.id).length
    await expect.poll(heard, { timeout: 3000 }).toBe(3)
    await new Promise((r) => setTimeout(r, 200))
    expect(heard()).toBe(3)
  })
})
