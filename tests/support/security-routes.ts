// The route inventory of the production build, for the security battery: every route module the
// build contains (console, portals, shared pages, resource routes), read from the Remix server
// build's `routes` export, so routes added later are covered without editing the tests.
import { execFileSync } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export type RouteSurface = 'console' | 'supplier' | 'dealer' | 'api' | 'shared'

export interface RouteInfo {
  id: string
  /** The full URL pattern, parents' paths joined: `/supplier/users/:id`; `/` for the root index. */
  pattern: string
  index: boolean
  hasLoader: boolean
  hasAction: boolean
  /** false: a resource route (its loader or action answers without a page). */
  hasComponent: boolean
  surface: RouteSurface
  /** Dynamic segments (`:id` → `id`, a splat → `*`). */
  params: string[]
  /** The layout-only routes (root, a portal's `_layout`): matched with their children. */
  isLayout: boolean
}

interface RawRoute {
  id: string
  path?: string
  parentId?: string
  index: boolean
  loader: boolean
  action: boolean
  component: boolean
}

export const buildDir = () => path.resolve(process.env.BUILD_DIR ?? 'build')

let cached: RouteInfo[] | undefined

/**
 * Reads `routes` from BUILD_DIR/server/index.js in a child process (the build's modules stay out
 * of the test worker) and composes each route's full path from its parents.
 */
export function routeInventory(): RouteInfo[] {
  if (cached) return cached
  const serverBuild = path.join(buildDir(), 'server', 'index.js')
  if (!fs.existsSync(serverBuild)) {
    throw new Error(`No server build at ${serverBuild}: run \`BUILD_DIR=${process.env.BUILD_DIR ?? 'build'} npm run build\` first`)
  }
  const script = `
    const b = await import(${JSON.stringify(new URL(`file://${serverBuild}`).href)});
    const out = Object.values(b.routes).map((r) => ({
      id: r.id, path: r.path, parentId: r.parentId, index: Boolean(r.index),
      loader: typeof r.module.loader === 'function', action: typeof r.module.action === 'function',
      component: r.module.default != null,
    }));
    process.stdout.write(JSON.stringify(out));
    process.exit(0);
  `
  const raw = JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    }),
  ) as RawRoute[]
  cached = composeRoutes(raw)
  return cached
}

export function composeRoutes(raw: RawRoute[]): RouteInfo[] {
  const byId = new Map(raw.map((r) => [r.id, r]))
  const fullPath = (r: RawRoute): string => {
    const own = (r.path ?? '').replace(/^\/+|\/+$/g, '')
    const parent = r.parentId ? byId.get(r.parentId) : undefined
    const base = parent ? fullPath(parent) : ''
    return [base, own].filter(Boolean).join('/')
  }
  const hasChildren = new Set(raw.map((r) => r.parentId).filter(Boolean))
  return raw
    .map((r) => {
      const pattern = `/${fullPath(r)}`
      const params = pattern
        .split('/')
        .filter((s) => s.startsWith(':') || s === '*')
        .map((s) => (s === '*' ? '*' : s.slice(1).replace(/\?$/, '')))
      return {
        id: r.id,
        pattern,
        index: r.index,
        hasLoader: r.loader,
        hasAction: r.action,
        hasComponent: r.component,
        surface: surfaceOf(pattern),
        params,
        isLayout: hasChildren.has(r.id),
      }
    })
    .sort((a, b) => a.pattern.localeCompare(b.pattern) || a.id.localeCompare(b.id))
}

export function surfaceOf(pathname: string): RouteSurface {
  for (const s of ['console', 'supplier', 'dealer'] as const) {
    if (pathname === `/${s}` || pathname.startsWith(`/${s}/`)) return s
  }
  if (pathname === '/api' || pathname.startsWith('/api/')) return 'api'
  return 'shared'
}

/** A value for a dynamic segment that belongs to nobody: ids are random UUIDs, tokens random. */
export function nobodysValue(param: string): string {
  if (param === '*') return `${randomUUID()}/x`
  if (/token|code|key|secret/i.test(param)) return randomBytes(32).toString('base64url')
  return randomUUID()
}

/**
 * A concrete path for a route pattern; `fill` gives each dynamic segment's value. Optional
 * segments (`:lang?`, `static?`) are left out.
 */
export function fillPattern(pattern: string, fill: (param: string) => string = nobodysValue): string {
  const segs = pattern
    .split('/')
    .filter(Boolean)
    .filter((s) => !s.endsWith('?'))
    .map((s) => (s === '*' ? fill('*') : s.startsWith(':') ? encodeURIComponent(fill(s.slice(1))) : s))
  return `/${segs.join('/')}`
}

/** The single-fetch data URL of a document path (Remix 2 single fetch: `/x.data`, `/_root.data`). */
export function dataUrl(pathname: string, query: Record<string, string> = {}): string {
  const p = pathname === '/' ? '/_root.data' : `${pathname.replace(/\/$/, '')}.data`
  const q = new URLSearchParams(query).toString()
  return q ? `${p}?${q}` : p
}

/** Where a form posts to reach this route's action: index routes need `?index`. */
export function actionUrl(route: RouteInfo, pathname: string, data = false): string {
  const base = data ? dataUrl(pathname) : pathname
  return route.index ? `${base}${base.includes('?') ? '&' : '?'}index` : base
}

/** A regular expression matching concrete paths of a pattern (used to sort harvested links by route). */
export function patternRegex(pattern: string): RegExp {
  const body = pattern
    .split('/')
    .filter(Boolean)
    .map((s) => {
      if (s === '*') return '(?:/.*)?'
      const optional = s.endsWith('?')
      const core = optional ? s.slice(0, -1) : s
      const re = core.startsWith(':') ? '/[^/]+' : `/${core.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`
      return optional ? `(?:${re})?` : re
    })
    .join('')
  return new RegExp(`^${body || '/'}$`)
}
