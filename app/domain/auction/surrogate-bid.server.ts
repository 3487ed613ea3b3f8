// The buyer bids for a supplier who lost its connection: the same rules as the supplier's own bid
// (D13), marked as surrogate, with the buyer as the actor and the reason in its log event and audit line.
import type { Actor } from '~/auth/roles'
import { assertAuctionStaff } from './auction-access.server'
import { buyerProjection } from './auction-projection.rules'
import { submitBid, type BidInput } from './place-bid.server'

export async function surrogateBid(actor: Actor, auctionId: string, input: BidInput & { orgId: string; reason: string }, meta: { ip?: string | null } = {}) {
  assertAuctionStaff(actor)
  const out = await submitBid(
    {
      auctionId,
      orgId: input.orgId,
      placedBy: actor.userId,
      surrogate: true,
      eventActor: { kind: 'staff', userId: actor.userId },
      auditActor: actor,
      idempotencyScope: `user:${actor.userId}`,
      ip: meta.ip,
      reason: input.reason,
      fullState: true,
    },
    input,
  )
  return { ...out, projection: buyerProjection(out.state, { auctionId, seq: out.seq, serverTime: out.serverTime }) }
}
