// W5 and the end of a session, whatever ends it: a socket lives no longer than the session it was
// opened under. Ends that are announced (sign-out, a new sign-in, deactivation) disconnect at
// once; ends nobody announces (idle expiry, the absolute lifetime, a deleted row) at the next sweep.
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { eq, sql } from 'drizzle-orm'
import { io as ioClient, type Socket } from 'socket.io-client'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { sessions } from '~db/schema'
import { createSocketServer } from '~/realtime/server'
import { invalidateSession, invalidateUserSessions, SESSION_COOKIE } from '~/auth/session.server'
import { actorFor, tokenOf } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { closedWithin } from '../realtime/auction-socket-helpers'

useTestDatabase({ seed: true })

const SWEEP_MS = 150
let httpServer: HttpServer
let io: ReturnType<typeof createSocketServer>
let base: string
const open: Socket[] = []

beforeAll(async () => {
  httpServer = createServer()
  io = createSocketServer(httpServer, { sessionCheckMs: SWEEP_MS })
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`
})
afterEach(() => {
  for (const s of open.splice(0)) s.close()
})
afterAll(() => new Promise<void>((r) => io.close(() => r())))

function connect(sessionId: string): Promise<Socket> {
  const socket = ioClient(base, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: `${SESSION_COOKIE}=${sessionId}` } })
  open.push(socket)
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', reject)
  })
}


describe('announced ends close the sockets at once', () => {
  it('ending a session (sign-out, a new sign-in) closes its sockets, not the user’s others', async () => {
    const a = await actorFor('amy@bright.test')
    const b = await actorFor('amy@bright.test')
    const [s1, s2, other] = await Promise.all([connect(tokenOf(a)), connect(tokenOf(a)), connect(tokenOf(b))])
    const closing = [closedWithin(s1, SWEEP_MS / 2), closedWithin(s2, SWEEP_MS / 2)]
    const otherClosing = closedWithin(other, SWEEP_MS * 4)
    await invalidateSession(a.sessionId)
    for (const t of await Promise.all(closing)) expect(t).not.toBeNull()
    expect(await otherClosing, 'another session of the same user stays').toBeNull()
    await expect(connect(tokenOf(a))).rejects.toThrow('unauthorized')
  })

  it('ending every session of a user (password reset, deactivation) closes all of them', async () => {
    const a = await actorFor('cathy@ningbo.test')
    const b = await actorFor('cathy@ningbo.test')
    const bystander = await actorFor('carol@ningbo.test')
    const [s1, s2, s3] = await Promise.all([connect(tokenOf(a)), connect(tokenOf(b)), connect(tokenOf(bystander))])
    const closing = [closedWithin(s1, SWEEP_MS / 2), closedWithin(s2, SWEEP_MS / 2)]
    const colleague = closedWithin(s3, SWEEP_MS * 4)
    await invalidateUserSessions(a.userId)
    for (const t of await Promise.all(closing)) expect(t).not.toBeNull()
    expect(await colleague).toBeNull()
  })
})

describe('unannounced ends close the sockets at the next sweep', () => {
  it('an expired session (idle timeout)', async () => {
    const a = await actorFor('frank@south.test')
    const s = await connect(tokenOf(a))
    const closing = closedWithin(s, SWEEP_MS * 6)
    await db().update(sessions).set({ expiresAt: sql`now() - interval '1 second'` as any }).where(eq(sessions.id, a.sessionId))
    expect(await closing).not.toBeNull()
  })

  it('a session past its absolute lifetime, however recently used', async () => {
    const a = await actorFor('fiona@south.test')
    const s = await connect(tokenOf(a))
    const closing = closedWithin(s, SWEEP_MS * 6)
    await db().update(sessions).set({ createdAt: sql`now() - interval '25 hours'` as any }).where(eq(sessions.id, a.sessionId))
    expect(await closing).not.toBeNull()
  })

  it('a session row deleted by other code, without a word to the sockets', async () => {
    const a = await actorFor('eric@east.test')
    const s = await connect(tokenOf(a))
    const closing = closedWithin(s, SWEEP_MS * 6)
    await db().delete(sessions).where(eq(sessions.id, a.sessionId))
    expect(await closing).not.toBeNull()
  })

  it('a live session keeps its socket across sweeps, and the sweep does not extend it', async () => {
    const a = await actorFor('dora@north.test')
    const s = await connect(tokenOf(a))
    // Past half its idle life: a validation (lucia's) would push the expiry out; the sweep must not.
    await db().update(sessions).set({ expiresAt: sql`now() + interval '1 hour'` as any }).where(eq(sessions.id, a.sessionId))
    const [before] = await db().select({ expiresAt: sessions.expiresAt }).from(sessions).where(eq(sessions.id, a.sessionId))
    expect(await closedWithin(s, SWEEP_MS * 5)).toBeNull()
    const [after] = await db().select({ expiresAt: sessions.expiresAt }).from(sessions).where(eq(sessions.id, a.sessionId))
    expect(after.expiresAt.getTime()).toBe(before.expiresAt.getTime())
  })
})
