// A colleague's award step shows on the console without a reload: each committed proposal,
// decision and withdrawal (and a cancellation that drops a proposal) reaches staff sockets with the
// auction's id alone. Suppliers and dealers hear nothing of it; a refused step says nothing.
import { describe, expect, it } from 'vitest'
import type { StaffActor } from '~/auth/roles'
import { awardAuction, confirmAward, declineAward } from '~/domain/auction/award-auction.server'
import { cancelAuction } from '~/domain/auction/cancel-auction.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { closedAuction } from '../auction/helpers'
import { useSocketListeners } from './socket-listeners'

useTestDatabase({ seed: true })

const listen = useSocketListeners('auction:awardChanged')
const staff = async (email: string) => (await actorFor(email)) as StaffActor
const settle = () => new Promise((r) => setTimeout(r, 300))

describe('auction:awardChanged', () => {
  it('reaches staff after each committed award step, with the id alone, and never a supplier or a dealer', async () => {
    const [manager, buyerHears, alice, bob, dave] = await Promise.all(['buyer.manager@acme.test', 'buyer@acme.test', 'alice@bright.test', 'bob@precision.test', 'dave@north.test'].map(listen))
    const [buyer, boss] = await Promise.all(['buyer@acme.test', 'buyer.manager@acme.test'].map(staff))
    const { id, bright } = await closedAuction(buyer)

    // Refused (no justification): nothing committed, nothing said.
    await expect(awardAuction(buyer, id, { orgId: bright, justification: null })).rejects.toThrow()
    await settle()
    expect(manager).toEqual([])

    await awardAuction(buyer, id, { orgId: bright, justification: 'Holds stock' })
    await expect.poll(() => manager.length, { timeout: 3000 }).toBe(1)
    await declineAward(boss, id, { orgId: bright, reason: 'Ask rank 1 first' })
    await expect.poll(() => manager.length, { timeout: 3000 }).toBe(2)
    await awardAuction(buyer, id, { orgId: bright, justification: 'Rank 1 cannot deliver' })
    await confirmAward(boss, id, { orgId: bright })
    await expect.poll(() => manager.length, { timeout: 3000 }).toBe(4)
    expect(manager).toEqual(Array(4).fill({ auctionId: id }))
    await expect.poll(() => buyerHears.length, { timeout: 3000 }).toBe(4)

    // A cancellation that drops a waiting proposal is a step too.
    const other = await closedAuction(buyer)
    await awardAuction(buyer, other.id, { orgId: other.bright, justification: 'Holds stock' })
    await cancelAuction(boss, other.id, { reason: 'Requirement dropped' })
    await expect.poll(() => manager.length, { timeout: 3000 }).toBe(6)
    expect(manager.slice(4)).toEqual([{ auctionId: other.id }, { auctionId: other.id }])

    await settle()
    expect(alice).toEqual([])
    expect(bob).toEqual([])
    expect(dave).toEqual([])
  }, 30_000)
})
