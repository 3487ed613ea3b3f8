// The award is the buyer's explicit decision after the close; not rank 1 needs a justification.
import type { Actor } from '~/auth/roles'
import { hostCommand, ruleError } from './auction-command.server'
import { ranking, transition } from './auction.rules'

export async function awardAuction(actor: Actor, auctionId: string, input: { orgId: string; justification: string | null }, meta: { ip?: string | null } = {}) {
  return hostCommand(actor, auctionId, meta, async ({ state, now }) => {
    const r = transition(state, { type: 'award', orgId: input.orgId, justification: input.justification }, now)
    if (!r.ok) throw ruleError(r.code)
    const row = ranking(state.bids).find((x) => x.orgId === input.orgId)!
    const justification = input.justification?.trim() || null
    return {
      state: r.state,
      events: [{ type: 'awarded', payload: { orgId: input.orgId, justification } }],
      audit: { action: 'auction.awarded', before: { status: state.status }, after: { orgId: input.orgId, rank: row.rank, amount: row.amount, justification } },
      extra: { awardJustification: justification },
      result: { orgId: input.orgId, rank: row.rank, amount: row.amount },
    }
  })
}
