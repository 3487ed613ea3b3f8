import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { mailMessages } from '~db/schema'
import { transact } from '~db/transaction'
import { deliverMail, emlPath, mailDir, queueMail, QUEUED_STALE_MINUTES, SENDING_STALE_MINUTES, sweepMail } from '~/domain/notifications/mail.server'
import { renderMail } from '~/domain/notifications/mail-templates.server'
import { enqueue, startJobs, stopJobs } from '~/jobs/queue.server'
import { useTestDatabase } from '../../support/db'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cx-mail-'))
process.env.DATA_DIR = dataDir
delete process.env.SMTP_URL

useTestDatabase()
beforeAll(() => startJobs())
afterAll(async () => {
  await stopJobs()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

const LINK = 'http://caixiao.test/reset-password/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdefg'

async function statusOf(id: string) {
  const [row] = await db().select({ status: mailMessages.status }).from(mailMessages).where(eq(mailMessages.id, id))
  return row?.status
}

async function waitForStatus(id: string, status: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if ((await statusOf(id)) === status) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`mail ${id} is ${await statusOf(id)}, not ${status}, after ${timeoutMs} ms`)
}

/** The text part of an .eml, with quoted-printable soft breaks and escapes undone. */
function textOf(eml: string) {
  return eml.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)))
}

async function liveJobsFor(id: string) {
  const [{ n }] = await rawRows<{ n: number }>(
    db(),
    sql`select count(*)::int as n from pgboss.job where name = 'mail.send' and state < 'completed' and data ->> 'mailId' = ${id}`,
  )
  return n
}

/** A message as it would be after the states a crash or a lost job leave behind; no job is queued for it. */
async function insertMessage(values: { status: string; createdMinutesAgo?: number; sentMinutesAgo?: number | null }) {
  const [row] = await db()
    .insert(mailMessages)
    .values({
      to: 'someone@example.test',
      subject: `Stranded ${values.status}`,
      text: `Body ${LINK}`,
      status: values.status,
      createdAt: sql`now() - make_interval(mins => ${values.createdMinutesAgo ?? 0})`,
      sentAt: values.sentMinutesAgo == null ? null : sql`now() - make_interval(mins => ${values.sentMinutesAgo})`,
    })
    .returning({ id: mailMessages.id })
  return row.id
}

describe('mail delivery through the job queue', () => {
  it('writes a committed message to an .eml file with its subject and link, and marks it written', async () => {
    const mail = await renderMail('en', 'reset', 'cathy@example.test', { name: 'Cathy', link: LINK })
    const id = await transact((ctx) => queueMail(ctx, mail))
    await waitForStatus(id, 'written')
    const eml = fs.readFileSync(emlPath(id), 'utf8')
    expect(eml).toContain('Subject: Reset your Caixiao password')
    expect(eml).toContain('To: cathy@example.test')
    expect(textOf(eml)).toContain(LINK)
    const [row] = await db().select().from(mailMessages).where(eq(mailMessages.id, id))
    expect(row.sentAt).not.toBeNull()
    expect(row.error).toBeNull()
  })

  it('sends nothing for a transaction that rolled back', async () => {
    let id = ''
    await expect(
      transact(async (ctx) => {
        id = await queueMail(ctx, { to: 'rollback@example.test', subject: 'Never', text: 'Never sent' })
        throw new Error('the business write failed')
      }),
    ).rejects.toThrow('the business write failed')
    expect(id).not.toBe('')
    expect(await statusOf(id)).toBeUndefined()
    expect(await liveJobsFor(id)).toBe(0)
    expect(fs.existsSync(emlPath(id))).toBe(false)
  })

  it('delivers a message once however often its job runs, even at the same time', async () => {
    const id = await insertMessage({ status: 'queued' })
    await Promise.all([deliverMail(id), deliverMail(id)])
    expect(await statusOf(id)).toBe('written')
    expect(fs.readdirSync(mailDir()).filter((f) => f.startsWith(id))).toEqual([`${id}.eml`])
    // A later run finds the message done and leaves the file alone.
    fs.rmSync(emlPath(id))
    await deliverMail(id)
    expect(fs.existsSync(emlPath(id))).toBe(false)
    expect(await statusOf(id)).toBe('written')
  })

  it('puts a failed attempt back in the queue with its error, and gives up after the last retry', async () => {
    const blocker = path.join(os.tmpdir(), `cx-not-a-dir-${process.pid}`)
    fs.writeFileSync(blocker, 'a file where the data folder should be')
    const retried = await insertMessage({ status: 'queued' })
    const lastTry = await insertMessage({ status: 'queued' })
    process.env.DATA_DIR = blocker
    try {
      await expect(deliverMail(retried)).rejects.toThrow()
      await expect(deliverMail(lastTry, { lastAttempt: true })).rejects.toThrow()
    } finally {
      process.env.DATA_DIR = dataDir
      fs.rmSync(blocker)
    }
    const rows = await db().select().from(mailMessages).where(sql`${mailMessages.id} in (${retried}, ${lastTry})`)
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]))
    expect(byId[retried]).toMatchObject({ status: 'queued', sentAt: null })
    expect(byId[retried].error).toMatch(/ENOTDIR|EEXIST|not a directory/i)
    expect(byId[lastTry].status).toBe('failed')
    await deliverMail(lastTry)
    expect(await statusOf(lastTry)).toBe('failed')
  })

  it('re-queues messages that lost their job or whose attempt died, and nothing else', async () => {
    const stuck = await insertMessage({ status: 'sending', createdMinutesAgo: SENDING_STALE_MINUTES + 1, sentMinutesAgo: SENDING_STALE_MINUTES + 1 })
    const orphan = await insertMessage({ status: 'queued', createdMinutesAgo: QUEUED_STALE_MINUTES + 1 })
    const inFlight = await insertMessage({ status: 'sending', createdMinutesAgo: SENDING_STALE_MINUTES + 1, sentMinutesAgo: 0 })
    const fresh = await insertMessage({ status: 'queued' })
    const failed = await insertMessage({ status: 'failed', createdMinutesAgo: 30 })
    // Old, but its job is waiting for a later retry: the sweep must not add a second one.
    const waiting = await insertMessage({ status: 'queued', createdMinutesAgo: QUEUED_STALE_MINUTES + 1 })
    await enqueue('mail.send', { mailId: waiting }, { startAfter: 3600 })

    await sweepMail()
    await waitForStatus(stuck, 'written')
    await waitForStatus(orphan, 'written')
    expect(await statusOf(inFlight)).toBe('sending')
    expect(await statusOf(fresh)).toBe('queued')
    expect(await statusOf(failed)).toBe('failed')
    expect(await statusOf(waiting)).toBe('queued')
    expect(await liveJobsFor(waiting)).toBe(1)
    expect(await liveJobsFor(fresh)).toBe(0)
  })

  it('runs the sweep on a schedule', async () => {
    const [schedule] = await rawRows<{ cron: string }>(db(), sql`select cron from pgboss.schedule where name = 'mail.sweep'`)
    expect(schedule?.cron).toBe('* * * * *')
  })
})
