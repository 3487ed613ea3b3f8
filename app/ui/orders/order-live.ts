import type { ShouldRevalidateFunction } from '@remix-run/react'
import { useRevalidateOn } from '~/realtime/client'

/** A burst of events (a shipment touching many orders) refetches once. */
const DEBOUNCE_MS = 250

/**
 * Refetches the page's loader when an order it cares about changes. The event carries only the id,
 * number, status and version; what the page shows comes back through its own scoped loader.
 * `shows` filters to the orders on screen (a detail page); without it any order change refetches (lists,
 * which pass a longer debounce so a busy day of orders costs each open list at most one refetch a second).
 */
export function useOrderRevalidation(shows?: (orderId: string, version: number) => boolean, debounceMs = DEBOUNCE_MS) {
  useRevalidateOn('order:changed', shows && (({ orderId, version }) => shows(orderId, version)), debounceMs)
}

/**
 * Refetches the page's loader when a dealer's terms (tier, credit limit, payment terms) change:
 * credit figures and prices on screen follow a sales manager's edit. `shows` filters to the dealers
 * on screen; without it any dealer's change refetches.
 */
export function useDealerTermsRevalidation(shows?: (dealerOrgId: string) => boolean, debounceMs = DEBOUNCE_MS) {
  useRevalidateOn('dealer:termsChanged', shows && (({ dealerOrgId }) => shows(dealerOrgId)), debounceMs)
}

/**
 * An order page's `shouldRevalidate`: a command refused because the order moved on meanwhile (409,
 * e.g. a colleague confirmed the delivery first) reloads the order, so the page shows what happened
 * beside the refusal instead of the stale buttons. Other refusals (bad input) keep the page as it is.
 */
export const revalidateOrderOnConflict: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate
