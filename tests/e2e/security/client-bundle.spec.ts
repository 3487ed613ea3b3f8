// The browser gets the client build and nothing else: no server-only code in it (database, ORM,
// hashing, queue, mail, schema, settings), no source maps, and the server build is not served.
import path from 'node:path'
import { ask, expect, test } from '../../support/security-actors'
import { scanClientBuild } from '../../support/security-bundle'
import { buildDir } from '../../support/security-routes'

test('the client build carries no server-only code', () => {
  const client = path.join(buildDir(), 'client')
  const { files, findings } = scanClientBuild(client)
  expect(files.filter((f) => f.endsWith('.js')).length, `JS files in ${client}`).toBeGreaterThan(3)
  // .vite/ holds the build manifest, which is never served (see below); everything else is.
  const served = findings.filter((f) => !f.file.startsWith('.vite'))
  expect(served.map((f) => `${f.file}: ${f.what} … ${f.excerpt}`)).toEqual([])
})

test('what the server serves is the client build only', async ({ sessions }) => {
  for (const url of ['/server/index.js', '/boot/index.js', '/.vite/manifest.json', '/assets/../server/index.js', '/%2e%2e/server/index.js', '/assets/%2e%2e/%2e%2e/package.json', '/package.json', '/.env', '/data/']) {
    const a = await ask(sessions.anonymous, 'GET', url)
    const code = /javascript|json/.test(a.headers['content-type'] ?? '') && a.status === 200
    expect(code, `${url} → ${a.status} ${a.headers['content-type']}`).toBe(false)
    expect(a.body).not.toMatch(/createRequestHandler|"dependencies"|routes\s*=\s*\{/)
  }
})

test('a browser asking for /favicon.ico is sent to the SVG icon the pages declare (it was a 404 logged with a stack)', async ({ request }) => {
  const first = await request.get('/favicon.ico', { maxRedirects: 0 })
  expect(first.status()).toBe(301)
  expect(first.headers()['location']).toBe('/favicon.svg')
  const icon = await request.get('/favicon.ico')
  expect(icon.status()).toBe(200)
  expect(icon.headers()['content-type']).toContain('image/svg+xml')
})
