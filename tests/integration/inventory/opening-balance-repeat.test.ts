import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { stockMoves } from '~db/schema'
import { importOpeningBalances } from '~/domain/inventory/import-opening-balances.server'
import { fixedT } from '~/i18n/i18next.server'
import { parseMessage } from '~/utils/validation'
import { actorFor } from '../../support/actors'
import { testDbKind, useTestDatabase } from '../../support/db'
import { useTempDataDir } from '../catalog/helpers'
import { balanceOf, productId, warehouseId } from './helpers'

useTestDatabase({ seed: true })
useTempDataDir()

const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.join(',')).join('\n'))

describe('importing the same opening balances twice', () => {
  it('is refused with when and by whom, writes nothing, and goes through once confirmed', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('PK-3004')
    const sz = await warehouseId('SZ-SOUTH')
    const start = (await balanceOf(p, sz))!.onHand
    const bytes = csv([['sku', 'warehouse', 'quantity'], ['PK-3004', 'SZ-SOUTH', '40']])
    expect(await importOpeningBalances(wh, { name: 'opening.csv', bytes })).toMatchObject({ ok: true, rows: 1 })
    expect((await balanceOf(p, sz))!.onHand).toBe(start + 40)

    const moves = await db().$count(stockMoves)
    const again = await importOpeningBalances(wh, { name: 'opening (1).csv', bytes })
    expect(again).toMatchObject({ ok: false, confirm: 'repeat', issues: [{ row: 0, column: null }] })
    const [key, params] = parseMessage(again.ok ? '' : again.issues[0].message)
    expect(key).toBe('inventory:errors.importRepeated')
    expect(params).toMatchObject({ name: 'opening.csv', who: expect.any(String) })
    expect((await fixedT('en', 'inventory'))(key, params)).toMatch(/^This file was already imported \(opening\.csv, .+, by .+\)\./)
    expect(await db().$count(stockMoves)).toBe(moves)
    expect((await balanceOf(p, sz))!.onHand).toBe(start + 40)

    // Other bytes (another quantity) are another file; the same bytes confirmed go in once more.
    expect(await importOpeningBalances(wh, { name: 'more.csv', bytes: csv([['sku', 'warehouse', 'quantity'], ['PK-3004', 'SZ-SOUTH', '5']]) })).toMatchObject({ ok: true })
    expect(await importOpeningBalances(wh, { name: 'opening.csv', bytes }, { again: true })).toMatchObject({ ok: true, rows: 1 })
    expect((await balanceOf(p, sz))!.onHand).toBe(start + 85)
  })

  // Both uploads pass the early check before either commits; the check under the import lock decides.
  it.skipIf(testDbKind !== 'postgres')('uploaded twice at the same moment, goes in once', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('PK-3004')
    const sz = await warehouseId('SZ-SOUTH')
    const start = (await balanceOf(p, sz))!.onHand
    const bytes = csv([['sku', 'warehouse', 'quantity'], ['PK-3004', 'SZ-SOUTH', '7']])
    const outcomes = await Promise.all([1, 2, 3].map((n) => importOpeningBalances(wh, { name: `opening-${n}.csv`, bytes })))
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1)
    expect(outcomes.filter((o) => !o.ok && o.confirm === 'repeat')).toHaveLength(2)
    expect((await balanceOf(p, sz))!.onHand).toBe(start + 7)
  })
})
