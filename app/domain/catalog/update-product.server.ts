import { eq, sql } from 'drizzle-orm'
import { products } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { DomainError, notFound } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'
import { withParams } from '~/utils/validation'
import { assertCatalogManager } from './catalog-access.server'
import { productAuditView, sameFields } from './catalog-audit'
import { mapUniqueViolation } from './catalog-errors.server'
import type { ProductInput } from './catalog.validation'
import { assertCategoryExists } from './create-product.server'
import { fractionalHoldings } from './fractional-holdings.server'
import { productPricesChangedNotice } from '~/domain/sales/price-events.server'
import { D } from '~/utils/money'

export async function updateProduct(actor: Actor, id: string, input: ProductInput, meta: { ip?: string } = {}): Promise<{ id: string; changed: boolean }> {
  assertCatalogManager(actor)
  if (!isUuid(id)) throw notFound()
  try {
    return await transact(async ({ tx, afterCommit }) => {
      const [current] = await tx.select().from(products).where(eq(products.id, id)).for('update')
      if (!current) throw notFound()
      await assertCategoryExists(tx, input.categoryId)
      const before = productAuditView(current)
      const after = productAuditView({ ...current, ...input })
      if (sameFields(before, after)) return { id, changed: false }
      if (input.wholeUnits && !current.wholeUnits) {
        const fraction = (await fractionalHoldings(tx, [id])).get(id)
        if (fraction !== undefined) {
          const message = withParams('catalog:errors.fractionalHoldings', { quantity: fraction })
          throw new DomainError('conflict', message, { wholeUnits: [message] })
        }
      }
      // A SKU taken meanwhile fails here on the unique index and is reported on the field.
      await tx.update(products).set({ ...input, updatedAt: sql`now()` }).where(eq(products.id, id))
      await recordAudit(tx, { actor, ip: meta.ip }, { action: 'catalog.product.updated', entityType: 'product', entityId: id, before, after })
      // Carts show totals with tax: a new rate is a new total, which the cart must show before it places the order.
      if (!new D(before.taxRate).eq(after.taxRate)) afterCommit(await productPricesChangedNotice(tx, id))
      return { id, changed: true }
    })
  } catch (err) {
    throw mapUniqueViolation(err, { products_sku_uq: 'sku' })
  }
}
