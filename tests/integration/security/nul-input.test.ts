// A NUL character (%00) anywhere a person or a program can put text: PostgreSQL stores none in text, and
// each one used to reach it and fail as a 500. Every page loader of the console and both portals is
// walked with NUL in its search, each list filter and its path, as the user of its surface; forms and
// the JSON API answer 400 with the message on the field, and write nothing.
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, priceLists, products, stockMoves, warehouses } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { MAX_JSON_DEPTH, nulPaths } from '~/utils/api-response.server'
import { actorFor, contextFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { payload, routeArgs, statusOf, useTempDataDir } from '../catalog/helpers'

useTestDatabase({ seed: true })
useTempDataDir()

type RouteModule = { loader?: (a: any) => Promise<unknown> }
const modules = import.meta.glob<RouteModule>(['/app/routes/*.tsx', '/portal-customer/routes/*.tsx', '/portal-supplier/routes/*.tsx'])

// Every filter name a list reads (parseListParams' `filters`), and the list parameters themselves.
const FILTERS = ['q', 'sort', 'dir', 'page', 'size', 'status', 'payment', 'dealer', 'from', 'to', 'kind', 'period', 'region', 'category', 'group', 'inStock']
const MORE = ['warehouse', 'low', 'batch', 'actor', 'action', 'entityType', 'entityId', 'outcome', 'award', 'tier', 'format', 'part', 'template', 'product']
const nulQuery = (value: string) => new URLSearchParams([...FILTERS, ...MORE].map((k) => [k, value])).toString()

let who: Record<'console' | 'dealer' | 'supplier', Actor>
let ids: { product: string; priceList: string; warehouse: string }

beforeAll(async () => {
  const [admin, dave, alice] = await Promise.all(['admin@acme.test', 'dave@north.test', 'alice@bright.test'].map(actorFor))
  who = { console: admin, dealer: dave, supplier: alice }
  const [p] = await db().select({ id: products.id }).from(products).where(eq(products.sku, 'EL-1001'))
  const [l] = await db().select({ id: priceLists.id }).from(priceLists).limit(1)
  const [w] = await db().select({ id: warehouses.id }).from(warehouses).where(eq(warehouses.code, 'SH-MAIN'))
  ids = { product: p.id, priceList: l.id, warehouse: w.id }
})

function surfaceOf(file: string): { actor: Actor | null; base: string } {
  if (file.startsWith('/portal-customer/')) return { actor: who.dealer, base: '/dealer' }
  if (file.startsWith('/portal-supplier/')) return { actor: who.supplier, base: '/supplier' }
  const name = file.split('/').pop()!
  if (name.startsWith('console')) return { actor: who.console, base: '/console' }
  if (name.startsWith('api.')) return { actor: who.dealer, base: '/api' }
  return { actor: null, base: '' }
}

/** The route's dynamic segments, filled with a real row's id where the page has a list of its own. */
function paramsOf(file: string, fill: (param: string) => string): Record<string, string> {
  const name = file.split('/').pop()!.replace(/\.tsx$/, '')
  return Object.fromEntries([...name.matchAll(/\$(\w+)/g)].map((m) => [m[1], fill(m[1])]))
}

describe('NUL in URLs', () => {
  it('no page of the console or a portal answers a NUL in its search, filters or path with a 500', async () => {
    const walked: string[] = []
    for (const [file, load] of Object.entries(modules)) {
      const mod = await load()
      if (!mod.loader) continue
      const { actor, base } = surfaceOf(file)
      const real = (param: string) => (param === 'productId' ? ids.product : file.includes('price-lists') ? ids.priceList : file.includes('warehouses') ? ids.warehouse : crypto.randomUUID())
      for (const [query, params] of [
        [nulQuery('\u0000'), paramsOf(file, real)],
        [nulQuery('a\u0000b'), paramsOf(file, real)],
        ['', paramsOf(file, () => '\u0000')],
      ] as const) {
        const url = `${base}/x?${query}`
        const status = await statusOf(() => mod.loader!(routeArgs(actor, url, params))).catch((err) => {
          throw new Error(`${file} ${JSON.stringify(params)} ?${query.slice(0, 40)}: ${err}`)
        })
        expect(status, `${file} ${JSON.stringify(params)} ?${query.slice(0, 40)}`).toBeLessThan(500)
      }
      walked.push(file)
    }
    // The walk reached the lists the audit named (and every other page).
    for (const f of ['console.inventory._index', 'console.inventory.$productId', 'console.orders._index', 'console.price-lists._index', 'console.price-lists.$id', 'console.dealer-terms._index', 'console.channel-stock._index', 'console.audit.export', 'console.dealers.options'])
      expect(walked).toContain(`/app/routes/${f}.tsx`)
    for (const f of ['/portal-customer/routes/orders.tsx', '/portal-customer/routes/catalog.tsx', '/portal-customer/routes/channel-stock.tsx']) expect(walked).toContain(f)
    expect(walked.length).toBeGreaterThan(60)
  })
})

describe('NUL in forms and the API', () => {
  const inventory = () => import('~/routes/console.inventory.$productId')

  it('an adjustment whose reason carries NUL: 400 on the reason, nothing written', async () => {
    const moves = await db().$count(stockMoves)
    const audits = await db().$count(auditLog)
    const body = new URLSearchParams({ intent: 'adjust', warehouseId: ids.warehouse, quantity: '2', reason: 'a\u0000b' })
    const url = `/console/inventory/${ids.product}`
    const result = await (await inventory()).action!(routeArgs(who.console, url, { productId: ids.product }, { method: 'POST', body }))
    expect(await statusOf(async () => result)).toBe(400)
    expect(payload(result).submission.error).toMatchObject({ reason: ['errors:field.nul'] })
    // The form comes back as typed, less the character.
    expect(payload(result).submission.initialValue).toMatchObject({ reason: 'ab' })
    expect(await db().$count(stockMoves)).toBe(moves)
    expect(await db().$count(auditLog)).toBe(audits)
  })

  it('a new price list named with NUL: 400 on that name, nothing written', async () => {
    const lists = await db().$count(priceLists)
    const body = new URLSearchParams({ intent: 'save', code: 'PL-NUL', nameEn: 'a\u0000b', nameZh: '价目', tier: 'A', currency: 'CNY', validFrom: '2026-01-01', validTo: '' })
    const mod = await import('~/routes/console.price-lists.new')
    const result = await mod.action!(routeArgs(who.console, '/console/price-lists/new', {}, { method: 'POST', body }))
    expect(await statusOf(async () => result)).toBe(400)
    expect(payload(result).submission.error).toMatchObject({ nameEn: ['errors:field.nul'] })
    expect(await db().$count(priceLists)).toBe(lists)
  })

  it('a profile name with NUL (a form parsed outside parseForm): 400 on the field', async () => {
    const mod = await import('~/routes/console.account')
    const body = new URLSearchParams({ intent: 'profile', name: 'Ad\u0000min', locale: 'en', timeZone: 'Asia/Shanghai' })
    const result = await mod.action!(routeArgs(who.console, '/console/account', {}, { method: 'POST', body }))
    expect(await statusOf(async () => result)).toBe(400)
    expect(payload(result).submission.error).toMatchObject({ name: ['errors:field.nul'] })
  })

  it('a form field whose name carries NUL is no form: 400', async () => {
    const body = new URLSearchParams({ intent: 'adjust', warehouseId: ids.warehouse, quantity: '2', reason: 'x', 'rea\u0000son': 'y' })
    const result = await (await inventory()).action!(routeArgs(who.console, `/console/inventory/${ids.product}`, { productId: ids.product }, { method: 'POST', body }))
    expect(await statusOf(async () => result)).toBe(400)
  })

  it('POST /api/v1/orders with NUL in a text field: 400 naming the field, in the caller language, no order', async () => {
    const route = await import('~/routes/api.v1.orders._index')
    const [p] = await db().select({ id: products.id }).from(products).where(eq(products.sku, 'PK-3001'))
    const request = new Request('http://localhost/api/v1/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'nul-order-1' },
      body: JSON.stringify({ warehouseId: ids.warehouse, lines: [{ productId: p.id, quantity: '1' }], dealerReference: 'PO\u0000', note: 'ok' }),
    })
    const res = await route.action({ request, context: contextFor(who.dealer), params: {} } as any)
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', fields: { dealerReference: [expect.stringMatching(/NUL|空字符/)] } } })
  })

  it('a deeply nested JSON body is the API\'s 400, not a 500: the NUL walk stops at a depth no body needs', async () => {
    const route = await import('~/routes/api.v1.orders._index')
    for (const body of ['['.repeat(5000) + ']'.repeat(5000), '{"note":' + '{"a":'.repeat(3000) + '1' + '}'.repeat(3001)]) {
      const request = new Request('http://localhost/api/v1/orders', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'deep-order-1' }, body })
      const res = await route.action({ request, context: contextFor(who.dealer), params: {} } as any)
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
    }
  })
})

describe('nulPaths', () => {
  it('names every NUL in body order, keys included, and gives up (null) past MAX_JSON_DEPTH', () => {
    expect(nulPaths({ a: 'x\u0000', b: [{ ['k\u0000']: 1 }, 'ok', 'y\u0000'], c: { d: { e: '\u0000' } } })).toEqual(['a', 'b.0.k', 'b.2', 'c.d.e'])
    const nest = (depth: number, leaf: unknown): unknown => Array.from({ length: depth }).reduce<unknown>((v) => [v], leaf)
    expect(nulPaths(nest(MAX_JSON_DEPTH - 1, 'a\u0000'))).toEqual([Array.from({ length: MAX_JSON_DEPTH - 1 }, () => '0').join('.')])
    expect(nulPaths(nest(MAX_JSON_DEPTH + 1, 'a'))).toBeNull()
    expect(nulPaths(nest(100_000, 'a'))).toBeNull()
  })
})
