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
import { deliverMail, queueMail } from '~/domain/notifications/mail.server'
import { stopJobs } from '~/jobs/queue.server'
import { useTestDatabase } from '../../support/db'
import { useSocketListeners } from '../realtime/socket-listeners'

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
})
