// While PostgreSQL is down a request is answered 503, in the shape it expects: the API's JSON error,
// or a page in the visitor's language. Two paths lead here: the session lookup runs before Remix
// (getLoadContext), so its failure surfaces in Express, whose default answer is a bare 500; and a
// loader that fails inside Remix (entry.server.tsx), whose error page would say 500.
import type { ErrorRequestHandler, Request as ExpressRequest } from 'express'
import type { Locale } from '~/i18n/config'
import { i18nServer } from '~/i18n/i18next.server'
import { resolveLocale } from '~/i18n/locale.server'
import { apiErrorResponse, OUTAGE_HEADERS } from '~/utils/api-response.server'
import { isDatabaseUnavailable } from '~/utils/errors'
import { logger } from './logger'

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/**
 * The page a browser gets. No script and no inline style (the CSP allows neither without the
 * nonce), nothing that needs the database; data-status as on the app's own error page.
 */
export async function unavailablePage(locale: Locale): Promise<Response> {
  const t = await i18nServer.getFixedT(locale, 'errors')
  const title = escapeHtml(t('unavailablePage.title'))
  const html =
    `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>` +
    `<body><main data-status="503"><p>503</p><h1>${title}</h1><p>${escapeHtml(t('unavailablePage.body'))}</p></main></body></html>`
  return new Response(html, { status: 503, headers: { ...OUTAGE_HEADERS, 'Content-Type': 'text/html; charset=utf-8' } })
}

/** Whether the request wants JSON (the API, Remix's data requests) rather than a page. */
function wantsJson(req: ExpressRequest): boolean {
  if (req.path.startsWith('/api/') || req.path.endsWith('.data')) return true
  return !req.accepts('html')
}

/** Express error handler, after the Remix handler: database-unreachable errors become a 503, anything else goes on. */
export const databaseUnavailableHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent || !isDatabaseUnavailable(err)) return next(err)
  logger.warn({ path: req.path, code: (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code }, 'database unreachable: answered 503')
  void (async () => {
    // The user's own language is in the unreachable database: the visitor's cookie or browser decides.
    const headers = new Headers()
    if (req.headers.cookie) headers.set('cookie', req.headers.cookie)
    if (req.headers['accept-language']) headers.set('accept-language', req.headers['accept-language'])
    const locale = await resolveLocale(new Request(`http://localhost${req.originalUrl}`, { headers }), { actor: null })
    const answer = wantsJson(req) ? await apiErrorResponse(locale, 'unavailable', undefined, undefined, { headers: OUTAGE_HEADERS }) : await unavailablePage(locale)
    res.status(answer.status)
    answer.headers.forEach((value, name) => res.setHeader(name, value))
    res.send(await answer.text())
  })().catch(next)
}
