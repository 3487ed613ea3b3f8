import fs from 'node:fs/promises'
import { and, asc, count, desc, eq, ilike, or } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { db } from '~db/client'
import { mailMessages } from '~db/schema'
import { staffCan, type Actor } from '~/auth/roles'
import { forbidden } from '~/utils/errors'
import { likePattern, type ListParams } from '~/utils/list-params'
import { isUuid } from '~/utils/uuid'
import { emlPath } from './mail.server'

export const mailSortable = ['createdAt', 'to', 'subject', 'status'] as const
export type MailSort = (typeof mailSortable)[number]

export interface MailListRow {
  id: string
  to: string
  subject: string
  status: string
  createdAt: string
}

export interface MailDetail extends MailListRow {
  text: string
  error: string | null
  sentAt: string | null
  /** The .eml the file transport wrote, when it is still on disk. */
  downloadable: boolean
}

function assertMayRead(actor: Actor) {
  if (!staffCan(actor, 'mail.view')) throw forbidden()
}

const sortColumns: Record<MailSort, AnyPgColumn> = {
  createdAt: mailMessages.createdAt,
  to: mailMessages.to,
  subject: mailMessages.subject,
  status: mailMessages.status,
}

/** Outgoing messages for the console, newest first unless asked otherwise. */
export async function listMail(actor: Actor, params: ListParams<MailSort>): Promise<{ rows: MailListRow[]; total: number }> {
  assertMayRead(actor)
  const where = params.q
    ? or(ilike(mailMessages.to, likePattern(params.q)), ilike(mailMessages.subject, likePattern(params.q)))
    : undefined
  const order = params.dir === 'asc' ? asc : desc
  const [rows, [{ total }]] = await Promise.all([
    db()
      .select({ id: mailMessages.id, to: mailMessages.to, subject: mailMessages.subject, status: mailMessages.status, createdAt: mailMessages.createdAt })
      .from(mailMessages)
      .where(where)
      // The id breaks ties, so a page boundary never shows a row twice or skips one.
      .orderBy(order(sortColumns[params.sort]), desc(mailMessages.createdAt), desc(mailMessages.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db().select({ total: count() }).from(mailMessages).where(where),
  ])
  return { rows: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })), total }
}

/** One message, or null when there is none with this id. */
export async function getMail(actor: Actor, id: string): Promise<MailDetail | null> {
  assertMayRead(actor)
  if (!isUuid(id)) return null
  const [row] = await db().select().from(mailMessages).where(eq(mailMessages.id, id))
  if (!row) return null
  return {
    id: row.id,
    to: row.to,
    subject: row.subject,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.status === 'sent' || row.status === 'written' ? (row.sentAt?.toISOString() ?? null) : null,
    error: row.error,
    text: row.text,
    downloadable: row.status === 'written' && (await fileExists(emlPath(row.id))),
  }
}

/** The .eml the file transport wrote for a message, or null when there is none on disk. */
export async function readMailFile(actor: Actor, id: string): Promise<{ id: string; content: Buffer } | null> {
  assertMayRead(actor)
  if (!isUuid(id)) return null
  const [row] = await db()
    .select({ id: mailMessages.id })
    .from(mailMessages)
    .where(and(eq(mailMessages.id, id), eq(mailMessages.status, 'written')))
  if (!row) return null
  // The path is built from the stored id, never from the request.
  const content = await fs.readFile(emlPath(row.id)).catch(() => null)
  return content ? { id: row.id, content } : null
}

async function fileExists(file: string) {
  return fs.access(file).then(
    () => true,
    () => false,
  )
}
