import type { IncomingHttpHeaders } from 'node:http'

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
