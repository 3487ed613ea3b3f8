import { and, eq, isNull } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, stockBalances, stockMoves } from '~db/schema'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { payload, routeArgs, statusOf, uploadRequest, useTempDataDir } from '../catalog/helpers'
import { balanceOf, binId, productId, warehouseId } from './helpers'
import { fixedT } from '~/i18n/i18next.server'
import { parseMessage } from '~/utils/validation'

useTestDatabase({ seed: true })
useTempDataDir()

const routes = {
  '/console/inventory': () => import('~/routes/console.inventory._index'),
  '/console/inventory/:product': () => import('~/routes/console.inventory.$productId'),
  '/console/inventory/import': () => import('~/routes/console.inventory.import'),
  // The import's template: for those who may import, as the import page is.
  '/console/inventory/import/template': () => import('~/routes/console.inventory.import_.template'),
} as Record<string, () => Promise<{ loader?: (a: any) => Promise<unknown>; action?: (a: any) => Promise<unknown> }>>

const snapshot = async () => ({
  balances: await db().select().from(stockBalances).orderBy(stockBalances.id),
  moves: await db().$count(stockMoves),
})

async function resolve(pattern: string): Promise<{ url: string; params: Record<string, string> }> {
  const id = await productId('EL-1001')
  return pattern.endsWith(':product') ? { url: pattern.replace(':product', id), params: { productId: id } } : { url: pattern, params: {} }
}

/** EL-1001 is batch-tracked: the adjustment names its newest lot in Shanghai. */
async function adjustBody(extra: Record<string, string> = {}) {
  return new URLSearchParams({ intent: 'adjust', warehouseId: await warehouseId('SH-MAIN'), batch: '2610-C17', quantity: '-2', reason: 'Broken carton', ...extra })
}

describe('inventory routes: who gets in', () => {
  it('refuses suppliers and dealers every loader and action with 403, changing nothing', async () => {
    const before = await snapshot()
    for (const email of ['alice@bright.test', 'amy@bright.test', 'dave@north.test', 'dora@north.test']) {
      const actor = await actorFor(email)
      for (const [pattern, load] of Object.entries(routes)) {
        const mod = await load()
        const { url, params } = await resolve(pattern)
        if (mod.loader) expect(await statusOf(() => mod.loader!(routeArgs(actor, url, params))), `${email} GET ${url}`).toBe(403)
        if (mod.action) expect(await statusOf(async () => mod.action!(routeArgs(actor, url, params, { method: 'POST', body: await adjustBody() }))), `${email} POST ${url}`).toBe(403)
      }
    }
    expect(await snapshot()).toEqual(before)
  })

  it('lets every inventory.view role read, and refuses writes to all but admin and warehouse', async () => {
    const before = await snapshot()
    for (const email of ['buyer@acme.test', 'buyer.manager@acme.test', 'sales@acme.test', 'sales.manager@acme.test', 'finance@acme.test']) {
      const actor = await actorFor(email)
      for (const [pattern, load] of Object.entries(routes)) {
        const mod = await load()
        const { url, params } = await resolve(pattern)
        if (mod.loader) expect(await statusOf(() => mod.loader!(routeArgs(actor, url, params))), `${email} GET ${url}`).toBe(url.includes('/import') ? 403 : 200)
        if (mod.action) expect(await statusOf(async () => mod.action!(routeArgs(actor, url, params, { method: 'POST', body: await adjustBody() }))), `${email} POST ${url}`).toBe(403)
      }
    }
    expect(await snapshot()).toEqual(before)
  })

  it('answers 404 for a product that does not exist or a malformed id', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const { loader } = await import('~/routes/console.inventory.$productId')
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope'])
      expect(await statusOf(() => loader(routeArgs(wh, `/console/inventory/${id}`, { productId: id })))).toBe(404)
  })
})

describe('the product stock page', () => {
  it('records an adjustment posted by the warehouse and shows it first in the ledger', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const { url, params } = await resolve('/console/inventory/:product')
    const mod = await import('~/routes/console.inventory.$productId')
    const start = (await balanceOf(params.productId!, await warehouseId('SH-MAIN'), null, '2610-C17'))!.onHand
    expect(await statusOf(async () => mod.action(routeArgs(wh, url, params, { method: 'POST', body: await adjustBody() })))).toBe(302)
    expect((await balanceOf(params.productId!, await warehouseId('SH-MAIN'), null, '2610-C17'))!.onHand).toBe(start - 2)
    const page: any = await mod.loader(routeArgs(wh, url, params))
    expect(page.stock.moves[0]).toMatchObject({ kind: 'adjustment', quantity: '-2.0000', batch: '2610-C17', reason: 'Broken carton', actorName: '杨帆 Yang Fan' })
    // Without its batch, the same adjustment is refused on the batch field, in the reader's language.
    const unnamed = await mod.action(routeArgs(wh, url, params, { method: 'POST', body: await adjustBody({ batch: '' }) }))
    expect(await statusOf(async () => unnamed)).toBe(400)
    const [key, keyParams] = parseMessage(payload(unnamed).submission.error.batch[0])
    expect((await fixedT('zh-CN', 'inventory'))(key, keyParams)).toBe('EL-1001 按批次管理：请填写批次号。')
    expect((await balanceOf(params.productId!, await warehouseId('SH-MAIN'), null, '2610-C17'))!.onHand).toBe(start - 2)
  })

  it('receives a serial-tracked product’s serial numbers typed in the form, one per unit', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('EL-1005')
    const sz = await warehouseId('SZ-SOUTH')
    const mod = await import('~/routes/console.inventory.$productId')
    const post = (fields: Record<string, string>) => mod.action(routeArgs(wh, `/console/inventory/${p}`, { productId: p }, { method: 'POST', body: new URLSearchParams({ intent: 'adjust', warehouseId: sz, reason: 'Received', ...fields }) }))
    const short = await post({ serials: 'PSU-24-990001..PSU-24-990002', quantity: '3' })
    expect(await statusOf(async () => short)).toBe(400)
    expect(payload(short).submission.error.serials).toEqual(['inventory:errors.serialCountMismatch|{"count":2,"given":"2","quantity":"3"}'])
    expect(await statusOf(async () => post({ serials: 'PSU-24-990001..PSU-24-990002\r\nPSU-24-990010', quantity: '3' }))).toBe(302)
    for (const serial of ['PSU-24-990001', 'PSU-24-990002', 'PSU-24-990010']) expect(await balanceOf(p, sz, null, serial)).toEqual({ onHand: 1, reserved: 0 })
    // The page gives the form the product's tracking and counts the serial numbers at the place; the form looks them up there.
    const page: any = await mod.loader(routeArgs(wh, `/console/inventory/${p}`, { productId: p }))
    expect(page.stock.product.tracking).toBe('serial')
    expect(page.places.filter((b: any) => b.warehouseId === sz && b.serials !== null)).toMatchObject([{ binId: null, batch: null, serials: expect.any(Number) }])
    // Only the ledger's page of moves names it (this receipt).
    expect(JSON.stringify({ ...page, stock: { ...page.stock, moves: [] } })).not.toContain('PSU-24-990010')
    const { loader: atPlace } = await import('~/routes/console.inventory.$productId_.at-place')
    const found: Response = await atPlace(routeArgs(wh, `/console/inventory/${p}/at-place?warehouse=${sz}&q=psu-24-9900&stock=available`, { productId: p }))
    expect((await found.json()).rows).toMatchObject(['PSU-24-990001', 'PSU-24-990002', 'PSU-24-990010'].map((batch) => ({ batch, available: '1.0000' })))
  })

  it('refuses unknown fields with 400 and leaves every row as it was', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const { url, params } = await resolve('/console/inventory/:product')
    const mod = await import('~/routes/console.inventory.$productId')
    const before = await snapshot()
    const audits = await db().$count(auditLog)
    const extras: Array<Record<string, string>> = [{ onHand: '999999' }, { productId: await productId('MT-2001') }, { dealerId: 'x' }, { status: 'done' }, { actorUserId: wh.userId }]
    for (const extra of extras) {
      const res = await mod.action(routeArgs(wh, url, params, { method: 'POST', body: await adjustBody(extra) }))
      expect(await statusOf(async () => res), JSON.stringify(extra)).toBe(400)
      expect(JSON.stringify(payload(res))).toContain('unknownField')
    }
    for (const intent of ['transfer', 'count']) {
      const body = new URLSearchParams({ intent, warehouseId: await warehouseId('SH-MAIN'), fromWarehouseId: await warehouseId('SH-MAIN'), toWarehouseId: await warehouseId('SZ-SOUTH'), quantity: '1', countedQuantity: '1', reason: 'x', reserved: '0' })
      expect(await statusOf(() => mod.action(routeArgs(wh, url, params, { method: 'POST', body }))), intent).toBe(400)
    }
    expect(await snapshot()).toEqual(before)
    expect(await db().$count(auditLog)).toBe(audits)
  })

  it('shows the refusal on the quantity field when a decrease exceeds what is available', async () => {
    const wh = await actorFor('warehouse@acme.test')
    // Untracked: MT-2001 has 400 in SH-MAIN.
    const mt = await productId('MT-2001')
    const mod = await import('~/routes/console.inventory.$productId')
    const res = await mod.action(routeArgs(wh, `/console/inventory/${mt}`, { productId: mt }, { method: 'POST', body: await adjustBody({ batch: '', quantity: '-401' }) }))
    expect(await statusOf(async () => res)).toBe(409)
    expect(payload(res).submission.error.quantity).toEqual(['inventory:errors.insufficientAvailable|{"available":"400"}'])
    expect((await balanceOf(mt, await warehouseId('SH-MAIN')))!.onHand).toBe(400)
  })

  it("shows a count below what is reserved on the counted quantity, with the reserved figure, in the user's language", async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('EL-1003')
    const sh = await warehouseId('SH-MAIN')
    const lot = '2610-L17'
    const { onHand } = (await balanceOf(p, sh, null, lot))!
    // 25 held for orders (set on the row: no order of this file needs it), put back whatever happens.
    const row = and(eq(stockBalances.productId, p), eq(stockBalances.warehouseId, sh), isNull(stockBalances.binId), eq(stockBalances.batch, lot))
    const [{ reserved }] = await db().select({ reserved: stockBalances.reserved }).from(stockBalances).where(row)
    await db().update(stockBalances).set({ reserved: '25' }).where(row)
    try {
      const mod = await import('~/routes/console.inventory.$productId')
      const body = new URLSearchParams({ intent: 'count', warehouseId: sh, batch: lot, countedQuantity: '10', reason: 'Cycle count' })
      const res = await mod.action(routeArgs(wh, `/console/inventory/${p}`, { productId: p }, { method: 'POST', body }))
      expect(await statusOf(async () => res)).toBe(409)
      const [message] = payload(res).submission.error.countedQuantity
      const [key, params] = parseMessage(message)
      expect((await fixedT('en', 'inventory'))(key, params)).toBe('The counted quantity cannot be less than the 25 reserved for orders: ship or release them first.')
      expect((await balanceOf(p, sh, null, lot))!.onHand).toBe(onHand)
    } finally {
      await db().update(stockBalances).set({ reserved }).where(row)
    }
  })
})

describe('importing opening balances', () => {
  const csv = (lines: string[]) => new TextEncoder().encode(lines.join('\n'))
  const post = async (email: string, bytes: Uint8Array) => {
    const mod = await import('~/routes/console.inventory.import')
    return mod.action({ ...routeArgs(await actorFor(email), '/console/inventory/import'), request: uploadRequest('/console/inventory/import', 'opening.csv', bytes) })
  }

  it('lists every bad row and writes nothing when any row is wrong', async () => {
    const before = await snapshot()
    const res = await post(
      'warehouse@acme.test',
      csv([
        'sku,warehouse,bin,batch,quantity',
        'EL-1001,SH-MAIN,A-01,LOT-1,50',
        'NOPE-1,SH-MAIN,,,5',
        'EL-1002,XX-NONE,,,5',
        'EL-1003,SZ-SOUTH,A-01,,5',
        'EL-1004,SH-MAIN,,,-3',
        'EL-1001,SH-MAIN,A-01,LOT-1,7',
      ]),
    )
    expect(await statusOf(async () => res)).toBe(422)
    const issues = payload<{ issues: Array<{ row: number; column: string | null; message: string }> }>(res).issues
    // One answer lists every problem of every row: the lookups, the tracked products' batches and serial numbers and the
    // repeat are judged with the format, not after it is fixed.
    expect(issues).toEqual([
      // Each lookup names what it did not find ("Unknown SKU." left the user to find the row and read it).
      { row: 3, column: 'sku', message: 'inventory:errors.importUnknownSku|{"sku":"NOPE-1"}' },
      { row: 4, column: 'warehouse', message: 'inventory:errors.importUnknownWarehouse|{"code":"XX-NONE"}' },
      { row: 4, column: 'batch', message: 'inventory:errors.importBatchRequired|{"sku":"EL-1002"}' },
      { row: 5, column: 'bin', message: 'inventory:errors.importUnknownBin|{"bin":"A-01","warehouse":"SZ-SOUTH"}' },
      { row: 5, column: 'batch', message: 'inventory:errors.importBatchRequired|{"sku":"EL-1003"}' },
      { row: 6, column: 'quantity', message: 'errors:field.positive' },
      { row: 6, column: 'batch', message: 'inventory:errors.importSerialRequired|{"sku":"EL-1004"}' },
      { row: 7, column: 'sku', message: 'inventory:errors.importDuplicate|{"row":2}' },
    ])
    // A row wrong in several ways names each; a SKU in lower case is the SKU, so its repeat is a repeat.
    const res2 = await post(
      'warehouse@acme.test',
      csv(['sku,warehouse,bin,batch,quantity', 'el-1001,SH-MAIN,A-01,LOT-1,50', 'NOPE-1,SH-MAIN,ZZ-99,,abc', 'EL-1002,XX-NONE,,,', 'EL-1001,SH-MAIN,A-01,LOT-1,7']),
    )
    expect(await statusOf(async () => res2)).toBe(422)
    expect(payload<{ issues: Array<{ row: number; column: string | null; message: string }> }>(res2).issues).toEqual([
      { row: 3, column: 'sku', message: 'inventory:errors.importUnknownSku|{"sku":"NOPE-1"}' },
      { row: 3, column: 'quantity', message: 'errors:number.invalid' },
      { row: 3, column: 'bin', message: 'inventory:errors.importUnknownBin|{"bin":"ZZ-99","warehouse":"SH-MAIN"}' },
      { row: 4, column: 'warehouse', message: 'inventory:errors.importUnknownWarehouse|{"code":"XX-NONE"}' },
      { row: 4, column: 'quantity', message: 'errors:field.required' },
      // Blank as well as missing its batch: both said at once, not the batch only after the quantity is filled in.
      { row: 4, column: 'batch', message: 'inventory:errors.importBatchRequired|{"sku":"EL-1002"}' },
      { row: 5, column: 'sku', message: 'inventory:errors.importDuplicate|{"row":2}' },
    ])
    expect(await snapshot()).toEqual(before)
  })

  it('refuses the import to staff without inventory.manage', async () => {
    const before = await snapshot()
    expect(await statusOf(() => post('sales.manager@acme.test', csv(['sku,warehouse,quantity', 'EL-1001,SH-MAIN,5'])))).toBe(403)
    expect(await snapshot()).toEqual(before)
  })

  it('receives every row of a good file as opening-balance moves, in one go', async () => {
    const p = await productId('PK-3004')
    const sz = await warehouseId('SZ-SOUTH')
    // Places the seed's opening balances do not hold (it stocks no bin): a place that has one asks first.
    const s01 = await binId('SZ-SOUTH', 'S-01')
    const res = (await post('warehouse@acme.test', csv(['物料编码,仓库,库位,批次,数量', 'PK-3004,SZ-SOUTH,S-01,,40', 'PK-3004,SZ-SOUTH,S-03,LOT-9,12']))) as Response
    expect(res.status).toBe(302)
    expect((await balanceOf(p, sz, s01))!.onHand).toBe(40)
    const moves = await db().select().from(stockMoves).where(eq(stockMoves.referenceType, 'import'))
    expect(moves.map((m) => [m.kind, m.quantity, m.reason, m.binId === null]).sort()).toEqual([
      ['receipt', '12.0000', 'Opening balance', false],
      ['receipt', '40.0000', 'Opening balance', false],
    ])
  })
})

describe('the stock list', () => {
  it('shows every product in every warehouse, filters by warehouse, category and low stock, and sorts by availability', async () => {
    const sales = await actorFor('sales@acme.test')
    const { loader } = await import('~/routes/console.inventory._index')
    const all: any = await loader(routeArgs(sales, '/console/inventory?size=200'))
    expect(all.total).toBe(40)
    const low: any = await loader(routeArgs(sales, '/console/inventory?low=1&size=200'))
    expect(low.rows.map((r: any) => `${r.sku}@${r.warehouseCode}=${r.available}`)).toEqual(['AS-4003@SH-MAIN=10.0000', 'AS-4003@SZ-SOUTH=0'])
    const assySouth: any = await loader(routeArgs(sales, '/console/inventory?warehouse=SZ-SOUTH&category=ASSY&sort=available&dir=asc'))
    expect(assySouth.total).toBe(5)
    expect(assySouth.rows[0]).toMatchObject({ sku: 'AS-4003', warehouseCode: 'SZ-SOUTH', onHand: '0', reserved: '0', available: '0', low: true })
    expect(assySouth.rows.every((r: any) => r.warehouseCode === 'SZ-SOUTH' && r.sku.startsWith('AS-'))).toBe(true)
  })
})
