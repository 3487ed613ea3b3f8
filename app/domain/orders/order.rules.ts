// Pure rules of a dealer order: its state machine, line arithmetic and the status its lines imply.
// No I/O; the commands call these under the order's row lock.
import type Decimal from 'decimal.js'
import { D, money } from '~/utils/money'

export type SalesOrderStatus = 'submitted' | 'approved' | 'reserved' | 'picked' | 'partially_shipped' | 'shipped' | 'delivered' | 'cancelled' | 'rejected'

export type OrderCommand = 'approve' | 'reject' | 'reserveBackorders' | 'pick' | 'ship' | 'deliver' | 'cancel' | 'cancelRest' | 'cancelBackorders' | 'recordPayment'

/**
 * Where each command may start. The dealer's own cancel ends before picking: once goods are picked,
 * the warehouse has them on a cart. Cancelling the rest is the host's: what has not shipped of an
 * approved, picked or partly shipped order (picked goods go back on the shelf), so an order whose
 * backorder will not come can be closed on what went out. Cancelling the backorders is the dealer's
 * (and the host's) at any open stage: what waits for stock no longer waits, what is held still ships.
 */
const allowedFrom: Record<OrderCommand, readonly SalesOrderStatus[]> = {
  approve: ['submitted'],
  reject: ['submitted'],
  reserveBackorders: ['approved', 'picked', 'partially_shipped'],
  pick: ['reserved', 'approved'],
  ship: ['picked', 'partially_shipped'],
  deliver: ['partially_shipped', 'shipped'],
  cancel: ['submitted', 'approved', 'reserved'],
  cancelRest: ['approved', 'reserved', 'picked', 'partially_shipped'],
  cancelBackorders: ['approved', 'reserved', 'picked', 'partially_shipped'],
  recordPayment: ['partially_shipped', 'shipped', 'delivered'],
}

export function canRun(command: OrderCommand, status: SalesOrderStatus): boolean {
  return allowedFrom[command].includes(status)
}

export function statusesThatCan(command: OrderCommand): SalesOrderStatus[] {
  return [...allowedFrom[command]]
}

/** The statuses each status may move to (the state machine's edges), for tests and documentation. */
export const transitions: Record<SalesOrderStatus, readonly SalesOrderStatus[]> = {
  submitted: ['approved', 'reserved', 'rejected', 'cancelled'],
  approved: ['reserved', 'picked', 'cancelled'],
  reserved: ['picked', 'cancelled'],
  picked: ['partially_shipped', 'shipped', 'cancelled'],
  partially_shipped: ['partially_shipped', 'shipped', 'delivered'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
  rejected: [],
}

export function canMove(from: SalesOrderStatus, to: SalesOrderStatus): boolean {
  return transitions[from].includes(to)
}

export const terminalStatuses: readonly SalesOrderStatus[] = ['delivered', 'cancelled', 'rejected']

/** Statuses whose unshipped value still counts against the dealer's credit. */
export const openOrderStatuses: readonly SalesOrderStatus[] = ['submitted', 'approved', 'reserved', 'picked', 'partially_shipped']
/** Statuses with goods shipped, whose shipped value minus payments is a receivable. */
export const receivableStatuses: readonly SalesOrderStatus[] = ['partially_shipped', 'shipped', 'delivered']

export interface LineAmounts {
  lineNet: string
  lineTax: string
  lineTotal: string
}

/** Net = quantity × unit price rounded to cents; tax on the rounded net, also to cents (as a VAT invoice line). */
export function lineAmounts(quantity: Decimal.Value, unitPrice: Decimal.Value, taxRate: Decimal.Value): LineAmounts {
  const net = new D(quantity).times(unitPrice).toDecimalPlaces(2)
  const tax = net.times(taxRate).toDecimalPlaces(2)
  return { lineNet: money(net), lineTax: money(tax), lineTotal: money(net.plus(tax)) }
}

export function orderTotals(lines: ReadonlyArray<{ lineNet: string; lineTax: string }>): { subtotal: string; taxTotal: string; total: string } {
  const subtotal = lines.reduce((a, l) => a.plus(l.lineNet), new D(0))
  const taxTotal = lines.reduce((a, l) => a.plus(l.lineTax), new D(0))
  return { subtotal: money(subtotal), taxTotal: money(taxTotal), total: money(subtotal.plus(taxTotal)) }
}

/**
 * The value incl. tax of `quantity` units of a line, by the same rounding as lineAmounts, so that
 * a fully shipped line is worth exactly its lineNet + lineTax.
 */
export function valueOf(quantity: Decimal.Value, unitPrice: Decimal.Value, taxRate: Decimal.Value): string {
  return lineAmounts(quantity, unitPrice, taxRate).lineTotal
}

export interface LineProgress {
  quantity: string
  backorderedQty: string
  shippedQty: string
  /** Units that will never ship (the order, or its rest, cancelled). */
  cancelledQty: string
  /** Active reservations of this line. */
  reservedQty: string
}

/**
 * The status an order's lines imply once credit is cleared: everything shipped → shipped; some
 * shipped → partially_shipped; every open unit reserved → reserved; else approved (waiting for stock).
 * Picking is a warehouse decision, not a consequence of the lines, so it is kept when given.
 */
export function statusFromLines(lines: ReadonlyArray<LineProgress>, current: SalesOrderStatus): SalesOrderStatus {
  const allShipped = lines.every((l) => new D(restOf(l)).lte(0))
  const anyShipped = lines.some((l) => new D(l.shippedQty).gt(0))
  if (allShipped) return 'shipped'
  if (anyShipped) return 'partially_shipped'
  if (current === 'picked') return 'picked'
  const fullyReserved = lines.every((l) => new D(l.backorderedQty).isZero())
  return fullyReserved ? 'reserved' : 'approved'
}

/** A line's bookkeeping identity once its credit is cleared: reserved + shipped + backordered + cancelled = quantity (a held order's parts are all 0). */
export function lineBalances(line: LineProgress): boolean {
  return new D(line.reservedQty).plus(line.shippedQty).plus(line.backorderedQty).plus(line.cancelledQty).eq(line.quantity)
}

/** What of a line may still ship: reserved (picked or not) or backordered. */
export function restOf(line: Pick<LineProgress, 'quantity' | 'shippedQty' | 'cancelledQty'>): string {
  return D.max(new D(line.quantity).minus(line.shippedQty).minus(line.cancelledQty), 0).toFixed()
}

/** Cancelling the rest needs a rest: an order in a status it may start from with something left to ship. */
export function canCancelRest(status: SalesOrderStatus, lines: ReadonlyArray<Pick<LineProgress, 'quantity' | 'shippedQty' | 'cancelledQty'>>): boolean {
  return canRun('cancelRest', status) && lines.some((l) => new D(restOf(l)).gt(0))
}

/**
 * Where an order stands once nothing more will ship of it: cancelled when nothing shipped (exactly
 * what cancelling the order does), else shipped, or delivered when every shipment has arrived.
 */
export function statusWhenRestCancelled(lines: ReadonlyArray<Pick<LineProgress, 'shippedQty'>>, shipmentStatuses: ReadonlyArray<'shipped' | 'delivered'>): SalesOrderStatus {
  if (!lines.some((l) => new D(l.shippedQty).gt(0))) return 'cancelled'
  return isDelivered('shipped', shipmentStatuses) ? 'delivered' : 'shipped'
}

/** Cancelling the backorders needs a backorder: an open order with a unit on some line not reserved, picked or shipped. */
export function canCancelBackorders(status: SalesOrderStatus, lines: ReadonlyArray<Pick<LineProgress, 'backorderedQty'>>): boolean {
  return canRun('cancelBackorders', status) && lines.some((l) => new D(l.backorderedQty).gt(0))
}

/**
 * Whether a page offers cancelling the backorders: only where something else of the order stays. With nothing
 * held the same act is cancelling the order, or (after shipments) cancelling its rest, and a page offers that
 * instead where its user may; a dealer, who may not cancel the rest, is offered this one then. One rule for
 * the console and the dealer's page (`mayCancelRest`: the host's approvers).
 */
export function offersCancelBackorders(status: SalesOrderStatus, lines: ReadonlyArray<Pick<LineProgress, 'backorderedQty' | 'reservedQty' | 'shippedQty'>>, opts: { mayCancelRest: boolean }): boolean {
  if (!canCancelBackorders(status, lines)) return false
  if (lines.some((l) => new D(l.reservedQty).gt(0))) return true
  if (opts.mayCancelRest) return false
  return lines.some((l) => new D(l.shippedQty).gt(0)) || !canRun('cancel', status)
}

/**
 * Where an order stands once its backorders are cancelled (`lines` as they are after): with nothing left
 * to reserve, pick or ship it ends as cancelling its rest would; else where what it holds puts it (an
 * approved order all of whose rest is held is reserved, a picked or partly shipped one stays so).
 */
export function statusWhenBackordersCancelled(lines: ReadonlyArray<LineProgress>, current: SalesOrderStatus, shipmentStatuses: ReadonlyArray<'shipped' | 'delivered'>): SalesOrderStatus {
  if (lines.every((l) => new D(restOf(l)).lte(0))) return statusWhenRestCancelled(lines, shipmentStatuses)
  return statusFromLines(lines, current)
}

/** A pick needs something to ship: every unit reserved, or (approved, partial) at least one reserved unit. */
export function canPick(status: SalesOrderStatus, lines: ReadonlyArray<LineProgress>): boolean {
  if (!canRun('pick', status)) return false
  return lines.some((l) => new D(l.reservedQty).gt(0))
}

/**
 * The order closed on what shipped, the rest of it cancelled (by its lines' cancelled quantities): it ships no more and
 * is worth what shipped, whoever cancelled the rest. How its lines read; restWasCancelled says whether the host did.
 */
export function closedOnWhatShipped(status: SalesOrderStatus, cancelled: ReadonlyArray<string>): boolean {
  return (status === 'shipped' || status === 'delivered') && cancelled.some((c) => new D(c).gt(0))
}

/**
 * The host cancelled the rest of a partly shipped order (stored with who and why): a dealer's backorder cancel that left
 * the order to close on what shipped is not this, and is told by backordersCancelledAt.
 */
export function restWasCancelled(order: { status: SalesOrderStatus; cancelledAt: string | Date | null }): boolean {
  return (order.status === 'shipped' || order.status === 'delivered') && order.cancelledAt !== null
}

/**
 * Still open with its backorders cancelled (when is stored with who and why): what is held still ships, and
 * its lines show what was cancelled beside it. An order that ended afterwards still says who cancelled the
 * backorders and why, but its lines read as an ended order's.
 */
export function backordersWereCancelled(order: { status: SalesOrderStatus; backordersCancelledAt: string | null }): boolean {
  return openOrderStatuses.includes(order.status) && order.backordersCancelledAt !== null
}

/** Delivered once nothing is left to ship and every shipment arrived. */
export function isDelivered(status: SalesOrderStatus, shipmentStatuses: ReadonlyArray<'shipped' | 'delivered'>): boolean {
  return status === 'shipped' && shipmentStatuses.length > 0 && shipmentStatuses.every((s) => s === 'delivered')
}
