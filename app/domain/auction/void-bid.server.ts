// The buyer voids a bid with a written reason; the bidder's previous bid becomes current again (D9).
import { and, eq, isNull } from 'drizzle-orm'
import { auctionBids } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { hostCommand, ruleError } from './auction-command.server'
import { voidBid as voidRule } from './auction.rules'

export async function voidBid(actor: Actor, auctionId: string, input: { bidId: string; reason: string }, meta: { ip?: string | null } = {}) {
  return hostCommand(actor, auctionId, meta, async ({ tx, row, state, now }) => {
    const r = voidRule(state, input.bidId)
    if (!r.ok) throw ruleError(r.code)
    await tx
      .update(auctionBids)
      .set({ voidedAt: new Date(now), voidReason: input.reason, voidedBy: actor.userId })
      .where(and(eq(auctionBids.id, input.bidId), eq(auctionBids.auctionId, row.id), isNull(auctionBids.voidedAt)))
    const bid = state.bids.find((b) => b.id === input.bidId)!
    return {
      state: r.state,
      events: [{ type: 'bid_voided', payload: { bidId: input.bidId, reason: input.reason } }],
      audit: { action: 'auction.bid.voided', before: { bidId: bid.id, orgId: bid.orgId, amount: bid.amount }, after: { reason: input.reason } },
      result: { ranking: r.ranking },
    }
  })
}
