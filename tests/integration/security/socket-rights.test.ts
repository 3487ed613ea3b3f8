// A socket keeps the actor of its handshake, so a change of the rights it was opened with must end
// it: a buyer who loses auctions.run stops getting the buyer's view (reserve, supplier names, every
// bid) and cannot join again, through their own socket and their API keys' alike (W3, W4, and the
// fresh permission check on every (re)connect); an organization's deactivation ends its keys'
// sockets at once, not at the next sweep; and a bid over a socket opened before the deactivation
// is refused by the bid itself. On PostgreSQL the same ends reach sockets on another app process.
import { and, eq } from 'drizzle-orm'
import type { Socket } from 'socket.io-client'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, organizations, users } from '~db/schema'
import { createApiKey } from '~/auth/api-keys.server'
import type { Actor, Role, StaffActor } from '~/auth/roles'
import { placeBid } from '~/domain/auction/place-bid.server'
import { surrogateBid } from '~/domain/auction/surrogate-bid.server'
import { changeUserRoles } from '~/domain/parties/change-user-roles.server'
import { setPartnerOrganizationStatus } from '~/domain/parties/set-organization-status.server'
import { rooms } from '~/realtime/events'
import { installIo } from '~/realtime/publisher.server'
import { createAdapter } from '~/server/socket-adapter'
import { env } from '~/utils/env.server'
import { actorFor, tokenOf } from '../../support/actors'
import { testDbKind, useTestDatabase } from '../../support/db'
import { bidCount, orgId, runningAuction } from '../auction/helpers'
import { ack, closedWithin, connectWith, startSocketNode, type Node } from '../realtime/auction-socket-helpers'

const ref = useTestDatabase({ seed: true })
const meta = { ip: '127.0.0.1', origin: 'http://localhost' }

const open: { sockets: Socket[]; nodes: Node[] } = { sockets: [], nodes: [] }
afterEach(async () => {
  for (const s of open.sockets.splice(0)) s.close()
  for (const n of open.nodes.splice(0)) await n.close()
  installIo(undefined)
})
afterAll(() => installIo(undefined))

/** The sweep runs every minute, so whatever closes one of these sockets within a test was announced. */
const connect = (port: number, by: { cookie?: string; token?: string }) => connectWith(port, by, open.sockets)

async function pgNode() {
  const adapter = await createAdapter({ ...env(), DATABASE_URL: ref.handle!.url, REDIS_URL: undefined })
  if (!adapter) throw new Error('no adapter')
  return startSocketNode({ adapter: adapter.adapter, closeAdapter: adapter.close })
}

async function setRoles(userId: string, roles: Role[]) {
  await changeUserRoles(await actorFor('admin@acme.test'), { kind: 'own' }, userId, roles, meta)
}

async function setOrgStatus(code: string, status: 'active' | 'inactive') {
  const admin = (await actorFor('admin@acme.test')) as StaffActor
  await setPartnerOrganizationStatus(admin, 'supplier', await orgId(code), status, meta)
}

let auctionId: string
beforeAll(async () => {
  auctionId = await runningAuction(await actorFor('buyer@acme.test'), { participants: ['SUP-BRIGHT', 'SUP-PRECISION'], reserve: '5555.55', maxSingleDropPercent: '100' })
})

/**
 * The buyer's socket and their read key's socket join the auction with the buyer's view; a change of
 * roles takes auctions.run away (published by `publisher` when given, the sockets on `sockets`); both
 * close within a second, and neither a new socket of the same session nor of the same key may join again.
 */
async function roleLossCase(nodes: { sockets: Node; publisher?: Node }) {
  const buyer = await actorFor('buyer@acme.test')
  const bystanderKey = await createApiKey(await actorFor('admin@acme.test'), { intent: 'create', name: 'Watch', scopes: ['auctions:read'], expiry: 'never' }, meta)
  try {
    // Only an admin makes keys: the buyer is one for a moment, so that the key acts with the buyer's roles.
    await setRoles(buyer.userId, ['admin', 'buyer'])
    const buyerKey = await createApiKey(await actorFor('buyer@acme.test'), { intent: 'create', name: 'Buyer watch', scopes: ['auctions:read'], expiry: 'never' }, meta)
    const person = await connect(nodes.sockets.port, { cookie: tokenOf(buyer) })
    const key = await connect(nodes.sockets.port, { token: buyerKey.token })
    const bystander = await connect(nodes.sockets.port, { token: bystanderKey.token })
    for (const s of [person, key, bystander]) expect(await ack(s, 'auction:join', { auctionId })).toMatchObject({ ok: true, state: { viewer: 'buyer' } })
    // The adapters learn of each other by heartbeat: the publishing process must count the three sockets first.
    if (nodes.publisher) await expect.poll(async () => (await nodes.publisher!.io.in(rooms.auction(auctionId)).fetchSockets()).length, { timeout: 10_000 }).toBe(3)
    const closing = [closedWithin(person, 1000), closedWithin(key, 1000)]
    const stays = closedWithin(bystander, 1500)
    await setRoles(buyer.userId, ['sales'])
    for (const t of await Promise.all(closing)) expect(t).not.toBeNull()
    expect(await stays, 'another person’s key is untouched').toBeNull()
    // The session lives on (a change of roles is no sign-out); its new socket carries the new roles, as the key's does.
    const again = await connect(nodes.sockets.port, { cookie: tokenOf(buyer) })
    expect(await ack(again, 'auction:join', { auctionId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const keyAgain = await connect(nodes.sockets.port, { token: buyerKey.token })
    expect(await ack(keyAgain, 'auction:join', { auctionId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  } finally {
    await setRoles(buyer.userId, ['buyer'])
  }
}

describe('a change of roles ends the sockets opened under the old ones', () => {
  it('a buyer who loses auctions.run: their socket and their key’s close at once, and neither joins again', async () => {
    const node = await startSocketNode()
    open.nodes.push(node)
    await roleLossCase({ sockets: node })
  })
})

describe('deactivating an organization', () => {
  it('closes its API keys’ sockets at once, not at the next sweep, and the key cannot connect again', async () => {
    const node = await startSocketNode()
    open.nodes.push(node)
    const { token } = await createApiKey(await actorFor('alice@bright.test'), { intent: 'create', name: 'Bidder', scopes: ['auctions:read', 'auctions:bid'], expiry: 'never' }, meta)
    const other = await createApiKey(await actorFor('bob@precision.test'), { intent: 'create', name: 'Other', scopes: ['auctions:read'], expiry: 'never' }, meta)
    const key = await connect(node.port, { token })
    const bystander = await connect(node.port, { token: other.token })
    expect(await ack(key, 'auction:join', { auctionId })).toMatchObject({ ok: true, state: { viewer: 'supplier' } })
    const closing = closedWithin(key, 1000)
    const stays = closedWithin(bystander, 1500)
    try {
      await setOrgStatus('SUP-BRIGHT', 'inactive')
      expect(await closing).not.toBeNull()
      expect(await stays, 'another organization’s key is untouched').toBeNull()
      await expect(connect(node.port, { token })).rejects.toThrow('unauthorized')
    } finally {
      await setOrgStatus('SUP-BRIGHT', 'active')
    }
  })
})

describe('the bid judges the bidder as of now, not as of the socket’s handshake', () => {
  const bid = (actor: Actor, amount: string) => placeBid(actor, auctionId, { amount, confirm: true, clientBidId: crypto.randomUUID() }, { ip: '127.0.0.1' })
  const deniedBids = async (actor: Actor) =>
    (await db().select({ id: auditLog.id }).from(auditLog).where(and(eq(auditLog.actorUserId, actor.userId), eq(auditLog.action, 'auction.bid'), eq(auditLog.outcome, 'denied'), eq(auditLog.entityId, auctionId)))).length

  it('refuses a bid from an organization deactivated since, and writes nothing', async () => {
    const alice = await actorFor('alice@bright.test')
    // The same actor bids while the organization is active: the refusal below is the deactivation's.
    expect((await bid(alice, '9990.00')).answer.ok).toBe(true)
    const before = await bidCount(auctionId)
    const denied = await deniedBids(alice)
    try {
      await setOrgStatus('SUP-BRIGHT', 'inactive')
      await expect(bid(alice, '9980.00')).rejects.toMatchObject({ code: 'not_found' })
      expect(await bidCount(auctionId)).toBe(before)
      expect(await deniedBids(alice), 'the refused attempt is on record').toBe(denied + 1)
    } finally {
      await setOrgStatus('SUP-BRIGHT', 'active')
    }
    const [org] = await db().select({ status: organizations.status }).from(organizations).where(eq(organizations.id, alice.orgId))
    expect(org.status).toBe('active')
    expect((await bid(alice, '9970.00')).answer.ok, 'the reactivated organization bids again').toBe(true)
  })

  it('refuses a bid from a person deactivated since, and writes nothing', async () => {
    const amy = await actorFor('amy@bright.test')
    const before = await bidCount(auctionId)
    try {
      await db().update(users).set({ status: 'inactive' }).where(eq(users.id, amy.userId))
      await expect(bid(amy, '9960.00')).rejects.toMatchObject({ code: 'not_found' })
      expect(await bidCount(auctionId)).toBe(before)
    } finally {
      await db().update(users).set({ status: 'active' }).where(eq(users.id, amy.userId))
    }
  })
})

describe('a surrogate bid speaks for an organization', () => {
  it('only while it is active: a buyer cannot bid for a deactivated supplier', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const bright = await orgId('SUP-BRIGHT')
    const surrogate = (amount: string, clientBidId: string = crypto.randomUUID()) => surrogateBid(buyer, auctionId, { orgId: bright, amount, confirm: true, clientBidId, reason: 'Supplier on the phone' }, { ip: '127.0.0.1' })
    const denied = async () =>
      (await db().select({ id: auditLog.id }).from(auditLog).where(and(eq(auditLog.actorUserId, buyer.userId), eq(auditLog.action, 'auction.bid.surrogate'), eq(auditLog.outcome, 'denied'), eq(auditLog.entityId, auctionId)))).length
    // Placed while the supplier was active: its retry after the deactivation is told it went through.
    const placedKey = crypto.randomUUID()
    expect((await surrogate('9955.00', placedKey)).answer.ok).toBe(true)
    const before = await bidCount(auctionId)
    const deniedBefore = await denied()
    try {
      await setOrgStatus('SUP-BRIGHT', 'inactive')
      await expect(surrogate('9950.00')).rejects.toMatchObject({ code: 'conflict', messageKey: 'auction:errors.supplierInactive' })
      expect(await bidCount(auctionId)).toBe(before)
      expect(await denied(), 'the refused attempt is on record').toBe(deniedBefore + 1)
      expect(await surrogate('9955.00', placedKey)).toMatchObject({ replayed: true, answer: { ok: true } })
    } finally {
      await setOrgStatus('SUP-BRIGHT', 'active')
    }
    expect((await surrogate('9940.00')).answer.ok, 'active again, it may be bid for').toBe(true)
  })
})

describe.skipIf(testDbKind !== 'postgres')('across app processes (PostgreSQL)', () => {
  it('a change of roles made on one process closes the sockets on the other', async () => {
    const a = await pgNode()
    const b = await pgNode()
    open.nodes.push(a, b)
    // The publisher is the last server created (b); the sockets sit on a.
    await roleLossCase({ sockets: a, publisher: b })
  })

  it('an organization deactivated on one process loses its keys’ sockets on the other', async () => {
    const a = await pgNode()
    const b = await pgNode()
    open.nodes.push(a, b)
    const { token } = await createApiKey(await actorFor('bob@precision.test'), { intent: 'create', name: 'Far', scopes: ['auctions:read'], expiry: 'never' }, meta)
    const key = await connect(a.port, { token })
    // The adapters learn of each other by heartbeat: wait until b counts the socket on a.
    await expect.poll(async () => (await b.io.fetchSockets()).length, { timeout: 10_000 }).toBe(1)
    const closing = closedWithin(key, 1000)
    try {
      await setOrgStatus('SUP-PRECISION', 'inactive')
      expect(await closing).not.toBeNull()
    } finally {
      await setOrgStatus('SUP-PRECISION', 'active')
    }
  })
})
