// What the channel-stock tests read back: reports, their lines and the tables' whole contents.
import { and, eq, inArray } from 'drizzle-orm'
import { db } from '~db/client'
import { channelStockLines, channelStockReports, files, products } from '~db/schema'

export async function productIds(...skus: string[]) {
  const rows = await db().select({ id: products.id, sku: products.sku }).from(products).where(inArray(products.sku, skus))
  return Object.fromEntries(rows.map((r) => [r.sku, r.id])) as Record<string, string>
}

/** A dealer's weekly reports starting on this day (one, unless something went wrong). */
export async function reportsOf(dealer: string, periodStart: string) {
  return db()
    .select()
    .from(channelStockReports)
    .where(and(eq(channelStockReports.dealerOrgId, dealer), eq(channelStockReports.periodStart, periodStart), eq(channelStockReports.periodKind, 'week')))
}

/** A report's lines as [sku, on hand, sold], by SKU. */
export async function linesOf(reportId: string) {
  const rows = await db()
    .select({ sku: products.sku, onHand: channelStockLines.onHand, sold: channelStockLines.sold })
    .from(channelStockLines)
    .innerJoin(products, eq(products.id, channelStockLines.productId))
    .where(eq(channelStockLines.reportId, reportId))
    .orderBy(products.sku)
  return rows.map((r) => [r.sku, Number(r.onHand), Number(r.sold)])
}

/** Everything a refused report or upload must leave as it was. */
export const snapshot = async () => ({
  reports: await db().select().from(channelStockReports).orderBy(channelStockReports.id),
  lines: await db().select().from(channelStockLines).orderBy(channelStockLines.id),
  files: await db().$count(files),
})
