// M2 oversized and unbounded bodies, M1 malformed form posts: a 4xx, never a 500, never a crash.
import http from 'node:http'
import { ACTORS, ask, baseURL, expect, Findings, inPool, sameOrigin, test, type Who } from '../../support/security-actors'
import { actionUrl, fillPattern, routeInventory } from '../../support/security-routes'

// These tests walk every route as several parties: their time grows with the app, not per check.
test.describe.configure({ timeout: 180_000 })

const routes = routeInventory()
const MB = 1024 * 1024
/** Sign-in attempts from their own address (trust proxy is loopback), so they count against nobody else's. */
const fromIp = (ip: string) => ({ ...sameOrigin, 'X-Forwarded-For': ip })

/**
 * A raw request, for what APIRequestContext will not send (chunked bodies, lying lengths). The
 * status is the server's answer even when it answers (and hangs up) before the body is sent;
 * -1: the connection broke before any answer; -2: no answer within 5 s.
 */
function raw(opts: { path: string; headers: Record<string, string>; chunks: Buffer[] }): Promise<number> {
  return new Promise((resolve) => {
    // A connection of its own (no keep-alive agent): a body cut short must not run into the next request.
    const req = http.request(`${baseURL}${opts.path}`, { method: 'POST', headers: opts.headers, agent: false }, (res) => {
      resolve(res.statusCode ?? 0)
      res.resume()
      res.on('end', () => req.destroy())
    })
    req.on('error', () => resolve(-1))
    // A server that waits for a body it was promised but never gets: -2, not a hung test.
    req.setTimeout(5000, () => {
      resolve(-2)
      req.destroy()
    })
    for (const c of opts.chunks) req.write(c)
    req.end()
  })
}

test.describe('M2 bounded bodies', () => {
  test('a form post over 1 MB → 413 (a real body to sign-in, a declared length everywhere)', async ({ fresh }) => {
    const s = await fresh('anonymous')
    const big = `email=${'a'.repeat(MB + 10)}&password=x`
    for (const url of ['/login', '/login.data']) {
      const a = await ask(s, 'POST', url, { headers: { ...sameOrigin, 'Content-Type': 'application/x-www-form-urlencoded' }, data: big })
      expect(a.status, url).toBe(413)
    }
    // The limit is judged from Content-Length before a byte is read: announcing 1 MB + 1 is enough.
    const f = new Findings()
    const targets = routes
      .filter((r) => r.hasAction && !/(^|\/)(import|upload)(\/|$)/.test(r.pattern))
      .flatMap((r) => [actionUrl(r, fillPattern(r.pattern)), actionUrl(r, fillPattern(r.pattern), true)])
    expect(targets).toContain('/settings/locale')
    await inPool(targets, 4, async (path) => {
      const status = await raw({
        path,
        headers: { ...sameOrigin, 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(MB + 1) },
        chunks: [Buffer.from('email=')],
      })
      f.check(status === 413, () => `POST ${path} announcing 1 MB + 1 → ${status}`)
    })
    f.assertNone('oversized bodies accepted')
  })

  test('uploads and imports get 20 MB, also posted to `.data`, and no more', async ({ sessions }) => {
    const imports = routes.filter((r) => r.hasAction && r.surface === 'console' && /\/(import|upload)$/.test(r.pattern))
    test.skip(imports.length === 0, 'no import or upload route in this build (tests/unit/security-http-guards.test.ts covers the paths)')
    const boundary = 'sec-upload-boundary'
    const file = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`),
      Buffer.alloc(Math.round(1.5 * MB), 97),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    const headers = {
      ...sameOrigin,
      Cookie: `cx_session=${sessions.admin.sessionId}`,
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
    }
    for (const r of imports) {
      for (const path of [fillPattern(r.pattern), `${fillPattern(r.pattern)}.data`]) {
        const status = await raw({ path, headers: { ...headers, 'Content-Length': String(file.length) }, chunks: [file] })
        expect(status, `${path} with 1.5 MB`).not.toBe(413)
        expect(status, `${path} answered`).toBeGreaterThan(0)
        const over = await raw({ path, headers: { ...headers, 'Content-Length': String(21 * MB) }, chunks: [file.subarray(0, 1024)] })
        expect(over, `${path} announcing 21 MB`).toBe(413)
      }
    }
    const notUpload = await raw({ path: '/console/importer', headers: { ...headers, 'Content-Length': String(file.length) }, chunks: [file] })
    expect(notUpload, 'not an upload path').toBe(413)
  })

  test('a chunked body without a length → 411', async () => {
    for (const path of ['/login', '/login.data', '/settings/locale', '/x/import']) {
      const status = await raw({
        path,
        headers: { ...sameOrigin, 'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked' },
        chunks: [Buffer.from('email=a'), Buffer.from('&password=b')],
      })
      expect(status, path).toBe(411)
    }
  })
})

const MALFORMED: { name: string; type: string; body: string | Buffer }[] = [
  { name: 'empty', type: 'application/x-www-form-urlencoded', body: '' },
  { name: 'prototype keys', type: 'application/x-www-form-urlencoded', body: '__proto__[admin]=1&constructor[prototype][admin]=1&__proto__=x&email[__proto__]=y' },
  { name: 'a field twice (array where a string is due)', type: 'application/x-www-form-urlencoded', body: 'email=a%40b.test&email=c%40d.test&password=x&password=y&locale=en&locale=zh-CN&ids=all&ids=x' },
  { name: 'huge strings', type: 'application/x-www-form-urlencoded', body: `email=${'e'.repeat(300_000)}%40x.test&password=${'p'.repeat(300_000)}&locale=${'l'.repeat(1000)}&redirectTo=/${'r'.repeat(5000)}` },
  { name: 'NaN, negatives, nulls', type: 'application/x-www-form-urlencoded', body: 'email=NaN&password=-1&locale=null&ids=-1&redirectTo=undefined&quantity=-1e309' },
  { name: 'unknown fields', type: 'application/x-www-form-urlencoded', body: 'email=nobody%40nowhere.test&password=wrong-password&isAdmin=true&role=admin&orgId=1&supplierId=2' },
  { name: 'bad percent-encoding', type: 'application/x-www-form-urlencoded', body: 'email=%E0%A4%A&password=%ZZ&locale=%' },
  { name: 'control characters', type: 'application/x-www-form-urlencoded', body: 'email=%00%01%1b%40x.test&password=%00&locale=en%00' },
  { name: 'JSON body', type: 'application/json', body: JSON.stringify({ email: ['x'], password: { $gt: '' }, __proto__: { admin: true }, locale: 1 }) },
  { name: 'broken JSON', type: 'application/json', body: '{"email": ' },
  { name: 'plain text', type: 'text/plain', body: 'email=a@b.test\npassword=x' },
  { name: 'multipart with a file', type: 'multipart/form-data; boundary=XyZ', body: '--XyZ\r\nContent-Disposition: form-data; name="email"; filename="a.exe"\r\nContent-Type: application/octet-stream\r\n\r\nMZ\x00\x00\r\n--XyZ--\r\n' },
  { name: 'broken multipart', type: 'multipart/form-data; boundary=XyZ', body: '--XyZ\r\nContent-Disposition: form-data; name="email"\r\n\r\nno end' },
  { name: 'no content type', type: '', body: 'email=a' },
]

test.describe('M1 malformed posts are a 4xx, never a 500', () => {
  test('to /login, /settings/locale and /notifications, signed out and in', async ({ fresh }) => {
    const f = new Findings()
    const anon = await fresh('anonymous')
    const amy = await fresh('amy')
    const shared = ['/login', '/login.data', '/settings/locale', '/settings/locale.data']
    const probes = [
      ...[anon, amy].flatMap((s) => shared.flatMap((url) => MALFORMED.map((m) => ({ s, url, m })))),
      // The bell's "mark read" takes input too (signed in only: a visitor is sent to sign-in).
      ...['/notifications', '/notifications.data'].flatMap((url) => MALFORMED.map((m) => ({ s: amy, url, m }))),
    ]
    await inPool(probes, 4, async ({ s, url, m }) => {
      const headers: Record<string, string> = { ...fromIp('203.0.113.61') }
      if (m.type) headers['Content-Type'] = m.type
      const a = await ask(s, 'POST', url, { headers, data: m.body })
      // A signed-in user's document post to /login ends on the sign-in page's loader, which sends them home.
      const sentHome = s.who === 'amy' && url === '/login' && a.status === 302 && a.location === '/supplier'
      f.check((a.status >= 400 && a.status < 500) || sentHome, () => `POST ${url} (${m.name}) as ${s.who} → ${a.status}`)
      f.check(!a.headers['set-cookie']?.includes('cx_session='), () => `POST ${url} (${m.name}) as ${s.who} set a session cookie`)
    })
    // Nothing leaked into shared objects: the server still answers normally, amy still amy.
    const home = await ask(amy, 'GET', '/supplier')
    expect(home.status).toBe(200)
    expect(home.body).toContain(ACTORS.amy.email)
    expect(home.body).not.toMatch(/"admin"\s*:\s*(true|"1")/)
    f.assertNone('malformed posts not answered with a 4xx')
  })

  test('a sign-in never sends anyone off-site, whatever redirectTo says', async ({ fresh }) => {
    for (const redirectTo of ['https://evil.example/', '//evil.example', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', '/console']) {
      const s = await fresh('anonymous')
      const a = await ask(s, 'POST', '/login', { headers: sameOrigin, form: { email: ACTORS.amy.email, password: 'demo-pass-2026', redirectTo } })
      expect(a.status, redirectTo).toBe(302)
      expect(a.location, redirectTo).toBe('/supplier')
    }
  })

  test('every action answers junk with less than a 500', async ({ fresh }) => {
    const f = new Findings()
    const as: Record<string, Who> = { console: 'admin', supplier: 'alice', dealer: 'dave', shared: 'alice', api: 'anonymous' }
    const sessions = { admin: await fresh('admin'), alice: await fresh('alice'), dave: await fresh('dave'), anonymous: await fresh('anonymous') } as Record<string, Awaited<ReturnType<typeof fresh>>>
    // /logout would end the session the other probes use; it has no input to fuzz anyway.
    const targets = routes.filter((r) => r.hasAction && r.pattern !== '/logout')
    const junk = MALFORMED.filter((m) => ['prototype keys', 'a field twice (array where a string is due)', 'JSON body', 'broken multipart', 'no content type'].includes(m.name))
    const probes = targets.flatMap((r) => junk.map((m) => ({ r, m, url: actionUrl(r, fillPattern(r.pattern)) })))
    await inPool(probes, 4, async ({ r, m, url }) => {
      const who = as[r.surface]
      const headers: Record<string, string> = { ...fromIp('203.0.113.62') }
      if (m.type) headers['Content-Type'] = m.type
      const a = await ask(sessions[who], 'POST', url, { headers, data: m.body })
      f.check(a.status < 500, () => `POST ${url} (${m.name}) as ${who} → ${a.status}`)
    })
    f.assertNone('actions that crash on malformed input')
  })
})
