// Traceability both ways (product spec §9): from a batch to the dealers who got it (the console's trace
// page, its search and its recall list), and from an order's shipment to the batches it took (the
// console's and the dealer's order pages, the order PDF). A product of this file's own is received in
// lots that each warehouse holds whole, so which lot an order takes does not depend on the order the
// reservations take a warehouse's lots in: North gets 20 of LOT-B from Shenzhen; East gets all of LOT-A
// and LOT-C from Shanghai on one shipment line, and 10 of LOT-B from Shenzhen.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, categories, priceListItems, priceLists, products } from '~db/schema'
import type { Actor, DealerActor, StaffActor } from '~/auth/roles'
import { applyMove } from '~/domain/inventory/ledger.server'
import { adjustStock } from '~/domain/inventory/adjust-stock.server'
import { countStock } from '~/domain/inventory/count-stock.server'
import { approveCount } from '~/domain/inventory/decide-count.server'
import { getBatchTrace, searchBatches } from '~/domain/inventory/batch-trace.queries.server'
import { BATCH_SEARCH_LIMIT } from '~/domain/inventory/batch-trace.validation'
import { getOrderForDealer, getOrderForStaff } from '~/domain/orders/orders.queries.server'
import { pickOrder } from '~/domain/orders/pick-order.server'
import { shipOrder } from '~/domain/orders/ship-order.server'
import { submitOrder } from '~/domain/orders/submit-order.server'
import { readSpreadsheet } from '~/utils/spreadsheet.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { routeArgs, statusOf } from '../catalog/helpers'
import { warehouseId } from './helpers'

useTestDatabase({ seed: true })

const tag = randomUUID().slice(0, 6).toUpperCase()
const SKU = `TRC-${tag}`
const LOT = { A: `LOT-${tag}-A`, B: `LOT-${tag}-B`, C: `LOT-${tag}-C` }
let productId = ''
const orders: Record<'north' | 'eastSh' | 'eastSz', { id: string; number: string; shipment: string }> = {} as any

const as = async <A extends Actor>(email: string, locale: 'en' | 'zh-CN' = 'en') => ({ ...(await actorFor(email)), locale }) as A

async function shipWhole(dealer: DealerActor, warehouse: string, quantity: string) {
  const wh = await actorFor('warehouse@acme.test')
  const placed = await submitOrder(dealer, { warehouseId: await warehouseId(warehouse), lines: [{ productId, quantity }] }, { idempotencyKey: randomUUID() })
  expect(placed.order.status).toBe('reserved')
  await pickOrder(wh, placed.order.id)
  const staffView = await getOrderForStaff((await actorFor('admin@acme.test')) as StaffActor, placed.order.id)
  const shipped = await shipOrder(wh, placed.order.id, { carrier: 'SF Express', trackingNumber: `SF-${tag}-${warehouse}`, lines: [{ orderLineId: staffView!.lines[0].id, quantity }] })
  return { id: placed.order.id, number: placed.order.number, shipment: shipped.shipment.number }
}

beforeAll(async () => {
  const [elec] = await db().select({ id: categories.id }).from(categories).where(eq(categories.code, 'ELEC'))
  const [p] = await db()
    .insert(products)
    .values({ sku: SKU, nameEn: 'Traced relay', nameZh: '追溯继电器', categoryId: elec.id, unit: 'pcs', taxRate: '0.1300', tracking: 'batch' })
    .returning({ id: products.id })
  productId = p.id
  const lists = await db().select({ id: priceLists.id }).from(priceLists)
  await db().insert(priceListItems).values(lists.map((l) => ({ priceListId: l.id, productId, minQty: '1', unitPrice: '10.0000' })))
  const [sh, sz] = [await warehouseId('SH-MAIN'), await warehouseId('SZ-SOUTH')]
  // A receipt naming a purchase order, as procure-to-pay will write one: the trace shows the reference it has.
  await db().transaction(async (tx) => {
    await applyMove(tx, { kind: 'receipt', productId, warehouseId: sh, binId: null, batch: LOT.A, quantity: '30', reason: 'Received from Bright', referenceType: 'purchase_order', referenceId: `PO-${tag}` }, null)
    await applyMove(tx, { kind: 'receipt', productId, warehouseId: sh, binId: null, batch: LOT.C, quantity: '5', reason: 'Received from Bright', referenceType: 'purchase_order', referenceId: `PO-${tag}` }, null)
  })
  const warehouse = (await actorFor('warehouse@acme.test')) as StaffActor
  await adjustStock(warehouse, { productId, warehouseId: sz, binId: null, batch: LOT.B, quantity: '40', reason: 'Found on the returns shelf' })
  orders.north = await shipWhole((await actorFor('dave@north.test')) as DealerActor, 'SZ-SOUTH', '20')
  orders.eastSh = await shipWhole((await actorFor('erin@east.test')) as DealerActor, 'SH-MAIN', '35')
  orders.eastSz = await shipWhole((await actorFor('erin@east.test')) as DealerActor, 'SZ-SOUTH', '10')
  // A write-off after the shipments: one of the other moves.
  await adjustStock(warehouse, { productId, warehouseId: sz, binId: null, batch: LOT.B, quantity: '-2', reason: 'Crushed in handling' })
})

const traceRoute = () => import('~/routes/console.inventory.trace.$productId')
const exportRoute = () => import('~/routes/console.inventory.trace.$productId_.export')
const searchRoute = () => import('~/routes/console.inventory.trace._index')
const dealerOrderRoute = () => import('../../../portal-customer/routes/orders.$id')
const tracePage = async (who: Actor, batch: string) => (await traceRoute()).loader(routeArgs(who, `/console/inventory/trace/${productId}?batch=${encodeURIComponent(batch)}`, { productId })) as Promise<any>
const exportOf = async (who: Actor, batch: string, format = 'xlsx') =>
  (await exportRoute()).loader(routeArgs(who, `/console/inventory/trace/${productId}/export?batch=${encodeURIComponent(batch)}&format=${format}`, { productId })) as Promise<Response>

describe('the trace of a batch', () => {
  it('names every dealer who got it, with how much, on which order and shipment, and what is left', async () => {
    const sales = await as<StaffActor>('sales@acme.test')
    const { trace } = await tracePage(sales, LOT.B)
    expect(trace.totals).toEqual({ cameIn: '40', shipped: '30', onHand: '8', reserved: '0', available: '8' })
    expect(trace.shipped.total).toBe(2)
    expect(trace.shipped.dealers).toBe(2)
    const byDealer = Object.fromEntries(trace.shipped.rows.map((s: any) => [s.dealer.code, { quantity: s.quantity, order: s.order.number, shipment: s.shipmentNumber, carrier: s.carrier, tracking: s.trackingNumber }]))
    expect(byDealer).toEqual({
      'DLR-NORTH': { quantity: '20', order: orders.north.number, shipment: orders.north.shipment, carrier: 'SF Express', tracking: `SF-${tag}-SZ-SOUTH` },
      'DLR-EAST': { quantity: '10', order: orders.eastSz.number, shipment: orders.eastSz.shipment, carrier: 'SF Express', tracking: `SF-${tag}-SZ-SOUTH` },
    })
    // Where it came from: the adjustment that added it, with who and why; where it is: Shenzhen; the write-off is another move.
    expect(trace.origins.rows.map((m: any) => [m.kind, m.quantity, m.warehouseCode, m.reason, m.actorName])).toEqual([['adjustment', '40', 'SZ-SOUTH', 'Found on the returns shelf', expect.any(String)]])
    expect(trace.balances.map((b: any) => [b.warehouseCode, b.onHand])).toEqual([['SZ-SOUTH', '8']])
    expect(trace.others.rows.map((m: any) => [m.kind, m.quantity, m.reason])).toEqual([['adjustment', '-2', 'Crushed in handling']])
  })

  it('shows a receipt’s reference as the ledger has it, and an emptied lot with nothing left', async () => {
    const { trace } = await tracePage(await as('warehouse@acme.test'), LOT.A)
    expect(trace.origins.rows).toMatchObject([{ kind: 'receipt', quantity: '30', reference: { kind: 'other', type: 'purchase_order', id: `PO-${tag}` } }])
    expect(trace.totals).toMatchObject({ cameIn: '30', shipped: '30', onHand: '0' })
    expect(trace.balances).toEqual([])
    expect(trace.shipped.rows.map((s: any) => [s.dealer.code, s.quantity, s.order.number])).toEqual([['DLR-EAST', '30', orders.eastSh.number]])
  })

  it('stops at the warehouse for those who do not see orders, and finds the ledger’s spelling of a lot typed in another case', async () => {
    const buyer = await as<StaffActor>('buyer@acme.test')
    const trace = await getBatchTrace(buyer, productId, LOT.B)
    expect(trace).toMatchObject({ totals: { onHand: '8' }, shipped: null })
    const moved = await statusOf(() => tracePage(buyer, LOT.B.toLowerCase()))
    expect(moved).toBe(302)
    expect(await statusOf(() => tracePage(buyer, `${LOT.B}-NOPE`))).toBe(404)
    expect(await getBatchTrace(buyer, productId, `${LOT.B}-NOPE`)).toBeNull()
  })
})

describe('the search for a batch or serial number', () => {
  it('matches the start of a batch without regard to case, across products or within one', async () => {
    const staff = await as('finance@acme.test')
    const all = await searchBatches(staff, { q: `lot-${tag.toLowerCase()}`, productId: null })
    expect(all.rows.map((r) => [r.sku, r.batch, r.onHand, r.warehouses])).toEqual([
      [SKU, LOT.A, '0', []],
      [SKU, LOT.B, '8', ['SZ-SOUTH']],
      [SKU, LOT.C, '0', []],
    ])
    expect(all.more).toBe(false)
    // Only the start matches: the middle of a lot number is no prefix.
    expect((await searchBatches(staff, { q: tag, productId: null })).rows).toEqual([])
    // LIKE's wildcards are taken literally.
    expect((await searchBatches(staff, { q: 'LOT%', productId: null })).rows).toEqual([])
    expect((await searchBatches(staff, { q: `LOT-${tag}-B`, productId: null })).rows.map((r) => r.batch)).toEqual([LOT.B])
    // A product alone lists its batches; another product's search does not find these.
    expect((await searchBatches(staff, { q: '', productId })).rows.map((r) => r.batch)).toEqual([LOT.A, LOT.B, LOT.C])
    const other = (await db().select({ id: products.id }).from(products).where(eq(products.sku, 'EL-1001')))[0].id
    expect((await searchBatches(staff, { q: `LOT-${tag}`, productId: other })).rows).toEqual([])
  })

  it('answers the search page by SKU, and says so when no product has the SKU', async () => {
    const staff = await as('warehouse@acme.test')
    const page = (await (await searchRoute()).loader(routeArgs(staff, `/console/inventory/trace?q=lot-${tag}&product=${SKU.toLowerCase()}`))) as any
    expect(page.selected).toEqual({ code: SKU, name: 'Traced relay' })
    expect(page.rows.map((r: any) => r.batch)).toEqual([LOT.A, LOT.B, LOT.C])
    const unknown = (await (await searchRoute()).loader(routeArgs(staff, `/console/inventory/trace?q=lot&product=NO-SUCH-${tag}`))) as any
    expect(unknown).toMatchObject({ rows: [], unknownSku: `NO-SUCH-${tag}` })
  })
})

describe('the recall list', () => {
  it('lists each dealer who got the batch with quantities and dates, and is audited', async () => {
    const sales = await as<StaffActor>('sales@acme.test')
    const res = await exportOf(sales, LOT.B)
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Disposition')).toContain(`recall-${SKU}-${LOT.B}-`)
    const grid = await readSpreadsheet('xlsx', new Uint8Array(await res.arrayBuffer()))
    expect(grid[0]).toEqual(['SKU', 'Batch / serial', 'Dealer code', 'Dealer', 'Order', 'Dealer reference', 'Shipment', 'Shipped', 'Quantity', 'Unit', 'Warehouse', 'Carrier', 'Tracking number', 'Delivered', 'Ship to'])
    const rows = grid.slice(1).map((r) => [r[2], r[4], r[6], r[8], r[10]])
    expect(rows).toEqual([
      ['DLR-EAST', orders.eastSz.number, orders.eastSz.shipment, '10', 'SZ-SOUTH'],
      ['DLR-NORTH', orders.north.number, orders.north.shipment, '20', 'SZ-SOUTH'],
    ])
    expect(grid[1][7]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    const [audited] = await db().select().from(auditLog).where(eq(auditLog.action, 'inventory.batch_recall.exported'))
    expect(audited).toMatchObject({ entityType: 'product', entityId: productId, outcome: 'ok', after: { batch: LOT.B, format: 'xlsx', rows: 2 } })
  })

  it('keeps a lot that reads as a formula from running in the CSV', async () => {
    // Shanghai's lots all went to East: this one is all the product Shanghai has, so the order takes it.
    const sh = await warehouseId('SH-MAIN')
    const formula = `=HYPERLINK("x",${tag.length})`
    await db().transaction((tx) => applyMove(tx, { kind: 'receipt', productId, warehouseId: sh, binId: null, batch: formula, quantity: '3', reason: 'Received', referenceType: null }, null))
    await shipWhole((await actorFor('erin@east.test')) as DealerActor, 'SH-MAIN', '3')
    const res = await exportOf(await as('admin@acme.test'), formula, 'csv')
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).toContain(`'=HYPERLINK`)
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m)
  })
})

describe('an order’s shipments name the batches they took', () => {
  it('on the console’s order page and the dealer’s own, one line taking two lots with how much of each', async () => {
    const admin = (await actorFor('admin@acme.test')) as StaffActor
    const erin = (await actorFor('erin@east.test')) as DealerActor
    const staff = await getOrderForStaff(admin, orders.eastSh.id)
    expect(staff!.shipments[0].lines[0].batches).toEqual([
      { batch: LOT.A, quantity: '30' },
      { batch: LOT.C, quantity: '5' },
    ])
    const own = await getOrderForDealer(erin, orders.eastSh.id)
    expect(own!.shipments.map((s) => s.lines.map((l) => l.batches))).toEqual([[[{ batch: LOT.A, quantity: '30' }, { batch: LOT.C, quantity: '5' }]]])
    const dave = (await actorFor('dave@north.test')) as DealerActor
    expect((await getOrderForDealer(dave, orders.north.id))!.shipments[0].lines[0].batches).toEqual([{ batch: LOT.B, quantity: '20' }])
  })

  it('in the order confirmation PDF, in both languages', async () => {
    const erin = (await actorFor('erin@east.test')) as DealerActor
    const pdf = await import('../../../portal-customer/routes/orders.$id.pdf')
    const r = (await pdf.loader!(routeArgs(erin, `/dealer/orders/${orders.eastSh.id}/pdf`, { id: orders.eastSh.id }))) as Response
    const file = path.join(os.tmpdir(), `trace-${orders.eastSh.id}.pdf`)
    fs.writeFileSync(file, Buffer.from(await r.arrayBuffer()))
    try {
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })
      expect(text).toContain('批次/序列号 Batch / serial')
      expect(text).toContain(`${LOT.A} × 30`)
      expect(text).toContain(`${LOT.C} × 5`)
    } finally {
      fs.rmSync(file, { force: true })
    }
  })
})

describe('who may trace', () => {
  it('refuses the trace, its search, its product picker and its recall list to dealers and suppliers', async () => {
    const mods = {
      search: async (who: Actor) => (await searchRoute()).loader(routeArgs(who, `/console/inventory/trace?q=LOT-${tag}`)),
      products: async (who: Actor) => (await import('~/routes/console.inventory.trace.products')).loader(routeArgs(who, `/console/inventory/trace/products?q=TRC`)),
      export: async (who: Actor) => exportOf(who, LOT.B),
    }
    for (const email of ['dave@north.test', 'erin@east.test', 'alice@bright.test']) {
      const who = await actorFor(email)
      expect(await statusOf(() => tracePage(who, LOT.B)), `${email} trace`).toBe(403)
      expect(await statusOf(() => mods.search(who)), `${email} search`).toBe(403)
      expect(await statusOf(() => mods.products(who)), `${email} products`).toBe(403)
      expect(await statusOf(() => mods.export(who)), `${email} export`).toBe(403)
    }
    // Staff who see stock but not orders get the trace, not the recall list of dealers.
    const buyer = await actorFor('buyer@acme.test')
    expect(await statusOf(() => tracePage(buyer, LOT.B))).toBe(200)
    expect(await statusOf(() => mods.export(buyer))).toBe(403)
  })

  it('gives a dealer another dealer’s order, and so its batches, as not found', async () => {
    const dave = await actorFor('dave@north.test')
    const route = await dealerOrderRoute()
    expect(await statusOf(() => route.loader(routeArgs(dave, `/dealer/orders/${orders.eastSh.id}`, { id: orders.eastSh.id })))).toBe(404)
    const own = (await route.loader(routeArgs(dave, `/dealer/orders/${orders.north.id}`, { id: orders.north.id }))) as any
    expect(own.order.shipments[0].lines[0].batches).toEqual([{ batch: LOT.B, quantity: '20' }])
    const pdf = await import('../../../portal-customer/routes/orders.$id.pdf')
    expect(await statusOf(() => pdf.loader!(routeArgs(dave, `/dealer/orders/${orders.eastSh.id}/pdf`, { id: orders.eastSh.id })))).toBe(404)
  })
})

// Last in the file: the lot it adds would show in the searches and product lists above.
describe('a count that finds stock of a lot', () => {
  it('is where that stock came from, so what came in adds up to what is on hand', async () => {
    const warehouse = (await actorFor('warehouse@acme.test')) as StaffActor
    const found = `FOUND-${tag}`
    const outcome = await countStock(warehouse, { productId, warehouseId: await warehouseId('SH-MAIN'), binId: null, batch: found, countedQuantity: '3', reason: 'Found behind the rack' })
    // A lot new to the place waits for a second person; once approved it is the count's stock.
    expect(outcome).toMatchObject({ status: 'pending', hold: 'newBatch' })
    await approveCount(await actorFor('admin@acme.test'), outcome.countId)
    const { trace } = await tracePage(await as('sales@acme.test'), found)
    expect(trace.totals).toMatchObject({ cameIn: '3', shipped: '0', onHand: '3' })
    expect(trace.origins.rows.map((m: any) => [m.kind, m.quantity, m.reason])).toEqual([['count', '3', 'Found behind the rack']])
    expect(trace.others.rows).toEqual([])
  })
})

describe('a search that matches more than it shows', () => {
  it('stops at the limit and says there is more', async () => {
    const sz = await warehouseId('SZ-SOUTH')
    await db().transaction(async (tx) => {
      for (let i = 0; i <= BATCH_SEARCH_LIMIT; i++)
        await applyMove(tx, { kind: 'receipt', productId, warehouseId: sz, binId: null, batch: `MANY-${tag}-${String(i).padStart(3, '0')}`, quantity: '1', reason: 'Received' }, null)
    })
    const found = await searchBatches(await as('finance@acme.test'), { q: `many-${tag}`, productId: null })
    expect(found.rows).toHaveLength(BATCH_SEARCH_LIMIT)
    expect(found.more).toBe(true)
    expect(found.rows[0].batch).toBe(`MANY-${tag}-000`)
  })
})
