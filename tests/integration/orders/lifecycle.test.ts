import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { auditLog, shipments, stockMoves } from '~db/schema'
import { approveOrder } from '~/domain/orders/approve-order.server'
import { cancelOrder } from '~/domain/orders/cancel-order.server'
import { markShipmentDelivered } from '~/domain/orders/mark-delivered.server'
import { pickOrder } from '~/domain/orders/pick-order.server'
import { recordPayment } from '~/domain/orders/record-payment.server'
import { rejectOrder } from '~/domain/orders/reject-order.server'
import { reserveBackorders } from '~/domain/orders/reserve-backorders.server'
import { shipOrder } from '~/domain/orders/ship-order.server'
import { submitOrder } from '~/domain/orders/submit-order.server'
import { fixedT } from '~/i18n/i18next.server'
import { DomainError } from '~/utils/errors'
import { parseMessage } from '~/utils/validation'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { codeOf } from '../../support/errors'
import { ledgerBreaches } from '../inventory/helpers'
import { activeReservedOf, addStock, balanceOf, dealer, lineIdentityBreaches, linesOf, order, orderRow, productId, requisitionOf, warehouseId } from './helpers'

useTestDatabase({ seed: true })

const staff = (email: string) => actorFor(email)
describe('cancelling', () => {
  it('releases every reservation and cancels the open shortfall requisition', async () => {
    const dave = await dealer('dave@north.test')
    const p = await productId('AS-4003')
    const sh = await warehouseId('SH-MAIN')
    const r = await order(dave, 'SH-MAIN', [['AS-4003', '15'], ['PK-3003', '30']])
    expect(await balanceOf(p, sh)).toEqual({ onHand: 10, reserved: 10 })
    expect((await codeOf(cancelOrder(dave, r.order.id, { reason: '' })))).toBe('bad_input')
    const c = await cancelOrder(dave, r.order.id, { reason: 'Project postponed' })
    expect(c).toMatchObject({ status: 'cancelled', version: 2 })
    expect(await balanceOf(p, sh)).toEqual({ onHand: 10, reserved: 0 })
    expect(await activeReservedOf(r.order.id)).toBe(0)
    expect((await requisitionOf(r.order.id))!.status).toBe('cancelled')
    expect((await orderRow(r.order.id))).toMatchObject({ cancelReason: 'Project postponed', cancelledBy: dave.userId })
    expect(await codeOf(cancelOrder(dave, r.order.id, { reason: 'again' }))).toBe('conflict')
  })

  it('is refused once picked, and for staff without orders.approve', async () => {
    const erin = await dealer('erin@east.test')
    const r = await order(erin, 'SH-MAIN', [['PK-3002', '10']])
    expect(await codeOf(cancelOrder(await staff('warehouse@acme.test'), r.order.id, { reason: 'x' }))).toBe('forbidden')
    await pickOrder(await staff('warehouse@acme.test'), r.order.id)
    expect(await codeOf(cancelOrder(erin, r.order.id, { reason: 'too late' }))).toBe('conflict')
    expect(await codeOf(cancelOrder(await staff('sales.manager@acme.test'), r.order.id, { reason: 'too late' }))).toBe('conflict')
  })
})

describe('approving and rejecting an order held over credit', () => {
  it('a held order holds nothing; approval reserves it and moves it to reserved; rejection has nothing to release', async () => {
    const frank = await dealer('frank@south.test')
    const manager = await staff('sales.manager@acme.test')
    const p = await productId('AS-4001')
    const sh = await warehouseId('SH-MAIN')
    const before = (await balanceOf(p, sh))!.reserved
    const held = await order(frank, 'SH-MAIN', [['AS-4001', '25']])
    expect(held.order.status).toBe('submitted')
    expect((await balanceOf(p, sh))!.reserved).toBe(before)
    expect(await codeOf(approveOrder(await staff('sales@acme.test'), held.order.id))).toBe('forbidden')
    expect(await codeOf(rejectOrder(manager, held.order.id, { reason: ' ' }))).toBe('bad_input')
    const ok = await approveOrder(manager, held.order.id, { note: 'Paid last invoice' })
    expect(ok.status).toBe('reserved')
    expect(await orderRow(held.order.id)).toMatchObject({ approvedBy: manager.userId, decisionNote: 'Paid last invoice' })
    expect((await balanceOf(p, sh))!.reserved).toBe(before + 25)
    expect(await codeOf(approveOrder(manager, held.order.id))).toBe('conflict')
    expect((await balanceOf(p, sh))!.reserved).toBe(before + 25)
    const held2 = await order(frank, 'SH-MAIN', [['AS-4001', '5']])
    expect(held2.order.status).toBe('submitted')
    expect((await balanceOf(p, sh))!.reserved).toBe(before + 25)
    const no = await rejectOrder(manager, held2.order.id, { reason: 'Credit exhausted' })
    expect(no.status).toBe('rejected')
    expect((await balanceOf(p, sh))!.reserved).toBe(before + 25)
    const denied = await db().select().from(auditLog).where(sql`${auditLog.action} = 'sales_order.approve' and ${auditLog.outcome} = 'denied'`)
    expect(denied).toHaveLength(1)
  })
})

describe('picking, shipping and delivering', () => {
  it('ships partially from an approved order with a backorder, then the rest once stock arrives', async () => {
    const erin = await dealer('erin@east.test')
    const wh = await staff('warehouse@acme.test')
    const p = await productId('AS-4002')
    const sz = await warehouseId('SZ-SOUTH')
    const { onHand } = (await balanceOf(p, sz))!
    const r = await order(erin, 'SZ-SOUTH', [['AS-4002', String(onHand + 5)]])
    expect(r.order.status).toBe('approved')
    expect((await requisitionOf(r.order.id))!.lines.map((l) => Number(l.quantity))).toEqual([5])
    expect(await codeOf(shipOrder(wh, r.order.id, { carrier: 'SF', trackingNumber: 'SF1', lines: [] as never }))).toBe('bad_input')
    expect(await codeOf(reserveBackorders(wh, r.order.id))).toBe('conflict') // nothing arrived yet
    await pickOrder(wh, r.order.id)
    const [line] = await linesOf(r.order.id)
    // The refusal names the product's own unit (AS-4002 comes in sets) as the reader's language does, not its code
    // ("最多只能发货已预留的 5 set"), and stands on the line's quantity field too.
    const refusal = async (locale: 'en' | 'zh-CN') => {
      const over = await shipOrder({ ...wh, locale }, r.order.id, { carrier: 'SF', trackingNumber: 'SF1', lines: [{ orderLineId: line.id, quantity: String(onHand + 1) }] }).catch((e: unknown) => e)
      expect(over).toBeInstanceOf(DomainError)
      expect((over as DomainError).code).toBe('conflict')
      expect((over as DomainError).fieldErrors?.['lines[0].quantity']).toEqual([(over as DomainError).messageKey])
      const [key, params] = parseMessage((over as DomainError).messageKey)
      return (await fixedT(locale, 'orders'))(key, params)
    }
    expect(await refusal('zh-CN')).toBe(`AS-4002：最多只能发货已预留的 ${onHand} 套。`)
    expect(await refusal('en')).toBe(`AS-4002: at most the ${onHand} ${onHand === 1 ? 'set' : 'sets'} reserved can be shipped.`)
    expect(await codeOf(shipOrder(wh, r.order.id, { carrier: '', trackingNumber: 'SF1', lines: [{ orderLineId: line.id, quantity: '1' }] }))).toBe('bad_input')
    expect(await codeOf(shipOrder(wh, r.order.id, { carrier: 'SF', trackingNumber: 'SF1', lines: [{ orderLineId: randomUUID(), quantity: '1' }] }))).toBe('bad_input')
    // Ship 3 of the reserved units: the reservation is split and exactly 3 leave.
    const s1 = await shipOrder(wh, r.order.id, { carrier: 'SF Express', trackingNumber: 'SF100', lines: [{ orderLineId: line.id, quantity: '3' }] })
    expect(s1.status).toBe('partially_shipped')
    expect(await balanceOf(p, sz)).toEqual({ onHand: onHand - 3, reserved: onHand - 3 })
    expect(await linesOf(r.order.id)).toMatchObject([{ shippedQty: '3', reservedQty: String(onHand - 3), backorderedQty: '5' }])
    // AS-4002 is serial-tracked: one move per serial number shipped, each naming it (the oldest three received).
    const moves = await db().select().from(stockMoves).where(eq(stockMoves.referenceId, r.order.id)).orderBy(stockMoves.batch)
    expect(moves.map((m) => [m.kind, Number(m.quantity), m.referenceType, m.reason, m.batch])).toEqual(
      ['SX20-25-200101', 'SX20-25-200102', 'SX20-25-200103'].map((serial) => ['shipment', -1, 'sales_order', s1.shipment.number, serial]),
    )
    // A move written before shipments stored their number alone ("Shipment SHP-…", English to every
    // reader) is mended by migration 0011; a move of another kind with such a reason is not.
    await db().update(stockMoves).set({ reason: `Shipment ${s1.shipment.number}` }).where(eq(stockMoves.id, moves[0].id))
    const [typed] = await db().select({ id: stockMoves.id }).from(stockMoves).where(eq(stockMoves.kind, 'receipt')).limit(1)
    await db().update(stockMoves).set({ reason: 'Shipment SHP-returned' }).where(eq(stockMoves.id, typed.id))
    await rawRows(db(), sql.raw(fs.readFileSync(path.resolve('db/migrations/0011_shipment_move_reasons.sql'), 'utf8')))
    const reasonOf = async (id: string) => (await db().select({ reason: stockMoves.reason }).from(stockMoves).where(eq(stockMoves.id, id)))[0].reason
    expect([await reasonOf(moves[0].id), await reasonOf(typed.id)]).toEqual([s1.shipment.number, 'Shipment SHP-returned'])
    // Stock arrives; the backorder is reserved at once (no one clicks) and the requisition shrinks away.
    await addStock(wh, p, sz, '8', 'Found on the dock')
    expect((await orderRow(r.order.id)).status).toBe('partially_shipped')
    expect(await codeOf(reserveBackorders(wh, r.order.id))).toBe('conflict') // nothing left waiting
    expect((await requisitionOf(r.order.id))!.status).toBe('cancelled')
    const s2 = await shipOrder(wh, r.order.id, { carrier: 'SF Express', trackingNumber: 'SF101', lines: [{ orderLineId: line.id, quantity: String(onHand + 2) }] })
    expect(s2.status).toBe('shipped')
    expect(await balanceOf(p, sz)).toEqual({ onHand: 3, reserved: 0 })
    expect(await activeReservedOf(r.order.id)).toBe(0)
    // Delivered once every shipment arrived.
    expect((await markShipmentDelivered(wh, s1.shipment.id)).status).toBe('shipped')
    expect(await codeOf(markShipmentDelivered(wh, s1.shipment.id))).toBe('conflict')
    expect((await markShipmentDelivered(wh, s2.shipment.id)).status).toBe('delivered')
    const ships = await db().select().from(shipments).where(eq(shipments.orderId, r.order.id))
    expect(ships.map((s) => [s.carrier, s.trackingNumber, s.status]).sort()).toEqual([['SF Express', 'SF100', 'delivered'], ['SF Express', 'SF101', 'delivered']])
    expect(await lineIdentityBreaches()).toEqual([])
    expect(await ledgerBreaches()).toEqual([])
  })

  it('moves an approved order to reserved when its backorder is fully reserved', async () => {
    const dave = await dealer('dave@north.test')
    const wh = await staff('warehouse@acme.test')
    const p = await productId('AS-4004')
    const sz = await warehouseId('SZ-SOUTH')
    const { onHand, reserved } = (await balanceOf(p, sz))!
    const r = await order(dave, 'SZ-SOUTH', [['AS-4004', String(onHand - reserved + 2)]])
    expect(r.order.status).toBe('approved')
    expect(await codeOf(reserveBackorders(await staff('sales.manager@acme.test'), r.order.id))).toBe('forbidden')
    await addStock(wh, p, sz, '2', 'Return')
    expect((await orderRow(r.order.id)).status).toBe('reserved')
    expect((await requisitionOf(r.order.id))!.status).toBe('cancelled')
  })

  it('refuses to pick what waits for approval or has nothing reserved', async () => {
    const frank = await dealer('frank@south.test')
    const wh = await staff('warehouse@acme.test')
    const held = await order(frank, 'SH-MAIN', [['AS-4002', '70']])
    expect(held.order.status).toBe('submitted')
    expect(await codeOf(pickOrder(wh, held.order.id))).toBe('conflict')
    const erin = await dealer('erin@east.test')
    const none = await order(erin, 'SZ-SOUTH', [['AS-4003', '1']])
    expect(none.order.status).toBe('approved')
    expect(await codeOf(pickOrder(wh, none.order.id))).toBe('conflict')
  })
})

describe('payments', () => {
  it('are recorded up to the receivable, by finance only', async () => {
    const dave = await dealer('dave@north.test')
    const wh = await staff('warehouse@acme.test')
    const finance = await staff('finance@acme.test')
    const r = await order(dave, 'SH-MAIN', [['MT-2003', '10']]) // 33.60 × 10 = 336.00 + 43.68
    expect(await codeOf(recordPayment(finance, r.order.id, { amount: '1.00' }))).toBe('conflict') // nothing shipped yet
    await pickOrder(wh, r.order.id)
    const [line] = await linesOf(r.order.id)
    await shipOrder(wh, r.order.id, { carrier: 'ZTO', trackingNumber: 'ZT1', lines: [{ orderLineId: line.id, quantity: '5' }] })
    expect(await codeOf(recordPayment(wh, r.order.id, { amount: '1.00' }))).toBe('forbidden')
    expect(await codeOf(recordPayment(finance, r.order.id, { amount: '189.85' }))).toBe('unprocessable') // receivable 189.84
    const p1 = await recordPayment(finance, r.order.id, { amount: '189.84', reference: 'BANK-1' })
    expect([p1.paidTotal, p1.receivable]).toEqual(['189.84', '0.00'])
    expect(await codeOf(recordPayment(finance, r.order.id, { amount: '0.01' }))).toBe('unprocessable')
  })
})

describe('tenancy', () => {
  it('another dealer’s order is not found for every command; a supplier cannot act at all', async () => {
    const dave = await dealer('dave@north.test')
    const erin = await dealer('erin@east.test')
    const alice = await actorFor('alice@bright.test')
    const r = await order(dave, 'SH-MAIN', [['MT-2001', '3']])
    expect(await codeOf(cancelOrder(erin, r.order.id, { reason: 'mine now' }))).toBe('not_found')
    expect(await codeOf(cancelOrder(erin, 'not-a-uuid', { reason: 'x' }))).toBe('not_found')
    expect(await codeOf(cancelOrder(erin, randomUUID(), { reason: 'x' }))).toBe('not_found')
    for (const cmd of [
      () => approveOrder(erin, r.order.id),
      () => rejectOrder(erin, r.order.id, { reason: 'x' }),
      () => pickOrder(erin, r.order.id),
      () => reserveBackorders(erin, r.order.id),
      () => shipOrder(erin, r.order.id, { carrier: 'x', trackingNumber: 'y', lines: [{ orderLineId: randomUUID(), quantity: '1' }] }),
      () => recordPayment(erin, r.order.id, { amount: '1' }),
    ]) {
      expect(await codeOf(cmd())).toBe('forbidden')
    }
    // Dealers confirm receipt of their own shipments: any other shipment id is simply not found.
    expect(await codeOf(markShipmentDelivered(erin, randomUUID()))).toBe('not_found')
    expect(await codeOf(cancelOrder(alice, r.order.id, { reason: 'x' }))).toBe('forbidden')
    expect(await codeOf(approveOrder(alice, r.order.id))).toBe('forbidden')
    expect((await orderRow(r.order.id)).status).toBe('reserved')
    const [{ n }] = await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from audit_log where entity_id = ${r.order.id} and outcome = 'ok'`)
    expect(n).toBe(2)
  })
})

describe('malformed input', () => {
  it('gets a 4xx DomainError from every command and writes nothing', async () => {
    const dave = await dealer('dave@north.test')
    const wh = await staff('warehouse@acme.test')
    const manager = await staff('sales.manager@acme.test')
    const finance = await staff('finance@acme.test')
    const r = await order(dave, 'SH-MAIN', [['MT-2001', '3']])
    await pickOrder(wh, r.order.id)
    const [line] = await linesOf(r.order.id)
    const sh = await warehouseId('SH-MAIN')
    const p = await productId('MT-2001')
    const state = async () => {
      const [x] = await rawRows<{ o: number; a: number; s: number; r: string }>(
        db(),
        sql`select (select count(*)::int from sales_orders) as o, (select count(*)::int from audit_log where outcome = 'ok') as a,
                   (select count(*)::int from shipments) as s, (select coalesce(sum(reserved), 0)::text from stock_balances) as r`,
      )
      return x
    }
    const before = await state()
    const proto = JSON.parse(`{"warehouseId":"${sh}","lines":[{"productId":"${p}","quantity":"1"}],"__proto__":{"status":"approved"}}`)
    const bad: Array<() => Promise<unknown>> = [
      () => submitOrderAny(dave, null),
      () => submitOrderAny(dave, {}),
      () => submitOrderAny(dave, { warehouseId: sh, lines: 'all of it' }),
      () => submitOrderAny(dave, { warehouseId: 1, lines: [{ productId: p, quantity: Number.NaN }] }),
      () => submitOrderAny(dave, { warehouseId: sh, lines: [{ productId: p, quantity: '-5' }] }),
      () => submitOrderAny(dave, { warehouseId: sh, lines: [{ productId: p, quantity: '1' }], note: 'x'.repeat(100_000) }),
      () => submitOrderAny(dave, proto),
      () => shipOrder(wh, r.order.id, { carrier: 'x'.repeat(10_000), trackingNumber: 'T', lines: [{ orderLineId: line.id, quantity: '1' }] }),
      () => shipOrder(wh, r.order.id, { carrier: 'SF', trackingNumber: 'T', lines: [{ orderLineId: line.id, quantity: '1e3' }] }),
      () => shipOrder(wh, r.order.id, { carrier: 'SF', trackingNumber: 'T', lines: [{ orderLineId: line.id, quantity: '1' }, { orderLineId: line.id, quantity: '1' }] }),
      () => shipOrder(wh, r.order.id, null as never),
      () => recordPayment(finance, r.order.id, { amount: 'NaN' }),
      () => recordPayment(finance, r.order.id, { amount: 1e309 as never }),
      () => rejectOrder(manager, r.order.id, { reason: 42 as never }),
      () => cancelOrder(manager, 'x'.repeat(5000), { reason: 'x' }),
      () => markShipmentDelivered(wh, "'; drop table shipments; --"),
    ]
    for (const [i, run] of bad.entries()) {
      const err = await run().then(
        () => null,
        (e) => e,
      )
      expect(err, `case ${i}`).toBeInstanceOf(DomainError)
      expect((err as DomainError).status, `case ${i}`).toBeGreaterThanOrEqual(400)
      expect((err as DomainError).status, `case ${i}`).toBeLessThan(500)
    }
    expect(await state()).toEqual(before)
  })
})

const submitOrderAny = (who: Parameters<typeof submitOrder>[0], body: unknown) => submitOrder(who, body as never, { idempotencyKey: randomUUID() })
