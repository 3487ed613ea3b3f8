import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { organizations } from '~db/schema'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { routeArgs } from '../catalog/helpers'

useTestDatabase({ seed: true })

type PageModule = { loader: (a: any) => Promise<unknown>; meta?: (a: any) => unknown[] }
const tabTitle = async (mod: PageModule, email: string, url: string, params: Record<string, string> = {}, locale?: 'en') => {
  const actor = await actorFor(email)
  const data = await mod.loader(routeArgs(locale ? { ...actor, locale } : actor, url, params))
  expect(mod.meta, url).toBeTypeOf('function')
  return (mod.meta!({ data })[0] as { title?: string }).title
}

describe('the browser tab names the page', () => {
  it('on the account, supplier and dealer pages of the console, in the reader’s language', async () => {
    const [north] = await db().select({ id: organizations.id }).from(organizations).where(eq(organizations.code, 'DLR-NORTH'))
    const admin = 'admin@acme.test'
    const titles = [
      await tabTitle(await import('~/routes/console.account'), admin, '/console/account'),
      await tabTitle(await import('~/routes/console.suppliers._index'), admin, '/console/suppliers'),
      await tabTitle(await import('~/routes/console.dealers._index'), admin, '/console/dealers'),
      await tabTitle(await import('~/routes/console.suppliers.new'), admin, '/console/suppliers/new'),
      await tabTitle(await import('~/routes/console.dealers.$orgId'), admin, `/console/dealers/${north.id}`, { orgId: north.id }),
    ]
    // Before, these pages had no meta and the tab read "Caixiao · 采销" on each.
    expect(titles).toEqual(['我的账户 · Caixiao', '供应商 · Caixiao', '经销商 · Caixiao', '新建供应商 · Caixiao', '北京北方商贸有限公司 · Caixiao'])
    expect(await tabTitle(await import('~/routes/console.dealers._index'), admin, '/console/dealers', {}, 'en')).toBe('Dealers · Caixiao')
    expect(await tabTitle(await import('~/routes/console.account'), admin, '/console/account', {}, 'en')).toBe('My account · Caixiao')
    expect(await tabTitle(await import('~/routes/console._index'), admin, '/console')).toBe('首页 · Caixiao')
  })

  it('on the account page of both portals', async () => {
    const supplier = await tabTitle(await import('../../../portal-supplier/routes/account'), 'alice@bright.test', '/supplier/account')
    const dealer = await tabTitle(await import('../../../portal-customer/routes/account'), 'dave@north.test', '/dealer/account')
    expect([supplier, dealer]).toEqual(['我的账户 · Caixiao', '我的账户 · Caixiao'])
  })
})
