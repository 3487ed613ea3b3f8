import { describe, expect, it } from 'vitest'
import { available, conservationBreaches, countDifference, isQuantityString, moveSign, quantityFitsKind, signedDifference, stockMoveKinds, transferLegs } from '~/domain/inventory/stock.rules'

const key = { productId: 'p', warehouseId: 'w', binId: null, batch: null }

describe('move kinds', () => {
  it('give each kind its direction; adjustments and counts go either way', () => {
    expect(stockMoveKinds.map((k) => moveSign[k])).toEqual([1, -1, -1, 1, 0, 0])
    expect(quantityFitsKind('receipt', '5')).toBe(true)
    expect(quantityFitsKind('receipt', '-5')).toBe(false)
    expect(quantityFitsKind('shipment', '5')).toBe(false)
    expect(quantityFitsKind('shipment', '-5')).toBe(true)
    expect(quantityFitsKind('adjustment', '-0.0001')).toBe(true)
    expect(quantityFitsKind('count', '3')).toBe(true)
    expect(quantityFitsKind('adjustment', '0')).toBe(false)
    expect(quantityFitsKind('adjustment', 'NaN')).toBe(false)
  })

  it('accepts quantities numeric(18,4) can hold', () => {
    expect(['1', '-1', '0.0001', '12345678901234.5678'].every(isQuantityString)).toBe(true)
    expect(['', '1.23456', '1e3', '123456789012345', ' 1', '0x10'].some(isQuantityString)).toBe(false)
  })
})

describe('transfers', () => {
  it('pair an outgoing and an incoming leg of the same size, keeping the batch', () => {
    expect(transferLegs({ warehouseId: 'a', binId: null }, { warehouseId: 'b', binId: 'x' }, '2.5', 'LOT')).toEqual([
      { kind: 'transfer_out', warehouseId: 'a', binId: null, batch: 'LOT', quantity: '-2.5' },
      { kind: 'transfer_in', warehouseId: 'b', binId: 'x', batch: 'LOT', quantity: '2.5' },
    ])
  })

  it('refuse a non-positive quantity and a transfer to the same place', () => {
    expect(() => transferLegs({ warehouseId: 'a', binId: null }, { warehouseId: 'b', binId: null }, '0', null)).toThrow(RangeError)
    expect(() => transferLegs({ warehouseId: 'a', binId: null }, { warehouseId: 'b', binId: null }, '-1', null)).toThrow(RangeError)
    expect(() => transferLegs({ warehouseId: 'a', binId: 'x' }, { warehouseId: 'a', binId: 'x' }, '1', null)).toThrow(RangeError)
    expect(() => transferLegs({ warehouseId: 'a', binId: 'x' }, { warehouseId: 'a', binId: null }, '1', null)).not.toThrow()
  })
})

describe('counts and availability', () => {
  it('turn a count into the difference, or nothing', () => {
    expect(countDifference('7', '10')).toBe('-3')
    expect(countDifference('10.5', '10')).toBe('0.5')
    expect(countDifference('10', '10.0000')).toBeNull()
  })

  it('compute available exactly', () => {
    expect(available({ onHand: '0.3', reserved: '0.1' })).toBe('0.2')
  })
})

describe('conservationBreaches', () => {
  it('holds when each balance is the sum of its moves and transfers cancel', () => {
    const moves = [
      { ...key, quantity: '10' },
      { ...key, quantity: '-4', transferId: 't' },
      { ...key, warehouseId: 'w2', quantity: '4', transferId: 't' },
    ]
    expect(conservationBreaches(moves, [{ ...key, onHand: '6' }, { ...key, warehouseId: 'w2', onHand: '4.0000' }])).toEqual([])
  })

  it('names a balance that drifted, a balance with no moves, moves with no balance and a one-legged transfer', () => {
    expect(conservationBreaches([{ ...key, quantity: '10' }], [{ ...key, onHand: '9' }])).toEqual(['p|w||'])
    expect(conservationBreaches([], [{ ...key, onHand: '1' }])).toEqual(['p|w||'])
    expect(conservationBreaches([{ ...key, batch: 'L', quantity: '2' }], [])).toEqual(['p|w||L'])
    expect(conservationBreaches([{ ...key, quantity: '-3', transferId: 't' }, { ...key, quantity: '3' }], [{ ...key, onHand: '0' }])).toEqual(['transfer:t'])
  })
})

describe('signedDifference (a count difference in a notice)', () => {
  it('carries its sign either way and groups thousands', () => {
    expect(signedDifference('1260')).toBe('+1,260')
    expect(signedDifference('-1260.5')).toBe('-1,260.5')
    expect(signedDifference('-40')).toBe('-40')
    expect(signedDifference('7')).toBe('+7')
  })
})
