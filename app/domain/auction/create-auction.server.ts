// A new auction starts as a draft: settings, lines and invited suppliers, all editable until publish.
import { and, eq, inArray } from 'drizzle-orm'
import type { Tx } from '~db/client'
import { auctionLines, auctionParticipants, auctions, organizations } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { DomainError } from '~/utils/errors'
import { assertAuctionStaff } from './auction-access.server'
import type { AuctionSetupInput } from './auction.validation'

/** The settings columns from a parsed set-up form; the live end and hard stop start at the set ones. */
export function setupColumns(v: AuctionSetupInput) {
  return {
    title: v.title,
    description: v.description,
    currency: v.currency,
    ceiling: v.ceiling,
    reserve: v.reserve ?? null,
    lastPurchasePrice: v.lastPurchasePrice ?? null,
    decrementAmount: v.decrementAmount ?? null,
    decrementPercent: v.decrementPercent ?? null,
    mustBeatBest: v.mustBeatBest,
    maxSingleDropPercent: v.maxSingleDropPercent,
    startsAt: new Date(v.startsAt),
    endsAt: new Date(v.endsAt),
    softCloseWindowSeconds: v.softCloseWindowSeconds,
    softCloseExtensionSeconds: v.softCloseExtensionSeconds,
    softCloseTrigger: v.softCloseTrigger,
    softCloseMaxExtensions: v.softCloseMaxExtensions,
    hardStopAt: new Date(v.hardStopAt),
    visibility: v.visibility,
    minParticipants: v.minParticipants,
    currentEndsAt: new Date(v.endsAt),
    currentHardStopAt: new Date(v.hardStopAt),
  }
}

/** Only active supplier organizations can be invited (blacklisting lands with supplier management). */
export async function assertInvitable(tx: Tx, orgIds: readonly string[]): Promise<void> {
  if (!orgIds.length) return
  const ok = await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(inArray(organizations.id, [...orgIds]), eq(organizations.kind, 'supplier'), eq(organizations.status, 'active')))
  if (ok.length !== new Set(orgIds).size)
    throw new DomainError('bad_input', 'auction:errors.supplierNotEligible', { participantIds: ['auction:errors.supplierNotEligible'] })
}

export async function writeLinesAndParticipants(tx: Tx, auctionId: string, v: AuctionSetupInput) {
  await tx.insert(auctionLines).values(
    v.lines.map((l, i) => ({ auctionId, position: i + 1, productId: l.productId ?? null, description: l.description, quantity: l.quantity, unit: l.unit })),
  )
  await tx.insert(auctionParticipants).values(v.participantIds.map((orgId) => ({ auctionId, orgId })))
}

export async function createAuction(actor: Actor, input: AuctionSetupInput, meta: { ip?: string | null } = {}): Promise<{ id: string }> {
  assertAuctionStaff(actor)
  return transact(async ({ tx }) => {
    await assertInvitable(tx, input.participantIds)
    const [row] = await tx
      .insert(auctions)
      .values({ ...setupColumns(input), buyerUserId: actor.userId, status: 'draft' })
      .returning({ id: auctions.id })
    await writeLinesAndParticipants(tx, row.id, input)
    await recordAudit(tx, { actor, ip: meta.ip }, { action: 'auction.created', entityType: 'auction', entityId: row.id, after: input })
    return { id: row.id }
  })
}
