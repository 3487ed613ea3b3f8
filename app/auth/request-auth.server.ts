// Who a request comes from, worked out once by the HTTP layer: an API key for /api/v1/* requests
// that carry `Authorization: Bearer`, the session cookie otherwise.
import { actorFromSession } from './actor.server'
import { authenticateApiKey } from './api-keys.server'
import { bearerToken, isApiPath } from './api-keys.rules'
import type { Actor } from './roles'
import { readSessionToken, type ValidSession } from './session.server'

export type RequestAuth =
  | { via: 'api_key'; actor: Actor | null; session: null }
  | { via: 'session'; actor: Actor | null; session: ValidSession | null }

/**
 * The pathname Remix will route: the URL parser resolves `..` and `%2e%2e`, so
 * `/api/v1/../../console/x` is a console page and its Bearer header is ignored like any page's.
 */
export function routedPathname(url: string): string {
  try {
    return new URL(url, 'http://localhost').pathname
  } catch {
    return '/'
  }
}

/** True when the request is judged by its Bearer token alone (and so carries no ambient credential). */
export function usesApiKey(url: string, authorization: string | null | undefined): boolean {
  return bearerToken(authorization).present && isApiPath(routedPathname(url))
}

/**
 * A Bearer request to the API never falls back to the cookie: a wrong, revoked or expired key is
 * simply unauthenticated. Elsewhere the header is ignored and the session cookie decides.
 */
export async function resolveRequestAuth(url: string, headers: { authorization?: string | null; cookie?: string | null }): Promise<RequestAuth> {
  if (usesApiKey(url, headers.authorization)) {
    return { via: 'api_key', actor: await authenticateApiKey(bearerToken(headers.authorization).token), session: null }
  }
  const resolved = await actorFromSession(readSessionToken(headers.cookie))
  return { via: 'session', actor: resolved?.actor ?? null, session: resolved?.session ?? null }
}
