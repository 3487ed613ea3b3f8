// M1 on the stock and price forms: the console's inventory product page (adjust, transfer, count), the
// counts to approve (approve, reject), the dealer's channel-stock report, dealer terms and a price list
// (its header and its items), each as the person who uses it, on demo records. See form-fuzz.ts.
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { db } from '~db/client'
import { organizations, priceLists, products, warehouses } from '~db/schema'
import { seedCountsDemo } from '~db/seed/inventory-demo'
import type { Actor } from '~/auth/roles'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { expectPageHolds, type ParsedForm } from './form-fuzz'

vi.mock('@radix-ui/react-dialog', (importOriginal) => import('./open-dialogs').then((m) => m.openDialogs(importOriginal)))

useTestDatabase({ seed: true })

const STOCK_TABLES = ['stock_moves', 'stock_balances', 'stock_reservations', 'stock_counts']
const PRICE_TABLES = ['price_lists', 'price_list_items', 'dealer_terms']
const intentIs = (intent: string) => (f: ParsedForm) => f.fields.some((x) => x.name === 'intent' && x.value === intent) || f.submitter?.value === intent

let who: Record<'warehouse' | 'finance' | 'manager' | 'dave', Actor>

beforeAll(async () => {
  // The demo's counts waiting for a second person (seedDemo, which each test database has, leaves them out).
  await seedCountsDemo()
  const [warehouse, finance, manager, dave] = await Promise.all(['warehouse@acme.test', 'finance@acme.test', 'sales.manager@acme.test', 'dave@north.test'].map(actorFor))
  who = { warehouse, finance, manager, dave }
})

const productId = async (sku: string) => (await db().select({ id: products.id }).from(products).where(eq(products.sku, sku)))[0].id

describe('inventory', () => {
  for (const intent of ['adjust', 'transfer', 'count']) {
    it(`product page: ${intent}`, async () => {
      const id = await productId('EL-1001')
      const [sz] = await db().select({ id: warehouses.id }).from(warehouses).where(eq(warehouses.code, 'SZ-SOUTH'))
      // A transfer goes to another warehouse than its first (where the product is): SZ-SOUTH.
      const fill: Record<string, string> = intent === 'transfer' ? { toWarehouseId: sz.id, toBinId: '' } : {}
      await expectPageHolds({ name: `inventory ${intent}`, mod: await import('~/routes/console.inventory.$productId'), actor: who.warehouse, url: `/console/inventory/${id}`, params: { productId: id }, only: intentIs(intent), fill, tables: STOCK_TABLES }, 1)
    }, 90_000)
  }

  it('counts to approve: approve and reject', async () => {
    await expectPageHolds({ name: 'counts', mod: await import('~/routes/console.inventory.counts'), actor: who.finance, url: '/console/inventory/counts', params: {}, tables: STOCK_TABLES }, 1)
  }, 90_000)
})

describe('dealer channel stock', () => {
  it('the weekly report form', async () => {
    // The form's lines are alike: the first two are fuzzed (every line is still sent), the blank rows left blank.
    const blank = Object.fromEntries(Array.from({ length: 30 }, (_, i) => i).flatMap((i) => ['productId', 'onHand', 'sold'].map((k) => [`lines[${i}].${k}`, ''])))
    await expectPageHolds(
      {
        name: 'channel-stock',
        mod: await import('../../../portal-customer/routes/channel-stock.new'),
        actor: who.dave,
        url: '/dealer/channel-stock/new',
        params: {},
        fill: blank,
        fillOnlyBlank: true,
        skip: (name) => /^lines\[([2-9]|\d\d)\]/.test(name),
        tables: ['channel_stock_reports', 'channel_stock_lines'],
      },
      1,
    )
  }, 90_000)
})

describe('prices', () => {
  it('dealer terms', async () => {
    const [o] = await db().select({ id: organizations.id }).from(organizations).where(eq(organizations.code, 'DLR-EAST'))
    await expectPageHolds({ name: 'dealer terms', mod: await import('~/routes/console.dealer-terms.$orgId'), actor: who.manager, url: `/console/dealer-terms/${o.id}`, params: { orgId: o.id }, tables: PRICE_TABLES }, 1)
  }, 90_000)

  it('a price list, its header and items', async () => {
    const [l] = await db().select({ id: priceLists.id }).from(priceLists).where(eq(priceLists.code, 'PL-B-2026'))
    await expectPageHolds({ name: 'price list', mod: await import('~/routes/console.price-lists.$id'), actor: who.manager, url: `/console/price-lists/${l.id}`, params: { id: l.id }, tables: PRICE_TABLES }, 2)
  }, 90_000)
})
