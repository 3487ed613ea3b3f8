// Every request looks its session up before Remix runs (getLoadContext), so while PostgreSQL is down
// the failure surfaces in Express, whose default answer is a bare 500. It is a 503 instead, in the
// shape the request expects: the API's JSON error, or a page in the visitor's language.
import type { ErrorRequestHandler, Request as ExpressRequest, Response as ExpressResponse } from 'express'
import { isLocale, defaultLocale, type Locale } from '~/i18n/config'
import { i18nServer } from '~/i18n/i18next.server'
import { isDatabaseUnavailable } from '~/utils/errors'
import { logger } from './logger'

/** Seconds a client is asked to wait: a restarting PostgreSQL is usually back within a few. */
const RETRY_AFTER_SECONDS = 5

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** The language the visitor chose before signing in, else the browser's (a user's own choice is in the unreachable database). */
async function localeOf(req: ExpressRequest): Promise<Locale> {
  const headers = new Headers()
  if (req.headers.cookie) headers.set('cookie', req.headers.cookie)
  if (req.headers['accept-language']) headers.set('accept-language', req.headers['accept-language'])
  const detected = await i18nServer.getLocale(new Request(`http://localhost${req.originalUrl}`, { headers })).catch(() => null)
  return isLocale(detected) ? detected : defaultLocale
}

/** Whether the request wants JSON (the API, Remix's data requests) rather than a page. */
function wantsJson(req: ExpressRequest): boolean {
  if (req.path.startsWith('/api/') || req.path.endsWith('.data')) return true
  return !req.accepts('html')
}

async function answer(req: ExpressRequest, res: ExpressResponse) {
  const locale = await localeOf(req)
  const t = await i18nServer.getFixedT(locale, 'errors')
  res.status(503).set({ 'Retry-After': String(RETRY_AFTER_SECONDS), 'Cache-Control': 'no-store' })
  if (wantsJson(req)) return void res.json({ ok: false, error: { code: 'UNAVAILABLE', message: t('unavailable') } })
  const title = escapeHtml(t('unavailablePage.title'))
  // No script and no inline style (the CSP allows neither without the nonce); data-status as on the app's own error page.
  res
    .type('html')
    .send(
      `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>` +
        `<body><main data-status="503"><p>503</p><h1>${title}</h1><p>${escapeHtml(t('unavailablePage.body'))}</p></main></body></html>`,
    )
}

/** Express error handler, after the Remix handler: database-unreachable errors become a 503, anything else goes on. */
export const databaseUnavailableHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent || !isDatabaseUnavailable(err)) return next(err)
  logger.warn({ path: req.path, code: (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code }, 'database unreachable: answered 503')
  answer(req, res).catch(next)
}
