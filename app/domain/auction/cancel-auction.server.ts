// Cancel from any state before the award (D8), with a reason everyone is told.
import type { Actor } from '~/auth/roles'
import { hostCommand, ruleError } from './auction-command.server'
import { transition } from './auction.rules'

export async function cancelAuction(actor: Actor, auctionId: string, input: { reason: string }, meta: { ip?: string | null } = {}) {
  return hostCommand(actor, auctionId, meta, async ({ state, now }) => {
    const r = transition(state, { type: 'cancel' }, now)
    if (!r.ok) throw ruleError(r.code)
    // A draft has no log: the cancellation is its audit row only.
    const events = state.status === 'draft' ? [] : [{ type: 'cancelled' as const, payload: { reason: input.reason } }]
    return {
      state: r.state,
      events,
      audit: { action: 'auction.cancelled', before: { status: state.status }, after: { status: r.state.status, reason: input.reason } },
      result: { status: r.state.status },
    }
  })
}
