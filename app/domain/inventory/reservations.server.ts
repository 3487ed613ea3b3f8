import { and, eq, sql, type SQL } from 'drizzle-orm'
import { rawRows, type Tx } from '~db/client'
import { stockBalances, stockMoves, stockReservations } from '~db/schema'
import { D } from '~/utils/money'
import { DomainError } from '~/utils/errors'

// Building blocks for the order commands (next: dealer orders). They run inside the caller's
// transaction and check no permission themselves: the command that calls them does, and owns the
// audit row. Each balance row changes by one guarded statement under its row lock, as in ledger.server.ts.
// The command also publishes publishStockChanged (stock-events.server.ts) after its commit, so
// dealer catalogs showing the product refetch their available-to-promise.

/**
 * When a balance row's batch (or serial number) first came into stock: its first move, found through stock_moves_batch_idx.
 * A transfer keeps the batch, so stock moved to another warehouse keeps its age there too.
 */
export const batchReceivedAt = (b: SQL) => sql`(select min(m.created_at) from stock_moves m where m.product_id = ${b}.product_id and m.batch = ${b}.batch)`

/**
 * The order orders take a product's balance rows in, and lock them in (one order everywhere, so no two commands deadlock):
 * stock without a batch first, then each batch or serial oldest receipt first (FIFO, as Odoo's and SAP's default removal
 * strategy), a batch's name breaking ties (the demo's lots all came in one instant, and their names carry their month),
 * then no bin before bins. Stock without a batch is either untracked, where only the bins order it as before, or a tracked
 * product's stock from before its tracking, which is older than any batch received since and the one thing the trace
 * cannot follow: shipping it first empties it soonest. `age` names the column holding batchReceivedAt where the caller
 * selected it (a window's ORDER BY cannot hold a subquery).
 */
export const allocationOrder = (b: SQL, age: SQL = batchReceivedAt(b)) => sql`${b}.batch is not null, ${age}, ${b}.batch, ${b}.bin_id nulls first, ${b}.id`

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
 * order (allocationOrder: no batch, then oldest batch first) so concurrent reservations lock rows alike. Each row gives
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
    .orderBy(allocationOrder(sql`${stockBalances}`))
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

export interface LinesReserved {
  /** Per product of the request: what was reserved and what could not be (the shortfall). */
  byProduct: Map<string, { reserved: string; shortfall: string }>
  /** Numbers drawn in the same statement (see `numbers`); null where not asked or not needed. */
  orderNumber: string | null
  requisitionNumber: string | null
}

/**
 * Reserves several products in a warehouse in one statement: locks every balance row that has
 * something available, in (product, allocationOrder) order — the order reserveStock
 * takes them in, so it and this never deadlock — and gives each row LEAST(available, still
 * needed), computed under the locks, exactly as reserveStock does row by row. Products must be
 * distinct. `numbers` also draws document numbers in the same round trip: the order's (when asked:
 * an order approved after a credit hold has its number already), and a requisition's only if some product falls short (so requisition numbers are not used up by
 * orders that need none).
 */
export async function reserveStockForLines(
  tx: Tx,
  req: {
    warehouseId: string
    lines: ReadonlyArray<{ productId: string; quantity: string }>
    sourceType: string
    sourceId: string
    numbers?: { order?: SQL; requisition: SQL }
  },
): Promise<LinesReserved> {
  for (const l of req.lines) {
    const q = new D(l.quantity)
    if (!q.isFinite() || q.lte(0)) throw new DomainError('bad_input')
  }
  if (new Set(req.lines.map((l) => l.productId)).size !== req.lines.length) throw new DomainError('bad_input')
  const wanted = JSON.stringify(req.lines.map((l) => ({ product_id: l.productId, qty: new D(l.quantity).toFixed() })))
  const rows = await rawRows<{ product_id: string; reserved: string; shortfall: string; order_number: string | null; requisition_number: string | null }>(
    tx,
    sql`with
      req as materialized (select r.product_id, r.qty from jsonb_to_recordset(${wanted}::jsonb) as r(product_id uuid, qty numeric)),
      locked as materialized (
        select b.id, b.product_id, b.bin_id, b.batch, b.on_hand - b.reserved as avail, ${batchReceivedAt(sql`b`)} as age
        from stock_balances b
        where b.product_id in (select product_id from req) and b.warehouse_id = ${req.warehouseId} and b.on_hand > b.reserved
        order by b.product_id, ${allocationOrder(sql`b`)}
        for update of b
      ),
      takes as (
        select l.id, l.product_id,
               least(l.avail, greatest(r.qty - coalesce(sum(l.avail) over (
                 partition by l.product_id order by ${allocationOrder(sql`l`, sql`l.age`)}
                 rows between unbounded preceding and 1 preceding), 0), 0)) as take
        from locked l join req r on r.product_id = l.product_id
      ),
      upd as (
        update stock_balances b set reserved = b.reserved + t.take, updated_at = now()
        from takes t where b.id = t.id and t.take > 0
        returning b.id, b.product_id, t.take
      ),
      ins as (
        insert into stock_reservations (balance_id, product_id, warehouse_id, quantity, source_type, source_id)
        select u.id, u.product_id, ${req.warehouseId}, u.take, ${req.sourceType}, ${req.sourceId} from upd u
        returning product_id, quantity
      ),
      got as (
        select r.product_id, r.qty, coalesce((select sum(i.quantity) from ins i where i.product_id = r.product_id), 0) as reserved from req r
      ),
      nums as (
        select ${req.numbers?.order ?? sql`null::text`} as order_number,
               case when exists (select 1 from got where reserved < qty) then ${req.numbers?.requisition ?? sql`null::text`} end as requisition_number
      )
      select g.product_id, g.reserved::text as reserved, (g.qty - g.reserved)::text as shortfall, n.order_number, n.requisition_number
      from got g cross join nums n`,
  )
  const byProduct = new Map(rows.map((r) => [r.product_id, { reserved: new D(r.reserved).toFixed(), shortfall: new D(r.shortfall).toFixed() }]))
  return { byProduct, orderNumber: rows[0]?.order_number ?? null, requisitionNumber: rows[0]?.requisition_number ?? null }
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
