// Socket plumbing for the auction channel tests: a socket server on a free port (optionally with
// an adapter, to stand in for one of several app processes), clients with a session cookie, and
// acks with a deadline.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { io as ioClient, type Socket } from 'socket.io-client'
import type { ServerOptions } from 'socket.io'
import { SESSION_COOKIE } from '~/auth/session.server'
import type { AuctionStateDto } from '~/realtime/events'
import { createSocketServer } from '~/realtime/server'

export type Node = Awaited<ReturnType<typeof startSocketNode>>

export async function startSocketNode(opts: { adapter?: ServerOptions['adapter']; closeAdapter?: () => Promise<void>; auctionHeartbeatMs?: number } = {}) {
  const httpServer = createServer()
  const io = createSocketServer(httpServer, { adapter: opts.adapter, auctionHeartbeatMs: opts.auctionHeartbeatMs ?? 60_000 })
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
  const port = (httpServer.address() as AddressInfo).port
  return {
    io,
    port,
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()))
      await opts.closeAdapter?.()
    },
  }
}

export interface Client {
  socket: Socket
  /** Every auction:state pushed to this socket, in arrival order. */
  states: AuctionStateDto[]
  /** Everything this socket received (acks and pushes), as JSON text: for leak searches. */
  wire: string[]
  ack<T = any>(event: string, payload: unknown, ms?: number): Promise<T>
}

export function connectClient(port: number, sessionId: string | null, opts: { reconnection?: boolean } = {}): Promise<Client> {
  const socket = ioClient(`http://127.0.0.1:${port}`, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: opts.reconnection ?? false,
    forceNew: true,
    extraHeaders: sessionId ? { cookie: `${SESSION_COOKIE}=${sessionId}` } : {},
  })
  const client: Client = {
    socket,
    states: [],
    wire: [],
    async ack(event, payload, ms = 10_000) {
      const a = await socket.timeout(ms).emitWithAck(event as any, payload as any)
      client.wire.push(JSON.stringify(a))
      return a
    },
  }
  socket.onAny((event, ...args) => {
    client.wire.push(JSON.stringify([event, ...args]))
    if (event === 'auction:state') client.states.push(args[0])
  })
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client))
    socket.once('connect_error', (err) => {
      socket.close()
      reject(err)
    })
  })
}

/** The latest state a client holds for an auction at or after a seq, waiting for it to arrive. */
export async function stateAtLeast(c: Client, seq: number, ms = 8000): Promise<AuctionStateDto> {
  const deadline = Date.now() + ms
  for (;;) {
    const s = c.states.findLast((x) => x.seq >= seq)
    if (s) return s
    if (Date.now() > deadline) throw new Error(`no auction:state with seq >= ${seq} within ${ms} ms (have ${c.states.map((x) => x.seq).join(',')})`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Milliseconds until the server closed the socket, or null when it is still open after `ms` (-1: it closed for another reason). */
export function closedWithin(socket: Socket, ms: number): Promise<number | null> {
  const started = Date.now()
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(null), ms)
    socket.once('disconnect', (reason) => {
      clearTimeout(t)
      resolve(reason === 'io server disconnect' ? Date.now() - started : -1)
    })
  })
}

/**
 * A socket with a session cookie or an API key (`auth.token`, any value: a test may send a malformed one), pushed onto
 * `open` for the file's clean-up. Rejects with the server's refusal; it never reconnects on its own.
 */
export function connectWith(port: number, by: { cookie?: string; token?: unknown }, open: Socket[]): Promise<Socket> {
  const socket = ioClient(`http://127.0.0.1:${port}`, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(by.token !== undefined ? { auth: { token: by.token } } : {}),
    extraHeaders: by.cookie ? { cookie: `${SESSION_COOKIE}=${by.cookie}` } : {},
  })
  open.push(socket)
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', (err) => {
      socket.close()
      reject(err)
    })
  })
}

/** An event sent with its acknowledgement awaited (10 s at most). */
export const ack = (s: Socket, event: string, payload: unknown) => s.timeout(10_000).emitWithAck(event as any, payload as any)
