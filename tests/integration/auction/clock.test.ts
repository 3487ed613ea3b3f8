import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { startAuctionClock, stopAuctionClock } from '~/domain/auction/advance-auctions.server'
import { readEvents } from '~/domain/auction/auction-store.server'
import { auctionStateFor } from '~/domain/auction/auction.queries.server'
import { placeBid } from '~/domain/auction/place-bid.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { runningAuction } from './helpers'

useTestDatabase({ seed: true })

describe('the auction clock loop', () => {
  it('closes an auction within a second of its end, without anyone asking', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { endIn: 2, softCloseMaxExtensions: 0 })
    await placeBid(await actorFor('alice@bright.test'), id, { amount: '9000.00', confirm: false, clientBidId: randomUUID() })
    startAuctionClock({ intervalMs: 200 })
    try {
      const deadline = Date.now() + 10_000
      while ((await auctionStateFor(id)).state.status === 'running' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    } finally {
      await stopAuctionClock()
    }
    const s = await auctionStateFor(id)
    expect(s.state.status).toBe('unsuccessful') // one bidder, minimum two
    const closed = (await readEvents(db(), id)).find((e) => e.type === 'closed')!
    const late = Date.parse(closed.at) - Date.parse(s.state.currentEndsAt)
    expect(late).toBeGreaterThanOrEqual(0)
    expect(late).toBeLessThan(1000)
  })
})
