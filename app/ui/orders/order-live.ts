import { useEffect, useRef } from 'react'
import { useRevalidator, type ShouldRevalidateFunction } from '@remix-run/react'
import { useSocketEvent } from '~/realtime/client'

/** A burst of events (a shipment touching many orders) refetches once. */
const DEBOUNCE_MS = 250

/**
 * Refetches the page's loader when an order it cares about changes. The event carries only the id,
 * number, status and version; what the page shows comes back through its own scoped loader.
 * `shows` filters to the orders on screen (a detail page); without it any order change refetches (lists,
 * which pass a longer debounce so a busy day of orders costs each open list at most one refetch a second).
 */
export function useOrderRevalidation(shows?: (orderId: string, version: number) => boolean, debounceMs = DEBOUNCE_MS) {
  const revalidator = useRevalidator()
  const revalidate = useRef(revalidator.revalidate)
  revalidate.current = revalidator.revalidate
  const filter = useRef(shows)
  filter.current = shows
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current)
    },
    [],
  )
  useSocketEvent('order:changed', ({ orderId, version }) => {
    if (filter.current && !filter.current(orderId, version)) return
    if (timer.current) return
    timer.current = setTimeout(() => {
      timer.current = null
      revalidate.current()
    }, debounceMs)
  })
}

/**
 * An order page's `shouldRevalidate`: a command refused because the order moved on meanwhile (409,
 * e.g. a colleague confirmed the delivery first) reloads the order, so the page shows what happened
 * beside the refusal instead of the stale buttons. Other refusals (bad input) keep the page as it is.
 */
export const revalidateOrderOnConflict: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate
