import { describe, expect, it } from 'vitest'
import {
  belowReorderPoint,
  computeFigures,
  orderQuantity,
  roundUpToUnit,
  serviceLevels,
  stockPosition,
  usageStats,
  zOfServiceLevel,
} from '~/domain/inventory/replenishment.rules'
import { D } from '~/utils/money'

describe('usage from shipments', () => {
  it('averages over every day of the window, the days without shipments included, with the sample deviation', () => {
    const u = usageStats(['10', '20'], 10)
    expect(u.mean.toFixed()).toBe('3')
    // (7² + 17² + 8 × 3²) / 9 = 410 / 9
    expect(u.stdDev.toDecimalPlaces(9).toFixed()).toBe('6.749485577')
  })

  it('has no usage and no spread when nothing shipped', () => {
    const u = usageStats([], 90)
    expect(u.mean.isZero()).toBe(true)
    expect(u.stdDev.isZero()).toBe(true)
  })

  it('has no spread when every day ships the same', () => {
    const u = usageStats(Array(30).fill('4'), 30)
    expect(u.mean.toFixed()).toBe('4')
    expect(u.stdDev.isZero()).toBe(true)
  })

  it('keeps decimals exact (no float drift) and takes a one-day window', () => {
    expect(usageStats(['0.1', '0.2'], 3).mean.toFixed()).toBe('0.1')
    expect(usageStats(['7.5'], 1)).toMatchObject({ mean: new D('7.5'), stdDev: new D(0) })
  })

  it('refuses what cannot be a window of usage', () => {
    expect(() => usageStats(['1'], 0)).toThrow(RangeError)
    expect(() => usageStats(['1', '2'], 1)).toThrow(RangeError)
    expect(() => usageStats(['-1'], 5)).toThrow(RangeError)
    expect(() => usageStats(['NaN'], 5)).toThrow(RangeError)
    expect(() => usageStats([], 2.5)).toThrow(RangeError)
  })
})

describe('safety stock and reorder point', () => {
  it('are z × σ × √lead time, and usage × lead time + safety stock, rounded up to whole units', () => {
    const f = computeFigures(usageStats(['10', '20'], 10), { leadTimeDays: 9, serviceLevel: 95, wholeUnits: true })
    // 1.65 × 6.7494856 × 3 = 33.41 → 34; 3 × 9 + 33.41 = 60.41 → 61
    expect(f).toEqual({ avgDailyUsage: '3', usageStdDev: '6.7495', safetyStock: '34', reorderPoint: '61' })
  })

  it('round up to the ledger’s 4 decimals for a product measured in decimals', () => {
    const f = computeFigures(usageStats(['10', '20'], 10), { leadTimeDays: 9, serviceLevel: 95, wholeUnits: false })
    expect(f.safetyStock).toBe('33.41')
    expect(f.reorderPoint).toBe('60.41')
  })

  it('grow with the service level', () => {
    const usage = usageStats(['60'], 90)
    const points = serviceLevels.map((serviceLevel) => Number(computeFigures(usage, { leadTimeDays: 14, serviceLevel, wholeUnits: true }).safetyStock))
    expect(points).toEqual([...points].sort((a, b) => a - b))
    expect(new Set(points).size).toBe(serviceLevels.length)
    expect(zOfServiceLevel[95]).toBe('1.65')
  })

  it('are 0 for a product that never shipped, and the usage alone for one that ships evenly', () => {
    expect(computeFigures(usageStats([], 90), { leadTimeDays: 30, serviceLevel: 99, wholeUnits: true })).toEqual({ avgDailyUsage: '0', usageStdDev: '0', safetyStock: '0', reorderPoint: '0' })
    expect(computeFigures(usageStats(Array(10).fill('2'), 10), { leadTimeDays: 7, serviceLevel: 95, wholeUnits: true })).toMatchObject({ safetyStock: '0', reorderPoint: '14' })
  })

  it('never puts the reorder point below the safety stock, however they round', () => {
    for (const lead of [1, 2, 3, 7, 14, 45, 365]) {
      const f = computeFigures(usageStats(['0.0001', '0.0003'], 90), { leadTimeDays: lead, serviceLevel: 90, wholeUnits: false })
      expect(new D(f.reorderPoint).gte(f.safetyStock), `lead ${lead}`).toBe(true)
    }
  })

  it('refuse a lead time that is no whole number of days', () => {
    expect(() => computeFigures(usageStats([], 90), { leadTimeDays: 0, serviceLevel: 95, wholeUnits: true })).toThrow(RangeError)
    expect(() => computeFigures(usageStats([], 90), { leadTimeDays: 1.5, serviceLevel: 95, wholeUnits: true })).toThrow(RangeError)
  })

  it('rounding up leaves a quantity already in units alone', () => {
    expect(roundUpToUnit('12', true).toFixed()).toBe('12')
    expect(roundUpToUnit('12.0001', true).toFixed()).toBe('13')
    expect(roundUpToUnit('1.23451', false).toFixed()).toBe('1.2346')
  })
})

describe('the stock position and what it calls for', () => {
  it('takes reservations and backorders off what is on hand and counts pending requisitions', () => {
    expect(stockPosition({ onHand: '100', reserved: '30', backordered: '5', onRequisition: '20' }).toFixed()).toBe('85')
    // A backorder and the requisition raised for it cancel out: nothing is left for anyone else.
    expect(stockPosition({ onHand: '0', reserved: '0', backordered: '40', onRequisition: '40' }).toFixed()).toBe('0')
  })

  it('is below the reorder point only strictly below it', () => {
    expect(belowReorderPoint('49', '50')).toBe(true)
    expect(belowReorderPoint('50', '50')).toBe(false)
    expect(belowReorderPoint('-1', '0')).toBe(true)
    expect(belowReorderPoint('0', '0')).toBe(false)
  })

  const rule = { reorderPoint: '50', orderUpTo: null, minOrderQty: null, orderMultiple: null, wholeUnits: true }

  it('asks for nothing at or above the reorder point', () => {
    expect(orderQuantity('50', rule)).toBeNull()
    expect(orderQuantity('80', { ...rule, orderUpTo: '200' })).toBeNull()
  })

  it('orders up to the order-up-to level, or back to the reorder point without one', () => {
    expect(orderQuantity('30', { ...rule, orderUpTo: '200' })).toBe('170')
    expect(orderQuantity('30', rule)).toBe('20')
    // A position below zero (backorders beyond supply) orders for them too.
    expect(orderQuantity('-10', { ...rule, orderUpTo: '100' })).toBe('110')
  })

  it('orders at least the minimum, in whole multiples', () => {
    expect(orderQuantity('45', { ...rule, minOrderQty: '24' })).toBe('24')
    expect(orderQuantity('30', { ...rule, orderUpTo: '200', orderMultiple: '24' })).toBe('192')
    expect(orderQuantity('45', { ...rule, minOrderQty: '30', orderMultiple: '25' })).toBe('50')
    expect(orderQuantity('30', { ...rule, orderUpTo: '200', orderMultiple: '10' })).toBe('170')
  })

  it('orders up to the reorder point when it has risen past the order-up-to level', () => {
    expect(orderQuantity('30', { ...rule, reorderPoint: '120', orderUpTo: '100' })).toBe('90')
  })

  it('rounds a whole-unit product up to whole units and keeps decimals for one measured', () => {
    expect(orderQuantity('49.5', rule)).toBe('1')
    expect(orderQuantity('49.5', { ...rule, wholeUnits: false })).toBe('0.5')
    expect(orderQuantity('10.25', { ...rule, reorderPoint: '12.5', orderMultiple: '0.5', wholeUnits: false })).toBe('2.5')
  })
})
