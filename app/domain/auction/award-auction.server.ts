// The award is the buyer's explicit decision after the close. To rank 1 (unless a void made it so)
// one person decides; to anyone else it is a proposal with a justification that a second person
// confirms or declines (rules D15): the gravest call in an auction never rests on one person.
import { staffCan, type Actor, type StaffActor } from '~/auth/roles'
import { recordDenied } from '~/audit/record.server'
import { forbidden } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'
import { hostCommand, ruleError, type HostCommandContext } from './auction-command.server'
import { awardNeedsSecondPerson, ranking, transition } from './auction.rules'

export type AwardOutcome = { outcome: 'awarded' | 'proposed'; orgId: string; rank: number; amount: string }

/**
 * The award dialog's decision: rank 1 is awarded at once; anyone else becomes a proposal. With a
 * proposal waiting, nothing else is decided here: it is confirmed or declined (confirmAward,
 * declineAward), so the confirmer's permission is always checked.
 */
export async function awardAuction(actor: Actor, auctionId: string, input: { orgId: string; justification: string | null }, meta: { ip?: string | null } = {}) {
  return hostCommand<AwardOutcome>(actor, auctionId, meta, async ({ state, now }) => {
    const by = (actor as StaffActor).userId
    if (state.awardProposal) throw ruleError('AWARD_PENDING')
    const justification = input.justification?.trim() || null
    const chosen = ranking(state.bids).find((x) => x.orgId === input.orgId)
    if (chosen && awardNeedsSecondPerson(state.bids, chosen)) {
      const r = transition(state, { type: 'propose_award', orgId: input.orgId, justification, by }, now)
      if (!r.ok) throw ruleError(r.code)
      const p = r.state.awardProposal!
      return {
        state: r.state,
        events: [{ type: 'award_proposed', payload: { orgId: p.orgId, justification: p.justification } }],
        audit: { action: 'auction.awardProposed', before: { status: state.status }, after: { orgId: p.orgId, rank: chosen.rank, amount: chosen.amount, justification: p.justification } },
        result: { outcome: 'proposed', orgId: p.orgId, rank: chosen.rank, amount: chosen.amount },
      }
    }
    const r = transition(state, { type: 'award', orgId: input.orgId, justification, by }, now)
    if (!r.ok) throw ruleError(r.code)
    return awarded(state, r.state, input.orgId, justification, null, by)
  })
}

/**
 * The second person confirms the waiting proposal for `orgId`. `proposedAt` is the proposal the page
 * showed: a proposal withdrawn and made again since (other words, maybe another proposer) is not the
 * one the confirmer read. Callers without a page (seed, scripts) pass none.
 */
export async function confirmAward(actor: Actor, auctionId: string, input: { orgId: string; proposedAt?: string }, meta: { ip?: string | null } = {}) {
  if (!staffCan(actor, 'auctions.confirmAward')) await refuse(actor, auctionId, 'auction.awardConfirmed')
  return hostCommand<AwardOutcome>(actor, auctionId, meta, async ({ state, now }) => {
    const proposal = waitingProposal(state, input)
    const r = transition(state, { type: 'award', orgId: proposal.orgId, justification: proposal.justification, by: (actor as StaffActor).userId }, now)
    if (!r.ok) throw ruleError(r.code)
    return awarded(state, r.state, proposal.orgId, proposal.justification, proposal.proposedBy, (actor as StaffActor).userId)
  })
}

/** A confirmer declines the waiting proposal, or its proposer withdraws it, with a reason. */
export async function declineAward(actor: Actor, auctionId: string, input: { orgId: string; proposedAt?: string; reason: string | null }, meta: { ip?: string | null } = {}) {
  const NOT_THEIRS = Symbol('not the proposer, and may not confirm')
  try {
    return await hostCommand(actor, auctionId, meta, async ({ state, now }) => {
      const by = (actor as StaffActor).userId
      const proposal = waitingProposal(state, input)
      if (proposal.proposedBy !== by && !staffCan(actor, 'auctions.confirmAward')) throw NOT_THEIRS
      const r = transition(state, { type: 'decline_award' }, now)
      if (!r.ok) throw ruleError(r.code)
      const reason = input.reason?.trim() || null
      const withdrawn = proposal.proposedBy === by
      return {
        state: r.state,
        events: [{ type: 'award_declined', payload: { orgId: proposal.orgId, reason } }],
        audit: { action: withdrawn ? 'auction.awardWithdrawn' : 'auction.awardDeclined', before: { proposal }, after: { reason } },
        result: { withdrawn },
      }
    })
  } catch (err) {
    // Recorded once the command's transaction is over, in a transaction of its own.
    if (err === NOT_THEIRS) await refuse(actor, auctionId, 'auction.awardDeclined')
    throw err
  }
}

/** A refused award step is on record (security-and-reliability.md: denied attempts too), then a 403. */
async function refuse(actor: Actor, auctionId: string, action: string): Promise<never> {
  await recordDenied({ actor }, { action, entityType: 'auction', entityId: isUuid(auctionId) ? auctionId : null, after: { permission: 'auctions.confirmAward' } })
  throw forbidden()
}

/** The proposal the page acted on: none, or another one since, is a conflict, not a silent decision. */
function waitingProposal(state: HostCommandContext['state'], page: { orgId: string; proposedAt?: string }) {
  const p = state.awardProposal
  if (!p) throw ruleError('NO_PROPOSAL')
  if (p.orgId !== page.orgId || (page.proposedAt !== undefined && Date.parse(page.proposedAt) !== Date.parse(p.proposedAt))) throw ruleError('PROPOSAL_CHANGED')
  return p
}

function awarded(before: HostCommandContext['state'], after: HostCommandContext['state'], orgId: string, justification: string | null, proposedBy: string | null, decidedBy: string) {
  const row = ranking(before.bids).find((x) => x.orgId === orgId)!
  return {
    state: after,
    events: [{ type: 'awarded' as const, payload: { orgId, justification } }],
    audit: {
      action: 'auction.awarded',
      before: { status: before.status },
      after: { orgId, rank: row.rank, amount: row.amount, justification, ...(proposedBy ? { proposedBy, confirmedBy: decidedBy } : {}) },
    },
    extra: { awardJustification: justification },
    result: { outcome: 'awarded' as const, orgId, rank: row.rank, amount: row.amount },
  }
}
