import { and, eq, sql } from 'drizzle-orm'
import { priceListItems, priceLists, products } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { DomainError, notFound } from '~/utils/errors'
import { D } from '~/utils/money'
import { isUuid } from '~/utils/uuid'
import { withParams } from '~/utils/validation'
import { fitsUnit } from '~/domain/catalog/catalog.rules'
import { lookUpCode, skuLookup } from '~/domain/catalog/catalog-import.validation'
import { pricesChangedNotice } from './price-events.server'
import { assertPricingManager } from './sales-access.server'
import type { PriceItemInput } from './sales.validation'

/** Sets the price of one volume break (product, min quantity): a new break is added, an existing one repriced, in one upsert. */
export async function setPriceListItem(actor: Actor, priceListId: string, input: PriceItemInput, meta: { ip?: string } = {}): Promise<{ id: string }> {
  assertPricingManager(actor)
  if (!isUuid(priceListId)) throw notFound()
  return transact(async ({ tx, afterCommit }) => {
    const [list] = await tx.select({ id: priceLists.id, tier: priceLists.tier }).from(priceLists).where(eq(priceLists.id, priceListId))
    if (!list) throw notFound()
    // SKUs are typed in any case: "el-1002" is EL-1002 (an exact match wins where two SKUs differ only in case).
    const candidates = await tx.select({ id: products.id, sku: products.sku, wholeUnits: products.wholeUnits }).from(products).where(sql`lower(${products.sku}) = lower(${input.sku})`)
    const sku = lookUpCode(skuLookup(candidates.map((c) => c.sku)), input.sku)
    const product = candidates.find((c) => c.sku === sku)
    if (!product) throw new DomainError('bad_input', 'sales:errors.unknownSku', { sku: ['sales:errors.unknownSku'] })
    if (!fitsUnit(input.minQty, product.wholeUnits)) {
      const message = withParams('catalog:errors.wholeUnits', { sku: product.sku })
      throw new DomainError('bad_input', message, { minQty: [message] })
    }
    const minQty = new D(input.minQty).toFixed(4)
    const unitPrice = new D(input.unitPrice).toFixed(4)
    const [previous] = await tx
      .select({ unitPrice: sql<string>`${priceListItems.unitPrice}::text` })
      .from(priceListItems)
      .where(and(eq(priceListItems.priceListId, priceListId), eq(priceListItems.productId, product.id), eq(priceListItems.minQty, minQty)))
      .for('update')
    const [row] = await tx
      .insert(priceListItems)
      .values({ priceListId, productId: product.id, minQty, unitPrice })
      .onConflictDoUpdate({ target: [priceListItems.priceListId, priceListItems.productId, priceListItems.minQty], set: { unitPrice } })
      .returning({ id: priceListItems.id })
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'sales.price_list.item_set',
      entityType: 'price_list',
      entityId: priceListId,
      before: previous ? { sku: product.sku, minQty, unitPrice: previous.unitPrice } : null,
      after: { sku: product.sku, minQty, unitPrice },
    })
    // An open cart would otherwise be ordered at a price its dealer never saw.
    if (previous?.unitPrice !== unitPrice) afterCommit(await pricesChangedNotice(tx, { priceListId, tiers: [list.tier], productIds: [product.id] }))
    return { id: row.id }
  })
}

export async function removePriceListItem(actor: Actor, priceListId: string, itemId: string, meta: { ip?: string } = {}): Promise<{ sku: string; minQty: string }> {
  assertPricingManager(actor)
  if (!isUuid(priceListId) || !isUuid(itemId)) throw notFound()
  return await transact(async ({ tx, afterCommit }) => {
    const [gone] = await tx
      .delete(priceListItems)
      .where(and(eq(priceListItems.id, itemId), eq(priceListItems.priceListId, priceListId)))
      .returning({ productId: priceListItems.productId, minQty: sql<string>`${priceListItems.minQty}::text`, unitPrice: sql<string>`${priceListItems.unitPrice}::text` })
    if (!gone) throw notFound()
    const [[p], [list]] = await Promise.all([
      tx.select({ sku: products.sku }).from(products).where(eq(products.id, gone.productId)),
      tx.select({ tier: priceLists.tier }).from(priceLists).where(eq(priceLists.id, priceListId)),
    ])
    afterCommit(await pricesChangedNotice(tx, { priceListId, tiers: [list.tier], productIds: [gone.productId] }))
    await recordAudit(tx, { actor, ip: meta.ip }, { action: 'sales.price_list.item_removed', entityType: 'price_list', entityId: priceListId, before: { sku: p.sku, minQty: gone.minQty, unitPrice: gone.unitPrice }, after: null })
    return { sku: p.sku, minQty: new D(gone.minQty).toFixed() }
  })
}
