import { describe, expect, it } from 'vitest'
import { sha256Hex } from '~/domain/auction/auction-events.server'
import { chainEvents, eventHashInput, GENESIS_HASH, verifyEventChain, type UnhashedAuctionEvent } from '~/domain/auction/auction-events.rules'
import { replayAuction } from '~/domain/auction/auction-replay.rules'
import { ranking } from '~/domain/auction/auction.rules'
import { attempt, HOUR, liveRun, ORGS, settings, t } from './support'

const [A, B, C] = ORGS
const S = settings()
const run = () =>
  liveRun(S, ORGS, [
    attempt(A, '950', 10),
    attempt(B, '955', 20), // MUST_BEAT_BEST
    attempt(B, '900', 30),
    attempt(C, '700', 40), // CONFIRMATION_REQUIRED (30 % below the ceiling)
    attempt(C, '700', 41, true),
    attempt(A, '690', HOUR - 30, true), // extends to HOUR + 150
    attempt(B, '680', HOUR + 100, true), // extends to HOUR + 280
    attempt(A, '600', HOUR + 280), // AUCTION_ENDED
  ])
const renumber = (log: UnhashedAuctionEvent[]) => log.map((e, i) => ({ ...e, seq: i + 1 }) as UnhashedAuctionEvent)

describe('replaying the log', () => {
  it('reproduces the live ranking, end time and extension count, with no discrepancy', () => {
    const { state, log } = run()
    expect(state.extensions).toBe(2)
    const r = replayAuction(S, log)
    expect(r.discrepancies).toEqual([])
    expect(r.ranking).toEqual(ranking(state.bids))
    expect(r.endsAt).toBe(t(HOUR + 280))
    expect(r.extensions).toBe(2)
    expect(r.state.rejectedAttempts).toBe(3)
  })

  it('flags an accepted bid that breaks the rules at its position, and leaves it out', () => {
    const { log } = run()
    const i = log.findIndex((e) => e.type === 'bid_accepted' && e.payload.amount === '900.00')
    const forged = log.map((e, j) => (j === i && e.type === 'bid_accepted' ? { ...e, payload: { ...e.payload, amount: '945.00' } } : e))
    const r = replayAuction(S, forged)
    expect(r.discrepancies).toContainEqual({ seq: log[i].seq, type: 'bid_accepted', problem: 'BID_SHOULD_BE_REJECTED', detail: 'MUST_BEAT_BEST' })
  })

  it('flags a rejection the rules would have accepted', () => {
    const { log } = run()
    const i = log.findIndex((e) => e.type === 'bid_rejected' && e.payload.code === 'MUST_BEAT_BEST')
    const forged = log.map((e, j) => (j === i && e.type === 'bid_rejected' ? { ...e, payload: { ...e.payload, amount: '940.00' } } : e))
    expect(replayAuction(S, forged).discrepancies).toContainEqual({ seq: log[i].seq, type: 'bid_rejected', problem: 'REJECTION_MISMATCH', detail: 'accepted' })
  })

  it('flags a missing, an invented and a wrong extension', () => {
    const { log } = run()
    const ext = log.findIndex((e) => e.type === 'extended')
    const missing = replayAuction(S, renumber(log.filter((_, j) => j !== ext)))
    expect(missing.discrepancies.map((d) => d.problem)).toEqual(['MISSING_EXTENSION'])
    expect(missing.endsAt).toBe(t(HOUR + 280)) // the rules' end, not the log's

    const firstBid = log.findIndex((e) => e.type === 'bid_accepted')
    const invented = renumber([...log.slice(0, firstBid + 1), { ...log[ext] }, ...log.slice(firstBid + 1)])
    expect(replayAuction(S, invented).discrepancies.map((d) => d.problem)).toContain('UNEXPECTED_EXTENSION')

    const wrong = log.map((e, j) => (j === ext && e.type === 'extended' ? { ...e, payload: { ...e.payload, newEndsAt: t(HOUR + 999) } } : e))
    expect(replayAuction(S, wrong).discrepancies.map((d) => d.problem)).toEqual(['EXTENSION_MISMATCH'])
  })

  it('flags a gap in the sequence, time going back and a close before the end', () => {
    const { log } = run()
    const gap = log.map((e, j) => (j >= 5 ? { ...e, seq: e.seq + 1 } : e))
    expect(replayAuction(S, gap).discrepancies).toEqual([{ seq: 7, type: log[5].type, problem: 'SEQ_GAP', detail: 'expected 6' }])
    const back = log.map((e, j) => (j === 6 ? { ...e, at: t(-10) } : e))
    expect(replayAuction(S, back).discrepancies.map((d) => d.problem)).toContain('TIME_WENT_BACK')
    const early = [...log.slice(0, 6), { seq: 7, type: 'closed', payload: {}, at: t(500), actor: { kind: 'system' } } as UnhashedAuctionEvent]
    expect(replayAuction(S, early).discrepancies).toEqual([{ seq: 7, type: 'closed', problem: 'TRANSITION_NOT_ALLOWED', detail: 'TOO_EARLY' }])
  })

  it('follows voids, pauses and manual extensions', () => {
    const { log, state } = run()
    const lastBid = state.bids.at(-1)!
    const sys = { kind: 'system' } as const
    const more: UnhashedAuctionEvent[] = [
      { seq: 0, type: 'bid_voided', payload: { bidId: lastBid.id, reason: 'typo' }, at: t(HOUR + 280), actor: { kind: 'staff', userId: 'u1' } },
      { seq: 0, type: 'closed', payload: {}, at: t(HOUR + 280), actor: sys },
      // A leads only because B's bid was voided: its award takes a second person (D15).
      { seq: 0, type: 'award_proposed', payload: { orgId: A, justification: 'B mistyped' }, at: t(HOUR + 300), actor: { kind: 'staff', userId: 'u1' } },
      { seq: 0, type: 'awarded', payload: { orgId: A, justification: 'B mistyped' }, at: t(HOUR + 400), actor: { kind: 'staff', userId: 'u2' } },
    ]
    const r = replayAuction(S, renumber([...log, ...more]))
    expect(r.discrepancies).toEqual([])
    expect(r.ranking[0]).toMatchObject({ orgId: A, amount: '690.00' })
    expect(r.state.status).toBe('awarded')

    const paused: UnhashedAuctionEvent[] = renumber([
      ...log.slice(0, log.findIndex((e) => e.type === 'started') + 1),
      { seq: 0, type: 'paused', payload: { reason: 'network' }, at: t(100), actor: sys },
      { seq: 0, type: 'resumed', payload: {}, at: t(400), actor: sys },
      { seq: 0, type: 'end_extended', payload: { newEndsAt: t(HOUR + 600), reason: null }, at: t(500), actor: sys },
    ])
    const p = replayAuction(S, paused)
    expect(p.discrepancies).toEqual([])
    expect(p.endsAt).toBe(t(HOUR + 600))
    expect(p.state.hardStopAt).toBe(t(2 * HOUR + 300))
  })
})

describe('the replay of an award not to rank 1 (D15)', () => {
  const staff = (userId: string) => ({ kind: 'staff', userId }) as const
  const closedLog = () => {
    const { log, state } = run()
    const [first, second] = ranking(state.bids)
    return { log: [...log, { seq: 0, type: 'closed', payload: {}, at: t(HOUR + 280), actor: { kind: 'system' } } as UnhashedAuctionEvent], winner: first.orgId, runnerUp: second.orgId }
  }

  it('accepts a proposal confirmed by a second person, and a declined one followed by rank 1', () => {
    const { log, winner, runnerUp } = closedLog()
    const confirmed = replayAuction(
      S,
      renumber([
        ...log,
        { seq: 0, type: 'award_proposed', payload: { orgId: runnerUp, justification: 'holds stock' }, at: t(HOUR + 300), actor: staff('u1') },
        { seq: 0, type: 'awarded', payload: { orgId: runnerUp, justification: 'holds stock' }, at: t(HOUR + 400), actor: staff('u2') },
      ]),
    )
    expect(confirmed.discrepancies).toEqual([])
    expect(confirmed.state).toMatchObject({ status: 'awarded', awardedOrgId: runnerUp, awardProposal: null })

    const declined = replayAuction(
      S,
      renumber([
        ...log,
        { seq: 0, type: 'award_proposed', payload: { orgId: runnerUp, justification: 'holds stock' }, at: t(HOUR + 300), actor: staff('u1') },
        { seq: 0, type: 'award_declined', payload: { orgId: runnerUp, reason: 'no' }, at: t(HOUR + 350), actor: staff('u2') },
        { seq: 0, type: 'awarded', payload: { orgId: winner, justification: null }, at: t(HOUR + 400), actor: staff('u1') },
      ]),
    )
    expect(declined.discrepancies).toEqual([])
    expect(declined.state.awardedOrgId).toBe(winner)
  })

  it('flags an award not to rank 1 that one person decided', () => {
    const { log, runnerUp } = closedLog()
    const alone = replayAuction(S, renumber([...log, { seq: 0, type: 'awarded', payload: { orgId: runnerUp, justification: 'x' }, at: t(HOUR + 400), actor: staff('u1') }]))
    expect(alone.discrepancies).toEqual([{ seq: log.length + 1, type: 'awarded', problem: 'TRANSITION_NOT_ALLOWED', detail: 'SECOND_APPROVER_REQUIRED' }])
    const self = replayAuction(
      S,
      renumber([
        ...log,
        { seq: 0, type: 'award_proposed', payload: { orgId: runnerUp, justification: 'x' }, at: t(HOUR + 300), actor: staff('u1') },
        { seq: 0, type: 'awarded', payload: { orgId: runnerUp, justification: 'x' }, at: t(HOUR + 400), actor: staff('u1') },
      ]),
    )
    expect(self.discrepancies).toEqual([{ seq: log.length + 2, type: 'awarded', problem: 'TRANSITION_NOT_ALLOWED', detail: 'SAME_APPROVER' }])
  })
})

describe('the hash chain', () => {
  it('uses SHA-256 (known vector)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('chains from the genesis and verifies', () => {
    const chained = chainEvents(run().log, sha256Hex)
    expect(chained[0].prevHash).toBe(GENESIS_HASH)
    expect(chained[1].prevHash).toBe(chained[0].hash)
    expect(verifyEventChain(chained, sha256Hex)).toEqual({ ok: true, checked: chained.length })
  })

  it('detects one changed byte, a removed event and a re-linked forgery', () => {
    const chained = chainEvents(run().log, sha256Hex)
    const k = chained.findIndex((e) => e.type === 'bid_accepted')
    const edited = chained.map((e, i) => (i === k && e.type === 'bid_accepted' ? { ...e, payload: { ...e.payload, amount: '950.01' } } : e))
    expect(verifyEventChain(edited, sha256Hex)).toMatchObject({ ok: false, brokenAtSeq: k + 1, reason: 'HASH' })
    const removed = chained.filter((_, i) => i !== 3)
    expect(verifyEventChain(removed, sha256Hex)).toMatchObject({ ok: false, brokenAtSeq: 5, reason: 'PREV_HASH' })
    // re-hashing the edited event alone still breaks the link to the next one
    const rehashed = edited.map((e, i) => (i === k ? { ...e, hash: sha256Hex(eventHashInput(e)) } : e))
    expect(verifyEventChain(rehashed, sha256Hex)).toMatchObject({ ok: false, brokenAtSeq: k + 2, reason: 'PREV_HASH' })
  })

  it('hashes canonical JSON: key order does not matter, any value does', () => {
    const e = { seq: 1, type: 'bid_voided', at: t(0), actor: { kind: 'staff', userId: 'u' }, payload: { bidId: 'b', reason: 'r' }, prevHash: GENESIS_HASH } as const
    const reordered = { prevHash: GENESIS_HASH, payload: { reason: 'r', bidId: 'b' }, actor: { userId: 'u', kind: 'staff' }, at: t(0), type: 'bid_voided', seq: 1 } as const
    expect(eventHashInput(reordered)).toBe(eventHashInput(e))
    expect(eventHashInput({ ...e, seq: 2 })).not.toBe(eventHashInput(e))
  })
})
