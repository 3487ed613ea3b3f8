import { describe, expect, it } from 'vitest'
import { nextBidCheck } from '~/domain/auction/auction-bid.rules'
import {
  addParticipant,
  allowedFrom,
  auctionStatuses,
  canTransition,
  closeOutcome,
  extendEnd,
  initialState,
  lockedSettingChanges,
  savings,
  settingsEditable,
  transition,
  leaderWithoutVoids,
  ranking,
  updateParticipant,
  voidBid,
  type AuctionAction,
  type AuctionState,
} from '~/domain/auction/auction.rules'
import { accepted, attempt, HOUR, ORGS, rejected, running, settings, t, withBids } from './support'

const A = 'org-alpha'
const B = 'org-beta'

function ok(r: { ok: true; state: AuctionState } | { ok: false; code: string }): AuctionState {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}`)
  return r.state
}
function code(r: { ok: true } | { ok: false; code: string }): string {
  return r.ok ? 'ok' : r.code
}

describe('the state machine', () => {
  it('allows exactly the transitions of the spec', () => {
    const table = Object.fromEntries(auctionStatuses.map((s) => [s, Object.keys(allowedFrom).filter((a) => canTransition(s, a as AuctionAction['type'])).sort()]))
    expect(table).toEqual({
      draft: ['cancel', 'publish'],
      scheduled: ['cancel', 'start'],
      running: ['cancel', 'close', 'pause'],
      paused: ['cancel', 'resume'],
      closed: ['award', 'cancel', 'decline_award', 'mark_unsuccessful', 'propose_award'],
      awarded: [],
      unsuccessful: [],
      cancelled: [],
    })
  })

  it('refuses a transition from the wrong state', () => {
    expect(code(transition(running(), { type: 'publish' }, t(10)))).toBe('TRANSITION_NOT_ALLOWED')
    expect(code(transition({ ...running(), status: 'awarded' }, { type: 'cancel' }, t(10)))).toBe('TRANSITION_NOT_ALLOWED')
  })

  it('publishes with enough invited suppliers before the end', () => {
    const draft = initialState(settings(), ORGS.map((orgId) => ({ orgId, acceptedTerms: false, active: true })))
    expect(ok(transition(draft, { type: 'publish' }, t(-60))).status).toBe('scheduled')
    expect(code(transition({ ...draft, participants: draft.participants.slice(0, 1) }, { type: 'publish' }, t(-60)))).toBe('TOO_FEW_PARTICIPANTS')
    expect(code(transition(draft, { type: 'publish' }, t(HOUR)))).toBe('AUCTION_ENDED')
  })

  it('starts at the start time, not before', () => {
    const scheduled = { ...running(), status: 'scheduled' as const }
    expect(code(transition(scheduled, { type: 'start' }, t(-0.001)))).toBe('TOO_EARLY')
    expect(ok(transition(scheduled, { type: 'start' }, t(0))).status).toBe('running')
  })

  it('shifts the end and the hard stop by the paused duration; no bid while paused', () => {
    const paused = ok(transition(running(), { type: 'pause' }, t(1000)))
    expect(rejected(nextBidCheck(paused, attempt(A, '900', 1200))).code).toBe('AUCTION_NOT_RUNNING')
    const resumed = ok(transition(paused, { type: 'resume' }, t(1600)))
    expect(resumed.currentEndsAt).toBe(t(HOUR + 600))
    expect(resumed.hardStopAt).toBe(t(2 * HOUR + 600))
    expect(resumed.pausedTotalMs).toBe(600_000)
    accepted(nextBidCheck(resumed, attempt(A, '900', HOUR + 599.999)))
    expect(code(transition(running(), { type: 'pause' }, t(HOUR)))).toBe('AUCTION_ENDED')
  })

  it('closes at the end, not before', () => {
    expect(code(transition(running(), { type: 'close' }, t(HOUR - 0.001)))).toBe('TOO_EARLY')
    expect(ok(transition(running(), { type: 'close' }, t(HOUR))).status).toBe('closed')
  })

  it('cancels from any state before the award', () => {
    for (const status of ['draft', 'scheduled', 'running', 'paused', 'closed'] as const)
      expect(ok(transition({ ...running(), status }, { type: 'cancel' }, t(10))).status).toBe('cancelled')
    for (const status of ['awarded', 'unsuccessful', 'cancelled'] as const)
      expect(code(transition({ ...running(), status }, { type: 'cancel' }, t(10)))).toBe('TRANSITION_NOT_ALLOWED')
  })
})

describe('the close and the award', () => {
  it('is unsuccessful with fewer bidders than the minimum', () => {
    const one = { ...withBids(running(), [A, '900', 10]), status: 'closed' as const }
    expect(closeOutcome(one)).toMatchObject({ bidders: 1, minParticipantsMet: false, next: 'unsuccessful' })
    expect(code(transition(one, { type: 'award', orgId: A }, t(HOUR)))).toBe('TOO_FEW_PARTICIPANTS')
    const two = { ...withBids(running(), [A, '900', 10], [B, '850', 20]), status: 'closed' as const }
    expect(closeOutcome(two)).toMatchObject({ bidders: 2, minParticipantsMet: true, next: 'closed' })
  })

  it('tells whether the reserve was reached (at the reserve counts as reached)', () => {
    const withReserve = (reserve: string | null) => ({ ...withBids(running(settings({ reserve })), [A, '900', 10], [B, '850', 20]), status: 'closed' as const })
    expect(closeOutcome(withReserve(null)).reserve).toBe('none')
    expect(closeOutcome(withReserve('850.00')).reserve).toBe('met')
    expect(closeOutcome(withReserve('849.99')).reserve).toBe('not_met')
  })

  it('awards rank 1 at once, and anyone else only as a justified proposal a second person confirms (D15)', () => {
    const closed = { ...withBids(running(), [A, '900', 10], [B, '850', 20]), status: 'closed' as const }
    expect(ok(transition(closed, { type: 'award', orgId: B, by: 'u1' }, t(HOUR)))).toMatchObject({ status: 'awarded', awardedOrgId: B })
    // Rank 2 cannot be awarded by one person, justified or not.
    expect(code(transition(closed, { type: 'award', orgId: A, by: 'u1' }, t(HOUR)))).toBe('SECOND_APPROVER_REQUIRED')
    expect(code(transition(closed, { type: 'award', orgId: A, justification: 'Better delivery terms', by: 'u1' }, t(HOUR)))).toBe('SECOND_APPROVER_REQUIRED')
    expect(code(transition(closed, { type: 'award', orgId: 'org-gamma', by: 'u1' }, t(HOUR)))).toBe('NOT_A_BIDDER')

    // The proposal: justified, not rank 1, one at a time.
    expect(code(transition(closed, { type: 'propose_award', orgId: A, by: 'u1' }, t(HOUR)))).toBe('JUSTIFICATION_REQUIRED')
    expect(code(transition(closed, { type: 'propose_award', orgId: A, justification: '  ', by: 'u1' }, t(HOUR)))).toBe('JUSTIFICATION_REQUIRED')
    expect(code(transition(closed, { type: 'propose_award', orgId: B, justification: 'x', by: 'u1' }, t(HOUR)))).toBe('PROPOSAL_NOT_NEEDED')
    expect(code(transition(closed, { type: 'propose_award', orgId: 'org-gamma', justification: 'x', by: 'u1' }, t(HOUR)))).toBe('NOT_A_BIDDER')
    const proposed = ok(transition(closed, { type: 'propose_award', orgId: A, justification: ' Better delivery terms ', by: 'u1' }, t(HOUR)))
    expect(proposed).toMatchObject({ status: 'closed', awardProposal: { orgId: A, justification: 'Better delivery terms', proposedBy: 'u1', proposedAt: t(HOUR) } })
    expect(code(transition(proposed, { type: 'propose_award', orgId: A, justification: 'again', by: 'u2' }, t(HOUR)))).toBe('AWARD_PENDING')

    // While it waits: not the proposer, not another supplier, not rank 1 past it.
    expect(code(transition(proposed, { type: 'award', orgId: A, by: 'u1' }, t(HOUR)))).toBe('SAME_APPROVER')
    expect(code(transition(proposed, { type: 'award', orgId: A }, t(HOUR)))).toBe('SAME_APPROVER')
    expect(code(transition(proposed, { type: 'award', orgId: B, by: 'u2' }, t(HOUR)))).toBe('AWARD_PENDING')
    expect(ok(transition(proposed, { type: 'award', orgId: A, by: 'u2' }, t(HOUR)))).toMatchObject({ status: 'awarded', awardedOrgId: A, awardProposal: null })

    // Declined (or withdrawn), the auction waits for a decision again; cancelling drops a proposal.
    const declined = ok(transition(proposed, { type: 'decline_award' }, t(HOUR)))
    expect(declined).toMatchObject({ status: 'closed', awardProposal: null })
    expect(code(transition(declined, { type: 'decline_award' }, t(HOUR)))).toBe('NO_PROPOSAL')
    expect(code(transition(declined, { type: 'award', orgId: A, by: 'u2' }, t(HOUR)))).toBe('SECOND_APPROVER_REQUIRED')
    expect(ok(transition(proposed, { type: 'cancel' }, t(HOUR)))).toMatchObject({ status: 'cancelled', awardProposal: null })
  })

  it('takes two people for a rank 1 that leads only because a bid was voided, before or after the close (D15)', () => {
    const run = withBids(running(), [B, '950', 5], [A, '900', 10], [B, '850', 20])
    expect(leaderWithoutVoids(run.bids)).toBe(B)
    const b = run.bids.find((x) => x.orgId === B && x.amount === '850.00')!
    // The buyer voids the leader's best bid, in the last seconds or after the close: A is rank 1 now.
    for (const voidThenClose of [true, false]) {
      let state = run
      const close = () => (state = ok(transition(state, { type: 'close' }, t(HOUR))))
      const voidIt = () => {
        const v = voidBid(state, b.id)
        if (!v.ok) throw new Error(v.code)
        state = v.state
      }
      if (voidThenClose) {
        voidIt()
        close()
      } else {
        close()
        voidIt()
      }
      expect(ranking(state.bids)[0].orgId).toBe(A)
      expect(code(transition(state, { type: 'award', orgId: A, by: 'u1' }, t(HOUR)))).toBe('SECOND_APPROVER_REQUIRED')
      const proposed = ok(transition(state, { type: 'propose_award', orgId: A, justification: 'B typed 850 for 8500', by: 'u1' }, t(HOUR)))
      expect(code(transition(proposed, { type: 'award', orgId: A, by: 'u1' }, t(HOUR)))).toBe('SAME_APPROVER')
      expect(ok(transition(proposed, { type: 'award', orgId: A, by: 'u2' }, t(HOUR)))).toMatchObject({ status: 'awarded', awardedOrgId: A })
    }
    // Without a void rank 1 is awarded by one person, and a proposal for it is refused.
    const closed = ok(transition(run, { type: 'close' }, t(HOUR)))
    expect(code(transition(closed, { type: 'propose_award', orgId: B, justification: 'x', by: 'u1' }, t(HOUR)))).toBe('PROPOSAL_NOT_NEEDED')
    expect(ok(transition(closed, { type: 'award', orgId: B, by: 'u1' }, t(HOUR))).awardedOrgId).toBe(B)
    // A void that leaves the leader in place changes nothing: B's voided 950 never led.
    const early = run.bids.find((x) => x.amount === '950.00')!
    const v = voidBid(closed, early.id)
    if (!v.ok) throw new Error(v.code)
    expect(ok(transition(v.state, { type: 'award', orgId: B, by: 'u1' }, t(HOUR))).awardedOrgId).toBe(B)
  })

  it('computes savings exactly', () => {
    expect(savings('1000.00', '850.00')).toEqual({ amount: '150.00', percent: '15.00' })
    expect(savings('3.00', '2.00')).toEqual({ amount: '1.00', percent: '33.33' })
    expect(savings('1000.00', null)).toBeNull()
  })
})

describe('changes after publish', () => {
  it('locks every setting once published', () => {
    const s = settings()
    expect(lockedSettingChanges(s, s)).toEqual([])
    expect(lockedSettingChanges(s, { ...s, ceiling: '999.00', softClose: { ...s.softClose, maxExtensions: null } }).sort()).toEqual(['ceiling', 'softClose.maxExtensions'])
    expect(settingsEditable('draft')).toBe(true)
    for (const st of ['scheduled', 'running', 'paused', 'closed'] as const) expect(settingsEditable(st)).toBe(false)
  })

  it('extends the end, never shortens it; past the hard stop the hard stop follows', () => {
    const s = running()
    expect(code(extendEnd(s, t(HOUR), t(10)))).toBe('END_NOT_LATER')
    expect(code(extendEnd(s, t(HOUR - 1), t(10)))).toBe('END_NOT_LATER')
    expect(ok(extendEnd(s, t(HOUR + 600), t(10)))).toMatchObject({ currentEndsAt: t(HOUR + 600), hardStopAt: t(2 * HOUR) })
    expect(ok(extendEnd(s, t(3 * HOUR), t(10)))).toMatchObject({ currentEndsAt: t(3 * HOUR), hardStopAt: t(3 * HOUR) })
    expect(code(extendEnd(s, t(2 * HOUR), t(HOUR)))).toBe('AUCTION_ENDED')
    expect(code(extendEnd({ ...s, status: 'closed' }, t(2 * HOUR), t(10)))).toBe('TRANSITION_NOT_ALLOWED')
  })

  it('adds participants, never twice; a new one bids only after accepting the terms', () => {
    const s = running()
    expect(code(addParticipant(s, A))).toBe('ALREADY_PARTICIPANT')
    expect(code(addParticipant({ ...s, status: 'closed' }, 'org-new'))).toBe('TRANSITION_NOT_ALLOWED')
    const added = ok(addParticipant(s, 'org-new'))
    expect(rejected(nextBidCheck(added, attempt('org-new', '900', 10))).code).toBe('NOT_A_PARTICIPANT')
    accepted(nextBidCheck(updateParticipant(added, 'org-new', { acceptedTerms: true }), attempt('org-new', '900', 10)))
  })
})
