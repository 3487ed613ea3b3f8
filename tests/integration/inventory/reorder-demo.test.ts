// The demo's reorder points (db/seed/reorder-demo.ts), made through the buyer's command on top of the orders demo.
import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { requisitions } from '~db/schema'
import { seedOrdersDemo } from '~db/seed/orders-demo'
import { seedReorderDemo } from '~db/seed/reorder-demo'
import type { StaffActor } from '~/auth/roles'
import { getProductReplenishment } from '~/domain/inventory/replenishment.queries.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { productId } from './helpers'

useTestDatabase({ seed: true })

describe('the reorder demo', () => {
  it('computes two reorder points from the demo shipments and raises one requisition, for the pallet wrap below its own', async () => {
    await seedOrdersDemo()
    const { raised } = await seedReorderDemo()
    const [req] = await db().select().from(requisitions).where(eq(requisitions.number, raised[0]))
    expect(req).toMatchObject({ status: 'open', sourceType: 'reorder', requestedBy: null })
    const [line] = await rawRows<{ sku: string; code: string; quantity: string }>(
      db(),
      sql`select p.sku, w.code, trim_scale(l.quantity)::text as quantity from requisition_lines l join products p on p.id = l.product_id join warehouses w on w.id = l.warehouse_id where l.requisition_id = ${req.id}`,
    )
    // 270 received, 60 shipped on SE-2026-130: 210 rolls against a reorder point of 250, up to 400 in fifties.
    expect(line).toEqual({ sku: 'PK-3005', code: 'SZ-SOUTH', quantity: '200' })

    const viewer = (await actorFor('warehouse@acme.test')) as StaffActor
    const of = async (sku: string, code: string) => (await getProductReplenishment(viewer, await productId(sku)))!.warehouses.find((w) => w.warehouseCode === code)!
    const wrap = await of('PK-3005', 'SZ-SOUTH')
    // Short (210 < 250) and covered by its requisition (410): the stock list's "below reorder point" shows it, with the requisition.
    expect(wrap).toMatchObject({ onHand: '210', net: '210', position: '410', below: true, openReorder: { number: req.number, quantity: '200' }, rule: { manual: true, reorderPoint: '250' } })
    for (const [sku, code] of [['EL-1002', 'SH-MAIN'], ['MT-2003', 'SZ-SOUTH']]) {
      const w = await of(sku, code)
      expect(w.rule, sku).toMatchObject({ manual: false, enabled: true })
      expect(Number(w.rule!.avgDailyUsage), sku).toBeGreaterThan(0)
      expect(Number(w.rule!.reorderPoint), sku).toBeGreaterThan(Number(w.rule!.safetyStock))
      expect([w.below, w.openReorder], sku).toEqual([false, null])
    }
  })
})
