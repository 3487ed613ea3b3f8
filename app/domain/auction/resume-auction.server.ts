// paused → running, with the end and the hard stop shifted by the paused duration (D7). With a
// reason, as a pause and a cancel have (the issue: "pause/resume/cancel with a reason"), in the log.
import type { Actor } from '~/auth/roles'
import { hostCommand, ruleError } from './auction-command.server'
import { transition } from './auction.rules'

export async function resumeAuction(actor: Actor, auctionId: string, input: { reason: string }, meta: { ip?: string | null } = {}) {
  return hostCommand(actor, auctionId, meta, async ({ state, now }) => {
    const r = transition(state, { type: 'resume' }, now)
    if (!r.ok) throw ruleError(r.code)
    return {
      state: r.state,
      events: [{ type: 'resumed', payload: { reason: input.reason } }],
      audit: { action: 'auction.resumed', before: { status: state.status, endsAt: state.currentEndsAt }, after: { status: r.state.status, endsAt: r.state.currentEndsAt, reason: input.reason } },
      result: { endsAt: r.state.currentEndsAt },
    }
  })
}
