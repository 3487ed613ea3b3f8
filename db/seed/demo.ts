import { sql } from 'drizzle-orm'
import { db, rawRows } from '../client'
import { bins, categories, currencies, organizations, products, users, warehouses } from '../schema'
import { transact } from '../transaction'
import { hashPassword } from '~/auth/password.server'
import { recordAudit } from '~/audit/record.server'
import {
  DEMO_PASSWORD,
  categoriesData,
  currenciesData,
  dealerOrgs,
  hostOrg,
  productsData,
  staffUsers,
  supplierOrgs,
  warehousesData,
} from './demo-data'

/** Demo data goes only into an empty database, and never in production unless asked for. */
export async function seedDemoIfEmpty(opts: { force?: boolean } = {}): Promise<boolean> {
  if (process.env.NODE_ENV === 'production' && !opts.force) return false
  const [{ n }] = await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from organizations`)
  if (n > 0) return false
  await seedDemo()
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
    await tx.insert(products).values(
      productsData.map(([sku, nameEn, nameZh, cat, unit, taxRate, tracking]) => ({
        sku,
        nameEn,
        nameZh,
        categoryId: catId.get(cat)!,
        unit,
        taxRate,
        tracking,
      })),
    )
    for (const w of warehousesData) {
      const [wh] = await tx.insert(warehouses).values({ code: w.code, nameEn: w.nameEn, nameZh: w.nameZh, address: w.address }).returning()
      await tx.insert(bins).values(w.bins.map((code) => ({ warehouseId: wh.id, code })))
    }
    await recordAudit(tx, { system: true }, { action: 'demo.seeded', entityType: 'system', after: { organizations: 7, products: productsData.length } })
  })
}
