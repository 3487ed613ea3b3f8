import { describe, expect, it } from 'vitest'
import { contentionOf } from '~/domain/orders/approval-contention.rules'

describe('waiting orders that want the same stock', () => {
  it('counts, per line, the other waiting orders asking the same warehouse for the product, and how much they ask', () => {
    const c = contentionOf([
      { id: 'a', warehouseCode: 'SH-MAIN', stockNow: [{ sku: 'AS-4003', quantity: '10' }, { sku: 'EL-1001', quantity: '5' }] },
      { id: 'b', warehouseCode: 'SH-MAIN', stockNow: [{ sku: 'AS-4003', quantity: '8' }] },
      { id: 'c', warehouseCode: 'SH-MAIN', stockNow: [{ sku: 'AS-4003', quantity: '2.5' }] },
      // Another warehouse's stock is not the same stock.
      { id: 'd', warehouseCode: 'SZ-SOUTH', stockNow: [{ sku: 'AS-4003', quantity: '100' }, { sku: 'EL-1001', quantity: '1' }] },
    ])
    expect(c.get('a')).toEqual(new Map([['AS-4003', { orders: 2, quantity: '10.5' }]]))
    expect(c.get('b')).toEqual(new Map([['AS-4003', { orders: 2, quantity: '12.5' }]]))
    expect(c.get('d')).toEqual(new Map())
  })
})
