import { describe, expect, it } from 'vitest'
import { checkCredit, exposureOf, receivableOf } from '~/domain/orders/credit.rules'

describe('the credit check', () => {
  it('passes exactly at the limit', () => {
    const c = checkCredit({ limit: '30000.00', receivables: '10000.00', openOrders: '5000.00', thisOrder: '15000.00' })
    expect(c).toEqual({ limit: '30000.00', receivables: '10000.00', openOrders: '5000.00', thisOrder: '15000.00', available: '0.00', overLimit: false })
  })
  it('fails one cent over', () => {
    const c = checkCredit({ limit: '30000.00', receivables: '10000.00', openOrders: '5000.00', thisOrder: '15000.01' })
    expect(c.overLimit).toBe(true)
    expect(c.available).toBe('-0.01')
  })
  it('lets nothing through a zero limit', () => {
    expect(checkCredit({ limit: '0', receivables: '0', openOrders: '0', thisOrder: '0.01' }).overLimit).toBe(true)
  })
  it('counts receivables and open orders against the limit', () => {
    expect(checkCredit({ limit: '100', receivables: '60', openOrders: '0', thisOrder: '50' }).overLimit).toBe(true)
    expect(checkCredit({ limit: '100', receivables: '0', openOrders: '60', thisOrder: '50' }).overLimit).toBe(true)
    expect(checkCredit({ limit: '100', receivables: '0', openOrders: '0', thisOrder: '50' }).overLimit).toBe(false)
  })
})

describe('a dealer’s exposure', () => {
  const l = (quantity: string, shippedQty: string) => ({ quantity, shippedQty, unitPrice: '100.0000', taxRate: '0.1300' })
  it('splits a partially shipped order into receivable and open parts that add up to its total', () => {
    const e = exposureOf([{ status: 'partially_shipped', paidTotal: '0', lines: [l('10', '4')] }])
    expect(e).toEqual({ receivables: '452.00', openOrders: '678.00' })
  })
  it('counts open orders whole, shipped orders as receivable minus payments, and ignores cancelled and rejected', () => {
    const e = exposureOf([
      { status: 'submitted', paidTotal: '0', lines: [l('1', '0')] },
      { status: 'reserved', paidTotal: '0', lines: [l('2', '0')] },
      { status: 'shipped', paidTotal: '100', lines: [l('1', '1')] },
      { status: 'delivered', paidTotal: '113', lines: [l('1', '1')] },
      { status: 'cancelled', paidTotal: '0', lines: [l('5', '0')] },
      { status: 'rejected', paidTotal: '0', lines: [l('5', '0')] },
    ])
    expect(e).toEqual({ receivables: '13.00', openOrders: '339.00' })
  })
  it('never counts an overpayment as negative exposure', () => {
    expect(receivableOf([l('1', '1')], '200')).toBe('0.00')
    expect(receivableOf([l('3', '2')], '26')).toBe('200.00')
  })
})
