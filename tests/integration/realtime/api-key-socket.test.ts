// The live auction channel opened with an API key as the handshake's `auth.token`: it works as a
// session does within the key's scopes (a read-only key joins but cannot bid), a wrong or revoked
// key is refused like a missing cookie, and revoking a key ends its open sockets.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { apiKeys, users } from '~db/schema'
import type { Socket } from 'socket.io-client'
import { createApiKey, revokeApiKey } from '~/auth/api-keys.server'
import type { Actor } from '~/auth/roles'
import { rooms } from '~/realtime/events'
import { emitToOrg, emitToOrgs, getIo, installIo } from '~/realtime/publisher.server'
import { createSocketServer } from '~/realtime/server'
import { actorFor, tokenOf } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { bidCount, runningAuction } from '../auction/helpers'
import { ack, connectWith, pause, startSocketNode, type Node } from './auction-socket-helpers'

useTestDatabase({ seed: true })

let node: Node
let alice: Actor
let auctionId: string
const sockets: Socket[] = []
const meta = { ip: '127.0.0.1' }

const connect = (opts: { token?: unknown; cookie?: string; port?: number }) => connectWith(opts.port ?? node.port, opts, sockets)

beforeAll(async () => {
  node = await startSocketNode()
  alice = await actorFor('alice@bright.test')
  auctionId = await runningAuction(await actorFor('buyer@acme.test'), {
    participants: ['SUP-BRIGHT', 'SUP-PRECISION'],
    ceiling: '10000.00',
    decrementAmount: '10.00',
    maxSingleDropPercent: '100',
  })
})
afterAll(async () => {
  for (const s of sockets.splice(0)) s.close()
  await node.close()
  installIo(undefined)
})

describe('auth.token on the socket handshake', () => {
  it('refuses a wrong, malformed or revoked key like a missing cookie, even with a valid cookie beside it', async () => {
    const { key, token } = await createApiKey(alice, { intent: 'create', name: 'Gone', scopes: ['auctions:read'], expiry: 'never' }, meta)
    await revokeApiKey(alice, key.id, meta)
    const none = await connect({}).catch((e: Error) => e.message)
    expect(none).toBe('unauthorized')
    for (const t of ['nonsense', token, `cxk_0123456789ab_${'A'.repeat(43)}`, 42, null]) {
      const refused = await connect({ token: t, cookie: tokenOf(alice) }).catch((e: Error) => e.message)
      expect(refused, String(t)).toBe(none)
    }
  })

  it('lets a read-only key join and watch, and refuses its bid', async () => {
    const { token } = await createApiKey(alice, { intent: 'create', name: 'Watcher', scopes: ['auctions:read'], expiry: 'never' }, meta)
    const s = await connect({ token })
    const joined = await ack(s, 'auction:join', { auctionId })
    expect(joined).toMatchObject({ ok: true, state: { viewer: 'supplier', auctionId } })
    const before = await bidCount(auctionId)
    const bid = await ack(s, 'auction:bid', { auctionId, amount: '9900.00', clientBidId: crypto.randomUUID() })
    expect(bid).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await bidCount(auctionId)).toBe(before)
    expect(s.connected).toBe(true)
  })

  it('bids with a bid key exactly as a session does, and ends the socket when the key is revoked', async () => {
    const { key, token } = await createApiKey(alice, { intent: 'create', name: 'Bidder', scopes: ['auctions:read', 'auctions:bid'], expiry: 'never' }, meta)
    const s = await connect({ token })
    expect(await ack(s, 'auction:join', { auctionId })).toMatchObject({ ok: true })
    const before = await bidCount(auctionId)
    const bid = await ack(s, 'auction:bid', { auctionId, amount: '9700.00', clientBidId: crypto.randomUUID() })
    expect(bid).toMatchObject({ ok: true, bid: { amount: '9700.00' }, state: { myBid: '9700.00' } })
    expect(await bidCount(auctionId)).toBe(before + 1)
    // The session's own rules still apply: a bid above the current best is refused by the rules.
    const worse = await ack(s, 'auction:bid', { auctionId, amount: '9950.00', clientBidId: crypto.randomUUID() })
    expect(worse.ok).toBe(false)
    expect(worse.error.code).not.toBe('FORBIDDEN')

    const gone = new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)))
    await revokeApiKey(alice, key.id, meta)
    expect(await Promise.race([gone, pause(5000).then(() => 'still connected')])).not.toBe('still connected')
    await expect(connect({ token })).rejects.toThrow(/unauthorized/)
  })

  it("hears only the organization's events its scopes cover: a key that places orders is not told of every order and terms change", async () => {
    const dave = await actorFor('dave@north.test')
    const writer = await connect({ token: (await createApiKey(dave, { intent: 'create', name: 'Writer', scopes: ['orders:write'], expiry: 'never' }, meta)).token })
    const reader = await connect({ token: (await createApiKey(dave, { intent: 'create', name: 'Reader', scopes: ['orders:read'], expiry: 'never' }, meta)).token })
    const watcher = await connect({ token: (await createApiKey(alice, { intent: 'create', name: 'List', scopes: ['auctions:read'], expiry: 'never' }, meta)).token })
    const person = await connect({ cookie: tokenOf(dave) })
    const heard = (s: Socket, event: string) => {
      const got: unknown[] = []
      s.on(event as any, (p: unknown) => got.push(p))
      return got
    }
    const writerHeard = [heard(writer, 'order:changed'), heard(writer, 'dealer:termsChanged')]
    const readerOrders = heard(reader, 'order:changed')
    const readerTerms = heard(reader, 'dealer:termsChanged')
    const personOrders = heard(person, 'order:changed')
    const watcherList = heard(watcher, 'auction:listChanged')
    const order = { orderId: crypto.randomUUID(), number: 'SO-TEST', status: 'approved', version: 2 }
    emitToOrg(dave.orgId, 'order:changed', order)
    emitToOrg(dave.orgId, 'dealer:termsChanged', { dealerOrgId: dave.orgId })
    emitToOrgs([alice.orgId, dave.orgId], 'auction:listChanged', { auctionId })
    // Waited for rather than slept on: delivery over a real socket takes as long as a loaded machine makes it.
    for (const got of [readerOrders, readerTerms, personOrders, watcherList]) await expect.poll(() => got.length).toBe(1)
    expect(readerOrders).toEqual([order])
    expect(readerTerms).toEqual([{ dealerOrgId: dave.orgId }])
    expect(personOrders).toEqual([order])
    expect(watcherList).toEqual([{ auctionId }])
    // The writer hears none of them: a sentinel sent to its own room after them arrives after anything sent before it
    // (one connection delivers in order), so once it is in, nothing of the above is still on its way.
    const sentinel = heard(writer, 'test:sentinel')
    ;(getIo() as any).to(rooms.orgKeys(dave.orgId, 'orders:write')).emit('test:sentinel', 'after')
    await expect.poll(() => sentinel.length).toBe(1)
    expect(writerHeard).toEqual([[], []])
  })

  it('still accepts the session cookie without a token', async () => {
    const s = await connect({ cookie: tokenOf(alice) })
    expect(await ack(s, 'auction:join', { auctionId })).toMatchObject({ ok: true })
  })

  it('the sweep ends the sockets of a key that expired, or whose maker was deactivated, since it connected', async () => {
    const httpServer = createServer()
    const io = createSocketServer(httpServer, { sessionCheckMs: 200, auctionHeartbeatMs: 60_000 })
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
    const port = (httpServer.address() as AddressInfo).port
    try {
      const expiring = await createApiKey(alice, { intent: 'create', name: 'Expiring', scopes: ['auctions:read'], expiry: '30' }, meta)
      const bob = await actorFor('bob@precision.test')
      const bobs = await createApiKey(bob, { intent: 'create', name: 'Bob’s', scopes: ['auctions:read'], expiry: 'never' }, meta)
      const a = await connect({ token: expiring.token, port })
      const b = await connect({ token: bobs.token, port })
      const session = await connect({ cookie: tokenOf(alice), port })
      const ended = (s: Socket) => new Promise<boolean>((resolve) => s.once('disconnect', () => resolve(true)))
      const aGone = ended(a)
      const bGone = ended(b)
      await db().update(apiKeys).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(apiKeys.id, expiring.key.id))
      await db().update(users).set({ status: 'inactive' }).where(eq(users.id, bob.userId))
      const timeout = pause(5000).then(() => false)
      expect(await Promise.race([aGone, timeout])).toBe(true)
      expect(await Promise.race([bGone, timeout])).toBe(true)
      expect(session.connected).toBe(true)
      await db().update(users).set({ status: 'active' }).where(eq(users.id, bob.userId))
    } finally {
      await new Promise<void>((resolve) => io.close(() => resolve()))
    }
  })
})
