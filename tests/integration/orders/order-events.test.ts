// The order's live status: after commit, 'order:changed' reaches the dealer's own organization and
// the staff who may see orders (orders.view) with ids, number, status and version only; never
// another dealer, a supplier or staff without orders.view (a buyer); a change of roles ends the open
// sockets and the one reconnected hears by the new roles; a refused command says nothing.
import { describe, expect, it } from 'vitest'
import type { Role } from '~/auth/roles'
import { cancelOrder } from '~/domain/orders/cancel-order.server'
import { changeUserRoles } from '~/domain/parties/change-user-roles.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { nextReconnect, useSocketListeners } from '../realtime/socket-listeners'
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

  it('reaches no staff member without orders.view (a buyer), and follows a change of roles once the socket reconnects', async () => {
    const [buyer, sales] = await Promise.all(['buyer@acme.test', 'sales@acme.test'].map(listen))
    const dave = await dealer('dave@north.test')
    const heard = (list: unknown[], orderId: string) => list.some((p) => (p as { orderId: string }).orderId === orderId)

    const first = await order(dave, 'SH-MAIN', [['MT-2002', '1']])
    await expect.poll(() => heard(sales, first.order.id), { timeout: 3000 }).toBe(true)
    await new Promise((r) => setTimeout(r, 200))
    expect(buyer).toEqual([])

    // The buyer is given the sales role: the open socket ends, and the new one joins the order viewers.
    const admin = await actorFor('admin@acme.test')
    const buyerActor = await actorFor('buyer@acme.test')
    const meta = { ip: '127.0.0.1', origin: 'http://localhost' }
    let back = nextReconnect(buyer)
    await changeUserRoles(admin, { kind: 'own' }, buyerActor.userId, [...buyerActor.roles, 'sales'] as Role[], meta)
    await back
    const second = await order(dave, 'SH-MAIN', [['MT-2002', '1']])
    await expect.poll(() => heard(buyer, second.order.id), { timeout: 3000 }).toBe(true)

    // And leaves them when the role is taken away again.
    back = nextReconnect(buyer)
    await changeUserRoles(admin, { kind: 'own' }, buyerActor.userId, [...buyerActor.roles] as Role[], meta)
    await back
    const third = await order(dave, 'SH-MAIN', [['MT-2002', '1']])
    await expect.poll(() => heard(sales, third.order.id), { timeout: 3000 }).toBe(true)
    await new Promise((r) => setTimeout(r, 200))
    expect(heard(buyer, third.order.id)).toBe(false)
  })
})
