import { and, desc, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { auditLog, stockMoves } from '~db/schema'
import { adjustStock } from '~/domain/inventory/adjust-stock.server'
import { countStock } from '~/domain/inventory/count-stock.server'
import { transferStock } from '~/domain/inventory/transfer-stock.server'
import { ledgerKey } from '~/domain/inventory/stock.rules'
import { DomainError } from '~/utils/errors'
import { actorFor } from '../../support/actors'
import { testDbKind, useTestDatabase } from '../../support/db'
import { balanceOf, batchesIn, binId, ledgerBreaches, productId, reserve, totalIn, warehouseId } from './helpers'

useTestDatabase({ seed: true })

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p
    return 'ok'
  } catch (err) {
    // A conflict's message key without its figures (they are checked where they matter).
    if (err instanceof DomainError) return err.code === 'conflict' ? err.messageKey.split('|')[0] : err.code
    throw err
  }
}

describe('the demo seed', () => {
  it('received the opening stock as ledger moves: balances are the sum of moves, AS-4003 is short', async () => {
    expect(await ledgerBreaches()).toEqual([])
    // By product tracking: untracked stock has no batch, batch-tracked stock a few lots a warehouse, serial-tracked stock one
    // receipt of one unit per serial number.
    const receipts = await rawRows<{ tracking: string; moves: number; unnamed: number; lots: number; units: string; not_one: number }>(
      db(),
      sql`select p.tracking, count(*)::int as moves, count(*) filter (where m.batch is null)::int as unnamed,
                 count(distinct (m.product_id, m.warehouse_id, m.batch))::int as lots, sum(m.quantity)::text as units,
                 count(*) filter (where m.quantity <> 1)::int as not_one
          from stock_moves m join products p on p.id = m.product_id where m.kind = 'receipt' group by p.tracking order by p.tracking`,
    )
    expect(receipts.map((r) => [r.tracking, r.moves, r.unnamed])).toEqual([
      ['none', 14, 14], // 7 products × 2 warehouses
      ['batch', 38, 0], // 7 products × (3 lots in SH-MAIN + 2 in SZ-SOUTH), EL-1002's three
      ['serial', 3140, 0], // every unit of EL-1004, EL-1005, AS-4001, AS-4002 and AS-4003's 10 in SH-MAIN
    ])
    expect(receipts[2]).toMatchObject({ lots: 3140, not_one: 0 })
    const as = await productId('AS-4003')
    expect(await totalIn(as, await warehouseId('SH-MAIN'))).toEqual({ onHand: 10, reserved: 0 })
    expect(await totalIn(as, await warehouseId('SZ-SOUTH'))).toEqual({ onHand: 0, reserved: 0 })
    expect((await batchesIn(as, await warehouseId('SH-MAIN'))).map((b) => b.batch)).toEqual(Array.from({ length: 10 }, (_, i) => `DX300-25-${String(101 + i).padStart(6, '0')}`))
  })
})

describe('adjusting stock', () => {
  it('writes a move with its reason and actor, changes the balance and audits before and after', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('MT-2001')
    const sh = await warehouseId('SH-MAIN')
    const start = (await balanceOf(p, sh))!.onHand
    const res = await adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, quantity: '-3', reason: 'Damaged in handling' })
    expect(Number(res.onHand)).toBe(start - 3)
    expect((await balanceOf(p, sh))!.onHand).toBe(start - 3)
    const [move] = await db().select().from(stockMoves).where(eq(stockMoves.id, res.moveId))
    expect(move).toMatchObject({ kind: 'adjustment', quantity: '-3.0000', reason: 'Damaged in handling', actorUserId: wh.userId })
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.action, 'inventory.stock.adjusted')).orderBy(desc(auditLog.id)).limit(1)
    expect(audit.before).toMatchObject({ warehouse: 'SH-MAIN', onHand: String(start) })
    expect(audit.after).toMatchObject({ warehouse: 'SH-MAIN', onHand: String(start - 3), reason: 'Damaged in handling' })
  })

  it('refuses a decrease below what is reserved, and writes nothing', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('MT-2002')
    const sz = await warehouseId('SZ-SOUTH')
    const lot = '2608-B07'
    const { onHand } = (await balanceOf(p, sz, null, lot))!
    await reserve(p, sz, onHand - 5, lot)
    const moves = await db().$count(stockMoves)
    const refused = await adjustStock(wh, { productId: p, warehouseId: sz, binId: null, batch: lot, quantity: '-6', reason: 'x' }).catch((e: DomainError) => e)
    // Said with what is available, as a refused count names what is reserved.
    expect(refused).toMatchObject({ code: 'conflict', fieldErrors: { quantity: ['inventory:errors.insufficientAvailable|{"available":"5"}'] } })
    expect(await db().$count(stockMoves)).toBe(moves)
    expect(await codeOf(adjustStock(wh, { productId: p, warehouseId: sz, binId: null, batch: lot, quantity: '-5', reason: 'x' }))).toBe('ok')
    expect(await balanceOf(p, sz, null, lot)).toEqual({ onHand: onHand - 5, reserved: onHand - 5 })
  })

  it('refuses a decrease where nothing was ever received', async () => {
    const wh = await actorFor('warehouse@acme.test')
    expect(await codeOf(adjustStock(wh, { productId: await productId('MT-2001'), warehouseId: await warehouseId('SZ-SOUTH'), binId: await binId('SZ-SOUTH', 'S-03'), batch: null, quantity: '-1', reason: 'x' }))).toBe(
      'inventory:errors.insufficientAvailable',
    )
  })

  it('names a batch the place never held, on the batch field, rather than "0 available"', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const moves = await db().$count(stockMoves)
    const refused = await adjustStock(wh, { productId: await productId('MT-2002'), warehouseId: await warehouseId('SZ-SOUTH'), binId: null, batch: 'NOPE-1', quantity: '-1', reason: 'x' }).catch((e: DomainError) => e)
    expect(refused).toMatchObject({ code: 'conflict', fieldErrors: { batch: ['inventory:errors.batchNotHere|{"batch":"NOPE-1"}'] } })
    expect(await db().$count(stockMoves)).toBe(moves)
  })

  it('refuses staff without inventory.manage, and a bin of another warehouse', async () => {
    const p = await productId('MT-2001')
    const sh = await warehouseId('SH-MAIN')
    for (const email of ['sales@acme.test', 'buyer.manager@acme.test', 'finance@acme.test', 'dave@north.test', 'alice@bright.test']) {
      expect(await codeOf(adjustStock(await actorFor(email), { productId: p, warehouseId: sh, binId: null, batch: null, quantity: '1', reason: 'x' })), email).toBe('forbidden')
    }
    const wh = await actorFor('warehouse@acme.test')
    expect(await codeOf(adjustStock(wh, { productId: p, warehouseId: sh, binId: await binId('SZ-SOUTH', 'S-01'), batch: null, quantity: '1', reason: 'x' }))).toBe('bad_input')
  })

  it('lets exactly as many of 30 concurrent decreases succeed as the stock allows, never below zero', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('PK-3005')
    const sz = await warehouseId('SZ-SOUTH')
    const { onHand } = (await balanceOf(p, sz))!
    // Bring the row to exactly 100 on hand, 9 reserved: 91 available, so 13 decreases of 7 fit and 17 do not.
    await adjustStock(wh, { productId: p, warehouseId: sz, binId: null, batch: null, quantity: String(100 - onHand), reason: 'setup' })
    await reserve(p, sz, 9)
    const results = await Promise.all(
      Array.from({ length: 30 }, () => codeOf(adjustStock(wh, { productId: p, warehouseId: sz, binId: null, batch: null, quantity: '-7', reason: 'concurrent' }))),
    )
    expect(results.filter((r) => r === 'ok')).toHaveLength(13)
    expect(results.filter((r) => r === 'inventory:errors.insufficientAvailable')).toHaveLength(17)
    expect(await balanceOf(p, sz)).toEqual({ onHand: 9, reserved: 9 })
    const [{ n }] = await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from stock_moves where product_id = ${p} and reason = 'concurrent'`)
    expect(n).toBe(13)
    expect(await ledgerBreaches()).toEqual([])
  }, 60_000)
})

describe('transferring stock', () => {
  it('moves the quantity from one place to another as two paired moves', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('EL-1003')
    const sh = await warehouseId('SH-MAIN')
    const sz = await warehouseId('SZ-SOUTH')
    const s01 = await binId('SZ-SOUTH', 'S-01')
    // The batch goes along: the LEDs' newest lot in Shanghai (the older ones are East's reservation).
    const lot = '2610-L17'
    const src = (await balanceOf(p, sh, null, lot))!.onHand
    const { transferId } = await transferStock(wh, { productId: p, fromWarehouseId: sh, fromBinId: null, toWarehouseId: sz, toBinId: s01, batch: lot, quantity: '25', reason: 'Rebalance south' })
    expect((await balanceOf(p, sh, null, lot))!.onHand).toBe(src - 25)
    expect((await balanceOf(p, sz, s01, lot))!.onHand).toBe(25)
    const legs = await db().select({ kind: stockMoves.kind, quantity: stockMoves.quantity, batch: stockMoves.batch }).from(stockMoves).where(eq(stockMoves.transferId, transferId)).orderBy(stockMoves.kind)
    expect(legs).toEqual([
      { kind: 'transfer_out', quantity: '-25.0000', batch: lot },
      { kind: 'transfer_in', quantity: '25.0000', batch: lot },
    ]) // enum order
  })

  it('writes neither leg when the source has too little (whichever leg is written first)', async () => {
    const wh = await actorFor('warehouse@acme.test')
    // A lot both warehouses hold.
    const p = await productId('MT-2003')
    const lot = '2610-S17'
    const sh = await warehouseId('SH-MAIN')
    const sz = await warehouseId('SZ-SOUTH')
    const before = { sh: await balanceOf(p, sh, null, lot), sz: await balanceOf(p, sz, null, lot) }
    const moves = await db().$count(stockMoves)
    for (const [from, to] of [[sh, sz], [sz, sh]]) {
      const have = (await balanceOf(p, from, null, lot))!.onHand
      expect(await codeOf(transferStock(wh, { productId: p, fromWarehouseId: from, fromBinId: null, toWarehouseId: to, toBinId: null, batch: lot, quantity: String(have + 1), reason: 'too much' }))).toBe(
        'inventory:errors.insufficientAvailable',
      )
    }
    expect({ sh: await balanceOf(p, sh, null, lot), sz: await balanceOf(p, sz, null, lot) }).toEqual(before)
    expect(await db().$count(stockMoves)).toBe(moves)
  })

  it('rolls the first leg back when the second leg fails in the database', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('EL-1005')
    const sh = await warehouseId('SH-MAIN')
    const sz = await warehouseId('SZ-SOUTH')
    // Legs are written in key order; pick the direction whose incoming leg is written second, then make that insert fail.
    // A serial number of the power supplies moves: its legs carry it, so only the warehouses order them.
    const outFirst = ledgerKey({ productId: p, warehouseId: sh, binId: null, batch: 'PSU-24-000101' }) < ledgerKey({ productId: p, warehouseId: sz, binId: null, batch: 'PSU-24-000101' })
    const [from, to] = outFirst ? [sh, sz] : [sz, sh]
    const serial = from === sh ? 'PSU-24-000101' : 'PSU-24-200101'
    await db().execute(sql.raw(`create or replace function fail_transfer_in() returns trigger language plpgsql as $$
      begin if new.kind = 'transfer_in' and new.product_id = '${p}' then raise exception 'injected second-leg failure'; end if; return new; end $$`))
    await db().execute(sql`create trigger fail_transfer_in before insert on stock_moves for each row execute function fail_transfer_in()`)
    try {
      const before = { from: await balanceOf(p, from, null, serial), to: await balanceOf(p, to, null, serial) }
      expect(before).toEqual({ from: { onHand: 1, reserved: 0 }, to: null })
      const moves = await db().$count(stockMoves)
      await expect(transferStock(wh, { productId: p, fromWarehouseId: from, fromBinId: null, toWarehouseId: to, toBinId: null, batch: null, serials: serial, quantity: '1', reason: 'doomed' })).rejects.toThrow()
      expect({ from: await balanceOf(p, from, null, serial), to: await balanceOf(p, to, null, serial) }).toEqual(before)
      expect(await db().$count(stockMoves)).toBe(moves)
    } finally {
      await db().execute(sql`drop trigger fail_transfer_in on stock_moves`)
    }
  })

  it('refuses a transfer to the place it comes from', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const sh = await warehouseId('SH-MAIN')
    expect(await codeOf(transferStock(wh, { productId: await productId('EL-1001'), fromWarehouseId: sh, fromBinId: null, toWarehouseId: sh, toBinId: null, batch: null, quantity: '1', reason: 'x' }))).toBe('bad_input')
  })
})

describe('counting stock', () => {
  it('turns the counted quantity into a count move of the difference, and refuses counting below what is reserved', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('PK-3001')
    const sh = await warehouseId('SH-MAIN')
    const { onHand } = (await balanceOf(p, sh))!
    const res = await countStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, countedQuantity: String(onHand - 4), reason: 'Cycle count week 47' })
    expect(res.difference).toBe('-4')
    expect((await balanceOf(p, sh))!.onHand).toBe(onHand - 4)
    expect((await countStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, countedQuantity: String(onHand - 4), reason: 'again' })).moveId).toBeNull()
    await reserve(p, sh, 10)
    expect(await codeOf(countStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, countedQuantity: '9', reason: 'x' }))).toContain('inventory:errors.countBelowReserved')
  })
})

describe('conservation', () => {
  it('keeps every balance equal to the sum of its moves after a random mix of adjustments, transfers and counts', async () => {
    const wh = await actorFor('warehouse@acme.test')
    // Two batch-tracked products, each move naming one of a few lots (the seed's own and new ones), and an untracked one.
    const skus = ['MT-2003', 'MT-2004', 'PK-3002']
    const lots: Record<string, Array<string | null>> = { 'MT-2003': ['2610-S17', 'RND-A'], 'MT-2004': ['2610-H17', 'RND-B'], 'PK-3002': [null] }
    const places = [
      { warehouseId: await warehouseId('SH-MAIN'), binId: null },
      { warehouseId: await warehouseId('SH-MAIN'), binId: await binId('SH-MAIN', 'A-02') },
      { warehouseId: await warehouseId('SZ-SOUTH'), binId: null },
      { warehouseId: await warehouseId('SZ-SOUTH'), binId: await binId('SZ-SOUTH', 'S-02') },
    ]
    let seed = 20261122
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const outcomes = { ok: 0, refused: 0 }
    const ops = Array.from({ length: testDbKind === 'postgres' ? 120 : 60 }, () => async () => {
      const sku = skus[rnd(skus.length)]
      const productId_ = await productId(sku)
      const batch = lots[sku][rnd(lots[sku].length)]
      const a = places[rnd(places.length)]
      const b = places[(places.indexOf(a) + 1 + rnd(places.length - 1)) % places.length]
      const qty = String(rnd(60) + 1)
      const kind = rnd(3)
      const r =
        kind === 0
          ? await codeOf(adjustStock(wh, { productId: productId_, ...a, batch, quantity: rnd(2) ? qty : `-${qty}`, reason: 'random' }))
          : kind === 1
            ? await codeOf(transferStock(wh, { productId: productId_, fromWarehouseId: a.warehouseId, fromBinId: a.binId, toWarehouseId: b.warehouseId, toBinId: b.binId, batch, quantity: qty, reason: 'random' }))
            : await codeOf(countStock(wh, { productId: productId_, ...a, batch, countedQuantity: String(rnd(300)), reason: 'random' }))
      if (r === 'ok') outcomes.ok++
      else if (r === 'inventory:errors.insufficientAvailable' || r === 'inventory:errors.insufficientStock') outcomes.refused++
      else throw new Error(`unexpected ${r}`)
    })
    // Four at a time: transfers in opposite directions overlap, so lock ordering is exercised too.
    for (let i = 0; i < ops.length; i += 4) await Promise.all(ops.slice(i, i + 4).map((op) => op()))
    expect(outcomes.ok).toBeGreaterThan(ops.length / 2)
    expect(await ledgerBreaches()).toEqual([])
    const [{ n }] = await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from stock_balances where on_hand < 0 or reserved < 0 or reserved > on_hand`)
    expect(n).toBe(0)
    expect(await db().$count(stockMoves, and(eq(stockMoves.reason, 'random'), sql`kind in ('transfer_out', 'transfer_in')`)) % 2).toBe(0)
  }, 120_000)
})

describe('live updates', () => {
  it('tells staff sockets which product changed after commit, and nothing for a refused move', async () => {
    const { installIo, getIo } = await import('~/realtime/publisher.server')
    const sent: Array<{ room: string; event: string; payload: unknown }> = []
    const previous = getIo()
    installIo({ to: (room: string) => ({ emit: (event: string, payload: unknown) => sent.push({ room, event, payload }) }) } as any)
    try {
      const wh = await actorFor('warehouse@acme.test')
      const p = await productId('AS-4001')
      const sh = await warehouseId('SH-MAIN')
      await adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, serials: 'CX100-25-900001', quantity: '1', reason: 'found' })
      // Staff stock pages and dealer catalogs both refetch; the payload names the product and nothing else.
      expect(sent).toEqual([
        { room: 'staff', event: 'stock:changed', payload: { productIds: [p] } },
        { room: 'dealers', event: 'stock:changed', payload: { productIds: [p] } },
      ])
      await codeOf(adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, quantity: '-100000', reason: 'x' }))
      expect(sent).toHaveLength(2)
    } finally {
      installIo(previous)
    }
  })
})
