// The buyer moves the end later (never earlier), announced to everyone (D7 for the hard stop).
import type { Actor } from '~/auth/roles'
import { hostCommand, ruleError } from './auction-command.server'
import { extendEnd as extendRule } from './auction.rules'

export async function extendAuctionEnd(actor: Actor, auctionId: string, input: { endsAt: string; reason: string }, meta: { ip?: string | null } = {}) {
  return hostCommand(actor, auctionId, meta, async ({ state, now }) => {
    const r = extendRule(state, input.endsAt, now)
    if (!r.ok) throw ruleError(r.code)
    return {
      state: r.state,
      events: [{ type: 'end_extended', payload: { newEndsAt: r.state.currentEndsAt, reason: input.reason } }],
      audit: { action: 'auction.end.extended', before: { endsAt: state.currentEndsAt }, after: { endsAt: r.state.currentEndsAt, reason: input.reason } },
      result: { endsAt: r.state.currentEndsAt },
    }
  })
}
