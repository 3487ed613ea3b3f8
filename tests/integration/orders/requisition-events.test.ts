// A requisition's live list and page: 'requisition:changed' (the id alone) reaches, after commit, the
// staff who may see requisitions (buyers too, who hear no order:changed) when an order's shortfall
// raises one and when the order's cancellation cancels it; nobody else, and no order without a shortfall.
import { describe, expect, it } from 'vitest'
import { cancelOrder } from '~/domain/orders/cancel-order.server'
import { useTestDatabase } from '../../support/db'
import { useSocketListeners } from '../realtime/socket-listeners'
import { dealer, order, requisitionOf } from './helpers'

useTestDatabase({ seed: true })

const listen = useSocketListeners('requisition:changed')

describe('requisition:changed', () => {
  it('reaches the requisition viewers when a shortfall raises one and when its order is cancelled, and nobody else', async () => {
    const [buyer, warehouse, sales, dora, alice] = await Promise.all(['buyer@acme.test', 'warehouse@acme.test', 'sales@acme.test', 'dora@north.test', 'alice@bright.test'].map(listen))
    const dave = await dealer('dave@north.test')
    // Enough stock: no requisition, nothing said.
    await order(dave, 'SH-MAIN', [['MT-2001', '1']])
    // AS-4003 has none in Shenzhen: the whole line backorders and a requisition asks for it.
    const short = await order(dave, 'SZ-SOUTH', [['AS-4003', '3']])
    const req = await requisitionOf(short.order.id)
    expect(req).not.toBeNull()
    await expect.poll(() => [buyer.length, warehouse.length], { timeout: 3000 }).toEqual([1, 1])
    expect(buyer).toEqual([{ requisitionId: req!.id }])

    await cancelOrder(dave, short.order.id, { reason: 'not needed' })
    expect((await requisitionOf(short.order.id))!.status).toBe('cancelled')
    await expect.poll(() => buyer.length, { timeout: 3000 }).toBe(2)
    expect(buyer[1]).toEqual({ requisitionId: req!.id })
    await new Promise((r) => setTimeout(r, 200))
    expect(warehouse).toHaveLength(2)
    // Sales staff see orders but not requisitions; partners neither.
    expect(sales).toEqual([])
    expect(dora).toEqual([])
    expect(alice).toEqual([])
  })
})
