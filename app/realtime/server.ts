import type { Server as HttpServer } from 'node:http'
import { Server, type ServerOptions } from 'socket.io'
import { actorFromSession } from '~/auth/actor.server'
import { readSessionId } from '~/auth/session.server'
import { allowedOriginsFor, isSameOrigin } from '~/server/http-guards'
import type { Actor } from '~/auth/roles'
import type { ClientToServerEvents, ServerToClientEvents } from './events'
import { rooms } from './events'
import { installIo } from './publisher.server'

export interface SocketData {
  actor: Actor
}

/**
 * socket.io on the app's own HTTP server. The handshake must come from our origin and carry a
 * valid session cookie; the session is checked again on every (re)connect, and rooms are
 * derived from the actor the server loaded, never from what the client asks for.
 */
export function createSocketServer(httpServer: HttpServer, opts: { appOrigin?: string; adapter?: ServerOptions['adapter'] }) {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
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
      const resolved = await actorFromSession(readSessionId(socket.request.headers.cookie))
      if (!resolved) return next(new Error('unauthorized'))
      socket.data.actor = resolved.actor
      next()
    } catch (err) {
      next(new Error('unavailable'))
    }
  })

  io.on('connection', (socket) => {
    const actor = socket.data.actor
    socket.join([rooms.user(actor.userId), rooms.org(actor.orgId), rooms.session(actor.sessionId)])
    if (actor.kind === 'staff') socket.join(rooms.staff())
    socket.on('ping', (ack) => {
      if (typeof ack === 'function') ack({ at: new Date().toISOString() })
    })
  })

  installIo(io as any)
  return io
}
