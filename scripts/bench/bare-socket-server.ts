// The auction benchmark's baseline: a socket.io server that inserts a row per bid and broadcasts
// it to the room, nothing else (no sessions, no rules, no lock, no audit). Run as two processes
// with the same adapter as the app, so the comparison isolates what the auction itself costs.
import { createServer } from 'node:http'
import postgres from 'postgres'
import { Server } from 'socket.io'
import { createAdapter } from '~/server/socket-adapter'
import { env } from '~/utils/env.server'

const port = Number(process.env.PORT)
const url = process.env.DATABASE_URL!
const sql = postgres(url, { max: Number(process.env.DB_POOL_SIZE ?? 10), onnotice: () => {} })

await sql`create table if not exists bare_bids (
  id bigserial primary key,
  client_bid_id text not null unique,
  amount numeric(18, 2) not null,
  at timestamptz not null default clock_timestamp()
)`

const adapter = await createAdapter(env())
const httpServer = createServer((req, res) => {
  res.writeHead(req.url === '/readyz' ? 200 : 404).end()
})
const io = new Server(httpServer, { adapter: adapter?.adapter, serveClient: false })

io.on('connection', (socket) => {
  socket.on('join', (_p: unknown, ack: (a: unknown) => void) => {
    socket.join('room')
    ack({ ok: true })
  })
  socket.on('bid', async (p: { amount: string; clientBidId: string }, ack: (a: unknown) => void) => {
    try {
      const [row] = await sql<{ id: string; at: Date }[]>`
        insert into bare_bids (client_bid_id, amount) values (${p.clientBidId}, ${p.amount})
        on conflict (client_bid_id) do update set client_bid_id = excluded.client_bid_id
        returning id::text, at`
      const state = { seq: Number(row.id), at: row.at.toISOString(), amount: p.amount }
      io.to('room').emit('state', state)
      ack({ ok: true, bid: { at: state.at }, state })
    } catch (err) {
      ack({ ok: false, error: { code: 'ERROR', message: String(err) } })
    }
  })
})

httpServer.listen(port, '127.0.0.1')
for (const sig of ['SIGTERM', 'SIGINT'] as const)
  process.on(sig, () => {
    io.close()
    void adapter?.close()
    void sql.end({ timeout: 2 }).then(() => process.exit(0))
  })
