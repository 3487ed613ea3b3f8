// A draft's settings, lines and participants are replaced as a whole; after publish they are locked.
import { eq, sql } from 'drizzle-orm'
import { auctionLines, auctionParticipants, auctions } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { assertAuctionStaff } from './auction-access.server'
import { ruleError } from './auction-command.server'
import { lockAuction, settingsOf } from './auction-store.server'
import { settingsEditable } from './auction.rules'
import type { AuctionSetupInput } from './auction.validation'
import { assertInvitable, setupColumns, writeLinesAndParticipants } from './create-auction.server'

export async function updateDraft(actor: Actor, auctionId: string, input: AuctionSetupInput, meta: { ip?: string | null } = {}): Promise<void> {
  assertAuctionStaff(actor)
  await transact(async ({ tx }) => {
    const row = await lockAuction(tx, auctionId)
    if (!settingsEditable(row.status)) throw ruleError('SETTINGS_LOCKED')
    await assertInvitable(tx, input.participantIds)
    await tx.update(auctions).set({ ...setupColumns(input), updatedAt: sql`clock_timestamp()` }).where(eq(auctions.id, row.id))
    await tx.delete(auctionLines).where(eq(auctionLines.auctionId, row.id))
    await tx.delete(auctionParticipants).where(eq(auctionParticipants.auctionId, row.id))
    await writeLinesAndParticipants(tx, row.id, input)
    await recordAudit(tx, { actor, ip: meta.ip }, { action: 'auction.draft.updated', entityType: 'auction', entityId: row.id, before: settingsOf(row), after: input })
  })
}
