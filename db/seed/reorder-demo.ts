// Reorder points for a few demo products, set through the buyer's command (never raw inserts) so the
// figures come from the demo's own shipments and the requisition, the buyers' bells and the audit log
// agree with them. Runs after the orders demo, whose shipments are the usage:
//   EL-1002 in SH-MAIN   computed (North's shipped order took 100): above its reorder point
//   MT-2003 in SZ-SOUTH  computed (East's partial shipment took 25): above it
//   PK-3005 in SZ-SOUTH  set by hand at 250 with 210 rolls left: below it, so requisition for 200 rolls
//                        (up to 400, in fifties) is raised
import { eq, inArray } from 'drizzle-orm'
import { db } from '../client'
import { products, users, warehouses } from '../schema'
import { loadActor } from '~/auth/actor.server'
import { saveReplenishmentRule } from '~/domain/inventory/replenishment.server'
import type { ReplenishmentInput } from '~/domain/inventory/replenishment.validation'

export async function seedReorderDemo(): Promise<{ raised: string[] }> {
  const [u] = await db().select({ id: users.id }).from(users).where(eq(users.email, 'buyer@acme.test'))
  const buyer = u && (await loadActor(u.id, 'seed'))
  if (!buyer) throw new Error('demo user buyer@acme.test is missing')
  const prods = await db().select({ id: products.id, sku: products.sku }).from(products).where(inArray(products.sku, ['EL-1002', 'MT-2003', 'PK-3005']))
  const p = Object.fromEntries(prods.map((x) => [x.sku, x.id])) as Record<string, string>
  const whs = await db().select({ id: warehouses.id, code: warehouses.code }).from(warehouses)
  const wh = Object.fromEntries(whs.map((w) => [w.code, w.id])) as Record<string, string>
  const computed = { enabled: true, manual: false, safetyStock: null, reorderPoint: null, minOrderQty: null } as const
  const rules: Array<[string, ReplenishmentInput]> = [
    ['EL-1002', { ...computed, warehouseId: wh['SH-MAIN'], leadTimeDays: 14, serviceLevel: 95, orderUpTo: '300', orderMultiple: '100' }],
    ['MT-2003', { ...computed, warehouseId: wh['SZ-SOUTH'], leadTimeDays: 21, serviceLevel: 98, orderUpTo: null, orderMultiple: null, minOrderQty: '50' }],
    ['PK-3005', { enabled: true, manual: true, warehouseId: wh['SZ-SOUTH'], leadTimeDays: 10, serviceLevel: 95, safetyStock: '80', reorderPoint: '250', orderUpTo: '400', minOrderQty: null, orderMultiple: '50' }],
  ]
  const raised: string[] = []
  for (const [sku, input] of rules) {
    const r = await saveReplenishmentRule(buyer, p[sku], input)
    raised.push(...r.raised.map((x) => x.number))
  }
  if (raised.length !== 1) throw new Error(`the reorder demo meant to raise one requisition (PK-3005), raised ${raised.length}`)
  return { raised }
}
