import { describe, expect, it } from 'vitest'
import { COUNT_TOLERANCE, countHold, countTolerance, countWithinTolerance } from '~/domain/inventory/stock.rules'

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

  describe('why a count waits (countHold)', () => {
    const count = (difference: string | null, book: string, batch: string | null, bookMoves: number) => countHold({ difference, book, batch, bookMoves })

    it('holds a batch the place never held, however few units, and says so before any tolerance', () => {
      // One unit of a lot with no move ever at the place: within the 5-unit floor, still held.
      expect(count('1', '0', 'LOT-NEW', 0)).toBe('newBatch')
      expect(countWithinTolerance('1', '0')).toBe(true)
      // A pallet of it is beyond tolerance too: the batch being new is the reason named.
      expect(count('500', '0', 'LOT-NEW', 0)).toBe('newBatch')
      // A serial number is a batch of one.
      expect(count('1', '0', 'SN-0001', 0)).toBe('newBatch')
    })

    it('posts stock found again where the batch once was, and stock without a batch found at an empty place, within tolerance', () => {
      // Emptied and refilled: the place has moves of the batch, so it held it.
      expect(count('3', '0', 'LOT-OLD', 2)).toBeNull()
      expect(count('6', '0', 'LOT-OLD', 2)).toBe('tolerance')
      // No batch: a stray unit posts, a pallet waits.
      expect(count('3', '0', null, 0)).toBeNull()
      expect(count('6', '0', null, 0)).toBe('tolerance')
    })

    it('holds nothing for a count that changes nothing, and a count down is judged by tolerance alone', () => {
      expect(count(null, '0', 'LOT-NEW', 0)).toBeNull()
      expect(count('0', '0', 'LOT-NEW', 0)).toBeNull()
      expect(count('-25', '500', 'LOT-OLD', 4)).toBeNull()
      expect(count('-26', '500', 'LOT-OLD', 4)).toBe('tolerance')
    })

    it('takes another tolerance where one is given, and a new batch is held under any', () => {
      expect(count('30', '10', 'LOT-OLD', 1)).toBe('tolerance')
      expect(countHold({ difference: '30', book: '10', batch: 'LOT-OLD', bookMoves: 1 }, { percent: '500', minUnits: '0', maxUnits: '1000' })).toBeNull()
      expect(countHold({ difference: '30', book: '0', batch: 'LOT-NEW', bookMoves: 0 }, { percent: '500', minUnits: '0', maxUnits: '1000' })).toBe('newBatch')
    })
  })
})
