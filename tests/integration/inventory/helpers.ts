import { randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { db, rawRows } from '~db/client'
import { bins, products, stockBalances, stockMoves, warehouses } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { adjustStock } from '~/domain/inventory/adjust-stock.server'
import { allocationOrder } from '~/domain/inventory/reservations.server'
import { conservationBreaches } from '~/domain/inventory/stock.rules'

export async function productId(sku: string) {
  const [p] = await db().select({ id: products.id }).from(products).where(eq(products.sku, sku))
  return p.id
}

export async function warehouseId(code: string) {
  const [w] = await db().select({ id: warehouses.id }).from(warehouses).where(eq(warehouses.code, code))
  return w.id
}

export async function binId(warehouse: string, code: string) {
  const [b] = await db()
    .select({ id: bins.id })
    .from(bins)
    .innerJoin(warehouses, eq(warehouses.id, bins.warehouseId))
    .where(and(eq(warehouses.code, warehouse), eq(bins.code, code)))
  return b.id
}

/** on_hand and reserved of one balance row (no bin, no batch unless given), as decimal strings; null when there is no row. */
export async function balanceOf(productId: string, warehouseId: string, binId: string | null = null, batch: string | null = null) {
  const [row] = await rawRows<{ on_hand: string; reserved: string }>(
    db(),
    sql`select on_hand::text, reserved::text from stock_balances
        where product_id = ${productId} and warehouse_id = ${warehouseId}
          and bin_id is not distinct from ${binId}::uuid and batch is not distinct from ${batch}::text`,
  )
  return row ? { onHand: Number(row.on_hand), reserved: Number(row.reserved) } : null
}

/** Every key whose balance is not the sum of its moves, and every transfer whose legs do not cancel. */
export async function ledgerBreaches() {
  const moves = await db()
    .select({ productId: stockMoves.productId, warehouseId: stockMoves.warehouseId, binId: stockMoves.binId, batch: stockMoves.batch, quantity: stockMoves.quantity, transferId: stockMoves.transferId })
    .from(stockMoves)
  const balances = await db()
    .select({ productId: stockBalances.productId, warehouseId: stockBalances.warehouseId, binId: stockBalances.binId, batch: stockBalances.batch, onHand: stockBalances.onHand })
    .from(stockBalances)
  return conservationBreaches(moves, balances)
}

/** Stands in for next session's reservations: claims part of a balance (no bin, no batch unless given) directly. */
export async function reserve(productId: string, warehouseId: string, qty: number, batch: string | null = null) {
  await db()
    .update(stockBalances)
    .set({ reserved: sql`${stockBalances.reserved} + ${String(qty)}::numeric` })
    .where(and(eq(stockBalances.productId, productId), eq(stockBalances.warehouseId, warehouseId), sql`bin_id is null and batch is not distinct from ${batch}::text`))
}

/** What a product has on hand and reserved in a warehouse, over all its bins, batches and serial numbers. */
export async function totalIn(productId: string, warehouseId: string) {
  const [row] = await rawRows<{ on_hand: string; reserved: string }>(
    db(),
    sql`select coalesce(sum(on_hand), 0)::text as on_hand, coalesce(sum(reserved), 0)::text as reserved from stock_balances where product_id = ${productId} and warehouse_id = ${warehouseId}`,
  )
  return { onHand: Number(row.on_hand), reserved: Number(row.reserved) }
}

/** A product's balance rows in a warehouse with stock, in the order orders take them (oldest batch first). */
export async function batchesIn(productId: string, warehouseId: string) {
  return (
    await rawRows<{ batch: string | null; bin_id: string | null; on_hand: string; reserved: string }>(
      db(),
      sql`select b.batch, b.bin_id, b.on_hand::text, b.reserved::text from stock_balances b
          where b.product_id = ${productId} and b.warehouse_id = ${warehouseId} and b.on_hand > 0
          order by ${allocationOrder(sql`b`)}`,
    )
  ).map((r) => ({ batch: r.batch, binId: r.bin_id, onHand: Number(r.on_hand), reserved: Number(r.reserved) }))
}

/** The lot addStock receives a batch-tracked product's stock into. */
export const TEST_LOT = 'TEST-LOT'

/**
 * Receives stock through the stock form's command, as the product's tracking asks: untracked with no batch, batch-tracked
 * into TEST_LOT, serial-tracked under fresh serial numbers (one per unit). For tests whose point is the stock coming in.
 */
export async function addStock(actor: Actor, productId: string, warehouseId: string, quantity: string, reason: string) {
  const [p] = await db().select({ tracking: products.tracking }).from(products).where(eq(products.id, productId))
  const tag = randomUUID().slice(0, 8).toUpperCase()
  const serials = p.tracking === 'serial' ? Array.from({ length: Number(quantity) }, (_, i) => `T-${tag}-${i + 1}`).join('\n') : null
  return adjustStock(actor, { productId, warehouseId, binId: null, batch: p.tracking === 'batch' ? TEST_LOT : null, serials, quantity, reason })
}
