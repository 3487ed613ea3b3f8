import { describe, expect, it } from 'vitest'
import { COUNT_TOLERANCE, countTolerance, countWithinTolerance } from '~/domain/inventory/stock.rules'

// The rule that decides whether a cycle count posts at once or waits for a second person.
describe('count tolerance', () => {
  it('allows 5 % of the book quantity, at least 5 and at most 100 units', () => {
    expect(COUNT_TOLERANCE).toEqual({ percent: '5', minUnits: '5', maxUnits: '100' })
    expect(countTolerance('0').toFixed()).toBe('5')
    expect(countTolerance('40').toFixed()).toBe('5')
    expect(countTolerance('100').toFixed()).toBe('5')
    expect(countTolerance('240').toFixed()).toBe('12')
    expect(countTolerance('1000').toFixed()).toBe('50')
    expect(countTolerance('2000').toFixed()).toBe('100')
    expect(countTolerance('100000').toFixed()).toBe('100')
    expect(countTolerance('333.3').toFixed()).toBe('16.665')
  })

  it('posts at once up to the tolerance, both ways, and holds anything beyond it', () => {
    expect(countWithinTolerance(null, '500')).toBe(true)
    expect(countWithinTolerance('25', '500')).toBe(true)
    expect(countWithinTolerance('-25', '500')).toBe(true)
    expect(countWithinTolerance('25.0001', '500')).toBe(false)
    expect(countWithinTolerance('-25.0001', '500')).toBe(false)
    // A stray unit found where the books hold nothing posts; a pallet found there waits.
    expect(countWithinTolerance('5', '0')).toBe(true)
    expect(countWithinTolerance('6', '0')).toBe(false)
    // A small stock counted to nothing posts within the floor; a larger one counted away waits.
    expect(countWithinTolerance('-4', '4')).toBe(true)
    expect(countWithinTolerance('-60', '60')).toBe(false)
    // However large the stock, more than 100 units waits.
    expect(countWithinTolerance('-100', '1000000')).toBe(true)
    expect(countWithinTolerance('-101', '1000000')).toBe(false)
  })

  it('takes another tolerance where one is given', () => {
    expect(countWithinTolerance('3', '10', { percent: '0', minUnits: '0', maxUnits: '0' })).toBe(false)
    expect(countWithinTolerance('30', '10', { percent: '500', minUnits: '0', maxUnits: '1000' })).toBe(true)
  })
})
