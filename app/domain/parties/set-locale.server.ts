import { eq } from 'drizzle-orm'
import { users } from '~db/schema'
import { transact } from '~db/transaction'
import type { Actor } from '~/auth/roles'
import { recordAudit } from '~/audit/record.server'
import type { Locale } from '~/i18n/config'

export async function setUserLocale(actor: Actor, locale: Locale, ip?: string) {
  if (actor.locale === locale) return
  await transact(async ({ tx }) => {
    await tx.update(users).set({ locale }).where(eq(users.id, actor.userId))
    await recordAudit(tx, { actor, ip }, { action: 'user.locale_changed', entityType: 'user', entityId: actor.userId, before: { locale: actor.locale }, after: { locale } })
  })
}
