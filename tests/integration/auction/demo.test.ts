import { describe, expect, it } from 'vitest'
import { seedAuctionDemo } from '~db/seed/auction-demo'
import { auctionStateFor } from '~/domain/auction/auction.queries.server'
import { verifyAuction } from '~/domain/auction/verify-auction.server'
import { useTestDatabase } from '../../support/db'

useTestDatabase({ seed: true })

describe('demo auctions', () => {
  it('are built through the commands: one awarded, one whose award waits for a second person, each with a verifiable log, one about to start with one invitation still open', async () => {
    const { finished, awaitingConfirmation, upcoming } = await seedAuctionDemo()
    const f = await auctionStateFor(finished)
    expect(f.state.status).toBe('awarded')
    expect(f.state.bids).toHaveLength(7)
    expect(await verifyAuction(finished)).toMatchObject({ ok: true, discrepancies: [], mismatches: [] })
    const w = await auctionStateFor(awaitingConfirmation)
    expect(w.state).toMatchObject({ status: 'closed', awardedOrgId: null })
    expect(w.state.awardProposal?.orgId).toBe(w.state.bids.find((b) => b.amount === '43800.00')?.orgId)
    expect(await verifyAuction(awaitingConfirmation)).toMatchObject({ ok: true, discrepancies: [], mismatches: [] })
    const u = await auctionStateFor(upcoming)
    expect(u.state.status).toBe('scheduled')
    expect(u.state.participants.every((p) => p.active)).toBe(true)
    // Bright and Precision are ready to bid; Ningbo's users still have the rules to accept.
    expect(u.state.participants.filter((p) => !p.acceptedTerms)).toHaveLength(1)
    expect((await verifyAuction(upcoming)).ok).toBe(true)
  })
})
