// The approval inbox shows each waiting order's credit check twice: as it stood when the dealer
// placed the order, and as it stands now (today's limit, receivables and the dealer's other open
// orders), so a sales manager decides on current figures. Another dealer's orders never count.
import { describe, expect, it } from 'vitest'
import type { StaffActor } from '~/auth/roles'
import { dealerExposure } from '~/domain/orders/credit.server'
import { creditNowOf, listApprovalInbox } from '~/domain/orders/orders.queries.server'
import { db } from '~db/client'
import { D } from '~/utils/money'
import { actorFor } from '../../support/actors'
import { routeArgs } from '../catalog/helpers'
import { useTestDatabase } from '../../support/db'
import { dealer, order, setCreditLimit } from './helpers'

useTestDatabase({ seed: true })

async function inboxRow(number: string) {
  const rows = await listApprovalInbox((await actorFor('sales.manager@acme.test')) as StaffActor)
  const row = rows.find((r) => r.number === number)
  if (!row) throw new Error(`${number} is not in the inbox`)
  return row
}

describe('the approval inbox', () => {
  it('gives the credit check at submission and now, and follows the limit and the dealer’s other orders', async () => {
    const frank = await dealer('frank@south.test')
    await setCreditLimit('DLR-SOUTH', '100.00')
    const held = await order(frank, 'SH-MAIN', [['MT-2001', '200']])
    expect(held.order.status).toBe('submitted')

    const first = await inboxRow(held.order.number)
    expect(first.creditNow).toEqual(first.credit)
    expect(first.creditNow).toMatchObject({ limit: '100.00', overLimit: true })

    // The limit is raised and the dealer orders more (now within the limit, so that order is open).
    await setCreditLimit('DLR-SOUTH', '1000000.00')
    const more = await order(frank, 'SH-MAIN', [['MT-2002', '10']])
    expect(more.order.status).not.toBe('submitted')
    // Another dealer's order changes nothing here.
    await order(await dealer('dave@north.test'), 'SH-MAIN', [['MT-2002', '5']])

    const row = await inboxRow(held.order.number)
    expect(row.credit).toEqual(first.credit)
    const exposure = await dealerExposure(db(), frank.orgId)
    expect(row.creditNow).toMatchObject({
      limit: '1000000.00',
      receivables: exposure.receivables,
      // The waiting order itself is this order, not one of the others.
      openOrders: new D(exposure.openOrders).minus(row.total).toFixed(2),
      thisOrder: new D(row.total).toFixed(2),
      overLimit: false,
    })
    expect(new D(row.creditNow!.openOrders!).minus(first.creditNow!.openOrders!).gt(0)).toBe(true)

    // The order's own page gives the approver the same figures; a decided order has none.
    const page = await import('~/routes/console.orders.$id')
    const manager = await actorFor('sales.manager@acme.test')
    const waiting: any = await page.loader(routeArgs(manager, `/console/orders/${held.order.id}`, { id: held.order.id }))
    expect(waiting.creditNow).toEqual(row.creditNow)
    const decided: any = await page.loader(routeArgs(manager, `/console/orders/${more.order.id}`, { id: more.order.id }))
    expect(decided.creditNow).toBeNull()
  })

  it('gives today\'s credit figures of a dealer to the host\'s order viewers only', async () => {
    const frank = await dealer('frank@south.test')
    const ask = [{ dealerOrgId: frank.orgId, total: '1.00' }]
    expect((await creditNowOf(await actorFor('sales@acme.test'), ask))[0]).toMatchObject({ thisOrder: '1.00' })
    for (const email of ['frank@south.test', 'dave@north.test', 'alice@bright.test', 'buyer@acme.test']) {
      await expect(creditNowOf(await actorFor(email), ask), email).rejects.toMatchObject({ code: 'forbidden' })
    }
  })
})
