// npm run bench:orders — two app processes on PostgreSQL, a catalog of 10,000 products and
// 100,000 past orders; many dealers submit 3-line orders over HTTP (POST /api/v1/orders with an
// Idempotency-Key); then the console order list and the dealer catalog page under 20 concurrent
// clients beside a bare Remix page; and pgbench's TPC-B rate, all in the same run. Prints figures.
//
// Options (environment): BENCH_PG_URL (loopback PostgreSQL), BENCH_DEALERS (200), BENCH_CLIENTS (40),
// BENCH_SECONDS (20), BENCH_PAGE_CLIENTS (20), BENCH_PAGE_SECONDS (10); BENCH_PAGES_ONLY=1 skips the
// order phase and pgbench (only the page figures); BENCH_KEEP_DB=1 keeps the seeded database after the
// run and reuses it when present (new sessions, no reseeding), for iterating on the pages;
// BENCH_PAGES=list,catalog (default bare,list,catalog) picks the pages, e.g. to profile one alone.
import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { migrateDatabase, openDatabase, rawRows, setDatabase } from '~db/client'
import { users } from '~db/schema'
import { seedDemo } from '~db/seed/demo'
import { hashPassword } from '~/auth/password.server'
import { createSession, SESSION_COOKIE } from '~/auth/session.server'
import { dbUrl, dropDatabase, fmt, freshDatabase, hasPgbench, pgbench, sleep, startApp, summarize, type AppProcess } from './support'

const DEALERS = Number(process.env.BENCH_DEALERS ?? 200)
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 40)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20)
const PAGE_CLIENTS = Number(process.env.BENCH_PAGE_CLIENTS ?? 20)
const PAGE_SECONDS = Number(process.env.BENCH_PAGE_SECONDS ?? 10)
const PAGES_ONLY = process.env.BENCH_PAGES_ONLY === '1'
const KEEP_DB = process.env.BENCH_KEEP_DB === '1'
const PAGES = new Set((process.env.BENCH_PAGES ?? 'bare,list,catalog').split(','))
const PRODUCTS = 10_000
const PAST_ORDERS = 100_000
/** Orders draw from this many products, each with little stock: the hot spots where overselling would show. */
const HOT_PRODUCTS = 300
const HOT_STOCK = 40
const PORTS = [3471, 3472]
const DB_NAME = 'caixiao_bench_orders'
const PGBENCH_DB = 'caixiao_bench_tpcb'

async function populate(url: string) {
  const handle = await openDatabase({ url, poolSize: 4 })
  setDatabase(handle)
  await migrateDatabase(handle)
  await seedDemo()
  const q = handle.db
  const run = (s: ReturnType<typeof sql>) => rawRows(q, s)
  console.log('[bench] seeding 10,000 products, prices, stock, dealers and 100,000 past orders…')
  // Set-based inserts: the benchmark measures ordering, not the seeding.
  await run(sql`insert into products (sku, name_en, name_zh, category_id, unit, tax_rate)
    select 'BX-' || lpad(g::text, 5, '0'), 'Bench product ' || g, '压测产品 ' || g,
           (select id from categories order by code limit 1 offset (g % 4)), 'pcs', 0.13
    from generate_series(1, ${PRODUCTS}) g`)
  for (const [tier, factor] of [['A', 0.8], ['B', 0.88], ['C', 0.95]] as const) {
    await run(sql`insert into price_list_items (price_list_id, product_id, min_qty, unit_price)
      select (select id from price_lists where tier = ${tier} order by valid_from desc limit 1), p.id, 1,
             round((10 + (substr(p.sku, 4)::int % 500)) * ${factor}::numeric, 2)
      from products p where p.sku like 'BX-%'`)
  }
  // Stock: a receipt move and its balance per product in the main warehouse; hot products get little.
  await run(sql`with w as (select id from warehouses where code = 'SH-MAIN'),
    p as (select id, case when substr(sku, 4)::int <= ${HOT_PRODUCTS} then ${HOT_STOCK} else 100000 end as qty from products where sku like 'BX-%'),
    m as (insert into stock_moves (kind, product_id, warehouse_id, quantity, reason)
          select 'receipt', p.id, w.id, p.qty, 'bench opening stock' from p, w returning product_id, warehouse_id, quantity)
    insert into stock_balances (product_id, warehouse_id, on_hand) select product_id, warehouse_id, quantity from m`)
  // Dealers with generous credit, and one user each.
  const passwordHash = await hashPassword(randomUUID())
  await run(sql`insert into organizations (kind, code, name_en, name_zh, region)
    select 'dealer', 'BENCH-D' || lpad(g::text, 4, '0'), 'Bench dealer ' || g, '压测经销商 ' || g, (array['North','East','South','West'])[1 + g % 4]
    from generate_series(1, ${DEALERS}) g`)
  await run(sql`insert into users (org_id, email, name, roles, status, password_hash)
    select id, lower(code) || '@bench.test', name_en, array['dealer_admin'], 'active', ${passwordHash} from organizations where code like 'BENCH-D%'`)
  await run(sql`insert into dealer_terms (dealer_org_id, price_tier, credit_limit, payment_terms_days, currency)
    select id, (array['A','B','C'])[1 + (substr(code, 8)::int % 3)], 1000000000, 30, 'CNY' from organizations where code like 'BENCH-D%'`)
  // Past orders: delivered and paid, three lines each, spread over two years.
  await run(sql`with d as (select id, row_number() over (order by code) as n from organizations where code like 'BENCH-D%'),
    u as (select org_id, min(id::text)::uuid as id from users group by org_id),
    w as (select id from warehouses where code = 'SH-MAIN')
    insert into sales_orders (number, dealer_org_id, placed_by, status, warehouse_id, currency, price_tier, subtotal, tax_total, total,
                              credit_check, paid_total, idempotency_key, request_hash, created_at, updated_at)
    select 'SO-PAST-' || lpad(g::text, 6, '0'), d.id, u.id, 'delivered', w.id, 'CNY', 'A', 300, 39, 339,
           '{}'::jsonb, 339, 'past-' || g, 'past', now() - (g % 730) * interval '1 day' - (g % 86400) * interval '1 second', now()
    from generate_series(1, ${PAST_ORDERS}) g
    join d on d.n = 1 + (g % ${DEALERS}) join u on u.org_id = d.id cross join w`)
  await run(sql`insert into sales_order_lines (order_id, position, product_id, quantity, unit_price, tax_rate, line_net, line_tax, shipped_qty)
    select o.id, k, (select id from products where sku = 'BX-' || lpad((1 + (abs(hashtext(o.number)::bigint) + k * 977) % ${PRODUCTS})::text, 5, '0')), 10, 10, 0.13, 100, 13, 10
    from sales_orders o cross join generate_series(1, 3) k where o.number like 'SO-PAST-%'`)
  await run(sql`analyze`)
  await handle.close()
}

/** True when a kept database from an earlier run holds the whole seed (the past orders' lines come last). */
async function seededAlready(url: string): Promise<boolean> {
  const handle = await openDatabase({ url, poolSize: 1 })
  try {
    const [row] = await rawRows<{ n: string }>(handle.db, sql`select count(*)::text as n from sales_order_lines l join sales_orders o on o.id = l.order_id where o.number = 'SO-PAST-000001'`)
    return row?.n === '3'
  } catch {
    return false
  } finally {
    await handle.close()
  }
}

/** The ids and session cookies the run needs, from a seeded database. */
async function prepare(url: string) {
  const handle = await openDatabase({ url, poolSize: 4 })
  setDatabase(handle)
  const q = handle.db
  const dealerUsers = await rawRows<{ id: string }>(q, sql`select u.id from users u join organizations o on o.id = u.org_id where o.code like 'BENCH-D%' order by o.code`)
  const hot = await rawRows<{ id: string }>(q, sql`select id from products where sku like 'BX-%' and substr(sku, 4)::int <= ${HOT_PRODUCTS}`)
  const [salesManager] = await q.select({ id: users.id }).from(users).where(eq(users.email, 'sales.manager@acme.test'))
  const [warehouse] = await rawRows<{ id: string }>(q, sql`select id from warehouses where code = 'SH-MAIN'`)
  const cookie = (id: string) => `${SESSION_COOKIE}=${id}`
  const dealerCookies = await Promise.all(dealerUsers.map((u) => createSession(u.id, { ip: '127.0.0.1', userAgent: 'bench' }).then(cookie)))
  const staffCookie = cookie(await createSession(salesManager.id, { ip: '127.0.0.1', userAgent: 'bench' }))
  await handle.close()
  return { dealerCookies, staffCookie, hotProductIds: hot.map((h) => h.id), warehouseId: warehouse.id }
}

/** The order phase's figures: oversold units, duplicates, latency, and pgbench's TPC-B rate beside them. */
async function reportOrders(
  url: string,
  run: { latencies: number[]; statuses: Map<number, number>; submitted: number; retryMismatch: { sent: number; differing: number }; cpuPerRequest: number },
) {
  const { latencies, statuses, submitted, retryMismatch, cpuPerRequest } = run
  // Oversold units: per hot product, everything reserved or shipped beyond its stock.
  const check = await openDatabase({ url, poolSize: 1 })
  const [oversold] = await rawRows<{ units: string; negative: string }>(
    check.db,
    sql`select coalesce(sum(greatest(0, b.reserved - b.on_hand)), 0)::text as units, count(*) filter (where b.on_hand < 0)::text as negative
        from stock_balances b`,
  )
  const [claimed] = await rawRows<{ over: string }>(
    check.db,
    sql`with r as (select product_id, sum(quantity) q from stock_reservations where status <> 'released' group by product_id)
        select coalesce(sum(greatest(0, r.q - ${HOT_STOCK})), 0)::text as over from r join products p on p.id = r.product_id
        where p.sku like 'BX-%' and substr(p.sku, 4)::int <= ${HOT_PRODUCTS}`,
  )
  const [dups] = await rawRows<{ n: string }>(check.db, sql`select count(*)::text as n from (select dealer_org_id, idempotency_key from sales_orders group by 1, 2 having count(*) > 1) d`)
  await check.close()

  let tpcb = NaN
  if (hasPgbench()) {
    const pgUrl = await freshDatabase(PGBENCH_DB)
    pgbench(pgUrl, { init: true, clients: 1, seconds: 1 })
    tpcb = pgbench(pgUrl, { clients: CLIENTS, seconds: 10 })
    await dropDatabase(PGBENCH_DB)
  }

  const lat = summarize(latencies)
  const rate = submitted / SECONDS
  console.log('\n## Order submission (two app processes, HTTP)')
  console.log(`orders/s ${fmt(rate)} (${submitted} created in ${SECONDS} s; answers ${JSON.stringify(Object.fromEntries(statuses))})`)
  console.log(`latency ms p50 ${fmt(lat.p50)} p95 ${fmt(lat.p95)} p99 ${fmt(lat.p99)}; app CPU ${fmt(cpuPerRequest, 2)} ms/request (both processes)`)
  console.log(`units oversold ${Number(oversold.units) + Number(claimed.over)} (balances over: ${oversold.units}, reservations beyond stock: ${claimed.over}, negative balances: ${oversold.negative})`)
  console.log(`duplicate orders ${dups.n}; retries sent ${retryMismatch.sent}, answering another order ${retryMismatch.differing}`)
  console.log(`pgbench TPC-B (scale 1, ${CLIENTS} clients, 10 s): ${fmt(tpcb)} tps; target orders/s ≥ 0.3 × ${fmt(tpcb)} = ${fmt(0.3 * tpcb)}: ${rate >= 0.3 * tpcb ? 'met' : 'NOT met'}`)
}

async function main() {
  console.log(`# bench:orders — ${DEALERS} dealers, ${CLIENTS} concurrent submitters for ${SECONDS} s, ${PRODUCTS} products, ${PAST_ORDERS} past orders`)
  const reuse = KEEP_DB && (await seededAlready(dbUrl(DB_NAME)))
  const url = reuse ? dbUrl(DB_NAME) : await freshDatabase(DB_NAME)
  if (reuse) console.log(`[bench] reusing the seeded database ${DB_NAME} (BENCH_KEEP_DB=1)`)
  else await populate(url)
  const data = await prepare(url)
  const apps: AppProcess[] = []
  const origin = (port: number) => `http://127.0.0.1:${port}`
  const latencies: number[] = []
  const statuses = new Map<number, number>()
  let submitted = 0
  const retryMismatch = { sent: 0, differing: 0 }
  const pageFigures: string[] = []
  let rss: number[] = []
  let orderCpuPerRequest = NaN
  try {
    for (const [i, port] of PORTS.entries()) apps.push(await startApp(url, port, i + 1))

    const submit = async (port: number, cookie: string, key: string, body: unknown) => {
      const t0 = performance.now()
      const r = await fetch(`${origin(port)}/api/v1/orders`, {
        method: 'POST',
        headers: { cookie, origin: origin(port), 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      })
      const json = (await r.json().catch(() => null)) as { order?: { id: string } } | null
      return { status: r.status, ms: performance.now() - t0, orderId: json?.order?.id }
    }
    const orderCpuBefore = apps.reduce((sum, a) => sum + a.cpuMs(), 0)
    const stopAt = PAGES_ONLY ? 0 : Date.now() + SECONDS * 1000
    let n = 0
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const port = PORTS[c % PORTS.length]
        while (Date.now() < stopAt) {
          const cookie = data.dealerCookies[n++ % data.dealerCookies.length]
          const picks = new Set<string>()
          while (picks.size < 3) picks.add(data.hotProductIds[Math.floor(Math.random() * data.hotProductIds.length)])
          const body = { warehouseId: data.warehouseId, lines: [...picks].map((productId) => ({ productId, quantity: String(1 + Math.floor(Math.random() * 3)) })) }
          const key = randomUUID()
          const first = await submit(port, cookie, key, body)
          latencies.push(first.ms)
          statuses.set(first.status, (statuses.get(first.status) ?? 0) + 1)
          if (first.status === 201) submitted++
          // Every 20th order is sent again with the same key (a network retry): it must answer the same order.
          if (n % 20 === 0) {
            const again = await submit(PORTS[(c + 1) % PORTS.length], cookie, key, body)
            retryMismatch.sent++
            if (again.orderId !== first.orderId) retryMismatch.differing++
          }
        }
      }),
    )

    orderCpuPerRequest = (apps.reduce((sum, a) => sum + a.cpuMs(), 0) - orderCpuBefore) / Math.max(1, latencies.length + retryMismatch.sent)

    // Page throughput: each target under PAGE_CLIENTS concurrent clients for PAGE_SECONDS.
    const pageRun = async (label: string, path: string, cookie: string | null) => {
      if (!PAGES.has(label.split(/[: ]/)[0])) return { rps: NaN, p95: NaN }
      const ms: number[] = []
      let ok = 0
      const cpuBefore = apps.reduce((sum, a) => sum + a.cpuMs(), 0)
      const end = Date.now() + PAGE_SECONDS * 1000
      await Promise.all(
        Array.from({ length: PAGE_CLIENTS }, async (_, c) => {
          while (Date.now() < end) {
            const t0 = performance.now()
            const r = await fetch(`${origin(PORTS[c % PORTS.length])}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' })
            await r.arrayBuffer()
            ms.push(performance.now() - t0)
            if (r.status === 200) ok++
          }
        }),
      )
      const s = summarize(ms)
      const cpuPerRequest = (apps.reduce((sum, a) => sum + a.cpuMs(), 0) - cpuBefore) / ms.length
      pageFigures.push(
        `${label.padEnd(34)} ${fmt(ok / PAGE_SECONDS)} req/s (200s: ${ok}/${ms.length}), p50 ${fmt(s.p50)} ms, p95 ${fmt(s.p95)} ms, app CPU ${fmt(cpuPerRequest, 2)} ms/request`,
      )
      return { rps: ok / PAGE_SECONDS, p95: s.p95 }
    }
    const bare = await pageRun('bare Remix page (/login, signed out)', '/login', null)
    const list = await pageRun('list: console orders (50 of 100k+)', '/console/orders?status=delivered&page=2', data.staffCookie)
    const catalog = await pageRun('catalog: dealer portal', '/dealer/catalog', data.dealerCookies[0])
    pageFigures.push(
      `targets: order list ${fmt(list.rps / bare.rps, 2)}× bare, p95 ${fmt(list.p95)} ms; catalog ${fmt(catalog.rps / bare.rps, 2)}× bare, p95 ${fmt(catalog.p95)} ms ` +
        `(need ≥ 0.5× and p95 < 150 ms): ${[list, catalog].every((x) => x.rps >= 0.5 * bare.rps && x.p95 < 150) ? 'met' : 'NOT met'}`,
    )
    rss = apps.map((a) => a.peakRssMb())
  } finally {
    for (const a of apps) await a.stop()
  }

  if (!PAGES_ONLY) await reportOrders(url, { latencies, statuses, submitted, retryMismatch, cpuPerRequest: orderCpuPerRequest })
  console.log(`\n## Pages (${PAGE_CLIENTS} concurrent clients)`)
  for (const l of pageFigures) console.log(l)
  console.log(`\npeak RSS per process (MB): ${rss.map((r) => fmt(r)).join(', ')}`)
  if (!KEEP_DB) await dropDatabase(DB_NAME)
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
