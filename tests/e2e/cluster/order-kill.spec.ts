// I4 (security-and-reliability.md): a process killed after the order committed and before its
// answer left; the dealer's retry, with the same idempotency key, through the other process gets the
// original order — not a second one, not a refusal. Two production processes on one fresh
// PostgreSQL database; process A is frozen (SIGSTOP) in slices of a millisecond or so of its own
// time until the order is in the database while no answer has come, and is then killed (SIGKILL).
// No browser: the dealer speaks the REST API with its session cookie, as the cart would.
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { expect, test } from '@playwright/test'
import { rawRows } from '~db/client'
import { seedDemo } from '~db/seed/demo'
import { DEMO_PASSWORD } from '~db/seed/demo-data'
import { signInOn, sleep } from '../../../scripts/bench/support'
import { alive, processCluster } from './process-cluster'

const DATABASE_URL = process.env.DATABASE_URL
const PORT_A = Number(process.env.ORDER_KILL_PORT ?? 3334)
const PORT_B = PORT_A + 1

test.skip(!DATABASE_URL, 'cluster mode needs PostgreSQL: set DATABASE_URL (CI does) to run the two-process tests')

const cluster = processCluster('order_kill', PORT_A)

test.afterAll(async () => {
  test.setTimeout(60_000)
  await cluster.close()
})

test('I4 a process killed after the commit, before the answer: the retry through the other process returns the original order', async () => {
  test.setTimeout(150_000)
  const { handle } = await cluster.open()
  await seedDemo()
  const q = handle.db
  const [{ product, warehouse }] = await rawRows<{ product: string; warehouse: string }>(
    q,
    sql`select (select id::text from products where sku = 'MT-2002') as product, (select id::text from warehouses where code = 'SH-MAIN') as warehouse`,
  )
  const body = JSON.stringify({ warehouseId: warehouse, lines: [{ productId: product, quantity: '1' }] })

  let appA = await cluster.start(PORT_A, 1)
  await cluster.start(PORT_B, 2)
  const cookieOn = async (port: number) => signInOn(port, 'dave@north.test', DEMO_PASSWORD)
  let cookieA = await cookieOn(PORT_A)
  const cookieB = await cookieOn(PORT_B)
  const post = (port: number, cookie: string, key: string) =>
    fetch(`http://127.0.0.1:${port}/api/v1/orders`, {
      method: 'POST',
      headers: { cookie, origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json', 'idempotency-key': key },
      body,
    })
  const ordersWithKey = async (key: string) => rawRows<{ id: string; number: string }>(q, sql`select id::text, number from sales_orders where idempotency_key = ${key}`)

  // Freeze A in short slices of its own time and look at the database between them, until the
  // order has committed while A has not yet answered (A sends COMMIT, PostgreSQL commits it even
  // with A frozen, and A writes the answer only once it runs again).
  let caught: { key: string; order: { id: string; number: string } } | null = null
  let attempts = 0
  for (let attempt = 0; attempt < 20 && !caught; attempt++) {
    attempts++
    const key = randomUUID()
    let answered = false
    const answer = post(PORT_A, cookieA, key).then(
      async (r) => ((answered = true), { status: r.status, json: await r.json().catch(() => null) }),
      () => ((answered = true), null),
    )
    process.kill(appA.pid, 'SIGSTOP')
    for (let slice = 0; slice < 400 && !answered; slice++) {
      process.kill(appA.pid, 'SIGCONT')
      await sleep(1)
      process.kill(appA.pid, 'SIGSTOP')
      const rows = await ordersWithKey(key)
      if (rows.length && !answered) {
        const exited = new Promise((resolve) => appA.child.once('exit', resolve))
        appA.child.kill('SIGKILL')
        await exited
        // The answer may still have been in the socket's buffers: then it was not lost, and this try does not count.
        if ((await answer) === null) caught = { key, order: rows[0] }
        else {
          appA = await cluster.start(PORT_A, 1)
          cookieA = await cookieOn(PORT_A)
        }
        break
      }
    }
    if (alive(appA)) {
      process.kill(appA.pid, 'SIGCONT')
      await answer
    }
  }
  expect(caught, 'no try caught the order committed and unanswered').not.toBeNull()
  const { key, order } = caught!

  // The dealer's client retries the same request through the other process.
  const retry = await post(PORT_B, cookieB, key)
  expect(retry.status).toBe(200)
  const replay = await retry.json()
  expect(replay).toMatchObject({ ok: true, replayed: true, order: { id: order.id, number: order.number } })
  expect(await ordersWithKey(key)).toEqual([order])
  // Its stock was reserved once, by the one order.
  const [{ reserved }] = await rawRows<{ reserved: string }>(
    q,
    sql`select coalesce(sum(quantity), 0)::text as reserved from stock_reservations where source_type = 'sales_order' and source_id = ${order.id} and status = 'active'`,
  )
  expect(Number(reserved)).toBe(1)
  console.log(`[i4] caught ${order.number} committed and unanswered on try ${attempts}; the retry through B answered it`)
})
