// A product's movement ledger as the stock page reads it (pages, filters, search, the order a
// shipment went out on) and the trace of one batch: where it came from and which dealers got it.
// The demo seed receives the resistors EL-1002 in two lots; North's shipped order takes the first.
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { seedOrdersDemo } from '~db/seed/orders-demo'
import { organizations, salesOrders } from '~db/schema'
import { adjustStock } from '~/domain/inventory/adjust-stock.server'
import type { StaffActor } from '~/auth/roles'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { renderRoute, textsByTestId } from '../../support/render-route'
import { routeArgs } from '../catalog/helpers'
import { batchesIn, productId, warehouseId } from './helpers'
import { extraDealers, linesOf, order } from '../orders/helpers'
import { pickOrder } from '~/domain/orders/pick-order.server'
import { shipOrder } from '~/domain/orders/ship-order.server'
import type { DealerActor } from '~/auth/roles'

useTestDatabase({ seed: true })
beforeAll(async () => {
  await seedOrdersDemo()
})

const page = async (email: string, query = '') => {
  const id = await productId('EL-1002')
  const mod = await import('~/routes/console.inventory.$productId')
  const actor = { ...((await actorFor(email)) as StaffActor), locale: 'en' as const }
  return (await mod.loader(routeArgs(actor, `/console/inventory/${id}${query}`, { productId: id }))) as any
}

async function northShippedOrder() {
  const [o] = await db()
    .select({ id: salesOrders.id, number: salesOrders.number, dealer: organizations.nameEn })
    .from(salesOrders)
    .innerJoin(organizations, eq(organizations.id, salesOrders.dealerOrgId))
    .where(eq(salesOrders.dealerReference, 'BN-PO-2026-0342'))
  return o
}

describe('the movement ledger of a product', () => {
  it('names the order and dealer of a shipment to those who see orders, and only to them', async () => {
    const order = await northShippedOrder()
    const sales = await page('sales@acme.test', '?kind=shipment')
    expect(sales.stock.movesTotal).toBe(1)
    expect(sales.stock.moves[0]).toMatchObject({ kind: 'shipment', batch: 'R10K-2609-A', quantity: '-100.0000', order: { id: order.id, number: order.number, dealerName: order.dealer } })
    // A buyer sees stock, not orders: the same row without its order, and no search by order number.
    const buyer = await page('buyer@acme.test', '?kind=shipment')
    expect(buyer.stock.moves[0]).toMatchObject({ kind: 'shipment', order: null, referenceId: null })
    expect((await page('sales@acme.test', `?q=${order.number}`)).stock.movesTotal).toBe(1)
    expect((await page('buyer@acme.test', `?q=${order.number}`)).stock.movesTotal).toBe(0)
  })

  it('filters by warehouse, kind and batch, pages, and sorts oldest first on request', async () => {
    const wh = (await actorFor('warehouse@acme.test')) as StaffActor
    const p = await productId('EL-1002')
    const sh = await warehouseId('SH-MAIN')
    for (let i = 1; i <= 55; i++) await adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: 'R10K-2610-B', quantity: '-1', reason: `Sample ${i}` })
    const first = await page('warehouse@acme.test')
    // Opening lots (two in SH-MAIN, one in SZ-SOUTH), the shipment, and the 55 samples.
    expect(first.stock.movesTotal).toBe(59)
    expect(first.stock.moves).toHaveLength(50)
    expect(first.stock.moves[0].reason).toBe('Sample 55')
    const second = await page('warehouse@acme.test', '?page=2')
    expect(second.stock.moves).toHaveLength(9)
    expect(second.stock.moves.at(-1)).toMatchObject({ kind: 'receipt', referenceType: 'seed' })
    expect((await page('warehouse@acme.test', '?sort=at&dir=asc')).stock.moves[0]).toMatchObject({ kind: 'receipt' })
    expect((await page('warehouse@acme.test', '?warehouse=SZ-SOUTH')).stock.moves.map((m: any) => [m.kind, m.batch])).toEqual([['receipt', 'R10K-2610-B']])
    expect((await page('warehouse@acme.test', '?kind=adjustment&batch=R10K-2610-B')).stock.movesTotal).toBe(55)
    expect((await page('warehouse@acme.test', '?batch=R10K-2609-A')).stock.moves.map((m: any) => m.kind)).toEqual(['shipment', 'receipt'])
    // Typed in another case, it is the same lot.
    expect((await page('warehouse@acme.test', '?batch=r10k-2609-a')).stock.moves.map((m: any) => m.kind)).toEqual(['shipment', 'receipt'])
    expect((await page('warehouse@acme.test', '?kind=nonsense')).stock.movesTotal).toBe(0)
    expect(first.stock.batches).toEqual(['R10K-2609-A', 'R10K-2610-B'])
  })
})

describe('the trace of a batch', () => {
  it('shows what came in, what is left and which dealer got the rest on which order', async () => {
    const order = await northShippedOrder()
    const trace = (await page('sales@acme.test', '?batch=R10K-2609-A')).stock.batchTrace
    expect(trace).toEqual({
      batch: 'R10K-2609-A',
      received: '100.0000',
      onHand: '0.0000',
      dealers: [{ dealerOrgId: expect.any(String), dealerName: order.dealer, quantity: '100', orders: [{ id: order.id, number: order.number }], orderCount: 1 }],
      dealerCount: 1,
    })
    const other = (await page('sales@acme.test', '?batch=R10K-2610-B')).stock.batchTrace
    expect(other).toMatchObject({ batch: 'R10K-2610-B', dealers: [] })
    // Without orders.view the trace stops at the warehouse.
    expect((await page('buyer@acme.test', '?batch=R10K-2609-A')).stock.batchTrace).toMatchObject({ received: '100.0000', onHand: '0.0000', dealers: null })
    expect((await page('sales@acme.test', '?batch=NO-SUCH-LOT')).stock.batchTrace).toBeNull()
    expect((await page('sales@acme.test', '?batch=r10k-2609-a')).stock.batchTrace).toMatchObject({ received: '100.0000' })
    expect((await page('sales@acme.test')).stock.batchTrace).toBeNull()
  })
})

describe('the batch panel of a much-shipped lot', () => {
  // A summary whatever the lot's history: the trace page pages through every shipment.
  it('lists at most 20 dealers and each one’s first 5 orders, counting the rest, an order shipped in parts once', async () => {
    const wh = (await actorFor('warehouse@acme.test')) as StaffActor
    const p = await productId('EL-1002')
    const sz = await warehouseId('SZ-SOUTH')
    // Only the lot under test in SZ-SOUTH, so every order there takes it.
    for (const b of await batchesIn(p, sz)) await adjustStock(wh, { productId: p, warehouseId: sz, binId: b.binId, batch: b.batch, quantity: `-${b.onHand - b.reserved}`, reason: 'Cleared for the panel test' })
    await adjustStock(wh, { productId: p, warehouseId: sz, binId: null, batch: 'PANEL-LOT', quantity: '100', reason: 'Panel test' })
    const shipAll = async (who: DealerActor, parts = 1) => {
      const placed = await order(who, 'SZ-SOUTH', [['EL-1002', String(parts)]])
      await pickOrder(wh, placed.order.id)
      const [line] = await linesOf(placed.order.id)
      for (let i = 0; i < parts; i++) await shipOrder(wh, placed.order.id, { carrier: 'SF', trackingNumber: `P-${i}`, lines: [{ orderLineId: line.id, quantity: '1' }] })
      return placed.order.number
    }
    const many = await extraDealers(21)
    for (const d of many) await shipAll(d)
    const busiest = many[0]
    const numbers = [await shipAll(busiest, 2)]
    for (let i = 0; i < 5; i++) numbers.push(await shipAll(busiest))
    const trace = (await page('sales@acme.test', '?batch=PANEL-LOT')).stock.batchTrace
    expect(trace.dealerCount).toBe(21)
    expect(trace.dealers).toHaveLength(20)
    const row = trace.dealers.find((d: any) => d.dealerOrgId === busiest.orgId)
    expect(row).toMatchObject({ quantity: '8', orderCount: 7 })
    expect(row.orders).toHaveLength(5)
    expect(trace.dealers.filter((d: any) => d.dealerOrgId !== busiest.orgId).every((d: any) => d.quantity === '1' && d.orderCount === 1)).toBe(true)
    // Drawn in Chinese: the order numbers joined as Chinese joins a list, the rest counted, the dealer beyond the 20 too.
    const mod = await import('~/routes/console.inventory.$productId')
    const zhSales = (await actorFor('sales@acme.test')) as StaffActor
    expect(zhSales.locale).toBe('zh-CN')
    const id = await productId('EL-1002')
    const url = `/console/inventory/${id}?batch=PANEL-LOT`
    const html = await renderRoute(mod.default, await mod.loader(routeArgs(zhSales, url, { productId: id })), 'zh-CN', url)
    const busiestRow = textsByTestId(html, 'trace-dealer').find((r) => r.includes(row.orders[0].number))!
    expect(busiestRow).toContain(`${row.orders[0].number}、${row.orders[1].number}`)
    expect(busiestRow).toContain('另有 2 个订单')
    expect(textsByTestId(html, 'trace-more-dealers')[0]).toContain('另有 1 家经销商')
  })
})
