import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { adjustStock } from '~/domain/inventory/adjust-stock.server'
import { cancelOrder } from '~/domain/orders/cancel-order.server'
import { pickOrder } from '~/domain/orders/pick-order.server'
import { shipOrder } from '~/domain/orders/ship-order.server'
import { actorFor } from '../../support/actors'
import { testDbKind, useTestDatabase } from '../../support/db'
import { ledgerBreaches } from '../inventory/helpers'
import { balanceOf, extraDealers, lineIdentityBreaches, linesOf, order, productId, warehouseId } from './helpers'

// Real concurrency needs real connections: PGlite runs one transaction at a time, so these run on PostgreSQL.
describe.skipIf(testDbKind !== 'postgres')('orders under concurrency (PostgreSQL)', () => {
  useTestDatabase({ seed: true })

  it('50 concurrent orders for the last 10 units reserve exactly 10 and never leave stock negative', async () => {
    const dealers = await extraDealers(25)
    const p = await productId('AS-4003')
    const sh = await warehouseId('SH-MAIN')
    expect(await balanceOf(p, sh)).toEqual({ onHand: 10, reserved: 0 })
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => order(dealers[i % dealers.length], 'SH-MAIN', [['AS-4003', '1']])))
    expect(results.every((r) => !r.replayed)).toBe(true)
    expect(results.filter((r) => r.order.status === 'reserved')).toHaveLength(10)
    expect(results.filter((r) => r.order.status === 'approved')).toHaveLength(40)
    expect(await balanceOf(p, sh)).toEqual({ onHand: 10, reserved: 10 })
    const [t] = await rawRows<{ backordered: string; requisitioned: string }>(
      db(),
      sql`select (select sum(backordered_qty) from sales_order_lines where product_id = ${p})::text as backordered,
                 (select sum(quantity) from requisition_lines where product_id = ${p})::text as requisitioned`,
    )
    expect([Number(t.backordered), Number(t.requisitioned)]).toEqual([40, 40])
    const [neg] = await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from stock_balances where on_hand < 0 or reserved < 0 or reserved > on_hand`)
    expect(neg.n).toBe(0)
    expect(await lineIdentityBreaches()).toEqual([])
  }, 120_000)

  it('orders touching the same two products in opposite line order all succeed, with no deadlock surfacing', async () => {
    const dealers = await extraDealers(20)
    const [a, b] = ['PK-3004', 'MT-2003']
    const pa = await productId(a)
    const pb = await productId(b)
    const sh = await warehouseId('SH-MAIN')
    const ra = (await balanceOf(pa, sh))!.reserved
    const rb = (await balanceOf(pb, sh))!.reserved
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => order(dealers[i % 20], 'SH-MAIN', i % 2 === 0 ? [[a, '2'], [b, '3']] : [[b, '3'], [a, '2']])),
    )
    const failures = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))
    expect(failures).toEqual([])
    expect((await balanceOf(pa, sh))!.reserved).toBe(ra + 80)
    expect((await balanceOf(pb, sh))!.reserved).toBe(rb + 120)
  }, 120_000)

  it('conserves stock through a mixed run: opening + adjustments − shipped = on hand, reserved = active reservations', async () => {
    const dealers = await extraDealers(10)
    const wh = await actorFor('warehouse@acme.test')
    const skus = ['EL-1005', 'PK-3005', 'AS-4005']
    const ids = await Promise.all(skus.map(productId))
    const sh = await warehouseId('SH-MAIN')
    const placed = await Promise.all(
      Array.from({ length: 30 }, (_, i) => order(dealers[i % 10], 'SH-MAIN', [[skus[i % 3], String(5 + (i % 7))], [skus[(i + 1) % 3], '4']])),
    )
    await Promise.all([
      ...placed.map(async (r, i) => {
        if (i % 3 === 0) return cancelOrder(dealers[i % 10], r.order.id, { reason: 'changed plans' })
        if (r.order.status !== 'reserved') return
        await pickOrder(wh, r.order.id)
        const lines = await linesOf(r.order.id)
        return shipOrder(wh, r.order.id, { carrier: 'SF', trackingNumber: `SF-${i}`, lines: lines.map((l) => ({ orderLineId: l.id, quantity: i % 2 ? l.reservedQty : '1' })) })
      }),
      // EL-1005 is serial-tracked: its five written off are named, the newest received (orders take the oldest).
      ...ids.map((p, i) => adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, serials: skus[i] === 'EL-1005' ? 'PSU-24-000456..PSU-24-000460' : null, quantity: i % 2 ? '7' : '-5', reason: 'count correction' })),
    ])
    expect(await ledgerBreaches()).toEqual([])
    expect(await lineIdentityBreaches()).toEqual([])
    const rows = await rawRows<{ sku: string; opening: string; adjusted: string; shipped_moves: string; shipped_lines: string; on_hand: string; reserved: string; active: string }>(
      db(),
      sql`select p.sku,
            (select coalesce(sum(quantity), 0) from stock_moves m where m.product_id = p.id and m.warehouse_id = ${sh} and m.kind = 'receipt')::text as opening,
            (select coalesce(sum(quantity), 0) from stock_moves m where m.product_id = p.id and m.warehouse_id = ${sh} and m.kind in ('adjustment', 'count'))::text as adjusted,
            (select coalesce(-sum(quantity), 0) from stock_moves m where m.product_id = p.id and m.warehouse_id = ${sh} and m.kind = 'shipment')::text as shipped_moves,
            (select coalesce(sum(l.shipped_qty), 0) from sales_order_lines l join sales_orders o on o.id = l.order_id where l.product_id = p.id and o.warehouse_id = ${sh})::text as shipped_lines,
            (select coalesce(sum(on_hand), 0) from stock_balances b where b.product_id = p.id and b.warehouse_id = ${sh})::text as on_hand,
            (select coalesce(sum(reserved), 0) from stock_balances b where b.product_id = p.id and b.warehouse_id = ${sh})::text as reserved,
            (select coalesce(sum(quantity), 0) from stock_reservations r where r.product_id = p.id and r.warehouse_id = ${sh} and r.status = 'active')::text as active
          from products p where p.sku in ${sql.raw(`(${skus.map((s) => `'${s}'`).join(', ')})`)}`,
    )
    expect(rows).toHaveLength(3)
    for (const r of rows) {
      expect(Number(r.opening), r.sku).toBe(Number(r.on_hand) + Number(r.shipped_lines) - Number(r.adjusted))
      expect(Number(r.shipped_moves), r.sku).toBe(Number(r.shipped_lines))
      expect(Number(r.reserved), r.sku).toBe(Number(r.active))
      expect(Number(r.shipped_lines), r.sku).toBeGreaterThan(0)
      expect(Number(r.adjusted), r.sku).not.toBe(0)
    }
  }, 120_000)
})

// Keeps a PGlite run of this file from reporting "no tests".
it.skipIf(testDbKind === 'postgres')('runs its concurrency checks on PostgreSQL only', () => {
  expect(testDbKind).toBe('pglite')
})
