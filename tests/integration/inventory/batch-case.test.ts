// Batch codes match a batch the product already has whatever their case, as SKUs, warehouses and bins do, and keep
// its spelling: "lot-a1" beside LOT-A1 opened a second batch of the same lot (and a second opening balance of its
// place). The stock forms suggest the product's batches.
import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { stockBalances } from '~db/schema'
import { adjustStock } from '~/domain/inventory/adjust-stock.server'
import { countStock } from '~/domain/inventory/count-stock.server'
import { importOpeningBalances } from '~/domain/inventory/import-opening-balances.server'
import { transferStock } from '~/domain/inventory/transfer-stock.server'
import { parseMessage } from '~/utils/validation'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { renderRoute } from '../../support/render-route'
import { routeArgs, useTempDataDir } from '../catalog/helpers'
import { balanceOf, productId, warehouseId } from './helpers'

useTestDatabase({ seed: true })
useTempDataDir()

const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.join(',')).join('\n'))
const batchesOf = async (p: string) =>
  (await db().selectDistinct({ batch: stockBalances.batch }).from(stockBalances).where(and(eq(stockBalances.productId, p)))).map((r) => r.batch).filter(Boolean).sort()

describe('batch codes', () => {
  it('an opening balance of "lot-a1" is the place LOT-A1 already opened, in another file or the same one', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('EL-1001')
    expect(await importOpeningBalances(wh, { name: 'a.csv', bytes: csv([['sku', 'warehouse', 'bin', 'batch', 'quantity'], ['EL-1001', 'SH-MAIN', '', 'LOT-A1', '10']]) })).toMatchObject({ ok: true })
    const again = await importOpeningBalances(wh, { name: 'b.csv', bytes: csv([['sku', 'warehouse', 'bin', 'batch', 'quantity'], ['el-1001', 'sh-main', '', 'lot-a1', '10']]) })
    expect(again).toMatchObject({ ok: false, confirm: 'repeat' })
    expect(parseMessage(again.ok ? '' : again.issues[0].message)[0]).toBe('inventory:errors.placeOpenedBefore')
    // Confirmed, it adds to LOT-A1 rather than opening lot-a1.
    expect(await importOpeningBalances(wh, { name: 'b.csv', bytes: csv([['sku', 'warehouse', 'bin', 'batch', 'quantity'], ['el-1001', 'sh-main', '', 'lot-a1', '10']]) }, { again: true })).toMatchObject({ ok: true })
    expect((await balanceOf(p, await warehouseId('SH-MAIN'), null, 'LOT-A1'))!.onHand).toBe(20)
    expect(await batchesOf(p)).not.toContain('lot-a1')
    // A new batch twice in one file, in two cases, is one place listed twice.
    const twice = await importOpeningBalances(wh, { name: 'c.csv', bytes: csv([['sku', 'warehouse', 'batch', 'quantity'], ['EL-1001', 'SH-MAIN', 'NEW-B', '1'], ['EL-1001', 'SH-MAIN', 'new-b', '1']]) })
    expect(twice).toMatchObject({ ok: false, issues: [{ row: 3 }] })
    expect(parseMessage(twice.ok ? '' : twice.issues[0].message)[0]).toBe('inventory:errors.importDuplicate')
  })

  it('the adjust, transfer and count forms write to the batch the product has, as it is spelled', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('EL-1003')
    const [sh, bj] = await Promise.all([warehouseId('SH-MAIN'), warehouseId('SZ-SOUTH')])
    await adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: 'R10K-X', quantity: '10', reason: 'found' })
    await adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: 'r10k-x', quantity: '5', reason: 'more' })
    await countStock(wh, { productId: p, warehouseId: sh, binId: null, batch: 'R10k-X', countedQuantity: '12', reason: 'counted' })
    await transferStock(wh, { productId: p, fromWarehouseId: sh, fromBinId: null, toWarehouseId: bj, toBinId: null, batch: 'r10K-x', quantity: '2', reason: 'moved' })
    expect((await balanceOf(p, sh, null, 'R10K-X'))!.onHand).toBe(10)
    expect((await balanceOf(p, bj, null, 'R10K-X'))!.onHand).toBe(2)
    expect((await batchesOf(p)).filter((b) => b!.toLowerCase() === 'r10k-x')).toEqual(['R10K-X'])
  })

  it('the stock forms offer the product’s batches', async () => {
    const mod = await import('~/routes/console.inventory.$productId')
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('EL-1003')
    const url = `/console/inventory/${p}`
    const html = await renderRoute(mod.default, await mod.loader(routeArgs(wh, url, { productId: p })), 'en', url)
    for (const form of ['adjust', 'transfer', 'count']) {
      expect(html).toMatch(new RegExp(`<input[^>]*list="${form}-batches"[^>]*data-testid="${form}-batch"`))
      // Among the demo's own lots, with the place's first once a place is chosen (in the browser).
      expect(html).toMatch(new RegExp(`<datalist id="${form}-batches">(?:<option[^>]*></option>)*<option value="R10K-X"`))
    }
  })
})
