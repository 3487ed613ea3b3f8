// The product stock page reads as a warehouse user wants it however many serial numbers a product has: a
// serial-tracked product's balances are a line per place with how many serial numbers it holds (the demo's AS-4001
// keeps a balance row for each of 1,085), never the serial numbers themselves, which the page's lookup route answers a
// bounded page at a time, by their first characters, to those who see stock. Emptied batches and serials are not
// balances: an emptied batch is offered on request, an emptied serial number is found through the trace.
import { and, eq, isNull, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { stockBalances } from '~db/schema'
import { adjustStock } from '~/domain/inventory/adjust-stock.server'
import { PLACE_LOOKUP_LIMIT, type PlaceLookupReply, type StockPlace } from '~/domain/inventory/stock-places.validation'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { renderRoute, textsByTestId } from '../../support/render-route'
import { routeArgs, statusOf, useTempDataDir } from '../catalog/helpers'
import { balanceOf, productId, reserve, warehouseId } from './helpers'

useTestDatabase({ seed: true })
useTempDataDir()

const page = async (email: string, product: string, query = '') => {
  const { loader } = await import('~/routes/console.inventory.$productId')
  return (await loader(routeArgs(await actorFor(email), `/console/inventory/${product}${query}`, { productId: product }))) as any
}
const lookup = async (email: string, product: string, query: Record<string, string>) => {
  const { loader } = await import('~/routes/console.inventory.$productId_.at-place')
  return loader(routeArgs(await actorFor(email), `/console/inventory/${product}/at-place?${new URLSearchParams(query)}`, { productId: product }))
}
const reply = async (res: Response) => {
  expect(res.status).toBe(200)
  return (await res.json()) as PlaceLookupReply
}
/** A product's serial rows in stock at a place (no bin), by serial number: what the page's figures must add up to. */
const serialsIn = async (product: string, warehouse: string) =>
  (
    await rawRows<{ batch: string }>(
      db(),
      sql`select batch from stock_balances where product_id = ${product} and warehouse_id = ${warehouse} and bin_id is null and batch is not null and on_hand > 0 order by batch`,
    )
  ).map((r) => r.batch)

describe('the stock page of a serial-tracked product', () => {
  it('lists a line per place with its count of serial numbers, and ships none of them', async () => {
    const p = await productId('AS-4001')
    const [sh, sz] = [await warehouseId('SH-MAIN'), await warehouseId('SZ-SOUTH')]
    const data = await page('warehouse@acme.test', p)
    const places: StockPlace[] = data.places
    const inSh = await serialsIn(p, sh)
    const inSz = await serialsIn(p, sz)
    expect(inSh.length + inSz.length).toBeGreaterThan(1000)
    expect(places.map((l) => [l.warehouseCode, l.binCode, l.batch, l.serials])).toEqual([
      ['SH-MAIN', null, null, inSh.length],
      ['SZ-SOUTH', null, null, inSz.length],
    ])
    // One unit per serial number.
    expect(places.map((l) => Number(l.onHand))).toEqual([inSh.length, inSz.length])
    // The ledger's warehouse filter names each warehouse in the reader's language, as the stock list's does.
    expect(data.ledgerWarehouses).toEqual([
      { code: 'SH-MAIN', name: '上海总仓' },
      { code: 'SZ-SOUTH', name: '深圳南仓' },
    ])
    // No row per serial number, no serial number at all: not in the balances, not as the forms' or the ledger filter's batches.
    expect(data.stock.balances).toBeUndefined()
    expect(data.stock.batches).toEqual([])
    // The ledger's page of moves names the serial numbers those moves took, as it names batches: a page, not the stock.
    expect(data.stock.moves.length).toBeLessThanOrEqual(data.ledger.pageSize)
    const shipped = JSON.stringify({ ...data, stock: { ...data.stock, moves: [] } })
    for (const serial of [inSh[0], inSh.at(-1)!, inSz[0], inSz.at(-1)!]) expect(shipped).not.toContain(serial)
    expect(shipped.length).toBeLessThan(10_000)
  })

  it('leaves a serial number out once it has left the place, and counts one that is reserved', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('AS-4002')
    const sz = await warehouseId('SZ-SOUTH')
    const line = async () => ((await page('warehouse@acme.test', p)).places as StockPlace[]).find((l) => l.warehouseId === sz && l.serials !== null)!
    const before = await line()
    const [gone, held] = (await serialsIn(p, sz)).slice(0, 2)
    await adjustStock(wh, { productId: p, warehouseId: sz, binId: null, batch: null, serials: gone, quantity: '-1', reason: 'Damaged in handling' })
    // The emptied row stays in the ledger's running sums (the trace finds it), not in the balances.
    expect(await balanceOf(p, sz, null, gone)).toEqual({ onHand: 0, reserved: 0 })
    await reserve(p, sz, 1, held)
    const after = await line()
    expect(after.serials).toBe(before.serials! - 1)
    expect(Number(after.onHand)).toBe(Number(before.onHand) - 1)
    expect(Number(after.reserved)).toBe(Number(before.reserved) + 1)
    expect(Number(after.available)).toBe(Number(before.available) - 2)
  })
})

describe('the stock page of a batch-tracked product', () => {
  it('lists a line per batch, an emptied one only on request, counted', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('MT-2003')
    const sz = await warehouseId('SZ-SOUTH')
    const lots = (l: StockPlace[]) => l.filter((x) => x.warehouseId === sz).map((x) => [x.batch, Number(x.onHand)])
    const before = await page('warehouse@acme.test', p)
    expect(lots(before.places)).toEqual([
      ['2608-S07', expect.any(Number)],
      ['2610-S17', expect.any(Number)],
    ])
    expect(before.emptied).toBe(0)
    expect(before.stock.batches).toContain('2608-S07')
    const { onHand } = (await balanceOf(p, sz, null, '2608-S07'))!
    await adjustStock(wh, { productId: p, warehouseId: sz, binId: null, batch: '2608-S07', quantity: String(-onHand), reason: 'Lot recalled' })
    const after = await page('warehouse@acme.test', p)
    expect(lots(after.places)).toEqual([['2610-S17', expect.any(Number)]])
    expect(after.emptied).toBe(1)
    const shown = await page('warehouse@acme.test', p, '?emptied=1')
    expect(shown.showEmptied).toBe(true)
    expect(lots(shown.places)).toEqual([
      ['2608-S07', 0],
      ['2610-S17', expect.any(Number)],
    ])
  })
})

describe('the lookup of the serial numbers at a place', () => {
  it('answers a page of at most 50 by serial number, how many there are in all, and the next page from an offset', async () => {
    const p = await productId('AS-4001')
    const sh = await warehouseId('SH-MAIN')
    const all = await serialsIn(p, sh)
    expect(all.length).toBeGreaterThan(2 * PLACE_LOOKUP_LIMIT)
    const first = await reply(await lookup('warehouse@acme.test', p, { warehouse: sh }))
    expect(first.rows.map((r) => r.batch)).toEqual(all.slice(0, PLACE_LOOKUP_LIMIT))
    expect(first.total).toBe(all.length)
    expect(first.rows[0]).toEqual({ batch: all[0], onHand: '1.0000', reserved: '0.0000', available: '1.0000' })
    const second = await reply(await lookup('warehouse@acme.test', p, { warehouse: sh, offset: String(PLACE_LOOKUP_LIMIT), limit: '10' }))
    expect(second.rows.map((r) => r.batch)).toEqual(all.slice(PLACE_LOOKUP_LIMIT, PLACE_LOOKUP_LIMIT + 10))
    // More than a page is refused, not answered in full.
    expect((await lookup('warehouse@acme.test', p, { warehouse: sh, limit: String(PLACE_LOOKUP_LIMIT + 1) })).status).toBe(400)
    // A bin holding none, and the other warehouse's serial numbers are not this place's.
    const empty = await reply(await lookup('warehouse@acme.test', p, { warehouse: sh, bin: (await rawRows<{ id: string }>(db(), sql`select id from bins where code = 'A-01'`))[0].id }))
    expect(empty).toMatchObject({ rows: [], total: 0 })
    const sz = await reply(await lookup('warehouse@acme.test', p, { warehouse: await warehouseId('SZ-SOUTH'), q: all[0] }))
    expect(sz).toMatchObject({ rows: [], total: 0 })
  })

  it('finds serial numbers by their first characters in any case, the wildcards taken literally', async () => {
    const p = await productId('AS-4001')
    const sh = await warehouseId('SH-MAIN')
    const all = await serialsIn(p, sh)
    // CX100-25-0001xx: the hundred from 000100 up.
    const prefix = all[0].slice(0, -2)
    const found = await reply(await lookup('warehouse@acme.test', p, { warehouse: sh, q: prefix.toLowerCase() }))
    const expected = all.filter((s) => s.startsWith(prefix))
    expect(expected.length).toBeGreaterThan(0)
    expect(found.total).toBe(expected.length)
    expect(found.rows.map((r) => r.batch)).toEqual(expected.slice(0, PLACE_LOOKUP_LIMIT))
    expect(found.q).toBe(prefix.toLowerCase())
    expect(await reply(await lookup('warehouse@acme.test', p, { warehouse: sh, q: 'CX100_25%' }))).toMatchObject({ rows: [], total: 0 })
  })

  it('offers for a move only what is available, and for a count what is on hand', async () => {
    const p = await productId('EL-1004')
    const sh = await warehouseId('SH-MAIN')
    const [held] = await serialsIn(p, sh)
    await reserve(p, sh, 1, held)
    try {
      const onHand = await reply(await lookup('warehouse@acme.test', p, { warehouse: sh, q: held }))
      expect(onHand.rows).toEqual([{ batch: held, onHand: '1.0000', reserved: '1.0000', available: '0.0000' }])
      expect(await reply(await lookup('warehouse@acme.test', p, { warehouse: sh, q: held, stock: 'available' }))).toMatchObject({ rows: [], total: 0 })
    } finally {
      await db()
        .update(stockBalances)
        .set({ reserved: '0' })
        .where(and(eq(stockBalances.productId, p), eq(stockBalances.warehouseId, sh), isNull(stockBalances.binId), eq(stockBalances.batch, held)))
    }
  })

  it('answers everyone who sees stock, suppliers and dealers 403, an unknown product 404 and a malformed request 400', async () => {
    const p = await productId('AS-4001')
    const sh = await warehouseId('SH-MAIN')
    for (const email of ['buyer@acme.test', 'sales@acme.test', 'finance@acme.test', 'admin@acme.test']) expect((await reply(await lookup(email, p, { warehouse: sh, limit: '1' }))).rows, email).toHaveLength(1)
    for (const email of ['alice@bright.test', 'bob@precision.test', 'dave@north.test', 'dora@north.test'])
      expect(await statusOf(() => lookup(email, p, { warehouse: sh })), email).toBe(403)
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) expect(await statusOf(() => lookup('warehouse@acme.test', id, { warehouse: sh })), id).toBe(404)
    for (const bad of [{}, { warehouse: 'SH-MAIN' }, { warehouse: sh, stock: 'all' }, { warehouse: sh, offset: '-1' }, { warehouse: sh, offset: '0x10' }, { warehouse: sh, limit: '1e1' }, { warehouse: sh, q: 'x'.repeat(65) }, { warehouse: sh, productId: p }])
      expect(await statusOf(() => lookup('warehouse@acme.test', p, bad as Record<string, string>)), JSON.stringify(bad)).toBe(400)
  })
})

describe('the stock reads check inventory.view themselves', () => {
  // The routes guard them too; a second caller (an API route, a job) must meet the same rule, as the commands do.
  it('refuse an actor without it, and answer one with it', async () => {
    const { listStock, getProductStock } = await import('~/domain/inventory/inventory.queries.server')
    const { listStockCounts, pendingCountsOf } = await import('~/domain/inventory/stock-counts.queries.server')
    const p = await productId('EL-1001')
    const params = { page: 1, pageSize: 10, sort: 'sku', dir: 'asc', q: '', filters: {} } as any
    const reads = {
      listStock: (a: any) => listStock(a, params),
      getProductStock: (a: any) => getProductStock(a, p),
      listStockCounts: (a: any) => listStockCounts(a, { ...params, sort: 'countedAt' }),
      pendingCountsOf: (a: any) => pendingCountsOf(a, p),
    }
    const buyer = await actorFor('buyer@acme.test')
    const noRoles = { ...buyer, roles: new Set() }
    for (const [name, read] of Object.entries(reads)) {
      for (const who of [noRoles, await actorFor('dave@north.test'), await actorFor('alice@bright.test')]) await expect(read(who), `${name} ${who.email ?? ''}`).rejects.toMatchObject({ code: 'forbidden' })
      await expect(read(buyer), name).resolves.toBeTruthy()
    }
  })
})

describe('a product kept in more lots than a page lists', () => {
  it('lists the first 500 lines and says there are more', async () => {
    const { stockPlaces, PLACES_LIMIT } = await import('~/domain/inventory/stock-places.queries.server')
    const p = await productId('MT-2003')
    const sh = await warehouseId('SH-MAIN')
    const warehouse = await actorFor('warehouse@acme.test')
    const before = await stockPlaces(warehouse, { id: p, tracking: 'batch' })
    expect(before.truncated).toBe(false)
    // Received as the ledger receives (a move and its balance row each), in one statement: 501 lots of one unit.
    await db().execute(sql`
      with lots as (select 'CAP-' || lpad(i::text, 4, '0') as batch from generate_series(1, ${PLACES_LIMIT + 1 - before.places.length}) i),
      moved as (insert into stock_moves (kind, product_id, warehouse_id, batch, quantity, reason) select 'receipt', ${p}, ${sh}, batch, 1, 'Many lots' from lots returning batch)
      insert into stock_balances (product_id, warehouse_id, batch, on_hand, reserved) select ${p}, ${sh}, batch, 1, 0 from moved`)
    const many = await stockPlaces(warehouse, { id: p, tracking: 'batch' })
    expect(many.places).toHaveLength(PLACES_LIMIT)
    expect(many.truncated).toBe(true)
    const mod = await import('~/routes/console.inventory.$productId')
    const page = (await mod.loader(routeArgs(warehouse, `/console/inventory/${p}`, { productId: p }))) as any
    expect(page.places).toHaveLength(PLACES_LIMIT)
    expect(page.placesTruncated).toBe(true)
    const html = await renderRoute(mod.default, page, 'zh-CN', `/console/inventory/${p}`)
    expect(textsByTestId(html, 'balances-truncated')[0]).toContain('仅列出前 500 行')
  })
})
