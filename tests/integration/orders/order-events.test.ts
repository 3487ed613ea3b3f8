// The order's live status: after commit, 'order:changed' reaches the dealer's own organization and
// staff with ids, number, status and version only; never another dealer, never a supplier; a
// refused command says nothing.
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { io as ioClient, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SESSION_COOKIE } from '~/auth/session.server'
import { cancelOrder } from '~/domain/orders/cancel-order.server'
import { createSocketServer } from '~/realtime/server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { dealer, order } from './helpers'

useTestDatabase({ seed: true })

let httpServer: HttpServer
let io: ReturnType<typeof createSocketServer>
let base: string
const open: Socket[] = []

beforeAll(async () => {
  httpServer = createServer()
  io = createSocketServer(httpServer, {})
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`
})
afterAll(async () => {
  for (const s of open.splice(0)) s.close()
  await new Promise<void>((r) => io.close(() => r()))
})

async function listen(email: string) {
  const actor = await actorFor(email)
  const socket = ioClient(base, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: `${SESSION_COOKIE}=${actor.sessionId}` } })
  open.push(socket)
  const heard: unknown[] = []
  socket.on('order:changed', (p: unknown) => heard.push(p))
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', reject)
  })
  return heard
}

describe('order:changed', () => {
  it('reaches the dealer’s colleagues and staff after commit, and nobody else', async () => {
    const [dora, erin, staff, alice] = await Promise.all(['dora@north.test', 'erin@east.test', 'warehouse@acme.test', 'alice@bright.test'].map(listen))
    const dave = await dealer('dave@north.test')
    const placed = await order(dave, 'SH-MAIN', [['MT-2001', '2']])
    const first = { orderId: placed.order.id, number: placed.order.number, status: 'reserved', version: 1 }
    await expect.poll(() => [dora.length, staff.length], { timeout: 3000 }).toEqual([1, 1])
    expect(dora).toEqual([first])
    expect(staff).toEqual([first])
    // A refused command (another dealer's order) commits nothing and says nothing.
    await expect(cancelOrder(await dealer('erin@east.test'), placed.order.id, { reason: 'x' })).rejects.toMatchObject({ code: 'not_found' })
    await cancelOrder(dave, placed.order.id, { reason: 'changed my mind' })
    await expect.poll(() => dora.length, { timeout: 3000 }).toBe(2)
    expect(dora[1]).toEqual({ ...first, status: 'cancelled', version: 2 })
    await new Promise((r) => setTimeout(r, 200))
    expect(erin).toEqual([])
    expect(alice).toEqual([])
  })
})
