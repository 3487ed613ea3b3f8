// Inviting more suppliers: allowed in draft and, after publish, add-only and announced (D10).
import type { Actor } from '~/auth/roles'
import { auctionParticipants } from '~db/schema'
import { hostCommand, ruleError } from './auction-command.server'
import type { AuctionEventBody } from './auction-events.rules'
import { addParticipant } from './auction.rules'
import { assertInvitable } from './create-auction.server'

export async function addParticipants(actor: Actor, auctionId: string, input: { participantIds: string[] }, meta: { ip?: string | null } = {}) {
  return hostCommand(actor, auctionId, meta, async ({ tx, row, state }) => {
    const ids = [...new Set(input.participantIds)]
    await assertInvitable(tx, ids)
    let next = state
    for (const orgId of ids) {
      const r = addParticipant(next, orgId)
      if (!r.ok) throw ruleError(r.code)
      next = r.state
    }
    await tx.insert(auctionParticipants).values(ids.map((orgId) => ({ auctionId: row.id, orgId })))
    // A draft has no log yet: its participant list is logged whole by the 'published' event.
    const events: AuctionEventBody[] = state.status === 'draft' ? [] : ids.map((orgId) => ({ type: 'participant_added', payload: { orgId } }))
    return { state: next, events, audit: { action: 'auction.participants.added', after: { participantIds: ids } }, result: { added: ids } }
  })
}
