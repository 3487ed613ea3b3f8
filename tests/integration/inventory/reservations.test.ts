import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { stockMoves, stockReservations } from '~db/schema'
import { transact } from '~db/transaction'
import { adjustStock } from '~/domain/inventory/adjust-stock.server'
import { releaseReservation, reserveStock, reserveStockForLines, shipReservation } from '~/domain/inventory/reservations.server'
import { transferStock } from '~/domain/inventory/transfer-stock.server'
import { DomainError } from '~/utils/errors'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { balanceOf, batchesIn, binId, ledgerBreaches, productId, totalIn, warehouseId } from './helpers'

useTestDatabase({ seed: true })

const reserve = (productId: string, warehouseId: string, quantity: string, sourceId: string) =>
  transact(({ tx }) => reserveStock(tx, { productId, warehouseId, quantity, sourceType: 'test', sourceId }))

describe('reserving stock', () => {
  it('never reserves more than is on hand: 50 concurrent reservations for the last 10 units get exactly 10', async () => {
    // Ten serial numbers, a balance row each.
    const p = await productId('AS-4003')
    const sh = await warehouseId('SH-MAIN')
    expect(await totalIn(p, sh)).toEqual({ onHand: 10, reserved: 0 })
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => reserve(p, sh, '1', `order-${i}`)))
    expect(results.filter((r) => r.reserved === '1')).toHaveLength(10)
    expect(results.filter((r) => r.shortfall === '1')).toHaveLength(40)
    expect(await totalIn(p, sh)).toEqual({ onHand: 10, reserved: 10 })
    expect((await batchesIn(p, sh)).every((b) => b.onHand === 1 && b.reserved === 1)).toBe(true)
    const [{ total }] = await rawRows<{ total: string }>(db(), sql`select coalesce(sum(quantity), 0)::text as total from stock_reservations where product_id = ${p} and status = 'active'`)
    expect(Number(total)).toBe(10)
  }, 60_000)

  it('splits a line across balance rows and reports the shortfall to backorder', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('MT-2001')
    const sz = await warehouseId('SZ-SOUTH')
    const s01 = await binId('SZ-SOUTH', 'S-01')
    const { onHand } = (await balanceOf(p, sz))!
    await transferStock(wh, { productId: p, fromWarehouseId: sz, fromBinId: null, toWarehouseId: sz, toBinId: s01, batch: null, quantity: '5', reason: 'put away' })
    const res = await reserve(p, sz, String(onHand + 7), 'order-split')
    expect(res.reserved).toBe(String(onHand))
    expect(res.shortfall).toBe('7')
    expect(res.taken.map((t) => t.quantity)).toEqual([String(onHand - 5), '5'])
    expect(await balanceOf(p, sz)).toEqual({ onHand: onHand - 5, reserved: onHand - 5 })
    expect(await balanceOf(p, sz, s01)).toEqual({ onHand: 5, reserved: 5 })
  })

  it('reserves several lines in one statement as reserveStock would, row by row, and draws a requisition number only when short', async () => {
    const wh = await actorFor('warehouse@acme.test')
    // a untracked, in a bin and out of one; b batch-tracked, in two lots.
    const [a, b] = [await productId('PK-3004'), await productId('AS-4004')]
    const sz = await warehouseId('SZ-SOUTH')
    const s01 = await binId('SZ-SOUTH', 'S-01')
    const onA = (await balanceOf(a, sz))!.onHand
    const onB = (await totalIn(b, sz)).onHand
    const [lot1, lot2] = (await batchesIn(b, sz)).map((l) => l.onHand)
    await transferStock(wh, { productId: a, fromWarehouseId: sz, fromBinId: null, toWarehouseId: sz, toBinId: s01, batch: null, quantity: '3', reason: 'put away' })
    const numbers = { order: sql`'SO-TEST'`, requisition: sql`'PR-TEST'` }
    const run = (lines: Array<{ productId: string; quantity: string }>, sourceId: string) =>
      transact(({ tx }) => reserveStockForLines(tx, { warehouseId: sz, lines, sourceType: 'test', sourceId, numbers }))
    const full = await run([{ productId: b, quantity: '1' }, { productId: a, quantity: '1' }], 'order-lines-1')
    expect(Object.fromEntries(full.byProduct)).toEqual({ [a]: { reserved: '1', shortfall: '0' }, [b]: { reserved: '1', shortfall: '0' } })
    expect([full.orderNumber, full.requisitionNumber]).toEqual(['SO-TEST', null])
    // a: the no-bin row first, then the bin; b: everything left in both lots, and 4 short.
    const short = await run([{ productId: a, quantity: String(onA - 1) }, { productId: b, quantity: String(onB + 3) }], 'order-lines-2')
    expect(Object.fromEntries(short.byProduct)).toEqual({ [a]: { reserved: String(onA - 1), shortfall: '0' }, [b]: { reserved: String(onB - 1), shortfall: '4' } })
    expect(short.requisitionNumber).toBe('PR-TEST')
    expect(await balanceOf(a, sz)).toEqual({ onHand: onA - 3, reserved: onA - 3 })
    expect(await balanceOf(a, sz, s01)).toEqual({ onHand: 3, reserved: 3 })
    expect(await totalIn(b, sz)).toEqual({ onHand: onB, reserved: onB })
    const rows = await db().select({ quantity: stockReservations.quantity }).from(stockReservations).where(eq(stockReservations.sourceId, 'order-lines-2'))
    // The first order's unit of b came from the older lot.
    expect(rows.map((r) => Number(r.quantity)).sort((x, y) => x - y)).toEqual([3, onA - 4, lot1 - 1, lot2].sort((x, y) => x - y))
  })

  it('makes reserved stock untouchable by adjustments, and gives it back once on release', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('AS-4005')
    const sh = await warehouseId('SH-MAIN')
    const { onHand } = (await balanceOf(p, sh))!
    const res = await reserve(p, sh, String(onHand - 2), 'order-r')
    await expect(adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, quantity: '-3', reason: 'x' })).rejects.toBeInstanceOf(DomainError)
    const id = res.taken[0].reservationId
    const twice = await Promise.all([transact(({ tx }) => releaseReservation(tx, id)), transact(({ tx }) => releaseReservation(tx, id))])
    expect(twice.filter((r) => r.released)).toHaveLength(1)
    expect(await balanceOf(p, sh)).toEqual({ onHand, reserved: 0 })
  })

  it('ships a reservation once: on hand and reserved fall together and a shipment move keeps the ledger whole', async () => {
    const p = await productId('PK-3003')
    const sh = await warehouseId('SH-MAIN')
    const { onHand } = (await balanceOf(p, sh))!
    const res = await reserve(p, sh, '30', 'order-s')
    const ship = () => transact(({ tx }) => shipReservation(tx, res.taken[0].reservationId, { reason: 'Shipment', referenceType: 'order', referenceId: 'order-s', actorUserId: null }))
    const [a, b] = await Promise.all([ship(), ship()])
    expect([a, b].filter(Boolean)).toHaveLength(1)
    expect(await balanceOf(p, sh)).toEqual({ onHand: onHand - 30, reserved: 0 })
    const moves = await db().select().from(stockMoves).where(eq(stockMoves.referenceId, 'order-s'))
    expect(moves.map((m) => [m.kind, m.quantity])).toEqual([['shipment', '-30.0000']])
    const [r] = await db().select().from(stockReservations).where(eq(stockReservations.id, res.taken[0].reservationId))
    expect(r.status).toBe('consumed')
    expect(await ledgerBreaches()).toEqual([])
  })
})
