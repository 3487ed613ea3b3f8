import { and, eq, ne, sql } from 'drizzle-orm'
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
import { pricesChangedNotice } from './price-events.server'
import { assertPricingManager } from './sales-access.server'
import { priceListAuditView } from './sales-audit'
import type { PriceListInput } from './sales.validation'
import { assertCurrency } from './set-dealer-terms.server'
import { businessDateSql } from './sales.queries.server'

export async function createPriceList(actor: Actor, input: PriceListInput, meta: { ip?: string } = {}): Promise<{ id: string }> {
  assertPricingManager(actor)
  try {
    return await transact(async ({ tx }) => {
      await assertCurrency(tx, input.currency)
      const [row] = await tx.insert(priceLists).values(input).onConflictDoNothing({ target: priceLists.code }).returning()
      if (!row) throw duplicateField('code')
      await recordAudit(tx, { actor, ip: meta.ip }, { action: 'sales.price_list.created', entityType: 'price_list', entityId: row.id, after: priceListAuditView(row) })
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
      const [current] = await tx.select().from(priceLists).where(eq(priceLists.id, id)).for('update')
      if (!current) throw notFound()
      await assertCurrency(tx, input.currency)
      const before = priceListAuditView(current)
      const after = priceListAuditView(input)
      if (sameFields(before, after)) return { changed: false }
      if (input.tier !== current.tier) await assertTierStillPriced(tx, current.tier, id)
      if (input.tier !== current.tier || input.currency !== current.currency) await assertCurrencyStillPriced(tx, current, input.tier !== current.tier ? 'tier' : 'currency')
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
  const others = await tx.select({ id: priceLists.id }).from(priceLists).where(and(eq(priceLists.tier, tier), ne(priceLists.id, movingListId))).for('update')
  if (others.length) return
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(dealerTerms).where(eq(dealerTerms.priceTier, tier))
  if (!n) return
  const message = withParams('sales:errors.tierStillUsed', { tier, count: n })
  throw new DomainError('conflict', message, { tier: [message] })
}

/**
 * Dealers price only from their tier's lists in their own currency: taking the last current list of (tier, currency)
 * out of it, to another tier or another currency, would leave the tier's dealers of that currency with no price at all.
 * Refused, naming the currency and how many dealers order in it; a newer list in another currency simply does not
 * price them (pricing.rules.ts), so adding one needs no rule.
 */
async function assertCurrencyStillPriced(tx: Tx, list: { id: string; tier: string; currency: string }, field: 'tier' | 'currency') {
  // Locked as setDealerTerms locks them (shared), so no dealer can join the currency while the last list leaves it.
  const others = await tx
    .select({ id: priceLists.id })
    .from(priceLists)
    .where(
      and(
        eq(priceLists.tier, list.tier),
        eq(priceLists.currency, list.currency),
        ne(priceLists.id, list.id),
        sql`(${priceLists.validTo} is null or ${priceLists.validTo} > ${businessDateSql})`,
      ),
    )
    .for('update')
  if (others.length) return
  const [{ n }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(dealerTerms)
    .where(and(eq(dealerTerms.priceTier, list.tier), eq(dealerTerms.currency, list.currency)))
  if (!n) return
  const message = withParams('sales:errors.currencyStillUsed', { tier: list.tier, currency: list.currency, count: n })
  throw new DomainError('conflict', message, { [field]: [message] })
}
