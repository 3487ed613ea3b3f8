import fs from 'node:fs/promises'
import path from 'node:path'
import nodemailer from 'nodemailer'
import { and, eq, sql } from 'drizzle-orm'
import { dataDir, db } from '~db/client'
import { mailMessages } from '~db/schema'
import type { TxContext } from '~db/transaction'
import { emitToPermission } from '~/realtime/publisher.server'
import { env } from '~/utils/env.server'

export interface OutgoingMail {
  to: string
  subject: string
  text: string
  html?: string
}

export function mailDir() {
  return path.join(dataDir(), 'mail')
}

/** Retries spread over about an hour (30 s doubling), so a short SMTP outage loses nothing. */
const MAIL_JOB_OPTIONS = { retryLimit: 6, retryDelay: 30, retryBackoff: true }

/** Keeps the message with the transaction that caused it; it is handed to the queue once that commits. */
export async function queueMail({ tx, afterCommit }: TxContext, mail: OutgoingMail): Promise<string> {
  const [row] = await tx.insert(mailMessages).values(mail).returning({ id: mailMessages.id })
  afterCommit(async () => {
    changed(row.id)
    const { enqueue } = await import('~/jobs/queue.server')
    await enqueue('mail.send', { mailId: row.id }, MAIL_JOB_OPTIONS)
  })
  return row.id
}

/** The console's mail list follows each message's state live. */
const changed = (mailId: string) => emitToPermission('mail.view', 'mail:changed', { mailId })

let transport: ReturnType<typeof nodemailer.createTransport> | undefined
function smtpTransport(url: string) {
  // Bounded waits: a message counts as stuck (see sweepMail) only after SENDING_STALE_MINUTES, so
  // no live attempt may last that long.
  transport ??= nodemailer.createTransport({ url, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 })
  return transport
}

export function emlPath(mailId: string) {
  return path.join(mailDir(), `${mailId}.eml`)
}

/**
 * Sends one queued message: over SMTP when SMTP_URL is set, otherwise as an .eml file under
 * DATA_DIR/mail (listed on the console's mail page). Claiming the row first makes a second run a
 * no-op. While a message is 'sending', sent_at holds when the attempt began, which is what lets the
 * sweep tell a crashed attempt from a running one. A failure puts the message back in the queue for
 * the job's next retry; after the last one it is 'failed' and stays so.
 */
export async function deliverMail(mailId: string, opts: { lastAttempt?: boolean } = {}): Promise<void> {
  const [mail] = await db()
    .update(mailMessages)
    .set({ status: 'sending', sentAt: sql`now()` })
    .where(and(eq(mailMessages.id, mailId), eq(mailMessages.status, 'queued')))
    .returning()
  if (!mail) return
  changed(mail.id)
  const config = env()
  const message = { from: config.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? undefined }
  try {
    if (config.SMTP_URL) {
      await smtpTransport(config.SMTP_URL).sendMail(message)
    } else {
      const built = await nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }).sendMail(message)
      await fs.mkdir(mailDir(), { recursive: true })
      await fs.writeFile(emlPath(mail.id), built.message as Buffer)
    }
    await db()
      .update(mailMessages)
      .set({ status: config.SMTP_URL ? 'sent' : 'written', sentAt: sql`now()`, error: null })
      .where(and(eq(mailMessages.id, mail.id), eq(mailMessages.status, 'sending')))
    changed(mail.id)
  } catch (err) {
    await db()
      .update(mailMessages)
      .set({ status: opts.lastAttempt ? 'failed' : 'queued', sentAt: null, error: String((err as Error).message ?? err).slice(0, 1000) })
      .where(and(eq(mailMessages.id, mail.id), eq(mailMessages.status, 'sending')))
    changed(mail.id)
    throw err
  }
}

/** A message queued this long ago with no job to deliver it lost its job (e.g. the process died between commit and enqueue). */
export const QUEUED_STALE_MINUTES = 1
/** An attempt this old died with its process: SMTP waits are bounded well below this. */
export const SENDING_STALE_MINUTES = 10

/**
 * Runs every minute (the 'mail.sweep' job): puts crashed attempts back in the queue and gives every
 * queued message without a live job a new one. A message with a job waiting, retrying or running
 * is left to that job, so the sweep never doubles the retries of a failing message.
 */
export async function sweepMail(): Promise<{ requeued: number }> {
  const { enqueue, withoutLiveJob } = await import('~/jobs/queue.server')
  const revived = await db()
    .update(mailMessages)
    .set({ status: 'queued', sentAt: null })
    .where(and(eq(mailMessages.status, 'sending'), sql`coalesce(${mailMessages.sentAt}, ${mailMessages.createdAt}) < now() - make_interval(mins => ${SENDING_STALE_MINUTES})`))
    .returning({ id: mailMessages.id })
  for (const { id } of revived) changed(id)
  const orphans = await db()
    .select({ id: mailMessages.id })
    .from(mailMessages)
    .where(
      and(
        eq(mailMessages.status, 'queued'),
        sql`${mailMessages.createdAt} < now() - make_interval(mins => ${QUEUED_STALE_MINUTES})`,
        withoutLiveJob('mail.send', 'mailId', sql`${mailMessages.id}::text`),
      ),
    )
    .orderBy(mailMessages.createdAt)
    .limit(500)
  for (const { id } of orphans) await enqueue('mail.send', { mailId: id }, MAIL_JOB_OPTIONS)
  return { requeued: orphans.length }
}
