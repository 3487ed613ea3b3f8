// Demo dealer orders in every status, made through the order commands (never raw inserts) so that
// stock, reservations, requisitions and the audit log agree with the orders.
import { eq, inArray } from 'drizzle-orm'
import { db } from '../client'
import { products, users, warehouses } from '../schema'
import { loadActor } from '~/auth/actor.server'
import type { Actor, DealerActor } from '~/auth/roles'
import { cancelOrder, cancelOrderRest } from '~/domain/orders/cancel-order.server'
import { markShipmentDelivered } from '~/domain/orders/mark-delivered.server'
import { pickOrder } from '~/domain/orders/pick-order.server'
import { recordPayment } from '~/domain/orders/record-payment.server'
import { rejectOrder } from '~/domain/orders/reject-order.server'
import { shipOrder } from '~/domain/orders/ship-order.server'
import { submitOrder } from '~/domain/orders/submit-order.server'
import { orderLines } from '~/domain/orders/order-command.server'

async function actor(email: string): Promise<Actor> {
  const [u] = await db().select({ id: users.id }).from(users).where(eq(users.email, email))
  const a = u && (await loadActor(u.id, 'seed'))
  if (!a) throw new Error(`demo user ${email} is missing`)
  return a
}

export type DemoOrderStatus = 'submitted' | 'approved' | 'reserved' | 'picked' | 'partially_shipped' | 'shipped' | 'delivered' | 'cancelled' | 'rejected'

/**
 * One order per status (two for Guangzhou South: its small credit limit makes both its orders wait
 * for a sales manager). AS-4003 is ordered from Shenzhen, where there is none: the order is
 * approved with that line backordered and a requisition raised, while the 10 units in Shanghai stay
 * free for anyone who wants to try a backorder there. Returns the order id per status, and the
 * shipped order whose rest was cancelled.
 */
export async function seedOrdersDemo(): Promise<Record<DemoOrderStatus, string> & { restCancelled: string }> {
  const skus = ['EL-1001', 'EL-1002', 'EL-1003', 'MT-2001', 'MT-2002', 'MT-2003', 'PK-3001', 'PK-3002', 'PK-3004', 'PK-3005', 'AS-4001', 'AS-4002', 'AS-4003', 'AS-4004']
  const prods = await db().select({ id: products.id, sku: products.sku }).from(products).where(inArray(products.sku, skus))
  const p = Object.fromEntries(prods.map((x) => [x.sku, x.id])) as Record<string, string>
  const whs = await db().select({ id: warehouses.id, code: warehouses.code }).from(warehouses)
  const wh = Object.fromEntries(whs.map((w) => [w.code, w.id])) as Record<string, string>
  const [dave, erin, frank, manager, warehouse, finance] = await Promise.all(
    ['dave@north.test', 'erin@east.test', 'frank@south.test', 'sales.manager@acme.test', 'warehouse@acme.test', 'finance@acme.test'].map(actor),
  )
  let n = 0
  const place = async (who: Actor, warehouseCode: string, lines: Array<[string, string]>, extra: { dealerReference?: string; shipTo?: string; note?: string } = {}) => {
    const r = await submitOrder(who as DealerActor, { warehouseId: wh[warehouseCode], lines: lines.map(([sku, quantity]) => ({ productId: p[sku], quantity })), ...extra }, { idempotencyKey: `demo-order-${++n}` })
    return r.order.id
  }
  const shipAll = async (orderId: string, carrier: string, trackingNumber: string, share: (q: string) => string = (q) => q) => {
    const lines = await orderLines(db(), orderId)
    return shipOrder(warehouse, orderId, { carrier, trackingNumber, lines: lines.filter((l) => Number(l.reservedQty) > 0).map((l) => ({ orderLineId: l.id, quantity: share(l.reservedQty) })) })
  }

  // Beijing North (tier A, large limit): the far end of the life cycle.
  const delivered = await place(dave, 'SH-MAIN', [['EL-1001', '150'], ['MT-2001', '200']], { dealerReference: 'BN-PO-2026-0311', shipTo: '北京市朝阳区建国路 1 号 北方商贸仓库' })
  await pickOrder(warehouse, delivered)
  const first = await shipAll(delivered, '顺丰速运 SF Express', 'SF1402238815')
  await markShipmentDelivered(warehouse, first.shipment.id)
  await recordPayment(finance, delivered, { amount: '200.00', reference: 'BOC-20261105-01' })

  const shipped = await place(dave, 'SH-MAIN', [['PK-3001', '120'], ['EL-1002', '100']], { dealerReference: 'BN-PO-2026-0342' })
  await pickOrder(warehouse, shipped)
  await shipAll(shipped, '京东物流 JD Logistics', 'JDVA20931466821')

  const picked = await place(dave, 'SH-MAIN', [['MT-2002', '40']], { dealerReference: 'BN-PO-2026-0357' })
  await pickOrder(warehouse, picked)

  // Shanghai East (tier B).
  const reserved = await place(erin, 'SH-MAIN', [['EL-1003', '120'], ['PK-3002', '500']], { dealerReference: 'SE-2026-118' })

  const partial = await place(erin, 'SZ-SOUTH', [['MT-2003', '40']], { dealerReference: 'SE-2026-121' })
  await pickOrder(warehouse, partial)
  await shipAll(partial, '德邦快递 Deppon', 'DPK300118827441', () => '25')

  const approved = await place(erin, 'SZ-SOUTH', [['AS-4003', '4'], ['AS-4004', '6']], { dealerReference: 'SE-2026-125', note: 'Drive units for the Suzhou line retrofit' })

  const cancelled = await place(erin, 'SH-MAIN', [['PK-3004', '200']], { dealerReference: 'SE-2026-127' })
  await cancelOrder(erin, cancelled, { reason: 'Ordered twice by mistake' })

  // Guangzhou South (tier C, CNY 30,000): both orders go over the limit and wait for approval,
  // holding no stock meanwhile (the submitted one reserves its AS-4001 only when approved).
  const rejected = await place(frank, 'SH-MAIN', [['AS-4002', '60']], { dealerReference: 'GS-0092' })
  await rejectOrder(manager, rejected, { reason: 'Over the credit limit with invoices 60 days overdue; please settle first' })

  const submitted = await place(frank, 'SH-MAIN', [['AS-4001', '25']], { dealerReference: 'GS-0097', shipTo: '广州市白云区机场路 18 号' })

  // Shanghai East took part of an order and wanted no more: the sales manager cancelled the rest,
  // and the order is shipped on what went out (placed last, so the other demo numbers stay as they were).
  const restCancelled = await place(erin, 'SZ-SOUTH', [['PK-3005', '100']], { dealerReference: 'SE-2026-130' })
  await pickOrder(warehouse, restCancelled)
  await shipAll(restCancelled, '顺丰速运 SF Express', 'SF1402239902', () => '60')
  await cancelOrderRest(manager, restCancelled, { reason: '经销商已从其他渠道补足，其余取消 / The dealer covered the rest elsewhere' })
  return { submitted, approved, reserved, picked, partially_shipped: partial, shipped, delivered, cancelled, rejected, restCancelled }
}
