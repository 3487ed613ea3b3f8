// Pure price resolution: which unit price a dealer of a tier pays for a quantity on a date. No I/O.
import type Decimal from 'decimal.js'
import { D } from '~/utils/money'
import { numberFormat } from '~/utils/intl'
import { formatPercent } from '~/utils/percent'

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
 * The price for (tier, currency, quantity, date):
 * 1. lists of the tier in the dealer's currency valid on the date (valid_from ≤ date < valid_to, or open-ended):
 *    a dealer orders only in its own currency, so a tier may hold lists in several and each dealer prices from its own;
 * 2. of those that price the product at all, the one that started most recently wins (a later list
 *    is how sales announces a new price without closing the old one; equal starts: the larger code
 *    wins, so the answer never depends on row order);
 * 3. in that list, the break with the largest min_qty ≤ quantity.
 * A list that prices the product only above the quantity asked still wins step 2: its lowest break
 * is the minimum order, and the answer is null rather than an older list's price.
 */
export function resolvePrice(lists: ReadonlyArray<PriceListCandidate>, q: { tier: string; currency: string; quantity: Decimal.Value; date: string }): ResolvedPrice | null {
  const quantity = new D(q.quantity)
  if (!quantity.isFinite() || quantity.lte(0)) return null
  const ladder = priceLadder(lists, q)
  if (!ladder) return null
  const hit = ladder.breaks.filter((b) => new D(b.minQty).lte(quantity)).at(-1)
  if (!hit) return null
  return { ...ladder, minQty: hit.minQty, unitPrice: hit.unitPrice }
}

export interface PriceLadder {
  priceListId: string
  priceListCode: string
  currency: string
  /** Ascending by min quantity; the first is the entry price (its min quantity is the minimum order). */
  breaks: Array<{ minQty: string; unitPrice: string }>
}

/**
 * Steps 1–2 of resolvePrice alone: the list that prices the product for (tier, currency, date) and its breaks,
 * whatever the quantity. The catalog shows this ladder; resolvePrice picks a break from it, so both
 * share one definition of which list wins.
 */
export function priceLadder(lists: ReadonlyArray<PriceListCandidate>, q: { tier: string; currency: string; date: string }): PriceLadder | null {
  const chosen = lists
    .filter((l) => l.tier === q.tier && l.currency === q.currency && isListValidOn(l, q.date) && l.items.length > 0)
    .sort((a, b) => (a.validFrom === b.validFrom ? (a.code < b.code ? 1 : -1) : a.validFrom < b.validFrom ? 1 : -1))[0]
  if (!chosen) return null
  const breaks = [...chosen.items].sort((a, b) => new D(a.minQty).comparedTo(b.minQty))
  return {
    priceListId: chosen.id,
    priceListCode: chosen.code,
    currency: chosen.currency,
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

/**
 * A unit price for display: at least the currency's 2 decimals, up to the 4 a price list stores
 * (¥0.096 stays ¥0.096, never rounded to ¥0.10). Intl formats the decimal string without a float.
 */
export function formatUnitPrice(amount: string, currency: string, locale: string): string {
  return numberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(amount as unknown as number)
}

/** A tax rate stored as a fraction ('0.1300') shown as a percentage ('13%'). */
export function formatTaxRate(rate: string, locale: string): string {
  // Stored as a fraction (0.13); formatPercent takes points.
  return formatPercent(new D(rate).times(100), locale)
}
