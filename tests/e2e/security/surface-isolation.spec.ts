// T1: every route of every surface, as every actor of the other surfaces and as a visitor, with
// ids that belong to another party or to nobody → 403 / sign-in, never a byte of foreign data,
// in the page, in its single-fetch `.data` payload (whole and per route) or in the headers.
// The routes come from the production build, so pages added later are covered too.
import { dynamicRouteOf, foreignIdsOf, realPaths, test, type Harvest } from '../../support/security-crawl'
import {
  ACTORS,
  ask,
  expect,
  Findings,
  foreignMarkers,
  inPool,
  leaks,
  sameOrigin,
  type Answer,
  type ActorName,
  type Session,
  type Who,
} from '../../support/security-actors'
import { actionUrl, dataUrl, fillPattern, routeInventory, type RouteInfo } from '../../support/security-routes'

const routes = routeInventory()
type PortalSurface = 'console' | 'supplier' | 'dealer'

/** An admin and a plain user of each other surface, and a visitor. */
const OUTSIDERS: Record<PortalSurface, Who[]> = {
  console: ['anonymous', 'alice', 'amy', 'dave', 'dora'],
  supplier: ['anonymous', 'admin', 'sales', 'dave', 'dora'],
  dealer: ['anonymous', 'admin', 'sales', 'alice', 'amy'],
}
/** Whose pages real ids of a surface's records are learnt from. */
const OWNERS: Record<PortalSurface, ActorName[]> = { console: ['admin'], supplier: ['alice', 'bob'], dealer: ['dave', 'erin'] }

interface Probe {
  who: Who
  method: 'GET' | 'POST'
  url: string
}

/**
 * The ways to reach one route at one path: the page, its whole `.data` (`whole`), its own loader
 * alone, its action as a form post and as a single-fetch post.
 */
function probesFor(route: RouteInfo, path: string, who: Who, whole = true): Probe[] {
  const out: Probe[] = [{ who, method: 'GET', url: path }]
  if (whole) out.push({ who, method: 'GET', url: dataUrl(path) })
  // `_routes` runs this route's loader alone: a loader that leans on its layout's guard shows here.
  if (route.hasLoader) out.push({ who, method: 'GET', url: dataUrl(path, { _routes: route.id }) })
  if (route.hasAction) {
    out.push({ who, method: 'POST', url: actionUrl(route, path) })
    out.push({ who, method: 'POST', url: actionUrl(route, path, true) })
  }
  return out
}

const send = (s: Session, p: Probe): Promise<Answer> =>
  ask(s, p.method, p.url, p.method === 'POST' ? { headers: sameOrigin, form: { intent: 'probe', id: '00000000-0000-4000-8000-000000000000' } } : {})

/** A visitor is sent to sign-in (a document redirect, or single fetch's 202 redirect); 401/403 also refuse. */
function sentToSignIn(a: Answer): boolean {
  if ([401, 403].includes(a.status)) return true
  const toLogin = (a.location ?? '').startsWith('/login')
  if ([301, 302, 303, 307, 308].includes(a.status)) return toLogin
  if (a.status === 202) return toLogin || /SingleFetchRedirect[^\]]*\][^\n]*"\/login/.test(a.body)
  return false
}

function judgeRefusal(f: Findings, who: Who, a: Answer, what: string) {
  const ok = who === 'anonymous' ? sentToSignIn(a) : a.status === 403
  f.check(ok, () => `${what}: ${a.method} ${a.url} as ${who} → ${a.status}${a.location ? ` → ${a.location}` : ''} (expected ${who === 'anonymous' ? 'sign-in' : '403'})`)
  const found = leaks(a.body, a.headers, foreignMarkers(who, { includeHost: true }))
  f.check(found.length === 0, () => `${what}: ${a.method} ${a.url} as ${who} carries foreign data: ${found.join(', ')}`)
}

/**
 * Portal pages meant for visitors (a supplier's application form, say) go here by route id, each
 * with the reason; they are then held to the shared pages' rules instead. None so far.
 */
const PUBLIC_PORTAL_ROUTES: Record<string, string> = {}

const portalRoutes = routes.filter(
  (r): r is RouteInfo & { surface: PortalSurface } => ['console', 'supplier', 'dealer'].includes(r.surface) && !(r.id in PUBLIC_PORTAL_ROUTES),
)

test.describe('T1 each surface refuses the other surfaces and visitors', () => {
  test('the build has routes on every surface', () => {
    for (const s of ['console', 'supplier', 'dealer']) expect(portalRoutes.some((r) => r.surface === s), s).toBe(true)
  })

  for (const route of portalRoutes) {
    test(`${route.pattern} [${route.id}]${route.hasAction ? ' +action' : ''}`, async ({ sessions, harvest }) => {
      const f = new Findings()
      const paths = [fillPattern(route.pattern), ...(route.params.length ? realPaths(harvest, route, OWNERS[route.surface], 1) : [])]
      const probes = OUTSIDERS[route.surface].flatMap((who) => paths.flatMap((p, i) => probesFor(route, p, who, i === 0)))
      await inPool(probes, 6, async (p) => judgeRefusal(f, p.who, await send(sessions[p.who], p), 'other surface'))
      f.assertNone(`${route.pattern} reachable from another surface`)
    })
  }
})

/** Staff, supplier and dealer areas that need a role the second actor lacks (roles.ts staffPermissions). */
const ROLE_AREAS: { who: ActorName; test: (r: RouteInfo) => boolean; why: string }[] = [
  { who: 'sales', why: 'users.manage / audit.view / mail.view', test: (r) => /^\/console\/(users|audit|mail|api-keys)(\/|$)/.test(r.pattern) },
  { who: 'sales', why: 'catalog.manage / partners.manage (writes)', test: (r) => r.hasAction && /^\/console\/(products|categories|warehouses|suppliers|dealers|partners)(\/|$)/.test(r.pattern) },
  { who: 'amy', why: 'supplier_admin', test: (r) => /^\/supplier\/(users|api-keys)(\/|$)/.test(r.pattern) },
  { who: 'dora', why: 'dealer_admin', test: (r) => /^\/dealer\/(users|api-keys)(\/|$)/.test(r.pattern) },
]

test.describe('T1 areas of a surface that need a role the user lacks', () => {
  for (const area of ROLE_AREAS) {
    const inArea = portalRoutes.filter(area.test)
    for (const route of inArea) {
      test(`${route.pattern} refuses ${area.who} (${area.why})`, async ({ sessions, harvest }) => {
        const f = new Findings()
        const paths = [fillPattern(route.pattern), ...(route.params.length ? realPaths(harvest, route, OWNERS[route.surface], 1) : [])]
        // Only writes are refused to sales in the catalog and partner areas; reading is allowed.
        const onlyWrites = area.why.includes('(writes)')
        const probes = paths.flatMap((p) => probesFor(route, p, area.who)).filter((p) => !onlyWrites || p.method === 'POST')
        await inPool(probes, 6, async (p) => {
          const a = await send(sessions[p.who], p)
          f.check(a.status === 403, () => `${p.method} ${p.url} as ${p.who} → ${a.status} (expected 403)`)
        })
        f.assertNone(`${route.pattern} open to ${area.who}`)
      })
    }
  }
})

/** Pairs (viewer, owner): the viewer tries the owner's records. Org-mates share what they were shown. */
const BOLA_PAIRS: [viewer: ActorName, seenAs: ActorName, owner: ActorName][] = [
  ['alice', 'alice', 'bob'],
  ['amy', 'alice', 'bob'],
  ['bob', 'bob', 'alice'],
  ['dave', 'dave', 'erin'],
  ['dora', 'dave', 'erin'],
  ['erin', 'erin', 'dave'],
  // Shared routes (files, …) across the two sides.
  ['alice', 'alice', 'dave'],
  ['dave', 'dave', 'alice'],
]

function bolaProbes(harvest: Harvest) {
  const gets: { viewer: ActorName; owner: ActorName; route: RouteInfo; path: string }[] = []
  const posts: { viewer: ActorName; owner: ActorName; action: string; fields: [string, string][] }[] = []
  for (const [viewer, seenAs, owner] of BOLA_PAIRS) {
    const surface = ACTORS[viewer].surface
    for (const [routeId, paths] of harvest[owner].links) {
      const route = routes.find((r) => r.id === routeId)!
      if (route.surface !== surface && route.surface !== 'shared') continue
      for (const path of paths) {
        if (foreignIdsOf(path, harvest[seenAs]).length === 0) continue
        gets.push({ viewer, owner, route, path })
      }
    }
    for (const form of harvest[owner].forms) {
      const route = dynamicRouteOf(form.action, routes)
      if (!route || (route.surface !== surface && route.surface !== 'shared')) continue
      if (foreignIdsOf(form.action.split('?')[0], harvest[seenAs]).length === 0) continue
      posts.push({ viewer, owner, action: form.action, fields: form.fields })
    }
  }
  return { gets, posts }
}

test.describe("T1 another party's records, by the ids its own pages show", () => {
  test('links and forms of one party, tried by another → 403/404, nothing foreign', async ({ sessions, harvest }) => {
    const f = new Findings()
    const { gets, posts } = bolaProbes(harvest)
    test.info().annotations.push({ type: 'probes', description: `${gets.length} foreign links, ${posts.length} foreign forms` })
    await inPool(gets, 6, async ({ viewer, owner, route, path }) => {
      for (const url of [path, dataUrl(path), ...(route.hasLoader ? [dataUrl(path, { _routes: route.id })] : [])]) {
        const a = await ask(sessions[viewer], 'GET', url)
        f.check([403, 404].includes(a.status), () => `GET ${url} (${owner}'s) as ${viewer} → ${a.status}`)
        const found = leaks(a.body, a.headers, foreignMarkers(viewer))
        f.check(found.length === 0, () => `GET ${url} (${owner}'s) as ${viewer} carries ${found.join(', ')}`)
      }
    })
    await inPool(posts, 4, async ({ viewer, owner, action, fields }) => {
      const body = new URLSearchParams(fields).toString()
      const a = await ask(sessions[viewer], 'POST', action, {
        headers: { ...sameOrigin, 'Content-Type': 'application/x-www-form-urlencoded' },
        data: body,
      })
      f.check(a.status >= 400 && a.status < 500, () => `POST ${action} (${owner}'s form) as ${viewer} → ${a.status}`)
      const found = leaks(a.body, a.headers, foreignMarkers(viewer))
      f.check(found.length === 0, () => `POST ${action} (${owner}'s form) as ${viewer} carries ${found.join(', ')}`)
    })
    f.assertNone("another party's records reachable")
  })

  test('a record that does not exist is refused on its own surface, never 200 or 500', async ({ sessions }) => {
    const f = new Findings()
    const probes = portalRoutes
      .filter((r) => r.params.length > 0 && (r.hasLoader || r.hasComponent))
      .flatMap((r) => OWNERS[r.surface].map((who) => ({ r, who, path: fillPattern(r.pattern) })))
    await inPool(probes, 6, async ({ r, who, path }) => {
      for (const url of [path, ...(r.hasLoader ? [dataUrl(path, { _routes: r.id })] : [])]) {
        const a = await ask(sessions[who], 'GET', url)
        f.check(a.status >= 300 && a.status < 500, () => `GET ${url} as ${who} → ${a.status}`)
      }
    })
    f.assertNone('unknown ids answered with data or a crash')
  })
})

const sharedRoutes = routes.filter((r) => (r.surface === 'shared' || r.id in PUBLIC_PORTAL_ROUTES) && r.id !== 'root')

test.describe('T1 shared pages answer each caller with their own data only', () => {
  for (const route of sharedRoutes) {
    test(`${route.pattern} [${route.id}]`, async ({ sessions }) => {
      const f = new Findings()
      const path = fillPattern(route.pattern)
      const idParams = route.params.some((p) => p !== '*' && !/token|code|key|secret/i.test(p))
      await inPool(['anonymous', 'admin', 'sales', 'alice', 'amy', 'bob', 'dave', 'erin'] as Who[], 4, async (who) => {
        for (const url of [path, dataUrl(path)]) {
          const a = await ask(sessions[who], 'GET', url)
          f.check(a.status < 500, () => `GET ${url} as ${who} → ${a.status}`)
          // A shared route keyed by a record id (a file, …): nobody's id is refused.
          if (idParams) f.check(who === 'anonymous' ? sentToSignIn(a) || [403, 404].includes(a.status) : [403, 404].includes(a.status), () => `GET ${url} (nobody's id) as ${who} → ${a.status}`)
          const found = leaks(a.body, a.headers, foreignMarkers(who))
          f.check(found.length === 0, () => `GET ${url} as ${who} carries ${found.join(', ')}`)
        }
      })
      f.assertNone(`${route.pattern}`)
    })
  }
})

const apiRoutes = routes.filter((r) => r.surface === 'api' && !/openapi/.test(r.pattern))
test.describe('T1 the REST API answers nobody without a key', () => {
  for (const route of apiRoutes) {
    test(`${route.pattern} [${route.id}]`, async ({ sessions }) => {
      const f = new Findings()
      const path = fillPattern(route.pattern)
      const a = await ask(sessions.anonymous, 'GET', path)
      f.check([401, 403, 404, 405].includes(a.status), () => `GET ${path} without a key → ${a.status}`)
      f.check(leaks(a.body, a.headers, foreignMarkers('anonymous')).length === 0, () => `GET ${path} without a key carries data`)
      // A wrong key is no key, and a Bearer request is judged by its key alone: alice's cookie rides along unused.
      for (const token of ['nonsense', `cxk_0123456789ab_${'A'.repeat(43)}`]) {
        const b = await ask(sessions.alice, 'GET', path, { headers: { authorization: `Bearer ${token}` } })
        f.check([401, 405].includes(b.status), () => `GET ${path} with a wrong key → ${b.status}`)
        f.check(leaks(b.body, b.headers, foreignMarkers('anonymous')).length === 0, () => `GET ${path} with a wrong key carries data`)
      }
      f.assertNone(route.pattern)
    })
  }
})
