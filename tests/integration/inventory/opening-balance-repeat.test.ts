import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { stockMoves } from '~db/schema'
import { importOpeningBalances } from '~/domain/inventory/import-opening-balances.server'
import { fixedT } from '~/i18n/i18next.server'
import { parseMessage } from '~/utils/validation'
import { actorFor } from '../../support/actors'
import { testDbKind, useTestDatabase } from '../../support/db'
import { useTempDataDir } from '../catalog/helpers'
import { balanceOf, binId, productId, warehouseId } from './helpers'

useTestDatabase({ seed: true })
useTempDataDir()

const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.join(',')).join('\n'))

describe('importing the same opening balances twice', () => {
  it('is refused with when and by whom, writes nothing, and goes through once confirmed', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('PK-3004')
    const sz = await warehouseId('SZ-SOUTH')
    // A bin: a place the seed's opening balances did not stock.
    const s01 = await binId('SZ-SOUTH', 'S-01')
    const balanceOfPlace = async () => (await balanceOf(p, sz, s01))?.onHand ?? 0
    const start = await balanceOfPlace()
    const bytes = csv([['sku', 'warehouse', 'bin', 'quantity'], ['PK-3004', 'SZ-SOUTH', 'S-01', '40']])
    expect(await importOpeningBalances(wh, { name: 'opening.csv', bytes })).toMatchObject({ ok: true, rows: 1 })
    expect((await balanceOfPlace())).toBe(start + 40)

    const moves = await db().$count(stockMoves)
    const again = await importOpeningBalances(wh, { name: 'opening (1).csv', bytes })
    expect(again).toMatchObject({ ok: false, confirm: 'repeat', issues: [{ row: 0, column: null }] })
    const [key, params] = parseMessage(again.ok ? '' : again.issues[0].message)
    expect(key).toBe('inventory:errors.importRepeated')
    expect(params).toMatchObject({ name: 'opening.csv', who: expect.any(String) })
    expect((await fixedT('en', 'inventory'))(key, params)).toMatch(/^This file was already imported \(opening\.csv, .+, by .+\)\./)
    expect(await db().$count(stockMoves)).toBe(moves)
    expect((await balanceOfPlace())).toBe(start + 40)

    // Other bytes with a row for the same place (a re-saved workbook, one more blank line, another
    // quantity): that row is named, with when its place got its opening balance; a new place goes in.
    const moreBytes = csv([['sku', 'warehouse', 'bin', 'quantity'], ['PK-3004', 'SZ-SOUTH', 'S-02', '3'], ['pk-3004', 'sz-south', 's-01', '5'], []])
    const more = await importOpeningBalances(wh, { name: 'more.csv', bytes: moreBytes })
    expect(more).toMatchObject({ ok: false, confirm: 'repeat', issues: [{ row: 3, column: null }] })
    const [placeKey, placeParams] = parseMessage(more.ok ? '' : more.issues[0].message)
    expect(placeKey).toBe('inventory:errors.placeOpenedBefore')
    expect((await fixedT('en', 'inventory'))(placeKey, placeParams)).toMatch(/^PK-3004 at SZ-SOUTH \/ S-01 already has an opening balance \(.+\)\./)
    expect(await db().$count(stockMoves)).toBe(moves)
    // The seed's opening balances count too: its stock is where the ledger began.
    const seeded = await importOpeningBalances(wh, { name: 'seeded.csv', bytes: csv([['sku', 'warehouse', 'quantity'], ['PK-3004', 'SZ-SOUTH', '5']]) })
    expect(seeded).toMatchObject({ ok: false, confirm: 'repeat', issues: [{ row: 2, column: null }] })
    // Confirmed, both go in: the other file, and the same bytes once more.
    expect(await importOpeningBalances(wh, { name: 'more.csv', bytes: moreBytes }, { again: true })).toMatchObject({ ok: true, rows: 2 })
    expect(await importOpeningBalances(wh, { name: 'opening.csv', bytes }, { again: true })).toMatchObject({ ok: true, rows: 1 })
    expect((await balanceOfPlace())).toBe(start + 85)
  })

  // Both uploads pass the early check before either commits; the check under the import lock decides.
  it.skipIf(testDbKind !== 'postgres')('uploaded twice at the same moment, goes in once', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('PK-3004')
    const sz = await warehouseId('SZ-SOUTH')
    const s03 = await binId('SZ-SOUTH', 'S-03')
    const start = (await balanceOf(p, sz, s03, 'RACE'))?.onHand ?? 0
    const bytes = csv([['sku', 'warehouse', 'bin', 'batch', 'quantity'], ['PK-3004', 'SZ-SOUTH', 'S-03', 'RACE', '7']])
    const outcomes = await Promise.all([1, 2, 3].map((n) => importOpeningBalances(wh, { name: `opening-${n}.csv`, bytes })))
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1)
    expect(outcomes.filter((o) => !o.ok && o.confirm === 'repeat')).toHaveLength(2)
    expect((await balanceOf(p, sz, s03, 'RACE'))?.onHand ?? 0).toBe(start + 7)
  })
})
