// Cycle counts with variance approval: within tolerance a count posts at once; beyond it the count waits for a second
// person, who approves (posting the difference, if the place has not moved since) or rejects it (nothing posted).
import { and, desc, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, notifications, stockBalances, stockCounts, stockMoves, users } from '~db/schema'
import type { StaffActor } from '~/auth/roles'
import { adjustStock } from '~/domain/inventory/adjust-stock.server'
import { countStock } from '~/domain/inventory/count-stock.server'
import { approveCount, rejectCount } from '~/domain/inventory/decide-count.server'
import { countListOptions } from '~/domain/inventory/count.validation'
import { listStockCounts, pendingCountsOf } from '~/domain/inventory/stock-counts.queries.server'
import { consoleOverview } from '~/domain/reports/console-overview.queries.server'
import { parseListParams } from '~/utils/list-params'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { codeOf, refusal } from '../../support/errors'
import { payload, routeArgs, statusOf } from '../catalog/helpers'
import { balanceOf, batchesIn, binId, ledgerBreaches, productId, reserve, warehouseId } from './helpers'

useTestDatabase({ seed: true })

const staff = async (email: string) => (await actorFor(email)) as StaffActor
const countRow = async (id: string) => (await db().select().from(stockCounts).where(eq(stockCounts.id, id)))[0]
const movesOf = (p: string) => db().$count(stockMoves, eq(stockMoves.productId, p))
const auditsOf = (action: string, entityId?: string) => db().$count(auditLog, and(eq(auditLog.action, action), entityId ? eq(auditLog.entityId, entityId) : undefined))
const bellsOf = async (email: string, kind: string) => {
  const [u] = await db().select({ id: users.id }).from(users).where(eq(users.email, email))
  return db().$count(notifications, and(eq(notifications.userId, u.id), eq(notifications.kind, kind)))
}

/** A count of the place without a bin `delta` away from its books: the product's largest lot there when it is batch-tracked. */
async function countBy(who: StaffActor, sku: string, warehouse: string, delta: number, reason = 'Cycle count') {
  const p = await productId(sku)
  const w = await warehouseId(warehouse)
  const { batch, onHand } = (await batchesIn(p, w)).filter((b) => b.binId === null).reduce((a, b) => (b.onHand > a.onHand ? b : a))
  const out = await countStock(who, { productId: p, warehouseId: w, binId: null, batch, countedQuantity: String(onHand + delta), reason })
  return { ...out, p, w, batch, onHand }
}

describe('a cycle count within tolerance', () => {
  it('posts at once as a count move, and is kept as a posted count', async () => {
    const wh = await staff('warehouse@acme.test')
    // MT-2004's lot 2610-H17 in SZ-SOUTH: 108 kg on the books, so up to 5.4 posts at once.
    const moves = await movesOf(await productId('MT-2004'))
    const c = await countBy(wh, 'MT-2004', 'SZ-SOUTH', -5)
    expect(c).toMatchObject({ status: 'posted', difference: '-5', batch: '2610-H17' })
    expect((await balanceOf(c.p, c.w, null, c.batch))!.onHand).toBe(c.onHand - 5)
    expect(await movesOf(c.p)).toBe(moves + 1)
    const [move] = await db().select().from(stockMoves).where(eq(stockMoves.id, c.moveId!))
    expect(move).toMatchObject({ kind: 'count', quantity: '-5.0000', batch: '2610-H17', referenceType: 'stock_count', referenceId: c.countId, actorUserId: wh.userId })
    expect(await countRow(c.countId)).toMatchObject({ status: 'posted', batch: '2610-H17', countedQuantity: String(c.onHand - 5) + '.0000', bookQuantity: String(c.onHand) + '.0000', difference: '-5.0000', moveId: c.moveId, decidedBy: null })
    expect(await auditsOf('inventory.count.held', c.countId)).toBe(0)
    expect(await ledgerBreaches()).toEqual([])
  })
})

describe('a cycle count beyond tolerance', () => {
  it('is held: the books, the ledger and the balance rows stay as they were, and the approvers are told', async () => {
    const wh = await staff('warehouse@acme.test')
    const p = await productId('MT-2004')
    const sh = await warehouseId('SH-MAIN')
    // Its largest lot there, 208 kg: up to 10.4 posts at once.
    const before = { balance: await balanceOf(p, sh, null, '2610-H17'), moves: await movesOf(p), rows: await db().$count(stockBalances) }
    const bells = { admin: await bellsOf('admin@acme.test', 'stockCount.held'), finance: await bellsOf('finance@acme.test', 'stockCount.held'), wh: await bellsOf('warehouse@acme.test', 'stockCount.held') }
    const c = await countBy(wh, 'MT-2004', 'SH-MAIN', -40, 'Shelf A short')
    expect(c).toMatchObject({ status: 'pending', moveId: null, difference: '-40', batch: '2610-H17' })
    expect({ balance: await balanceOf(p, sh, null, '2610-H17'), moves: await movesOf(p), rows: await db().$count(stockBalances) }).toEqual(before)
    expect(await countRow(c.countId)).toMatchObject({ status: 'pending', difference: '-40.0000', reason: 'Shelf A short', countedBy: wh.userId, moveId: null })
    // One state change, one audit row (AU1): the held count's, none for the product's stock, which did not change.
    expect(await auditsOf('inventory.count.held', c.countId)).toBe(1)
    const [held] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'inventory.count.held'), eq(auditLog.entityId, c.countId)))
    expect(held.after).toMatchObject({ sku: 'MT-2004', warehouse: 'SH-MAIN', status: 'pending', difference: '-40', reason: 'Shelf A short' })
    expect(Number((held.after as { book: string }).book)).toBe(before.balance!.onHand)
    expect(await db().$count(auditLog, and(eq(auditLog.action, 'inventory.stock.counted'), sql`${auditLog.after}->>'countId' = ${c.countId}`))).toBe(0)
    // Admins and finance hold inventory.approveCounts; the counter is never asked.
    expect(await bellsOf('admin@acme.test', 'stockCount.held')).toBe(bells.admin + 1)
    expect(await bellsOf('finance@acme.test', 'stockCount.held')).toBe(bells.finance + 1)
    expect(await bellsOf('warehouse@acme.test', 'stockCount.held')).toBe(bells.wh)
    // The notice carries the difference signed either way: a bare 40 would read as a quantity, not a loss or a gain.
    const [notice] = await db().select({ params: notifications.params }).from(notifications).where(eq(notifications.kind, 'stockCount.held')).orderBy(desc(notifications.createdAt)).limit(1)
    expect(notice.params).toMatchObject({ sku: 'MT-2004', warehouse: 'SH-MAIN', difference: '-40' })
  })

  it('leaves no balance row behind when stock found where the books have none waits', async () => {
    const wh = await staff('warehouse@acme.test')
    const p = await productId('EL-1003')
    const sh = await warehouseId('SH-MAIN')
    const a02 = await binId('SH-MAIN', 'A-02')
    const out = await countStock(wh, { productId: p, warehouseId: sh, binId: a02, batch: 'LOT-FOUND', countedQuantity: '12', reason: 'Found behind A-02' })
    expect(out.status).toBe('pending')
    expect(await balanceOf(p, sh, a02, 'LOT-FOUND')).toBeNull()
    // Approved, the place opens with what was counted.
    await approveCount(await staff('finance@acme.test'), out.countId)
    expect(await balanceOf(p, sh, a02, 'LOT-FOUND')).toEqual({ onHand: 12, reserved: 0 })
  })
})

describe('approving a held count', () => {
  it('posts its difference as a count move by the approver, and tells the counter', async () => {
    const wh = await staff('warehouse@acme.test')
    const admin = await staff('admin@acme.test')
    const c = await countBy(wh, 'PK-3004', 'SZ-SOUTH', 30, 'Pallet found in receiving')
    const moves = await movesOf(c.p)
    const told = await bellsOf('warehouse@acme.test', 'stockCount.approved')
    const out = await approveCount(admin, c.countId)
    expect(out).toMatchObject({ sku: 'PK-3004', difference: '30' })
    expect((await balanceOf(c.p, c.w, null, c.batch))!.onHand).toBe(c.onHand + 30)
    expect(await movesOf(c.p)).toBe(moves + 1)
    const [move] = await db().select().from(stockMoves).where(eq(stockMoves.id, out.moveId))
    expect(move).toMatchObject({ kind: 'count', quantity: '30.0000', reason: 'Pallet found in receiving', referenceType: 'stock_count', referenceId: c.countId, actorUserId: admin.userId })
    expect(await countRow(c.countId)).toMatchObject({ status: 'approved', decidedBy: admin.userId, moveId: out.moveId })
    expect(await auditsOf('inventory.count.approved', c.countId)).toBe(1)
    expect(await bellsOf('warehouse@acme.test', 'stockCount.approved')).toBe(told + 1)
    const [notice] = await db().select({ params: notifications.params }).from(notifications).where(eq(notifications.kind, 'stockCount.approved')).orderBy(desc(notifications.createdAt)).limit(1)
    expect(notice.params).toMatchObject({ sku: 'PK-3004', difference: '+30' })
    expect(await ledgerBreaches()).toEqual([])
    // Decided once: a second decision is a conflict and changes nothing.
    expect(await codeOf(approveCount(await staff('finance@acme.test'), c.countId))).toBe('conflict')
    expect(await codeOf(rejectCount(await staff('finance@acme.test'), c.countId, { reason: 'late' }))).toBe('conflict')
    expect(await movesOf(c.p)).toBe(moves + 1)
  })

  it('refuses the counter their own count (403, on record), even when they hold the permission', async () => {
    const admin = await staff('admin@acme.test')
    const c = await countBy(admin, 'PK-3001', 'SZ-SOUTH', -50)
    expect(c.status).toBe('pending')
    const denied = await db().$count(auditLog, and(eq(auditLog.action, 'inventory.count.approve'), eq(auditLog.outcome, 'denied'), eq(auditLog.entityId, c.countId)))
    const err = await refusal(approveCount(admin, c.countId))
    expect([err.code, err.messageKey]).toEqual(['forbidden', 'inventory:errors.ownCount'])
    expect(await codeOf(rejectCount(admin, c.countId, { reason: 'my mistake' }))).toBe('forbidden')
    expect(await db().$count(auditLog, and(eq(auditLog.action, 'inventory.count.approve'), eq(auditLog.outcome, 'denied'), eq(auditLog.entityId, c.countId)))).toBe(denied + 1)
    expect((await countRow(c.countId)).status).toBe('pending')
    expect((await balanceOf(c.p, c.w, null, c.batch))!.onHand).toBe(c.onHand)
    // Through the page too: the counts list answers 403 with the reason, and nothing moves.
    const mod = await import('~/routes/console.inventory.counts')
    const res = await mod.action(routeArgs(admin, '/console/inventory/counts', {}, { method: 'POST', body: new URLSearchParams({ intent: 'approveCount', countId: c.countId }) }))
    expect(await statusOf(async () => res)).toBe(403)
    expect(payload(res).submission.error['']).toEqual(['inventory:errors.ownCount'])
    // Another person may.
    await approveCount(await staff('finance@acme.test'), c.countId)
    expect((await balanceOf(c.p, c.w, null, c.batch))!.onHand).toBe(c.onHand - 50)
  })

  it('refuses a count whose place moved since as stale, even when the moves add up to nothing', async () => {
    const wh = await staff('warehouse@acme.test')
    const admin = await staff('admin@acme.test')
    const c = await countBy(wh, 'PK-3002', 'SZ-SOUTH', -30)
    await adjustStock(wh, { productId: c.p, warehouseId: c.w, binId: null, batch: null, quantity: '2', reason: 'Return' })
    await adjustStock(wh, { productId: c.p, warehouseId: c.w, binId: null, batch: null, quantity: '-2', reason: 'Return booked twice' })
    const moves = await movesOf(c.p)
    const [list] = (await listStockCounts(admin, parseListParams('http://x/?status=pending', countListOptions))).rows.filter((r) => r.id === c.countId)
    expect(list.stale).toBe(true)
    const err = await refusal(approveCount(admin, c.countId))
    expect([err.code, err.messageKey]).toEqual(['conflict', 'inventory:errors.countStale'])
    expect((await countRow(c.countId)).status).toBe('pending')
    expect({ onHand: (await balanceOf(c.p, c.w, null, c.batch))!.onHand, moves: await movesOf(c.p) }).toEqual({ onHand: c.onHand, moves })
    // A move at another place of the product does not make it stale.
    const fresh = await countBy(wh, 'PK-3002', 'SH-MAIN', -60)
    await adjustStock(wh, { productId: c.p, warehouseId: c.w, binId: null, batch: null, quantity: '1', reason: 'Elsewhere' })
    await approveCount(admin, fresh.countId)
    expect((await balanceOf(fresh.p, fresh.w, null, fresh.batch))!.onHand).toBe(fresh.onHand - 60)
  })

  it('still refuses to count below what is reserved at approval time', async () => {
    const wh = await staff('warehouse@acme.test')
    const c = await countBy(wh, 'MT-2002', 'SZ-SOUTH', -70)
    expect(c.status).toBe('pending')
    // Reserved since the count (a reservation is no move: the count is not stale).
    await reserve(c.p, c.w, c.onHand - 50, c.batch)
    try {
      const err = await refusal(approveCount(await staff('admin@acme.test'), c.countId))
      expect([err.code, err.messageKey]).toEqual(['conflict', `inventory:errors.countBelowReserved|${JSON.stringify({ reserved: String(c.onHand - 50) })}`])
      expect((await countRow(c.countId)).status).toBe('pending')
    } finally {
      await reserve(c.p, c.w, -(c.onHand - 50), c.batch)
    }
  })

  it('posts once when several approve the same count at the same moment', async () => {
    const wh = await staff('warehouse@acme.test')
    const c = await countBy(wh, 'MT-2003', 'SZ-SOUTH', 60)
    const moves = await movesOf(c.p)
    const approvers = [await staff('admin@acme.test'), await staff('finance@acme.test'), await staff('admin@acme.test')]
    const outcomes = await Promise.all(approvers.map((a) => codeOf(approveCount(a, c.countId))))
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1)
    expect(outcomes.filter((o) => o === 'conflict')).toHaveLength(2)
    expect(await movesOf(c.p)).toBe(moves + 1)
    expect((await balanceOf(c.p, c.w, null, c.batch))!.onHand).toBe(c.onHand + 60)
    expect(await auditsOf('inventory.count.approved', c.countId)).toBe(1)
    expect(await ledgerBreaches()).toEqual([])
  })

  it('never posts a count over a move that reached the place first, whichever wins the row lock', async () => {
    const wh = await staff('warehouse@acme.test')
    const admin = await staff('admin@acme.test')
    for (const sku of ['MT-2001', 'MT-2005']) {
      const c = await countBy(wh, sku, 'SZ-SOUTH', 40)
      const [approved, adjusted] = await Promise.all([codeOf(approveCount(admin, c.countId)), codeOf(adjustStock(wh, { productId: c.p, warehouseId: c.w, binId: null, batch: c.batch, quantity: '-3', reason: 'Damaged' }))])
      expect(adjusted).toBe('ok')
      const row = await countRow(c.countId)
      // Approved first: the count's difference, then the adjustment. The adjustment first: the count is stale and waits.
      if (approved === 'ok') expect([row.status, (await balanceOf(c.p, c.w, null, c.batch))!.onHand]).toEqual(['approved', c.onHand + 40 - 3])
      else expect([approved, row.status, (await balanceOf(c.p, c.w, null, c.batch))!.onHand]).toEqual(['conflict', 'pending', c.onHand - 3])
    }
    expect(await ledgerBreaches()).toEqual([])
  })
})

describe('rejecting a held count', () => {
  it('writes nothing to the ledger, keeps the reason and tells the counter', async () => {
    const wh = await staff('warehouse@acme.test')
    const finance = await staff('finance@acme.test')
    const c = await countBy(wh, 'PK-3003', 'SZ-SOUTH', -25)
    const moves = await movesOf(c.p)
    const told = await bellsOf('warehouse@acme.test', 'stockCount.rejected')
    await rejectCount(finance, c.countId, { reason: '  Recount aisle 3 first  ' })
    expect(await countRow(c.countId)).toMatchObject({ status: 'rejected', decidedBy: finance.userId, decisionReason: 'Recount aisle 3 first', moveId: null })
    expect({ onHand: (await balanceOf(c.p, c.w, null, c.batch))!.onHand, moves: await movesOf(c.p) }).toEqual({ onHand: c.onHand, moves })
    expect(await auditsOf('inventory.count.rejected', c.countId)).toBe(1)
    expect(await bellsOf('warehouse@acme.test', 'stockCount.rejected')).toBe(told + 1)
    expect(await codeOf(approveCount(await staff('admin@acme.test'), c.countId))).toBe('conflict')
  })

  it('needs a reason (400 on the page, nothing decided)', async () => {
    const wh = await staff('warehouse@acme.test')
    const admin = await staff('admin@acme.test')
    const c = await countBy(wh, 'AS-4005', 'SZ-SOUTH', -30)
    const mod = await import('~/routes/console.inventory.counts')
    const res = await mod.action(routeArgs(admin, '/console/inventory/counts', {}, { method: 'POST', body: new URLSearchParams({ intent: 'rejectCount', countId: c.countId, reason: ' ' }) }))
    expect(await statusOf(async () => res)).toBe(400)
    expect((await countRow(c.countId)).status).toBe('pending')
    // Decided from the product's page, with the reason, it answers with the page and a toast.
    const page = await import('~/routes/console.inventory.$productId')
    const done = await page.action(routeArgs(admin, `/console/inventory/${c.p}`, { productId: c.p }, { method: 'POST', body: new URLSearchParams({ intent: 'rejectCount', countId: c.countId, reason: 'Wrong shelf counted' }) }))
    expect(await statusOf(async () => done)).toBe(302)
    expect((await countRow(c.countId)).status).toBe('rejected')
  })
})

describe('who may see and decide counts', () => {
  const routes = {
    list: () => import('~/routes/console.inventory.counts'),
    product: () => import('~/routes/console.inventory.$productId'),
  }

  it('refuses suppliers and dealers the counts list and every decision with 403, changing nothing', async () => {
    const wh = await staff('warehouse@acme.test')
    const c = await countBy(wh, 'PK-3005', 'SZ-SOUTH', -40)
    const list = await routes.list()
    const product = await routes.product()
    for (const email of ['alice@bright.test', 'dave@north.test', 'dora@north.test']) {
      const actor = await actorFor(email)
      expect(await statusOf(() => list.loader(routeArgs(actor, '/console/inventory/counts'))), email).toBe(403)
      for (const intent of ['approveCount', 'rejectCount']) {
        const body = () => new URLSearchParams({ intent, countId: c.countId, reason: 'x' })
        expect(await statusOf(async () => list.action(routeArgs(actor, '/console/inventory/counts', {}, { method: 'POST', body: body() }))), `${email} ${intent}`).toBe(403)
        expect(await statusOf(async () => product.action(routeArgs(actor, `/console/inventory/${c.p}`, { productId: c.p }, { method: 'POST', body: body() }))), `${email} ${intent}`).toBe(403)
      }
    }
    expect((await countRow(c.countId)).status).toBe('pending')
  })

  it('lets every staff member see counts, and only admin and finance decide them', async () => {
    const wh = await staff('warehouse@acme.test')
    const c = await countBy(wh, 'MT-2001', 'SH-MAIN', -40)
    const list = await routes.list()
    for (const email of ['buyer@acme.test', 'sales@acme.test', 'sales.manager@acme.test', 'warehouse@acme.test', 'finance@acme.test', 'admin@acme.test']) {
      const actor = await staff(email)
      const page: any = await list.loader(routeArgs(actor, '/console/inventory/counts'))
      expect(page.rows.map((r: any) => r.id), email).toContain(c.countId)
      expect(page.viewer.canDecide, email).toBe(['finance@acme.test', 'admin@acme.test'].includes(email))
    }
    for (const email of ['buyer@acme.test', 'sales.manager@acme.test', 'warehouse@acme.test']) {
      const actor = await staff(email)
      expect(await statusOf(async () => list.action(routeArgs(actor, '/console/inventory/counts', {}, { method: 'POST', body: new URLSearchParams({ intent: 'approveCount', countId: c.countId }) }))), email).toBe(403)
      // Called directly, the command refuses too, and the attempt is on record.
      const denied = await db().$count(auditLog, and(eq(auditLog.action, 'inventory.count.approve'), eq(auditLog.outcome, 'denied'), eq(auditLog.actorUserId, actor.userId)))
      expect(await codeOf(approveCount(actor, c.countId)), email).toBe('forbidden')
      expect(await db().$count(auditLog, and(eq(auditLog.action, 'inventory.count.approve'), eq(auditLog.outcome, 'denied'), eq(auditLog.actorUserId, actor.userId)))).toBe(denied + 1)
    }
    expect((await countRow(c.countId)).status).toBe('pending')
  })

  it('needs the session action token to decide, and answers 404 for a count nobody has', async () => {
    const admin = await staff('admin@acme.test')
    const wh = await staff('warehouse@acme.test')
    const c = await countBy(wh, 'PK-3004', 'SH-MAIN', -40)
    const list = await routes.list()
    const body = new URLSearchParams({ intent: 'approveCount', countId: c.countId })
    expect(await statusOf(async () => list.action(routeArgs(admin, '/console/inventory/counts', {}, { method: 'POST', body }, { withoutActionToken: true })))).toBe(403)
    expect((await countRow(c.countId)).status).toBe('pending')
    const nobody = new URLSearchParams({ intent: 'approveCount', countId: '00000000-0000-4000-8000-000000000000' })
    expect(await statusOf(async () => list.action(routeArgs(admin, '/console/inventory/counts', {}, { method: 'POST', body: nobody })))).toBe(404)
  })
})

describe('the approvers’ queue', () => {
  it('counts on the home page exactly the pending counts its link lists: those the approver may decide, not their own', async () => {
    const admin = await staff('admin@acme.test')
    await countBy(await staff('warehouse@acme.test'), 'AS-4004', 'SZ-SOUTH', -40)
    const tileOf = async () => (await consoleOverview(admin)).work.find((w) => w.key === 'countsToApprove')!
    const tile = await tileOf()
    expect(tile.to).toBe('/console/inventory/counts?status=pending&by=others')
    const listed = await listStockCounts(admin, parseListParams(new URL(tile.to, 'http://localhost'), countListOptions))
    expect(tile.count).toBeGreaterThan(0)
    expect(listed.total).toBe(tile.count)
    expect(listed.rows.every((r) => r.status === 'pending' && r.countedById !== admin.userId)).toBe(true)
    expect(await db().$count(stockCounts, sql`${stockCounts.status} = 'pending' and ${stockCounts.countedBy} <> ${admin.userId}`)).toBe(tile.count)
    // The admin's own count beyond tolerance waits for someone else: on the list of every pending count, not in the queue.
    const own = await countBy(admin, 'AS-4004', 'SH-MAIN', -40, 'Admin’s own count')
    expect((await countRow(own.countId)).status).toBe('pending')
    expect((await tileOf()).count).toBe(tile.count)
    const everyone = await listStockCounts(admin, parseListParams('http://x/?status=pending', countListOptions))
    expect(everyone.rows.map((r) => r.id)).toContain(own.countId)
    expect(everyone.total).toBe(tile.count + 1)
    const finance = await staff('finance@acme.test')
    expect((await consoleOverview(finance)).work.find((w) => w.key === 'countsToApprove')!.count).toBe(tile.count + 1)
    // Not a queue of those who cannot decide.
    expect((await consoleOverview(await staff('warehouse@acme.test'))).work.map((w) => w.key)).not.toContain('countsToApprove')
    // `all` lists every status.
    const all = await listStockCounts(admin, parseListParams('http://x/?status=all', countListOptions))
    expect(all.total).toBe(await db().$count(stockCounts))
    // The queries check the viewer themselves too, not only through the route's guard.
    const outsider = { ...admin, roles: new Set([]) } as unknown as StaffActor
    expect(await codeOf(listStockCounts(outsider, parseListParams('http://x/?status=all', countListOptions)))).toBe('forbidden')
    expect(await codeOf(pendingCountsOf(outsider, all.rows[0].productId))).toBe('forbidden')
  })
})
