// Migration 0023: cancelling an order's backorders wrote the order's own cancelled_* columns. The backfill
// moves them to the backorders' columns where they are still the backorder cancel's, takes the who, when and
// why from the audit log where a later cancel of the order or its rest wrote over them, and leaves every
// cancellation of an order as it is; a second run changes nothing.
import { readFileSync } from 'node:fs'
import { inArray, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { salesOrders } from '~db/schema'
import { cancelBackorders } from '~/domain/orders/cancel-backorders.server'
import { cancelOrder, cancelOrderRest } from '~/domain/orders/cancel-order.server'
import { pickOrder } from '~/domain/orders/pick-order.server'
import { shipOrder } from '~/domain/orders/ship-order.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { addStock, balanceOf, dealer, linesOf, order, productId, warehouseId } from './helpers'

useTestDatabase({ seed: true })

// The backfill's statements: the columns and their foreign key exist already.
const statements = readFileSync('db/migrations/0023_backorders_cancelled.sql', 'utf8')
  .split('--> statement-breakpoint')
  .filter((s) => /^\s*UPDATE/im.test(s))

const rowsOf = async (ids: string[]) =>
  Object.fromEntries(
    (
      await db()
        .select({
          id: salesOrders.id,
          status: salesOrders.status,
          cancelledBy: salesOrders.cancelledBy,
          cancelledAt: salesOrders.cancelledAt,
          cancelReason: salesOrders.cancelReason,
          backordersCancelledBy: salesOrders.backordersCancelledBy,
          backordersCancelledAt: salesOrders.backordersCancelledAt,
          backordersCancelReason: salesOrders.backordersCancelReason,
        })
        .from(salesOrders)
        .where(inArray(salesOrders.id, ids))
    ).map((r) => [r.id, r]),
  )

describe('migration 0023 on orders whose backorders were cancelled into cancelled_*', () => {
  it('moves them where the order was not cancelled since, recovers them from the audit log where it was, and runs once', async () => {
    expect(statements).toHaveLength(2)
    const manager = await actorFor('sales.manager@acme.test')
    const wh = await actorFor('warehouse@acme.test')
    const [dave, erin] = [await dealer('dave@north.test'), await dealer('erin@east.test')]
    const p = await productId('AS-4003')
    const sh = await warehouseId('SH-MAIN')
    /** An approved order of `who` holding `held` drive units (stock topped up to that), `short` more backordered. */
    const shortOrder = async (who: typeof dave, held: number, short: number) => {
      const b = (await balanceOf(p, sh))!
      const free = b.onHand - b.reserved
      if (free < held) await addStock(wh, p, sh, String(held - free), 'Stock for the backfill test')
      const r = await order(who, 'SH-MAIN', [['AS-4003', String(Math.max(free, held) + short)]])
      expect(r.order.status).toBe('approved')
      return r.order.id
    }

    // Open: the backorders cancelled, what is held still ships.
    const open = await shortOrder(dave, 2, 3)
    await cancelBackorders(dave, open, { reason: 'Open: cannot wait' })
    // Cancelled by cancelling its backorders, nothing held: that was the order's cancellation.
    const whole = await order(erin, 'SH-MAIN', [['AS-4003', '3']])
    expect(whole.order.status).toBe('approved')
    expect((await cancelBackorders(erin, whole.order.id, { reason: 'Whole: bought elsewhere' })).status).toBe('cancelled')
    // The backorders cancelled, then the order.
    await cancelOrder(dave, open, { reason: 'Tidy up before the next' })
    const later = await shortOrder(erin, 2, 3)
    await cancelBackorders(erin, later, { reason: 'Later: only what you hold' })
    await cancelOrder(manager, later, { reason: 'Later: project stopped' })
    // Part shipped, the backorders cancelled, then the rest.
    const rest = await shortOrder(dave, 3, 4)
    await pickOrder(wh, rest)
    const [line] = await linesOf(rest)
    await shipOrder(wh, rest, { carrier: 'SF', trackingNumber: 'SF-0023', lines: [{ orderLineId: line.id, quantity: '1' }] })
    await cancelBackorders(dave, rest, { reason: 'Rest: only what you hold' })
    expect((await cancelOrderRest(manager, rest, { reason: 'Rest: the rest is damaged' })).status).toBe('shipped')
    // Still open, its backorders cancelled: the one whose cancel_* are still the backorder cancel's.
    const still = await shortOrder(erin, 2, 2)
    await cancelBackorders(erin, still, { reason: 'Still: cannot wait' })
    const ids = [open, whole.order.id, later, rest, still]
    const now = await rowsOf(ids)

    // As the old command left them: the open order's who and why in cancelled_*, and a later cancel having written over them.
    await db().execute(sql`update sales_orders set backorders_cancelled_by = null, backorders_cancelled_at = null, backorders_cancel_reason = null where id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`)
    await db().execute(sql`update sales_orders set cancelled_by = ${erin.userId}, cancelled_at = ${now[still].backordersCancelledAt!.toISOString()}, cancel_reason = 'Still: cannot wait' where id = ${still}`)
    const run = async () => {
      for (const statement of statements) await db().execute(sql.raw(statement))
    }
    await run()
    const after = await rowsOf(ids)
    // Moved: the order was not cancelled, so cancelled_* were the backorder cancel's.
    expect(after[still]).toMatchObject({ status: 'reserved', cancelledBy: null, cancelledAt: null, cancelReason: null, backordersCancelledBy: erin.userId, backordersCancelReason: 'Still: cannot wait' })
    expect(after[still].backordersCancelledAt).toEqual(now[still].backordersCancelledAt)
    // Recovered from the audit log beside the later cancellation, which stays.
    expect(after[later]).toMatchObject({ status: 'cancelled', cancelledBy: manager.userId, cancelReason: 'Later: project stopped', backordersCancelledBy: erin.userId, backordersCancelReason: 'Later: only what you hold' })
    expect(after[open]).toMatchObject({ status: 'cancelled', cancelledBy: dave.userId, cancelReason: 'Tidy up before the next', backordersCancelledBy: dave.userId, backordersCancelReason: 'Open: cannot wait' })
    expect(after[rest]).toMatchObject({ status: 'shipped', cancelledBy: manager.userId, cancelReason: 'Rest: the rest is damaged', backordersCancelledBy: dave.userId, backordersCancelReason: 'Rest: only what you hold' })
    for (const id of [later, open, rest]) expect(after[id].backordersCancelledAt, id).toBeInstanceOf(Date)
    // Cancelled by cancelling its backorders: that was the order's cancellation, and stays one.
    expect(after[whole.order.id]).toEqual(now[whole.order.id])
    expect(after[whole.order.id]).toMatchObject({ cancelReason: 'Whole: bought elsewhere', backordersCancelReason: null })

    await run()
    expect(await rowsOf(ids)).toEqual(after)
    // Leave nothing held.
    await cancelOrder(erin, still, { reason: 'Done' })
  })
})
