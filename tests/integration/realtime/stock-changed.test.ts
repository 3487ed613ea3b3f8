// The catalog's live availability: a committed stock change reaches staff and every dealer socket as
// product ids only, and never a supplier's. The dealers room comes from the server-side actor.
import { describe, expect, it } from 'vitest'
import { adjustStock } from '~/domain/inventory/adjust-stock.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { productId, warehouseId } from '../inventory/helpers'
import { useSocketListeners } from './socket-listeners'

useTestDatabase({ seed: true })

const listen = useSocketListeners('stock:changed', {
  // Ask for rooms the client is not entitled to: no such handler exists, and it must change nothing.
  afterConnect: (socket) => socket.emit('join' as any, ['dealers', 'staff']),
})

describe('stock:changed reaches dealer catalogs', () => {
  it('goes to staff and to every dealer user with ids only, never to supplier users', async () => {
    const [dave, erin, staff, alice] = await Promise.all(['dave@north.test', 'erin@east.test', 'sales@acme.test', 'alice@bright.test'].map(listen))
    const p = await productId('EL-1003')
    await adjustStock(await actorFor('warehouse@acme.test'), { productId: p, warehouseId: await warehouseId('SZ-SOUTH'), binId: null, batch: '2610-L17', quantity: '-2', reason: 'broken' })
    await expect.poll(() => [dave.length, erin.length, staff.length], { timeout: 3000 }).toEqual([1, 1, 1])
    for (const heard of [dave, erin, staff]) expect(heard).toEqual([{ productIds: [p] }])
    // Time for a stray to arrive before saying none did.
    await new Promise((r) => setTimeout(r, 200))
    expect(alice).toEqual([])
  })
})
