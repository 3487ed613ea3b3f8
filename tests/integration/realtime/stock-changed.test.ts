// The catalog's live availability: a committed stock change reaches staff and every dealer socket as
// product ids only, and never a supplier's. The dealers room comes from the server-side actor.
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { io as ioClient, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adjustStock } from '~/domain/inventory/adjust-stock.server'
import { SESSION_COOKIE } from '~/auth/session.server'
import { createSocketServer } from '~/realtime/server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { productId, warehouseId } from '../inventory/helpers'

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
  socket.on('stock:changed', (p: unknown) => heard.push(p))
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', reject)
  })
  // Ask for rooms the client is not entitled to: no such handler exists, and it must change nothing.
  socket.emit('join' as any, ['dealers', 'staff'])
  return heard
}

describe('stock:changed reaches dealer catalogs', () => {
  it('goes to staff and to every dealer user with ids only, never to supplier users', async () => {
    const [dave, erin, staff, alice] = await Promise.all(['dave@north.test', 'erin@east.test', 'sales@acme.test', 'alice@bright.test'].map(listen))
    const p = await productId('EL-1003')
    await adjustStock(await actorFor('warehouse@acme.test'), { productId: p, warehouseId: await warehouseId('SZ-SOUTH'), binId: null, batch: null, quantity: '-2', reason: 'broken' })
    await expect.poll(() => [dave.length, erin.length, staff.length], { timeout: 3000 }).toEqual([1, 1, 1])
    for (const heard of [dave, erin, staff]) expect(heard).toEqual([{ productIds: [p] }])
    // Time for a stray to arrive before saying none did.
    await new Promise((r) => setTimeout(r, 200))
    expect(alice).toEqual([])
  })
})
