// The one predicate that turns "the database cannot be reached" into a 503 (API, pages, Express),
// and the Express handler that answers it when the session lookup fails before Remix runs.
import type { AddressInfo } from 'node:net'
import type { EntryContext } from '@remix-run/node'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import handleRequest, { handleDataRequest, handleError } from '~/entry.server'
import { databaseUnavailableHandler } from '~/server/unavailable'
import { DomainError, isDatabaseUnavailable, isServerUnreachable, logFailure } from '~/utils/errors'

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code })

describe('isDatabaseUnavailable', () => {
  it('recognizes a refused, reset or closed connection and a server shutting down or starting', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', '57P01', '57P02', '57P03', '08006', '08P01']) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true)
    }
  })
  it('looks through wrappers: drizzle keeps the driver error as its cause, a dual-stack connect fails as an AggregateError', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('Failed query: select 1'), { cause: withCode('57P01') }))).toBe(true)
    expect(isDatabaseUnavailable(new AggregateError([new Error('x'), withCode('ECONNREFUSED')]))).toBe(true)
  })
  it('leaves statement errors, domain errors and non-errors alone', () => {
    for (const code of ['23505', '40001', '42P01', '57014', 'ENOENT']) expect(isDatabaseUnavailable(withCode(code)), code).toBe(false)
    expect(isDatabaseUnavailable(new DomainError('conflict'))).toBe(false)
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false)
    expect(isDatabaseUnavailable(null)).toBe(false)
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false)
  })
  it('stops on a cause that points back at itself', () => {
    const loop: Error & { cause?: unknown } = new Error('loop')
    loop.cause = loop
    expect(isDatabaseUnavailable(loop)).toBe(false)
  })
})

describe('logFailure', () => {
  it('logs an outage as one line without the error, and anything else with the error and its stack', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      logFailure('auction clock failed', Object.assign(new Error('Failed query: select 1'), { cause: withCode('ECONNREFUSED') }))
      expect(warn.mock.calls).toEqual([['auction clock failed: database unreachable']])
      expect(error).not.toHaveBeenCalled()
      const bug = new TypeError('x is not a function')
      logFailure('auction clock failed', bug)
      expect(error.mock.calls).toEqual([['auction clock failed', bug]])
    } finally {
      warn.mockRestore()
      error.mockRestore()
    }
  })
})

describe('databaseUnavailableHandler', () => {
  let base = ''
  let close = () => {}
  beforeAll(async () => {
    const app = express()
    app.all('/boom', (_req, _res, next) => next(new Error('not the database')))
    app.all('*', (_req, _res, next) => next(Object.assign(new Error('Failed query'), { cause: withCode('ECONNREFUSED') })))
    app.use(databaseUnavailableHandler)
    const server = app.listen(0, '127.0.0.1')
    await new Promise((r) => server.once('listening', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    close = () => server.close()
  })
  afterAll(() => close())

  it('answers the API with the JSON error body and a Retry-After', async () => {
    const res = await fetch(`${base}/api/v1/orders`, { headers: { 'accept-language': 'en' } })
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(await res.json()).toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: 'The service is briefly unavailable. Please try again.' } })
  })
  it('answers a page with a page in the visitor’s language', async () => {
    const zh = await fetch(`${base}/dealer`, { headers: { accept: 'text/html', 'accept-language': 'zh-CN' } })
    expect(zh.status).toBe(503)
    expect(zh.headers.get('content-type')).toContain('text/html')
    const html = await zh.text()
    expect(html).toContain('data-status="503"')
    expect(html).toContain('采销暂时无法使用')
    const en = await (await fetch(`${base}/dealer`, { headers: { accept: 'text/html', 'accept-language': 'en' } })).text()
    expect(en).toContain('Caixiao is briefly unavailable')
  })
  it('answers a Remix data request with JSON', async () => {
    const res = await fetch(`${base}/dealer.data`, { headers: { accept: '*/*' } })
    expect(res.status).toBe(503)
    expect((await res.json()).error.code).toBe('UNAVAILABLE')
  })
  it('passes any other error on to Express', async () => {
    expect((await fetch(`${base}/boom`, { headers: { accept: 'text/html' } })).status).toBe(500)
  })
})

describe('a loader meeting the outage inside Remix (entry.server)', () => {
  const outage = Object.assign(new Error('Failed query: select 1'), { cause: withCode('57P01') })
  const args = (request: Request) => ({ request, params: {}, context: {} as any })

  it('answers the document with the 503 page and a data request with 503; any other failure stays 500', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const page = new Request('http://127.0.0.1/dealer', { headers: { 'accept-language': 'en' } })
      handleError(outage, args(page))
      const res = (await handleRequest(page, 500, new Headers(), {} as EntryContext, { actor: null, cspNonce: '' } as any)) as Response
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('5')
      expect(await res.text()).toContain('Caixiao is briefly unavailable')

      const data = new Request('http://127.0.0.1/dealer.data')
      handleError(outage, args(data))
      expect((await handleDataRequest(new Response('x', { status: 500 }), args(data))).status).toBe(503)

      const bug = new Request('http://127.0.0.1/dealer.data')
      handleError(new TypeError('x is not a function'), args(bug))
      expect((await handleDataRequest(new Response('x', { status: 500 }), args(bug))).status).toBe(500)
      expect(error).toHaveBeenCalledTimes(1)
    } finally {
      warn.mockRestore()
      error.mockRestore()
    }
  })

  it('logs no stack for a URL no route matches (a 404 is the client\'s error), and still logs a 500', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const request = new Request('http://127.0.0.1/favicon.ico')
      // The shape isRouteErrorResponse recognizes: what Remix hands over for "No route matches URL".
      const routeError = (status: number, statusText: string) => ({ status, statusText, internal: true, data: `${status}`, error: new Error(statusText) })
      handleError(routeError(404, 'Not Found'), args(request))
      expect(error).not.toHaveBeenCalled()
      handleError(routeError(500, 'Internal Server Error'), args(request))
      expect(error).toHaveBeenCalledTimes(1)
    } finally {
      error.mockRestore()
    }
  })
})

describe('isServerUnreachable (the browser side: a data request the app never answered)', () => {
  it("recognizes each browser's failed fetch and Remix's undecodable answer", () => {
    for (const message of ['Failed to fetch', 'NetworkError when attempting to fetch resource.', 'Load failed']) expect(isServerUnreachable(new TypeError(message)), message).toBe(true)
    expect(isServerUnreachable(new Error('Unable to decode turbo-stream response from URL: http://localhost/dealer/catalog.data'))).toBe(true)
  })
  it("leaves the page's own faults alone: they stay errors the user is told were recorded", () => {
    expect(isServerUnreachable(new TypeError("Cannot read properties of undefined (reading 'map')"))).toBe(false)
    expect(isServerUnreachable(new Error('something about Failed to fetch in the middle'))).toBe(false)
    expect(isServerUnreachable(new DomainError('unavailable'))).toBe(false)
    expect(isServerUnreachable({ status: 503, statusText: 'Service Unavailable', internal: false, data: null })).toBe(false)
    expect(isServerUnreachable('Failed to fetch')).toBe(false)
  })
})
