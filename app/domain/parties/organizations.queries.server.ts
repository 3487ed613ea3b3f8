import { eq } from 'drizzle-orm'
import { db } from '~db/client'
import { organizations } from '~db/schema'
import type { Actor } from '~/auth/roles'

/** The actor's own organization, as the shell shows it. */
export async function ownOrganization(actor: Actor) {
  const [org] = await db()
    .select({ id: organizations.id, nameEn: organizations.nameEn, nameZh: organizations.nameZh, kind: organizations.kind })
    .from(organizations)
    .where(eq(organizations.id, actor.orgId))
  return org
}

export function localizedName(row: { nameEn: string; nameZh: string }, locale: string) {
  return locale === 'en' ? row.nameEn : row.nameZh
}
