import { Transform, type TransformCallback } from 'node:stream'
import type { AppLoadContext, EntryContext, HandleDataRequestFunction, HandleErrorFunction } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { isRouteErrorResponse, RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { I18nextProvider } from 'react-i18next'
import { renderToPipeableStream } from 'react-dom/server'
import { renderI18n } from './i18n/i18next.server'
import { resolveLocale } from './i18n/locale.server'
import { NonceContext } from './ui/nonce'
import { unavailablePage } from './server/unavailable'
import { isDatabaseUnavailable } from './utils/errors'

const ABORT_DELAY = 5_000

/**
 * React writes a page as many 2 KB chunks in one synchronous pass; every chunk then crossed the web
 * stream, Remix's copy loop, gzip and the socket on its own, and Remix flushes gzip after each chunk
 * (the order list of bench:orders went out as 28 KB instead of 17 KB). This hands on what one pass
 * wrote as a single chunk (a suspense boundary resolving later is a pass of its own, still streamed).
 */
export class CoalescingStream extends Transform {
  private parts: Buffer[] = []
  private scheduled = false

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.parts.push(withoutViewPadding(chunk))
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => this.release())
    }
    callback()
  }

  override _flush(callback: TransformCallback) {
    this.release()
    callback()
  }

  private release() {
    this.scheduled = false
    if (this.parts.length === 0) return
    const parts = this.parts
    this.parts = []
    this.push(parts.length === 1 ? parts[0] : Buffer.concat(parts))
  }
}

const REACT_VIEW_SIZE = 2048

/**
 * React 18.3's server renderer encodes text into 2 KB views; when a multi-byte character does not
 * fit at the end of one, it sends the whole view, unused zero bytes included (facebook/react#24985,
 * fixed only in React 19). Chinese pages got NUL bytes mid-text: dropped by browsers in text, but
 * U+FFFD in attributes and inline scripts. Such a view is exactly 2 KB and ends in at most 3 zeros
 * (a character is at most 4 bytes); the pages never contain NUL themselves.
 */
export function withoutViewPadding(chunk: Buffer): Buffer {
  if (chunk.length !== REACT_VIEW_SIZE) return chunk
  let end = chunk.length
  while (end > chunk.length - 3 && chunk[end - 1] === 0) end--
  return end === chunk.length ? chunk : chunk.subarray(0, end)
}

export const streamTimeout = ABORT_DELAY

// Requests whose loader or action failed because the database could not be reached: their 500 is
// a 503 (the client may retry; nothing is wrong with the request or the code). Remix hands
// handleError the same Request it then renders or answers, and sanitizes the error before that.
const databaseUnavailable = new WeakSet<Request>()

export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return
  if (isDatabaseUnavailable(error)) {
    databaseUnavailable.add(request)
    console.warn(`database unreachable during ${request.method} ${new URL(request.url).pathname}`)
    return
  }
  // A URL no route matches (a bot's probe, a stale bookmark) is the client's error, answered 404: no stack in the server's log.
  if (isRouteErrorResponse(error) && error.status < 500) return
  // As Remix's own default handler logs.
  console.error(isRouteErrorResponse(error) && (error as { error?: unknown }).error ? (error as { error?: unknown }).error : error)
}

export const handleDataRequest: HandleDataRequestFunction = (response, { request }) =>
  response.status === 500 && databaseUnavailable.has(request) ? new Response(response.body, { status: 503, headers: response.headers }) : response

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const lng = await resolveLocale(request, loadContext)
  // Remix's error page would say 500 and render the app's shell; the page Express gives when the
  // session lookup meets the same outage says what it is.
  if (responseStatusCode === 500 && databaseUnavailable.has(request)) return unavailablePage(lng)
  const i18n = await renderI18n(lng)
  const nonce = loadContext.cspNonce
  const botRequest = isbot(request.headers.get('user-agent') ?? '')

  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceContext.Provider>,
      {
        nonce,
        [botRequest ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true
          const body = new CoalescingStream()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(new Response(createReadableStreamFromReadable(body) as any, { headers: responseHeaders, status: responseStatusCode }))
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) console.error(error)
        },
      },
    )
    setTimeout(abort, ABORT_DELAY)
  })
}
