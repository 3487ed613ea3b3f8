// Set-up shared by the push tests outside the auction channel (order:changed, stock:changed): one
// socket server for the file, and per demo user a signed-in socket that collects one event's payloads.
import type { Socket } from 'socket.io-client'
import { afterAll, beforeAll } from 'vitest'
import { actorFor, tokenOf } from '../../support/actors'
import { connectClient, startSocketNode, type Node } from './auction-socket-helpers'

const socketOf = new WeakMap<unknown[], Socket>()

/**
 * Resolves when the socket behind `heard` (from listen) next connects again, as the browser's does
 * (client.tsx) after the server ended it because its rights changed. Call it before the change.
 */
export function nextReconnect(heard: unknown[], ms = 5000): Promise<void> {
  const socket = socketOf.get(heard)
  if (!socket) return Promise.reject(new Error('not a listen() array'))
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no reconnect within ${ms} ms`)), ms)
    socket.once('disconnect', () =>
      socket.once('connect', () => {
        clearTimeout(t)
        resolve()
      }),
    )
  })
}

/**
 * Registers the server's start and teardown for the calling file and returns `listen(email)`, whose
 * array fills with each `event` payload that user's socket receives. `afterConnect` runs on each new
 * socket (e.g. to try a forbidden request); it is an option here rather than a second argument so
 * `emails.map(listen)` stays safe.
 */
export function useSocketListeners(event: string, opts: { afterConnect?: (socket: Socket) => void } = {}) {
  let node: Node
  const open: Socket[] = []
  beforeAll(async () => {
    node = await startSocketNode()
  })
  afterAll(async () => {
    for (const s of open.splice(0)) s.close()
    await node.close()
  })
  return async function listen(email: string): Promise<unknown[]> {
    const actor = await actorFor(email)
    const { socket } = await connectClient(node.port, tokenOf(actor))
    open.push(socket)
    const heard: unknown[] = []
    socket.on(event as any, (p: unknown) => heard.push(p))
    // As the browser does: the server ends a socket whose rights changed, and a new handshake loads them.
    socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') socket.connect()
    })
    socketOf.set(heard, socket)
    opts.afterConnect?.(socket)
    return heard
  }
}
