// Pure price resolution: which unit price a dealer of a tier pays for a quantity on a date. No I/O.
import type Decimal from 'decimal.js'
import { D } from '~/utils/money'

export interface PriceListCandidate {
  id: string
  code: string
  tier: string
  currency: string
  /** ISO dates (YYYY-MM-DD); validTo is exclusive, null is open-ended. */
  validFrom: string
  validTo: string | null
  /** Breaks for the one product asked about. */
  items: ReadonlyArray<{ minQty: string; unitPrice: string }>
}

export interface ResolvedPrice {
  priceListId: string
  priceListCode: string
  currency: string
  minQty: string
  unitPrice: string
  /** Every break of the chosen list for the product, ascending, so a page can show the volume ladder. */
  breaks: Array<{ minQty: string; unitPrice: string }>
}

export function isListValidOn(list: Pick<PriceListCandidate, 'validFrom' | 'validTo'>, date: string): boolean {
  // ISO dates compare correctly as strings.
  return list.validFrom <= date && (list.validTo === null || date < list.validTo)
}

/**
 * The price for (tier, quantity, date):
 * 1. lists of the tier valid on the date (valid_from ≤ date < valid_to, or open-ended);
 * 2. of those that price the product at all, the one that started most recently wins (a later list
 *    is how sales announces a new price without closing the old one; equal starts: the larger code
 *    wins, so the answer never depends on row order);
 * 3. in that list, the break with the largest min_qty ≤ quantity.
 * A list that prices the product only above the quantity asked still wins step 2: its lowest break
 * is the minimum order, and the answer is null rather than an older list's price.
 */
export function resolvePrice(lists: ReadonlyArray<PriceListCandidate>, q: { tier: string; quantity: Decimal.Value; date: string }): ResolvedPrice | null {
  const quantity = new D(q.quantity)
  if (!quantity.isFinite() || quantity.lte(0)) return null
  const chosen = lists
    .filter((l) => l.tier === q.tier && isListValidOn(l, q.date) && l.items.length > 0)
    .sort((a, b) => (a.validFrom === b.validFrom ? (a.code < b.code ? 1 : -1) : a.validFrom < b.validFrom ? 1 : -1))[0]
  if (!chosen) return null
  const breaks = [...chosen.items].sort((a, b) => new D(a.minQty).comparedTo(b.minQty))
  const hit = breaks.filter((b) => new D(b.minQty).lte(quantity)).at(-1)
  if (!hit) return null
  return {
    priceListId: chosen.id,
    priceListCode: chosen.code,
    currency: chosen.currency,
    minQty: hit.minQty,
    unitPrice: hit.unitPrice,
    breaks: breaks.map((b) => ({ minQty: b.minQty, unitPrice: b.unitPrice })),
  }
}

/** Date ranges [from, to) overlap; null `to` is open-ended. Used to warn, not to refuse: overlaps are resolved by rule 2. */
export function rangesOverlap(a: { validFrom: string; validTo: string | null }, b: { validFrom: string; validTo: string | null }): boolean {
  const aEndsAfterBStarts = a.validTo === null || a.validTo > b.validFrom
  const bEndsAfterAStarts = b.validTo === null || b.validTo > a.validFrom
  return aEndsAfterBStarts && bEndsAfterAStarts
}

export const TIER_RE = /^[A-Z][A-Z0-9_-]{0,15}$/
