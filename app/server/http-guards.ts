import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerResponse } from 'node:http'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export const isSafeMethod = (method: string) => SAFE_METHODS.has(method.toUpperCase())

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name]
  return Array.isArray(v) ? v[0] : v
}

/** The origins a same-site request may carry: the configured public origin and our own host. */
export function allowedOriginsFor(headers: IncomingHttpHeaders, appOrigin?: string): string[] {
  const host = header(headers, 'host')
  const out = appOrigin ? [appOrigin.replace(/\/$/, '')] : []
  if (host) out.push(`http://${host}`, `https://${host}`)
  return out
}

/**
 * Cross-site request check for state-changing requests and socket handshakes. A browser always
 * sends Origin on cross-site POSTs and WebSocket handshakes, and Sec-Fetch-Site on everything;
 * a request with neither comes from a non-browser client, which holds no victim's cookie.
 */
export function isSameOrigin(headers: IncomingHttpHeaders, allowed: string[]): boolean {
  const origin = header(headers, 'origin')
  if (origin !== undefined) return allowed.includes(origin)
  const site = header(headers, 'sec-fetch-site')
  if (site !== undefined) return site === 'same-origin' || site === 'none'
  return true
}

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-inline'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ')
}

/** Form posts and JSON; uploads and imports get their own, larger limit. */
export const BODY_LIMIT = 1 * 1024 * 1024
export const UPLOAD_LIMIT = 20 * 1024 * 1024
// `/…/import` and `/…/upload`, also as single-fetch `.data` posts (how a Remix <Form> submits with JS on).
const UPLOAD_PATH = /\/(import|upload)(\.data)?(\/|$)/

export const bodyLimitFor = (path: string) => (UPLOAD_PATH.test(path) ? UPLOAD_LIMIT : BODY_LIMIT)

/**
 * Pages and their `.data` payloads carry the signed-in user's data (names, prices, bids): unless
 * a route sets its own Cache-Control, a response leaves with `no-store`, so no browser or proxy
 * cache keeps it (T6). Hooks writeHead, which every response passes through, headers set or not.
 */
export function noStoreByDefault(_req: unknown, res: ServerResponse, next: () => void) {
  const writeHead = res.writeHead
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const given = args.find((a): a is OutgoingHttpHeaders | unknown[] => typeof a === 'object' && a !== null)
    const inArgs = Array.isArray(given)
      ? given.some((v, i) => i % 2 === 0 && String(v).toLowerCase() === 'cache-control')
      : given !== undefined && Object.keys(given).some((k) => k.toLowerCase() === 'cache-control')
    if (!this.hasHeader('Cache-Control') && !inArgs) this.setHeader('Cache-Control', 'no-store')
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args)
  } as ServerResponse['writeHead']
  next()
}

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d{1,5})?$/i

/**
 * The origin that links in e-mail (password reset, invitations) point to. The Host header is the
 * client's to choose, so a request with `Host: evil.example` must not get a real link to evil.example
 * mailed to a victim: without APP_ORIGIN only loopback hosts are believed, anything else falls back
 * to http://localhost:PORT.
 */
export function publicOrigin(opts: { appOrigin?: string; protocol: string; host?: string; port: number }): string {
  if (opts.appOrigin) return opts.appOrigin.replace(/\/$/, '')
  if (opts.host && LOOPBACK_HOST.test(opts.host)) return `${opts.protocol}://${opts.host}`
  return `http://localhost:${opts.port}`
}
