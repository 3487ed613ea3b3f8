import Decimal from 'decimal.js'
import { numberFormat } from '~/utils/intl'

// Money is a decimal string on the wire and `numeric` in the database; never a JS float.
export type Money = string

export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP })

const MONEY_RE = /^-?\d{1,15}(\.\d{1,6})?$/

export function isMoneyString(s: string): boolean {
  return MONEY_RE.test(s)
}

export function money(value: Decimal.Value, scale = 2): Money {
  return new D(value).toDecimalPlaces(scale).toFixed(scale)
}

export function addMoney(...values: Decimal.Value[]): Money {
  return money(values.reduce<Decimal>((acc, v) => acc.plus(v), new D(0)))
}

/**
 * Formats an amount for display. Intl.NumberFormat (v3) formats a decimal string exactly, so the
 * amount never passes through a float.
 */
export function formatMoney(amount: Money, currency = 'CNY', locale: string = 'zh-CN'): string {
  return numberFormat(locale, { style: 'currency', currency }).format(amount as unknown as number)
}
