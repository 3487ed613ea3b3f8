// Pure rules of replenishment (product spec §9): usage from shipments, safety stock, reorder point,
// when the stock position calls for a requisition and how much it asks for. No I/O; quantities are
// decimal strings in and out, never floats.
import Decimal from 'decimal.js'
import { D } from '~/utils/money'

/** The service levels a rule may aim at, in percent of replenishment cycles without a stockout. */
export const serviceLevels = [90, 95, 98, 99] as const
export type ServiceLevel = (typeof serviceLevels)[number]
export const DEFAULT_SERVICE_LEVEL: ServiceLevel = 95

/** One-sided standard normal quantiles, rounded as planners' tables print them (95 % → 1.65). */
export const zOfServiceLevel: Record<ServiceLevel, string> = { 90: '1.28', 95: '1.65', 98: '2.05', 99: '2.33' }

export const isServiceLevel = (v: unknown): v is ServiceLevel => (serviceLevels as readonly unknown[]).includes(v)

/** Usage is read from the shipments of the last this many days (days without one count as 0). */
export const USAGE_WINDOW_DAYS = 90
/** What a new rule's form offers until someone knows the supplier's lead time. */
export const DEFAULT_LEAD_TIME_DAYS = 14
export const MAX_LEAD_TIME_DAYS = 365

export interface UsageStats {
  /** Mean units shipped per day over the window. */
  mean: Decimal
  /** Sample standard deviation of the daily totals (0 with fewer than two days). */
  stdDev: Decimal
}

/**
 * Mean and standard deviation of daily usage over `windowDays` days, given the totals of the days
 * that had shipments (positive quantities; the remaining days shipped nothing). The sample (n − 1)
 * deviation: the window is a sample of the demand the safety stock must cover.
 */
export function usageStats(dayTotals: readonly Decimal.Value[], windowDays: number = USAGE_WINDOW_DAYS): UsageStats {
  if (!Number.isInteger(windowDays) || windowDays < 1) throw new RangeError('the usage window is a whole number of days')
  if (dayTotals.length > windowDays) throw new RangeError('more days with shipments than the window has')
  const totals = dayTotals.map((v) => new D(v))
  if (totals.some((x) => !x.isFinite() || x.lt(0))) throw new RangeError('a day’s usage is a non-negative number')
  const n = new D(windowDays)
  const mean = totals.reduce((a, x) => a.plus(x), new D(0)).div(n)
  if (windowDays < 2) return { mean, stdDev: new D(0) }
  const idle = windowDays - totals.length
  const squares = totals.reduce((a, x) => a.plus(x.minus(mean).pow(2)), new D(0)).plus(mean.pow(2).times(idle))
  return { mean, stdDev: squares.div(windowDays - 1).sqrt() }
}

/** Rounds a quantity up to what the product is counted in: a whole unit, or the ledger's 4 decimals. */
export function roundUpToUnit(q: Decimal.Value, wholeUnits: boolean): Decimal {
  return new D(q).toDecimalPlaces(wholeUnits ? 0 : 4, Decimal.ROUND_UP)
}

export interface ComputedFigures {
  avgDailyUsage: string
  usageStdDev: string
  safetyStock: string
  reorderPoint: string
}

/**
 * Safety stock = z × σ_daily × √lead time; reorder point = mean daily usage × lead time + safety
 * stock. Both rounded up to the product's unit (never below what the formula asks for), each on its
 * own, so the reorder point never falls below the safety stock.
 */
export function computeFigures(usage: UsageStats, rule: { leadTimeDays: number; serviceLevel: ServiceLevel; wholeUnits: boolean }): ComputedFigures {
  if (!Number.isInteger(rule.leadTimeDays) || rule.leadTimeDays < 1) throw new RangeError('the lead time is a whole number of days')
  const z = new D(zOfServiceLevel[rule.serviceLevel])
  const lead = new D(rule.leadTimeDays)
  const safety = z.times(usage.stdDev).times(lead.sqrt())
  const point = usage.mean.times(lead).plus(safety)
  return {
    avgDailyUsage: usage.mean.toDecimalPlaces(4).toFixed(),
    usageStdDev: usage.stdDev.toDecimalPlaces(4).toFixed(),
    safetyStock: roundUpToUnit(safety, rule.wholeUnits).toFixed(),
    reorderPoint: roundUpToUnit(point, rule.wholeUnits).toFixed(),
  }
}

/**
 * The stock position the reorder point is compared with: what is available (on hand − reserved),
 * less what approved orders still wait for (backordered), plus what pending requisitions ask for.
 * A backorder's own requisition would otherwise count as supply nobody else could use.
 */
export function stockPosition(p: { onHand: Decimal.Value; reserved: Decimal.Value; backordered: Decimal.Value; onRequisition: Decimal.Value }): Decimal {
  return new D(p.onHand).minus(p.reserved).minus(p.backordered).plus(p.onRequisition)
}

export function belowReorderPoint(position: Decimal.Value, reorderPoint: Decimal.Value): boolean {
  return new D(position).lt(reorderPoint)
}

export interface OrderRule {
  reorderPoint: Decimal.Value
  orderUpTo: Decimal.Value | null
  minOrderQty: Decimal.Value | null
  orderMultiple: Decimal.Value | null
  wholeUnits: boolean
}

/**
 * What a requisition asks for when the position is below the reorder point: enough to bring it up
 * to the order-up-to level (to the reorder point without one, or when the reorder point has since
 * risen past it), at least the minimum order quantity, then rounded up to the order multiple and
 * the product's unit. Null when the position needs nothing.
 */
export function orderQuantity(position: Decimal.Value, rule: OrderRule): string | null {
  if (!belowReorderPoint(position, rule.reorderPoint)) return null
  const target = rule.orderUpTo !== null && new D(rule.orderUpTo).gt(rule.reorderPoint) ? new D(rule.orderUpTo) : new D(rule.reorderPoint)
  let q = target.minus(position)
  if (rule.minOrderQty !== null) q = D.max(q, rule.minOrderQty)
  if (rule.orderMultiple !== null && new D(rule.orderMultiple).gt(0)) {
    const m = new D(rule.orderMultiple)
    q = q.div(m).toDecimalPlaces(0, Decimal.ROUND_UP).times(m)
  }
  q = roundUpToUnit(q, rule.wholeUnits)
  return q.gt(0) ? q.toFixed() : null
}
