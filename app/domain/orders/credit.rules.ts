// Pure credit check of a dealer order (product.md §6): open receivables + open orders + this order
// must stay within the dealer's credit limit, else a sales manager decides. No I/O.
import type Decimal from 'decimal.js'
import { D, money } from '~/utils/money'
import { openOrderStatuses, receivableStatuses, valueOf } from './order.rules'

export interface CreditCheck {
  limit: string
  /** Shipped value incl. tax not yet paid, over the dealer's shipped/partially shipped/delivered orders. */
  receivables: string
  /** Unshipped value incl. tax of the dealer's open orders (submitted … partially shipped). */
  openOrders: string
  thisOrder: string
  /** limit − receivables − openOrders − thisOrder; negative when over. */
  available: string
  overLimit: boolean
}

/** Exactly at the limit passes; one cent over does not. A zero limit lets nothing through without approval. */
export function checkCredit(input: { limit: Decimal.Value; receivables: Decimal.Value; openOrders: Decimal.Value; thisOrder: Decimal.Value }): CreditCheck {
  const limit = new D(input.limit)
  const exposure = new D(input.receivables).plus(input.openOrders).plus(input.thisOrder)
  const available = limit.minus(exposure)
  return {
    limit: money(limit),
    receivables: money(input.receivables),
    openOrders: money(input.openOrders),
    thisOrder: money(input.thisOrder),
    available: money(available),
    overLimit: available.lt(0) || (limit.isZero() && new D(input.thisOrder).gt(0)),
  }
}

export interface ExposureLine {
  status: string
  quantity: string
  shippedQty: string
  /** Never to ship (the rest cancelled); out of the order's value. */
  cancelledQty?: string
  unitPrice: string
  taxRate: string
}

export interface ExposureOrder {
  status: string
  paidTotal: string
  lines: ReadonlyArray<Omit<ExposureLine, 'status'>>
}

const receivableSet = new Set<string>(receivableStatuses)
const openSet = new Set<string>(openOrderStatuses)

/**
 * A dealer's exposure from its orders. A partially shipped order counts both ways: its shipped part
 * is a receivable, its unshipped part an open order; shipped value + unshipped value = the order total.
 */
export function exposureOf(orders: ReadonlyArray<ExposureOrder>): { receivables: string; openOrders: string } {
  let receivables = new D(0)
  let openOrders = new D(0)
  for (const o of orders) {
    let shipped = new D(0)
    let total = new D(0)
    for (const l of o.lines) {
      shipped = shipped.plus(valueOf(l.shippedQty, l.unitPrice, l.taxRate))
      total = total.plus(valueOf(new D(l.quantity).minus(l.cancelledQty ?? 0), l.unitPrice, l.taxRate))
    }
    if (receivableSet.has(o.status)) receivables = receivables.plus(D.max(shipped.minus(o.paidTotal), 0))
    if (openSet.has(o.status)) openOrders = openOrders.plus(total.minus(shipped))
  }
  return { receivables: money(receivables), openOrders: money(openOrders) }
}

/** What is still owed on one order: its shipped value incl. tax − payments. */
export function receivableOf(lines: ReadonlyArray<Omit<ExposureLine, 'status'>>, paidTotal: Decimal.Value): string {
  const shipped = lines.reduce((a, l) => a.plus(valueOf(l.shippedQty, l.unitPrice, l.taxRate)), new D(0))
  return money(D.max(shipped.minus(paidTotal), 0))
}
