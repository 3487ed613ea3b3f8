import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { auditLog, files, stockMoves } from '~db/schema'
import { transact } from '~db/transaction'
import { adjustStock } from '~/domain/inventory/adjust-stock.server'
import { importOpeningBalances } from '~/domain/inventory/import-opening-balances.server'
import { MAX_ON_HAND } from '~/domain/inventory/ledger.server'
import { transferStock } from '~/domain/inventory/transfer-stock.server'
import { fixedT } from '~/i18n/i18next.server'
import { DomainError } from '~/utils/errors'
import { D } from '~/utils/money'
import { parseMessage } from '~/utils/validation'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { useTempDataDir } from '../catalog/helpers'
import { balanceOf, ledgerBreaches, productId, warehouseId } from './helpers'

useTestDatabase({ seed: true })
useTempDataDir()

// on_hand is numeric(18,4); a typed quantity has at most 14 digits, so only a sum with stock already there can pass the column's limit.
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(err instanceof DomainError)) throw err ?? new Error('expected a refusal')
  return err
}

const written = async () => ({ moves: await db().$count(stockMoves), audit: await db().$count(auditLog), files: await db().$count(files) })

const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.join(',')).join('\n'))

// balanceOf reads a number, which cannot tell 99,999,999,999,999.9999 from its neighbours.
const onHandText = async (p: string, wh: string, batch: string | null = null) => {
  const [row] = await rawRows<{ on_hand: string }>(db(), sql`select on_hand::text from stock_balances where product_id = ${p} and warehouse_id = ${wh} and bin_id is null and batch is not distinct from ${batch}::text`)
  return row?.on_hand ?? null
}

// A batch-tracked product's place names its lot (the demo's newest, in both warehouses).
const place = (p: string, wh: string, batch: string | null = null) => ({ productId: p, warehouseId: wh, binId: null, batch })

describe('stock a place cannot hold', () => {
  it('an adjustment past the most on_hand holds is refused on the quantity, with what still fits, and writes nothing', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('MT-2004') // by the kg: what still fits may end in a fraction
    const sh = await warehouseId('SH-MAIN')
    const lot = '2610-H17'
    const start = (await balanceOf(p, sh, null, lot))!.onHand
    expect(start).toBeGreaterThan(0)
    const before = await written()

    const err = await refusal(adjustStock(wh, { ...place(p, sh, lot), quantity: '99999999999999', reason: 'Typo' }))
    expect(err.code).toBe('unprocessable')
    const [key, params] = parseMessage(err.messageKey)
    const room = new D(MAX_ON_HAND).minus(start).toFixed()
    expect(key).toBe('inventory:errors.stockTooLarge')
    expect(params).toEqual({ max: '99,999,999,999,999.9999', room: room.replace(/^\d+/, (int) => int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')) })
    expect(err.fieldErrors).toEqual({ quantity: [err.messageKey] })
    expect((await fixedT('en', 'inventory'))(key, params)).toBe(
      `This would bring the stock at this location above the most it can hold (99,999,999,999,999.9999): at most ${params.room} more can be added here.`,
    )
    expect((await fixedT('zh-CN', 'inventory'))(key, params)).toContain('99,999,999,999,999.9999')
    expect(await written()).toEqual(before)
    expect((await balanceOf(p, sh, null, lot))!.onHand).toBe(start)

    // Exactly what still fits goes in; then not one ten-thousandth more.
    expect((await adjustStock(wh, { ...place(p, sh, lot), quantity: room, reason: 'Fill' })).onHand).toBe(MAX_ON_HAND)
    const full = await refusal(adjustStock(wh, { ...place(p, sh, lot), quantity: '0.0001', reason: 'One more' }))
    expect(parseMessage(full.messageKey)).toEqual(['inventory:errors.stockTooLarge', { max: '99,999,999,999,999.9999', room: '0' }])
    expect(await ledgerBreaches()).toEqual([])
  })

  it('a transfer into a place that cannot take it is refused whole: neither leg is written', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('MT-2005') // by the metre
    const lot = '2610-R17'
    const sh = await warehouseId('SH-MAIN')
    const sz = await warehouseId('SZ-SOUTH')
    const dest = (await balanceOf(p, sh, null, lot))!.onHand
    await adjustStock(wh, { ...place(p, sh, lot), quantity: new D(MAX_ON_HAND).minus(dest).minus(1).toFixed(), reason: 'Nearly full' })
    const src = (await balanceOf(p, sz, null, lot))!.onHand
    expect(src).toBeGreaterThanOrEqual(2)
    const before = await written()

    const input = { productId: p, fromWarehouseId: sz, fromBinId: null, toWarehouseId: sh, toBinId: null, batch: lot, quantity: '2', reason: 'Rebalance' }
    const err = await refusal(transferStock(wh, input))
    expect(err.code).toBe('unprocessable')
    expect(parseMessage(err.messageKey)).toEqual(['inventory:errors.stockTooLarge', { max: '99,999,999,999,999.9999', room: '1' }])
    expect(err.fieldErrors).toEqual({ quantity: [err.messageKey] })
    expect(await written()).toEqual(before)
    expect((await balanceOf(p, sz, null, lot))!.onHand).toBe(src)
    expect(await onHandText(p, sh, lot)).toBe(new D(MAX_ON_HAND).minus(1).toFixed(4))

    // What fits still moves.
    await transferStock(wh, { ...input, quantity: '1' })
    expect((await balanceOf(p, sz, null, lot))!.onHand).toBe(src - 1)
    expect(await ledgerBreaches()).toEqual([])
  })

  it('an opening-balance import names every row that would overflow its place, and imports nothing', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const pk = await productId('PK-3004')
    const pk1 = await productId('PK-3001')
    const sz = await warehouseId('SZ-SOUTH')
    const sh = await warehouseId('SH-MAIN')
    const pkStart = (await balanceOf(pk, sz))!.onHand
    const pk1Start = (await balanceOf(pk1, sh))!.onHand
    const mtStart = (await balanceOf(await productId('MT-2002'), sh, null, '2610-B17'))!.onHand
    expect(pkStart).toBeGreaterThan(0)
    const before = await written()

    // Onto the places the seed's opening balances stocked (hence `again`): the overflow needs stock there.
    const outcome = await importOpeningBalances(wh, {
      name: 'opening.csv',
      bytes: csv([
        ['sku', 'warehouse', 'batch', 'quantity'],
        ['PK-3004', 'SZ-SOUTH', '', '"99,999,999,999,999"'],
        ['MT-2002', 'SH-MAIN', '2610-B17', '5'],
        ['PK-3001', 'SH-MAIN', '', '99999999999999'],
      ]),
    }, { again: true })
    expect(outcome.ok).toBe(false)
    const issues = outcome.ok ? [] : outcome.issues
    expect(issues.map((i) => [i.row, i.column, parseMessage(i.message)[0]])).toEqual([
      [2, 'quantity', 'inventory:errors.stockTooLarge'],
      [4, 'quantity', 'inventory:errors.stockTooLarge'],
    ])
    expect(await written()).toEqual(before)
    expect((await balanceOf(pk, sz))!.onHand).toBe(pkStart)
    expect((await balanceOf(await productId('MT-2002'), sh, null, '2610-B17'))!.onHand).toBe(mtStart)
    expect((await balanceOf(pk1, sh))!.onHand).toBe(pk1Start)
  })
})

describe('a number too large for its column that no check caught', () => {
  it('is a 422 with a localized message, not a server error, and its transaction is rolled back', async () => {
    const p = await productId('PK-3002')
    const sh = await warehouseId('SH-MAIN')
    const start = await onHandText(p, sh)
    const err = await refusal(
      transact(async ({ tx }) => {
        await tx.execute(sql`update stock_balances set on_hand = on_hand + 1 where product_id = ${p} and warehouse_id = ${sh} and bin_id is null and batch is null`)
        await tx.execute(sql`update stock_balances set on_hand = on_hand * 100000000000000 where on_hand > 0`)
      }),
    )
    expect([err.code, err.status, err.messageKey]).toEqual(['unprocessable', 422, 'errors:number.outOfRange'])
    expect(await onHandText(p, sh)).toBe(start)
    expect((await fixedT('zh-CN', 'errors'))('number.outOfRange')).toMatch(/数值过大/)
  })
})
