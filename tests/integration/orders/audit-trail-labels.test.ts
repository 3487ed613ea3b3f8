// The console's order page shows each audit row's before and after key by key (app/ui/audit-diff.tsx): every key an
// order command records has a name in both languages, else the trail shows that key as recorded, in English.
import fs from 'node:fs'
import path from 'node:path'
import { inArray } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog } from '~db/schema'
import { approveOrder } from '~/domain/orders/approve-order.server'
import { cancelBackorders } from '~/domain/orders/cancel-backorders.server'
import { cancelOrder, cancelOrderRest } from '~/domain/orders/cancel-order.server'
import { markShipmentDelivered } from '~/domain/orders/mark-delivered.server'
import { pickOrder } from '~/domain/orders/pick-order.server'
import { recordPayment } from '~/domain/orders/record-payment.server'
import { rejectOrder } from '~/domain/orders/reject-order.server'
import { shipOrder } from '~/domain/orders/ship-order.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { codeOf } from '../../support/errors'
import { addStock, balanceOf, dealer, linesOf, order, productId, warehouseId } from './helpers'

useTestDatabase({ seed: true })

const fieldsOf = (locale: string) => (JSON.parse(fs.readFileSync(path.resolve(`app/i18n/locales/${locale}/audit.json`), 'utf8')) as { fields: Record<string, string> }).fields

/** Every key in a recorded value, inside nested objects and lists of records too (an order's lines). */
function keysOf(v: unknown, out: Set<string>) {
  if (Array.isArray(v)) for (const x of v) keysOf(x, out)
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.add(k)
      keysOf(x, out)
    }
}

describe("an order's audit trail", () => {
  it('names every key its commands record, in English and in Chinese', async () => {
    const wh = await actorFor('warehouse@acme.test')
    const manager = await actorFor('sales.manager@acme.test')
    const finance = await actorFor('finance@acme.test')
    const erin = await dealer('erin@east.test')
    const frank = await dealer('frank@south.test')

    // Backordered, picked, shipped in two parts (the backorder reserved when stock arrives), delivered and paid.
    const p = await productId('AS-4002')
    const sz = await warehouseId('SZ-SOUTH')
    const { onHand } = (await balanceOf(p, sz))!
    const a = await order(erin, 'SZ-SOUTH', [['AS-4002', String(onHand + 5)]])
    await pickOrder(wh, a.order.id)
    const [line] = await linesOf(a.order.id)
    const s1 = await shipOrder(wh, a.order.id, { carrier: 'SF Express', trackingNumber: 'SF100', lines: [{ orderLineId: line.id, quantity: '3' }] })
    await addStock(wh, p, sz, '8', 'Found on the dock')
    await shipOrder(wh, a.order.id, { carrier: 'SF Express', trackingNumber: 'SF101', lines: [{ orderLineId: line.id, quantity: String(onHand + 2) }] })
    await markShipmentDelivered(wh, s1.shipment.id)
    await recordPayment(finance, a.order.id, { amount: '1.00', reference: 'BANK-1' })

    // Held over credit: one approved, one rejected; one cancelled; the rest of a partly shipped one cancelled.
    const held = await order(frank, 'SH-MAIN', [['AS-4001', '25']])
    await approveOrder(manager, held.order.id, { note: 'Paid last invoice' })
    const rejected = await order(frank, 'SH-MAIN', [['AS-4001', '25']])
    await rejectOrder(manager, rejected.order.id, { reason: 'Over credit' })
    const cancelled = await order(erin, 'SH-MAIN', [['PK-3002', '10']])
    // A refused attempt is on the trail too (it records the permission it lacked).
    expect(await codeOf(cancelOrder(wh, cancelled.order.id, { reason: 'x' }))).toBe('forbidden')
    await cancelOrder(erin, cancelled.order.id, { reason: 'Project postponed' })
    const rest = await order(erin, 'SH-MAIN', [['MT-2003', '10']])
    await pickOrder(wh, rest.order.id)
    const [restLine] = await linesOf(rest.order.id)
    await shipOrder(wh, rest.order.id, { carrier: 'ZTO', trackingNumber: 'ZT1', lines: [{ orderLineId: restLine.id, quantity: '5' }] })
    await cancelOrderRest(manager, rest.order.id, { reason: 'Discontinued' })
    // A dealer drops the backordered part of an order and keeps what is held.
    const dx = await productId('AS-4003')
    const shMain = await warehouseId('SH-MAIN')
    const free = (await balanceOf(dx, shMain))!
    const dave = await dealer('dave@north.test')
    const short = await order(dave, 'SH-MAIN', [['AS-4003', String(free.onHand - free.reserved + 2)]])
    await cancelBackorders(dave, short.order.id, { reason: 'Cannot wait' })

    const rows = await db().select({ action: auditLog.action, before: auditLog.before, after: auditLog.after }).from(auditLog).where(inArray(auditLog.entityType, ['sales_order', 'shipment']))
    // The run reached every command whose row the trail shows.
    for (const action of [
      'sales_order.submitted',
      'sales_order.approved',
      'sales_order.rejected',
      'sales_order.cancelled',
      'sales_order.rest_cancelled',
      'sales_order.backorders_cancelled',
      'sales_order.picked',
      'sales_order.shipped',
      'sales_order.backorders_reserved',
      'sales_order.payment_recorded',
      'shipment.delivered',
    ])
      expect(rows.map((r) => r.action)).toContain(action)

    const keys = new Set<string>()
    for (const r of rows) {
      keysOf(r.before, keys)
      keysOf(r.after, keys)
    }
    const en = fieldsOf('en')
    const zh = fieldsOf('zh-CN')
    expect([...keys].filter((k) => !en[k] || !zh[k]).sort()).toEqual([])
  })
})
