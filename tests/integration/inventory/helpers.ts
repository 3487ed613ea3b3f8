import { and, eq, sql } from 'drizzle-orm'
import { db, rawRows } from '~db/client'
import { bins, products, stockBalances, stockMoves, warehouses } from '~db/schema'
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

/** Stands in for next session's reservations: claims part of a balance directly. */
export async function reserve(productId: string, warehouseId: string, qty: number) {
  await db()
    .update(stockBalances)
    .set({ reserved: sql`${stockBalances.reserved} + ${String(qty)}::numeric` })
    .where(and(eq(stockBalances.productId, productId), eq(stockBalances.warehouseId, warehouseId), sql`bin_id is null and batch is null`))
}
