import { eq } from 'drizzle-orm'
import { db } from '~db/client'
import { users } from '~db/schema'
import { loadActor } from '~/auth/actor.server'
import { actionTokenOf } from '~/auth/action-token.server'
import { createSession, sessionIdOf } from '~/auth/session.server'
import type { Actor } from '~/auth/roles'

const tokens = new WeakMap<Actor, string>()

/** The demo user as the server sees them after sign-in, with a real session. */
export async function actorFor(email: string): Promise<Actor> {
  const [u] = await db().select({ id: users.id }).from(users).where(eq(users.email, email))
  if (!u) throw new Error(`no user ${email}`)
  const token = await createSession(u.id, { ip: '127.0.0.1' })
  const actor = await loadActor(u.id, sessionIdOf(token))
  if (!actor) throw new Error(`user ${email} is not active`)
  tokens.set(actor, token)
  return actor
}

/** The session token (the cookie's value) of an actor from actorFor; `actor.sessionId` is its stored hash. */
export function tokenOf(actor: Actor): string {
  const token = tokens.get(actor)
  if (!token) throw new Error('not an actor from actorFor')
  return token
}

/** The session's token for high-value forms, as the HTTP layer derives it (null for an actor not from actorFor). */
export function actionTokenFor(actor: Actor | null): string | null {
  const token = actor && tokens.get(actor)
  return token ? actionTokenOf(token) : null
}

/** What a loader or action receives, as the HTTP layer would build it. */
export function contextFor(actor: Actor | null) {
  return { actor, sessionId: actor?.sessionId ?? null, actionToken: actionTokenFor(actor), ip: '127.0.0.1', cspNonce: 'test', origin: 'http://localhost', secure: false }
}

export function formRequest(url: string, fields: Record<string, string | string[]>, init: RequestInit = {}) {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one)
  return new Request(new URL(url, 'http://localhost').toString(), { method: 'POST', body, ...init })
}
