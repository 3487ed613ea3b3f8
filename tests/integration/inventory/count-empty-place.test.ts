// A count that finds nothing where the books hold nothing changes nothing: it once left an empty balance row
// behind (a "TYPO-1 0 0 0" line in Balances and in the ledger's batch filter).
import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, stockBalances, stockMoves } from '~db/schema'
import { countStock } from '~/domain/inventory/count-stock.server'
import { approveCount } from '~/domain/inventory/decide-count.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { balanceOf, binId, productId, warehouseId } from './helpers'

useTestDatabase({ seed: true })

describe('a count of 0 at a place with no stock', () => {
  it('leaves no balance row and writes no move, but is still audited', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const [p, sh] = await Promise.all([productId('EL-1003'), warehouseId('SH-MAIN')])
    const a01 = await binId('SH-MAIN', 'A-01')
    const rows = await db().$count(stockBalances)
    const moves = await db().$count(stockMoves)
    const audits = await db().$count(auditLog, eq(auditLog.action, 'inventory.stock.counted'))
    const res = await countStock(wh, { productId: p, warehouseId: sh, binId: a01, batch: 'TYPO-1', countedQuantity: '0', reason: 'nothing there' })
    expect(res).toMatchObject({ status: 'posted', moveId: null, difference: null })
    expect(await balanceOf(p, sh, a01, 'TYPO-1')).toBeNull()
    expect(await db().$count(stockBalances)).toBe(rows)
    expect(await db().$count(stockMoves)).toBe(moves)
    expect(await db().$count(auditLog, eq(auditLog.action, 'inventory.stock.counted'))).toBe(audits + 1)
  })

  it('keeps a place that had stock and was emptied: its row is its history', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const [p, sh] = await Promise.all([productId('EL-1003'), warehouseId('SH-MAIN')])
    // A lot new to the place is found only once a second person approves it.
    const found = await countStock(wh, { productId: p, warehouseId: sh, binId: null, batch: 'LOT-E', countedQuantity: '5', reason: 'found' })
    await approveCount(await actorFor('admin@acme.test'), found.countId)
    await countStock(wh, { productId: p, warehouseId: sh, binId: null, batch: 'LOT-E', countedQuantity: '0', reason: 'gone' })
    await countStock(wh, { productId: p, warehouseId: sh, binId: null, batch: 'LOT-E', countedQuantity: '0', reason: 'still gone' })
    expect(await balanceOf(p, sh, null, 'LOT-E')).toEqual({ onHand: 0, reserved: 0 })
    expect(await db().$count(stockMoves, and(eq(stockMoves.productId, p), eq(stockMoves.batch, 'LOT-E')))).toBe(2)
  })
})
