// M1 on the master data forms: a category, a product and a warehouse (new and existing, a warehouse's bins
// added and removed), a new price list, and a draft auction's edit form, each as the person who uses it, on
// demo records. See form-fuzz.ts.
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { db } from '~db/client'
import { categories, products, warehouses } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { createAuction } from '~/domain/auction/create-auction.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { setup } from '../auction/helpers'
import { CHECK_ALL, expectPageHolds } from './form-fuzz'

vi.mock('@radix-ui/react-dialog', (importOriginal) => import('./open-dialogs').then((m) => m.openDialogs(importOriginal)))

useTestDatabase({ seed: true })

const CATALOG_TABLES = ['categories', 'products', 'warehouses', 'bins', 'files']
const PRICE_TABLES = ['price_lists', 'price_list_items', 'dealer_terms']
const AUCTION_TABLES = ['auctions', 'auction_lines', 'auction_participants', 'auction_events', 'idempotency_keys']

let who: Record<'manager' | 'sales' | 'buyer', Actor>

beforeAll(async () => {
  const [manager, sales, buyer] = await Promise.all(['buyer.manager@acme.test', 'sales.manager@acme.test', 'buyer@acme.test'].map(actorFor))
  who = { manager, sales, buyer }
})

describe('catalog', () => {
  it('a category, new and existing', async () => {
    const [c] = await db().select({ id: categories.id }).from(categories).where(eq(categories.code, 'PACK'))
    await expectPageHolds({ name: 'category', mod: await import('~/routes/console.categories.$id'), actor: who.manager, url: `/console/categories/${c.id}`, params: { id: c.id }, tables: CATALOG_TABLES }, 1)
    await expectPageHolds({ name: 'new category', mod: await import('~/routes/console.categories.new'), actor: who.manager, url: '/console/categories/new', params: {}, fill: { code: 'FUZZ-CAT', nameEn: 'Fuzz', nameZh: '模糊' }, tables: CATALOG_TABLES }, 1)
  }, 90_000)

  it('a product, new and existing', async () => {
    const [p] = await db().select({ id: products.id }).from(products).where(eq(products.sku, 'PK-3001'))
    await expectPageHolds({ name: 'product', mod: await import('~/routes/console.products.$id'), actor: who.manager, url: `/console/products/${p.id}`, params: { id: p.id }, tables: CATALOG_TABLES }, 2)
    await expectPageHolds({ name: 'new product', mod: await import('~/routes/console.products.new'), actor: who.manager, url: '/console/products/new', params: {}, fill: { sku: 'FZ-0001', nameEn: 'Fuzz', nameZh: '模糊', unit: 'pcs', listPrice: '1.00' }, tables: CATALOG_TABLES }, 1)
  }, 90_000)

  it('a warehouse and its bins, new and existing', async () => {
    const [w] = await db().select({ id: warehouses.id }).from(warehouses).where(eq(warehouses.code, 'SZ-SOUTH'))
    await expectPageHolds({ name: 'warehouse', mod: await import('~/routes/console.warehouses.$id'), actor: who.manager, url: `/console/warehouses/${w.id}`, params: { id: w.id }, fill: { code: 'FZ-BIN' }, tables: CATALOG_TABLES }, 2)
    await expectPageHolds({ name: 'new warehouse', mod: await import('~/routes/console.warehouses.new'), actor: who.manager, url: '/console/warehouses/new', params: {}, fill: { code: 'FZ-WH', nameEn: 'Fuzz', nameZh: '模糊' }, tables: CATALOG_TABLES }, 1)
  }, 90_000)
})

describe('prices and auctions', () => {
  it('a new price list', async () => {
    await expectPageHolds({ name: 'new price list', mod: await import('~/routes/console.price-lists.new'), actor: who.sales, url: '/console/price-lists/new', params: {}, fill: { code: 'PL-FUZZ', nameEn: 'Fuzz', nameZh: '模糊', validFrom: '2026-01-01' }, tables: PRICE_TABLES }, 1)
  }, 90_000)

  it("a draft auction's edit form", async () => {
    const { id } = await createAuction(who.buyer, await setup({ startIn: 3600, endIn: 7200, hardStopIn: 9000 }))
    await expectPageHolds({ name: 'auction edit', mod: await import('~/routes/console.auctions.$id.edit'), actor: who.buyer, url: `/console/auctions/${id}/edit`, params: { id }, fill: { [CHECK_ALL]: '1' }, tables: AUCTION_TABLES }, 1)
  }, 90_000)
})
