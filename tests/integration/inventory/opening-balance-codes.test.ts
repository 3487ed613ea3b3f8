import { and, desc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, stockMoves } from '~db/schema'
import { importOpeningBalances } from '~/domain/inventory/import-opening-balances.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { useTempDataDir } from '../catalog/helpers'
import { balanceOf, binId, productId, warehouseId } from './helpers'

useTestDatabase({ seed: true })
useTempDataDir()

// Quoted where a cell holds a comma, as a spreadsheet saves it.
const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',')).join('\n'))
const head = ['sku', 'warehouse', 'bin', 'batch', 'quantity']

describe('an opening-balance file names warehouses and bins as it names SKUs', () => {
  it('matches warehouse and bin codes trimmed and whatever their case, reads 1,000 as shown, and writes and audits the stored codes', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('MT-2001')
    const sh = await warehouseId('SH-MAIN')
    const a01 = await binId('SH-MAIN', 'A-01')
    const sz = await warehouseId('SZ-SOUTH')
    const s02 = await binId('SZ-SOUTH', 'S-02')
    const outcome = await importOpeningBalances(wh, {
      name: 'opening.csv',
      bytes: csv([head, [' mt-2001 ', 'sh-main', ' a-01 ', 'LOT-C', '1,000'], ['MT-2001', ' Sz-South ', 's-02', '', '12,345']]),
    })
    expect(outcome).toMatchObject({ ok: true, rows: 2 })
    expect((await balanceOf(p, sh, a01, 'LOT-C'))!.onHand).toBe(1000)
    expect((await balanceOf(p, sz, s02))!.onHand).toBe(12345)
    const [audit] = await db().select({ after: auditLog.after }).from(auditLog).where(eq(auditLog.action, 'inventory.opening_balances.imported')).orderBy(desc(auditLog.at)).limit(1)
    expect((audit.after as { lines: unknown[] }).lines).toEqual([
      { sku: 'MT-2001', warehouse: 'SH-MAIN', bin: 'A-01', batch: 'LOT-C', quantity: '1000' },
      { sku: 'MT-2001', warehouse: 'SZ-SOUTH', bin: 'S-02', batch: null, quantity: '12345' },
    ])
    const moves = await db().select({ quantity: stockMoves.quantity, binId: stockMoves.binId }).from(stockMoves).where(and(eq(stockMoves.referenceType, 'import'), eq(stockMoves.productId, p)))
    expect(moves.map((m) => [m.quantity, m.binId]).sort()).toEqual([
      ['1000.0000', a01],
      ['12345.0000', s02],
    ])
  })

  it('calls a place typed two ways a repeat, and still refuses unknown codes and what is no quantity, each for its reason', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const outcome = await importOpeningBalances(wh, {
      name: 'bad.csv',
      bytes: csv([
        head,
        ['PK-3004', 'SZ-SOUTH', 'S-03', 'LOT-9', '5'],
        ['pk-3004', 'sz-south', 's-03', 'LOT-9', '6'],
        ['PK-3004', 'XX-NONE', '', '', '5'],
        ['PK-3004', 'sz-south', 'zz-99', '', '5'],
        ['PK-3004', 'SZ-SOUTH', '', '', '1,5'],
        ['PK-3004', 'SZ-SOUTH', '', 'B', 'abc'],
        ['MT-2001', 'SZ-SOUTH', '', 'C', '99999999999999999'],
        ['MT-2001', 'SZ-SOUTH', '', 'D', '1.23456'],
      ]),
    })
    expect(outcome.ok ? [] : outcome.issues).toEqual([
      { row: 3, column: 'sku', message: 'inventory:errors.importDuplicate|{"row":2}' },
      { row: 4, column: 'warehouse', message: 'inventory:errors.importUnknownWarehouse|{"code":"XX-NONE"}' },
      // The bin as typed, in the warehouse as stored.
      { row: 5, column: 'bin', message: 'inventory:errors.importUnknownBin|{"bin":"zz-99","warehouse":"SZ-SOUTH"}' },
      { row: 6, column: 'quantity', message: 'errors:number.invalid' },
      { row: 7, column: 'quantity', message: 'errors:number.invalid' },
      { row: 8, column: 'quantity', message: 'errors:number.tooLarge|{"max":"99,999,999,999,999.9999"}' },
      { row: 9, column: 'quantity', message: 'errors:number.decimals|{"max":4}' },
    ])
  })
})
