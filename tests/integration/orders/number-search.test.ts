// Searching by a document number as people type one: part of it, or without its zeros. A number
// without its zeros ("SO-2026-9") was taken for a whole number and found nothing.
import { beforeAll, describe, expect, it } from 'vitest'
import { seedOrdersDemo } from '~db/seed/orders-demo'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { routeArgs } from '../catalog/helpers'

useTestDatabase({ seed: true })
let numbers: string[] = []
beforeAll(async () => {
  await seedOrdersDemo()
  const all: any = await (await import('~/routes/console.orders._index')).loader(routeArgs(await actorFor('sales.manager@acme.test'), '/console/orders?size=50&sort=number&dir=asc'))
  numbers = all.rows.map((r: any) => r.number)
})

const orders = async (q: string) => {
  const page: any = await (await import('~/routes/console.orders._index')).loader(routeArgs(await actorFor('sales.manager@acme.test'), `/console/orders?q=${encodeURIComponent(q)}&size=50`))
  return page.rows.map((r: any) => r.number).sort()
}
const requisitions = async (q: string) => {
  const page: any = await (await import('~/routes/console.requisitions._index')).loader(routeArgs(await actorFor('buyer@acme.test'), `/console/requisitions?q=${encodeURIComponent(q)}`))
  return page.rows.map((r: any) => r.number).sort()
}

describe('searching by document number', () => {
  it('finds an order by its whole number, by part of it, and by its number without the zeros', async () => {
    const ninth = numbers[8]
    expect(ninth).toMatch(/^SO-\d{4}-000009$/)
    const year = ninth.slice(3, 7)
    expect(await orders(ninth)).toEqual([ninth])
    expect(await orders(ninth.toLowerCase())).toEqual([ninth])
    expect(await orders(`SO-${year}-9`)).toEqual([ninth])
    expect(await orders(`SO-${year}-00000`)).toEqual(numbers.filter((n) => n.startsWith(`SO-${year}-00000`)).sort())
    expect(await orders('000009')).toEqual([ninth])
  })

  it('finds a requisition by its number without the zeros', async () => {
    const all = await requisitions('PR-')
    expect(all.length).toBeGreaterThan(0)
    const first = all[0]
    expect(await requisitions(first.replace(/-0+(\d)/, '-$1'))).toEqual([first])
  })
})
