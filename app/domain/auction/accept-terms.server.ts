// A supplier accepts the auction's terms (rule 2: no bid before that). Accepting twice is a no-op.
import { and, eq, isNull } from 'drizzle-orm'
import { auctionParticipants } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor, SupplierActor } from '~/auth/roles'
import { notFound } from '~/utils/errors'
import { assertSupplierSees, partnerAuctionAttempt } from './auction-access.server'
import { ruleError } from './auction-command.server'
import { publishAuctionCommitted } from './auction-publish.server'
import { appendEvents, dbNow, loadState, lockAuction, writeLive } from './auction-store.server'
import { isOpenAuction, updateParticipant } from './auction.rules'

export async function acceptTerms(actor: Actor, auctionId: string, meta: { ip?: string | null } = {}): Promise<{ accepted: boolean }> {
  if (actor.kind !== 'supplier') throw notFound()
  return partnerAuctionAttempt(actor, auctionId, { ip: meta.ip, action: 'auction.terms.accept' }, () => accept(actor, auctionId, meta))
}

function accept(actor: SupplierActor, auctionId: string, meta: { ip?: string | null }): Promise<{ accepted: boolean }> {
  return transact(async ({ tx, afterCommit }) => {
    const row = await lockAuction(tx, auctionId)
    await assertSupplierSees(tx, actor, row)
    if (!isOpenAuction(row.status)) throw ruleError('TRANSITION_NOT_ALLOWED')
    const now = await dbNow(tx)
    const done = await tx
      .update(auctionParticipants)
      .set({ termsAcceptedAt: new Date(now), termsAcceptedBy: actor.userId })
      .where(and(eq(auctionParticipants.auctionId, row.id), eq(auctionParticipants.orgId, actor.orgId), isNull(auctionParticipants.termsAcceptedAt)))
      .returning({ orgId: auctionParticipants.orgId })
    if (!done.length) return { accepted: false }
    const state = updateParticipant(await loadState(tx, row), actor.orgId, { acceptedTerms: true })
    const { head, events } = await appendEvents(tx, { seq: row.lastSeq, hash: row.lastHash }, row.id, [{ type: 'terms_accepted', payload: { orgId: actor.orgId } }], now, {
      kind: 'supplier',
      userId: actor.userId,
      orgId: actor.orgId,
    })
    await writeLive(tx, row.id, state, head)
    await recordAudit(tx, { actor, ip: meta.ip }, { action: 'auction.terms.accepted', entityType: 'auction', entityId: row.id, after: { orgId: actor.orgId } })
    afterCommit(() => publishAuctionCommitted({ auctionId: row.id, seq: head.seq, events }))
    return { accepted: true }
  })
}
