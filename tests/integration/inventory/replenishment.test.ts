// Reorder point and safety stock (product spec §9): computed from a warehouse's shipments and the lead
// time or set by hand; below it, exactly one purchase requisition is raised, for the buyers.
import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { db, rawRows } from '~db/client'
import { auditLog, notifications, products, replenishmentRules, requisitions, stockMoves, users } from '~db/schema'
import { transact } from '~db/transaction'
import type { Actor } from '~/auth/roles'
import { fixedT } from '~/i18n/i18next.server'
import { adjustStock } from '~/domain/inventory/adjust-stock.server'
import { applyMove } from '~/domain/inventory/ledger.server'
import { getProductReplenishment } from '~/domain/inventory/replenishment.queries.server'
import { computeFigures, orderQuantity, usageStats } from '~/domain/inventory/replenishment.rules'
import { raiseReorderRequisitions, recomputeProductReplenishment, saveReplenishmentRule } from '~/domain/inventory/replenishment.server'
import type { ReplenishmentInput } from '~/domain/inventory/replenishment.validation'
import { unitName } from '~/i18n/units'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { jobHandlers, jobSchedules } from '~/jobs/registry.server'
import { D } from '~/utils/money'
import { parseMessage } from '~/utils/validation'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { codeOf, dbErrorOf } from '../../support/errors'
import { renderRoute, textsByTestId } from '../../support/render-route'
import { payload, routeArgs, statusOf } from '../catalog/helpers'
import { order } from '../orders/helpers'
import { batchesIn, productId, totalIn, warehouseId } from './helpers'

useTestDatabase({ seed: true })

const settings = (warehouseId: string, extra: Partial<ReplenishmentInput> = {}): ReplenishmentInput => ({
  warehouseId,
  enabled: true,
  leadTimeDays: 14,
  serviceLevel: 95,
  manual: false,
  safetyStock: null,
  reorderPoint: null,
  orderUpTo: null,
  minOrderQty: null,
  orderMultiple: null,
  ...extra,
})

/**
 * A shipment written through the ledger, dated `daysAgo` days back (usage history): taken from the product's rows in the
 * order orders take them (a serial-tracked product's a unit per serial number).
 */
async function shippedDaysAgo(sku: string, warehouse: string, quantity: number, daysAgo: number) {
  const [p, w] = [await productId(sku), await warehouseId(warehouse)]
  let left = quantity
  const takes = (await batchesIn(p, w)).flatMap((b) => {
    const take = Math.min(left, b.onHand - b.reserved)
    left -= take
    return take > 0 ? [{ ...b, take }] : []
  })
  expect(left).toBe(0)
  await transact(async ({ tx }) => {
    for (const t of takes) {
      const m = await applyMove(tx, { kind: 'shipment', productId: p, warehouseId: w, binId: t.binId, batch: t.batch, quantity: `-${t.take}`, reason: 'usage history' }, null)
      await tx.update(stockMoves).set({ createdAt: sql`now() - make_interval(days => ${daysAgo})` }).where(eq(stockMoves.id, m.moveId))
    }
  })
}

async function reorderRequisitions(productId: string, warehouseId: string) {
  return rawRows<{ id: string; number: string; status: string; quantity: string; source_id: string }>(
    db(),
    sql`select q.id, q.number, q.status::text as status, trim_scale(rl.quantity)::text as quantity, q.source_id
        from requisitions q join requisition_lines rl on rl.requisition_id = q.id
        where q.source_type = 'reorder' and rl.product_id = ${productId} and rl.warehouse_id = ${warehouseId}
        order by q.created_at, q.number`,
  )
}

async function bellsFor(number: string) {
  const rows = await db()
    .select({ email: users.email, link: notifications.link })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(eq(notifications.kind, 'requisition.reorderRaised'), sql`${notifications.params} ->> 'number' = ${number}`))
  return rows.map((r) => r.email).sort()
}

const available = async (p: string, w: string) => {
  const b = await totalIn(p, w)
  return b.onHand - b.reserved
}

describe('computed figures', () => {
  it('come from the warehouse’s shipments of the last 90 days and the lead time, as the pure rule computes them', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const p = await productId('AS-4001')
    const sh = await warehouseId('SH-MAIN')
    await shippedDaysAgo('AS-4001', 'SH-MAIN', 10, 5)
    await shippedDaysAgo('AS-4001', 'SH-MAIN', 20, 40)
    // Outside the window, and another warehouse: neither is this rule's usage.
    await shippedDaysAgo('AS-4001', 'SH-MAIN', 50, 100)
    await shippedDaysAgo('AS-4001', 'SZ-SOUTH', 7, 3)
    const saved = await saveReplenishmentRule(buyer, p, settings(sh, { leadTimeDays: 9 }))
    const expected = computeFigures(usageStats(['10', '20'], 90), { leadTimeDays: 9, serviceLevel: 95, wholeUnits: true })
    const [rule] = await db().select().from(replenishmentRules).where(eq(replenishmentRules.id, saved.ruleId))
    const stored = { safetyStock: rule.safetyStock, reorderPoint: rule.reorderPoint, avgDailyUsage: rule.avgDailyUsage!, usageStdDev: rule.usageStdDev! }
    expect(Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, new D(v).toFixed()]))).toEqual(expected)
    expect(saved.raised).toEqual([])
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'inventory.replenishment.saved'), eq(auditLog.entityId, p)))
    expect(audit).toMatchObject({ actorUserId: buyer.userId, before: null })
    expect(audit.after).toMatchObject({ warehouse: 'SH-MAIN', leadTimeDays: 9, manual: false, reorderPoint: expected.reorderPoint })

    // More shipped today: recomputed on demand (and by the nightly job), the reorder point rises.
    await shippedDaysAgo('AS-4001', 'SH-MAIN', 60, 0)
    const again = await recomputeProductReplenishment(buyer, p)
    const now = computeFigures(usageStats(['10', '20', '60'], 90), { leadTimeDays: 9, serviceLevel: 95, wholeUnits: true })
    expect(again.rules.find((r) => r.warehouse === 'SH-MAIN')).toMatchObject({ reorderPoint: now.reorderPoint, safetyStock: now.safetyStock, avgDailyUsage: now.avgDailyUsage })
    expect(Number(now.reorderPoint)).toBeGreaterThan(Number(expected.reorderPoint))
  })

  it('count the window’s 90 days only, not a shipment committed after the transaction began, past midnight', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const [p, sh] = [await productId('PK-3003'), await warehouseId('SH-MAIN')]
    // One a day on each of the window's days, and one dated tomorrow (in Shanghai): what a shipment committed just
    // after midnight looks like to a save or a nightly run whose now() is still yesterday's.
    await transact(async ({ tx }) => {
      for (let daysAgo = -1; daysAgo < 90; daysAgo++) {
        const m = await applyMove(tx, { kind: 'shipment', productId: p, warehouseId: sh, binId: null, batch: null, quantity: '-1', reason: 'usage history' }, null)
        await tx.update(stockMoves).set({ createdAt: sql`now() - make_interval(days => ${daysAgo})` }).where(eq(stockMoves.id, m.moveId))
      }
    })
    const saved = await saveReplenishmentRule(buyer, p, settings(sh, { leadTimeDays: 14 }))
    expect(saved.reorderPoint).toBe(computeFigures(usageStats(Array(90).fill('1'), 90), { leadTimeDays: 14, serviceLevel: 95, wholeUnits: true }).reorderPoint)
    await jobHandlers['inventory.reorderRecompute']({})
    const [rule] = await db().select().from(replenishmentRules).where(eq(replenishmentRules.id, saved.ruleId))
    expect([new D(rule.avgDailyUsage!).toFixed(), new D(rule.usageStdDev!).toFixed(), new D(rule.reorderPoint).toFixed()]).toEqual(['1', '0', '14'])
  })

  it('of a manual rule keep the buyer’s figures through every recomputation, with the usage beside them', async () => {
    const buyer = await actorFor('buyer.manager@acme.test')
    const p = await productId('AS-4001')
    const sz = await warehouseId('SZ-SOUTH')
    await saveReplenishmentRule(buyer, p, settings(sz, { manual: true, safetyStock: '3', reorderPoint: '5' }))
    await jobHandlers['inventory.reorderRecompute']({})
    const [rule] = await db().select().from(replenishmentRules).where(and(eq(replenishmentRules.productId, p), eq(replenishmentRules.warehouseId, sz)))
    expect([rule.manual, rule.safetyStock, rule.reorderPoint, rule.avgDailyUsage]).toEqual([true, '3.0000', '5.0000', usageStats(['7'], 90).mean.toDecimalPlaces(4).toFixed(4)])
    expect(jobSchedules['inventory.reorderRecompute']).toBe('30 18 * * *')
    expect(jobSchedules['inventory.reorderSweep']).toBeDefined()
  })
})

describe('the trigger', () => {
  it('raises one requisition for the buyers when a stock move takes the position below the reorder point, and no second while it is open', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('PK-3002')
    const sh = await warehouseId('SH-MAIN')
    const start = await available(p, sh)
    const rop = String(start - 5)
    const saved = await saveReplenishmentRule(buyer, p, settings(sh, { manual: true, safetyStock: '20', reorderPoint: rop, orderUpTo: String(start + 100), orderMultiple: '10' }))
    expect(saved.raised).toEqual([])
    expect(await reorderRequisitions(p, sh)).toEqual([])

    await adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, quantity: '-10', reason: 'Damaged in the rain' })
    // Checked after the adjustment's commit, before its answer: up to the order-up-to level from start − 10.
    const [raised] = await reorderRequisitions(p, sh)
    expect(raised).toMatchObject({ status: 'open', quantity: '110', source_id: saved.ruleId })
    expect(await bellsFor(raised.number)).toEqual(['admin@acme.test', 'buyer.manager@acme.test', 'buyer@acme.test'])
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'requisition.created'), eq(auditLog.entityId, raised.id)))
    expect(audit).toMatchObject({ actorKind: 'system', entityType: 'requisition' })
    expect(audit.after).toMatchObject({ number: raised.number, source: { type: 'reorder', ruleId: saved.ruleId }, lines: [{ sku: 'PK-3002', warehouse: 'SH-MAIN', quantity: '110' }], position: String(start - 10), reorderPoint: rop })

    // The open requisition counts in the position and is one per rule: more going out raises nothing more.
    await adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, quantity: '-150', reason: 'Written off' })
    expect(await raiseReorderRequisitions([p])).toEqual([])
    expect(await reorderRequisitions(p, sh)).toHaveLength(1)
    const page = (await getProductReplenishment((await actorFor('sales@acme.test')) as any, p))!.warehouses.find((w) => w.warehouseCode === 'SH-MAIN')!
    expect(page).toMatchObject({ onRequisition: '110', net: String(start - 160), position: String(start - 160 + 110), below: true, openReorder: { id: raised.id, number: raised.number, quantity: '110' } })

    // Approved by the buyers, it is no longer open but still on its way: it covers the position, and the next check
    // raises only for what it does not cover.
    await db().update(requisitions).set({ status: 'approved' }).where(eq(requisitions.id, raised.id))
    const [second] = await raiseReorderRequisitions([p])
    expect(second).toMatchObject({ sku: 'PK-3002', warehouse: 'SH-MAIN', quantity: orderQuantity(String(start - 160 + 110), { reorderPoint: rop, orderUpTo: String(start + 100), minOrderQty: null, orderMultiple: '10', wholeUnits: true }) })
    expect(second.quantity).toBe('150')
    expect(await reorderRequisitions(p, sh)).toHaveLength(2)
    // Cancelled, a requisition counts no more.
    await db().update(requisitions).set({ status: 'cancelled' }).where(sql`${requisitions.id} in (${raised.id}, ${second.id})`)
    const [third] = await raiseReorderRequisitions()
    expect(third).toMatchObject({ sku: 'PK-3002', quantity: '260' })
  })

  it('raises nothing for a rule switched off or a product withdrawn', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const p = await productId('PK-3004')
    const sh = await warehouseId('SH-MAIN')
    const huge = String((await available(p, sh)) + 1000)
    const off = await saveReplenishmentRule(buyer, p, settings(sh, { enabled: false, manual: true, safetyStock: '0', reorderPoint: huge }))
    expect(off.raised).toEqual([])
    expect(await raiseReorderRequisitions()).toEqual([])
    // Withdrawn, it is bought no more: switched on, its rule still raises nothing.
    await db().update(products).set({ active: false }).where(eq(products.id, p))
    try {
      await db().update(replenishmentRules).set({ enabled: true }).where(eq(replenishmentRules.id, off.ruleId))
      expect(await raiseReorderRequisitions()).toEqual([])
      expect(await reorderRequisitions(p, sh)).toEqual([])
    } finally {
      await db().update(replenishmentRules).set({ enabled: false }).where(eq(replenishmentRules.id, off.ruleId))
      await db().update(products).set({ active: true }).where(eq(products.id, p))
    }
  })

  it('raises once however many processes check at the same moment', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const p = await productId('EL-1005')
    const sh = await warehouseId('SH-MAIN')
    const saved = await saveReplenishmentRule(buyer, p, settings(sh, { manual: true, safetyStock: '0', reorderPoint: '1', orderUpTo: '1000' }))
    // The reorder point moved past the position without a check (as a crash after the commit would leave it).
    await db().update(replenishmentRules).set({ reorderPoint: String((await available(p, sh)) + 50) }).where(eq(replenishmentRules.id, saved.ruleId))
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? raiseReorderRequisitions([p]) : raiseReorderRequisitions())))
    expect(results.flat().filter((r) => r.productId === p)).toHaveLength(1)
    expect(await reorderRequisitions(p, sh)).toHaveLength(1)
    // Behind the row lock, the partial unique index: a second open reorder requisition for the rule cannot be written at all.
    expect(await dbErrorOf(rawRows(db(), sql`insert into requisitions (number, status, source_type, source_id) values ('PR-TEST-DUP', 'open', 'reorder', ${saved.ruleId})`))).toMatch(/requisitions_open_reorder_uq/)
  })

  it('never fails the stock change that ran it, and one rule it cannot raise holds back no other', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const wh = await actorFor('warehouse@acme.test')
    const p = await productId('PK-3001')
    const [sh, sz] = [await warehouseId('SH-MAIN'), await warehouseId('SZ-SOUTH')]
    // Shanghai's rule, checked first (by warehouse code), asks for more than a requisition line can hold: at least
    // 99,999,999,999,999 in sevens is 100,000,000,000,005, past numeric(18,4). Shenzhen's asks for 100.
    const huge = await saveReplenishmentRule(buyer, p, settings(sh, { manual: true, safetyStock: '0', reorderPoint: '1', minOrderQty: '99999999999999', orderMultiple: '7' }))
    const fine = await saveReplenishmentRule(buyer, p, settings(sz, { manual: true, safetyStock: '0', reorderPoint: '1', minOrderQty: '100' }))
    // Both fall below their reorder points without a check (as a crash after a commit would leave them).
    for (const [rule, w] of [[huge.ruleId, sh], [fine.ruleId, sz]] as const) {
      await db().update(replenishmentRules).set({ reorderPoint: String((await available(p, w)) + 10) }).where(eq(replenishmentRules.id, rule))
    }
    const before = await available(p, sh)
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      // The adjustment is committed and answered as such, whatever its after-commit check met.
      await expect(adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, quantity: '1', reason: 'Found on the dock' })).resolves.toBeDefined()
      expect(await available(p, sh)).toBe(before + 1)
      expect(logged.mock.calls.some(([what]) => String(what).includes('PK-3001 in SH-MAIN'))).toBe(true)
    } finally {
      logged.mockRestore()
    }
    expect(await reorderRequisitions(p, sh)).toEqual([])
    expect(await reorderRequisitions(p, sz)).toMatchObject([{ status: 'open', quantity: '100', source_id: fine.ruleId }])
    // Switched off, the rule that cannot be raised leaves the sweep alone.
    await db().update(replenishmentRules).set({ enabled: false }).where(eq(replenishmentRules.id, huge.ruleId))
  })

  it('runs after an order’s reservation, which raises, and after its shipment, which moves on hand and reserved alike and raises nothing', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const wh = await actorFor('warehouse@acme.test')
    const erin = await actorFor('erin@east.test')
    const p = await productId('PK-3005')
    const sz = await warehouseId('SZ-SOUTH')
    const start = await available(p, sz)
    const saved = await saveReplenishmentRule(buyer, p, settings(sz, { manual: true, safetyStock: '0', reorderPoint: String(start - 5), orderUpTo: String(start + 100) }))
    expect(saved.raised).toEqual([])
    // Approved at submission, the order reserves 10: the dealer's own request ran the check before it answered.
    const placed = await order(erin, 'SZ-SOUTH', [['PK-3005', '10']])
    expect(placed.order.status).toBe('reserved')
    expect(await available(p, sz)).toBe(start - 10)
    expect(await reorderRequisitions(p, sz)).toMatchObject([{ status: 'open', quantity: '110', source_id: saved.ruleId }])
    const { pickOrder } = await import('~/domain/orders/pick-order.server')
    const { shipOrder } = await import('~/domain/orders/ship-order.server')
    const { orderLines } = await import('~/domain/orders/order-command.server')
    await pickOrder(wh, placed.order.id)
    const [line] = await orderLines(db(), placed.order.id)
    await shipOrder(wh, placed.order.id, { carrier: 'SF Express', trackingNumber: 'SF-REORDER-1', lines: [{ orderLineId: line.id, quantity: '10' }] })
    expect(await available(p, sz)).toBe(start - 10)
    expect(await reorderRequisitions(p, sz)).toHaveLength(1)
  })

  it('nets a backorder out of the position: its own requisition is no stock for anyone else', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const erin = await actorFor('erin@east.test')
    const p = await productId('AS-4003')
    const sz = await warehouseId('SZ-SOUTH')
    // None in Shenzhen: the order backorders 4 and its shortfall requisition asks for 4.
    const placed = await order(erin, 'SZ-SOUTH', [['AS-4003', '4']])
    expect(placed.order.status).toBe('approved')
    const saved = await saveReplenishmentRule(buyer, p, settings(sz, { manual: true, safetyStock: '1', reorderPoint: '3', orderUpTo: '20' }))
    // 0 on hand − 4 backordered + 4 on the shortfall requisition = 0 < 3: up to 20.
    expect(saved.raised).toMatchObject([{ sku: 'AS-4003', warehouse: 'SZ-SOUTH', quantity: '20' }])
    const sz4003 = (await getProductReplenishment((await actorFor('finance@acme.test')) as any, p))!.warehouses.find((w) => w.warehouseCode === 'SZ-SOUTH')!
    // Short there (net −4, below 3), and covered: the position with both requisitions is 20.
    expect(sz4003).toMatchObject({ onHand: '0', backordered: '4', onRequisition: '24', net: '-4', position: '20', below: true })
  })
})

describe('settings', () => {
  const url = (p: string) => `/console/inventory/${p}`
  const post = async (actor: Actor, p: string, fields: Record<string, string>) => {
    const mod = await import('~/routes/console.inventory.$productId')
    return mod.action(routeArgs(actor, url(p), { productId: p }, { method: 'POST', body: new URLSearchParams({ intent: 'replenishment', ...fields }) }))
  }
  const base = async (warehouse = 'SH-MAIN') => ({ warehouseId: await warehouseId(warehouse), enabled: 'on', leadTimeDays: '14', serviceLevel: '95' })
  const messageOf = async (res: unknown, field: string) => {
    const [message] = payload(res).submission.error[field]
    const [key, params] = parseMessage(message)
    return { key, en: (await fixedT('en', key.split(':')[0]))(key, params), zh: (await fixedT('zh-CN', key.split(':')[0]))(key, params) }
  }

  it('are refused field by field with messages in both languages, writing nothing', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const p = await productId('MT-2001')
    const rules = await db().$count(replenishmentRules)
    const lead = await post(buyer, p, { ...(await base()), leadTimeDays: '0' })
    expect(await statusOf(async () => lead)).toBe(400)
    expect(await messageOf(lead, 'leadTimeDays')).toEqual({ key: 'replenishment:errors.leadTime', en: 'Enter a whole number of days from 1 to 365.', zh: '请输入 1 至 365 之间的整数天数。' })
    for (const v of ['366', '7.5', '-3', 'abc']) expect(payload(await post(buyer, p, { ...(await base()), leadTimeDays: v })).submission.error.leadTimeDays, v).toHaveLength(1)

    const missing = await post(buyer, p, { ...(await base()), manual: 'on', safetyStock: '10' })
    expect((await messageOf(missing, 'reorderPoint')).en).toBe('Set by hand, this figure is needed.')
    const below = await post(buyer, p, { ...(await base()), manual: 'on', safetyStock: '10', reorderPoint: '5' })
    expect(await messageOf(below, 'reorderPoint')).toMatchObject({ zh: '再订货点包含安全库存，不能低于安全库存。' })
    const upTo = await post(buyer, p, { ...(await base()), manual: 'on', safetyStock: '10', reorderPoint: '1500', orderUpTo: '1200' })
    expect(await messageOf(upTo, 'orderUpTo')).toMatchObject({ en: 'Order up to a level above the reorder point (1,500).' })
    const level = await post(buyer, p, { ...(await base()), serviceLevel: '80' })
    expect(payload(level).submission.error.serviceLevel).toEqual(['errors:field.choose'])
    // Bolts are counted: a fraction is refused on its own field by the server.
    const fraction = await post(buyer, p, { ...(await base()), minOrderQty: '2.5' })
    expect(await statusOf(async () => fraction)).toBe(400)
    expect((await messageOf(fraction, 'minOrderQty')).en).toBe('MT-2001 is counted in whole units: enter a whole number.')
    // A computed reorder point is known only on the server: an order-up-to level at or below it is refused there (422).
    await shippedDaysAgo('MT-2001', 'SH-MAIN', 300, 1)
    const computedUpTo = await post(buyer, p, { ...(await base()), orderUpTo: '5' })
    expect(await statusOf(async () => computedUpTo)).toBe(422)
    expect((await messageOf(computedUpTo, 'orderUpTo')).key).toBe('replenishment:errors.upToBelowPoint')
    const unknown = await post(buyer, p, { ...(await base()), reorder_point: '1' })
    expect(await statusOf(async () => unknown)).toBe(400)
    expect(await db().$count(replenishmentRules)).toBe(rules)
  })

  it('take decimals for a product measured in them, and answer with a toast naming the raised requisition', async () => {
    const buyer = await actorFor('buyer.manager@acme.test')
    const p = await productId('MT-2004')
    const sz = await warehouseId('SZ-SOUTH')
    const res = await post(buyer, p, { ...(await base('SZ-SOUTH')), manual: 'on', safetyStock: '12.5', reorderPoint: String((await available(p, sz)) + 0.25), orderMultiple: '0.5' })
    expect(await statusOf(async () => res)).toBe(302)
    const [raised] = await reorderRequisitions(p, sz)
    expect(raised.quantity).toBe('0.5')
    expect(decodeURIComponent((res as Response).headers.get('set-cookie') ?? '')).toContain(`"key":"replenishment:toast.savedRaised","params":{"sku":"MT-2004","warehouse":"SZ-SOUTH","number":"${raised.number}"}`)
  })

  it('are recomputed from usage through the product page: the answer names the product, and the panel shows the new figures', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const p = await productId('PK-3002')
    const sz = await warehouseId('SZ-SOUTH')
    // Nothing else ships PK-3002 from Shenzhen: the usage is these shipments alone.
    await shippedDaysAgo('PK-3002', 'SZ-SOUTH', 10, 5)
    await saveReplenishmentRule(buyer, p, settings(sz, { leadTimeDays: 9 }))
    const figures = (usage: string[]) => computeFigures(usageStats(usage, 90), { leadTimeDays: 9, serviceLevel: 95, wholeUnits: true })
    const mod = await import('~/routes/console.inventory.$productId')
    const panelRow = async () => {
      const html = await renderRoute(mod.default, await mod.loader(routeArgs(buyer, url(p), { productId: p })), 'en', url(p))
      const row = /<tr[^>]*data-testid="reorder-row"[^>]*data-warehouse="SZ-SOUTH"[^>]*>([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? ''
      return { reorderPoint: textsByTestId(row, 'reorder-point'), safetyStock: textsByTestId(row, 'safety-stock'), usage: textsByTestId(row, 'daily-usage') }
    }
    // Each figure with the product's unit, as net stock has it: the row read "200 pcs" beside a bare "200".
    const pcs = (q: string) => `${formatQuantity(q, 'en')} ${unitName('pcs', buyer.locale, q)}`
    const shown = (f: ReturnType<typeof figures>) => ({ reorderPoint: [pcs(f.reorderPoint)], safetyStock: [pcs(f.safetyStock)], usage: [pcs(f.avgDailyUsage)] })
    const before = figures(['10'])
    expect(await panelRow()).toEqual(shown(before))

    // Shipped today: the stored figures stand until recomputed, which the button asks of the route.
    await shippedDaysAgo('PK-3002', 'SZ-SOUTH', 60, 0)
    expect(await panelRow()).toEqual(shown(before))
    const res = await mod.action(routeArgs(buyer, url(p), { productId: p }, { method: 'POST', body: new URLSearchParams({ intent: 'recompute' }) }))
    expect(await statusOf(async () => res)).toBe(302)
    expect((res as Response).headers.get('location')).toBe(url(p))
    expect(decodeURIComponent((res as Response).headers.get('set-cookie') ?? '')).toContain('"key":"replenishment:toast.recomputed","params":{"sku":"PK-3002"}')
    const after = figures(['10', '60'])
    expect(Number(after.reorderPoint)).toBeGreaterThan(Number(before.reorderPoint))
    expect(await panelRow()).toEqual(shown(after))
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'inventory.replenishment.recomputed'), eq(auditLog.entityId, p)))
    expect(audit).toMatchObject({ actorUserId: buyer.userId })
  })

  it('are the buyers’: others may read them, and warehouse, sales, finance, suppliers and dealers are refused the form', async () => {
    const p = await productId('MT-2001')
    const mod = await import('~/routes/console.inventory.$productId')
    const before = await db().$count(replenishmentRules)
    for (const email of ['warehouse@acme.test', 'sales@acme.test', 'sales.manager@acme.test', 'finance@acme.test', 'alice@bright.test', 'dave@north.test']) {
      const actor = await actorFor(email)
      for (const intent of ['replenishment', 'recompute']) {
        const body = new URLSearchParams({ ...(await base()), intent })
        expect(await statusOf(() => mod.action(routeArgs(actor, url(p), { productId: p }, { method: 'POST', body }))), `${email} ${intent}`).toBe(403)
      }
      expect(await codeOf(saveReplenishmentRule(actor, p, settings(await warehouseId('SH-MAIN'))))).toBe('forbidden')
      if (actor.kind === 'staff') {
        const page: any = await mod.loader(routeArgs(actor, url(p), { productId: p }))
        expect([page.canReplenish, page.replenishment.warehouses.length]).toEqual([false, 2])
        // Sales and finance see a requisition's number but get no link to a page that would answer them 403.
        expect(page.canSeeRequisitions, email).toBe(['warehouse@acme.test', 'sales.manager@acme.test'].includes(email))
      } else expect(await statusOf(() => mod.loader(routeArgs(actor, url(p), { productId: p })))).toBe(403)
    }
    expect(await db().$count(replenishmentRules)).toBe(before)
    const denied = await db().select().from(auditLog).where(and(eq(auditLog.outcome, 'denied'), sql`${auditLog.entityId} like ${`${url(p)} (requisitions.source)%`}`))
    expect(denied.length).toBeGreaterThanOrEqual(8)
    for (const email of ['buyer@acme.test', 'buyer.manager@acme.test', 'admin@acme.test']) {
      const page: any = await mod.loader(routeArgs(await actorFor(email), url(p), { productId: p }))
      expect(page.canReplenish, email).toBe(true)
    }
  })
})

describe('where it shows', () => {
  /** A manual rule of the test's own set just above the stock there: saving it raises the rule's requisition at once. */
  const raisedBelow = async (sku: string, warehouse: string) => {
    const [p, w] = [await productId(sku), await warehouseId(warehouse)]
    const start = await available(p, w)
    const saved = await saveReplenishmentRule(await actorFor('buyer@acme.test'), p, settings(w, { manual: true, safetyStock: '0', reorderPoint: String(start + 5), orderUpTo: String(start + 50) }))
    expect(saved.raised, `${sku}@${warehouse}`).toHaveLength(1)
    return saved.raised[0]
  }

  it('the stock list filters what is below its reorder point, as the position says', async () => {
    const buyer = await actorFor('buyer@acme.test')
    // Its own rules, none another test's: one below (its requisition on its way does not make it stock), one above, one
    // switched off however short.
    await raisedBelow('PK-3003', 'SZ-SOUTH')
    const [asm, sz] = [await productId('AS-4005'), await warehouseId('SZ-SOUTH')]
    await saveReplenishmentRule(buyer, asm, settings(sz, { manual: true, safetyStock: '0', reorderPoint: String(Math.max((await available(asm, sz)) - 5, 0)) }))
    const bolt = await productId('MT-2001')
    await saveReplenishmentRule(buyer, bolt, settings(sz, { enabled: false, manual: true, safetyStock: '0', reorderPoint: String((await available(bolt, sz)) + 1000) }))

    const { loader } = await import('~/routes/console.inventory._index')
    const page: any = await loader(routeArgs(await actorFor('sales@acme.test'), '/console/inventory?reorder=1&size=200'))
    const below = page.rows.map((r: any) => `${r.sku}@${r.warehouseCode}`)
    // The product pages, which judge each rule by the pure rule (stockPosition), say the same.
    const sales = await actorFor('sales@acme.test')
    const ruled = await rawRows<{ product_id: string; sku: string }>(db(), sql`select distinct r.product_id, p.sku from replenishment_rules r join products p on p.id = r.product_id order by p.sku`)
    const fromPages = (
      await Promise.all(ruled.map(async (r) => (await getProductReplenishment(sales as any, r.product_id))!.warehouses.filter((w) => w.below).map((w) => `${r.sku}@${w.warehouseCode}`)))
    ).flat()
    expect(below).toEqual(fromPages)
    expect(below).toContain('PK-3003@SZ-SOUTH')
    expect(below).not.toContain('AS-4005@SZ-SOUTH')
    // A rule switched off is no one's concern, however short the product.
    expect(below).not.toContain('MT-2001@SZ-SOUTH')
    expect(page.rows.every((r: any) => r.belowReorder && r.reorderPoint !== null)).toBe(true)
  })

  it('the requisitions list names the source in the reader’s language', async () => {
    const raised = await raisedBelow('PK-3004', 'SZ-SOUTH')
    const { loader } = await import('~/routes/console.requisitions._index')
    const page: any = await loader(routeArgs(await actorFor('buyer@acme.test'), `/console/requisitions?q=${raised.number}`))
    expect(page.rows).toMatchObject([{ number: raised.number, sourceType: 'reorder', sourceOrderId: null, lineCount: 1 }])
    expect((await fixedT('en', 'orders'))('requisitions.sourceType.reorder')).toBe('Below reorder point')
    expect((await fixedT('zh-CN', 'orders'))('requisitions.sourceType.reorder')).toBe('低于再订货点')
  })

  it('tells staff pages and the requisition viewers after the commit', async () => {
    const { installIo, getIo } = await import('~/realtime/publisher.server')
    const sent: Array<{ room: string; event: string; payload: any }> = []
    const previous = getIo()
    installIo({ to: (room: string) => ({ emit: (event: string, payload: unknown) => sent.push({ room, event, payload }) }) } as any)
    try {
      const buyer = await actorFor('buyer@acme.test')
      const p = await productId('AS-4005')
      const sh = await warehouseId('SH-MAIN')
      const saved = await saveReplenishmentRule(buyer, p, settings(sh, { manual: true, safetyStock: '0', reorderPoint: String((await available(p, sh)) + 1) }))
      const [raised] = saved.raised
      expect(sent).toContainEqual({ room: 'staff-can:requisitions.view', event: 'requisition:changed', payload: { requisitionId: raised.id } })
      // Staff stock pages refetch (an empty list would pass the every() below by itself).
      const changed = sent.filter((s) => s.event === 'stock:changed')
      expect(changed.length).toBeGreaterThan(0)
      expect(changed.every((s) => s.room === 'staff' && s.payload.productIds.join() === p)).toBe(true)
      expect(sent.some((s) => s.event === 'notification:new' && s.payload.kind === 'requisition.reorderRaised')).toBe(true)
      // Nothing of it reaches the dealers: what they may promise did not change.
      expect(sent.filter((s) => s.room === 'dealers')).toEqual([])
    } finally {
      installIo(previous)
    }
  })
})
