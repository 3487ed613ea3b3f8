// Migration 0017: orders held over credit before holds were dropped had reserved stock, backordered
// the rest and raised a requisition at submission. The migration releases all of it, so approving
// one reserves and raises its requisition once, like any held order, and nothing stays locked away.
import { readFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { products, requisitions, salesOrderLines, stockBalances, stockReservations } from '~db/schema'
import { approveOrder } from '~/domain/orders/approve-order.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { DomainError } from '~/utils/errors'
import { activeReservedOf, balanceOf, dealer, linesOf, order, productId, requisitionOf, warehouseId } from './helpers'

useTestDatabase({ seed: true })

const migration = readFileSync('db/migrations/0017_release_held_order_stock.sql', 'utf8').split('--> statement-breakpoint')

describe('migration 0017 on an order held under the old rule', () => {
  it('releases what it holds, zeroes its backorder and cancels its requisition; approval then takes its stock once', async () => {
    const frank = await dealer('frank@south.test')
    const [p, sh] = [await productId('AS-4003'), await warehouseId('SH-MAIN')]
    const start = (await balanceOf(p, sh))!
    const held = await order(frank, 'SH-MAIN', [['AS-4003', '30']])
    expect(held.order.status).toBe('submitted')
    // As the old rule left it: 10 reserved (a unit on each of the ten serial numbers' rows), 20 backordered, an open requisition.
    const rows = await db().select({ id: stockBalances.id }).from(stockBalances).where(sql`${stockBalances.productId} = ${p} and ${stockBalances.warehouseId} = ${sh} and ${stockBalances.onHand} > ${stockBalances.reserved}`)
    expect(rows).toHaveLength(10)
    for (const balance of rows) {
      await db().update(stockBalances).set({ reserved: sql`${stockBalances.reserved} + 1` }).where(eq(stockBalances.id, balance.id))
      await db().insert(stockReservations).values({ balanceId: balance.id, productId: p, warehouseId: sh, quantity: '1', sourceType: 'sales_order', sourceId: held.order.id })
    }
    await db().update(salesOrderLines).set({ backorderedQty: '20' }).where(eq(salesOrderLines.orderId, held.order.id))
    await db().insert(requisitions).values({ number: `PR-LEGACY-${randomUUID().slice(0, 8)}`, status: 'open', sourceType: 'sales_order', sourceId: held.order.id })
    expect(await activeReservedOf(held.order.id)).toBe(10)

    for (const statement of migration) if (statement.trim()) await db().execute(sql.raw(statement))

    expect(await activeReservedOf(held.order.id)).toBe(0)
    expect((await balanceOf(p, sh))!.reserved).toBe(start.reserved)
    expect((await linesOf(held.order.id)).map((l) => l.backorderedQty)).toEqual(['0'])
    expect(await db().$count(requisitions, sql`${requisitions.sourceId} = ${held.order.id} and ${requisitions.status} = 'open'`)).toBe(0)

    // Approved now, it reserves what is there and raises one requisition for the rest.
    await approveOrder(await actorFor('sales.manager@acme.test'), held.order.id, { note: 'paid' })
    expect(await activeReservedOf(held.order.id)).toBe(Math.min(30, start.onHand - start.reserved))
    expect(await db().$count(requisitions, sql`${requisitions.sourceId} = ${held.order.id} and ${requisitions.status} = 'open'`)).toBe(1)
    expect((await requisitionOf(held.order.id))).not.toBeNull()
  })
})

describe('approving an order whose product was withdrawn while it waited', () => {
  it('is refused by name, and takes nothing', async () => {
    const frank = await dealer('frank@south.test')
    const held = await order(frank, 'SH-MAIN', [['AS-4001', '30'], ['EL-1003', '5']])
    expect(held.order.status).toBe('submitted')
    const gone = await productId('EL-1003')
    await db().update(products).set({ active: false }).where(eq(products.id, gone))
    try {
      const refused = await approveOrder(await actorFor('sales.manager@acme.test'), held.order.id, {}).catch((e: unknown) => e)
      expect(refused).toBeInstanceOf(DomainError)
      expect((refused as DomainError).messageKey).toBe('orders:errors.withdrawnWhileHeld|{"sku":"EL-1003"}')
      expect(await activeReservedOf(held.order.id)).toBe(0)
      expect(await requisitionOf(held.order.id)).toBeNull()
    } finally {
      await db().update(products).set({ active: true }).where(eq(products.id, gone))
    }
  })
})
