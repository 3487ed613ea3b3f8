// L6: a state-changing request another site makes the browser send (a form post, a fetch, a
// single-fetch `.data` call) is refused before it reaches any action, and changes nothing.
import {
  ACTORS,
  ask,
  baseURL,
  expect,
  Findings,
  inPool,
  sameOrigin,
  signInOverHttp,
  test,
  type Session,
  type Who,
} from '../../support/security-actors'
import { actionUrl, fillPattern, routeInventory, type RouteInfo } from '../../support/security-routes'

const routes = routeInventory()
const actionRoutes = routes.filter((r) => r.hasAction)

/** What another site's page can make a browser send (and look-alikes of our own origin). */
const CROSS_SITE: { name: string; headers: Record<string, string> }[] = [
  { name: 'Origin evil', headers: { Origin: 'https://evil.example' } },
  { name: 'Origin null', headers: { Origin: 'null' } },
  { name: 'no Origin, Sec-Fetch-Site cross-site', headers: { 'Sec-Fetch-Site': 'cross-site' } },
  { name: 'no Origin, Sec-Fetch-Site same-site', headers: { 'Sec-Fetch-Site': 'same-site' } },
  { name: 'Origin with our origin as prefix', headers: { Origin: `${baseURL}.evil.example` } },
  { name: 'Origin on another port', headers: { Origin: baseURL.replace(/:(\d+)$/, (_, p) => `:${Number(p) + 1}`) } },
]

/** Who posts to a route: its own surface's user (the victim whose cookie rides along) and a visitor. */
function postersOf(r: RouteInfo): Who[] {
  if (r.surface === 'console') return ['admin', 'anonymous']
  if (r.surface === 'supplier') return ['alice', 'anonymous']
  if (r.surface === 'dealer') return ['dave', 'anonymous']
  return ['alice', 'admin', 'anonymous']
}

const FORM = { email: ACTORS.alice.email, password: 'demo-pass-2026', locale: 'en', ids: 'all', intent: 'probe', redirectTo: '/' }

test.describe('L6 cross-site requests are refused', () => {
  test('the shared actions are in the inventory', () => {
    for (const p of ['/login', '/logout', '/notifications', '/settings/locale']) expect(actionRoutes.some((r) => r.pattern === p), p).toBe(true)
  })

  // Sessions of this file's own (not the shared ones): each test checks that none was ended or rotated.
  const victims = new Map<Who, Promise<Session>>()
  test.afterAll(async () => {
    for (const v of victims.values()) await (await v).ctx.dispose()
  })

  for (const route of actionRoutes) {
    test(`${route.pattern} [${route.id}]`, async ({ playwright }) => {
      const f = new Findings()
      const mine = await Promise.all(
        postersOf(route).map((w) => {
          if (!victims.has(w)) victims.set(w, signInOverHttp(playwright, w))
          return victims.get(w)!
        }),
      )
      const path = fillPattern(route.pattern)
      const urls = [actionUrl(route, path), actionUrl(route, path, true)]
      const probes = mine.flatMap((s) =>
        urls.flatMap((url) => [
          ...CROSS_SITE.map((v) => ({ s, url, method: 'POST', v })),
          ...['PUT', 'PATCH', 'DELETE'].map((method) => ({ s, url, method, v: CROSS_SITE[0] })),
        ]),
      )
      await inPool(probes, 6, async ({ s, url, method, v }) => {
        const a = await ask(s, method, url, { headers: v.headers, form: FORM })
        f.check(a.status === 403, () => `${method} ${url} as ${s.who} with ${v.name} → ${a.status}`)
        f.check(!('set-cookie' in a.headers), () => `${method} ${url} as ${s.who} with ${v.name} set a cookie: ${a.headers['set-cookie']}`)
      })
      for (const s of mine) await expectStillSignedIn(f, s)
      f.assertNone(`cross-site requests to ${route.pattern} got through`)
    })
  }
})

async function expectStillSignedIn(f: Findings, s: Session) {
  if (s.who === 'anonymous') return
  const home = `/${ACTORS[s.who].surface}`
  const a = await ask(s, 'GET', home)
  f.check(a.status === 200, () => `${s.who}'s session did not survive the cross-site posts: GET ${home} → ${a.status} ${a.location ?? ''}`)
}

const htmlLang = async (s: Session) => (await ask(s, 'GET', `/${s.who === 'anonymous' ? 'login' : ACTORS[s.who].surface}`)).body.match(/<html lang="([^"]+)"/)?.[1]

test.describe('L6 nothing changes', () => {
  test('a cross-site sign-out leaves the session alive; the same post from our own page ends it', async ({ fresh }) => {
    const s = await fresh('amy')
    for (const v of CROSS_SITE) {
      const a = await ask(s, 'POST', '/logout', { headers: v.headers, form: {} })
      expect(a.status, v.name).toBe(403)
    }
    expect((await ask(s, 'GET', '/supplier')).status).toBe(200)
    // Control: the only difference is the origin.
    const out = await ask(s, 'POST', '/logout', { headers: sameOrigin, form: {} })
    expect(out.status).toBe(302)
    expect((await ask(s, 'GET', '/supplier')).location).toMatch(/^\/login/)
  })

  test('a cross-site language switch changes neither the user nor the cookie', async ({ fresh }) => {
    const s = await fresh('amy')
    const anon = await fresh('anonymous')
    const before = await htmlLang(s)
    expect(before).toBe('zh-CN')
    for (const who of [s, anon]) {
      for (const v of CROSS_SITE) {
        const a = await ask(who, 'POST', '/settings/locale', { headers: v.headers, form: { locale: 'en', redirectTo: '/' } })
        expect(a.status, v.name).toBe(403)
        expect(a.headers['set-cookie'], v.name).toBeUndefined()
      }
    }
    expect(await htmlLang(s)).toBe('zh-CN')
    expect(await htmlLang(anon)).toBe('zh-CN')
    // Control: from our own page it works (and is put back).
    const ok = await ask(anon, 'POST', '/settings/locale', { headers: sameOrigin, form: { locale: 'en', redirectTo: '/login' } })
    expect(ok.status).toBe(302)
    expect(await htmlLang(anon)).toBe('en')
  })

  test('a cross-site sign-in sets no cookie and does not replace the session', async ({ fresh }) => {
    const s = await fresh('amy')
    for (const v of CROSS_SITE) {
      const a = await ask(s, 'POST', '/login', { headers: v.headers, form: { email: ACTORS.bob.email, password: 'demo-pass-2026' } })
      expect(a.status, v.name).toBe(403)
      expect(a.headers['set-cookie'], v.name).toBeUndefined()
    }
    const home = await ask(s, 'GET', '/supplier')
    expect(home.status).toBe(200)
    expect(home.body).toContain(ACTORS.amy.email)
  })

  test('cross-site requests to unknown paths are refused as well (before routing)', async ({ sessions }) => {
    const f = new Findings()
    await inPool(['/nowhere', '/console/nowhere', '/api/v1/nowhere'], 4, async (url) => {
      const a = await ask(sessions.admin, 'POST', url, { headers: CROSS_SITE[0].headers, form: FORM })
      f.check(a.status === 403, () => `POST ${url} → ${a.status}`)
    })
    f.assertNone('cross-site posts to unknown paths')
  })
})
