import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BODY_LIMIT, bodyLimitFor, noStoreByDefault, UPLOAD_LIMIT } from '~/server/http-guards'

describe('body limits (M2)', () => {
  it('gives uploads and imports the larger limit, also when a Remix form posts them to `.data`', () => {
    for (const p of ['/console/products/import', '/console/products/import.data', '/files/upload', '/files/upload/x', '/supplier/invoices/upload.data'])
      expect(bodyLimitFor(p), p).toBe(UPLOAD_LIMIT)
  })
  it('keeps everything else at 1 MB', () => {
    for (const p of ['/login', '/login.data', '/console/importer', '/console/products/import-rules', '/uploads-list', '/console/upload.database'])
      expect(bodyLimitFor(p), p).toBe(BODY_LIMIT)
    expect(BODY_LIMIT).toBe(1024 * 1024)
  })
})

describe('no-store unless the route says otherwise (T6)', () => {
  let server: Server
  let base: string
  beforeAll(async () => {
    server = createServer((req, res) =>
      noStoreByDefault(req, res, () => {
        if (req.url === '/own') res.setHeader('Cache-Control', 'public, max-age=60')
        if (req.url === '/head-arg') return void res.writeHead(200, { 'cache-control': 'private, max-age=5' }).end('x')
        if (req.url === '/flat-arg') return void res.writeHead(200, ['Cache-Control', 'max-age=7']).end('x')
        if (req.url === '/explicit') return void res.writeHead(204).end()
        res.end('page')
      }),
    )
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  it('sets no-store on a response that says nothing', async () => {
    expect((await fetch(`${base}/page`)).headers.get('cache-control')).toBe('no-store')
    expect((await fetch(`${base}/explicit`)).headers.get('cache-control')).toBe('no-store')
  })
  it("keeps a route's own Cache-Control, however it was set", async () => {
    expect((await fetch(`${base}/own`)).headers.get('cache-control')).toBe('public, max-age=60')
    expect((await fetch(`${base}/head-arg`)).headers.get('cache-control')).toBe('private, max-age=5')
    expect((await fetch(`${base}/flat-arg`)).headers.get('cache-control')).toBe('max-age=7')
  })
})
