// The patched route matching (patches/@remix-run+router+*.patch) against the package's own
// unpatched UMD build, over the app's real route table: the same matches, params and route
// objects, for the same tree, for a new tree of the same routes (as Remix builds per render), and
// for a tree changed in place (as lazy route discovery patches it).
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const patched = require('@remix-run/router') as typeof import('@remix-run/router')
const reference = require('@remix-run/router/dist/router.umd.js') as typeof import('@remix-run/router')
const { flatRoutes } = require('@remix-run/dev/dist/config/flat-routes.js')
const { defineRoutes } = require('@remix-run/dev/dist/config/routes.js')

interface Node {
  id: string
  path?: string
  index?: boolean
  caseSensitive?: boolean
  children?: Node[]
}

async function appRouteTree(): Promise<Node[]> {
  const root = path.resolve(__dirname, '../..')
  const appDir = path.join(root, 'app')
  const { portalRoutes } = await import(path.join(root, 'scripts/portal-routes.js'))
  const manifest: Record<string, { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean }> = {
    ...flatRoutes(appDir, ['**/*.test.*', '**/.*']),
    ...defineRoutes((route: unknown) => {
      portalRoutes(route, 'supplier', '../portal-supplier/routes')
      portalRoutes(route, 'dealer', '../portal-customer/routes')
    }),
  }
  const nodes = new Map<string, Node>([['root', { id: 'root', path: '', children: [] }]])
  for (const r of Object.values(manifest)) nodes.set(r.id, { id: r.id, path: r.path, index: r.index, caseSensitive: r.caseSensitive, children: [] })
  for (const r of Object.values(manifest)) nodes.get(r.parentId ?? 'root')!.children!.push(nodes.get(r.id)!)
  return [nodes.get('root')!]
}

const clone = (routes: Node[]): Node[] => routes.map((r) => ({ ...r, children: r.children ? clone(r.children) : undefined }))

function urlsOf(routes: Node[], prefix = ''): string[] {
  const out: string[] = []
  for (const r of routes) {
    const full = [prefix, r.path ?? ''].filter(Boolean).join('/')
    const concrete = '/' + full.replace(/:[\w-]+\??/g, '0c4b9a3e-1f2d-4e5f-8a9b-0c1d2e3f4a5b').replace(/\*$/, 'a/b')
    out.push(concrete, `${concrete}/`, `${concrete}/extra`, concrete.toUpperCase())
    if (r.children) out.push(...urlsOf(r.children, full))
  }
  return [...new Set([...out, '/', '/nope', '/console/nope/deeper', '//console', '/console//orders'])]
}

const view = (matches: ReturnType<typeof patched.matchRoutes>) =>
  matches?.map((m) => ({ id: (m.route as Node).id, params: m.params, pathname: m.pathname, pathnameBase: m.pathnameBase })) ?? null

describe('patched route matching', () => {
  it('is in place', () => {
    expect(fs.readFileSync(require.resolve('@remix-run/router'), 'utf8')).toContain('Caixiao patch')
  })

  it('matches the app routes as the unpatched router does, on the same tree, a new one and a changed one', async () => {
    const tree = await appRouteTree()
    const urls = urlsOf(tree)
    expect(urls.length).toBeGreaterThan(300)
    const check = (routes: Node[]) => {
      // The route objects are the given tree's own, never another tree's of the same shape.
      const own = new Set<Node>()
      const walk = (rs: Node[]) => rs.forEach((r) => (own.add(r), r.children && walk(r.children)))
      walk(routes)
      for (const url of urls) {
        const got = patched.matchRoutes(routes as never, url)
        expect(view(got), url).toEqual(view(reference.matchRoutes(routes as never, url)))
        for (const m of got ?? []) expect(own.has(m.route as Node)).toBe(true)
      }
    }
    check(tree)
    check(tree)
    check(clone(tree))
    // Changed in place: a route added under the console, and one path renamed.
    const console_ = tree[0].children!.find((r) => r.id === 'routes/console')!
    console_.children!.push({ id: 'added', path: 'added/:thing', children: [] })
    check(tree)
    const orders = console_.children!.find((r) => r.path === 'orders')
    if (orders) orders.path = 'sales-orders'
    check(tree)
    expect(view(patched.matchRoutes(tree as never, '/console/added/x'))?.at(-1)?.id).toBe('added')
    // ~1 s alone; a loaded machine (a build beside it) took 11 s and failed on the 5 s default.
  }, 30_000)
})
