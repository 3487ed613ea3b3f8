// M1 and M2 on the uploads: the catalog's three imports, opening balances, a price list's items and the
// dealer's channel-stock upload, each as the person who uses it, on demo records. See upload-fuzz.ts.
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { priceLists } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { categoryImportSpec, productImportSpec, warehouseImportSpec } from '~/domain/catalog/catalog-import.rules'
import { channelImportSpec } from '~/domain/channel/channel.validation'
import { openingBalanceImportSpec } from '~/domain/inventory/opening-balance-import'
import { priceItemImportSpec } from '~/domain/sales/price-item-import'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { useTempDataDir } from '../catalog/helpers'
import { findingsOf, fuzzUpload, type UploadTarget } from './upload-fuzz'

useTempDataDir()
useTestDatabase({ seed: true })

const CATALOG_TABLES = ['categories', 'products', 'warehouses', 'bins', 'files']
const NAMES = { name_en: 'Fuzz', name_zh: '模糊' }
// Cells naming a product, category, warehouse or bin are judged as codes (codeColumns), not as references that must
// fail: junk that is a plain code (NaN, 0x10) may name one an earlier import of this file made.
const IGNORED = 'a price list sheet carries the names for its reader; the import ignores them (the SKU is what counts)'

let who: Record<'manager' | 'warehouse' | 'sales' | 'dave', Actor>

beforeAll(async () => {
  const [manager, warehouse, sales, dave] = await Promise.all(['buyer.manager@acme.test', 'warehouse@acme.test', 'sales.manager@acme.test', 'dave@north.test'].map(actorFor))
  who = { manager, warehouse, sales, dave }
})

async function run(t: UploadTarget) {
  const { outcomes } = await fuzzUpload(t)
  expect(outcomes.filter((o) => o.verdict === 'refused').length, t.name).toBeGreaterThan(20)
  expect(findingsOf(outcomes)).toEqual([])
}

describe('catalog imports', () => {
  it('categories', async () => {
    await run({ name: 'categories import', mod: await import('~/routes/console.categories.import'), actor: who.manager, url: '/console/categories/import', params: {}, spec: categoryImportSpec, row: { code: 'FZ-CAT', ...NAMES }, codeColumns: ['code'], textColumns: ['name_en', 'name_zh'], tables: CATALOG_TABLES })
  }, 90_000)

  it('products', async () => {
    await run({
      name: 'products import',
      mod: await import('~/routes/console.products.import'),
      actor: who.manager,
      url: '/console/products/import',
      params: {},
      spec: productImportSpec,
      row: { sku: 'FZ-0001', ...NAMES, category: 'ELEC', unit: 'pcs', tax_rate: '13', tracking: 'none', active: 'yes', whole_units: 'yes' },
      // A category named by junk that is a plain code: an earlier import here may have made it.
      codeColumns: ['sku', 'category'],
      textColumns: ['name_en', 'name_zh', 'unit'],
      tables: CATALOG_TABLES,
    })
  }, 90_000)

  it('warehouses', async () => {
    await run({ name: 'warehouses import', mod: await import('~/routes/console.warehouses.import'), actor: who.manager, url: '/console/warehouses/import', params: {}, spec: warehouseImportSpec, row: { code: 'FZ-WH', ...NAMES, address: '上海市', bins: 'A-01, A-02' }, codeColumns: ['code'], textColumns: ['name_en', 'name_zh', 'address', 'bins'], tables: CATALOG_TABLES })
  }, 90_000)
})

describe('stock and prices', () => {
  it('opening balances', async () => {
    await run({ name: 'inventory import', mod: await import('~/routes/console.inventory.import'), actor: who.warehouse, url: '/console/inventory/import', params: {}, spec: openingBalanceImportSpec, row: { sku: 'PK-3001', warehouse: 'SZ-SOUTH', bin: '', batch: '', quantity: '5' }, codeColumns: ['sku', 'warehouse', 'bin'], textColumns: ['batch'], tables: ['stock_moves', 'stock_balances', 'files'] })
  }, 90_000)

  it("a price list's items", async () => {
    const [l] = await db().select({ id: priceLists.id }).from(priceLists).where(eq(priceLists.code, 'PL-B-2026'))
    await run({ name: 'price items import', mod: await import('~/routes/console.price-lists.$id_.import'), actor: who.sales, url: `/console/price-lists/${l.id}/import`, params: { id: l.id }, spec: priceItemImportSpec, row: { sku: 'EL-1001', min_qty: '1', unit_price: '1.00', ...NAMES }, codeColumns: ['sku'], textColumns: ['name_en', 'name_zh'], known: { 'name_en=100k': IGNORED, 'name_zh=100k': IGNORED }, tables: ['price_lists', 'price_list_items', 'files'] })
  }, 90_000)

  it('the dealer channel-stock upload', async () => {
    await run({ name: 'channel upload', mod: await import('../../../portal-customer/routes/channel-stock.upload'), actor: who.dave, url: '/dealer/channel-stock/upload', params: {}, spec: channelImportSpec, row: { sku: 'EL-1001', on_hand: '10', sold: '1', name: '' }, codeColumns: ['sku'], textColumns: ['name'], tables: ['channel_stock_reports', 'channel_stock_lines', 'files'] })
  }, 90_000)
})
