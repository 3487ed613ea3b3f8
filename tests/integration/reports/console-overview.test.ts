import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { organizations, products } from '~db/schema'
import { loader } from '~/routes/console._index'
import { useTestDatabase } from '../../support/db'
import { actorFor, contextFor } from '../../support/actors'

useTestDatabase({ seed: true })

const load = async (email: string) => {
  const actor = await actorFor(email)
  return loader({ request: new Request('http://localhost/console'), context: contextFor(actor) as any, params: {} })
}

describe('the console home', () => {
  it('counts what the demo data holds', async () => {
    const { overview } = await load('admin@acme.test')
    expect(overview.counts).toEqual({ suppliers: 3, dealers: 3, products: 20, categories: 4, warehouses: 2, staff: 7 })
    expect(overview.pendingInvitations).toBe(0)
  })

  it('follows changes: a deactivated partner and product drop out of the active counts', async () => {
    await db().update(organizations).set({ status: 'inactive' }).where(eq(organizations.code, 'SUP-NINGBO'))
    await db().update(products).set({ active: false }).where(eq(products.sku, 'PK-3005'))
    const { overview } = await load('admin@acme.test')
    expect(overview.counts.suppliers).toBe(2)
    expect(overview.counts.products).toBe(19)
    expect(overview.inactivePartners).toBe(1)
  })

  it('shows recent activity to admins only', async () => {
    expect((await load('admin@acme.test')).overview.recentActivity?.length).toBeGreaterThan(0)
    expect((await load('buyer@acme.test')).overview.recentActivity).toBeNull()
  })

  it('refuses partner users', async () => {
    await expect(load('alice@bright.test')).rejects.toMatchObject({ status: 403 })
  })
})
