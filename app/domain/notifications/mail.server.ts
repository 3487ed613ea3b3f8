import fs from 'node:fs/promises'
import path from 'node:path'
import nodemailer from 'nodemailer'
import { and, eq } from 'drizzle-orm'
import { dataDir, db } from '~db/client'
import { mailMessages } from '~db/schema'
import type { TxContext } from '~db/transaction'
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

/** Keeps the message with the transaction that caused it; it is handed to the queue once that commits. */
export async function queueMail({ tx, afterCommit }: TxContext, mail: OutgoingMail): Promise<string> {
  const [row] = await tx.insert(mailMessages).values(mail).returning({ id: mailMessages.id })
  afterCommit(async () => {
    const { enqueue } = await import('~/jobs/queue.server')
    await enqueue('mail.send', { mailId: row.id })
  })
  return row.id
}

let transport: ReturnType<typeof nodemailer.createTransport> | undefined
function smtpTransport(url: string) {
  transport ??= nodemailer.createTransport(url)
  return transport
}

/**
 * Sends one queued message: over SMTP when SMTP_URL is set, otherwise as an .eml file under
 * ./data/mail (listed on the console's mail page). Claiming the row first makes a second run a no-op.
 */
export async function deliverMail(mailId: string): Promise<void> {
  const [mail] = await db()
    .update(mailMessages)
    .set({ status: 'sending' })
    .where(and(eq(mailMessages.id, mailId), eq(mailMessages.status, 'queued')))
    .returning()
  if (!mail) return
  const config = env()
  const message = { from: config.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? undefined }
  try {
    if (config.SMTP_URL) {
      await smtpTransport(config.SMTP_URL).sendMail(message)
    } else {
      const built = await nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }).sendMail(message)
      await fs.mkdir(mailDir(), { recursive: true })
      await fs.writeFile(path.join(mailDir(), `${mail.id}.eml`), built.message as Buffer)
    }
    await db()
      .update(mailMessages)
      .set({ status: config.SMTP_URL ? 'sent' : 'written', sentAt: new Date(), error: null })
      .where(eq(mailMessages.id, mail.id))
  } catch (err) {
    await db()
      .update(mailMessages)
      .set({ status: 'queued', error: String((err as Error).message ?? err).slice(0, 1000) })
      .where(eq(mailMessages.id, mail.id))
    throw err
  }
}
