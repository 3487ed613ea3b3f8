import type { Actor } from './roles'

// What the HTTP layer (app/server) works out once per request and hands to every loader and action.
export interface RequestContext {
  actor: Actor | null
  sessionId: string | null
  /**
   * The session's token for high-value form actions (action-token.server.ts); null without a
   * cookie session (a visitor, or a request made with an API key, which no other site can forge).
   */
  actionToken: string | null
  ip: string
  cspNonce: string
  /** Our own origin as the browser sees it, e.g. http://localhost:3000 */
  origin: string
  secure: boolean
}

declare module '@remix-run/node' {
  interface AppLoadContext extends RequestContext {}
}
