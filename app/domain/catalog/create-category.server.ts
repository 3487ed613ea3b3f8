import { categories } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { assertCatalogManager } from './catalog-access.server'
import { categoryAuditView } from './catalog-audit'
import { duplicateField, mapUniqueViolation } from './catalog-errors.server'
import type { CategoryInput } from './catalog.validation'

export async function createCategory(actor: Actor, input: CategoryInput, meta: { ip?: string } = {}): Promise<{ id: string }> {
  assertCatalogManager(actor)
  try {
    return await transact(async ({ tx }) => {
      const [row] = await tx.insert(categories).values(input).onConflictDoNothing({ target: categories.code }).returning()
      if (!row) throw duplicateField('code')
      await recordAudit(tx, { actor, ip: meta.ip }, { action: 'catalog.category.created', entityType: 'category', entityId: row.id, after: categoryAuditView(row) })
      return { id: row.id }
    })
  } catch (err) {
    throw mapUniqueViolation(err, { categories_code_uq: 'code' })
  }
}
