import { inArray } from 'drizzle-orm'
import type { DbOrTx } from '~db/client'
import { dealerTerms } from '~db/schema'
import { emitToOrgs, emitToStaff } from '~/realtime/publisher.server'

/** Past this many products (a big import) the event says "any of the list's": a page then refetches rather than compare long lists. */
const MAX_IDS = 500

export interface PricesChanged {
  priceListId: string
  /** The tiers the list served before and after the change: their dealers are the ones whose prices moved. */
  tiers: readonly string[]
  /** null: the list as a whole (its tier, currency or validity). */
  productIds: readonly string[] | null
}

/**
 * Read inside the writing transaction, published after its commit: the dealers told are those the
 * list prices, not every dealer, since a dealer of another tier pays none of it. Ids only; each page
 * refetches through its own loader, which prices for its own dealer alone.
 */
export async function pricesChangedNotice(q: DbOrTx, change: PricesChanged): Promise<() => void> {
  const tiers = [...new Set(change.tiers)]
  const dealers = tiers.length ? await q.select({ id: dealerTerms.dealerOrgId }).from(dealerTerms).where(inArray(dealerTerms.priceTier, tiers)) : []
  const ids = change.productIds ? [...new Set(change.productIds)] : null
  const productIds = ids && ids.length <= MAX_IDS ? ids : null
  return () => {
    // Staff pages refresh the list they show by its id; a dealer's pages need only the products (and a list moved to
    // another tier is no business of the old tier's dealers).
    emitToStaff('prices:changed', { priceListId: change.priceListId, productIds })
    emitToOrgs(dealers.map((d) => d.id), 'prices:changed', { productIds })
  }
}

/**
 * A product's tax rate, or its withdrawal or return, changes what every dealer's cart charges for it whatever the list:
 * every dealer with terms hears of that one product (staff price-list pages show no product's tax, so not staff).
 */
export async function productPricesChangedNotice(q: DbOrTx, productId: string): Promise<() => void> {
  const dealers = await q.select({ id: dealerTerms.dealerOrgId }).from(dealerTerms)
  return () => emitToOrgs(dealers.map((d) => d.id), 'prices:changed', { productIds: [productId] })
}
