import { and, eq, sql } from 'drizzle-orm'
import { products } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { notFound } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'
import { assertCatalogManager } from './catalog-access.server'
import { productPricesChangedNotice } from '~/domain/sales/price-events.server'

/**
 * Products are deactivated, never deleted: orders and documents keep pointing at them. The
 * guarded update makes a repeated click a no-op with no second audit row.
 */
export async function setProductActive(actor: Actor, id: string, active: boolean, meta: { ip?: string } = {}): Promise<{ changed: boolean }> {
  assertCatalogManager(actor)
  if (!isUuid(id)) throw notFound()
  return transact(async ({ tx, afterCommit }) => {
    const [row] = await tx
      .update(products)
      .set({ active, updatedAt: sql`now()` })
      .where(and(eq(products.id, id), eq(products.active, !active)))
      .returning({ id: products.id, sku: products.sku })
    if (!row) {
      const [exists] = await tx.select({ id: products.id }).from(products).where(eq(products.id, id))
      if (!exists) throw notFound()
      return { changed: false }
    }
    await recordAudit(
      tx,
      { actor, ip: meta.ip },
      {
        action: active ? 'catalog.product.activated' : 'catalog.product.deactivated',
        entityType: 'product',
        entityId: id,
        before: { sku: row.sku, active: !active },
        after: { sku: row.sku, active },
      },
    )
    // A withdrawn product leaves every cart that holds it, a returned one can be ordered again: the carts price again.
    afterCommit(await productPricesChangedNotice(tx, id))
    return { changed: true }
  })
}
