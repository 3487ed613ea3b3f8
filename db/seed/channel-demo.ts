import { and, eq, inArray, sql } from 'drizzle-orm'
import { channelStockLines, channelStockReports, organizations, products, users } from '../schema'
import { transact } from '../transaction'
import { recordAudit } from '~/audit/record.server'
import { addDays, periodStartOf } from '~/domain/channel/channel.rules'
import { businessDate } from '~/domain/sales/sales.queries.server'

/** What each demo dealer carries, with a typical weekly sale and how much it restocks at a time. */
const assortments: Record<string, Array<[sku: string, weeklySales: number, restock: number]>> = {
  'DLR-NORTH': [
    ['EL-1001', 1800, 6000],
    ['EL-1002', 2400, 8000],
    ['EL-1003', 650, 2000],
    ['EL-1004', 22, 60],
    ['EL-1005', 14, 40],
    ['MT-2001', 900, 3000],
    ['AS-4001', 6, 20],
    ['AS-4002', 9, 24],
  ],
  'DLR-EAST': [
    ['EL-1001', 1200, 5000],
    ['EL-1003', 420, 1500],
    ['PK-3001', 340, 1200],
    ['PK-3002', 1500, 5000],
    ['PK-3003', 260, 1000],
    ['MT-2002', 75, 240],
    ['AS-4001', 4, 12],
  ],
  'DLR-SOUTH': [
    ['MT-2001', 1300, 4000],
    ['MT-2002', 110, 300],
    ['MT-2003', 45, 150],
    ['MT-2004', 380.5, 1200],
    ['PK-3004', 520, 1600],
    ['PK-3005', 48, 160],
    ['AS-4003', 2, 6],
  ],
}

export const CHANNEL_DEMO_WEEKS = 8

/** A small deterministic generator, so every seeded database tells the same story. */
function generator(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/** Quantities: whole units, except goods sold by weight or length, which keep one decimal. */
const round = (q: number, fractional: boolean) => (fractional ? Math.round(q * 10) / 10 : Math.round(q))

/**
 * Weekly reports of the three demo dealers for the last 8 weeks (the current one included), source
 * 'demo'. Each product's stock runs down with its sales, which swing week to week, and is restocked
 * when it gets low, so weeks of cover and sell-through differ between dealers and products.
 */
export async function seedChannelDemo() {
  await transact(async ({ tx }) => {
    const thisMonday = periodStartOf('week', await businessDate(tx))
    const weeks = Array.from({ length: CHANNEL_DEMO_WEEKS }, (_, i) => addDays(thisMonday, -7 * (CHANNEL_DEMO_WEEKS - 1 - i)))
    const skus = [...new Set(Object.values(assortments).flatMap((a) => a.map(([sku]) => sku)))]
    const productRows = await tx.select({ id: products.id, sku: products.sku, unit: products.unit }).from(products).where(inArray(products.sku, skus))
    const product = new Map(productRows.map((p) => [p.sku, p]))
    let reports = 0
    for (const [dealerIndex, [code, assortment]] of Object.entries(assortments).entries()) {
      const [dealer] = await tx
        .select({ id: organizations.id, adminId: users.id })
        .from(organizations)
        .innerJoin(users, eq(users.orgId, organizations.id))
        .where(and(eq(organizations.code, code), sql`'dealer_admin' = any(${users.roles})`))
        .limit(1)
      if (!dealer) continue
      const random = generator(7919 * (dealerIndex + 1))
      // Starting stock: two to five weeks of sales.
      const stock = new Map(assortment.map(([sku, weekly]) => [sku, weekly * (2 + random() * 3)]))
      for (const [w, periodStart] of weeks.entries()) {
        const [report] = await tx
          .insert(channelStockReports)
          .values({ dealerOrgId: dealer.id, periodKind: 'week', periodStart, submittedBy: dealer.adminId, source: 'demo' })
          .returning({ id: channelStockReports.id })
        reports += 1
        const lines = assortment.flatMap(([sku, weekly, restock]) => {
          const p = product.get(sku)
          if (!p) return []
          const fractional = p.unit === 'kg' || p.unit === 'm'
          // A gentle trend per dealer plus noise; some weeks sell half, some half again as much.
          const demand = weekly * (1 + 0.04 * (w - 3) * (dealerIndex === 1 ? -1 : 1)) * (0.55 + random() * 0.95)
          let onHand = stock.get(sku)!
          const sold = round(Math.min(onHand, demand), fractional)
          onHand -= sold
          if (onHand < weekly * 1.2) onHand += restock
          onHand = round(onHand, fractional)
          stock.set(sku, onHand)
          return [{ reportId: report.id, productId: p.id, onHand: String(onHand), sold: String(sold) }]
        })
        await tx.insert(channelStockLines).values(lines)
      }
    }
    await recordAudit(tx, { system: true }, { action: 'channel.demo.seeded', entityType: 'system', after: { reports, weeks: weeks.length, from: weeks[0], to: weeks[weeks.length - 1] } })
  })
}
