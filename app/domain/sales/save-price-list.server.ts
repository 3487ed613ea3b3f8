import { and, asc, eq, ne, or, sql } from 'drizzle-orm'
import type { Tx } from '~db/client'
import { dealerTerms, priceLists } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { DomainError, notFound } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'
import { withParams } from '~/utils/validation'
import { sameFields } from '~/domain/catalog/catalog-audit'
import { duplicateField, mapUniqueViolation } from '~/domain/catalog/catalog-errors.server'
import { emitToStaff } from '~/realtime/publisher.server'
import { pricesChangedNotice } from './price-events.server'
import { assertPricingManager } from './sales-access.server'
import { priceListAuditView } from './sales-audit'
import type { PriceListInput } from './sales.validation'
import { assertCurrency } from './set-dealer-terms.server'
import { isListValidOn } from './pricing.rules'
import { businessDate } from './sales.queries.server'

export async function createPriceList(actor: Actor, input: PriceListInput, meta: { ip?: string } = {}): Promise<{ id: string }> {
  assertPricingManager(actor)
  try {
    return await transact(async ({ tx, afterCommit }) => {
      await assertCurrency(tx, input.currency)
      const [row] = await tx.insert(priceLists).values(input).onConflictDoNothing({ target: priceLists.code }).returning()
      if (!row) throw duplicateField('code')
      await recordAudit(tx, { actor, ip: meta.ip }, { action: 'sales.price_list.created', entityType: 'price_list', entityId: row.id, after: priceListAuditView(row) })
      // It prices nothing yet (no items), but it may carry a tier's coverage further: the staff pages that show it refetch.
      afterCommit(() => emitToStaff('prices:changed', { priceListId: row.id, productIds: null }))
      return { id: row.id }
    })
  } catch (err) {
    throw mapUniqueViolation(err, { price_lists_code_uq: 'code' })
  }
}

export async function updatePriceList(actor: Actor, id: string, input: PriceListInput, meta: { ip?: string } = {}): Promise<{ changed: boolean }> {
  assertPricingManager(actor)
  if (!isUuid(id)) throw notFound()
  try {
    return await transact(async ({ tx, afterCommit }) => {
      const current = await lockWithItsGroup(tx, id)
      if (!current) throw notFound()
      await assertCurrency(tx, input.currency)
      const before = priceListAuditView(current)
      const after = priceListAuditView(input)
      if (sameFields(before, after)) return { changed: false }
      if (input.tier !== current.tier) await assertTierStillPriced(tx, current.tier, id)
      await assertDealersStillPriced(tx, current, { ...input, validTo: input.validTo ?? null })
      await tx.update(priceLists).set({ ...input, updatedAt: sql`now()` }).where(eq(priceLists.id, id))
      await recordAudit(tx, { actor, ip: meta.ip }, { action: 'sales.price_list.updated', entityType: 'price_list', entityId: id, before, after })
      // Its tier, currency or dates decide which dealers pay its prices, and when: each of its products may price otherwise now.
      // A new name or code prices nothing differently: only staff pages, which show them, hear of it.
      const repriced = input.tier !== current.tier || input.currency !== current.currency || input.validFrom !== current.validFrom || (input.validTo ?? null) !== current.validTo
      afterCommit(await pricesChangedNotice(tx, { priceListId: id, tiers: repriced ? [current.tier, input.tier] : [], productIds: null }))
      return { changed: true }
    })
  } catch (err) {
    throw mapUniqueViolation(err, { price_lists_code_uq: 'code' })
  }
}

/**
 * Moving the last list of a tier elsewhere would leave that tier's dealers with no prices at all
 * ("price on request" for everything), as setting a dealer to a tier without a list would: refused,
 * with the number of dealers it would strand.
 */
async function assertTierStillPriced(tx: Tx, tier: string, movingListId: string) {
  // The tier's lists are locked so two lists cannot both leave it at once.
  const others = await tx
    .select({ id: priceLists.id })
    .from(priceLists)
    .where(and(eq(priceLists.tier, tier), ne(priceLists.id, movingListId)))
    .orderBy(asc(priceLists.id))
    .for('update')
  if (others.length) return
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(dealerTerms).where(eq(dealerTerms.priceTier, tier))
  if (!n) return
  const message = withParams('sales:errors.tierStillUsed', { tier, count: n })
  throw new DomainError('conflict', message, { tier: [message] })
}

/**
 * The list, locked for update with every list of its tier and currency, in id order: two managers changing two lists of one
 * tier and currency (each ending one, say) then queue on the first id instead of each holding its own list and waiting for
 * the other's (a deadlock, answered 500). The locks also keep the check below true until the commit: no other list of the
 * group can end meanwhile, and setDealerTerms' shared locks on the tier's lists make a dealer joining wait for it.
 */
async function lockWithItsGroup(tx: Tx, id: string) {
  for (let attempt = 0; ; attempt++) {
    const [peek] = await tx.select({ tier: priceLists.tier, currency: priceLists.currency }).from(priceLists).where(eq(priceLists.id, id))
    if (!peek) return null
    await tx
      .select({ id: priceLists.id })
      .from(priceLists)
      .where(or(eq(priceLists.id, id), and(eq(priceLists.tier, peek.tier), eq(priceLists.currency, peek.currency))))
      .orderBy(asc(priceLists.id))
      .for('update')
    const [current] = await tx.select().from(priceLists).where(eq(priceLists.id, id))
    // Moved to another tier or currency between the read and the lock (its group is then the new one): lock that too.
    if ((current.tier === peek.tier && current.currency === peek.currency) || attempt >= 2) return current
  }
}

type ListDates = { id: string; tier: string; currency: string; validFrom: string; validTo: string | null }

/**
 * Dealers price only from their tier's lists in their own currency, valid on the day (pricing.rules.ts). A change that
 * takes a list out of what prices its tier's dealers of its currency — to another tier or currency, or its dates moved
 * so it ends by today or starts after it — is refused, naming the tier, the currency and how many dealers order in it,
 * on the field changed, when it would leave them
 * - with no list at all that has not ended (currencyStillUsed): nothing would ever price them again; or
 * - with none in force today (lastListToday), although one starts later: they would have no price until it does.
 * A list ending later that leaves a gap after it is the manager's choice: the price-list pages warn of it
 * (price-coverage.server.ts). A newer list in another currency simply does not price them, so adding one needs no rule.
 */
async function assertDealersStillPriced(tx: Tx, before: ListDates, after: Omit<ListDates, 'id'>) {
  const moved = after.tier !== before.tier || after.currency !== before.currency
  if (!moved && after.validFrom === before.validFrom && after.validTo === before.validTo) return
  const today = await businessDate(tx)
  const notEnded = (l: { validTo: string | null }) => l.validTo === null || l.validTo > today
  const inForce = (l: { validFrom: string; validTo: string | null }) => isListValidOn(l, today)
  // Locked with the list (lockWithItsGroup): what is read here stays so until the commit.
  const others = await tx
    .select({ validFrom: priceLists.validFrom, validTo: priceLists.validTo })
    .from(priceLists)
    .where(and(eq(priceLists.tier, before.tier), eq(priceLists.currency, before.currency), ne(priceLists.id, before.id)))
  const leavesForGood = notEnded(before) && (moved || !notEnded(after)) && !others.some(notEnded)
  const leavesToday = inForce(before) && (moved || !inForce(after)) && !others.some(inForce)
  if (!leavesForGood && !leavesToday) return
  const [{ n }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(dealerTerms)
    .where(and(eq(dealerTerms.priceTier, before.tier), eq(dealerTerms.currency, before.currency)))
  if (!n) return
  const field = after.tier !== before.tier ? 'tier' : after.currency !== before.currency ? 'currency' : notEnded(after) ? 'validFrom' : 'validTo'
  const message = withParams(leavesForGood ? 'sales:errors.currencyStillUsed' : 'sales:errors.lastListToday', { tier: before.tier, currency: before.currency, count: n })
  throw new DomainError('conflict', message, { [field]: [message] })
}
