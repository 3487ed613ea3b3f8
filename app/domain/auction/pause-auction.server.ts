// running → paused; the paused time is added to the end and the hard stop on resume (D7).
import type { Actor } from '~/auth/roles'
import { hostCommand, ruleError } from './auction-command.server'
import { transition } from './auction.rules'

export async function pauseAuction(actor: Actor, auctionId: string, input: { reason: string }, meta: { ip?: string | null } = {}) {
  return hostCommand(actor, auctionId, meta, async ({ state, now }) => {
    const r = transition(state, { type: 'pause' }, now)
    if (!r.ok) throw ruleError(r.code)
    return {
      state: r.state,
      events: [{ type: 'paused', payload: { reason: input.reason } }],
      audit: { action: 'auction.paused', before: { status: state.status }, after: { status: r.state.status, reason: input.reason } },
      result: { pausedAt: now },
    }
  })
}
