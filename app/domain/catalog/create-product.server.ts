import { eq } from 'drizzle-orm'
import type { DbOrTx } from '~db/client'
import { categories, products } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { DomainError } from '~/utils/errors'
import { assertCatalogManager } from './catalog-access.server'
import { productAuditView } from './catalog-audit'
import { duplicateField, mapUniqueViolation } from './catalog-errors.server'
import type { ProductInput } from './catalog.validation'

export async function assertCategoryExists(tx: DbOrTx, categoryId: string) {
  const [c] = await tx.select({ id: categories.id }).from(categories).where(eq(categories.id, categoryId))
  if (!c) throw new DomainError('bad_input', 'errors:bad_input', { categoryId: ['errors:field.choose'] })
}

export async function createProduct(actor: Actor, input: ProductInput, meta: { ip?: string } = {}): Promise<{ id: string }> {
  assertCatalogManager(actor)
  try {
    return await transact(async ({ tx }) => {
      await assertCategoryExists(tx, input.categoryId)
      // ON CONFLICT DO NOTHING waits for a concurrent insert of the same SKU and then yields no row.
      const [row] = await tx.insert(products).values(input).onConflictDoNothing({ target: products.sku }).returning()
      if (!row) throw duplicateField('sku')
      await recordAudit(tx, { actor, ip: meta.ip }, { action: 'catalog.product.created', entityType: 'product', entityId: row.id, after: productAuditView(row) })
      return { id: row.id }
    })
  } catch (err) {
    throw mapUniqueViolation(err, { products_sku_uq: 'sku' })
  }
}
