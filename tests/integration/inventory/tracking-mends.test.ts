// Mends found reading the batch and serial tracking (commit 4106750): each test here failed before its fix.
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { stockMoves } from '~db/schema'
import { adjustStock } from '~/domain/inventory/adjust-stock.server'
import { countStock } from '~/domain/inventory/count-stock.server'
import { importOpeningBalances } from '~/domain/inventory/import-opening-balances.server'
import { parseMessage } from '~/utils/validation'
import { actorFor } from '../../support/actors'
import { testDbKind, useTestDatabase } from '../../support/db'
import { refusal } from '../../support/errors'
import { useTempDataDir } from '../catalog/helpers'
import { dealer, order } from '../orders/helpers'
import { balanceOf, batchesIn, ledgerBreaches, productId, warehouseId } from './helpers'

useTestDatabase({ seed: true })
useTempDataDir()

const warehouse = () => actorFor('warehouse@acme.test')
const fieldMessages = (err: { fieldErrors?: Record<string, string[]> }, field: string) => (err.fieldErrors?.[field] ?? []).map((m) => parseMessage(m))

describe('a serial list', () => {
  it('refuses a long token that looks like a range at once, before the range pattern reads it', async () => {
    const wh = await warehouse()
    const p = await productId('EL-1004')
    const sh = await warehouseId('SH-MAIN')
    // Within the form's 100,000 characters: the range pattern backtracked over the digits for about 16 seconds, the
    // server answering nobody meanwhile.
    const serials = `0..${'1'.repeat(99_990)}x`
    const started = performance.now()
    const err = await refusal(adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, serials, quantity: '1', reason: 'receipt' }))
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(fieldMessages(err, 'serials')).toEqual([['inventory:errors.serialTooLong', { serial: `${serials.slice(0, 20)}…`, max: 64 }]])
  })
})

// An order locks a product's rows in a warehouse oldest batch first (allocationOrder); the import wrote its rows in the
// ledger's key order, by the batch's spelling. Here the spelling puts the newest lots first (0-…, 1-…, then the demo's
// 2607-C04, the oldest): the import holds 0-NEWER and waits for 1-NEWEST (a blocker holds it) while the order locks
// 2607-C04 and waits for 0-NEWER; the blocker gone, the import asks for 2607-C04, which the order holds: 40P01, a 500.
describe('an opening-balance import adding to lots an order is reserving meanwhile', () => {
  it.skipIf(testDbKind !== 'postgres')('locks them as the order does, oldest first: no deadlock', async () => {
    const wh = await warehouse()
    const dave = await dealer('dave@north.test')
    const p = await productId('EL-1001')
    const sh = await warehouseId('SH-MAIN')
    const [newer, newest] = ['0-NEWER', '1-NEWEST']
    for (const batch of [newer, newest]) await adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch, quantity: '5', reason: 'found' })
    const free = (await batchesIn(p, sh)).filter((r) => r.onHand > r.reserved).map((r) => r.batch)
    expect(free[0]).toBe('2607-C04')
    expect(free.slice(-2)).toEqual([newer, newest])
    const waiting = async () =>
      (await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`))[0].n
    const head = ['sku', 'warehouse', 'bin', 'batch', 'quantity']
    const bytes = new TextEncoder().encode([head, ['EL-1001', 'SH-MAIN', '', newer, '7'], ['EL-1001', 'SH-MAIN', '', newest, '7'], ['EL-1001', 'SH-MAIN', '', '2607-C04', '7']].map((r) => r.join(',')).join('\n'))
    let importing: Promise<unknown> = Promise.resolve()
    let placing: Promise<unknown> = Promise.resolve()
    await db().transaction(async (tx) => {
      await tx.execute(sql`select id from stock_balances where product_id = ${p} and warehouse_id = ${sh} and batch = ${newest} for update`)
      importing = importOpeningBalances(wh, { name: 'lots.csv', bytes }, { again: true })
      await expect.poll(waiting, { timeout: 10_000, interval: 50 }).toBe(1)
      placing = order(dave, 'SH-MAIN', [['EL-1001', '1']])
      await expect.poll(waiting, { timeout: 10_000, interval: 50 }).toBe(2)
      // Past deadlock_timeout (1 s): the order's check has run and found no cycle.
      await new Promise((r) => setTimeout(r, 1500))
    })
    const [imported, placed] = await Promise.allSettled([importing, placing])
    // The database's own message when one failed ("deadlock detected"), not drizzle's wrapper.
    const why = (r: PromiseRejectedResult) => String(r.reason?.cause?.message ?? r.reason?.message ?? r.reason)
    expect(imported.status === 'rejected' ? why(imported) : imported.value).toMatchObject({ ok: true, rows: 3 })
    expect(placed.status === 'rejected' ? why(placed) : 'fulfilled').toBe('fulfilled')
    expect(await balanceOf(p, sh, null, newer)).toEqual({ onHand: 12, reserved: 0 })
    expect(await ledgerBreaches()).toEqual([])
  }, 30_000)
})

// The serial forms read a list (spaces, commas and semicolons separate; FROM..TO is a range): a "serial number" holding
// one of them, taken in by a count or an import, could be named by no write-off or transfer afterwards.
describe('a serial number counted or imported into stock', () => {
  it('is one the serial forms can name again: no separator, no range', async () => {
    const wh = await warehouse()
    const p = await productId('EL-1004')
    const sh = await warehouseId('SH-MAIN')
    const moves = await db().$count(stockMoves)
    for (const serial of ['MCU-X MCU-Y', 'MCU-1;MCU-2', 'MCU-7..MCU-9', 'MCU-7..X']) {
      const err = await refusal(countStock(wh, { productId: p, warehouseId: sh, binId: null, batch: serial, countedQuantity: '1', reason: 'found on the shelf' }))
      expect(fieldMessages(err, 'batch'), serial).toEqual([['inventory:errors.serialNotOne', { serial }]])
    }
    const head = ['sku', 'warehouse', 'bin', 'batch', 'quantity']
    const bytes = new TextEncoder().encode([head, ['AS-4001', 'SZ-SOUTH', '', 'CX-1..CX-2', '1'], ['AS-4001', 'SZ-SOUTH', '', '"CX-3,CX-4"', '1']].map((r) => r.join(',')).join('\n'))
    const imported = await importOpeningBalances(wh, { name: 'odd-serials.csv', bytes })
    expect(imported.ok ? [] : imported.issues.map((i) => [i.row, i.column, parseMessage(i.message)])).toEqual([
      [2, 'batch', ['inventory:errors.serialNotOne', { serial: 'CX-1..CX-2' }]],
      [3, 'batch', ['inventory:errors.serialNotOne', { serial: 'CX-3,CX-4' }]],
    ])
    expect(await db().$count(stockMoves)).toBe(moves)
    // One the forms can read is counted in as before.
    expect(await countStock(wh, { productId: p, warehouseId: sh, binId: null, batch: 'MCU-24-990001', countedQuantity: '1', reason: 'found on the shelf' })).toMatchObject({ difference: '1' })
  })
})
