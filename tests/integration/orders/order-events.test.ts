// The order's live status: after commit, 'order:changed' reaches the dealer's own organization and
// staff with ids, number, status and version only; never another dealer, never a supplier; a
// refused command says nothing.
import { describe, expect, it } from 'vitest'
import { cancelOrder } from '~/domain/orders/cancel-order.server'
import { useTestDatabase } from '../../support/db'
import { useSocketListeners } from '../realtime/socket-listeners'
import { dealer, order } from './helpers'

useTestDatabase({ seed: true })

const listen = useSocketListeners('order:changed')

describe('order:changed', () => {
  it('reaches the dealer’s colleagues and staff after commit, and nobody else', async () => {
    const [dora, erin, staff, alice] = await Promise.all(['dora@north.test', 'erin@east.test', 'warehouse@acme.test', 'alice@bright.test'].map(listen))
    const dave = await dealer('dave@north.test')
    const placed = await order(dave, 'SH-MAIN', [['MT-2001', '2']])
    const first = { orderId: placed.order.id, number: placed.order.number, status: 'reserved', version: 1 }
    await expect.poll(() => [dora.length, staff.length], { timeout: 3000 }).toEqual([1, 1])
    expect(dora).toEqual([first])
    expect(staff).toEqual([first])
    // A refused command (another dealer's order) commits nothing and says nothing.
    await expect(cancelOrder(await dealer('erin@east.test'), placed.order.id, { reason: 'x' })).rejects.toMatchObject({ code: 'not_found' })
    await cancelOrder(dave, placed.order.id, { reason: 'changed my mind' })
    await expect.poll(() => dora.length, { timeout: 3000 }).toBe(2)
    expect(dora[1]).toEqual({ ...first, status: 'cancelled', version: 2 })
    await new Promise((r) => setTimeout(r, 200))
    expect(erin).toEqual([])
    expect(alice).toEqual([])
  })
})
