// paused → running, with the end and the hard stop shifted by the paused duration (D7).
import type { Actor } from '~/auth/roles'
import { hostCommand, ruleError } from './auction-command.server'
import { transition } from './auction.rules'

export async function resumeAuction(actor: Actor, auctionId: string, meta: { ip?: string | null } = {}) {
  return hostCommand(actor, auctionId, meta, async ({ state, now }) => {
    const r = transition(state, { type: 'resume' }, now)
    if (!r.ok) throw ruleError(r.code)
    return {
      state: r.state,
      events: [{ type: 'resumed', payload: {} }],
      audit: { action: 'auction.resumed', before: { status: state.status, endsAt: state.currentEndsAt }, after: { status: r.state.status, endsAt: r.state.currentEndsAt } },
      result: { endsAt: r.state.currentEndsAt },
    }
  })
}
