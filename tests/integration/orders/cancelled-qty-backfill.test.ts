// Migration 0018: orders cancelled or rejected before cancelled_qty existed kept what they did not ship as
// backordered. The backfill records it as cancelled, as ending an order does from now on, once: a second run
// and every open order are left as they are.
import { readFileSync } from 'node:fs'
import { eq, inArray, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { salesOrderLines } from '~db/schema'
import { cancelOrder } from '~/domain/orders/cancel-order.server'
import { rejectOrder } from '~/domain/orders/reject-order.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { dealer, lineIdentityBreaches, order } from './helpers'

useTestDatabase({ seed: true })

// Every statement but the one adding the column, which exists already (the constraint is dropped and re-added around it).
const statements = readFileSync('db/migrations/0018_order_line_cancelled_qty.sql', 'utf8')
  .split('--> statement-breakpoint')
  .filter((s) => s.trim() && !/ADD COLUMN/i.test(s))

const linesOf = (orderIds: string[]) =>
  db()
    .select({ orderId: salesOrderLines.orderId, quantity: salesOrderLines.quantity, shipped: salesOrderLines.shippedQty, backordered: salesOrderLines.backorderedQty, cancelled: salesOrderLines.cancelledQty })
    .from(salesOrderLines)
    .where(inArray(salesOrderLines.orderId, orderIds))
    .orderBy(salesOrderLines.orderId, salesOrderLines.id)

describe('migration 0018 on orders that ended before cancelled_qty', () => {
  it('cancels what a cancelled or rejected order did not ship and zeroes its backorder, once; open orders are untouched', async () => {
    const manager = await actorFor('sales.manager@acme.test')
    const erin = await dealer('erin@east.test')
    const cancelled = await order(erin, 'SH-MAIN', [['PK-3001', '5'], ['PK-3002', '7']])
    await cancelOrder(erin, cancelled.order.id, { reason: 'Project cancelled' })
    const held = await order(await dealer('frank@south.test'), 'SH-MAIN', [['AS-4003', '30']])
    expect(held.order.status).toBe('submitted')
    await rejectOrder(manager, held.order.id, { reason: 'Over the limit' })
    const open = await order(erin, 'SH-MAIN', [['PK-3003', '4']])
    const ended = [cancelled.order.id, held.order.id]

    // As the old rule left an ended order: nothing cancelled, the unshipped rest backordered (one line shipped in part).
    await db()
      .update(salesOrderLines)
      .set({ cancelledQty: '0', backorderedQty: sql`${salesOrderLines.quantity} - ${salesOrderLines.shippedQty}` })
      .where(inArray(salesOrderLines.orderId, ended))
    const [first] = await db().select({ id: salesOrderLines.id }).from(salesOrderLines).where(eq(salesOrderLines.orderId, cancelled.order.id)).orderBy(salesOrderLines.id).limit(1)
    await db().update(salesOrderLines).set({ shippedQty: '2', backorderedQty: sql`${salesOrderLines.quantity} - 2` }).where(eq(salesOrderLines.id, first.id))
    const openBefore = await linesOf([open.order.id])

    const run = async () => {
      for (const statement of statements) await db().execute(sql.raw(statement))
    }
    await run()
    const after = await linesOf(ended)
    expect(after).toHaveLength(3)
    for (const l of after) {
      expect(Number(l.cancelled), JSON.stringify(l)).toBe(Number(l.quantity) - Number(l.shipped))
      expect(Number(l.backordered)).toBe(0)
    }
    expect(after.some((l) => Number(l.shipped) > 0)).toBe(true)
    expect(await lineIdentityBreaches()).toEqual([])
    expect(await linesOf([open.order.id])).toEqual(openBefore)

    await run()
    expect(await linesOf(ended)).toEqual(after)
    expect(await linesOf([open.order.id])).toEqual(openBefore)
  })
})
