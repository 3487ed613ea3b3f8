// M1 on the order forms: the console's order page (approve, reject, cancel, cancel the rest, cancel
// backorders, pick, ship, record a payment, mark delivered), the approvals inbox, and the dealer's
// checkout and order page (cancel, cancel backorders, confirm receipt), each as the person who uses it,
// on orders in the state that shows the form. See form-fuzz.ts for what is posted and judged.
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { salesOrders, shipments } from '~db/schema'
import type { Actor, DealerActor } from '~/auth/roles'
import { pickOrder } from '~/domain/orders/pick-order.server'
import { seedOrdersDemo } from '~db/seed/orders-demo'
import { quoteCart } from '~/domain/orders/quote-cart.server'
import { shipOrder } from '~/domain/orders/ship-order.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { addStock, balanceOf, linesOf, order, productId, warehouseId } from '../orders/helpers'
import { expectPageHolds, type ParsedForm } from './form-fuzz'

useTestDatabase({ seed: true })

const ORDER_TABLES = ['sales_orders', 'sales_order_lines', 'shipments', 'shipment_lines', 'stock_moves', 'stock_balances', 'stock_reservations', 'requisitions', 'requisition_lines', 'idempotency_keys']
const consoleOrder = () => import('~/routes/console.orders.$id')
const dealerOrder = () => import('../../../portal-customer/routes/orders.$id')
const intentIs = (intent: string) => (f: ParsedForm) => f.fields.some((x) => x.name === 'intent' && x.value === intent) || f.submitter?.value === intent

const byReference = async (ref: string) => (await db().select({ id: salesOrders.id }).from(salesOrders).where(eq(salesOrders.dealerReference, ref)))[0].id

let who: Record<'manager' | 'warehouse' | 'finance' | 'dave' | 'erin' | 'frank', Actor>

beforeAll(async () => {
  // The demo's orders in every status (seedDemo, which each test database has, leaves them out).
  await seedOrdersDemo()
  const [manager, warehouse, finance, dave, erin, frank] = await Promise.all(
    ['sales.manager@acme.test', 'warehouse@acme.test', 'finance@acme.test', 'dave@north.test', 'erin@east.test', 'frank@south.test'].map(actorFor),
  )
  who = { manager, warehouse, finance, dave, erin, frank }
})

/** A fresh order of the dealer's, approved and reserved (plenty in SH-MAIN). */
const reservedOrder = async (dealer: Actor, sku = 'EL-1001') => (await order(dealer, 'SH-MAIN', [[sku, '2']])).order.id

/** A fresh order of Guangzhou South's: over its credit limit, it waits for approval. */
const heldOrder = async () => {
  const r = await order(who.frank, 'SH-MAIN', [['AS-4001', '25']])
  expect(r.order.status).toBe('submitted')
  return r.order.id
}

/** A fresh order of the dealer's, picked and shipped in full (its shipment is open for delivery). */
const shippedOrder = async (dealer: Actor) => {
  const id = await reservedOrder(dealer)
  await pickOrder(who.warehouse, id)
  const lines = await linesOf(id)
  await shipOrder(who.warehouse, id, { carrier: 'SF', trackingNumber: 'SF-FUZZ', lines: lines.map((l) => ({ orderLineId: l.id, quantity: l.reservedQty })) })
  return id
}

/** A fresh order of the dealer's for every free AS-4003 in SH-MAIN and 3 more: approved, part backordered. */
const shortOrder = async (dealer: Actor) => {
  const p = await productId('AS-4003')
  const sh = await warehouseId('SH-MAIN')
  let b = (await balanceOf(p, sh))!
  if (b.onHand - b.reserved < 1) await addStock(who.warehouse, p, sh, '2', 'Stock for the fuzz harness')
  b = (await balanceOf(p, sh))!
  const r = await order(dealer, 'SH-MAIN', [['AS-4003', String(b.onHand - b.reserved + 3)]])
  expect(r.order.status).toBe('approved')
  return r.order.id
}

describe('console order page', () => {
  const page = async (name: string, actor: () => Actor, id: () => Promise<string>, intent: string, fill?: Record<string, string>) => {
    const orderId = await id()
    return expectPageHolds({ name, mod: await consoleOrder(), actor: actor(), url: `/console/orders/${orderId}`, params: { id: orderId }, only: intentIs(intent), fill, tables: ORDER_TABLES }, 1)
  }
  it('approve', () => page('approve', () => who.manager, heldOrder, 'approve'), 90_000)
  it('reject', () => page('reject', () => who.manager, heldOrder, 'reject'), 90_000)
  it('cancel', () => page('cancel', () => who.manager, () => reservedOrder(who.dave), 'cancel'), 90_000)
  it('cancel the rest', () => page('cancelRest', () => who.manager, () => byReference('SE-2026-121'), 'cancelRest'), 90_000)
  it('cancel backorders', () => page('cancelBackorders', () => who.manager, () => byReference('SE-2026-125'), 'cancelBackorders'), 90_000)
  it('pick', () => page('pick', () => who.warehouse, () => reservedOrder(who.erin), 'pick'), 90_000)
  it('ship', () => page('ship', () => who.warehouse, () => byReference('BN-PO-2026-0357'), 'ship', { carrier: 'SF', trackingNumber: 'SF-1' }), 90_000)
  it('record payment', () => page('payment', () => who.finance, () => byReference('BN-PO-2026-0342'), 'payment', { amount: '10.00', reference: 'BOC-1' }), 90_000)
  it('mark delivered', () => page('deliver', () => who.warehouse, () => shippedOrder(who.dave), 'deliver'), 90_000)
})

describe('approvals inbox', () => {
  it('approve and reject inline', async () => {
    await heldOrder()
    await expectPageHolds({ name: 'approvals', mod: await import('~/routes/console.approvals'), actor: who.manager, url: '/console/approvals', params: {}, aliases: { text: ['note', 'reason'] }, tables: ORDER_TABLES }, 2)
  }, 90_000)
})

describe('dealer pages', () => {
  it('checkout', async () => {
    const wh = await warehouseId('SH-MAIN')
    const p = await productId('EL-1001')
    const quote = await quoteCart(who.dave as DealerActor, { warehouseId: wh, lines: [{ productId: p, quantity: '1' }] })
    await expectPageHolds(
      {
        name: 'checkout',
        mod: await import('../../../portal-customer/routes/cart'),
        actor: who.dave,
        url: '/dealer/cart',
        params: {},
        // The cart lives in the browser (cart-store): the server renders it empty, without the checkout form. This is
        // that form as cart.tsx writes it for one line.
        clientForms: [
          {
            action: null,
            submitter: null,
            fields: [
              { name: 'intent', type: 'hidden', value: 'submit' },
              { name: 'idempotencyKey', type: 'hidden', value: '' },
              { name: 'warehouseId', type: 'hidden', value: wh },
              { name: 'expectedTotal', type: 'hidden', value: quote.total },
              { name: 'lines[0].productId', type: 'hidden', value: p },
              { name: 'lines[0].quantity', type: 'hidden', value: '1' },
              { name: 'dealerReference', type: 'text', value: '' },
              { name: 'shipTo', type: 'textarea', value: '' },
              { name: 'note', type: 'textarea', value: '' },
            ],
          },
        ],
        fill: { idempotencyKey: () => crypto.randomUUID() },
        tables: ORDER_TABLES,
      },
      1,
    )
  }, 90_000)

  const page = async (name: string, actor: () => Actor, id: () => Promise<string>, intent: string) => {
    const orderId = await id()
    return expectPageHolds({ name, mod: await dealerOrder(), actor: actor(), url: `/dealer/orders/${orderId}`, params: { id: orderId }, only: intentIs(intent), tables: ORDER_TABLES }, 1)
  }
  it('cancel', () => page('dealer cancel', () => who.dave, () => reservedOrder(who.dave), 'cancel'), 90_000)
  it('cancel backorders', () => page('dealer cancelBackorders', () => who.dave, () => shortOrder(who.dave), 'cancelBackorders'), 90_000)
  it('confirm receipt', async () => {
    const id = await shippedOrder(who.erin)
    expect(await db().$count(shipments, eq(shipments.orderId, id))).toBe(1)
    await page('dealer deliver', () => who.erin, async () => id, 'deliver')
  }, 90_000)
})
