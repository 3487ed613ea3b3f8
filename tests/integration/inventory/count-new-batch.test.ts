// A count that finds a batch (or serial number) its place never held waits for a second person whatever the difference:
// a lot appearing from nowhere is what a count is there to flag, not found stock to post quietly within tolerance.
import { and, desc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, notifications, stockCounts, stockMoves, users } from '~db/schema'
import type { StaffActor } from '~/auth/roles'
import { countStock } from '~/domain/inventory/count-stock.server'
import { approveCount, rejectCount } from '~/domain/inventory/decide-count.server'
import { pendingCountsOf } from '~/domain/inventory/stock-counts.queries.server'
import { countHold } from '~/domain/inventory/stock.rules'
import { fixedT } from '~/i18n/i18next.server'
import { parseMessage } from '~/utils/validation'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { payload, routeArgs, statusOf } from '../catalog/helpers'
import { balanceOf, batchesIn, binId, ledgerBreaches, productId, warehouseId } from './helpers'

useTestDatabase({ seed: true })

const staff = async (email: string) => (await actorFor(email)) as StaffActor
const tag = Date.now().toString(36).toUpperCase()
const movesAt = (p: string, batch: string) => db().$count(stockMoves, and(eq(stockMoves.productId, p), eq(stockMoves.batch, batch)))
const bellsOf = async (email: string, kind: string) => {
  const [u] = await db().select({ id: users.id }).from(users).where(eq(users.email, email))
  return db().$count(notifications, and(eq(notifications.userId, u.id), eq(notifications.kind, kind)))
}
const lastNotice = async (kind: string) =>
  (await db().select({ params: notifications.params }).from(notifications).where(eq(notifications.kind, kind)).orderBy(desc(notifications.createdAt)).limit(1))[0]?.params

describe('a count of a batch the place never held', () => {
  it('is held however small, names the batch to the approvers and on the held line, and posts only once approved', async () => {
    const wh = await staff('warehouse@acme.test')
    const p = await productId('MT-2004') // batch-tracked
    const sh = await warehouseId('SH-MAIN')
    const lot = `NEW-${tag}`
    const bells = await bellsOf('admin@acme.test', 'stockCount.heldNewBatch')
    // Two units: well within the 5-unit floor that would post stock without a batch.
    const out = await countStock(wh, { productId: p, warehouseId: sh, binId: null, batch: lot, countedQuantity: '2', reason: 'Found on the floor' })
    expect(out).toMatchObject({ status: 'pending', hold: 'newBatch', batch: lot, moveId: null, difference: '2' })
    expect(await balanceOf(p, sh, null, lot)).toBeNull()
    expect(await movesAt(p, lot)).toBe(0)
    const [row] = await db().select().from(stockCounts).where(eq(stockCounts.id, out.countId))
    expect(row).toMatchObject({ status: 'pending', batch: lot, bookMoves: 0, bookQuantity: '0.0000', countedQuantity: '2.0000' })
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'inventory.count.held'), eq(auditLog.entityId, out.countId)))
    expect(audit.after).toMatchObject({ batch: lot, hold: 'newBatch', status: 'pending' })

    // The approvers are told it is a batch new to the place, not a plain difference, in both languages.
    expect(await bellsOf('admin@acme.test', 'stockCount.heldNewBatch')).toBe(bells + 1)
    expect(await bellsOf('warehouse@acme.test', 'stockCount.heldNewBatch')).toBe(0)
    const notice = await lastNotice('stockCount.heldNewBatch')
    expect(notice).toMatchObject({ sku: 'MT-2004', warehouse: 'SH-MAIN', batch: lot, difference: '+2' })
    expect((await fixedT('en', 'notifications'))('kinds.stockCount.heldNewBatch', notice as Record<string, string>)).toContain(`found batch ${lot}, which was never held there`)
    expect((await fixedT('zh-CN', 'notifications'))('kinds.stockCount.heldNewBatch', notice as Record<string, string>)).toContain(`发现批次 ${lot}`)

    // The held line carries what the page needs to say why: no move of the batch there when it was counted.
    const [pending] = (await pendingCountsOf(await staff('admin@acme.test'), p)).filter((r) => r.id === out.countId)
    expect(pending).toMatchObject({ batch: lot, bookMoves: 0, tracking: 'batch' })
    expect(countHold({ difference: pending.difference, book: pending.bookQuantity, batch: pending.batch, bookMoves: pending.bookMoves })).toBe('newBatch')
    expect((await fixedT('zh-CN', 'inventory'))('counts.newBatch', { batch: lot })).toBe(`此处从未存放批次 ${lot}`)
    expect((await fixedT('en', 'inventory'))('counts.newBatch', { batch: lot })).toBe(`Batch ${lot} was never held here`)

    await approveCount(await staff('finance@acme.test'), out.countId)
    expect(await balanceOf(p, sh, null, lot)).toEqual({ onHand: 2, reserved: 0 })

    // Held there since: counted away and found again within tolerance, it posts at once.
    expect(await countStock(wh, { productId: p, warehouseId: sh, binId: null, batch: lot, countedQuantity: '0', reason: 'Gone' })).toMatchObject({ status: 'posted', hold: null })
    expect(await countStock(wh, { productId: p, warehouseId: sh, binId: null, batch: lot, countedQuantity: '3', reason: 'Back' })).toMatchObject({ status: 'posted', hold: null })
    expect(await balanceOf(p, sh, null, lot)).toEqual({ onHand: 3, reserved: 0 })
    expect(await ledgerBreaches()).toEqual([])
  })

  it('is held for a bin that never held a lot its warehouse holds elsewhere; stock without a batch found at an empty place still posts', async () => {
    const wh = await staff('warehouse@acme.test')
    const p = await productId('MT-2004')
    const sz = await warehouseId('SZ-SOUTH')
    const s01 = await binId('SZ-SOUTH', 'S-01')
    const { batch } = (await batchesIn(p, sz)).find((b) => b.binId === null && b.onHand > 0)!
    expect(await balanceOf(p, sz, s01, batch)).toBeNull()
    const out = await countStock(wh, { productId: p, warehouseId: sz, binId: s01, batch, countedQuantity: '1', reason: 'Shelved by mistake' })
    expect(out).toMatchObject({ status: 'pending', hold: 'newBatch' })
    await rejectCount(await staff('admin@acme.test'), out.countId, { reason: 'Move it with a transfer' })
    expect(await balanceOf(p, sz, s01, batch)).toBeNull()

    // An untracked product's stray units at a place with nothing: no batch to be new, the tolerance alone judges.
    const pk = await productId('PK-3003')
    const e2 = await binId('SZ-SOUTH', 'S-02')
    expect(await countStock(wh, { productId: pk, warehouseId: sz, binId: e2, batch: null, countedQuantity: '2', reason: 'Stray' })).toMatchObject({ status: 'posted', hold: null })
  })

  it('is held for a serial number new to the place, and the approvers hear of the serial number', async () => {
    const wh = await staff('warehouse@acme.test')
    const p = await productId('AS-4003') // serial-tracked
    const sz = await warehouseId('SZ-SOUTH')
    const serial = `DX300-NEW-${tag}`
    const out = await countStock(wh, { productId: p, warehouseId: sz, binId: null, batch: serial, countedQuantity: '1', reason: 'Found in a corner' })
    expect(out).toMatchObject({ status: 'pending', hold: 'newBatch', batch: serial })
    expect(await lastNotice('stockCount.heldNewSerial')).toMatchObject({ sku: 'AS-4003', batch: serial })
    expect((await fixedT('zh-CN', 'inventory'))('counts.newSerial', { batch: serial })).toBe(`此处从未存放序列号 ${serial}`)
    await approveCount(await staff('admin@acme.test'), out.countId)
    expect(await balanceOf(p, sz, null, serial)).toEqual({ onHand: 1, reserved: 0 })
  })

  it('is answered on the product page with a toast that names the batch, not the difference', async () => {
    const wh = await staff('warehouse@acme.test')
    const p = await productId('MT-2005')
    const sh = await warehouseId('SH-MAIN')
    const lot = `TOAST-${tag}`
    const mod = await import('~/routes/console.inventory.$productId')
    const body = new URLSearchParams({ intent: 'count', warehouseId: sh, batch: lot, countedQuantity: '1', reason: 'Found' })
    const res = (await mod.action(routeArgs(wh, `/console/inventory/${p}`, { productId: p }, { method: 'POST', body }))) as Response
    expect(res.status).toBe(302)
    const cookie = decodeURIComponent(res.headers.get('Set-Cookie') ?? '')
    expect(cookie).toContain('inventory:toast.countHeldNewBatch')
    expect(cookie).toContain(lot)
  })
})

describe('a count larger than any stock form takes', () => {
  it('is refused on the counted quantity with the largest accepted, and nothing is held', async () => {
    const wh = await staff('warehouse@acme.test')
    const p = await productId('MT-2005')
    const sh = await warehouseId('SH-MAIN')
    const held = await db().$count(stockCounts)
    const mod = await import('~/routes/console.inventory.$productId')
    const body = new URLSearchParams({ intent: 'count', warehouseId: sh, batch: '2610-R17', countedQuantity: '99999999999999', reason: 'Typo' })
    const res = await mod.action(routeArgs(wh, `/console/inventory/${p}`, { productId: p }, { method: 'POST', body }))
    expect(await statusOf(async () => res)).toBe(400)
    const [message] = payload(res).submission.error.countedQuantity
    const [key, params] = parseMessage(message)
    expect((await fixedT('en', 'errors'))(key.replace(/^errors:/, ''), params)).toBe('This is too large: the most accepted is 9,999,999,999.9999.')
    expect(await db().$count(stockCounts)).toBe(held)
  })
})
