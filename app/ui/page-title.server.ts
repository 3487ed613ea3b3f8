import type { Actor } from '~/auth/roles'
import { fixedT } from '~/i18n/i18next.server'

/** A page's title in the user's language, for the browser tab (meta runs before i18n is at hand). */
export async function pageTitle(actor: Actor, ns: string, key: string, params: Record<string, string> = {}): Promise<string> {
  const t = await fixedT(actor.locale, ns)
  return t(key, params)
}
