// Learns real ids the way an attacker would: each party's own pages, read as that party, give
// the links and forms of its records. Another party then tries those same URLs and forms.
import { actionUrl, fillPattern, patternRegex, routeInventory, type RouteInfo } from './security-routes'
import fs from 'node:fs'
import { ACTORS, ask, inPool, runCacheFile, test as actorsTest, type ActorName, type Session, type Who } from './security-actors'

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi

export interface HarvestedForm {
  /** The page the form was on. */
  page: string
  method: string
  action: string
  fields: [string, string][]
}

export interface PartyHarvest {
  who: ActorName
  /** Pages read (path → status). */
  visited: Map<string, number>
  /** Every UUID that appeared anywhere in a page this party was shown. */
  seenIds: Set<string>
  /** Concrete paths of dynamic routes found in links and form actions, by route id. */
  links: Map<string, Set<string>>
  forms: HarvestedForm[]
}

export type Harvest = Record<ActorName, PartyHarvest>

const decode = (s: string) =>
  s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')

const attr = (tag: string, name: string): string | null => {
  const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`, 'i'))
  return m ? decode(m[1]) : null
}

/** Same-site paths a page links or posts to. */
export function linksIn(html: string): string[] {
  const out = new Set<string>()
  for (const m of html.matchAll(/\s(?:href|action|formAction|formaction)="([^"]*)"/g)) {
    const v = decode(m[1])
    if (v.startsWith('/') && !v.startsWith('//') && !v.startsWith('/assets/')) out.add(v)
  }
  return [...out]
}

/** The POST forms of a page with the values they would submit as rendered. */
export function formsIn(html: string, page: string): HarvestedForm[] {
  const out: HarvestedForm[] = []
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const method = (attr(m[1], 'method') ?? 'get').toLowerCase()
    if (method === 'get') continue
    const action = attr(m[1], 'action') ?? page
    const fields: [string, string][] = []
    const inner = m[2]
    for (const t of inner.matchAll(/<input\b([^>]*)>/gi)) {
      const name = attr(t[1], 'name')
      if (!name) continue
      const type = (attr(t[1], 'type') ?? 'text').toLowerCase()
      if ((type === 'checkbox' || type === 'radio') && !/\schecked(=|\s|\/|$)/i.test(t[1])) continue
      if (type === 'file' || type === 'submit') continue
      fields.push([name, attr(t[1], 'value') ?? ''])
    }
    for (const t of inner.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
      const name = attr(t[1], 'name')
      if (name) fields.push([name, decode(t[2])])
    }
    for (const t of inner.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const name = attr(t[1], 'name')
      if (!name) continue
      const opts = [...t[2].matchAll(/<option\b([^>]*)>/gi)]
      const chosen = opts.find((o) => /\sselected(=|\s|\/|$)/i.test(o[1])) ?? opts[0]
      if (chosen) fields.push([name, attr(chosen[1], 'value') ?? ''])
    }
    // A named submit button (intent=…) is what the user would click.
    const button = [...inner.matchAll(/<button\b([^>]*)>/gi)].find((b) => attr(b[1], 'name'))
    if (button) fields.push([attr(button[1], 'name')!, attr(button[1], 'value') ?? ''])
    out.push({ page, method, action, fields })
  }
  return out
}

export const uuidsIn = (s: string) => new Set([...s.matchAll(UUID)].map((m) => m[0].toLowerCase()))

/**
 * The route a concrete path renders, ranked the way the router does it (more static segments
 * win: `/users/new` is the `new` page, not `/users/:id`); returned only when it takes params.
 */
export function dynamicRouteOf(pathname: string, routes: RouteInfo[]): RouteInfo | undefined {
  const p = pathname.split('?')[0].replace(/\/$/, '') || '/'
  const statics = (r: RouteInfo) => r.pattern.split('/').filter((s) => s && !s.startsWith(':') && s !== '*').length
  const best = routes
    .filter((r) => !r.isLayout && patternRegex(r.pattern).test(p))
    .sort((a, b) => statics(b) - statics(a) || a.params.length - b.params.length)[0]
  return best && best.params.length > 0 ? best : undefined
}

/**
 * Reads, as each party, every page of its own surface without parameters, then up to
 * `perRoute` pages of each dynamic route found in those pages' links (two levels deep).
 */
export async function crawl(sessions: Record<Who, Session>, owners: ActorName[], perRoute = 3): Promise<Harvest> {
  const routes = routeInventory()
  const out = {} as Harvest
  await Promise.all(
    owners.map(async (who) => {
      const s = sessions[who]
      const own = routes.filter((r) => r.surface === sessionSurface(who))
      const h: PartyHarvest = { who, visited: new Map(), seenIds: new Set(), links: new Map(), forms: [] }
      const read = async (path: string) => {
        if (h.visited.has(path)) return
        h.visited.set(path, 0)
        const a = await ask(s, 'GET', path)
        h.visited.set(path, a.status)
        if (a.status !== 200 || !(a.headers['content-type'] ?? '').includes('text/html')) return
        for (const id of uuidsIn(a.body)) h.seenIds.add(id)
        for (const link of linksIn(a.body)) {
          const r = dynamicRouteOf(link, routes)
          if (!r) continue
          const set = h.links.get(r.id) ?? new Set<string>()
          set.add(link)
          h.links.set(r.id, set)
        }
        h.forms.push(...formsIn(a.body, path))
      }
      const statics = own.filter((r) => r.params.length === 0 && (r.hasComponent || r.hasLoader)).map((r) => fillPattern(r.pattern))
      await inPool([...new Set(statics)], 4, read)
      for (let depth = 0; depth < 2; depth++) {
        const next = [...h.links.entries()]
          .filter(([id]) => routes.find((r) => r.id === id)?.surface === sessionSurface(who))
          .flatMap(([, paths]) => [...paths].filter((p) => !p.includes('?')).slice(0, perRoute))
        await inPool(next, 4, read)
      }
      out[who] = h
    }),
  )
  return out
}

const sessionSurface = (who: ActorName) => ACTORS[who].surface

/** A harvested path's ids that `viewer` was never shown: the ones that belong to someone else. */
export function foreignIdsOf(path: string, viewer: PartyHarvest): string[] {
  return [...uuidsIn(path)].filter((id) => !viewer.seenIds.has(id))
}

/** Real paths of a dynamic route taken from the owners' pages (at most `n` per owner). */
export function realPaths(harvest: Partial<Harvest>, route: RouteInfo, owners: ActorName[], n = 2): string[] {
  const out: string[] = []
  for (const o of owners) out.push(...[...(harvest[o]?.links.get(route.id) ?? [])].filter((p) => !p.includes('?')).slice(0, n))
  return [...new Set(out)]
}

export { actionUrl }

type StoredHarvest = Record<string, { visited: [string, number][]; seenIds: string[]; links: [string, string[]][]; forms: HarvestedForm[] }>

/** The crawl, once per run: kept beside the sessions it was made with (see runCacheFile). */
export const test = actorsTest.extend<{}, { harvest: Harvest }>({
  harvest: [
    async ({ sessions }, use) => {
      const key = Object.values(sessions).map((s) => s.sessionId ?? '').join(',')
      const file = runCacheFile('harvest')
      try {
        const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { key: string; harvest: StoredHarvest }
        if (stored.key === key) {
          const harvest = {} as Harvest
          for (const [who, h] of Object.entries(stored.harvest))
            harvest[who as ActorName] = { who: who as ActorName, visited: new Map(h.visited), seenIds: new Set(h.seenIds), links: new Map(h.links.map(([k, v]) => [k, new Set(v)])), forms: h.forms }
          return await use(harvest)
        }
      } catch {
        // no crawl of this run yet
      }
      const harvest = await crawl(sessions, ['admin', 'alice', 'bob', 'dave', 'erin'])
      const stored: StoredHarvest = {}
      for (const [who, h] of Object.entries(harvest))
        stored[who] = { visited: [...h.visited], seenIds: [...h.seenIds], links: [...h.links].map(([k, v]) => [k, [...v]]), forms: h.forms }
      fs.writeFileSync(file, JSON.stringify({ key, harvest: stored }))
      await use(harvest)
    },
    // The crawl reads every page of five parties: it grows with the app, and must not share a
    // single test's 30 s budget (it ran out on a loaded machine once the order pages landed).
    { scope: 'worker', timeout: 240_000 },
  ],
})
