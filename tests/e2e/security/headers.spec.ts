// L8: every HTML page (of every surface, signed in or not, refused or not found) carries the
// security headers, and every inline script in it the CSP nonce of that response.
// T6: pages and `.data` payloads of signed-in users are `Cache-Control: no-store`.
import { test, type Harvest } from '../../support/security-crawl'
import { ACTORS, ask, expect, Findings, inPool, sameOrigin, type Answer, type Session, type Who } from '../../support/security-actors'
import { dataUrl, fillPattern, routeInventory } from '../../support/security-routes'

const routes = routeInventory()

// These tests walk every route as several parties: their time grows with the app, not per check.
test.describe.configure({ timeout: 180_000 })
const getRoutes = routes.filter((r) => (r.hasLoader || r.hasComponent) && r.id !== 'root')

/** A visitor and a user of each surface: every page is read by each (refused pages included). */
const WHO: Who[] = ['anonymous', 'admin', 'alice', 'dave']

/** Every page the battery can name: each route filled with nobody's ids, the pages the crawl read, and a 404. */
function pagesFor(harvested: string[]): string[] {
  return [...new Set([...getRoutes.map((r) => fillPattern(r.pattern)), ...harvested, '/no-such-page', '/console/no-such-page'])]
}

/** A header's values, repeated headers and comma lists alike. */
const values = (h: string | undefined) => (h ?? '').split(/[\n,]/).map((v) => v.trim()).filter(Boolean)
/** Browsers read the first value of X-Content-Type-Options. */
const isNosniff = (a: Answer) => values(a.headers['x-content-type-options'])[0]?.toLowerCase() === 'nosniff'

function cspNonce(csp: string): string | null {
  return csp.match(/script-src [^;]*'nonce-([^']+)'/)?.[1] ?? null
}

function checkHtmlHeaders(f: Findings, a: Answer, who: Who, nonces: Map<string, string>) {
  const at = `${a.url} as ${who} (${a.status})`
  const csp = a.headers['content-security-policy'] ?? ''
  const nonce = cspNonce(csp)
  f.check(Boolean(nonce), () => `${at}: CSP without a script nonce: ${csp || '(none)'}`)
  const scriptSrc = csp.match(/script-src ([^;]*)/)?.[1] ?? ''
  f.check(!/'unsafe-inline'|'unsafe-eval'|\*/.test(scriptSrc), () => `${at}: script-src allows too much: ${scriptSrc}`)
  for (const d of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "default-src 'self'", "form-action 'self'"])
    f.check(csp.includes(d), () => `${at}: CSP lacks ${d}`)
  f.check(isNosniff(a), () => `${at}: X-Content-Type-Options ${a.headers['x-content-type-options']}`)
  // A route may repeat the header; every value must still be DENY (a conflict voids it).
  const xfo = values(a.headers['x-frame-options'])
  f.check(xfo.length > 0 && xfo.every((v) => v.toUpperCase() === 'DENY'), () => `${at}: X-Frame-Options ${a.headers['x-frame-options']}`)
  // A list is allowed (a route may tighten it): the browser applies the last policy it knows.
  const policy = (a.headers['referrer-policy'] ?? '').split(',').map((p) => p.trim()).filter(Boolean).at(-1) ?? ''
  f.check(
    ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'].includes(policy),
    () => `${at}: Referrer-Policy ${a.headers['referrer-policy']}`,
  )
  if (nonce) {
    const seen = nonces.get(nonce)
    f.check(!seen, () => `${at}: nonce ${nonce} reused from ${seen}`)
    nonces.set(nonce, at)
    // Every <script> (inline or not) carries this response's nonce; nothing runs from an event attribute.
    for (const m of a.body.matchAll(/<script\b([^>]*)>/gi)) {
      const n = m[1].match(/\snonce="([^"]*)"/)?.[1]
      f.check(n === nonce, () => `${at}: <script${m[1].slice(0, 80)}> without the nonce`)
    }
    const handlers = a.body.match(/<[a-z][^>]*\son[a-z]+="[^"]*"/gi) ?? []
    f.check(handlers.length === 0, () => `${at}: inline event handler ${handlers[0]}`)
    f.check(!/href="javascript:/i.test(a.body), () => `${at}: javascript: URL`)
  }
}

let memo: Promise<{ who: Who; a: Answer }[]> | undefined
/** Every page read once by each of WHO; L8 and T6 judge the same answers. */
function pageAnswers(sessions: Record<Who, Session>, harvest: Harvest) {
  const harvested = Object.values(harvest).flatMap((h) => [...h.visited.keys()])
  memo ??= inPool(
    WHO.flatMap((who) => pagesFor(harvested).map((url) => ({ who, url }))),
    6,
    async ({ who, url }) => ({ who, a: await ask(sessions[who], 'GET', url) }),
  )
  return memo
}

test.describe('L8 security headers on every HTML response', () => {
  test('pages of every surface, as every actor, refused and not found included', async ({ sessions, harvest }) => {
    const f = new Findings()
    const nonces = new Map<string, string>()
    const all = await pageAnswers(sessions, harvest)
    let html = 0
    for (const { who, a } of all) {
      // Every answer, HTML or not, is nosniff; the rest applies to documents.
      f.check(isNosniff(a), () => `${a.url} as ${who} (${a.status}): X-Content-Type-Options ${a.headers['x-content-type-options']}`)
      if (!(a.headers['content-type'] ?? '').includes('text/html')) continue
      html++
      checkHtmlHeaders(f, a, who, nonces)
    }
    expect(html, 'HTML pages checked').toBeGreaterThan(all.length / 3)
    f.assertNone('HTML responses without their security headers')
  })

  test('the nonce is fresh for every response and HSTS is sent over TLS only', async ({ sessions }) => {
    const a = await ask(sessions.anonymous, 'GET', '/login')
    const b = await ask(sessions.anonymous, 'GET', '/login')
    expect(cspNonce(a.headers['content-security-policy'])).not.toBe(cspNonce(b.headers['content-security-policy']))
    expect(a.headers['strict-transport-security']).toBeUndefined()
    const tls = await ask(sessions.anonymous, 'GET', '/login', { headers: { 'X-Forwarded-Proto': 'https' } })
    expect(tls.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/)
  })
})

const isNoStore = (a: Answer) => /(^|,)\s*no-store\s*(,|$)/.test(a.headers['cache-control'] ?? '')

test.describe('T6 what a signed-in user is shown is never cached', () => {
  test('pages and .data payloads of signed-in users are no-store, refused and not-found pages too', async ({ sessions, harvest }) => {
    const f = new Findings()
    const judge = (who: Who, a: Answer) =>
      f.check(isNoStore(a), () => `GET ${a.url} as ${who} (${a.status}) → Cache-Control: ${a.headers['cache-control'] ?? '(none)'}`)
    // Documents: every page, as a user of each surface (their own pages, and others' refused).
    for (const { who, a } of await pageAnswers(sessions, harvest)) if (who !== 'anonymous') judge(who, a)
    // Their single-fetch payloads, as each signed-in user on their own surface.
    const signedIn = ['admin', 'sales', 'alice', 'dave'] as const
    const own = (who: (typeof signedIn)[number]) => [
      ...getRoutes.filter((r) => r.surface === ACTORS[who].surface || r.surface === 'shared').map((r) => fillPattern(r.pattern)),
      ...(harvest[who as keyof typeof harvest]?.visited.keys() ?? []),
      `/${ACTORS[who].surface === 'console' ? 'supplier' : 'console'}`,
    ]
    const probes = signedIn.flatMap((who) => [...new Set(own(who))].map((p) => ({ who, url: dataUrl(p) })))
    await inPool(probes, 6, async ({ who, url }) => judge(who, await ask(sessions[who], 'GET', url)))
    // An action's answer is no more cacheable.
    const post = await ask(sessions.alice, 'POST', '/notifications', { headers: sameOrigin, form: { ids: 'all' } })
    f.check(post.status === 200 && isNoStore(post), () => `POST /notifications as alice (${post.status}) → Cache-Control: ${post.headers['cache-control']}`)
    f.assertNone('cacheable responses with user data')
  })

  test('a sign-in answer (it sets the session cookie) is no-store', async ({ fresh }) => {
    const s = await fresh('anonymous')
    const a = await ask(s, 'POST', '/login', {
      headers: sameOrigin,
      form: { email: ACTORS.amy.email, password: 'demo-pass-2026' },
    })
    expect(a.status).toBe(302)
    expect(isNoStore(a)).toBe(true)
  })

  test('built assets stay cacheable (the no-store default covers only what Remix answers)', async ({ sessions }) => {
    const page = await ask(sessions.anonymous, 'GET', '/login')
    const asset = page.body.match(/\/assets\/[\w.-]+\.js/)?.[0]
    expect(asset).toBeTruthy()
    const a = await ask(sessions.anonymous, 'GET', asset!)
    expect(a.status).toBe(200)
    expect(a.headers['cache-control']).toMatch(/max-age=\d+/)
    expect(isNoStore(a)).toBe(false)
  })
})
