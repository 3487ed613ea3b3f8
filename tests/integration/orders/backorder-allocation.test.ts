// Stock that comes free goes first to the orders waiting for it, oldest first, before any new order
// can take it: what the cart and the order page promise the dealer ("reserved for you as soon as
// stock arrives"). Received, counted up, transferred in, or released by a cancelled order.
import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, notifications } from '~db/schema'
import { countStock } from '~/domain/inventory/count-stock.server'
import { approveCount } from '~/domain/inventory/decide-count.server'
import { transferStock } from '~/domain/inventory/transfer-stock.server'
import { approveOrder } from '~/domain/orders/approve-order.server'
import { cancelOrder } from '~/domain/orders/cancel-order.server'
import { rejectOrder } from '~/domain/orders/reject-order.server'
import { pickOrder } from '~/domain/orders/pick-order.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { routeArgs, statusOf, uploadRequest, useTempDataDir } from '../catalog/helpers'
import { ledgerBreaches } from '../inventory/helpers'
import { activeReservedOf, addStock, balanceOf, batchesIn, dealer, linesOf, order, orderRow, productId, requisitionOf, warehouseId } from './helpers'

useTestDatabase({ seed: true })
useTempDataDir()

const bellsFor = async (orderId: string) =>
  (await db().select({ kind: notifications.kind }).from(notifications).where(eq(notifications.link, `/dealer/orders/${orderId}`))).map((n) => n.kind)

const backordered = async (orderId: string) => (await linesOf(orderId)).map((l) => Number(l.backorderedQty))

describe('stock that comes free', () => {
  it('goes to the waiting orders oldest first, then to whoever orders next', async () => {
    const [erin, dave] = await Promise.all([dealer('erin@east.test'), dealer('dave@north.test')])
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('AS-4003')
    const sh = await warehouseId('SH-MAIN')
    // The demo holds 10 drive units in SH-MAIN: Erin takes them and waits for 5; Dave then waits for 3.
    const first = await order(erin, 'SH-MAIN', [['AS-4003', '15']])
    const second = await order(dave, 'SH-MAIN', [['AS-4003', '3']])
    expect([first.order.status, second.order.status]).toEqual(['approved', 'approved'])
    expect([await backordered(first.order.id), await backordered(second.order.id)]).toEqual([[5], [3]])

    // Six arrive: Erin's five first (her order is complete), then one of Dave's; none is left to promise.
    await addStock(wh, p, sh, '6', 'Delivery from the supplier')
    expect((await orderRow(first.order.id)).status).toBe('reserved')
    expect(await backordered(first.order.id)).toEqual([0])
    expect((await requisitionOf(first.order.id))!.status).toBe('cancelled')
    expect(await backordered(second.order.id)).toEqual([2])
    expect((await requisitionOf(second.order.id))!.lines.map((l) => Number(l.quantity))).toEqual([2])
    expect(await balanceOf(p, sh)).toEqual({ onHand: 16, reserved: 16 })
    // No one clicked: the system reserved it, on the order's trail.
    const trail = await db()
      .select({ actorKind: auditLog.actorKind, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, first.order.id), eq(auditLog.action, 'sales_order.backorders_reserved')))
    expect(trail).toMatchObject([{ actorKind: 'system', after: { status: 'reserved', reserved: [{ productId: p, quantity: '5' }] } }])
    // Each of the dealers' users hears of it: all of Erin's order is held now, part of Dave's.
    expect(new Set(await bellsFor(first.order.id))).toEqual(new Set(['order.backordersReserved']))
    expect(new Set(await bellsFor(second.order.id))).toEqual(new Set(['order.backordersPartlyReserved']))

    // Erin cancels: what she held goes to Dave's waiting two before anyone else; the rest is free.
    await cancelOrder(erin, first.order.id, { reason: 'Project cancelled' })
    expect((await orderRow(second.order.id)).status).toBe('reserved')
    expect(await balanceOf(p, sh)).toEqual({ onHand: 16, reserved: 3 })
    expect(await ledgerBreaches()).toEqual([])
  })

  it('is served from a count that finds more and from a transfer in', async () => {
    const erin = await dealer('erin@east.test')
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('AS-4003')
    const [sh, sz] = await Promise.all([warehouseId('SH-MAIN'), warehouseId('SZ-SOUTH')])
    // The demo has no drive units in SZ-SOUTH: all four wait.
    const waiting = await order(erin, 'SZ-SOUTH', [['AS-4003', '4']])
    expect(waiting.order.status).toBe('approved')
    expect(await backordered(waiting.order.id)).toEqual([4])

    // Drive units are serial-tracked: the count finds one by its serial number, the transfer moves three named ones.
    // A serial number the place never held waits for a second person's approval, which is when it serves the order.
    const found = await countStock(wh, { productId: p, warehouseId: sz, binId: null, batch: 'DX300-25-900001', countedQuantity: '1', reason: 'Found in a corner' })
    expect(found).toMatchObject({ status: 'pending', hold: 'newBatch' })
    expect(await backordered(waiting.order.id)).toEqual([4])
    await approveCount(await actorFor('admin@acme.test'), found.countId)
    expect(await backordered(waiting.order.id)).toEqual([3])
    const free = (await balanceOf(p, sh))!
    const serials = (await batchesIn(p, sh)).filter((b) => b.onHand > b.reserved).map((b) => b.batch!)
    expect(serials.length).toBeGreaterThanOrEqual(3)
    await transferStock(wh, { productId: p, fromWarehouseId: sh, fromBinId: null, toWarehouseId: sz, toBinId: null, batch: null, serials: serials.slice(0, 3).join('\n'), quantity: '3', reason: 'Rebalance south' })
    expect(await backordered(waiting.order.id)).toEqual([0])
    expect((await orderRow(waiting.order.id)).status).toBe('reserved')
    expect((await balanceOf(p, sh))!.onHand).toBe(free.onHand - 3)
    await pickOrder(wh, waiting.order.id)
    expect(await ledgerBreaches()).toEqual([])
  })

  it('gives nothing to an order held for credit approval, nor to other warehouses; approval takes what came meanwhile', async () => {
    const [frank, erin] = await Promise.all([dealer('frank@south.test'), dealer('erin@east.test')])
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('AS-4002')
    const [sh, sz] = await Promise.all([warehouseId('SH-MAIN'), warehouseId('SZ-SOUTH')])
    const { onHand, reserved } = (await balanceOf(p, sh))!
    // Frank's order goes over his credit limit: held, it holds nothing and waits for nothing until a sales manager approves it.
    const held = await order(frank, 'SH-MAIN', [['AS-4002', String(onHand - reserved + 2)]])
    expect(held.order.status).toBe('submitted')
    const south = await balanceOf(p, sz)
    const elsewhere = await order(erin, 'SZ-SOUTH', [['AS-4002', String(south!.onHand - south!.reserved + 1)]])
    await addStock(wh, p, sh, '5', 'Delivery')
    expect(await backordered(held.order.id)).toEqual([0])
    expect(await activeReservedOf(held.order.id)).toBe(0)
    expect(await backordered(elsewhere.order.id)).toEqual([1])
    expect((await balanceOf(p, sh))!.reserved).toBe(reserved)
    // Once approved it takes what is there, including what came while it waited.
    await approveOrder(await actorFor('sales.manager@acme.test'), held.order.id, { note: 'Paid last week' })
    expect(await backordered(held.order.id)).toEqual([0])
    expect(await activeReservedOf(held.order.id)).toBe(onHand - reserved + 2)
    expect((await orderRow(held.order.id)).status).toBe('reserved')
    expect(await requisitionOf(held.order.id)).toBeNull()
  })

  it('is served from an opening-balance import; a rejected held order frees nothing, for it held nothing', async () => {
    const [erin, dave, frank] = await Promise.all([dealer('erin@east.test'), dealer('dave@north.test'), dealer('frank@south.test')])
    const manager = await actorFor('sales.manager@acme.test')
    const p = await productId('AS-4003')
    const sh = await warehouseId('SH-MAIN')
    const sz = await warehouseId('SZ-SOUTH')
    // Shenzhen has nothing free: Erin waits for two, and an import of one serves half of it.
    const south = (await balanceOf(p, sz))!
    expect(south.onHand - south.reserved).toBe(0)
    const waiting = await order(erin, 'SZ-SOUTH', [['AS-4003', '2']])
    expect(await backordered(waiting.order.id)).toEqual([2])
    const importRoute = await import('~/routes/console.inventory.import')
    const bytes = new TextEncoder().encode('sku,warehouse,bin,batch,quantity\nAS-4003,SZ-SOUTH,,DX300-25-900002,1')
    const res = await importRoute.action({ ...routeArgs(await actorFor('warehouse@acme.test'), '/console/inventory/import'), request: uploadRequest('/console/inventory/import', 'opening.csv', bytes) })
    expect(await statusOf(async () => res)).toBe(302)
    expect(await backordered(waiting.order.id)).toEqual([1])

    // Frank's order over his limit asks for all Shanghai has left, and holds none of it: Dave's order
    // after it is served at once, and rejecting Frank's order has nothing to hand on.
    const free = (await balanceOf(p, sh))!
    const held = await order(frank, 'SH-MAIN', [['AS-4003', String(free.onHand - free.reserved)]])
    expect(held.order.status).toBe('submitted')
    const behind = await order(dave, 'SH-MAIN', [['AS-4003', '2']])
    expect(await backordered(behind.order.id)).toEqual([0])
    const afterBehind = (await balanceOf(p, sh))!
    expect(afterBehind.reserved).toBe(free.reserved + 2)
    await rejectOrder(manager, held.order.id, { reason: 'Over the limit' })
    expect(await balanceOf(p, sh)).toEqual(afterBehind)
    expect(await requisitionOf(held.order.id)).toBeNull()
    expect(await ledgerBreaches()).toEqual([])
  })
})
