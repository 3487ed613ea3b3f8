// C2 (security-and-reliability.md, Chaos): PostgreSQL restarts while two production processes take
// orders and bids. While it is down every request is answered 503 (JSON for the API, a page for a
// browser), quickly, never 500; once it is back, both processes serve again without being restarted
// (orders, bids, readiness, and live pushes from one process to the other, which need the socket
// adapter to LISTEN again); and nothing is lost or doubled: each acknowledged order and bid exists
// once, a request retried under its key after a 503 or a lost answer made one record, stock is
// conserved, the auction's log verifies and replays, and the audit chain verifies.
// The server restarted is a private one (private-postgres.ts), never the machine's shared PostgreSQL.
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { Socket } from 'socket.io-client'
import { expect, test } from '@playwright/test'
import { rawRows } from '~db/client'
import { seedDemo } from '~db/seed/demo'
import { DEMO_PASSWORD } from '~db/seed/demo-data'
import { verifyAuditChain } from '~/audit/record.server'
import { dbNow } from '~/domain/auction/auction-store.server'
import { verifyAuction } from '~/domain/auction/verify-auction.server'
import { actionTokenOfCookie, cents, connectSocket, emitAck, fromCents, signInOn, sleep } from '../../../scripts/bench/support'
import { openLoadAuction } from '../../../scripts/bench/load-auction'
import { privatePostgres, privatePostgresAvailable, type PrivatePostgres } from './private-postgres'
import { alive, processCluster } from './process-cluster'

const DATABASE_URL = process.env.DATABASE_URL
// Derived from the run's E2E_PORT, so runs side by side (each with its own E2E_PORT) do not collide.
// Both below Linux's ephemeral range (32768 and up): a port there can be the local end of any
// outgoing connection at that moment (a database pool's, say), and listening on it then fails.
const BASE = Number(process.env.E2E_PORT ?? 3210) % 10_000
const PG_PORT = Number(process.env.PG_RESTART_PG_PORT ?? 20_000 + BASE)
const PORT_A = Number(process.env.PG_RESTART_PORT ?? 10_000 + BASE * 2)
const PORT_B = PORT_A + 1
/** How long PostgreSQL stays down, and how soon after it is back both processes must serve again. */
const DOWN_MS = 3_000
const RECOVERY_MS = 15_000
/** No request may wait longer than this for its answer, outage or not. */
const MAX_ANSWER_MS = 5_000

test.skip(!DATABASE_URL, 'cluster mode needs PostgreSQL: set DATABASE_URL (CI does) to run the two-process tests')
test.skip(!privatePostgresAvailable(), 'C2 needs the PostgreSQL 15 server binaries (initdb, pg_ctl) to run a server of its own')

let pg: PrivatePostgres | undefined
let cluster: ReturnType<typeof processCluster> | undefined
const sockets: Socket[] = []
/** The load's loops run while this is true; a failed test's afterAll stops them too. */
let loadRuns = false

test.afterAll(async () => {
  test.setTimeout(60_000)
  loadRuns = false
  for (const s of sockets) s.close()
  // The server may have been left stopped by a failure: the apps' and the database's teardown need it.
  if (pg && !pg.running) await pg.start().catch(() => {})
  await cluster?.close().catch((err) => console.error('[c2] cluster close failed', err))
  pg?.destroy()
})

interface Attempt {
  port: number
  status: number | 'no answer'
  ms: number
  contentType: string
  body: any
}

interface Sent {
  kind: 'order' | 'bid'
  key: string
  port: number
  amount?: string
  attempts: Attempt[]
  /** The definitive answer (not 503, not lost), once one came. */
  final?: Attempt
}

async function request(port: number, path: string, init: { method?: string; cookie: string; key?: string; body?: unknown; accept?: string }): Promise<Attempt> {
  const started = Date.now()
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: init.cookie,
        origin: `http://127.0.0.1:${port}`,
        'x-action-token': actionTokenOfCookie(init.cookie),
        accept: init.accept ?? 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.key ? { 'idempotency-key': init.key } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      // Far above MAX_ANSWER_MS: a hang shows as a slow answer or none, and the test still ends.
      signal: AbortSignal.timeout(15_000),
    })
    const contentType = res.headers.get('content-type') ?? ''
    const text = await res.text()
    let body: any = text
    if (contentType.includes('json')) body = JSON.parse(text)
    return { port, status: res.status, ms: Date.now() - started, contentType, body }
  } catch (err) {
    return { port, status: 'no answer', ms: Date.now() - started, contentType: '', body: String(err) }
  }
}

const definitive = (a: Attempt) => a.status !== 503 && a.status !== 'no answer'

test('C2 PostgreSQL restarts under load: 503s meanwhile, recovery without restarting the processes, nothing lost or doubled', async () => {
  test.setTimeout(120_000)
  const started = Date.now()
  const phases: string[] = []
  const phase = (name: string) => phases.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)}s`)
  pg = privatePostgres(PG_PORT)
  await pg.start()
  cluster = processCluster('pg_restart', PORT_A, { serverUrl: pg.url })
  const { handle } = await cluster.open()
  await seedDemo()
  const q = handle.db

  const [ids] = await rawRows<{ product: string; warehouse: string; bright: string; precision: string; buyer: string }>(
    q,
    sql`select (select id::text from products where sku = 'MT-2002') as product, (select id::text from warehouses where code = 'SH-MAIN') as warehouse,
      (select id::text from organizations where code = 'SUP-BRIGHT') as bright, (select id::text from organizations where code = 'SUP-PRECISION') as precision,
      (select id::text from users where email = 'buyer@acme.test') as buyer`,
  )
  const supplierUsers = await rawRows<{ id: string; email: string }>(q, sql`select id::text, email from users where email in ('alice@bright.test', 'bob@precision.test')`)
  const stockTotals = () =>
    rawRows<{ on_hand: string; moves: string }>(q, sql`select (select coalesce(sum(on_hand), 0)::text from stock_balances) as on_hand, (select coalesce(sum(quantity), 0)::text from stock_moves) as moves`)
  const stockBefore = await stockTotals()

  const [appA, appB] = await Promise.all([cluster.start(PORT_A, 1), cluster.start(PORT_B, 2)])
  phase('booted')

  // A live auction long enough to outlast the test, the two suppliers in it.
  const startsAt = Date.parse(await dbNow(q)) + 1_000
  // Each bidder need only beat its own bid, so every bid the loops send is acceptable.
  const auction = await openLoadAuction({
    tag: 'c2',
    buyerUserId: ids.buyer,
    participantIds: [ids.bright, ids.precision],
    bidderUserIds: supplierUsers.map((u) => u.id),
    startsAt,
    endsAt: startsAt + 600_000,
    hardStopAt: startsAt + 1_200_000,
    ceiling: '1000000.00',
    mustBeatBest: false,
  })

  // Dealers of one organization on either process (each hears the other's orders in its org's room),
  // and a supplier bidding on each.
  const [dave, dora, alice, bob] = await Promise.all([
    signInOn(PORT_A, 'dave@north.test', DEMO_PASSWORD),
    signInOn(PORT_B, 'dora@north.test', DEMO_PASSWORD),
    signInOn(PORT_A, 'alice@bright.test', DEMO_PASSWORD),
    signInOn(PORT_B, 'bob@precision.test', DEMO_PASSWORD),
  ])
  const pushes = new Map<string, { event: string; payload: any; at: number }[]>()
  const listen = async (name: string, port: number, cookie: string, joinAuction: boolean) => {
    const socket = await connectSocket(port, cookie)
    sockets.push(socket)
    const heard: { event: string; payload: any; at: number }[] = []
    pushes.set(name, heard)
    for (const event of ['order:changed', 'auction:state']) socket.on(event, (payload: any) => heard.push({ event, payload, at: Date.now() }))
    if (joinAuction) {
      const ack = await emitAck<{ ok: boolean; error?: unknown }>(socket, 'auction:join', { auctionId: auction.id }, 5_000)
      if (!ack.ok) throw new Error(`${name}: join refused: ${JSON.stringify(ack.error)}`)
    }
    return socket
  }
  await Promise.all([listen('dave', PORT_A, dave, false), listen('dora', PORT_B, dora, false), listen('alice', PORT_A, alice, true)])
  const bobSocket = await listen('bob', PORT_B, bob, true)

  // Each bidder bids a little below its own last accepted bid, starting from the ceiling.
  const nextBid = new Map<string, bigint>([
    [alice, cents('1000000.00')],
    [bob, cents('1000000.00')],
  ])
  const all: Sent[] = []
  const orderBody = { warehouseId: ids.warehouse, lines: [{ productId: ids.product, quantity: '1' }] }

  /** Sends until a definitive answer, under one key: a 503 or a lost answer is retried as a client would. */
  async function send(s: Sent, cookie: string, deadline: number) {
    all.push(s)
    for (;;) {
      const a =
        s.kind === 'order'
          ? await request(s.port, '/api/v1/orders', { method: 'POST', cookie, key: s.key, body: orderBody })
          : await request(s.port, `/api/v1/auctions/${auction.id}/bids`, { method: 'POST', cookie, key: s.key, body: { amount: s.amount, confirm: true } })
      s.attempts.push(a)
      if (definitive(a)) return (s.final = a)
      if (Date.now() > deadline) return a
      await sleep(150)
    }
  }
  const placeOrder = (port: number, cookie: string, deadline = Date.now() + 30_000) => send({ kind: 'order', key: randomUUID(), port, attempts: [] }, cookie, deadline)
  // One bid at a time per bidder: each must be below the bidder's own last one, so two in flight could refuse each other.
  const bidderTurn = new Map<string, Promise<unknown>>()
  const asBidder = <T>(cookie: string, fn: () => Promise<T>): Promise<T> => {
    const turn = (bidderTurn.get(cookie) ?? Promise.resolve()).then(fn)
    bidderTurn.set(cookie, turn.catch(() => {}))
    return turn
  }
  const placeBid = (port: number, cookie: string, deadline = Date.now() + 30_000) =>
    asBidder(cookie, async () => {
      const amount = fromCents(nextBid.get(cookie)! - 1n - BigInt(Math.floor(Math.random() * 50)))
      const a = await send({ kind: 'bid', key: randomUUID(), port, amount, attempts: [] }, cookie, deadline)
      if (a.status === 201) nextBid.set(cookie, cents(a.body.bid.amount))
      return a
    })

  // The auction opens by the processes' clock; then the load starts: two dealers ordering and two
  // suppliers bidding, one of each on either process, each as fast as its answers come.
  const auctionStatus = async () => (await rawRows<{ status: string }>(q, sql`select status from auctions where id = ${auction.id}`))[0].status
  await expect.poll(auctionStatus, { timeout: 15_000, intervals: [100] }).toBe('running')
  loadRuns = true
  const loop = (fn: () => Promise<unknown>) =>
    (async () => {
      while (loadRuns) {
        await fn()
        await sleep(30)
      }
    })()
  const [{ loadStart }] = await rawRows<{ loadStart: string }>(q, sql`select now()::text as "loadStart"`)
  const loops = [loop(() => placeOrder(PORT_A, dave)), loop(() => placeOrder(PORT_B, dora)), loop(() => placeBid(PORT_A, alice)), loop(() => placeBid(PORT_B, bob))]
  await sleep(2_000)
  const ackedBeforeOutage = all.filter((s) => s.final?.status === 201).length
  phase('load')

  // PostgreSQL goes down (fast: its sessions are ended) and stays down a while.
  const downAt = Date.now()
  await pg.stop()
  const stoppedAt = Date.now()
  phase('stopped')
  const probes: { what: string; attempt: Attempt }[] = []
  const probe = async (what: string, port: number, path: string, cookie: string, accept?: string) => probes.push({ what, attempt: await request(port, path, { cookie, accept }) })
  // A bid over the socket while the database is down is refused as unavailable; retried later under its id.
  const socketBidId = randomUUID()
  // Far below bob's bids, so it is still below his own when it is sent again after the outage.
  const socketBidAmount = fromCents(nextBid.get(bob)! - 10_000n)
  const socketBidStarted = Date.now()
  const socketBid = () =>
    emitAck<{ ok: boolean; bid?: { id: string; amount: string }; error?: { code: string } }>(
      bobSocket,
      'auction:bid',
      { auctionId: auction.id, amount: socketBidAmount, confirm: true, clientBidId: socketBidId },
      10_000,
    ).catch((err) => ({ ok: false, error: { code: `no ack: ${err}` } }))
  // Not in bob's turn: his REST bid holds it, retrying, for the whole outage; this one cannot be accepted meanwhile anyway.
  const socketBidDuringOutage = await socketBid()
  const socketBidMs = Date.now() - socketBidStarted
  for (const [port, dealer] of [
    [PORT_A, dave],
    [PORT_B, dora],
  ] as const) {
    await probe(`API GET on ${port}`, port, '/api/v1/orders', dealer)
    await probe(`page on ${port}`, port, '/dealer', dealer, 'text/html')
    await probe(`page data on ${port}`, port, '/dealer.data', dealer, '*/*')
  }
  const ready = (port: number) =>
    fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(MAX_ANSWER_MS) }).then(
      (r) => r.status,
      (err) => `no answer: ${err}`,
    )
  const readyDuringOutage = await Promise.all([PORT_A, PORT_B].map(ready))
  await sleep(Math.max(0, stoppedAt + DOWN_MS - Date.now()))
  await pg.start()
  const upAt = Date.now()
  phase('up')

  // Both processes, not restarted, serve again within RECOVERY_MS: readiness, an order and a bid on each.
  const recoveredBy = upAt + RECOVERY_MS
  // A process that died under the outage (the driver once crashed on a dead connection) fails here, by name.
  const survived = () => ({ A: alive(appA), B: alive(appB) })
  expect(survived(), 'both processes survived the outage').toEqual({ A: true, B: true })
  await expect.poll(async () => [await ready(PORT_A), await ready(PORT_B)], { timeout: RECOVERY_MS, intervals: [200] }).toEqual([200, 200])
  // Each is retried under its key until recoveredBy, as a client would; a fresh key per try could leave
  // a stale bid to be retried later, above its bidder's own newer one.
  const succeedsAgain = async (what: string, a: Promise<Attempt>) => {
    const answer = await a
    expect(answer.status, `${what}: ${JSON.stringify(answer.body).slice(0, 300)}`).toBe(201)
  }
  await Promise.all([
    succeedsAgain('an order on A', placeOrder(PORT_A, dave, recoveredBy)),
    succeedsAgain('an order on B', placeOrder(PORT_B, dora, recoveredBy)),
    succeedsAgain('a bid on A', placeBid(PORT_A, alice, recoveredBy)),
    succeedsAgain('a bid on B', placeBid(PORT_B, bob, recoveredBy)),
  ])
  const servingAgainMs = Date.now() - upAt
  phase('serving')
  expect(survived(), 'neither process restarted').toEqual({ A: true, B: true })

  // Live pushes cross processes again, both ways: each process's adapter LISTENs again.
  const heardAfter = (name: string, event: string, match: (p: any) => boolean) => () => (pushes.get(name) ?? []).some((h) => h.at >= upAt && h.event === event && match(h.payload))
  const crossing = async (what: string, cause: () => Promise<Attempt>, hearer: string, event: string, match: (a: Attempt, p: any) => boolean) => {
    await expect
      .poll(
        async () => {
          const a = await cause()
          if (a.status !== 201) return false
          // A push follows its commit within moments; a lost one is retried by causing another.
          const deadline = Date.now() + 1_500
          while (Date.now() < deadline) {
            if (heardAfter(hearer, event, (p) => match(a, p))()) return true
            await sleep(50)
          }
          return false
        },
        { message: what, timeout: Math.max(2_000, recoveredBy - Date.now()), intervals: [0] },
      )
      .toBe(true)
  }
  await crossing('an order through A heard on B', () => placeOrder(PORT_A, dave, recoveredBy), 'dora', 'order:changed', (a, p) => p.orderId === a.body.order.id)
  await crossing('an order through B heard on A', () => placeOrder(PORT_B, dora, recoveredBy), 'dave', 'order:changed', (a, p) => p.orderId === a.body.order.id)
  await crossing('a bid through A heard on B', () => placeBid(PORT_A, alice, recoveredBy), 'bob', 'auction:state', (a, p) => p.auctionId === auction.id && p.seq >= a.body.state.seq)
  await crossing('a bid through B heard on A', () => placeBid(PORT_B, bob, recoveredBy), 'alice', 'auction:state', (a, p) => p.auctionId === auction.id && p.seq >= a.body.state.seq)
  const pushesAgainMs = Date.now() - upAt

  // The job queue works again: a job queued now (as send() would queue it) is taken and completed by one of the processes.
  const [job] = await rawRows<{ id: string }>(q, sql`insert into pgboss.job (name, data) values ('auth.prune', '{}'::jsonb) returning id::text`)
  const jobState = async () => (await rawRows<{ state: string }>(q, sql`select state::text from pgboss.job where id = ${job.id}::uuid`))[0]?.state
  await expect.poll(jobState, { message: 'a job queued after the restart', timeout: Math.max(5_000, recoveredBy - Date.now()), intervals: [250] }).toBe('completed')
  const jobsAgainMs = Date.now() - upAt
  phase('pushing')

  // The socket bid refused during the outage, sent again under its id, is placed once.
  const socketRetry = await asBidder(bob, async () => {
    const ack = await socketBid()
    if (ack.ok) nextBid.set(bob, cents(socketBidAmount))
    return ack
  })

  // The load runs on a little, then stops; whatever is still unanswered gets its answer by retrying.
  await sleep(1_000)
  loadRuns = false
  await Promise.all(loops)
  for (const s of all.filter((s) => !s.final)) await send(s, s.kind === 'order' ? (s.port === PORT_A ? dave : dora) : s.port === PORT_A ? alice : bob, Date.now() + 10_000)
  phase('drained')

  console.log(`[c2] phases: ${phases.join(', ')}`)
  // While down: the API's answer is a 503 with the JSON error body, a page's is a 503 page, quickly.
  expect(stoppedAt - downAt, 'pg_ctl stop took').toBeLessThan(10_000)
  for (const { what, attempt } of probes) {
    expect(attempt.status, `${what}: ${JSON.stringify(attempt.body).slice(0, 300)}`).toBe(503)
    expect(attempt.ms, what).toBeLessThan(MAX_ANSWER_MS)
  }
  for (const { what, attempt } of probes.filter((p) => p.what.startsWith('API'))) {
    expect(attempt.contentType, what).toContain('application/json')
    expect(attempt.body, what).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.any(String) } })
  }
  for (const { what, attempt } of probes.filter((p) => p.what.startsWith('page on'))) {
    expect(attempt.contentType, what).toContain('text/html')
    expect(attempt.body, what).toContain('data-status="503"')
  }
  expect(readyDuringOutage).toEqual([503, 503])
  expect(socketBidDuringOutage, 'socket bid while down').toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } })
  expect(socketBidMs).toBeLessThan(MAX_ANSWER_MS)

  // Every request of the load was answered, quickly, and never with a 500; some met the outage.
  const attempts = all.flatMap((s) => s.attempts)
  const bad = attempts.filter((a) => a.status === 'no answer' || (a.status >= 500 && a.status !== 503) || a.ms >= MAX_ANSWER_MS)
  expect(bad.map((a) => `${a.port} ${a.status} after ${a.ms} ms: ${JSON.stringify(a.body).slice(0, 200)}`)).toEqual([])
  const unavailable = attempts.filter((a) => a.status === 503)
  expect(unavailable.length, '503s met by the load').toBeGreaterThan(0)
  for (const a of unavailable) expect(a.body, 'a 503 of the API').toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } })
  expect(ackedBeforeOutage, 'acknowledged before the outage').toBeGreaterThan(5)
  // Each request ended acknowledged: an order placed (201, or 200 replaying the one a lost answer
  // made), a bid accepted; nothing refused for a reason of the restart's making.
  const unfinished = all.filter((s) => !s.final || ![200, 201].includes(s.final.status as number))
  expect(unfinished.map((s) => `${s.kind} ${s.key} on ${s.port}: ${s.final?.status} ${JSON.stringify(s.final?.body).slice(0, 200)}`)).toEqual([])
  const retried = all.filter((s) => s.attempts.length > 1)
  expect(retried.length, 'requests retried after a 503').toBeGreaterThan(0)
  expect(socketRetry, 'the socket bid retried after the outage').toMatchObject({ ok: true, bid: { amount: socketBidAmount } })

  // Orders: each key made exactly one order, the acknowledged one; nothing else was made.
  const orders = all.filter((s) => s.kind === 'order')
  const orderRows = await rawRows<{ id: string; key: string }>(
    q,
    sql`select id::text, idempotency_key as key from sales_orders where dealer_org_id = (select id from organizations where code = 'DLR-NORTH') and created_at >= ${loadStart}::timestamptz`,
  )
  const byKey = new Map<string, string[]>()
  for (const r of orderRows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r.id])
  for (const s of orders) expect(byKey.get(s.key), `order ${s.key}`).toEqual([s.final!.body.order.id])
  expect(orderRows.length).toBe(orders.length)

  // Bids: each clientBidId is in the log once, under the acknowledged id and amount; nothing else is.
  const bids = all.filter((s) => s.kind === 'bid')
  const log = await rawRows<{ id: string; client_bid_id: string; amount: string }>(q, sql`select id::text, client_bid_id, amount::text from auction_bids where auction_id = ${auction.id}`)
  const byClientId = new Map<string, { id: string; amount: string }[]>()
  for (const r of log) byClientId.set(r.client_bid_id, [...(byClientId.get(r.client_bid_id) ?? []), { id: r.id, amount: r.amount }])
  for (const s of bids) expect(byClientId.get(s.key), `bid ${s.key}`).toEqual([{ id: s.final!.body.bid.id, amount: s.amount }])
  expect(byClientId.get(socketBidId)).toEqual([{ id: (socketRetry as any).bid.id, amount: socketBidAmount }])
  expect(log.length).toBe(bids.length + 1)

  // Stock: nothing moved on hand (orders only reserve), nothing negative, every balance's reserved is
  // the sum of its active reservations and at most what is on hand, and each order reserved at most its line.
  expect(await stockTotals()).toEqual(stockBefore)
  const badBalances = await rawRows(
    q,
    sql`select b.id, b.on_hand::text, b.reserved::text, coalesce(r.active, 0)::text as active from stock_balances b
      left join (select balance_id, sum(quantity) as active from stock_reservations where status = 'active' group by balance_id) r on r.balance_id = b.id
      where b.on_hand < 0 or b.reserved < 0 or b.reserved > b.on_hand or b.reserved <> coalesce(r.active, 0)`,
  )
  expect(badBalances).toEqual([])
  const overReserved = await rawRows(
    q,
    sql`select source_id, sum(quantity)::text from stock_reservations where source_type = 'sales_order' and status = 'active'
      and source_id in (select id::text from sales_orders where created_at >= ${loadStart}::timestamptz)
      group by source_id having sum(quantity) > 1`,
  )
  expect(overReserved).toEqual([])

  // The auction's log verifies and replays to its state; the audit chain is whole.
  const verified = await verifyAuction(auction.id)
  expect({ ok: verified.ok, chain: verified.chain.ok, discrepancies: verified.discrepancies, mismatches: verified.mismatches }).toEqual({ ok: true, chain: true, discrepancies: [], mismatches: [] })
  expect((await verifyAuditChain()).ok).toBe(true)

  console.log(
    `[c2] ${orders.length} orders and ${bids.length + 1} bids acknowledged (${unavailable.length} answers 503, ${retried.length} requests retried under their key); ` +
      `PostgreSQL down ${upAt - downAt} ms; serving again ${servingAgainMs} ms, pushing across processes ${pushesAgainMs} ms and running jobs ${jobsAgainMs} ms after it was back; ${Math.round((Date.now() - started) / 1000)} s`,
  )
})
