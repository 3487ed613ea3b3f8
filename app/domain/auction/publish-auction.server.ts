// draft → scheduled: the settings are frozen from here on and the log starts with the invited list.
import type { Actor } from '~/auth/roles'
import { hostCommand, ruleError } from './auction-command.server'
import { transition } from './auction.rules'

export async function publishAuction(actor: Actor, auctionId: string, meta: { ip?: string | null } = {}) {
  return hostCommand(actor, auctionId, meta, async ({ state, now }) => {
    const r = transition(state, { type: 'publish' }, now)
    if (!r.ok) throw ruleError(r.code)
    const participants = state.participants.map((p) => p.orgId)
    return {
      state: r.state,
      events: [{ type: 'published', payload: { participants } }],
      audit: { action: 'auction.published', before: { status: state.status }, after: { status: r.state.status, participants } },
      result: { status: r.state.status },
    }
  })
}
