import type { AppLoadContext } from '@remix-run/node'
import { isLocale, type Locale } from './config'
import { i18nServer } from './i18next.server'

/** A signed-in user's own choice wins; before sign-in, the cookie, then the browser's languages. */
export async function resolveLocale(request: Request, context: Pick<AppLoadContext, 'actor'>): Promise<Locale> {
  if (context.actor) return context.actor.locale
  const detected = await i18nServer.getLocale(request)
  return isLocale(detected) ? detected : 'zh-CN'
}
