import { eq } from 'drizzle-orm'
import { categories } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { notFound } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'
import { assertCatalogManager } from './catalog-access.server'
import { categoryAuditView, sameFields } from './catalog-audit'
import { mapUniqueViolation } from './catalog-errors.server'
import type { CategoryInput } from './catalog.validation'

export async function updateCategory(actor: Actor, id: string, input: CategoryInput, meta: { ip?: string } = {}): Promise<{ changed: boolean }> {
  assertCatalogManager(actor)
  if (!isUuid(id)) throw notFound()
  try {
    return await transact(async ({ tx }) => {
      const [current] = await tx.select().from(categories).where(eq(categories.id, id)).for('update')
      if (!current) throw notFound()
      const before = categoryAuditView(current)
      const after = categoryAuditView(input)
      if (sameFields(before, after)) return { changed: false }
      await tx.update(categories).set(input).where(eq(categories.id, id))
      await recordAudit(tx, { actor, ip: meta.ip }, { action: 'catalog.category.updated', entityType: 'category', entityId: id, before, after })
      return { changed: true }
    })
  } catch (err) {
    throw mapUniqueViolation(err, { categories_code_uq: 'code' })
  }
}
