import type { Server as HttpServer } from 'node:http'
import { Server, type ServerOptions } from 'socket.io'
import { actorFromSession } from '~/auth/actor.server'
import { authenticateApiKey, hasApiScope, liveApiKeyIds } from '~/auth/api-keys.server'
import type { ApiScope } from '~/auth/api-keys.rules'
import { liveSessionIds, readSessionToken } from '~/auth/session.server'
import { allowedOriginsFor, isSameOrigin } from '~/server/http-guards'
import type { Actor } from '~/auth/roles'
import type { ClientToServerEvents, ServerToClientEvents } from './events'
import { rooms } from './events'
import { installIo, permissionRoomsOf } from './publisher.server'
import { registerAuctionHandlers } from './auction-socket.server'
import { installAuctionLive, liveError, type AuctionInterServerEvents } from '~/domain/auction/auction-live.server'

/** How often open sockets are checked against their sessions (expiry, or an end nobody announced). */
const SESSION_CHECK_MS = Number(process.env.SOCKET_SESSION_CHECK_MS ?? 60_000)

export interface SocketData {
  actor: Actor
}

/** The scope each client event needs when the socket was opened with an API key (a Map: the event name is the client's). */
const scopeOfEvent = new Map<string, ApiScope>([
  ['auction:join', 'auctions:read'],
  ['auction:leave', 'auctions:read'],
  ['auction:bid', 'auctions:bid'],
])

/** `auth.token` of the handshake: an API key, which then decides alone (the cookie is not consulted). */
function handshakeToken(auth: unknown): { present: boolean; token: string | null } {
  if (!auth || typeof auth !== 'object' || !('token' in auth)) return { present: false, token: null }
  const token = (auth as { token: unknown }).token
  return { present: true, token: typeof token === 'string' && token.length <= 200 ? token : null }
}

/**
 * socket.io on the app's own HTTP server. The handshake must come from our origin and carry a
 * valid session cookie or an API key as `auth.token`; either is checked again on every
 * (re)connect, and rooms are derived from the actor the server loaded, never from what the client
 * asks for.
 */
export function createSocketServer(
  httpServer: HttpServer,
  opts: { appOrigin?: string; adapter?: ServerOptions['adapter']; sessionCheckMs?: number; auctionHeartbeatMs?: number },
) {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, AuctionInterServerEvents, SocketData>(httpServer, {
    path: '/socket.io',
    serveClient: false,
    adapter: opts.adapter,
    maxHttpBufferSize: 64 * 1024,
    allowRequest: (req, callback) => {
      callback(null, isSameOrigin(req.headers, allowedOriginsFor(req.headers, opts.appOrigin)))
    },
  })

  io.use(async (socket, next) => {
    try {
      const key = handshakeToken(socket.handshake.auth)
      // A wrong key is refused exactly like a missing cookie: nothing tells whether the key exists.
      const actor = key.present
        ? await authenticateApiKey(key.token)
        : (await actorFromSession(readSessionToken(socket.request.headers.cookie)))?.actor
      if (!actor) return next(new Error('unauthorized'))
      socket.data.actor = actor
      next()
    } catch (err) {
      next(new Error('unavailable'))
    }
  })

  // Auction channels: per-viewer pushes after each commit, across processes when an adapter is set.
  const auctionLive = installAuctionLive(io as any, { crossProcess: !!opts.adapter, heartbeatMs: opts.auctionHeartbeatMs })

  io.on('connection', (socket) => {
    const actor = socket.data.actor
    if (actor.apiKey) {
      // A key's socket hears the organization's events its scopes cover (publisher.server.ts) and its
      // own room (revocation ends it) and its maker's keys' room (a change of the maker's roles ends it),
      // not its creator's personal notifications; each event it sends needs the key's scope for it.
      socket.join([...[...actor.apiKey.scopes].map((s) => rooms.orgKeys(actor.orgId, s)), rooms.session(actor.sessionId), rooms.keysOf(actor.userId)])
      socket.use(([event, , ack], next) => {
        const scope = scopeOfEvent.get(event)
        if (!scope || hasApiScope(actor, scope)) return next()
        if (typeof ack === 'function') {
          void liveError(actor.locale, 'FORBIDDEN').then((error) => {
            try {
              ack({ ok: false, error })
            } catch {
              // The socket went away meanwhile.
            }
          })
        }
      })
    } else {
      socket.join([rooms.user(actor.userId), rooms.org(actor.orgId), rooms.session(actor.sessionId)])
      if (actor.kind === 'staff') socket.join([rooms.staff(), ...permissionRoomsOf(actor.roles)])
      // Derived from the actor the server loaded: a client cannot ask to join.
      if (actor.kind === 'dealer') socket.join(rooms.dealers())
    }
    socket.on('ping', (ack) => {
      if (typeof ack === 'function') ack({ at: new Date().toISOString() })
    })
    registerAuctionHandlers(socket, auctionLive)
  })

  // Sign-out and every other end of a session disconnect at once (session.server.ts); this sweep
  // catches the ends nobody announces — idle expiry, the absolute lifetime, a row deleted by hand.
  const sweep = async () => {
    const local = [...io.of('/').sockets.values()]
    if (local.length === 0) return
    try {
      const sessions = local.filter((s) => !s.data.actor.apiKey)
      const keyed = local.filter((s) => s.data.actor.apiKey)
      const live = await liveSessionIds([...new Set(sessions.map((s) => s.data.actor.sessionId))])
      for (const s of sessions) if (!live.has(s.data.actor.sessionId)) s.disconnect(true)
      // Keys: revoked or expired, or whose creator or organization was deactivated since.
      const liveKeys = await liveApiKeyIds([...new Set(keyed.map((s) => s.data.actor.apiKey!.id))])
      for (const s of keyed) if (!liveKeys.has(s.data.actor.apiKey!.id)) s.disconnect(true)
    } catch {
      // Database unreachable: keep the sockets; the next sweep decides.
    }
  }
  const timer = setInterval(sweep, opts.sessionCheckMs ?? SESSION_CHECK_MS)
  timer.unref()
  httpServer.once('close', () => {
    clearInterval(timer)
    auctionLive.close()
  })

  installIo(io as any)
  return io
}
