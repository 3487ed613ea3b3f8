import { and, asc, eq, sql } from 'drizzle-orm'
import { rawRows, type Tx } from '~db/client'
import { stockBalances, stockMoves, stockReservations } from '~db/schema'
import { D } from '~/utils/money'
import { DomainError } from '~/utils/errors'

// Building blocks for the order commands (next: dealer orders). They run inside the caller's
// transaction and check no permission themselves: the command that calls them does, and owns the
// audit row. Each balance row changes by one guarded statement under its row lock, as in ledger.server.ts.
// The command also publishes publishStockChanged (stock-events.server.ts) after its commit, so
// dealer catalogs showing the product refetch their available-to-promise.

export interface ReservationTaken {
  reservationId: string
  balanceId: string
  quantity: string
}

export interface ReserveResult {
  reserved: string
  /** What could not be reserved: the part of the line to backorder. */
  shortfall: string
  taken: ReservationTaken[]
}

/**
 * Reserves up to `quantity` of a product in a warehouse, taking from its balance rows in a fixed
 * order (no bin first, then bin and batch) so concurrent reservations lock rows alike. Each row gives
 * LEAST(available, still needed), computed under the row lock: two orders for the last units can
 * never both get them. Returns what was reserved and the shortfall, never more than was available.
 */
export async function reserveStock(
  tx: Tx,
  req: { productId: string; warehouseId: string; quantity: string; sourceType: string; sourceId: string },
): Promise<ReserveResult> {
  let remaining = new D(req.quantity)
  if (!remaining.isFinite() || remaining.lte(0)) throw new DomainError('bad_input')
  const candidates = await tx
    .select({ id: stockBalances.id })
    .from(stockBalances)
    .where(and(eq(stockBalances.productId, req.productId), eq(stockBalances.warehouseId, req.warehouseId), sql`${stockBalances.onHand} > ${stockBalances.reserved}`))
    .orderBy(sql`${stockBalances.binId} nulls first`, sql`${stockBalances.batch} nulls first`, asc(stockBalances.id))
  const taken: ReservationTaken[] = []
  for (const { id } of candidates) {
    if (remaining.lte(0)) break
    const [row] = await rawRows<{ take: string }>(
      tx,
      sql`with c as (
            select id, least(on_hand - reserved, ${remaining.toFixed()}::numeric) as take
            from stock_balances where id = ${id} for update
          )
          update stock_balances b set reserved = b.reserved + c.take, updated_at = now()
          from c where b.id = c.id and c.take > 0
          returning c.take::text as take`,
    )
    if (!row) continue
    const [r] = await tx
      .insert(stockReservations)
      .values({ balanceId: id, productId: req.productId, warehouseId: req.warehouseId, quantity: row.take, sourceType: req.sourceType, sourceId: req.sourceId })
      .returning({ id: stockReservations.id })
    taken.push({ reservationId: r.id, balanceId: id, quantity: new D(row.take).toFixed() })
    remaining = remaining.minus(row.take)
  }
  const reserved = new D(req.quantity).minus(remaining)
  return { reserved: reserved.toFixed(), shortfall: remaining.toFixed(), taken }
}

/** Gives a reservation's quantity back. Only an active reservation is released, so a retry or a race releases once. */
export async function releaseReservation(tx: Tx, reservationId: string): Promise<{ released: boolean }> {
  const [r] = await tx
    .update(stockReservations)
    .set({ status: 'released', updatedAt: sql`now()` })
    .where(and(eq(stockReservations.id, reservationId), eq(stockReservations.status, 'active')))
    .returning({ balanceId: stockReservations.balanceId, quantity: stockReservations.quantity })
  if (!r) return { released: false }
  await tx
    .update(stockBalances)
    .set({ reserved: sql`${stockBalances.reserved} - ${r.quantity}::numeric`, updatedAt: sql`now()` })
    .where(eq(stockBalances.id, r.balanceId))
  return { released: true }
}

/**
 * Ships a reservation: marks it consumed (once), takes its quantity off on_hand and reserved of the
 * same row together, and writes the shipment move, so the ledger still sums to the balance.
 */
export async function shipReservation(tx: Tx, reservationId: string, ship: { reason: string; referenceType: string; referenceId: string; actorUserId: string | null }): Promise<{ moveId: string } | null> {
  const [r] = await tx
    .update(stockReservations)
    .set({ status: 'consumed', updatedAt: sql`now()` })
    .where(and(eq(stockReservations.id, reservationId), eq(stockReservations.status, 'active')))
    .returning({ balanceId: stockReservations.balanceId, quantity: stockReservations.quantity })
  if (!r) return null
  const [b] = await tx
    .update(stockBalances)
    .set({
      onHand: sql`${stockBalances.onHand} - ${r.quantity}::numeric`,
      reserved: sql`${stockBalances.reserved} - ${r.quantity}::numeric`,
      updatedAt: sql`now()`,
    })
    .where(eq(stockBalances.id, r.balanceId))
    .returning({ productId: stockBalances.productId, warehouseId: stockBalances.warehouseId, binId: stockBalances.binId, batch: stockBalances.batch })
  const [m] = await tx
    .insert(stockMoves)
    .values({
      kind: 'shipment',
      productId: b.productId,
      warehouseId: b.warehouseId,
      binId: b.binId,
      batch: b.batch,
      quantity: new D(r.quantity).neg().toFixed(),
      reason: ship.reason,
      referenceType: ship.referenceType,
      referenceId: ship.referenceId,
      actorUserId: ship.actorUserId,
    })
    .returning({ id: stockMoves.id })
  return { moveId: m.id }
}
