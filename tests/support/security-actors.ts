// The people of the security battery: demo users of each surface signed in over HTTP, each in a
// request context of their own, plus what "another party's data" looks like in a response body.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test as base, expect, type APIRequestContext, type APIResponse, type PlaywrightWorkerArgs } from '@playwright/test'
import { dealerOrgs, DEMO_PASSWORD, hostOrg, staffUsers, supplierOrgs } from '../../db/seed/demo-data'
import { e2eBaseURL } from './e2e-port'

export const baseURL = e2eBaseURL
export const SESSION_COOKIE = 'cx_session'
export { DEMO_PASSWORD }

export type Surface = 'console' | 'supplier' | 'dealer'

export interface ActorDef {
  email: string
  surface: Surface
  /** The organization's code in the demo data. */
  org: string
  /** Holds the partner admin role (supplier_admin / dealer_admin) or the host admin role. */
  admin: boolean
}

export const ACTORS = {
  admin: { email: 'admin@acme.test', surface: 'console', org: hostOrg.code, admin: true },
  sales: { email: 'sales@acme.test', surface: 'console', org: hostOrg.code, admin: false },
  alice: { email: 'alice@bright.test', surface: 'supplier', org: 'SUP-BRIGHT', admin: true },
  amy: { email: 'amy@bright.test', surface: 'supplier', org: 'SUP-BRIGHT', admin: false },
  bob: { email: 'bob@precision.test', surface: 'supplier', org: 'SUP-PRECISION', admin: true },
  dave: { email: 'dave@north.test', surface: 'dealer', org: 'DLR-NORTH', admin: true },
  dora: { email: 'dora@north.test', surface: 'dealer', org: 'DLR-NORTH', admin: false },
  erin: { email: 'erin@east.test', surface: 'dealer', org: 'DLR-EAST', admin: true },
} as const satisfies Record<string, ActorDef>

export type ActorName = keyof typeof ACTORS
export type Who = ActorName | 'anonymous'
export const actorNames = Object.keys(ACTORS) as ActorName[]

/** Text that identifies an organization in a response: names in both languages, user names and e-mails. */
function orgMarkers(): Map<string, string[]> {
  const m = new Map<string, string[]>()
  m.set(hostOrg.code, [hostOrg.nameEn, hostOrg.nameZh, ...staffUsers.flatMap((u) => [u.email, u.name])])
  for (const o of [...supplierOrgs, ...dealerOrgs]) {
    const domain = o.users[0].email.split('@')[1]
    m.set(o.code, [o.nameEn, o.nameZh, `@${domain}`, ...o.users.map((u) => u.name)])
  }
  return m
}
const MARKERS = orgMarkers()

/**
 * Strings that must not appear in a response given to `who`: every other organization's names,
 * users and e-mail domain. `includeHost`: also the host's (for answers that must carry nothing
 * but the caller's own data, like a refused request).
 */
export function foreignMarkers(who: Who, opts: { includeHost?: boolean } = {}): string[] {
  const own = who === 'anonymous' ? null : ACTORS[who].org
  const out: string[] = []
  for (const [code, markers] of MARKERS) {
    if (code === own) continue
    if (code === hostOrg.code && !opts.includeHost && own !== null) continue
    out.push(...markers)
  }
  return out
}

/** The foreign markers found in a response's body and headers (none expected). */
export function leaks(body: string, headers: Record<string, string>, markers: string[]): string[] {
  const hay = `${Object.values(headers).join('\n')}\n${body}`
  return markers.filter((m) => hay.includes(m))
}

export interface Session {
  who: Who
  ctx: APIRequestContext
  /** The session cookie's value (null for the anonymous visitor). */
  sessionId: string | null
}

export const sameOrigin = { Origin: baseURL }

/** The session id a response sets, if any. */
export function sessionIdFrom(res: APIResponse): string | null {
  for (const h of res.headersArray()) {
    if (h.name.toLowerCase() !== 'set-cookie') continue
    const m = h.value.match(new RegExp(`^${SESSION_COOKIE}=([^;]*)`))
    if (m) return m[1] || null
  }
  return null
}

export function setCookieHeaders(res: APIResponse): string[] {
  return res
    .headersArray()
    .filter((h) => h.name.toLowerCase() === 'set-cookie')
    .map((h) => h.value)
}

/** Signs in through the /login form in a fresh request context of its own. */
export async function signInOverHttp(
  playwright: PlaywrightWorkerArgs['playwright'],
  who: Who,
  opts: { headers?: Record<string, string>; password?: string } = {},
): Promise<Session> {
  const ctx = await playwright.request.newContext({ baseURL })
  if (who === 'anonymous') return { who, ctx, sessionId: null }
  const res = await ctx.post('/login', {
    form: { email: ACTORS[who].email, password: opts.password ?? DEMO_PASSWORD },
    headers: { ...sameOrigin, ...opts.headers },
    maxRedirects: 0,
  })
  expect(res.status(), `sign-in of ${who}`).toBe(302)
  const sessionId = sessionIdFrom(res)
  expect(sessionId, `session cookie for ${who}`).toBeTruthy()
  return { who, ctx, sessionId }
}

export interface Answer {
  url: string
  method: string
  status: number
  headers: Record<string, string>
  body: string
  location: string | null
}

/** One request without following redirects, read whole. */
export async function ask(
  s: Session,
  method: string,
  url: string,
  opts: { headers?: Record<string, string>; form?: Record<string, string>; data?: string | Buffer } = {},
): Promise<Answer> {
  const send = () =>
    s.ctx.fetch(url, { method, headers: opts.headers, form: opts.form, data: opts.data, maxRedirects: 0, failOnStatusCode: false })
  // A kept-alive connection the server closed (idle timeout, or after an answer it gave without
  // reading the body) resets the next request sent on it: that one was never seen; send it again.
  const res = await send().catch((e: Error) => {
    if (/ECONNRESET|EPIPE|socket hang up/.test(e.message)) return send()
    throw e
  })
  const body = await res.text()
  const headers = res.headers()
  return { url, method, status: res.status(), headers, body, location: headers['location'] ?? null }
}

/** Runs `fn` over `items` with at most `n` in flight. */
export async function inPool<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++
        out[i] = await fn(items[i])
      }
    }),
  )
  return out
}

/** Collects failures instead of stopping at the first, so one run lists every offending route. */
export class Findings {
  readonly list: string[] = []
  add(msg: string) {
    this.list.push(msg)
  }
  check(ok: boolean, msg: () => string) {
    if (!ok) this.list.push(msg())
  }
  assertNone(what: string) {
    expect(this.list, `${what}:\n${this.list.slice(0, 60).join('\n')}`).toEqual([])
  }
}

/** A request context that carries a given session id. */
async function contextWith(playwright: PlaywrightWorkerArgs['playwright'], sessionId: string) {
  const host = new URL(baseURL).hostname
  return playwright.request.newContext({
    baseURL,
    storageState: {
      cookies: [{ name: SESSION_COOKIE, value: sessionId, domain: host, path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Lax' }],
      origins: [],
    },
  })
}

/**
 * Where the worker's sessions are kept between workers of one run: Playwright starts a new worker
 * after a failed test, and signing everyone in again (and crawling again) costs seconds each time.
 * A session of an earlier server (a new run, a fresh database) fails the check and is replaced.
 */
export const runCacheFile = (name: string) => path.join(os.tmpdir(), `caixiao-security-${new URL(baseURL).port}-${name}.json`)

async function cachedSessions(playwright: PlaywrightWorkerArgs['playwright']): Promise<Record<Who, Session> | null> {
  let ids: Record<string, string | null>
  try {
    ids = JSON.parse(fs.readFileSync(runCacheFile('sessions'), 'utf8'))
  } catch {
    return null
  }
  const out = {} as Record<Who, Session>
  for (const who of ['anonymous', ...actorNames] as Who[]) {
    const id = ids[who]
    if (who === 'anonymous') {
      out[who] = { who, ctx: await playwright.request.newContext({ baseURL }), sessionId: null }
      continue
    }
    if (!id) return null
    const ctx = await contextWith(playwright, id)
    out[who] = { who, ctx, sessionId: id }
    const check = await ctx.get('/login.data?_routes=root', { maxRedirects: 0 })
    if (!(await check.text()).includes(ACTORS[who].email)) {
      await Promise.all(Object.values(out).map((s) => s.ctx.dispose()))
      return null
    }
  }
  return out
}

/**
 * `sessions`: every actor signed in once per run (do not sign these out); `fresh(who)`: a new
 * session of one's own, for tests that end or rotate it.
 */
export const test = base.extend<
  { fresh: (who: Who, opts?: { headers?: Record<string, string> }) => Promise<Session> },
  { sessions: Record<Who, Session> }
>({
  sessions: [
    async ({ playwright }, use) => {
      let sessions = await cachedSessions(playwright)
      if (!sessions) {
        const entries = await Promise.all((['anonymous', ...actorNames] as Who[]).map(async (w) => [w, await signInOverHttp(playwright, w)] as const))
        sessions = Object.fromEntries(entries) as Record<Who, Session>
        fs.writeFileSync(runCacheFile('sessions'), JSON.stringify(Object.fromEntries(Object.entries(sessions).map(([w, s]) => [w, s.sessionId]))))
      }
      await use(sessions)
      await Promise.all(Object.values(sessions).map((s) => s.ctx.dispose()))
    },
    // Signing every party in (argon2 each) must not share one test's 30 s budget on a loaded machine.
    { scope: 'worker', timeout: 120_000 },
  ],
  fresh: async ({ playwright }, use) => {
    const made: Session[] = []
    await use(async (who, opts) => {
      const s = await signInOverHttp(playwright, who, opts)
      made.push(s)
      return s
    })
    await Promise.all(made.map((s) => s.ctx.dispose()))
  },
})

export { expect }
