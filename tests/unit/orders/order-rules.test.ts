import { describe, expect, it } from 'vitest'
import {
  backordersWereCancelled,
  canCancelBackorders,
  canCancelRest,
  canMove,
  canPick,
  canRun,
  isDelivered,
  lineAmounts,
  lineBalances,
  offersCancelBackorders,
  orderTotals,
  restOf,
  restWasCancelled,
  closedOnWhatShipped,
  statusFromLines,
  statusWhenBackordersCancelled,
  statusWhenRestCancelled,
  transitions,
  valueOf,
  type SalesOrderStatus,
} from '~/domain/orders/order.rules'

const line = (quantity: string, reservedQty: string, shippedQty = '0', backorderedQty = '0', cancelledQty = '0') => ({ quantity, reservedQty, shippedQty, backorderedQty, cancelledQty })
const all: SalesOrderStatus[] = ['submitted', 'approved', 'reserved', 'picked', 'partially_shipped', 'shipped', 'delivered', 'cancelled', 'rejected']

describe('the order state machine', () => {
  it('lets a dealer or manager cancel only before picking', () => {
    expect(all.filter((s) => canRun('cancel', s))).toEqual(['submitted', 'approved', 'reserved'])
  })

  it('approves and rejects only what waits for approval', () => {
    for (const cmd of ['approve', 'reject'] as const) {
      expect(canRun(cmd, 'submitted')).toBe(true)
      expect(canRun(cmd, 'approved')).toBe(false)
      expect(canRun(cmd, 'cancelled')).toBe(false)
    }
  })

  it('ships only picked or partially shipped orders and delivers only shipped ones', () => {
    expect(canRun('ship', 'reserved')).toBe(false)
    expect(canRun('ship', 'picked')).toBe(true)
    expect(canRun('ship', 'partially_shipped')).toBe(true)
    expect(canRun('deliver', 'picked')).toBe(false)
    expect(canRun('deliver', 'shipped')).toBe(true)
  })

  it('has no way out of the terminal states', () => {
    for (const s of ['delivered', 'cancelled', 'rejected'] as const) expect(transitions[s]).toEqual([])
    expect(canMove('shipped', 'cancelled')).toBe(false)
    expect(canMove('submitted', 'reserved')).toBe(true)
  })

  it('picks from reserved, or from approved only when something is reserved', () => {
    expect(canPick('approved', [line('10', '0', '0', '10')])).toBe(false)
    expect(canPick('approved', [line('10', '4', '0', '6')])).toBe(true)
    expect(canPick('submitted', [line('10', '10')])).toBe(false)
  })
})

describe('the status an order’s lines imply', () => {
  it('is reserved when every unit is held, approved while some wait for stock', () => {
    expect(statusFromLines([line('5', '5'), line('3', '3')], 'approved')).toBe('reserved')
    expect(statusFromLines([line('5', '5'), line('3', '1', '0', '2')], 'approved')).toBe('approved')
  })
  it('keeps picked until something ships, then partially shipped, then shipped', () => {
    expect(statusFromLines([line('5', '5')], 'picked')).toBe('picked')
    expect(statusFromLines([line('5', '2', '3')], 'picked')).toBe('partially_shipped')
    expect(statusFromLines([line('5', '0', '5'), line('1', '0', '1')], 'partially_shipped')).toBe('shipped')
  })
  it('delivers when shipped and every shipment arrived', () => {
    expect(isDelivered('shipped', ['delivered', 'delivered'])).toBe(true)
    expect(isDelivered('shipped', ['delivered', 'shipped'])).toBe(false)
    expect(isDelivered('partially_shipped', ['delivered'])).toBe(false)
    expect(isDelivered('shipped', [])).toBe(false)
  })
  it('checks the line identity reserved + shipped + backordered + cancelled = quantity', () => {
    expect(lineBalances(line('10', '4', '3', '3'))).toBe(true)
    expect(lineBalances(line('10', '4', '3', '2'))).toBe(false)
    expect(lineBalances(line('10', '0', '6', '0', '4'))).toBe(true)
  })
  it('counts cancelled units as done: a line shipped short and cancelled is not waiting', () => {
    expect(statusFromLines([line('10', '0', '6', '0', '4')], 'partially_shipped')).toBe('shipped')
  })
})

describe('cancelling the rest', () => {
  it('starts from an approved, reserved, picked or partly shipped order, never after everything shipped or ended', () => {
    expect(all.filter((s) => canRun('cancelRest', s))).toEqual(['approved', 'reserved', 'picked', 'partially_shipped'])
  })
  it('needs a rest: something reserved, picked or backordered, not shipped nor cancelled already', () => {
    expect(restOf(line('10', '0', '6', '4'))).toBe('4')
    expect(restOf(line('10', '0', '6', '0', '4'))).toBe('0')
    expect(restOf(line('2.5', '1', '1.5'))).toBe('1')
    expect(canCancelRest('partially_shipped', [line('10', '0', '6', '4'), line('3', '0', '3')])).toBe(true)
    expect(canCancelRest('picked', [line('5', '5')])).toBe(true)
    expect(canCancelRest('partially_shipped', [line('10', '0', '10')])).toBe(false)
    expect(canCancelRest('shipped', [line('10', '0', '6', '0', '4')])).toBe(false)
    expect(canCancelRest('submitted', [line('10', '0')])).toBe(false)
  })
  it('ends the order where its shipments leave it: cancelled with nothing shipped, else shipped, delivered once all arrived', () => {
    expect(statusWhenRestCancelled([line('5', '5'), line('2', '0', '0', '2')], [])).toBe('cancelled')
    expect(statusWhenRestCancelled([line('10', '0', '6', '4'), line('2', '2')], ['shipped'])).toBe('shipped')
    expect(statusWhenRestCancelled([line('10', '0', '6', '4')], ['delivered', 'shipped'])).toBe('shipped')
    expect(statusWhenRestCancelled([line('10', '0', '6', '4')], ['delivered', 'delivered'])).toBe('delivered')
  })
  it('adds the edges it takes to the state machine', () => {
    expect(canMove('picked', 'cancelled')).toBe(true)
    expect(canMove('partially_shipped', 'shipped')).toBe(true)
    expect(canMove('partially_shipped', 'delivered')).toBe(true)
    for (const s of ['approved', 'reserved'] as const) expect(canMove(s, 'cancelled')).toBe(true)
  })
})

describe('cancelling the backorders', () => {
  it('starts from an open order with something backordered, never from a held, shipped or ended one', () => {
    expect(all.filter((s) => canRun('cancelBackorders', s))).toEqual(['approved', 'reserved', 'picked', 'partially_shipped'])
    expect(canCancelBackorders('approved', [line('10', '4', '0', '6')])).toBe(true)
    expect(canCancelBackorders('partially_shipped', [line('10', '0', '3', '0', '0'), line('5', '0', '0', '5')])).toBe(true)
    expect(canCancelBackorders('reserved', [line('10', '10')])).toBe(false)
    expect(canCancelBackorders('picked', [line('10', '4', '0', '0', '6')])).toBe(false)
    expect(canCancelBackorders('submitted', [line('10', '0', '0', '10')])).toBe(false)
    expect(canCancelBackorders('shipped', [line('10', '0', '6', '4')])).toBe(false)
  })
  it('keeps what is held moving: approved becomes reserved, picked and partly shipped stay', () => {
    expect(statusWhenBackordersCancelled([line('10', '4', '0', '0', '6')], 'approved', [])).toBe('reserved')
    expect(statusWhenBackordersCancelled([line('10', '4', '0', '0', '6')], 'picked', [])).toBe('picked')
    expect(statusWhenBackordersCancelled([line('10', '4', '3', '0', '3')], 'partially_shipped', ['shipped'])).toBe('partially_shipped')
  })
  it('ends the order when nothing is left: cancelled with nothing shipped, shipped or delivered after shipments', () => {
    expect(statusWhenBackordersCancelled([line('10', '0', '0', '0', '10')], 'approved', [])).toBe('cancelled')
    expect(statusWhenBackordersCancelled([line('10', '0', '6', '0', '4'), line('2', '0', '2')], 'partially_shipped', ['shipped'])).toBe('shipped')
    expect(statusWhenBackordersCancelled([line('10', '0', '6', '0', '4')], 'partially_shipped', ['delivered'])).toBe('delivered')
  })
  it('is offered only where something else of the order stays: else cancelling the order, or its rest where one may, is the offer', () => {
    const dealer = { mayCancelRest: false }
    const host = { mayCancelRest: true }
    const partHeld = [line('10', '4', '0', '6')]
    expect([offersCancelBackorders('approved', partHeld, dealer), offersCancelBackorders('approved', partHeld, host)]).toEqual([true, true])
    // Nothing held nor shipped: the order itself is cancelled (both may).
    const allWaiting = [line('10', '0', '0', '10')]
    expect([offersCancelBackorders('approved', allWaiting, dealer), offersCancelBackorders('approved', allWaiting, host)]).toEqual([false, false])
    // Part shipped, the rest all backordered: the host cancels the rest; the dealer, who may not, drops its backorders.
    const shippedRestWaiting = [line('10', '0', '6', '4')]
    expect([offersCancelBackorders('partially_shipped', shippedRestWaiting, dealer), offersCancelBackorders('partially_shipped', shippedRestWaiting, host)]).toEqual([true, false])
    expect(offersCancelBackorders('reserved', [line('10', '10')], dealer)).toBe(false)
  })
  it('is told from the rest cancelled by the status: an open order whose backorders were cancelled still ships what it holds', () => {
    const withCancelled = ['0', '6']
    const at = '2026-03-02T10:00:00.000Z'
    expect(all.filter((s) => backordersWereCancelled({ status: s, backordersCancelledAt: at }))).toEqual(['submitted', 'approved', 'reserved', 'picked', 'partially_shipped'])
    expect(all.filter((s) => closedOnWhatShipped(s, withCancelled))).toEqual(['shipped', 'delivered'])
    // The host cancelled the rest only where it says when; a backorder cancel that closed the order on what shipped did not.
    expect(all.filter((s) => restWasCancelled({ status: s, cancelledAt: at }))).toEqual(['shipped', 'delivered'])
    expect(restWasCancelled({ status: 'shipped', cancelledAt: null })).toBe(false)
    expect(backordersWereCancelled({ status: 'reserved', backordersCancelledAt: null })).toBe(false)
  })
})

describe('line amounts', () => {
  it('rounds the net to cents, then the tax on the rounded net', () => {
    expect(lineAmounts('3', '0.3333', '0.13')).toEqual({ lineNet: '1.00', lineTax: '0.13', lineTotal: '1.13' })
    expect(lineAmounts('1.5', '1024.0000', '0.1300')).toEqual({ lineNet: '1536.00', lineTax: '199.68', lineTotal: '1735.68' })
    expect(lineAmounts('1', '0.005', '0')).toEqual({ lineNet: '0.01', lineTax: '0.00', lineTotal: '0.01' })
  })
  it('sums lines exactly, without floats', () => {
    const t = orderTotals([{ lineNet: '0.10', lineTax: '0.01' }, { lineNet: '0.20', lineTax: '0.03' }])
    expect(t).toEqual({ subtotal: '0.30', taxTotal: '0.04', total: '0.34' })
  })
  it('values a whole line exactly as its net plus tax', () => {
    const a = lineAmounts('7', '12.3456', '0.13')
    expect(valueOf('7', '12.3456', '0.13')).toBe(a.lineTotal)
  })
})
