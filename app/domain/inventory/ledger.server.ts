import { and, eq, isNull, sql, type SQL } from 'drizzle-orm'
import { rawRows, type Tx } from '~db/client'
import { bins, products, stockBalances, stockMoves, warehouses } from '~db/schema'
import { DomainError, notFound } from '~/utils/errors'
import { checkViolation } from '~/utils/pg-errors.server'
import { D } from '~/utils/money'
import { groupDigits, withParams } from '~/utils/validation'
import { fitsUnit } from '~/domain/catalog/catalog.rules'
import { lookUpCode, skuLookup } from '~/domain/catalog/catalog-import.validation'
import { ledgerKey, quantityFitsKind, type LedgerKey, type StockMoveKind } from './stock.rules'
import type { Tracking } from './tracking.rules'

export interface MoveSpec extends LedgerKey {
  kind: StockMoveKind
  /** Signed decimal string. */
  quantity: string
  reason: string
  referenceType?: string | null
  referenceId?: string | null
  transferId?: string | null
}

export interface AppliedMove {
  moveId: string
  balanceId: string
  /** on_hand before and after this move, as the database saw it under the row lock. */
  onHandBefore: string
  onHandAfter: string
  reserved: string
}

export const insufficientStock = () => new DomainError('conflict', 'inventory:errors.insufficientStock', { quantity: ['inventory:errors.insufficientStock'] })

/**
 * insufficientStock with what the place has available (on hand − reserved), as a refused count names what is reserved; a batch
 * the place has never held is named as such, on the batch field ("0 available" read as if the batch were there and empty).
 */
async function insufficientAt(tx: Tx, k: LedgerKey): Promise<DomainError> {
  const [held] = await rawRows<{ available: string }>(tx, sql`select (on_hand - reserved)::text as available from stock_balances where ${keyWhere(k)}`)
  if (!held && k.batch) {
    const notHere = withParams('inventory:errors.batchNotHere', { batch: k.batch })
    return new DomainError('conflict', notHere, { batch: [notHere] })
  }
  const message = withParams('inventory:errors.insufficientAvailable', { available: groupDigits(new D(held?.available ?? '0').toFixed()) })
  return new DomainError('conflict', message, { quantity: [message] })
}

/** The most one balance row holds: on_hand is numeric(18,4). No single quantity typed passes it (a form takes 10 digits, STOCK_QUANTITY; an import 14), so only a sum can. */
export const MAX_ON_HAND = '99999999999999.9999'

/**
 * Increases that would take a place's stock past what on_hand can hold, refused before anything is
 * written (PostgreSQL would fail the statement, and the request, with numeric_value_out_of_range).
 * Each message says what its place could still take; the error's own is the first one's, on the form's quantity.
 */
export class StockOverflow extends DomainError {
  constructor(readonly moves: Array<{ move: MoveSpec; message: string }>) {
    super('unprocessable', moves[0].message, { quantity: [moves[0].message] })
  }
  static message(onHand: string) {
    const room = D.max(new D(MAX_ON_HAND).minus(onHand), 0).toFixed()
    return withParams('inventory:errors.stockTooLarge', { max: groupDigits(MAX_ON_HAND), room: groupDigits(room) })
  }
}

function keyWhere(k: LedgerKey): SQL {
  return and(
    eq(stockBalances.productId, k.productId),
    eq(stockBalances.warehouseId, k.warehouseId),
    k.binId ? eq(stockBalances.binId, k.binId) : isNull(stockBalances.binId),
    k.batch ? eq(stockBalances.batch, k.batch) : isNull(stockBalances.batch),
  )!
}

/**
 * Writes one move and its balance in the caller's transaction. The balance changes by a single
 * guarded statement: an increase is an upsert, a decrease an UPDATE that matches only while
 * on_hand + q stays ≥ reserved. Concurrent decreases queue on the row lock and each re-checks the
 * guard against the committed value, so available stock can never go below zero; the CHECK
 * constraints catch anything that slips past (mapped to the same answer).
 */
export async function applyMove(tx: Tx, move: MoveSpec, actorUserId: string | null): Promise<AppliedMove> {
  if (!quantityFitsKind(move.kind, move.quantity)) throw new DomainError('bad_input', 'inventory:errors.quantityFormat')
  const q = new D(move.quantity).toFixed()
  let row: { id: string; onHand: string; reserved: string } | undefined
  try {
    if (new D(q).gt(0)) {
      ;[row] = await tx
        .insert(stockBalances)
        .values({ productId: move.productId, warehouseId: move.warehouseId, binId: move.binId, batch: move.batch, onHand: q })
        .onConflictDoUpdate({
          target: [stockBalances.productId, stockBalances.warehouseId, stockBalances.binId, stockBalances.batch],
          set: { onHand: sql`${stockBalances.onHand} + excluded.on_hand`, updatedAt: sql`now()` },
          // A sum the column cannot hold updates nothing (and returns no row) instead of failing the transaction.
          setWhere: sql`${stockBalances.onHand} + excluded.on_hand <= ${MAX_ON_HAND}::numeric`,
        })
        .returning({ id: stockBalances.id, onHand: stockBalances.onHand, reserved: stockBalances.reserved })
      if (!row) {
        const [held] = await rawRows<{ on_hand: string }>(tx, sql`select on_hand::text from stock_balances where ${keyWhere(move)}`)
        throw new StockOverflow([{ move, message: StockOverflow.message(held?.on_hand ?? '0') }])
      }
    } else {
      ;[row] = await tx
        .update(stockBalances)
        .set({ onHand: sql`${stockBalances.onHand} + ${q}::numeric`, updatedAt: sql`now()` })
        .where(and(keyWhere(move), sql`${stockBalances.onHand} + ${q}::numeric >= ${stockBalances.reserved}`))
        .returning({ id: stockBalances.id, onHand: stockBalances.onHand, reserved: stockBalances.reserved })
      if (!row) throw await insufficientAt(tx, move)
    }
  } catch (err) {
    if (checkViolation(err)) throw insufficientStock()
    throw err
  }
  const [m] = await tx
    .insert(stockMoves)
    .values({
      kind: move.kind,
      productId: move.productId,
      warehouseId: move.warehouseId,
      binId: move.binId,
      batch: move.batch,
      quantity: q,
      reason: move.reason,
      referenceType: move.referenceType ?? null,
      referenceId: move.referenceId ?? null,
      transferId: move.transferId ?? null,
      actorUserId,
    })
    .returning({ id: stockMoves.id })
  return {
    moveId: m.id,
    balanceId: row.id,
    onHandBefore: new D(row.onHand).minus(q).toFixed(),
    onHandAfter: new D(row.onHand).toFixed(),
    reserved: new D(row.reserved).toFixed(),
  }
}

/**
 * Applies several moves in a fixed order of their keys, so two transactions touching the same rows lock them alike and cannot deadlock.
 * A move that would overflow its place is refused only after the others were tried, so an import names every such row in one answer;
 * the caller's transaction then rolls back whatever the others wrote.
 */
export async function applyMovesInKeyOrder(tx: Tx, moves: MoveSpec[], actorUserId: string | null): Promise<Map<MoveSpec, AppliedMove>> {
  const out = new Map<MoveSpec, AppliedMove>()
  const overflows: StockOverflow['moves'] = []
  for (const m of [...moves].sort((a, b) => (ledgerKey(a) < ledgerKey(b) ? -1 : ledgerKey(a) > ledgerKey(b) ? 1 : 0))) {
    try {
      out.set(m, await applyMove(tx, m, actorUserId))
    } catch (err) {
      if (!(err instanceof StockOverflow)) throw err
      overflows.push(...err.moves)
    }
  }
  if (overflows.length > 0) throw new StockOverflow(overflows)
  return out
}

/**
 * The product, the warehouse and (if given) a bin of that warehouse exist; another warehouse's bin
 * is not found. `quantity`: what the command moves or counts, which a product counted in whole
 * units must take whole (refused on the form's field of that name). Says how the product is tracked (tracking.server.ts).
 */
export async function assertPlace(
  tx: Tx,
  place: { productId: string; warehouseId: string; binId: string | null },
  quantity?: { value: string; field: string },
): Promise<{ sku: string; tracking: Tracking; warehouseCode: string; binCode: string | null }> {
  // Held (shared) until commit: a product being made whole waits for this move, then finds its fraction if it left one.
  const [p] = await tx.select({ sku: products.sku, wholeUnits: products.wholeUnits, tracking: products.tracking }).from(products).where(eq(products.id, place.productId)).for('share')
  if (!p) throw notFound()
  if (quantity && !fitsUnit(quantity.value, p.wholeUnits)) {
    const message = withParams('catalog:errors.wholeUnits', { sku: p.sku })
    throw new DomainError('bad_input', message, { [quantity.field]: [message] })
  }
  const [w] = await tx.select({ code: warehouses.code }).from(warehouses).where(eq(warehouses.id, place.warehouseId))
  if (!w) throw new DomainError('bad_input', 'errors:field.choose', { warehouseId: ['errors:field.choose'] })
  if (!place.binId) return { sku: p.sku, tracking: p.tracking, warehouseCode: w.code, binCode: null }
  const [b] = await tx
    .select({ code: bins.code })
    .from(bins)
    .where(and(eq(bins.id, place.binId), eq(bins.warehouseId, place.warehouseId)))
  if (!b) throw new DomainError('bad_input', 'inventory:errors.binNotInWarehouse', { binId: ['inventory:errors.binNotInWarehouse'] })
  return { sku: p.sku, tracking: p.tracking, warehouseCode: w.code, binCode: b.code }
}

/**
 * A typed batch as the product's stock already spells it: "lot-a1" is LOT-A1 when the product holds that batch, as bins
 * and SKUs match whatever their case (skuLookup), so a typed case never opens a second batch of the same lot. A new
 * batch is kept as typed.
 */
export async function canonicalBatch(tx: Tx, productId: string, batch: string | null): Promise<string | null> {
  if (!batch) return batch
  const rows = await tx.selectDistinct({ batch: stockBalances.batch }).from(stockBalances).where(and(eq(stockBalances.productId, productId), sql`lower(${stockBalances.batch}) = lower(${batch})`))
  return lookUpCode(skuLookup(rows.map((r) => r.batch!)), batch) ?? batch
}

/**
 * Locks a balance row (creating an empty one first) and returns its quantities: for counts, which must know what the books say.
 * `created`: the row is this call's, so a caller that ends up moving nothing removes it again (dropEmptyBalance).
 */
export async function lockBalance(tx: Tx, k: LedgerKey): Promise<{ id: string; onHand: string; reserved: string; created: boolean }> {
  const inserted = await tx
    .insert(stockBalances)
    .values({ productId: k.productId, warehouseId: k.warehouseId, binId: k.binId, batch: k.batch })
    .onConflictDoNothing({ target: [stockBalances.productId, stockBalances.warehouseId, stockBalances.binId, stockBalances.batch] })
    .returning({ id: stockBalances.id })
  const [row] = await rawRows<{ id: string; on_hand: string; reserved: string }>(
    tx,
    sql`select id, on_hand::text, reserved::text from stock_balances where ${keyWhere(k)} for update`,
  )
  return { id: row.id, onHand: row.on_hand, reserved: row.reserved, created: inserted.length > 0 }
}

/** Removes a balance row lockBalance created when nothing moved into it: a count of 0 at an empty place is no place with stock. */
export async function dropEmptyBalance(tx: Tx, balance: { id: string; created: boolean }) {
  if (balance.created) await tx.delete(stockBalances).where(and(eq(stockBalances.id, balance.id), eq(stockBalances.onHand, '0'), eq(stockBalances.reserved, '0')))
}
