// A cycle count waiting for approval, made through the count command (never a raw insert) so that the bells, the audit log
// and the ledger agree with it: the warehouse found 40 of PK-3003's printed manuals missing in Shenzhen, beyond tolerance, and an
// admin or finance may approve or reject it.
import { and, eq, isNull } from 'drizzle-orm'
import { db } from '../client'
import { products, stockBalances, users, warehouses } from '../schema'
import { loadActor } from '~/auth/actor.server'
import { countStock } from '~/domain/inventory/count-stock.server'
import { D } from '~/utils/money'

export async function seedCountsDemo(): Promise<string> {
  const [u] = await db().select({ id: users.id }).from(users).where(eq(users.email, 'warehouse@acme.test'))
  const counter = u && (await loadActor(u.id, 'seed'))
  if (!counter) throw new Error('demo user warehouse@acme.test is missing')
  const [p] = await db().select({ id: products.id }).from(products).where(eq(products.sku, 'PK-3003'))
  const [w] = await db().select({ id: warehouses.id }).from(warehouses).where(eq(warehouses.code, 'SZ-SOUTH'))
  const [b] = await db()
    .select({ onHand: stockBalances.onHand })
    .from(stockBalances)
    .where(and(eq(stockBalances.productId, p.id), eq(stockBalances.warehouseId, w.id), isNull(stockBalances.binId), isNull(stockBalances.batch)))
  const counted = new D(b.onHand).minus(40).toFixed()
  const out = await countStock(counter, { productId: p.id, warehouseId: w.id, binId: null, batch: null, countedQuantity: counted, reason: '季度盘点：少 40 件 / Quarterly cycle count: 40 short' })
  if (out.status !== 'pending') throw new Error('the demo count was meant to wait for approval')
  return out.countId
}
