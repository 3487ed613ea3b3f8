// The supplier's side of an auction: the invitation in the list, the rules and their acceptance,
// bids with the first and the large-drop confirmations, and a refused bid that says why and what
// would be accepted. Also without script, where the same page works through plain form posts.
import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'
import { createPublishedAuction, liveBidTimeText, placeBid } from './portal-support'

test('a supplier accepts the terms and bids; an invalid bid shows the reason and the highest acceptable amount', async ({ browser }) => {
  test.setTimeout(90_000)
  const buyerCtx = await browser.newContext()
  const buyer = await buyerCtx.newPage()
  await signIn(buyer, 'buyer@acme.test')
  const title = `Portal spec ${Date.now()}`
  const id = await createPublishedAuction(buyer, { title, suppliers: ['SUP-BRIGHT', 'SUP-PRECISION'], endIn: 600, ceiling: '100000.00', decrementAmount: '100.00' })

  const ctx = await browser.newContext()
  const page = await ctx.newPage()
  await signIn(page, 'alice@bright.test')
  await page.goto('/supplier/auctions')
  const row = page.locator(`[data-testid="auction-row"][data-auction-id="${id}"]`)
  await expect(row).toBeVisible()
  await expect(page.getByTestId('auctions-live').or(page.getByTestId('auctions-upcoming')).locator(`[data-auction-id="${id}"]`)).toBeVisible()
  await row.getByTestId('auction-link').click()
  await expect(page).toHaveURL(new RegExp(`/supplier/auctions/${id}$`))
  await hydrated(page)

  // The rules, in words, before anything else; no bid form until they are accepted.
  const terms = page.getByTestId('terms-section')
  await expect(terms).toBeVisible()
  await expect(terms.getByTestId('term-ceiling')).toContainText('100,000.00')
  await expect(terms.getByTestId('term-decrement')).toContainText('100.00')
  await expect(terms.getByTestId('term-maxSingleDrop')).toContainText('20')
  await expect(page.getByTestId('bid-amount')).toHaveCount(0)
  await terms.getByTestId('accept-terms').click()
  await expect(page.getByTestId('terms-section')).toHaveCount(0)
  await expect(page.getByTestId('bid-panel')).toBeVisible()

  // The auction started a few seconds before it was published: the room runs.
  await expect(page.getByTestId('auction-status')).toHaveAttribute('data-status', 'running', { timeout: 10_000 })
  await expect(page.getByTestId('max-acceptable')).toHaveAttribute('data-amount', '100000.00')
  await expect(page.getByTestId('auction-countdown')).toHaveAttribute('data-ends-at', /Z$/)

  // Above the ceiling: refused with its reason and the highest amount accepted now.
  await placeBid(page, '100000.01')
  const err = page.getByTestId('bid-error')
  await expect(err).toHaveAttribute('data-code', 'ABOVE_CEILING')
  await expect(err).toHaveAttribute('data-max-acceptable', '100000.00')
  await expect(err).toContainText('100,000.00')
  await expect(page.getByTestId('my-bid-row')).toHaveCount(0)

  // The first bid asks once; it is accepted and ranks first.
  await placeBid(page, '95000')
  await expect(page.getByTestId('bid-accepted')).toBeVisible()
  await expect(page.getByTestId('my-rank')).toHaveText('1')
  await expect(page.getByTestId('best-price')).toHaveAttribute('data-amount', '95000.00')
  await expect(page.getByTestId('my-bid-row')).toHaveCount(1)
  // Its time of day, to the second, as the buyer's live lists give it; with the date only when it fell on a later
  // day than the start (a run across midnight in Shanghai): the form the app must choose for the moment the server recorded.
  const bidTime = await liveBidTimeText(page, id, (v) => v.myBids.find((b: { amount: string }) => b.amount === '95000.00')?.at)
  await expect(page.getByTestId('my-bid-row').locator('td').first()).toHaveText(bidTime)
  await expect(page.getByTestId('max-acceptable')).toHaveAttribute('data-amount', '94900.00')

  // "9,40" is no 940: refused as it stands, nothing sent.
  await page.getByTestId('bid-amount').fill('9,40')
  await page.getByTestId('bid-submit').click()
  await expect(page.getByTestId('bid-error')).toHaveAttribute('data-code', 'INVALID_AMOUNT')
  await expect(page.getByTestId('my-bid-row')).toHaveCount(1)

  // Later bids go with one click: no dialog. An amount is typed as the room shows amounts.
  await page.getByTestId('bid-amount').fill('94,000')
  await page.getByTestId('bid-submit').click()
  await expect(page.getByTestId('confirm-first-bid')).toHaveCount(0)
  await expect(page.getByTestId('my-bid-row')).toHaveCount(2)
  await expect(page.getByTestId('my-bid')).toHaveAttribute('data-amount', '94000.00')

  // A step smaller than the decrement: the reason, and the amount that would do.
  await page.getByTestId('bid-amount').fill('93950')
  await page.getByTestId('bid-submit').click()
  await expect(page.getByTestId('bid-error')).toHaveAttribute('data-code', 'DECREMENT_NOT_MET')
  await expect(page.getByTestId('bid-error')).toHaveAttribute('data-max-acceptable', '93900.00')
  // One "use this amount", beside the amount it uses: a second one under the refusal read as for another amount.
  const useAmount = page.getByTestId('bid-panel').getByRole('button', { name: /使用此金额|Use this amount/ })
  await expect(useAmount).toHaveCount(1)
  await expect(page.getByTestId('max-acceptable')).toHaveAttribute('data-amount', '93900.00')
  await useAmount.click()
  await expect(page.getByTestId('bid-amount')).toHaveValue('93900.00')

  // More than 20 % down asks a second time; cancelling places nothing, confirming places it.
  await page.getByTestId('bid-amount').fill('60000')
  await page.getByTestId('bid-submit').click()
  await expect(page.getByTestId('confirm-large-drop')).toBeVisible()
  await page.getByTestId('confirm-large-drop-cancel').click()
  await expect(page.getByTestId('my-bid-row')).toHaveCount(2)
  await page.getByTestId('bid-submit').click()
  await page.getByTestId('confirm-large-drop-confirm').click()
  await expect(page.getByTestId('my-bid')).toHaveAttribute('data-amount', '60000.00')
  await expect(page.getByTestId('my-bid-row')).toHaveCount(3)

  await buyerCtx.close()
  await ctx.close()
})

test('without script the room still works: accept the terms and bid through plain form posts', async ({ browser }) => {
  test.setTimeout(90_000)
  const buyerCtx = await browser.newContext()
  const buyer = await buyerCtx.newPage()
  await signIn(buyer, 'buyer@acme.test')
  const id = await createPublishedAuction(buyer, { title: `No-script spec ${Date.now()}`, suppliers: ['SUP-PRECISION', 'SUP-NINGBO'], endIn: 600, visibility: 'rank' })

  // Sign in with script on (the sign-in page is not under test), then browse without it.
  const ctx = await browser.newContext()
  const signin = await ctx.newPage()
  await signIn(signin, 'bob@precision.test')
  const cookies = await ctx.cookies()
  const plain = await browser.newContext({ javaScriptEnabled: false })
  await plain.addCookies(cookies)
  const page = await plain.newPage()
  await page.goto(`/supplier/auctions/${id}`)
  await page.getByTestId('accept-terms').click()
  await expect(page.getByTestId('bid-panel')).toBeVisible()
  await expect(async () => {
    await page.goto(`/supplier/auctions/${id}`)
    await expect(page.getByTestId('auction-status')).toHaveAttribute('data-status', 'running', { timeout: 1000 })
  }).toPass({ timeout: 15_000 })

  await page.getByTestId('bid-amount').fill('99000')
  await page.getByTestId('bid-submit').click()
  await expect(page.getByTestId('bid-accepted')).toBeVisible()
  await expect(page.getByTestId('my-rank')).toHaveText('1')
  // Visibility "rank": no best price on the page at all.
  await expect(page.getByTestId('best-price')).toHaveCount(0)

  await page.getByTestId('bid-amount').fill('98990')
  await page.getByTestId('bid-submit').click()
  await expect(page.getByTestId('bid-error')).toHaveAttribute('data-code', 'DECREMENT_NOT_MET')
  await expect(page.getByTestId('bid-error')).toHaveAttribute('data-max-acceptable', '98900.00')

  await buyerCtx.close()
  await ctx.close()
  await plain.close()
})

test('a new invitation appears in the open auction list without a reload', async ({ browser }) => {
  test.setTimeout(60_000)
  const ctx = await browser.newContext()
  const page = await ctx.newPage()
  await signIn(page, 'carol@ningbo.test')
  await page.goto('/supplier/auctions')
  await hydrated(page)
  await expect(page.locator('html')).toHaveAttribute('data-socket', 'connected', { timeout: 15_000 })
  const rowsBefore = await page.getByTestId('auction-row').count()

  const buyerCtx = await browser.newContext()
  const buyer = await buyerCtx.newPage()
  await signIn(buyer, 'buyer@acme.test')
  const id = await createPublishedAuction(buyer, { title: `Invitation spec ${Date.now()}`, suppliers: ['SUP-NINGBO', 'SUP-BRIGHT'], startIn: 300, endIn: 900 })

  const row = page.locator(`[data-testid="auction-row"][data-auction-id="${id}"]`)
  await expect(row).toBeVisible()
  await expect(page.getByTestId('auctions-upcoming').locator(`[data-auction-id="${id}"]`)).toBeVisible()
  await expect(page.getByTestId('auction-row')).toHaveCount(rowsBefore + 1)
  await Promise.all([ctx.close(), buyerCtx.close()])
})

test('the countdown follows the server clock when the browser clock is ten minutes off', async ({ browser }) => {
  test.setTimeout(60_000)
  const buyerCtx = await browser.newContext()
  const buyer = await buyerCtx.newPage()
  await signIn(buyer, 'buyer@acme.test')
  const id = await createPublishedAuction(buyer, { title: `Clock spec ${Date.now()}`, suppliers: ['SUP-NINGBO', 'SUP-BRIGHT'], endIn: 300 })

  for (const skewMinutes of [10, -10]) {
    const ctx = await browser.newContext()
    const page = await ctx.newPage()
    await signIn(page, 'cathy@ningbo.test')
    await page.clock.install({ time: Date.now() + skewMinutes * 60_000 })
    await page.goto(`/supplier/auctions/${id}`)
    await hydrated(page)
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'live', { timeout: 15_000 })
    const countdown = page.getByTestId('auction-countdown')
    const endsAt = Date.parse((await countdown.getAttribute('data-ends-at'))!)
    await expect
      .poll(async () => {
        const [m, s] = (await countdown.innerText()).trim().split(':').map(Number)
        // What is really left, by this machine's (the server's) clock, in whole seconds.
        return Math.abs(m * 60 + s - (endsAt - Date.now()) / 1000)
      }, { message: `skew ${skewMinutes} min` })
      .toBeLessThan(4)
    await ctx.close()
  }
  await buyerCtx.close()
})

test('with script but no socket (a proxy that drops it), the room bids through form posts and says why a bid is refused', async ({ browser }) => {
  test.setTimeout(90_000)
  const buyerCtx = await browser.newContext()
  const ctx = await browser.newContext()
  try {
    const buyer = await buyerCtx.newPage()
    await signIn(buyer, 'buyer@acme.test')
    const id = await createPublishedAuction(buyer, { title: `No-socket spec ${Date.now()}`, suppliers: ['SUP-BRIGHT', 'SUP-NINGBO'], endIn: 600 })

    const page = await ctx.newPage()
    await page.routeWebSocket('**/socket.io/**', (ws) => ws.close())
    await page.route('**/socket.io/**', (route) => route.abort())
    await signIn(page, 'alice@bright.test')
    await page.goto(`/supplier/auctions/${id}`)
    await hydrated(page)
    await page.getByTestId('accept-terms').click()
    await expect(page.getByTestId('bid-panel')).toBeVisible()
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline')
    await expect(page.getByTestId('auction-status')).toHaveAttribute('data-status', 'running', { timeout: 15_000 })

    await placeBid(page, '99000')
    await expect(page.getByTestId('my-bid')).toHaveAttribute('data-amount', '99000.00')
    await page.getByTestId('bid-amount').fill('98990')
    await page.getByTestId('bid-submit').click()
    await expect(page.getByTestId('bid-error')).toHaveAttribute('data-code', 'DECREMENT_NOT_MET')
    await expect(page.getByTestId('bid-error')).toHaveAttribute('data-max-acceptable', '98900.00')
  } finally {
    await buyerCtx.close()
    await ctx.close()
  }
})

test('before the start the bid panel says when bidding opens, without a highest amount that names none', async ({ browser }) => {
  const buyerCtx = await browser.newContext()
  const buyer = await buyerCtx.newPage()
  await signIn(buyer, 'buyer@acme.test')
  const id = await createPublishedAuction(buyer, { title: `Not yet ${Date.now()}`, suppliers: ['SUP-BRIGHT', 'SUP-PRECISION'], startIn: 600, endIn: 1200 })
  const ctx = await browser.newContext()
  const page = await ctx.newPage()
  try {
    await signIn(page, 'alice@bright.test')
    await page.goto(`/supplier/auctions/${id}`)
    await hydrated(page)
    await page.getByTestId('accept-terms').click()
    const panel = page.getByTestId('bid-panel')
    await expect(panel).toBeVisible()
    await expect(panel.getByTestId('bid-closed-hint')).toHaveText(/竞价开始后即可报价|opens when the auction starts/)
    await expect(page.getByTestId('bid-amount')).toBeDisabled()
    // It read 您当前可报的最高金额：目前无法报价 ("highest amount you may bid now: none right now") above that hint.
    await expect(panel.getByTestId('max-acceptable')).toHaveCount(0)
    await expect(panel).not.toContainText(/目前无法报价|none right now/)
  } finally {
    await Promise.all([ctx.close(), buyerCtx.close()])
  }
})
