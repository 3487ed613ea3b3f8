// Auctions made for one browser test through the app's own console forms (as the buyer would post
// them), on a short schedule, so a spec never waits for the demo auction's timing.
import { randomUUID } from 'node:crypto'
import { expect, type Page } from '@playwright/test'
import { hydrated } from '../support'
import { dayKey, DEFAULT_TIME_ZONE, formatDateTimeSeconds } from '~/utils/dates'

export interface AuctionOptions {
  title: string
  suppliers: string[] // organization codes, e.g. SUP-BRIGHT
  ceiling?: string
  reserve?: string
  decrementAmount?: string
  maxSingleDropPercent?: string
  visibility?: 'rank' | 'best' | 'ladder'
  /** Seconds from now (the test machine's clock is the server's here). */
  startIn?: number
  endIn: number
  hardStopIn?: number
  softCloseWindowSeconds?: number
  softCloseExtensionSeconds?: number
  softCloseTrigger?: 'any_bid' | 'new_best'
  softCloseMaxExtensions?: string
}

const at = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString()

/** Creates and publishes an auction as the signed-in buyer on `page`; answers its id. */
export async function createPublishedAuction(page: Page, o: AuctionOptions): Promise<string> {
  await page.goto('/console/auctions/new')
  const ids: string[] = []
  for (const code of o.suppliers) {
    const v = await page.getByTestId(`participant-${code}`).getAttribute('value')
    expect(v, code).toBeTruthy()
    ids.push(v!)
  }
  const origin = new URL(page.url()).origin
  const form = new URLSearchParams({
    title: o.title,
    'lines[0].description': 'Die-cast housing DH-40, machined and anodized',
    'lines[0].quantity': '2000',
    'lines[0].unit': 'pcs',
    currency: 'CNY',
    ceiling: o.ceiling ?? '100000.00',
    decrementAmount: o.decrementAmount ?? '100.00',
    maxSingleDropPercent: o.maxSingleDropPercent ?? '20',
    mustBeatBest: 'on',
    visibility: o.visibility ?? 'best',
    startsAt: at(o.startIn ?? -5),
    endsAt: at(o.endIn),
    hardStopAt: at(o.hardStopIn ?? o.endIn + 600),
    softCloseWindowSeconds: String(o.softCloseWindowSeconds ?? 60),
    softCloseExtensionSeconds: String(o.softCloseExtensionSeconds ?? 60),
    softCloseTrigger: o.softCloseTrigger ?? 'new_best',
    softCloseMaxExtensions: o.softCloseMaxExtensions ?? '10',
    minParticipants: String(Math.min(2, ids.length)),
  })
  if (o.reserve) form.set('reserve', o.reserve)
  ids.forEach((id, i) => form.set(`participantIds[${i}]`, id))
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin }
  const created = await page.request.post('/console/auctions/new', { data: form.toString(), headers, maxRedirects: 0 })
  expect(created.status(), await created.text()).toBe(302)
  const id = /\/console\/auctions\/([0-9a-f-]{36})/.exec(created.headers()['location'] ?? '')?.[1]
  expect(id, created.headers()['location']).toBeTruthy()
  const published = await page.request.post(`/console/auctions/${id}`, { data: new URLSearchParams({ intent: 'publish' }).toString(), headers, maxRedirects: 0 })
  expect(published.status(), await published.text()).toBeLessThan(400)
  return id!
}

/** Waits until the room's status (from the server) is `status`, reloading the page if no push comes. */
export async function expectRoomStatus(page: Page, status: string, timeout = 15_000) {
  await expect(async () => {
    const s = await page.getByTestId('auction-status').first().getAttribute('data-status')
    if (s !== status) {
      await page.reload()
      await hydrated(page)
    }
    expect(await page.getByTestId('auction-status').first().getAttribute('data-status')).toBe(status)
  }).toPass({ timeout })
}

/** Types an amount and places the bid, confirming the first-bid dialog when it appears. */
export async function placeBid(page: Page, amount: string) {
  await page.getByTestId('bid-amount').fill(amount)
  const firstBid = (await page.getByTestId('my-bid-row').count()) === 0
  await page.getByTestId('bid-submit').click()
  if (firstBid) await page.getByTestId('confirm-first-bid-confirm').click()
}

/**
 * Opens a supplier's bid room on a running auction: accepts the terms and waits until the room is
 * joined over the socket (from then on every change must arrive by push) and shows it running.
 */
export async function openBidRoom(page: Page, id: string, opts: { live?: boolean } = { live: true }) {
  await page.goto(`/supplier/auctions/${id}`)
  await hydrated(page)
  await page.getByTestId('accept-terms').click()
  await expect(page.getByTestId('bid-panel')).toBeVisible()
  await hydrated(page)
  if (opts.live) await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'live', { timeout: 15_000 })
  await expect(page.getByTestId('auction-status')).toHaveAttribute('data-status', 'running', { timeout: 15_000 })
}

/**
 * Opens a supplier's room, accepts the rules and places one bid through the app's own endpoints (the
 * room's form post and `POST /api/v1/auctions/:id/bids`, with the page's session) instead of typing
 * them: for specs whose subject comes after the bidding, so the auction can end seconds after it starts.
 */
export async function bidByRequest(page: Page, id: string, amount: string) {
  await page.goto(`/supplier/auctions/${id}`)
  // The session's action token, as the rules' form carries it.
  const token = await page.locator('input[name="_token"]').first().inputValue()
  const origin = new URL(page.url()).origin
  const accepted = await page.request.post(`/supplier/auctions/${id}`, { form: { intent: 'accept-terms', _token: token }, headers: { Origin: origin }, maxRedirects: 0 })
  expect(accepted.status(), await accepted.text()).toBe(302)
  // Published auctions start on the server's clock (a tick after publishing): a bid before that is refused and logged.
  await expect.poll(async () => (await (await page.request.get(`/api/v1/auctions/${id}`)).json()).status, { intervals: [100] }).toBe('running')
  const bid = await page.request.post(`/api/v1/auctions/${id}/bids`, {
    data: { amount },
    headers: { Origin: origin, 'Idempotency-Key': randomUUID(), 'X-Action-Token': token },
  })
  expect(bid.status(), await bid.text()).toBe(201)
  // The room as it is now (rules accepted, joined live), as the supplier would see it from here on.
  await page.reload()
  await hydrated(page)
}

/**
 * The text the live lists must give one bid's time, worked out from what the server recorded (the
 * caller's own view, GET /api/v1/auctions/:id): the time of day to the second for a bid on the day the
 * auction started, in the reader's zone and language (the demo users keep Shanghai's), the date and
 * time for a bid on a later day. Expecting the time of day alone failed a run whose auction started
 * before midnight in Shanghai and took its bid after it. `bidAt` picks the bid's time from the view.
 */
export async function liveBidTimeText(page: Page, id: string, bidAt: (view: any) => string | undefined): Promise<string> {
  const res = await page.request.get(`/api/v1/auctions/${id}`)
  expect(res.status()).toBe(200)
  const view = await res.json()
  const at = bidAt(view)
  expect(at, 'the bid in the server\'s view').toBeTruthy()
  const locale = (await page.locator('html').getAttribute('lang')) ?? 'zh-CN'
  const tz = DEFAULT_TIME_ZONE
  if (dayKey(at!, tz) !== dayKey(view.startsAt, tz)) return formatDateTimeSeconds(at!, locale, tz)
  return new Intl.DateTimeFormat(locale, { timeZone: tz, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(at!))
}

/**
 * Waits, when the clock is close to midnight in Shanghai, until an auction started now (five seconds back)
 * and bid on within `seconds` stays on one calendar day there. For a spec about how a bid of the auction's
 * own day fits its row (the time of day; a bid on a later day carries the date and may scroll sideways).
 */
export async function clearOfMidnight(seconds: number) {
  const day = (offsetMs: number) => dayKey(new Date(Date.now() + offsetMs), DEFAULT_TIME_ZONE)
  while (day(-10_000) !== day(seconds * 1000)) await new Promise((r) => setTimeout(r, 1000))
}
