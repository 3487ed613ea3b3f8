import { and, asc, eq, sql } from 'drizzle-orm'
import type { Tx } from '~db/client'
import { currencies, dealerTerms, organizations, priceLists, users } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import { emitToOrg, emitToStaff } from '~/realtime/publisher.server'
import type { Actor } from '~/auth/roles'
import { D } from '~/utils/money'
import { DomainError, notFound } from '~/utils/errors'
import { sameFields } from '~/domain/catalog/catalog-audit'
import { hasLiveOrders } from '~/domain/orders/credit.server'
import { assertPricingManager } from './sales-access.server'
import { dealerTermsAuditView } from './sales-audit'
import { businessDateSql, priceTierOptions, SALES_ROLES } from './sales.queries.server'
import { formatList } from '~/utils/intl'
import { isUuid } from '~/utils/uuid'
import { withParams } from '~/utils/validation'
import type { DealerTermsInput } from './sales.validation'

export async function assertCurrency(tx: Tx, code: string) {
  const [c] = await tx.select({ code: currencies.code }).from(currencies).where(eq(currencies.code, code))
  if (!c) throw new DomainError('bad_input', 'errors:field.choose', { currency: ['errors:field.choose'] })
}

/** Creates or replaces a dealer's terms. The row is locked first so the audit's "before" is what was replaced. */
export async function setDealerTerms(actor: Actor, dealerOrgId: string, input: DealerTermsInput, meta: { ip?: string } = {}): Promise<{ changed: boolean }> {
  assertPricingManager(actor)
  if (!isUuid(dealerOrgId)) throw notFound()
  return transact(async ({ tx, afterCommit }) => {
    const [org] = await tx.select({ id: organizations.id }).from(organizations).where(and(eq(organizations.id, dealerOrgId), eq(organizations.kind, 'dealer')))
    if (!org) throw notFound()
    await assertCurrency(tx, input.currency)
    // A tier no price list prices would leave the dealer's whole catalog "price on request".
    if (!(await priceTierOptions(tx)).includes(input.priceTier)) {
      const message = withParams('sales:errors.tierWithoutList', { tier: input.priceTier })
      throw new DomainError('bad_input', message, { priceTier: [message] })
    }
    // The dealer prices only from its tier's lists in its own currency: a currency no list of the tier uses (or only
    // expired ones do) would leave its whole catalog unpriced. Shared locks, so a list cannot change its tier or
    // currency between this check and the commit (updatePriceList locks the list it changes).
    const tierLists = await tx
      .select({ currency: priceLists.currency })
      .from(priceLists)
      .where(and(eq(priceLists.tier, input.priceTier), sql`(${priceLists.validTo} is null or ${priceLists.validTo} > ${businessDateSql})`))
      // In id order, as updatePriceList locks a tier's lists, so the two queue rather than deadlock.
      .orderBy(asc(priceLists.id))
      .for('share')
    const tierCurrencies = [...new Set(tierLists.map((r) => r.currency))].sort()
    if (!tierCurrencies.includes(input.currency)) {
      // Every list of the tier may have ended: there are no currencies to name then ("its lists are in ." read as a bug),
      // and the tier is what to change, so the message stands on it.
      if (!tierCurrencies.length) {
        const message = withParams('sales:errors.tierListsEnded', { tier: input.priceTier, currency: input.currency })
        throw new DomainError('bad_input', message, { priceTier: [message] })
      }
      const message = withParams('sales:errors.currencyNotInTier', { tier: input.priceTier, currency: input.currency, currencies: formatList(tierCurrencies, actor.locale) })
      throw new DomainError('bad_input', message, { currency: [message] })
    }
    // Locked as submitOrder locks it: no order of the old currency can start between the check below and the change.
    const [current] = await tx.select().from(dealerTerms).where(eq(dealerTerms.dealerOrgId, dealerOrgId)).for('update')
    // A new owner must be an active sales user; the owner the dealer has stays as it is when the form keeps it, though
    // deactivated or moved meanwhile: saving a credit limit must not drop the owner, nor be refused for it.
    if (input.salesOwnerUserId && input.salesOwnerUserId !== current?.salesOwnerUserId) {
      const [owner] = await tx
        .select({ id: users.id })
        .from(users)
        .innerJoin(organizations, eq(organizations.id, users.orgId))
        .where(and(eq(users.id, input.salesOwnerUserId), eq(organizations.kind, 'host'), eq(users.status, 'active'), sql`${users.roles} && ${SALES_ROLES}`))
      if (!owner) throw new DomainError('bad_input', 'sales:errors.salesOwner', { salesOwnerUserId: ['sales:errors.salesOwner'] })
    }
    // Its limit and its orders are in its currency: while orders or receivables of the old one are open, a new
    // currency would read the limit in another money and the credit check would leave them out.
    if (current && current.currency !== input.currency && (await hasLiveOrders(tx, dealerOrgId, current.currency))) {
      const message = withParams('sales:errors.currencyInUse', { currency: current.currency })
      throw new DomainError('conflict', message, { currency: [message] })
    }
    const after = dealerTermsAuditView({ ...input, creditLimit: new D(input.creditLimit).toFixed(2) })
    const before = current ? dealerTermsAuditView(current) : null
    if (before && sameFields(before, after)) return { changed: false }
    await tx
      .insert(dealerTerms)
      .values({ dealerOrgId, ...after })
      .onConflictDoUpdate({ target: dealerTerms.dealerOrgId, set: { ...after, updatedAt: sql`now()` } })
    await recordAudit(tx, { actor, ip: meta.ip }, { action: 'sales.dealer_terms.set', entityType: 'organization', entityId: dealerOrgId, before, after })
    afterCommit(() => {
      emitToOrg(dealerOrgId, 'dealer:termsChanged', { dealerOrgId })
      emitToStaff('dealer:termsChanged', { dealerOrgId })
    })
    return { changed: true }
  })
}
