// The one facade over lucia: the rest of the app never imports lucia, so it can be swapped for
// our own ~60 lines (as the Lucia project now advises) without touching callers.
import { createHash } from 'node:crypto'
import { generateIdFromEntropySize, Lucia, TimeSpan } from 'lucia'
import { DrizzlePostgreSQLAdapter } from '@lucia-auth/adapter-drizzle'
import { and, eq, gt, inArray, lt, or, sql } from 'drizzle-orm'
import { getDatabaseHandle, type DbHandle } from '~db/client'
import { sessions, users } from '~db/schema'
import { disconnectSession, disconnectUser } from '~/realtime/publisher.server'

export const SESSION_COOKIE = 'cx_session'
/** Idle timeout: a session's expiry is extended while it is used (sliding window, as lucia's). */
export const IDLE_TIMEOUT_MS = 4 * 60 * 60 * 1000
/** Absolute timeout: a session older than this ends whatever its activity. */
export const ABSOLUTE_TIMEOUT_MS = 24 * 60 * 60 * 1000

function createLucia(handle: DbHandle) {
  const adapter = new DrizzlePostgreSQLAdapter(handle.db as any, sessions as any, users as any)
  return new Lucia(adapter, {
    sessionExpiresIn: new TimeSpan(IDLE_TIMEOUT_MS / 60000, 'm'),
    sessionCookie: { name: SESSION_COOKIE },
  })
}

let cached: { handle: DbHandle; lucia: ReturnType<typeof createLucia> } | undefined
function lucia() {
  const handle = getDatabaseHandle()
  if (cached?.handle !== handle) cached = { handle, lucia: createLucia(handle) }
  return cached.lucia
}

export interface SessionMeta {
  ip?: string
  userAgent?: string
}

/**
 * The browser holds a session's token; the database keeps only its SHA-256, which is the session's
 * id everywhere on the server (sockets' rooms, sign-out, the actor). A copy of the sessions table
 * (a backup, a replica, a statement log) therefore signs nobody in.
 */
export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex')

/**
 * Starts a session and answers its token, the cookie's value (`sessionIdOf` gives its id). Written
 * here rather than by lucia's createSession, which stores the token itself as the id.
 */
export async function createSession(userId: string, meta: SessionMeta): Promise<string> {
  // 25 random bytes: lucia's own session ids, 40 lower-case base32 characters.
  const token = generateIdFromEntropySize(25)
  await getDatabaseHandle()
    .db.insert(sessions)
    .values({
      id: sessionIdOf(token),
      userId,
      expiresAt: new Date(Date.now() + IDLE_TIMEOUT_MS),
      createdAt: new Date(),
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 500) ?? null,
    })
  return token
}

export interface ValidSession {
  sessionId: string
  userId: string
  /** The sliding expiry moved: the cookie should be sent again. */
  refreshed: boolean
}

/** Tokens are 40 lower-case base32 characters; anything else cannot be one (and is not looked up). */
export const isSessionTokenShape = (token: string) => /^[a-z0-9]{20,64}$/.test(token)

/**
 * What a stored session's times mean now: past its idle expiry or its absolute lifetime it is dead;
 * in the second half of its idle window it is extended (lucia's sliding window, same arithmetic).
 */
export function sessionVerdict(s: { expiresAt: Date; createdAt: Date }, now = Date.now()): 'dead' | 'valid' | 'extend' {
  if (s.expiresAt.getTime() <= now || now - s.createdAt.getTime() > ABSOLUTE_TIMEOUT_MS) return 'dead'
  return s.expiresAt.getTime() - IDLE_TIMEOUT_MS / 2 <= now ? 'extend' : 'valid'
}

/**
 * Acts on a session row read by the caller — the request path reads it joined to its user and
 * organization in one statement (lucia's validateSession would read it again on its own) — and
 * answers the session, or null when it is dead (then it is ended, with its sockets).
 */
export async function settleSession(row: { id: string; userId: string; expiresAt: Date; createdAt: Date }): Promise<ValidSession | null> {
  const verdict = sessionVerdict(row)
  if (verdict === 'dead') {
    await invalidateSession(row.id)
    return null
  }
  if (verdict === 'extend') {
    await getDatabaseHandle()
      .db.update(sessions)
      .set({ expiresAt: new Date(Date.now() + IDLE_TIMEOUT_MS) })
      .where(eq(sessions.id, row.id))
  }
  return { sessionId: row.id, userId: row.userId, refreshed: verdict === 'extend' }
}

/** The session a token opens, settled as on a request (tests and tools; requests go through actorFromSession). */
export async function validateSession(token: string): Promise<ValidSession | null> {
  if (!isSessionTokenShape(token)) return null
  const [row] = await getDatabaseHandle()
    .db.select({ id: sessions.id, userId: sessions.userId, expiresAt: sessions.expiresAt, createdAt: sessions.createdAt })
    .from(sessions)
    .where(eq(sessions.id, sessionIdOf(token)))
  return row ? settleSession(row) : null
}

/**
 * Deletes sessions past their idle expiry or their absolute lifetime; validation already refuses
 * them, this only keeps the table from growing. Runs hourly as the 'auth.prune' job.
 */
export async function pruneDeadSessions(): Promise<number> {
  const gone = await getDatabaseHandle()
    .db.delete(sessions)
    .where(
      or(
        lt(sessions.expiresAt, sql`now()`),
        lt(sessions.createdAt, sql`now() - make_interval(secs => ${ABSOLUTE_TIMEOUT_MS / 1000})`),
      ),
    )
    .returning({ id: sessions.id })
  return gone.length
}

/** Ends a session, and with it the sockets opened under it (sign-out, a new sign-in, …). */
export async function invalidateSession(id: string) {
  await lucia().invalidateSession(id)
  disconnectSession(id)
}

/** Ends every session of a user, and their sockets. */
export async function invalidateUserSessions(userId: string) {
  await lucia().invalidateUserSessions(userId)
  disconnectUser(userId)
}

/**
 * Of these session ids, the ones still alive: unexpired and within the absolute lifetime. Reads
 * only (extends nothing), so an open socket does not keep an idle session alive.
 */
export async function liveSessionIds(ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await getDatabaseHandle()
    .db.select({ id: sessions.id })
    .from(sessions)
    .where(
      and(
        inArray(sessions.id, ids),
        gt(sessions.expiresAt, sql`now()`),
        gt(sessions.createdAt, sql`now() - make_interval(secs => ${ABSOLUTE_TIMEOUT_MS / 1000})`),
      ),
    )
  return new Set(rows.map((r) => r.id))
}

/** The session token a Cookie header carries, if any. */
export function readSessionToken(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null
  for (const part of cookieHeader.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === SESSION_COOKIE) return decodeURIComponent(v.join('='))
  }
  return null
}

/** Secure when the request reached us over TLS (directly or via a proxy that says so). */
export function sessionCookie(token: string, secure: boolean): string {
  const maxAge = Math.floor(ABSOLUTE_TIMEOUT_MS / 1000)
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`
}

export function blankSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`
}
