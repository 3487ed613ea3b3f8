// Pure catalog rules: codes, tax rates and flags as people type them, and as the database keeps them.
import { D } from '~/utils/money'
import { plainNumber } from '~/utils/validation'

export const trackingModes = ['none', 'batch', 'serial'] as const
export type Tracking = (typeof trackingModes)[number]

/** SKUs and codes are identifiers people type and print: letters, digits and a few separators. */
export const SKU_RE = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/
export const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._\-]{0,31}$/

/**
 * A tax rate as typed: a percentage from 0 to below 100 with at most two decimals ("13", "9.5",
 * "13%"). That is exactly what numeric(5,4) with 0 <= rate < 1 can hold, so nothing is rounded.
 */
const PERCENT_RE = /^(\d{1,2})(\.\d{1,2})?$/

export function percentToRate(input: string): string | null {
  // Read as every number field reads (plainNumber): a Chinese input method's １３％ is 13 %, as its ％ already was.
  const s = plainNumber(input.trim().replace(/\s*[%％]$/, ''))
  if (!PERCENT_RE.test(s)) return null
  return new D(s).div(100).toFixed(4)
}

/** "0.1300" → "13", "0.0950" → "9.5": the shortest exact percentage. */
export function rateToPercent(rate: string): string {
  return new D(rate).times(100).toDecimalPlaces(2).toString()
}

/**
 * Units of weight, length, area and volume: goods sold by them are weighed or measured and take
 * decimal quantities (2.5 kg). Anything else is counted (pieces, sets, rolls, boxes) and is whole
 * unless the catalog says otherwise. Serial-tracked goods are always whole: one serial, one unit.
 */
const MEASURED_UNITS = new Set(['kg', 'g', 't', 'm', 'cm', 'mm', 'km', 'l', 'ml', 'm2', 'm3', '千克', '公斤', '克', '吨', '米', '厘米', '毫米', '升', '毫升', '平方米', '立方米'])

export function defaultWholeUnits(unit: string, tracking: Tracking): boolean {
  return tracking === 'serial' || !MEASURED_UNITS.has(unit.trim().toLowerCase())
}

/** A quantity string a product of this kind can hold: any decimal for measured goods, a whole number otherwise ("12", "12.0000"). */
export function fitsUnit(quantity: string, wholeUnits: boolean): boolean {
  return !wholeUnits || !/\.\d*[1-9]/.test(quantity.trim())
}

// The console's words (无 / 按批次 / 按序列号), the ERP words (批次管理) and the words earlier versions wrote (不追踪,
// 按批次追踪): a sheet kept from then still imports.
const TRACKING_WORDS: Record<string, Tracking> = {
  none: 'none',
  '': 'none',
  无: 'none',
  不管理: 'none',
  不追踪: 'none',
  batch: 'batch',
  lot: 'batch',
  批次: 'batch',
  按批次: 'batch',
  批次管理: 'batch',
  按批次管理: 'batch',
  按批次追踪: 'batch',
  serial: 'serial',
  sn: 'serial',
  序列号: 'serial',
  按序列号: 'serial',
  序列号管理: 'serial',
  按序列号管理: 'serial',
  按序列号追踪: 'serial',
}

export function parseTracking(input: string): Tracking | null {
  const word = input.trim().toLowerCase()
  // Own keys only: a cell reading "constructor" must not find Object.prototype's.
  return Object.hasOwn(TRACKING_WORDS, word) ? TRACKING_WORDS[word] : null
}

const YES = new Set(['yes', 'y', 'true', '1', 'active', '是', '启用', '有效'])
const NO = new Set(['no', 'n', 'false', '0', 'inactive', '否', '停用', '无效'])

/** A yes/no cell; blank means the default. */
export function parseFlag(input: string, blank: boolean): boolean | null {
  const s = input.trim().toLowerCase()
  if (s === '') return blank
  if (YES.has(s)) return true
  if (NO.has(s)) return false
  return null
}

/** Bin codes listed in one cell: separated by commas, semicolons, 、 or line breaks. */
export function splitList(input: string): string[] {
  return input
    .split(/[,;，；、\n\r]+/)
    .map((s) => s.trim())
    .filter(Boolean)
}
