// The console's "verify": check the hash chain of the stored log, replay it under the auction's
// rules, and compare the replay with what the rows say (ranking, end, extensions, status).
import { db } from '~db/client'
import type { Actor } from '~/auth/roles'
import { assertAuctionStaff } from './auction-access.server'
import type { ChainCheck } from './auction-events.rules'
import { verifyAuctionEventChain } from './auction-events.server'
import { replayAuction, type ReplayDiscrepancy } from './auction-replay.rules'
import { readEvents, settingsOf } from './auction-store.server'
import { auctionStateFor } from './auction.queries.server'
import { ranking, type RankingRow } from './auction.rules'

export interface VerifyReport {
  ok: boolean
  chain: ChainCheck
  /** Where the log disagrees with the rules. */
  discrepancies: ReplayDiscrepancy[]
  /** Where the stored rows disagree with the replay of the log. */
  mismatches: { field: 'ranking' | 'endsAt' | 'extensions' | 'status' | 'seq' | 'awardedOrgId' | 'awardProposal'; stored: unknown; replayed: unknown }[]
  replayed: { ranking: readonly RankingRow[]; endsAt: string; extensions: number }
}

/** Unscoped: for the system and the tests; the console calls verifyAuctionAs. */
export async function verifyAuction(auctionId: string): Promise<VerifyReport> {
  const full = await auctionStateFor(auctionId)
  const events = await readEvents(db(), auctionId)
  const chain = verifyAuctionEventChain(events)
  const replay = replayAuction(settingsOf(full.row), events)
  const stored = ranking(full.state.bids)
  const key = (rows: readonly RankingRow[]) => JSON.stringify(rows.map((r) => [r.rank, r.orgId, r.bidId, r.amount, r.at, r.surrogate]))
  const mismatches: VerifyReport['mismatches'] = []
  if (key(stored) !== key(replay.ranking)) mismatches.push({ field: 'ranking', stored, replayed: replay.ranking })
  if (full.state.currentEndsAt !== replay.endsAt) mismatches.push({ field: 'endsAt', stored: full.state.currentEndsAt, replayed: replay.endsAt })
  if (full.state.extensions !== replay.extensions) mismatches.push({ field: 'extensions', stored: full.state.extensions, replayed: replay.extensions })
  // A draft has no log; a cancelled draft's status comes from its audit row only.
  const logged = events.length > 0
  if (logged && full.state.status !== replay.state.status) mismatches.push({ field: 'status', stored: full.state.status, replayed: replay.state.status })
  // Who won, and a waiting award proposal (rules D15), are stored on the row: they must be what the log says.
  if (logged && full.state.awardedOrgId !== replay.state.awardedOrgId) mismatches.push({ field: 'awardedOrgId', stored: full.state.awardedOrgId, replayed: replay.state.awardedOrgId })
  const proposal = (p: typeof full.state.awardProposal) => (p ? JSON.stringify([p.orgId, p.justification, p.proposedBy, Date.parse(p.proposedAt)]) : null)
  if (logged && proposal(full.state.awardProposal) !== proposal(replay.state.awardProposal))
    mismatches.push({ field: 'awardProposal', stored: full.state.awardProposal, replayed: replay.state.awardProposal })
  const lastSeq = events.at(-1)?.seq ?? 0
  if (full.seq !== lastSeq) mismatches.push({ field: 'seq', stored: full.seq, replayed: lastSeq })
  return {
    ok: chain.ok && replay.discrepancies.length === 0 && mismatches.length === 0,
    chain,
    discrepancies: replay.discrepancies,
    mismatches,
    replayed: { ranking: replay.ranking, endsAt: replay.endsAt, extensions: replay.extensions },
  }
}

export async function verifyAuctionAs(actor: Actor, auctionId: string): Promise<VerifyReport> {
  assertAuctionStaff(actor)
  return verifyAuction(auctionId)
}
