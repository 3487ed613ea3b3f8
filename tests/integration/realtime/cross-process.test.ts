// Two socket.io servers, each with its own adapter connection, stand in for two app processes:
// what one publishes must reach a browser connected to the other. PostgreSQL only (PGlite has
// no LISTEN/NOTIFY between connections, and is single-process anyway).
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { io as ioClient, type Socket } from 'socket.io-client'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { actorFor, tokenOf } from '../../support/actors'
import { testDbKind, useTestDatabase } from '../../support/db'
import { createSocketServer } from '~/realtime/server'
import { disconnectUser, emitToUser, getIo, installIo } from '~/realtime/publisher.server'
import { rooms, type NotificationDto } from '~/realtime/events'
import { createAdapter, SOCKET_ADAPTER_APP_NAME } from '~/server/socket-adapter'
import { db, rawRows } from '~db/client'
import { sql } from 'drizzle-orm'
import { env } from '~/utils/env.server'
import { SESSION_COOKIE } from '~/auth/session.server'

const onPostgres = testDbKind === 'postgres'
// No database at all on PGlite: every test here is skipped there.
const ref: { handle?: import('~db/client').DbHandle } = onPostgres ? useTestDatabase({ seed: true }) : {}

type Node = Awaited<ReturnType<typeof startNode>>

async function startNode(kind: 'postgres' | 'redis') {
  const config = { ...env(), DATABASE_URL: ref.handle!.url, REDIS_URL: kind === 'redis' ? process.env.REDIS_URL : undefined }
  const adapter = await createAdapter(config)
  if (!adapter) throw new Error('no adapter for this configuration')
  const httpServer = createServer()
  const io = createSocketServer(httpServer, { adapter: adapter.adapter })
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
  const port = (httpServer.address() as AddressInfo).port
  return {
    io,
    port,
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()))
      await adapter.close()
    },
  }
}

function connect(port: number, sessionId: string): Promise<Socket> {
  const socket = ioClient(`http://127.0.0.1:${port}`, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { cookie: `${SESSION_COOKIE}=${sessionId}` },
  })
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', reject)
  })
}

/** A node learns of the others from their heartbeats; until then it answers for itself alone. */
async function untilSeen(node: Node, userId: string, count: number) {
  const deadline = Date.now() + 10_000
  for (;;) {
    const sockets = await node.io.in(rooms.user(userId)).fetchSockets()
    if (sockets.length === count) return
    if (Date.now() > deadline) throw new Error(`saw ${sockets.length} sockets of the user, expected ${count}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

function nextEvent<T>(socket: Socket, event: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms)
    socket.once(event, (payload: T) => {
      clearTimeout(timer)
      resolve(payload)
    })
  })
}

const kinds = ['postgres', ...(process.env.REDIS_URL ? ['redis'] : [])] as ('postgres' | 'redis')[]

describe.skipIf(!onPostgres)('live events across app processes', () => {
  const open: { nodes: Node[]; sockets: Socket[] } = { nodes: [], sockets: [] }
  afterEach(async () => {
    for (const s of open.sockets.splice(0)) s.close()
    for (const n of open.nodes.splice(0)) await n.close()
    installIo(undefined)
  })
  afterAll(() => installIo(undefined))

  it.each(kinds)('through the %s adapter, emitToUser on one process reaches the user on the other, and only them', async (kind) => {
    const a = await startNode(kind)
    const b = await startNode(kind)
    open.nodes.push(a, b)
    // The publisher holds the last server created: b publishes, the browsers sit on a.
    expect(getIo()).toBe(b.io)
    const alice = await actorFor('alice@bright.test')
    const dave = await actorFor('dave@north.test')
    const aliceSocket = await connect(a.port, tokenOf(alice))
    const daveSocket = await connect(a.port, tokenOf(dave))
    open.sockets.push(aliceSocket, daveSocket)
    await untilSeen(b, alice.userId, 1)

    const dto: NotificationDto = { id: crypto.randomUUID(), kind: 'system.message', params: { text: 'cross-process' }, link: null, readAt: null, createdAt: new Date().toISOString() }
    const leaked: unknown[] = []
    daveSocket.on('notification:new', (n) => leaked.push(n))
    const received = nextEvent<NotificationDto>(aliceSocket, 'notification:new')
    emitToUser(alice.userId, 'notification:new', dto)
    expect(await received).toEqual(dto)
    // Dave's socket sits on the same process and would have had it by now if rooms leaked.
    await new Promise((r) => setTimeout(r, 300))
    expect(leaked).toEqual([])
  })

  it.each(kinds)('through the %s adapter, deactivation ends the user’s sockets on every process', async (kind) => {
    const a = await startNode(kind)
    const b = await startNode(kind)
    open.nodes.push(a, b)
    const amy = await actorFor('amy@bright.test')
    const onA = await connect(a.port, tokenOf(amy))
    const onB = await connect(b.port, tokenOf(amy))
    open.sockets.push(onA, onB)
    await untilSeen(b, amy.userId, 2)
    const closedA = nextEvent<string>(onA, 'disconnect')
    const closedB = nextEvent<string>(onB, 'disconnect')
    disconnectUser(amy.userId)
    expect(await closedA).toBe('io server disconnect')
    expect(await closedB).toBe('io server disconnect')
  })
})

describe.skipIf(!onPostgres)('the Postgres adapter through a database outage', () => {
  it('keeps the process alive when its LISTEN connection is cut, and delivers again once reconnected', async () => {
    const a = await startNode('postgres')
    const b = await startNode('postgres')
    try {
      const bob = await actorFor('bob@precision.test')
      const socket = await connect(a.port, tokenOf(bob))
      try {
        await untilSeen(b, bob.userId, 1)
        // What a PostgreSQL restart does to the adapters' connections, limited to this test's database.
        const cut = await rawRows<{ n: number }>(
          db(),
          sql`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
              where application_name = ${SOCKET_ADAPTER_APP_NAME} and datname = current_database()`,
        )
        expect(cut[0].n).toBeGreaterThanOrEqual(2)
        // Both adapters re-LISTEN within a few seconds. Emitting only after both did matters: the
        // process that publishes must have come through its own reconnection with a usable pool.
        const deadline = Date.now() + 15_000
        for (;;) {
          const [{ n }] = await rawRows<{ n: number }>(
            db(),
            sql`select count(*)::int as n from pg_stat_activity
                where application_name = ${SOCKET_ADAPTER_APP_NAME} and datname = current_database() and query like 'LISTEN%'`,
          )
          if (n >= 2) break
          if (Date.now() > deadline) throw new Error('the adapters did not LISTEN again')
          await new Promise((r) => setTimeout(r, 200))
        }
        // NOTIFYs sent before a LISTEN lands are lost, so keep emitting until one arrives.
        const dto: NotificationDto = { id: crypto.randomUUID(), kind: 'system.message', params: { text: 'after outage' }, link: null, readAt: null, createdAt: new Date().toISOString() }
        const received = nextEvent<NotificationDto>(socket, 'notification:new', 15_000)
        const timer = setInterval(() => emitToUser(bob.userId, 'notification:new', dto), 500)
        try {
          expect(await received).toEqual(dto)
        } finally {
          clearInterval(timer)
        }
      } finally {
        socket.close()
      }
    } finally {
      await a.close()
      await b.close()
      installIo(undefined)
    }
  })
})

describe.skipIf(onPostgres)('live events across app processes (PGlite)', () => {
  it.skip('needs PostgreSQL: run with DATABASE_URL and --project integration-pg', () => {})
})
