// Batch and serial tracking enforced (product spec §9): a batch-tracked product's stock never comes in without its batch, a
// serial-tracked product's comes in one serial number per unit and is in stock at most once, stock that predates tracking
// (no batch) stays movable out, and orders take the oldest stock first, their shipments carrying the batch or serial.
import { and, desc, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { auditLog, products, stockMoves } from '~db/schema'
import { adjustStock } from '~/domain/inventory/adjust-stock.server'
import { countStock } from '~/domain/inventory/count-stock.server'
import { approveCount } from '~/domain/inventory/decide-count.server'
import { importOpeningBalances } from '~/domain/inventory/import-opening-balances.server'
import { transferStock } from '~/domain/inventory/transfer-stock.server'
import { getOrderForStaff } from '~/domain/orders/orders.queries.server'
import { pickOrder } from '~/domain/orders/pick-order.server'
import type { StaffActor } from '~/auth/roles'
import { shipOrder } from '~/domain/orders/ship-order.server'
import { fixedT } from '~/i18n/i18next.server'
import { parseMessage } from '~/utils/validation'
import { actorFor } from '../../support/actors'
import { testDbKind, useTestDatabase } from '../../support/db'
import { refusal } from '../../support/errors'
import { routeArgs, useTempDataDir } from '../catalog/helpers'
import { renderRoute, textsByTestId } from '../../support/render-route'
import { dealer, linesOf, order } from '../orders/helpers'
import { balanceOf, batchesIn, binId, ledgerBreaches, productId, totalIn, warehouseId } from './helpers'

useTestDatabase({ seed: true })
useTempDataDir()

const warehouse = () => actorFor('warehouse@acme.test')
const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.join(',')).join('\n'))
const movesCount = () => db().$count(stockMoves)
/** A refusal's field messages as [key, params] pairs. */
const fieldMessages = (err: { fieldErrors?: Record<string, string[]> }, field: string) => (err.fieldErrors?.[field] ?? []).map((m) => parseMessage(m))

describe('a batch-tracked product', () => {
  it('takes nothing in without a batch: an adjustment, a count that creates a place, an import row', async () => {
    const wh = await warehouse()
    const p = await productId('EL-1001')
    const sh = await warehouseId('SH-MAIN')
    const moves = await movesCount()
    const adjust = await refusal(adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, quantity: '10', reason: 'found' }))
    expect(adjust.code).toBe('bad_input')
    expect(fieldMessages(adjust, 'batch')).toEqual([['inventory:errors.batchRequired', { sku: 'EL-1001' }]])
    const count = await refusal(countStock(wh, { productId: p, warehouseId: sh, binId: await binId('SH-MAIN', 'A-01'), batch: null, countedQuantity: '4', reason: 'found on a shelf' }))
    expect(fieldMessages(count, 'batch')).toEqual([['inventory:errors.batchRequired', { sku: 'EL-1001' }]])
    const imported = await importOpeningBalances(wh, { name: 'no-batch.csv', bytes: csv([['sku', 'warehouse', 'bin', 'batch', 'quantity'], ['EL-1001', 'SH-MAIN', 'A-02', '', '5'], ['PK-3001', 'SH-MAIN', 'A-02', '', '5']]) })
    expect(imported).toMatchObject({ ok: false, issues: [{ row: 2, column: 'batch' }] })
    expect(parseMessage(imported.ok ? '' : imported.issues[0].message)).toEqual(['inventory:errors.importBatchRequired', { sku: 'EL-1001' }])
    expect(await movesCount()).toBe(moves)
    // Said in both languages.
    expect((await fixedT('en', 'inventory'))('errors.batchRequired', { sku: 'EL-1001' })).toBe('EL-1001 is tracked by batch: name the batch.')
    expect((await fixedT('zh-CN', 'inventory'))('errors.batchRequired', { sku: 'EL-1001' })).toBe('EL-1001 按批次管理：请填写批次号。')

    // Named, each goes in under its batch.
    await adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: '2611-C21', quantity: '10', reason: 'found' })
    expect(await balanceOf(p, sh, null, '2611-C21')).toEqual({ onHand: 10, reserved: 0 })
    const counted = await countStock(wh, { productId: p, warehouseId: sh, binId: await binId('SH-MAIN', 'A-01'), batch: '2611-C21', countedQuantity: '4', reason: 'found on a shelf' })
    // A-01 never held the lot: the count waits for a second person, then the lot is there.
    expect(counted).toMatchObject({ status: 'pending', hold: 'newBatch', batch: '2611-C21' })
    await approveCount(await actorFor('admin@acme.test'), counted.countId)
    expect(await balanceOf(p, sh, await binId('SH-MAIN', 'A-01'), '2611-C21')).toEqual({ onHand: 4, reserved: 0 })
    expect(await importOpeningBalances(wh, { name: 'batch.csv', bytes: csv([['sku', 'warehouse', 'bin', 'batch', 'quantity'], ['EL-1001', 'SH-MAIN', 'A-02', '2611-C21', '5']]) })).toMatchObject({ ok: true })
    expect(await balanceOf(p, sh, await binId('SH-MAIN', 'A-02'), '2611-C21')).toEqual({ onHand: 5, reserved: 0 })
    expect(await ledgerBreaches()).toEqual([])
  })

  it('takes stock out of a named batch only, unless the place holds stock from before its tracking, which stays movable', async () => {
    const wh = await warehouse()
    const p = await productId('MT-2002')
    const sz = await warehouseId('SZ-SOUTH')
    const s02 = await binId('SZ-SOUTH', 'S-02')
    // Nothing without a batch here: naming none is refused, not answered as "0 available".
    const out = await refusal(adjustStock(wh, { productId: p, warehouseId: sz, binId: null, batch: null, quantity: '-1', reason: 'damaged' }))
    expect(fieldMessages(out, 'batch')).toEqual([['inventory:errors.batchRequired', { sku: 'MT-2002' }]])
    const move = await refusal(transferStock(wh, { productId: p, fromWarehouseId: sz, fromBinId: null, toWarehouseId: sz, toBinId: s02, batch: null, quantity: '1', reason: 'x' }))
    expect(fieldMessages(move, 'batch')).toEqual([['inventory:errors.batchRequired', { sku: 'MT-2002' }]])

    // Stock received while the product was untracked has no batch: it can be written off, moved and counted down, never added to.
    await db().update(products).set({ tracking: 'none' }).where(eq(products.id, p))
    await adjustStock(wh, { productId: p, warehouseId: sz, binId: null, batch: null, quantity: '20', reason: 'before tracking' })
    await db().update(products).set({ tracking: 'batch' }).where(eq(products.id, p))
    await adjustStock(wh, { productId: p, warehouseId: sz, binId: null, batch: null, quantity: '-2', reason: 'damaged' })
    await transferStock(wh, { productId: p, fromWarehouseId: sz, fromBinId: null, toWarehouseId: sz, toBinId: s02, batch: null, quantity: '3', reason: 'to a bin' })
    expect(await balanceOf(p, sz, s02)).toEqual({ onHand: 3, reserved: 0 })
    expect((await countStock(wh, { productId: p, warehouseId: sz, binId: null, batch: null, countedQuantity: '14', reason: 'count' })).difference).toBe('-1')
    expect(await balanceOf(p, sz)).toEqual({ onHand: 14, reserved: 0 })
    const more = await refusal(adjustStock(wh, { productId: p, warehouseId: sz, binId: null, batch: null, quantity: '1', reason: 'found' }))
    expect(fieldMessages(more, 'batch')).toEqual([['inventory:errors.batchRequired', { sku: 'MT-2002' }]])
    const up = await refusal(countStock(wh, { productId: p, warehouseId: sz, binId: null, batch: null, countedQuantity: '15', reason: 'count' }))
    expect(fieldMessages(up, 'batch')).toEqual([['inventory:errors.batchRequired', { sku: 'MT-2002' }]])
    expect(await balanceOf(p, sz)).toEqual({ onHand: 14, reserved: 0 })
  })
})

describe('a serial-tracked product', () => {
  it('receives one serial number per unit, typed one per line or as a range, each a place of its own holding 1', async () => {
    const wh = await warehouse()
    const p = await productId('EL-1004')
    const sz = await warehouseId('SZ-SOUTH')
    const s01 = await binId('SZ-SOUTH', 'S-01')
    const before = await totalIn(p, sz)
    const res = await adjustStock(wh, { productId: p, warehouseId: sz, binId: s01, batch: null, serials: 'MCU-24-900001\nMCU-24-900002..MCU-24-900003', quantity: '3', reason: 'Returned by a dealer' })
    expect(res.moveIds).toHaveLength(3)
    expect(await totalIn(p, sz)).toEqual({ onHand: before.onHand + 3, reserved: 0 })
    for (const serial of ['MCU-24-900001', 'MCU-24-900002', 'MCU-24-900003']) expect(await balanceOf(p, sz, s01, serial)).toEqual({ onHand: 1, reserved: 0 })
    const moves = await db().select({ batch: stockMoves.batch, quantity: stockMoves.quantity, kind: stockMoves.kind }).from(stockMoves).where(sql`${stockMoves.id} in ${res.moveIds}`).orderBy(stockMoves.batch)
    expect(moves).toEqual(['MCU-24-900001', 'MCU-24-900002', 'MCU-24-900003'].map((batch) => ({ batch, quantity: '1.0000', kind: 'adjustment' })))
    // One audit row, naming the serials and the place's stock before and after.
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.action, 'inventory.stock.adjusted')).orderBy(desc(auditLog.id)).limit(1)
    expect(audit.entityId).toBe(p)
    expect(audit.before).toEqual({ warehouse: 'SZ-SOUTH', bin: 'S-01', onHand: '0' })
    expect(audit.after).toMatchObject({ warehouse: 'SZ-SOUTH', bin: 'S-01', serials: ['MCU-24-900001', 'MCU-24-900002', 'MCU-24-900003'], onHand: '3', quantity: '3', moveIds: res.moveIds })
    expect(await ledgerBreaches()).toEqual([])
  })

  it('refuses a receipt without serial numbers, with as many as not the quantity, listing one twice, or of one already in stock', async () => {
    const wh = await warehouse()
    const p = await productId('EL-1005')
    const sh = await warehouseId('SH-MAIN')
    const moves = await movesCount()
    const receive = (serials: string | null, quantity: string) => adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, serials, quantity, reason: 'receipt' })
    expect(fieldMessages(await refusal(receive(null, '2')), 'serials')).toEqual([['inventory:errors.serialsRequired', { sku: 'EL-1005' }]])
    expect(fieldMessages(await refusal(receive('PSU-24-900001\nPSU-24-900002', '3')), 'serials')).toEqual([['inventory:errors.serialCountMismatch', { count: 2, given: '2', quantity: '3' }]])
    // One serial number for two units reads in the singular ("1 serial numbers" before the count went along).
    const one = fieldMessages(await refusal(receive('PSU-24-900001', '2')), 'serials')[0]
    expect((await fixedT('en', 'inventory'))(one[0].replace('inventory:', ''), one[1])).toBe('1 serial number for a quantity of 2: give exactly one per unit.')
    expect(fieldMessages(await refusal(receive('PSU-24-900001\npsu-24-900001', '2')), 'serials')).toEqual([['inventory:errors.serialDuplicate', { serial: 'psu-24-900001' }]])
    expect(fieldMessages(await refusal(receive('PSU-24-900009..PSU-24-900001', '9')), 'serials')).toEqual([['inventory:errors.serialRange', { range: 'PSU-24-900009..PSU-24-900001' }]])
    // PSU-24-000101 is the demo's, in Shanghai; typed in another case it is the same serial number, in stock already.
    const twice = await refusal(receive('PSU-24-900001\npsu-24-000101', '2'))
    expect(twice.code).toBe('conflict')
    expect(fieldMessages(twice, 'serials')).toEqual([['inventory:errors.serialsInStock', { serials: 'PSU-24-000101 (SH-MAIN)', more: '' }]])
    expect(await movesCount()).toBe(moves)
    expect((await fixedT('en', 'inventory'))('errors.serialsInStock', { serials: 'PSU-24-000101 (SH-MAIN)' })).toBe('Already in stock: PSU-24-000101 (SH-MAIN). A serial number is in stock at most once.')
    expect((await fixedT('zh-CN', 'inventory'))('errors.serialCountMismatch', { count: 2, given: '2', quantity: '3' })).toBe('填写了 2 个序列号，数量却是 3：每件须对应一个序列号。')
  })

  it('takes out, moves and counts the serial numbers named, each carried on its moves', async () => {
    const wh = await warehouse()
    const p = await productId('AS-4002')
    const [sh, sz] = [await warehouseId('SH-MAIN'), await warehouseId('SZ-SOUTH')]
    const s03 = await binId('SZ-SOUTH', 'S-03')
    const { transferId } = await transferStock(wh, { productId: p, fromWarehouseId: sh, fromBinId: null, toWarehouseId: sz, toBinId: s03, batch: null, serials: 'SX20-25-000101, SX20-25-000102', quantity: '2', reason: 'To Shenzhen' })
    const legs = await db().select({ kind: stockMoves.kind, batch: stockMoves.batch, quantity: stockMoves.quantity }).from(stockMoves).where(eq(stockMoves.transferId, transferId)).orderBy(stockMoves.batch, stockMoves.kind)
    expect(legs).toEqual([
      { kind: 'transfer_out', batch: 'SX20-25-000101', quantity: '-1.0000' },
      { kind: 'transfer_in', batch: 'SX20-25-000101', quantity: '1.0000' },
      { kind: 'transfer_out', batch: 'SX20-25-000102', quantity: '-1.0000' },
      { kind: 'transfer_in', batch: 'SX20-25-000102', quantity: '1.0000' },
    ])
    expect(await balanceOf(p, sh, null, 'SX20-25-000101')).toEqual({ onHand: 0, reserved: 0 })
    expect(await balanceOf(p, sz, s03, 'SX20-25-000101')).toEqual({ onHand: 1, reserved: 0 })

    // A serial the place does not have (it just left), or that is not there at all, is named in the refusal; nothing moves.
    const moves = await movesCount()
    const gone = await refusal(adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, serials: 'SX20-25-000101\nSX20-25-000103', quantity: '-2', reason: 'scrapped' }))
    expect(gone.code).toBe('conflict')
    expect(fieldMessages(gone, 'serials')).toEqual([['inventory:errors.serialsNotHere', { serials: 'SX20-25-000101', more: '' }]])
    expect(await movesCount()).toBe(moves)
    await adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, serials: 'SX20-25-000103', quantity: '-1', reason: 'scrapped' })
    expect(await balanceOf(p, sh, null, 'SX20-25-000103')).toEqual({ onHand: 0, reserved: 0 })

    // Counted by serial: 0 or 1; counting one in stock elsewhere is refused, as a receipt of it would be.
    expect(fieldMessages(await refusal(countStock(wh, { productId: p, warehouseId: sh, binId: null, batch: 'SX20-25-000104', countedQuantity: '2', reason: 'count' })), 'countedQuantity')).toEqual([
      ['inventory:errors.serialCount', { serial: 'SX20-25-000104' }],
    ])
    const elsewhere = await refusal(countStock(wh, { productId: p, warehouseId: sh, binId: null, batch: 'SX20-25-000101', countedQuantity: '1', reason: 'count' }))
    expect(fieldMessages(elsewhere, 'batch')).toEqual([['inventory:errors.serialsInStock', { serials: 'SX20-25-000101 (SZ-SOUTH / S-03)', more: '' }]])
    expect(fieldMessages(await refusal(countStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, countedQuantity: '1', reason: 'count' })), 'batch')).toEqual([
      ['inventory:errors.serialsRequired', { sku: 'AS-4002' }],
    ])
    // Counted missing, then found again (it is in stock nowhere now): both post at once.
    expect((await countStock(wh, { productId: p, warehouseId: sh, binId: null, batch: 'SX20-25-000104', countedQuantity: '0', reason: 'missing' })).difference).toBe('-1')
    expect((await countStock(wh, { productId: p, warehouseId: sh, binId: null, batch: 'sx20-25-000104', countedQuantity: '1', reason: 'found' })).difference).toBe('1')
    expect(await balanceOf(p, sh, null, 'SX20-25-000104')).toEqual({ onHand: 1, reserved: 0 })
    // The scrapped one, back from the dealer, is received again.
    await adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, serials: 'SX20-25-000103', quantity: '1', reason: 'returned' })
    expect(await balanceOf(p, sh, null, 'SX20-25-000103')).toEqual({ onHand: 1, reserved: 0 })
    expect(await ledgerBreaches()).toEqual([])
    const [{ n }] = await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from stock_counts where product_id = ${p} and status <> 'posted'`)
    expect(n).toBe(0)
  })

  it('imports one row per serial number (quantity 1), none in stock already or listed twice; a bad row writes nothing', async () => {
    const wh = await warehouse()
    const p = await productId('AS-4001')
    const head = ['sku', 'warehouse', 'bin', 'batch', 'quantity']
    const moves = await movesCount()
    const bad = await importOpeningBalances(wh, {
      name: 'serials.csv',
      bytes: csv([head, ['AS-4001', 'SZ-SOUTH', '', 'CX100-25-900001', '1'], ['AS-4001', 'SZ-SOUTH', '', '', '1'], ['AS-4001', 'SZ-SOUTH', '', 'CX100-25-900002', '2'], ['AS-4001', 'SH-MAIN', 'A-01', 'cx100-25-900001', '1'], ['AS-4001', 'SZ-SOUTH', '', 'CX100-25-000101', '1']]),
    })
    expect(bad.ok).toBe(false)
    expect((bad.ok ? [] : bad.issues).map((i) => [i.row, i.column, parseMessage(i.message)])).toEqual([
      [3, 'batch', ['inventory:errors.importSerialRequired', { sku: 'AS-4001' }]],
      [4, 'quantity', ['inventory:errors.importSerialQuantity', { sku: 'AS-4001' }]],
      [5, 'sku', ['inventory:errors.importSerialTwice', { row: 2 }]],
      [6, 'batch', ['inventory:errors.importSerialInStock', { sku: 'AS-4001', serial: 'CX100-25-000101' }]],
    ])
    expect(await movesCount()).toBe(moves)
    const good = await importOpeningBalances(wh, { name: 'serials-ok.csv', bytes: csv([head, ['AS-4001', 'SZ-SOUTH', '', 'CX100-25-900001', '1'], ['AS-4001', 'SH-MAIN', 'A-01', 'CX100-25-900002', '1']]) })
    expect(good).toMatchObject({ ok: true, rows: 2 })
    expect(await balanceOf(p, await warehouseId('SZ-SOUTH'), null, 'CX100-25-900001')).toEqual({ onHand: 1, reserved: 0 })
    // Once in stock, a file receiving it again is refused on its row.
    const again = await importOpeningBalances(wh, { name: 'serials-again.csv', bytes: csv([head, ['AS-4001', 'SZ-SOUTH', 'S-02', 'CX100-25-900001', '1']]) })
    expect(again).toMatchObject({ ok: false, issues: [{ row: 2, column: 'batch' }] })
  })

  it('is received once when two receipts of the same serial numbers race, whatever order they list them in', async () => {
    const wh = await warehouse()
    const p = await productId('AS-4003')
    const [sh, sz] = [await warehouseId('SH-MAIN'), await warehouseId('SZ-SOUTH')]
    // Looked up before the race: an await among the racing calls left the first two unobserved while it ran, and a
    // refusal landing then was an unhandled rejection (which fails the whole run though every test passed).
    const s01 = await binId('SZ-SOUTH', 'S-01')
    for (let round = 0; round < (testDbKind === 'postgres' ? 8 : 3); round++) {
      const [a, b] = [`DX300-25-8${round}0001`, `DX300-25-8${round}0002`]
      const results = await Promise.allSettled([
        adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, serials: `${a}\n${b}`, quantity: '2', reason: 'race' }),
        adjustStock(wh, { productId: p, warehouseId: sz, binId: null, batch: null, serials: `${b}\n${a}`, quantity: '2', reason: 'race' }),
        countStock(wh, { productId: p, warehouseId: sz, binId: s01, batch: a, countedQuantity: '1', reason: 'race' }),
      ])
      // Exactly one receipt got them; the other was refused as in stock (no deadlock, no second copy).
      expect(results.slice(0, 2).filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      for (const r of results) if (r.status === 'rejected') expect(parseMessage((r.reason as { messageKey: string }).messageKey)[0]).toBe('inventory:errors.serialsInStock')
      // The count finds a serial number its place never held, which it never posts (it waits for a second person,
      // b17022e): held when it came first, refused as in stock when a receipt did. Either way it took none of them.
      const count = results[2]
      if (count.status === 'fulfilled') expect(count.value).toMatchObject({ status: 'pending', hold: 'newBatch' })
      const [{ n }] = await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from stock_balances where product_id = ${p} and batch in (${a}, ${b}) and on_hand > 0`)
      expect(n).toBe(2)
    }
    const [{ over }] = await rawRows<{ over: number }>(
      db(),
      sql`select count(*)::int as over from (select lower(batch) from stock_balances where product_id = ${p} and on_hand > 0 group by lower(batch) having count(*) > 1 or sum(on_hand) > 1) x`,
    )
    expect(over).toBe(0)
    expect(await ledgerBreaches()).toEqual([])
  }, 60_000)
})

describe('orders', () => {
  it('name on the console order page the batch or serial number and the bin each reservation holds, for the picker', async () => {
    const wh = await warehouse()
    const p = await productId('AS-4002')
    const sz = await warehouseId('SZ-SOUTH')
    const s02 = await binId('SZ-SOUTH', 'S-02')
    await adjustStock(wh, { productId: p, warehouseId: sz, binId: s02, batch: null, serials: 'PICK-0001\nPICK-0002', quantity: '2', reason: 'for the picker' })
    const free = (await batchesIn(p, sz)).filter((b) => b.onHand > b.reserved)
    const placed = await order(await dealer('erin@east.test'), 'SZ-SOUTH', [['AS-4002', String(free.length)]])
    const sales = (await actorFor('sales@acme.test')) as StaffActor
    const detail = (await getOrderForStaff(sales, placed.order.id))!
    const held = detail.reservations.filter((r) => r.status === 'active')
    expect(held).toHaveLength(free.length)
    expect(held.every((r) => r.batch !== null && r.quantity === '1')).toBe(true)
    expect(held.filter((r) => r.batch!.startsWith('PICK-')).map((r) => [r.batch, r.binCode])).toEqual([
      ['PICK-0001', 'S-02'],
      ['PICK-0002', 'S-02'],
    ])
    // As the page draws them: the place with its bin, the serial number in a column of its own.
    const page = await import('~/routes/console.orders.$id')
    const draw = async (id: string) =>
      renderRoute(page.default, await page.loader(routeArgs(sales, `/console/orders/${id}`, { id })), 'zh-CN', `/console/orders/${id}`)
    const html = await draw(placed.order.id)
    expect(textsByTestId(html, 'reservation-batch')).toEqual(expect.arrayContaining(['PICK-0001', 'PICK-0002']))
    expect(textsByTestId(html, 'reservation-place')).toContain('SZ-SOUTH / S-02')
    // Untracked stock holds no batch, and its order page has no batch column.
    const plain = await order(await dealer('erin@east.test'), 'SZ-SOUTH', [['MT-2001', '1']])
    expect((await getOrderForStaff(sales, plain.order.id))!.reservations.map((r) => r.batch)).toEqual([null])
    expect(textsByTestId(await draw(plain.order.id), 'reservation-batch')).toEqual([])
  })

  it('take the oldest stock first (no batch before batches) and ship the batches they took', async () => {
    const wh = await warehouse()
    const p = await productId('MT-2004')
    const sz = await warehouseId('SZ-SOUTH')
    // A lot received now is the newest, whatever its name; stock from before tracking is older than any.
    await adjustStock(wh, { productId: p, warehouseId: sz, binId: null, batch: '0001-EARLY-NAME', quantity: '30', reason: 'received today' })
    await db().update(products).set({ tracking: 'none' }).where(eq(products.id, p))
    await adjustStock(wh, { productId: p, warehouseId: sz, binId: null, batch: null, quantity: '7', reason: 'before tracking' })
    await db().update(products).set({ tracking: 'batch' }).where(eq(products.id, p))
    const lots = await batchesIn(p, sz)
    expect(lots.map((l) => l.batch)).toEqual([null, '2608-H07', '2610-H17', '0001-EARLY-NAME'])
    const [old, mid] = [lots[1], lots[2]]
    const erin = await dealer('erin@east.test')
    const want = 7 + old.onHand + 5
    const placed = await order(erin, 'SZ-SOUTH', [['MT-2004', String(want)]])
    expect((await batchesIn(p, sz)).map((l) => [l.batch, l.reserved])).toEqual([
      [null, 7],
      ['2608-H07', old.onHand],
      ['2610-H17', 5],
      ['0001-EARLY-NAME', 0],
    ])
    const staff = await warehouse()
    await pickOrder(staff, placed.order.id)
    const [line] = await linesOf(placed.order.id)
    // A partial shipment ships the oldest first.
    await shipOrder(staff, placed.order.id, { carrier: 'SF', trackingNumber: 'SF-LOTS-1', lines: [{ orderLineId: line.id, quantity: String(7 + old.onHand) }] })
    await shipOrder(staff, placed.order.id, { carrier: 'SF', trackingNumber: 'SF-LOTS-2', lines: [{ orderLineId: line.id, quantity: '5' }] })
    const shipped = await rawRows<{ batch: string | null; quantity: string; reason: string }>(
      db(),
      sql`select m.batch, trim_scale(-m.quantity)::text as quantity, m.reason from stock_moves m
          where m.kind = 'shipment' and m.reference_id = ${placed.order.id} order by m.created_at, m.batch nulls first`,
    )
    expect(shipped.map((m) => [m.batch, m.quantity])).toEqual([
      [null, '7'],
      ['2608-H07', String(old.onHand)],
      ['2610-H17', '5'],
    ])
    expect((await balanceOf(p, sz, null, '2610-H17'))!.onHand).toBe(mid.onHand - 5)
    expect(await ledgerBreaches()).toEqual([])
  })

  it('reserve serial numbers one unit each, oldest receipt first, and ship them by serial', async () => {
    const dave = await dealer('dave@north.test')
    const p = await productId('EL-1004')
    const sh = await warehouseId('SH-MAIN')
    const placed = await order(dave, 'SH-MAIN', [['EL-1004', '3']])
    const reserved = (await batchesIn(p, sh)).filter((b) => b.reserved > 0)
    expect(reserved.map((b) => [b.batch, b.onHand, b.reserved])).toEqual(['MCU-24-000101', 'MCU-24-000102', 'MCU-24-000103'].map((s) => [s, 1, 1]))
    const staff = await warehouse()
    await pickOrder(staff, placed.order.id)
    const [line] = await linesOf(placed.order.id)
    await shipOrder(staff, placed.order.id, { carrier: 'SF', trackingNumber: 'SF-SERIAL-1', lines: [{ orderLineId: line.id, quantity: '3' }] })
    const shipped = await db().select({ batch: stockMoves.batch, quantity: stockMoves.quantity }).from(stockMoves).where(and(eq(stockMoves.kind, 'shipment'), eq(stockMoves.referenceId, placed.order.id))).orderBy(stockMoves.batch)
    expect(shipped).toEqual(['MCU-24-000101', 'MCU-24-000102', 'MCU-24-000103'].map((batch) => ({ batch, quantity: '-1.0000' })))
    // Shipped, the serial is in stock nowhere: it can come back.
    expect(await balanceOf(p, sh, null, 'MCU-24-000101')).toEqual({ onHand: 0, reserved: 0 })
  })

  // O3. An order locks a product's rows oldest receipt first; a write-off of several serial numbers writes them in the
  // ledger's key order, by spelling. Here the spelling puts the newest first (A-…, B-…, then the demo's DX300-…): locking
  // in that order, the write-off holds A and waits for B (a blocker holds it) while the order locks the oldest and waits
  // for A; the blocker gone, the write-off asks for the oldest, which the order holds, and it is the one PostgreSQL refuses
  // with 40P01 (its wait closed the cycle after the order's own deadlock check had passed): a 500 for the warehouse.
  it.skipIf(testDbKind !== 'postgres')('and a write-off of serial numbers they are reserving meanwhile lock them alike: no deadlock', async () => {
    const wh = await warehouse()
    const dave = await dealer('dave@north.test')
    const p = await productId('AS-4003')
    const sh = await warehouseId('SH-MAIN')
    // Received in this order, so A is newer than every DX300 serial and B newer still.
    const [a, b] = ['A-NEWER-0001', 'B-NEWEST-0001']
    for (const serial of [a, b]) await adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, serials: serial, quantity: '1', reason: 'returned' })
    const free = (await batchesIn(p, sh)).filter((r) => r.onHand > r.reserved).map((r) => r.batch!)
    expect(free.length).toBeGreaterThanOrEqual(3)
    expect(free.slice(-2)).toEqual([a, b])
    const oldest = free[0]
    expect([a, b, oldest]).toEqual([a, b, oldest].sort())
    const waiting = async () =>
      (await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`))[0].n
    let writeOff: Promise<unknown> = Promise.resolve()
    let placing: Promise<unknown> = Promise.resolve()
    await db().transaction(async (tx) => {
      await tx.execute(sql`select id from stock_balances where product_id = ${p} and warehouse_id = ${sh} and batch = ${b} for update`)
      writeOff = adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, serials: `${oldest}\n${a}\n${b}`, quantity: '-3', reason: 'scrapped' })
      await expect.poll(waiting, { timeout: 10_000, interval: 50 }).toBe(1)
      placing = order(dave, 'SH-MAIN', [['AS-4003', '1']])
      await expect.poll(waiting, { timeout: 10_000, interval: 50 }).toBe(2)
      // Past deadlock_timeout (1 s): the order's check has run and found no cycle.
      await new Promise((r) => setTimeout(r, 1500))
    })
    const [wrote, placed] = await Promise.allSettled([writeOff, placing])
    expect(wrote.status === 'rejected' ? String((wrote.reason as Error).message) : 'fulfilled').toBe('fulfilled')
    expect(placed.status).toBe('fulfilled')
    for (const serial of [oldest, a, b]) expect(await balanceOf(p, sh, null, serial)).toEqual({ onHand: 0, reserved: 0 })
    expect(await ledgerBreaches()).toEqual([])
  }, 30_000)
})
