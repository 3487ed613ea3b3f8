// Calling route loaders and actions the way the server does, and reading what they answered.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { desc, eq, sql } from 'drizzle-orm'
import { afterAll } from 'vitest'
import { db } from '~db/client'
import { auditLog, mailMessages, users } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { stopJobs } from '~/jobs/queue.server'
import { contextFor, formRequest } from '../../support/actors'
import { useTestDatabase } from '../../support/db'

export const ORIGIN = 'http://caixiao.test'

/**
 * One database per file, with the demo data. Queued mail is delivered by the job queue the first
 * invitation starts: its .eml files go to a temporary folder, not ./data.
 */
export function usePartiesDatabase(name: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `cx-${name}-`))
  process.env.DATA_DIR = dataDir
  useTestDatabase({ seed: true })
  // Registered after the database hook, so it runs before the database closes.
  afterAll(async () => {
    await stopJobs()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })
}

export interface Answer {
  status: number
  location?: string | null
  setCookie?: string | null
  body?: any
}

type Handler = (args: any) => Promise<unknown> | unknown

/** Runs a loader or action; thrown Responses (404, 403, redirects) become answers like returned ones. */
export async function call(
  handler: Handler,
  opts: { actor: Actor | null; url: string; params?: Record<string, string>; fields?: Record<string, string | string[]>; sessionId?: string | null },
): Promise<Answer> {
  const request = opts.fields ? formRequest(opts.url, opts.fields) : new Request(new URL(opts.url, ORIGIN).toString())
  const context = { ...contextFor(opts.actor), origin: ORIGIN, ...(opts.sessionId !== undefined ? { sessionId: opts.sessionId } : {}) }
  const args = { request, params: opts.params ?? {}, context } as unknown as LoaderFunctionArgs & ActionFunctionArgs
  let result: unknown
  try {
    result = await handler(args)
  } catch (thrown) {
    if (thrown instanceof Response) result = thrown
    else throw thrown
  }
  if (result instanceof Response) {
    return { status: result.status, location: result.headers.get('Location'), setCookie: result.headers.get('Set-Cookie'), body: await result.text() }
  }
  if (result && typeof result === 'object' && (result as any).type === 'DataWithResponseInit') {
    const r = result as { data: unknown; init: ResponseInit | null }
    return { status: r.init?.status ?? 200, body: r.data }
  }
  return { status: 200, body: result }
}

/** The field messages of a conform reply, by field name ('' for the form's own). */
export const fieldErrors = (answer: Answer): Record<string, string[] | null> => answer.body?.submission?.error ?? {}

export async function userByEmail(email: string) {
  const [u] = await db().select().from(users).where(eq(users.email, email))
  return u
}

export async function auditRows(action: string, entityId?: string) {
  const rows = await db().select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.id))
  return entityId ? rows.filter((r) => r.entityId === entityId) : rows
}

export async function mailsTo(email: string) {
  return db().select().from(mailMessages).where(eq(mailMessages.to, email)).orderBy(desc(mailMessages.createdAt))
}

/** The raw token of the invitation link in the newest message to that address. */
export async function inviteTokenFor(email: string): Promise<string> {
  const [mail] = await mailsTo(email)
  const match = mail?.text.match(/\/invite\/([A-Za-z0-9_-]+)/)
  if (!match) throw new Error(`no invitation link mailed to ${email}`)
  return match[1]
}

export async function counts() {
  const [row] = await db().execute<any>(sql`select
    (select count(*)::int from organizations) as orgs,
    (select count(*)::int from users) as users,
    (select count(*)::int from auth_tokens) as tokens,
    (select count(*)::int from mail_messages) as mails,
    (select count(*)::int from audit_log where outcome = 'ok') as audits,
    (select count(*)::int from notifications) as notifications`).then((r: any) => (Array.isArray(r) ? r : r.rows))
  return row as { orgs: number; users: number; tokens: number; mails: number; audits: number; notifications: number }
}
