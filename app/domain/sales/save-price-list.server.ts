import { eq, sql } from 'drizzle-orm'
import { priceLists } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { notFound } from '~/utils/errors'
import { isUuid } from '~/domain/catalog/catalog.queries.server'
import { sameFields } from '~/domain/catalog/catalog-audit'
import { duplicateField, mapUniqueViolation } from '~/domain/catalog/catalog-errors.server'
import { assertPricingManager } from './sales-access.server'
import { priceListAuditView } from './sales-audit'
import type { PriceListInput } from './sales.validation'
import { assertCurrency } from './set-dealer-terms.server'

export async function createPriceList(actor: Actor, input: PriceListInput, meta: { ip?: string } = {}): Promise<{ id: string }> {
  assertPricingManager(actor)
  try {
    return await transact(async ({ tx }) => {
      await assertCurrency(tx, input.currency)
      const [row] = await tx.insert(priceLists).values(input).onConflictDoNothing({ target: priceLists.code }).returning()
      if (!row) throw duplicateField('code')
      await recordAudit(tx, { actor, ip: meta.ip }, { action: 'sales.price_list.created', entityType: 'price_list', entityId: row.id, after: priceListAuditView(row) })
      return { id: row.id }
    })
  } catch (err) {
    throw mapUniqueViolation(err, { price_lists_code_uq: 'code' })
  }
}

export async function updatePriceList(actor: Actor, id: string, input: PriceListInput, meta: { ip?: string } = {}): Promise<{ changed: boolean }> {
  assertPricingManager(actor)
  if (!isUuid(id)) throw notFound()
  try {
    return await transact(async ({ tx }) => {
      const [current] = await tx.select().from(priceLists).where(eq(priceLists.id, id)).for('update')
      if (!current) throw notFound()
      await assertCurrency(tx, input.currency)
      const before = priceListAuditView(current)
      const after = priceListAuditView(input)
      if (sameFields(before, after)) return { changed: false }
      await tx.update(priceLists).set({ ...input, updatedAt: sql`now()` }).where(eq(priceLists.id, id))
      await recordAudit(tx, { actor, ip: meta.ip }, { action: 'sales.price_list.updated', entityType: 'price_list', entityId: id, before, after })
      return { changed: true }
    })
  } catch (err) {
    throw mapUniqueViolation(err, { price_lists_code_uq: 'code' })
  }
}
