import { sql } from 'drizzle-orm'
import { db, rawRows } from '../client'
import { bins, categories, currencies, dealerTerms, organizations, priceListItems, priceLists, products, users, warehouses } from '../schema'
import { transact } from '../transaction'
import { hashPassword } from '~/auth/password.server'
import { recordAudit } from '~/audit/record.server'
import { defaultWholeUnits } from '~/domain/catalog/catalog.rules'
import { applyMove } from '~/domain/inventory/ledger.server'
import { receiveSerials } from '~/domain/inventory/tracking.server'
import { OPENING_BALANCE_REASON } from '~/domain/inventory/stock.rules'
import { D } from '~/utils/money'
import {
  DEALER_SALES_OWNER,
  DEMO_PASSWORD,
  PRICE_LISTS_VALID_FROM,
  basePrices,
  categoriesData,
  dealerTermsData,
  openingLots,
  openingSerials,
  openingStock,
  priceTiers,
  volumeBreakCategories,
  volumeBreaks,
  currenciesData,
  dealerOrgs,
  hostOrg,
  productsData,
  staffUsers,
  supplierOrgs,
  warehousesData,
} from './demo-data'
import { seedAuctionDemo } from './auction-demo'
import { seedChannelDemo } from './channel-demo'
import { seedCountsDemo } from './inventory-demo'
import { seedOrdersDemo } from './orders-demo'
import { seedReorderDemo } from './reorder-demo'

/** Demo data goes only into an empty database, and never in production unless asked for. */
export async function seedDemoIfEmpty(opts: { force?: boolean } = {}): Promise<boolean> {
  if (process.env.NODE_ENV === 'production' && !opts.force) return false
  const [{ n }] = await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from organizations`)
  if (n > 0) return false
  await seedDemo()
  await seedOrdersDemo()
  await seedCountsDemo()
  // After the orders: their shipments are the usage the reorder points are computed from.
  await seedReorderDemo()
  // Kept out of seedDemo(), which every test file runs: the finished auction needs a few seconds of real time.
  await seedAuctionDemo()
  return true
}

export async function seedDemo() {
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  await transact(async ({ tx }) => {
    const [host] = await tx.insert(organizations).values({ kind: 'host', ...hostOrg }).returning()
    await tx.insert(users).values(
      staffUsers.map((u) => ({ orgId: host.id, email: u.email, name: u.name, roles: u.roles, status: 'active' as const, passwordHash })),
    )
    for (const [kind, list] of [['supplier', supplierOrgs], ['dealer', dealerOrgs]] as const) {
      for (const o of list) {
        const [org] = await tx
          .insert(organizations)
          .values({ kind, code: o.code, nameEn: o.nameEn, nameZh: o.nameZh, region: o.region })
          .returning()
        await tx.insert(users).values(
          o.users.map((u) => ({
            orgId: org.id,
            email: u.email,
            name: u.name,
            roles: [u.admin ? `${kind}_admin` : `${kind}_user`],
            status: 'active' as const,
            passwordHash,
            locale: 'zh-CN' as const,
          })),
        )
      }
    }
    await tx.insert(currencies).values(currenciesData)
    const cats = await tx.insert(categories).values(categoriesData).returning()
    const catId = new Map(cats.map((c) => [c.code, c.id]))
    const prods = await tx.insert(products).values(
      productsData.map(([sku, nameEn, nameZh, cat, unit, taxRate, tracking]) => ({
        sku,
        nameEn,
        nameZh,
        categoryId: catId.get(cat)!,
        unit,
        taxRate,
        tracking,
        wholeUnits: defaultWholeUnits(unit, tracking),
      })),
    ).returning()
    const whId = new Map<string, string>()
    for (const w of warehousesData) {
      const [wh] = await tx.insert(warehouses).values({ code: w.code, nameEn: w.nameEn, nameZh: w.nameZh, address: w.address }).returning()
      whId.set(w.code, wh.id)
      await tx.insert(bins).values(w.bins.map((code) => ({ warehouseId: wh.id, code })))
    }
    // Opening stock goes through the ledger like any receipt, so balances are the sum of moves from the start: by batch for
    // batch-tracked products, one serial number per unit (received as the stock forms receive them) for serial-tracked ones.
    const opening = { kind: 'receipt', reason: OPENING_BALANCE_REASON, referenceType: 'seed', referenceId: 'demo' } as const
    for (const [i, p] of prods.entries()) {
      for (const [code, qty] of Object.entries(openingStock(p.sku, i))) {
        if (qty <= 0) continue
        const place = { warehouseId: whId.get(code)!, binId: null }
        if (p.tracking === 'serial') {
          await receiveSerials(tx, p, place, openingSerials(p.sku, code, qty), opening, null)
          continue
        }
        for (const [batch, lot] of openingLots(p.sku, code, qty)) {
          await applyMove(tx, { ...opening, productId: p.id, ...place, batch, quantity: String(lot) }, null)
        }
      }
    }
    for (const t of priceTiers) {
      const [list] = await tx
        .insert(priceLists)
        .values({ code: t.code, nameEn: t.nameEn, nameZh: t.nameZh, tier: t.tier, currency: 'CNY', validFrom: PRICE_LISTS_VALID_FROM })
        .returning()
      const items = prods.flatMap((p) => {
        const price = new D(basePrices[p.sku]).times(t.factor)
        const cat = categoriesData.find((c) => catId.get(c.code) === p.categoryId)!.code
        const breaks = (volumeBreakCategories as readonly string[]).includes(cat) ? volumeBreaks : []
        return [
          { priceListId: list.id, productId: p.id, minQty: '1', unitPrice: price.toDecimalPlaces(4).toFixed(4) },
          ...breaks.map((b) => ({ priceListId: list.id, productId: p.id, minQty: b.minQty, unitPrice: price.times(b.factor).toDecimalPlaces(4).toFixed(4) })),
        ]
      })
      await tx.insert(priceListItems).values(items)
    }
    const [owner] = await tx.select({ id: users.id }).from(users).where(sql`${users.email} = ${DEALER_SALES_OWNER}`)
    for (const d of dealerTermsData) {
      const [org] = await tx.select({ id: organizations.id }).from(organizations).where(sql`${organizations.code} = ${d.org}`)
      await tx.insert(dealerTerms).values({ dealerOrgId: org.id, priceTier: d.tier, creditLimit: d.creditLimit, paymentTermsDays: d.paymentTermsDays, salesOwnerUserId: owner.id, currency: 'CNY' })
    }
    await recordAudit(tx, { system: true }, { action: 'demo.seeded', entityType: 'system', after: { organizations: 7, products: productsData.length } })
  })
  await seedChannelDemo()
}
