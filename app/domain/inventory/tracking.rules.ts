// Pure rules of batch and serial tracking (product.tracking): what a move of a tracked product must name, and how a
// list of serial numbers is read. No I/O. One identifier column carries both: stock_balances.batch / stock_moves.batch
// hold a batch-tracked product's batch and a serial-tracked product's serial number, as Odoo keeps lots and serials in one.
import { D } from '~/utils/money'
import { withParams } from '~/utils/validation'
import type { Tracking } from '~/domain/catalog/catalog.rules'

export type { Tracking }

/** As long as a batch may be (the stock forms' batch field). */
export const SERIAL_MAX_LENGTH = 64
/** The most serial numbers one form or range names: a typo in a range's end must not write a million rows. */
export const MAX_SERIALS = 1000

/** A range such as SN-0001..SN-0050: the same prefix, numbers of the same width, ascending. */
const RANGE_RE = /^(.*?)(\d+)\.\.(.*?)(\d+)$/

export type SerialList = { ok: true; serials: string[] } | { ok: false; message: string }

/**
 * The serial numbers typed in a textarea: one per line (commas, semicolons, tabs and spaces separate too, in either
 * language's punctuation), and ranges written FROM..TO with the same prefix and digit width (SN-0001..SN-0050 is fifty).
 * A serial named twice (whatever its case) is refused, as is a list longer than `max`.
 */
export function parseSerials(text: string, max = MAX_SERIALS): SerialList {
  const tokens = text.split(/[\s,;，；、]+/u).filter(Boolean)
  const out: string[] = []
  const seen = new Set<string>()
  const add = (s: string): string | null => {
    if (s.length > SERIAL_MAX_LENGTH) return withParams('inventory:errors.serialTooLong', { serial: `${s.slice(0, 20)}…`, max: SERIAL_MAX_LENGTH })
    const key = s.toLowerCase()
    if (seen.has(key)) return withParams('inventory:errors.serialDuplicate', { serial: s })
    if (out.length >= max) return withParams('inventory:errors.serialsTooMany', { max })
    seen.add(key)
    out.push(s)
    return null
  }
  for (const token of tokens) {
    if (token.includes('..')) {
      const range = expandSerialRange(token, max - out.length)
      if (!range.ok) return range
      for (const s of range.serials) {
        const problem = add(s)
        if (problem) return { ok: false, message: problem }
      }
    } else {
      const problem = add(token)
      if (problem) return { ok: false, message: problem }
    }
  }
  return { ok: true, serials: out }
}

/**
 * FROM..TO as its serial numbers, or why it is no range (at most `max` of them). Numbers of the same width keep it
 * (0001..0050); unpadded ones may grow (SN-8..SN-12).
 */
export function expandSerialRange(token: string, max = MAX_SERIALS): SerialList {
  const bad = { ok: false as const, message: withParams('inventory:errors.serialRange', { range: token.length > 40 ? `${token.slice(0, 40)}…` : token }) }
  // Both ends are serial numbers, so a longer token is none: refused before RANGE_RE reads it, which backtracks over a long
  // run of digits in quadratic time (a 100,000-character field held the server for seconds).
  if (token.length > 2 * SERIAL_MAX_LENGTH + 2) return { ok: false, message: withParams('inventory:errors.serialTooLong', { serial: `${token.slice(0, 20)}…`, max: SERIAL_MAX_LENGTH }) }
  const m = RANGE_RE.exec(token)
  if (!m) return bad
  const [, prefix, fromDigits, toPrefix, toDigits] = m
  const padded = fromDigits.length === toDigits.length
  if (prefix !== toPrefix || toDigits.length > 15 || (!padded && (fromDigits.startsWith('0') || toDigits.startsWith('0')))) return bad
  const from = Number(fromDigits)
  const to = Number(toDigits)
  if (to < from) return bad
  if (to - from + 1 > max) return { ok: false, message: withParams('inventory:errors.serialsTooMany', { max: MAX_SERIALS }) }
  const serials: string[] = []
  for (let n = from; n <= to; n++) serials.push(`${prefix}${padded ? String(n).padStart(fromDigits.length, '0') : String(n)}`)
  return { ok: true, serials }
}

/**
 * Why `serial` is no single serial number the serial forms could name again (they read spaces, commas and semicolons as
 * separators and FROM..TO as a range), or null: what a count or an import row takes into stock is named alone, and one
 * holding a separator could be written off or moved by no form afterwards.
 */
export function singleSerialRefusal(serial: string): string | null {
  const parsed = parseSerials(serial)
  if (parsed.ok && parsed.serials.length === 1 && parsed.serials[0] === serial) return null
  return !parsed.ok && serial.length > SERIAL_MAX_LENGTH ? parsed.message : withParams('inventory:errors.serialNotOne', { serial })
}

/** The quantity a serial move names must be one unit per serial number given (the sign says which way). */
export function serialCountMatches(quantity: string, count: number): boolean {
  return new D(quantity).abs().eq(count)
}

/**
 * Whether a move of `quantity` (signed) at a place keyed by `batch` is allowed by the product's tracking, leaving aside
 * what is on hand (the ledger checks that): stock of a tracked product never comes in without its batch or serial number
 * (null: allowed; otherwise the refusal's message). Taking stock out without one is judged by what the place holds:
 * stock that predates tracking has none and must stay movable.
 */
export function trackingRefusal(product: { sku: string; tracking: Tracking }, move: { quantity: string; batch: string | null }): string | null {
  if (product.tracking === 'none' || move.batch || new D(move.quantity).lte(0)) return null
  return unnamedStockRefusal(product)
}

/** The field of the stock forms where a tracked product's stock is named: its serial numbers, or its batch. */
export const trackedField = (product: { tracking: Tracking }) => (product.tracking === 'serial' ? 'serials' : 'batch')

/** A tracked product's stock moved without naming its serial numbers or batch. */
export const unnamedStockRefusal = (product: { sku: string; tracking: Tracking }) =>
  withParams(product.tracking === 'serial' ? 'inventory:errors.serialsRequired' : 'inventory:errors.batchRequired', { sku: product.sku })

/** A counted quantity a serial number can have: it is one unit, here or not. */
export const serialCountFits = (counted: string) => new D(counted).eq(0) || new D(counted).eq(1)
