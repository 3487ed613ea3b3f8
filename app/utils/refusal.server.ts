import type { IncomingHttpHeaders } from 'node:http'
import { isLocale, type Locale } from '~/i18n/config'
import { i18nServer } from '~/i18n/i18next.server'
import { resources } from '~/i18n/resources'

const STATUS = { not_found: 404, forbidden: 403, cross_site: 403, length_required: 411, too_large: 413 } as const
export type Refusal = keyof typeof STATUS

/**
 * A refusal as plain text in the reader's language. A page's 404 is drawn by the error boundary, but a
 * resource route's (a PDF, a spreadsheet, a file) is the whole page a stale link opened in a new tab shows.
 */
export function refusal(code: Refusal, locale: Locale, headers: Record<string, string> = {}): Response {
  const { status, text } = refusalText(code, locale)
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers } })
}

export function refusalText(code: Refusal, locale: Locale): { status: number; text: string } {
  return { status: STATUS[code], text: resources[locale].errors[code] }
}

/** The language of a request no one is known in yet (refused before Remix): the language cookie, then the browser's languages. */
export async function headerLocale(headers: IncomingHttpHeaders): Promise<Locale> {
  const forward: Record<string, string> = {}
  if (headers.cookie) forward.cookie = headers.cookie
  if (headers['accept-language']) forward['accept-language'] = headers['accept-language']
  const detected = await i18nServer.getLocale(new Request('http://localhost/', { headers: forward }))
  return isLocale(detected) ? detected : 'zh-CN'
}
