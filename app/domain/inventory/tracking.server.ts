// Batch and serial tracking on the ledger (rules: tracking.rules.ts). Everything runs in the caller's transaction and
// checks no permission: the stock command that calls it does, and owns the audit row.
import { sql } from 'drizzle-orm'
import { rawRows, type Tx } from '~db/client'
import { stockBalances, stockMoves } from '~db/schema'
import { DomainError } from '~/utils/errors'
import { D } from '~/utils/money'
import { groupDigits, withParams } from '~/utils/validation'
import type { AppliedMove, MoveSpec } from './ledger.server'
import { allocationOrder } from './reservations.server'
import { parseSerials, serialCountMatches, trackedField, trackingRefusal, unnamedStockRefusal, type Tracking } from './tracking.rules'

export interface TrackedProduct {
  id: string
  sku: string
  tracking: Tracking
}

/** Where a move happens, without its batch. */
export interface Place {
  warehouseId: string
  binId: string | null
}

/** pg_advisory_xact_lock(int, int) namespace of serial receipts; the second key is the serial's hash within its product. */
const SERIAL_LOCK = 727_021

/** How many serial numbers a refusal names before it says how many more there are. */
const NAMED = 10

const asJson = (list: readonly string[]) => JSON.stringify(list)

/** A refusal on a form's field, with the message on that field too. */
export const fieldRefusal = (code: 'bad_input' | 'conflict', field: string, message: string) => new DomainError(code, message, { [field]: [message] })

/** The first few of a list of serial numbers, and how many more ("SN-1, SN-2 and 3 more" reads the same in either language with a count). */
function named(serials: readonly string[]): { serials: string; more: string } {
  return { serials: serials.slice(0, NAMED).join(', '), more: serials.length > NAMED ? groupDigits(String(serials.length - NAMED)) : '' }
}

/** Serial numbers already in stock somewhere: refused on `field`, naming each with its place. */
export class SerialsInStock extends DomainError {
  constructor(
    readonly found: Array<{ serial: string; place: string | null }>,
    field: string,
  ) {
    const message = withParams(found.length > NAMED ? 'inventory:errors.serialsInStockMore' : 'inventory:errors.serialsInStock', named(found.map((f) => (f.place ? `${f.serial} (${f.place})` : f.serial))))
    super('conflict', message, { [field]: [message] })
  }
}

/** Refuses a move that would bring a tracked product's stock in without its batch or serial number (tracking.rules). */
export function assertTrackedIn(product: TrackedProduct, move: { quantity: string; batch: string | null }, field: string) {
  const refusal = trackingRefusal(product, move)
  if (refusal) throw fieldRefusal('bad_input', field, refusal)
}

/**
 * A tracked product's stock taken out without naming its batch or serial comes from the place's stock without one, which
 * predates tracking (it is never stranded); where there is none, the command must name what it takes.
 */
export async function assertUnnamedStock(tx: Tx, product: TrackedProduct, place: Place) {
  if (product.tracking === 'none') return
  const [row] = await rawRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from stock_balances
        where product_id = ${product.id} and warehouse_id = ${place.warehouseId} and bin_id is not distinct from ${place.binId}::uuid
          and batch is null and on_hand > 0`,
  )
  if (!row.n) throw fieldRefusal('bad_input', trackedField(product), unnamedStockRefusal(product))
}

/**
 * The serial numbers a form lists (one per line, or FROM..TO), one per unit of `quantity`: refused on `field` when the list
 * cannot be read or its length is not the quantity's. As the product's stock spells them (canonicalSerials).
 */
export async function serialsFor(tx: Tx, product: TrackedProduct, text: string, quantity: string, field: string): Promise<string[]> {
  const parsed = parseSerials(text)
  if (!parsed.ok) throw fieldRefusal('bad_input', field, parsed.message)
  if (parsed.serials.length === 0) throw fieldRefusal('bad_input', field, withParams('inventory:errors.serialsRequired', { sku: product.sku }))
  if (!serialCountMatches(quantity, parsed.serials.length)) {
    throw fieldRefusal('bad_input', field, withParams('inventory:errors.serialCountMismatch', { count: parsed.serials.length, given: groupDigits(String(parsed.serials.length)), quantity: groupDigits(quantity.replace(/^-/, '')) }))
  }
  return canonicalSerials(tx, product.id, parsed.serials)
}

/**
 * Serial numbers as the product's stock already spells them ("sn-0001" is SN-0001 when the product has that serial, as a
 * typed batch is canonicalBatch's), else as typed; in the order given.
 */
export async function canonicalSerials(tx: Tx, productId: string, serials: readonly string[]): Promise<string[]> {
  if (serials.length === 0) return []
  const rows = await rawRows<{ batch: string }>(
    tx,
    sql`select distinct batch from stock_balances
        where product_id = ${productId} and lower(batch) in (select lower(value) from jsonb_array_elements_text(${asJson(serials)}::jsonb))
        order by batch`,
  )
  const exact = new Set(rows.map((r) => r.batch))
  const known = new Map<string, string>()
  for (const r of rows) if (!known.has(r.batch.toLowerCase())) known.set(r.batch.toLowerCase(), r.batch)
  return serials.map((s) => (exact.has(s) ? s : (known.get(s.toLowerCase()) ?? s)))
}

/**
 * Takes the receipt locks of these serial numbers of the product (in one fixed order, so two receipts of overlapping lists
 * cannot deadlock) and refuses any already on hand anywhere: a serial is in stock at most once. Two receipts of the same
 * serial queue on its lock; the second, reading after the first's commit, finds it in stock. Every move that brings a
 * serial into stock from outside (a receipt, an adjustment or count up, an import) takes it; a transfer does not, as the
 * serial only changes place.
 */
export async function claimSerials(tx: Tx, productId: string, serials: readonly string[], field: string) {
  if (serials.length === 0) return
  const list = asJson(serials)
  await tx.execute(
    sql`select count(pg_advisory_xact_lock(${SERIAL_LOCK}::int, k.h)) from (
          select distinct hashtext(${productId}::text || '|' || lower(value)) as h from jsonb_array_elements_text(${list}::jsonb) order by h
        ) k`,
  )
  const found = await rawRows<{ serial: string; warehouse: string; bin: string | null }>(
    tx,
    sql`select b.batch as serial, w.code as warehouse, bn.code as bin
        from stock_balances b join warehouses w on w.id = b.warehouse_id left join bins bn on bn.id = b.bin_id
        where b.product_id = ${productId} and b.on_hand > 0
          and lower(b.batch) in (select lower(value) from jsonb_array_elements_text(${list}::jsonb))
        order by b.batch`,
  )
  if (found.length) throw new SerialsInStock(found.map((f) => ({ serial: f.serial, place: f.bin ? `${f.warehouse} / ${f.bin}` : f.warehouse })), field)
}

/** Which of these serial numbers are not available at the place (not there, or there but reserved for an order). */
export async function serialsMissingAt(tx: Tx, productId: string, place: Place, serials: readonly string[]): Promise<string[]> {
  const here = await rawRows<{ batch: string }>(
    tx,
    sql`select batch from stock_balances
        where product_id = ${productId} and warehouse_id = ${place.warehouseId} and bin_id is not distinct from ${place.binId}::uuid
          and on_hand - reserved >= 1 and batch in (select value from jsonb_array_elements_text(${asJson(serials)}::jsonb))`,
  )
  const found = new Set(here.map((r) => r.batch))
  return serials.filter((s) => !found.has(s))
}

/**
 * Refuses taking serial numbers the place does not have available, naming them on `field`. Their rows are locked first, in
 * allocationOrder (oldest receipt first), the order an order's reservation and shipment lock a product's rows in: the
 * moves are then written in key order (applyMovesInKeyOrder: by the serial's spelling), and a command taking several
 * serials out that locked them in that order could deadlock with a reservation taking them oldest first. Under the locks
 * the check is also final: nothing reserves them between it and the moves.
 */
export async function assertSerialsAt(tx: Tx, productId: string, place: Place, serials: readonly string[], field: string) {
  await tx.execute(
    sql`select b.id from stock_balances b
        where b.product_id = ${productId} and b.warehouse_id = ${place.warehouseId} and b.bin_id is not distinct from ${place.binId}::uuid
          and b.batch in (select value from jsonb_array_elements_text(${asJson(serials)}::jsonb))
        order by ${allocationOrder(sql`b`)}
        for update of b`,
  )
  const missing = await serialsMissingAt(tx, productId, place, serials)
  if (missing.length) throw fieldRefusal('conflict', field, withParams(missing.length > NAMED ? 'inventory:errors.serialsNotHereMore' : 'inventory:errors.serialsNotHere', named(missing)))
}

/** At most this many rows per statement: each row is a handful of parameters, and a statement takes at most 65,535. */
const CHUNK = 1000

/**
 * Receives serial numbers into one place: the receipt locks are taken and any serial already in stock refused
 * (claimSerials), then each serial becomes a balance row holding 1 and a move of +1, written a chunk per statement (the
 * demo's opening stock is thousands of them). A row the serial had before (shipped since) holds 0 and takes it again;
 * one holding it already matches nothing and the whole receipt is refused.
 */
export async function receiveSerials(
  tx: Tx,
  product: TrackedProduct,
  place: Place,
  serials: readonly string[],
  move: Pick<MoveSpec, 'kind' | 'reason' | 'referenceType' | 'referenceId'>,
  actorUserId: string | null,
  field = 'serials',
): Promise<Array<AppliedMove & { serial: string }>> {
  await claimSerials(tx, product.id, serials, field)
  const out: Array<AppliedMove & { serial: string }> = []
  for (let i = 0; i < serials.length; i += CHUNK) {
    const chunk = serials.slice(i, i + CHUNK)
    const rows = await tx
      .insert(stockBalances)
      .values(chunk.map((batch) => ({ productId: product.id, warehouseId: place.warehouseId, binId: place.binId, batch, onHand: '1' })))
      .onConflictDoUpdate({
        target: [stockBalances.productId, stockBalances.warehouseId, stockBalances.binId, stockBalances.batch],
        set: { onHand: sql`${stockBalances.onHand} + excluded.on_hand`, updatedAt: sql`now()` },
        // Each serial number is one unit: a row holding it already takes no second.
        setWhere: sql`${stockBalances.onHand} = 0`,
      })
      .returning({ id: stockBalances.id, batch: stockBalances.batch })
    if (rows.length !== chunk.length) {
      const got = new Set(rows.map((r) => r.batch))
      throw new SerialsInStock(chunk.filter((s) => !got.has(s)).map((serial) => ({ serial, place: null })), field)
    }
    const moves = await tx
      .insert(stockMoves)
      .values(chunk.map((batch) => ({ kind: move.kind, productId: product.id, warehouseId: place.warehouseId, binId: place.binId, batch, quantity: '1', reason: move.reason, referenceType: move.referenceType ?? null, referenceId: move.referenceId ?? null, actorUserId })))
      .returning({ id: stockMoves.id, batch: stockMoves.batch })
    const balanceOf = new Map(rows.map((r) => [r.batch, r.id]))
    for (const m of moves) out.push({ serial: m.batch!, moveId: m.id, balanceId: balanceOf.get(m.batch)!, onHandBefore: '0', onHandAfter: '1', reserved: '0' })
  }
  return out
}

/** What a product has on hand at a place, across its batches and serials (a serial command's audit row says it before and after). */
export async function onHandAt(tx: Tx, productId: string, place: Place): Promise<string> {
  const [row] = await rawRows<{ on_hand: string }>(
    tx,
    sql`select coalesce(sum(on_hand), 0)::text as on_hand from stock_balances
        where product_id = ${productId} and warehouse_id = ${place.warehouseId} and bin_id is not distinct from ${place.binId}::uuid`,
  )
  return new D(row.on_hand).toFixed()
}
