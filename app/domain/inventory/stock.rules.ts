// Pure rules of the stock ledger: which way each kind of move goes, how transfers pair, and the
// conservation law the balances must obey. No I/O.
import type Decimal from 'decimal.js'
import { D } from '~/utils/money'
import { numberFormat } from '~/utils/intl'
import { groupDigits } from '~/utils/validation'

export const stockMoveKinds = ['receipt', 'shipment', 'transfer_out', 'transfer_in', 'adjustment', 'count'] as const
export type StockMoveKind = (typeof stockMoveKinds)[number]

/** +1 only adds, -1 only removes, 0 either way (an adjustment or a count can go both ways). */
export const moveSign: Record<StockMoveKind, 1 | -1 | 0> = {
  receipt: 1,
  shipment: -1,
  transfer_out: -1,
  transfer_in: 1,
  adjustment: 0,
  count: 0,
}

/**
 * Moves the system writes carry a reason that reads in any language: a shipment's number, or, for
 * the receipts that open a product's stock (the demo seed, an opening-balance import), a reason the
 * ledger page shows in the reader's language instead of the stored English.
 */
export const OPENING_BALANCE_REASON = 'Opening balance'
export const isOpeningBalance = (m: { kind: string; referenceType: string | null }) => m.kind === 'receipt' && (m.referenceType === 'seed' || m.referenceType === 'import')

/** Quantities are numeric(18,4): at most 4 decimals, never zero in a move. */
const QTY_RE = /^-?\d{1,14}(\.\d{1,4})?$/
export function isQuantityString(s: string): boolean {
  return QTY_RE.test(s)
}

/** Whether a signed quantity fits its kind: a receipt of -5 or a shipment of +5 is a bug, not a move. */
export function quantityFitsKind(kind: StockMoveKind, quantity: Decimal.Value): boolean {
  const q = new D(quantity)
  if (q.isZero() || !q.isFinite()) return false
  const sign = moveSign[kind]
  return sign === 0 || q.s === sign
}

export interface TransferLeg {
  kind: 'transfer_out' | 'transfer_in'
  warehouseId: string
  binId: string | null
  batch: string | null
  quantity: string
}

export interface TransferPlace {
  warehouseId: string
  binId: string | null
}

export function samePlace(a: TransferPlace, b: TransferPlace): boolean {
  return a.warehouseId === b.warehouseId && (a.binId ?? null) === (b.binId ?? null)
}

/** The two legs of a transfer: the same quantity leaves one place and arrives at the other, batch kept. */
export function transferLegs(from: TransferPlace, to: TransferPlace, quantity: Decimal.Value, batch: string | null): [TransferLeg, TransferLeg] {
  const q = new D(quantity)
  if (!q.isFinite() || q.lte(0)) throw new RangeError('a transfer moves a positive quantity')
  if (samePlace(from, to)) throw new RangeError('a transfer goes somewhere else')
  const abs = q.toFixed()
  return [
    { kind: 'transfer_out', warehouseId: from.warehouseId, binId: from.binId ?? null, batch, quantity: q.neg().toFixed() },
    { kind: 'transfer_in', warehouseId: to.warehouseId, binId: to.binId ?? null, batch, quantity: abs },
  ]
}

/** The move a count produces: the difference between what was counted and what the books say (null: none). */
export function countDifference(counted: Decimal.Value, onHand: Decimal.Value): string | null {
  const diff = new D(counted).minus(onHand)
  return diff.isZero() ? null : diff.toFixed()
}

/**
 * How far a cycle count may differ from the books before a second person must approve it (the one place to change it):
 * 5 % of the book quantity, but at least 5 and at most 100 units. The floor lets a stray unit on a small stock post at
 * once; the ceiling stops a large stock's percentage from letting thousands of units go unexplained.
 */
export const COUNT_TOLERANCE = { percent: '5', minUnits: '5', maxUnits: '100' } as const

/** The largest difference a count of a place holding `book` may post without approval (see COUNT_TOLERANCE). */
export function countTolerance(book: Decimal.Value, tolerance: { percent: string; minUnits: string; maxUnits: string } = COUNT_TOLERANCE): Decimal {
  const share = D.max(new D(book), 0).times(tolerance.percent).div(100)
  return D.min(D.max(share, tolerance.minUnits), tolerance.maxUnits)
}

/** Whether a count's difference posts at once (true) or waits for a second person (false). No difference is always within. */
export function countWithinTolerance(difference: Decimal.Value | null, book: Decimal.Value, tolerance?: { percent: string; minUnits: string; maxUnits: string }): boolean {
  if (difference === null) return true
  return new D(difference).abs().lte(countTolerance(book, tolerance))
}

/**
 * Why a count waits for a second person instead of posting: its difference is beyond tolerance, or it finds stock of a batch
 * (or serial number) the counted place has never held, not one move of it there ever, however few units: a lot appearing from
 * nowhere is what a count exists to flag (a mislabelled pallet, stock moved without a transfer), not found stock to post
 * quietly. Stock without a batch found at an empty place still posts within tolerance. Null: it posts (no difference posts nothing).
 */
export type CountHold = 'tolerance' | 'newBatch'

export function countHold(
  count: { difference: Decimal.Value | null; book: Decimal.Value; batch: string | null; bookMoves: number },
  tolerance?: { percent: string; minUnits: string; maxUnits: string },
): CountHold | null {
  if (count.difference === null || new D(count.difference).isZero()) return null
  if (count.batch !== null && count.bookMoves === 0 && new D(count.difference).gt(0)) return 'newBatch'
  return countWithinTolerance(count.difference, count.book, tolerance) ? null : 'tolerance'
}

export interface LedgerKey {
  productId: string
  warehouseId: string
  binId: string | null
  batch: string | null
}

export const ledgerKey = (k: LedgerKey) => `${k.productId}|${k.warehouseId}|${k.binId ?? ''}|${k.batch ?? ''}`

/**
 * Conservation: per (product, warehouse, bin, batch) the balance equals the sum of its moves, and
 * the transfer legs of each transfer sum to zero. Returns the keys that break it (empty: it holds).
 */
export function conservationBreaches(
  moves: ReadonlyArray<LedgerKey & { quantity: string; transferId?: string | null }>,
  balances: ReadonlyArray<LedgerKey & { onHand: string }>,
): string[] {
  const sums = new Map<string, Decimal>()
  const transfers = new Map<string, Decimal>()
  for (const m of moves) {
    const k = ledgerKey(m)
    sums.set(k, (sums.get(k) ?? new D(0)).plus(m.quantity))
    if (m.transferId) transfers.set(m.transferId, (transfers.get(m.transferId) ?? new D(0)).plus(m.quantity))
  }
  const breaches: string[] = []
  const seen = new Set<string>()
  for (const b of balances) {
    const k = ledgerKey(b)
    seen.add(k)
    if (!(sums.get(k) ?? new D(0)).eq(b.onHand)) breaches.push(k)
  }
  for (const [k, sum] of sums) if (!seen.has(k) && !sum.isZero()) breaches.push(k)
  for (const [id, sum] of transfers) if (!sum.isZero()) breaches.push(`transfer:${id}`)
  return breaches
}

/** Available to promise from one balance row. */
export function available(b: { onHand: Decimal.Value; reserved: Decimal.Value }): string {
  return new D(b.onHand).minus(b.reserved).toFixed()
}

/** A quantity for display: grouped per locale, at most 4 decimals, never through a float. */
export function formatQuantity(q: string, locale: string): string {
  return numberFormat(locale, { maximumFractionDigits: 4 }).format(q as unknown as number)
}

/** A difference with its sign either way ("+25", "-1,500" as the reader's language writes it): a bare 25 reads as a quantity, not a gain. */
export function formatSignedQuantity(q: string, locale: string): string {
  return numberFormat(locale, { maximumFractionDigits: 4, signDisplay: 'exceptZero' }).format(q as unknown as number)
}

/**
 * A recorded difference with its sign either way and its thousands grouped, for a notice stored once for readers of both
 * languages, which both group by three with commas ("+40", "-1,260"): "+1260" read as a code more than a quantity.
 */
export function signedDifference(q: string): string {
  const grouped = groupDigits(q)
  return grouped.startsWith('-') ? grouped : `+${grouped}`
}
