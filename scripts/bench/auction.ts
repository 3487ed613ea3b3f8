// npm run bench:auction — one auction, two app processes on PostgreSQL, 100 bidders and 20
// watchers over socket.io; then the same clients against a bare socket.io baseline, and pgbench on
// one hot row. Prints its figures; asserts nothing (the targets are printed beside them).
//
// Options (environment): BENCH_PG_URL (loopback PostgreSQL, default postgres://postgres@127.0.0.1:5432/postgres),
// BENCH_REDIS_URL (use the Redis adapter instead of PostgreSQL's), BENCH_BIDDERS (100), BENCH_WATCHERS (20),
// BENCH_RATE (offered bids/s in the steady phase, 40), BENCH_SECONDS (per phase, 15), BENCH_MUST_BEAT_BEST
// (1: every bid must beat the best price, so 100 bidders race for each new best and most bids are
// refused; default 0: each bidder must beat its own bid, so the closed loop's bids are all acceptable
// and "accepted per second" measures the bid path rather than the race).
import { randomUUID } from 'node:crypto'
import { inArray } from 'drizzle-orm'
import type { Socket } from 'socket.io-client'
import { migrateDatabase, openDatabase, rawRows, setDatabase } from '~db/client'
import { organizations, users } from '~db/schema'
import { seedDemo } from '~db/seed/demo'
import { sql } from 'drizzle-orm'
import { hashPassword } from '~/auth/password.server'
import { createSession, SESSION_COOKIE } from '~/auth/session.server'
import { dbNow } from '~/domain/auction/auction-store.server'
import { verifyAuction } from '~/domain/auction/verify-auction.server'
import { cents, connectSocket, dropDatabase, emitAck, fmt, freshDatabase, fromCents, hasPgbench, pgbench, sleep, startApp, startProcess, summarize, type AppProcess } from './support'
import { openLoadAuction } from './load-auction'

const BIDDERS = Number(process.env.BENCH_BIDDERS ?? 100)
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 20)
const RATE = Number(process.env.BENCH_RATE ?? 40)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15)
const REDIS = process.env.BENCH_REDIS_URL ?? ''
const MUST_BEAT_BEST = process.env.BENCH_MUST_BEAT_BEST === '1'
const PORTS = [3461, 3462]
const DB_NAME = 'caixiao_bench_auction'

interface Client {
  socket: Socket
  role: 'bidder' | 'watcher'
  /** Receipts of pushed states: (local time, seq). */
  receipts: { t: number; seq: number }[]
  maxAcceptable: string | null
}

interface PhaseResult {
  name: string
  seconds: number
  sent: number
  accepted: number
  rejected: number
  acks: number[]
  delivery: number[]
  acceptedBids: { id: string; clientBidId: string; seq: number; at: number }[]
  duplicatesSent: number
  duplicateAnswersDiffer: number
  /** Bids with no answer within the client's 15 s: counted, not accepted. */
  timedOut: number
}

/** A bid a little under the highest acceptable amount, so concurrent bidders do not all collide. */
function nextAmount(maxAcceptable: string | null): string | null {
  if (!maxAcceptable) return null
  const c = cents(maxAcceptable) - BigInt(Math.floor(Math.random() * 20))
  return c > 0n ? fromCents(c) : null
}

/**
 * Delivery latency: for every accepted bid and every client, the time from the bid's commit
 * (its server time) to the first pushed state that includes it (seq ≥ the bid's seq).
 */
function deliveryLatencies(clients: Client[], bids: { seq: number; at: number }[]): number[] {
  const out: number[] = []
  const sorted = [...bids].sort((a, b) => a.seq - b.seq)
  for (const c of clients) {
    const receipts = [...c.receipts].sort((a, b) => a.t - b.t)
    let maxSeq = -1
    const firstAtLeast: { t: number; seq: number }[] = []
    for (const r of receipts) if (r.seq > maxSeq) firstAtLeast.push({ t: r.t, seq: (maxSeq = r.seq) })
    let j = 0
    for (const b of sorted) {
      while (j < firstAtLeast.length && firstAtLeast[j].seq < b.seq) j++
      if (j === firstAtLeast.length) break
      out.push(firstAtLeast[j].t - b.at)
    }
  }
  return out
}

async function runPhases(opts: {
  clients: Client[]
  bid: (c: Client, amount: string, clientBidId: string) => Promise<{ ok: boolean; id?: string; seq?: number; at?: string; maxAcceptable?: string | null; raw: unknown }>
}): Promise<PhaseResult[]> {
  const bidders = opts.clients.filter((c) => c.role === 'bidder')
  const results: PhaseResult[] = []
  for (const name of ['steady', 'max'] as const) {
    const r: PhaseResult = { name, seconds: SECONDS, sent: 0, accepted: 0, rejected: 0, acks: [], delivery: [], acceptedBids: [], duplicatesSent: 0, duplicateAnswersDiffer: 0, timedOut: 0 }
    for (const c of opts.clients) c.receipts = []
    const stopAt = Date.now() + SECONDS * 1000
    const one = async (c: Client) => {
      const amount = nextAmount(c.maxAcceptable)
      if (!amount) return
      const clientBidId = randomUUID()
      const t0 = performance.now()
      r.sent++
      // Every 25th bid is sent twice with the same id, as a client retrying after a lost ack would.
      const retry = r.sent % 25 === 0
      const answer = (p: Promise<Awaited<ReturnType<typeof opts.bid>>>) => p.catch(() => null)
      const [a, b] = await Promise.all([answer(opts.bid(c, amount, clientBidId)), retry ? answer(opts.bid(c, amount, clientBidId)) : Promise.resolve(null)])
      if (!a) {
        r.timedOut++
        return
      }
      r.acks.push(performance.now() - t0)
      if (retry) {
        r.duplicatesSent++
        if (b && (a.ok !== b.ok || a.id !== b.id)) r.duplicateAnswersDiffer++
      }
      if (a.maxAcceptable !== undefined) c.maxAcceptable = a.maxAcceptable
      if (a.ok) {
        r.accepted++
        r.acceptedBids.push({ id: a.id!, clientBidId, seq: a.seq!, at: Date.parse(a.at!) })
      } else r.rejected++
    }
    if (name === 'steady') {
      // Offered load: each bidder on its own fixed period, phases spread, whatever the answers.
      const period = (bidders.length / RATE) * 1000
      await Promise.all(
        bidders.map(async (c, i) => {
          await sleep((period * i) / bidders.length)
          const pending: Promise<void>[] = []
          while (Date.now() < stopAt) {
            pending.push(one(c))
            await sleep(period)
          }
          await Promise.all(pending)
        }),
      )
    } else {
      // Closed loop: each bidder bids again as soon as its previous bid is answered.
      await Promise.all(
        bidders.map(async (c) => {
          while (Date.now() < stopAt) await one(c)
        }),
      )
    }
    await sleep(1000) // let the last pushes land
    r.delivery = deliveryLatencies(opts.clients, r.acceptedBids)
    results.push(r)
  }
  return results
}

function report(title: string, phases: PhaseResult[]) {
  console.log(`\n## ${title}`)
  for (const p of phases) {
    const ack = summarize(p.acks)
    const del = summarize(p.delivery)
    console.log(
      `${p.name.padEnd(7)} sent ${p.sent} (${fmt(p.sent / p.seconds)}/s), accepted ${p.accepted} = ${fmt(p.accepted / p.seconds)}/s, rejected ${p.rejected}; ` +
        `ack ms p50 ${fmt(ack.p50)} p95 ${fmt(ack.p95)} p99 ${fmt(ack.p99)}; delivery ms p50 ${fmt(del.p50)} p95 ${fmt(del.p95)} p99 ${fmt(del.p99)} (n=${del.n}); ` +
        `retries ${p.duplicatesSent}, retry answers differing ${p.duplicateAnswersDiffer}, unanswered ${p.timedOut}`,
    )
  }
}

async function main() {
  console.log(`# bench:auction — ${BIDDERS} bidders, ${WATCHERS} watchers, ${SECONDS} s per phase, steady rate ${RATE}/s, adapter ${REDIS ? 'redis' : 'postgres'}, ${MUST_BEAT_BEST ? 'bids must beat the best price' : 'bids must beat the bidder\'s own'}`)
  const url = await freshDatabase(DB_NAME)
  const handle = await openDatabase({ url })
  setDatabase(handle)
  await migrateDatabase(handle)
  await seedDemo()

  // Bidder organizations and users, made in bulk: the benchmark measures bidding, not sign-up.
  const passwordHash = await hashPassword(randomUUID())
  const orgs = await handle.db
    .insert(organizations)
    .values(Array.from({ length: BIDDERS }, (_, i) => ({ kind: 'supplier' as const, code: `BENCH-S${String(i + 1).padStart(3, '0')}`, nameEn: `Bench supplier ${i + 1}`, nameZh: `压测供应商 ${i + 1}` })))
    .returning({ id: organizations.id })
  const bidderUsers = await handle.db
    .insert(users)
    .values(orgs.map((o, i) => ({ orgId: o.id, email: `bidder${i + 1}@bench.test`, name: `Bidder ${i + 1}`, roles: ['supplier_admin'], status: 'active' as const, passwordHash })))
    .returning({ id: users.id })
  const [buyerRow] = await handle.db.select({ id: users.id }).from(users).where(inArray(users.email, ['buyer@acme.test']))
  const now = Date.parse(await dbNow(handle.db))
  const auction = await openLoadAuction({
    tag: 'bench',
    buyerUserId: buyerRow.id,
    participantIds: orgs.map((o) => o.id),
    bidderUserIds: bidderUsers.map((u) => u.id),
    startsAt: now + 20_000,
    endsAt: now + 3_600_000,
    hardStopAt: now + 7_200_000,
    ceiling: '10000000.00',
    mustBeatBest: MUST_BEAT_BEST,
  })
  const cookie = (id: string) => `${SESSION_COOKIE}=${id}`
  const bidderCookies = await Promise.all(bidderUsers.map((u) => createSession(u.id, { ip: '127.0.0.1', userAgent: 'bench' }).then(cookie)))
  const watcherCookies = await Promise.all(Array.from({ length: WATCHERS }, () => createSession(buyerRow.id, { ip: '127.0.0.1', userAgent: 'bench' }).then(cookie)))
  await handle.close()

  const apps: AppProcess[] = []
  let appPhases: PhaseResult[] = []
  let rss: number[] = []
  let verification = 'not run'
  let lostOrDoubled = { lost: 0, doubled: 0, unacknowledgedInLog: 0 }
  try {
    for (const [i, port] of PORTS.entries()) apps.push(await startApp(url, port, i + 1, { REDIS_URL: REDIS }))
    const clients: Client[] = []
    const all = [...bidderCookies.map((c) => ['bidder', c] as const), ...watcherCookies.map((c) => ['watcher', c] as const)]
    for (const [i, [role, c]] of all.entries()) {
      const socket = await connectSocket(PORTS[i % PORTS.length], c)
      const client: Client = { socket, role, receipts: [], maxAcceptable: null }
      socket.on('auction:state', (s: { seq: number; maxAcceptable?: string | null }) => {
        client.receipts.push({ t: Date.now(), seq: s.seq })
        if (s.maxAcceptable !== undefined) client.maxAcceptable = s.maxAcceptable
      })
      const ack = await emitAck<{ ok: boolean; state?: { maxAcceptable?: string | null; status: string }; error?: unknown }>(socket, 'auction:join', { auctionId: auction.id })
      if (!ack.ok) throw new Error(`join refused: ${JSON.stringify(ack.error)}`)
      client.maxAcceptable = ack.state?.maxAcceptable ?? null
      clients.push(client)
    }
    // The auction starts by the clock; wait until a bidder is told it may bid.
    const deadline = Date.now() + 60_000
    while (!clients.some((c) => c.role === 'bidder' && c.maxAcceptable)) {
      if (Date.now() > deadline) throw new Error('auction did not start')
      await sleep(200)
    }
    for (const c of clients) if (!c.maxAcceptable && c.role === 'bidder') c.maxAcceptable = '10000000.00'
    console.log(`connected ${clients.length} sockets across ${PORTS.length} processes; auction running`)

    appPhases = await runPhases({
      clients,
      bid: async (c, amount, clientBidId) => {
        const a = await emitAck<any>(c.socket, 'auction:bid', { auctionId: auction.id, amount, confirm: true, clientBidId })
        if (a.ok) return { ok: true, id: a.bid.id, seq: a.state.seq, at: a.bid.at, maxAcceptable: a.state.maxAcceptable ?? null, raw: a }
        return { ok: false, id: undefined, maxAcceptable: a.error?.maxAcceptable ?? a.state?.maxAcceptable, raw: a }
      },
    })
    rss = apps.map((a) => a.peakRssMb())
    for (const c of clients) c.socket.close()

    // Every acknowledged bid is in the log once; nothing in the log was never acknowledged.
    const check = await openDatabase({ url, poolSize: 1 })
    try {
      const rows = await rawRows<{ id: string; client_bid_id: string }>(check.db, sql`select id::text, client_bid_id from auction_bids where auction_id = ${auction.id}`)
      const inLog = new Set(rows.map((r) => r.id))
      const acked = new Set(appPhases.flatMap((p) => p.acceptedBids.map((b) => b.id)))
      lostOrDoubled.lost = [...acked].filter((id) => !inLog.has(id)).length
      const perKey = new Map<string, number>()
      for (const r of rows) perKey.set(r.client_bid_id, (perKey.get(r.client_bid_id) ?? 0) + 1)
      lostOrDoubled.doubled = [...perKey.values()].filter((n) => n > 1).length
      lostOrDoubled.unacknowledgedInLog = rows.filter((r) => !acked.has(r.id)).length
      setDatabase(check)
      const v = await verifyAuction(auction.id)
      verification = `${v.ok ? 'replay and chain OK' : 'FAILED'}: chain ${v.chain.ok ? 'intact' : 'BROKEN'}, ${v.discrepancies.length} rule violations, ${v.mismatches.length} stored-vs-replayed mismatches`
    } finally {
      await check.close()
    }
  } finally {
    for (const a of apps) await a.stop()
  }

  report('Caixiao auction (two app processes)', appPhases)
  console.log(`rule violations / verification: ${verification}`)
  console.log(`lost bids ${lostOrDoubled.lost}, doubled bids ${lostOrDoubled.doubled}, bids in the log never acknowledged ${lostOrDoubled.unacknowledgedInLog}`)
  console.log(`peak RSS per process (MB): ${rss.map((r) => fmt(r)).join(', ')}`)

  // Baseline: the same clients against a socket.io server that only inserts and broadcasts.
  const bare: AppProcess[] = []
  let barePhases: PhaseResult[] = []
  try {
    for (const port of PORTS) bare.push(await startProcess(['--import', 'tsx', 'scripts/bench/bare-socket-server.ts'], port, { DATABASE_URL: url, REDIS_URL: REDIS, PORT: String(port), NODE_ENV: 'production' }))
    const clients: Client[] = []
    for (let i = 0; i < BIDDERS + WATCHERS; i++) {
      const socket = await connectSocket(PORTS[i % PORTS.length], null)
      const client: Client = { socket, role: i < BIDDERS ? 'bidder' : 'watcher', receipts: [], maxAcceptable: '10000000.00' }
      socket.on('state', (s: { seq: number }) => client.receipts.push({ t: Date.now(), seq: s.seq }))
      await emitAck(socket, 'join', {})
      clients.push(client)
    }
    await sleep(1000)
    barePhases = await runPhases({
      clients,
      bid: async (c, amount, clientBidId) => {
        const a = await emitAck<any>(c.socket, 'bid', { amount, clientBidId })
        return a.ok ? { ok: true, id: String(a.state.seq), seq: a.state.seq, at: a.bid.at, maxAcceptable: amount, raw: a } : { ok: false, raw: a }
      },
    })
    for (const c of clients) c.socket.close()
  } finally {
    for (const b of bare) await b.stop()
  }
  report('Bare baseline (socket.io + insert + broadcast, two processes)', barePhases)

  let hotRow = NaN
  if (hasPgbench()) {
    const admin = await openDatabase({ url, poolSize: 1 })
    await rawRows(admin.db, sql`create table if not exists bench_hot_row (id int primary key, v bigint not null)`)
    await rawRows(admin.db, sql`insert into bench_hot_row values (1, 0) on conflict do nothing`)
    await admin.close()
    hotRow = pgbench(url, { script: 'update bench_hot_row set v = v + 1 where id = 1;\n', clients: 20, seconds: 10 })
  }
  console.log(`\n## pgbench, one hot row (20 clients, 10 s): ${fmt(hotRow)} tps`)

  const maxPhase = appPhases.find((p) => p.name === 'max')!
  const bareMax = barePhases.find((p) => p.name === 'max')!
  const acceptedRate = maxPhase.accepted / maxPhase.seconds
  const appP99 = Math.max(...appPhases.map((p) => summarize(p.delivery).p99))
  const bareP99 = Math.max(...barePhases.map((p) => summarize(p.delivery).p99))
  console.log('\n## Targets')
  console.log(`accepted bids/s ${fmt(acceptedRate)} vs 0.6 × hot-row ${fmt(0.6 * hotRow)}: ${acceptedRate >= 0.6 * hotRow ? 'met' : 'NOT met'}`)
  console.log(`delivery p99 ${fmt(appP99)} ms vs 1.5 × baseline ${fmt(1.5 * bareP99)} ms and 100 ms: ${appP99 <= 1.5 * bareP99 && appP99 < 100 ? 'met' : 'NOT met'}`)
  console.log(`RSS ${rss.map((r) => fmt(r)).join(', ')} MB vs 250 MB: ${rss.every((r) => r < 250) ? 'met' : 'NOT met'}`)
  console.log(`baseline max-phase rate for reference: ${fmt(bareMax.accepted / bareMax.seconds)}/s`)
  await dropDatabase(DB_NAME)
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
