// What follows a sales manager's credit-limit edit and a backorder without a reload: the credit now
// of an order waiting for approval (its console page and the approval inbox), the dealer's open
// cart, and the buyers' bell for the requisition a shortfall raises (and nobody else's bell).
// Guangzhou South's limit (CNY 30,000, which ordering.spec counts on to hold frank's order) is put
// back after each test, and every order placed here is cancelled by its dealer.
import { expect, test, type BrowserContext, type Page } from '@playwright/test'
import { hydrated, signedIn } from '../support'
import { addToCart, cancelAsDealer, live, markNoReload, notReloaded, num, placeOrder } from './order-support'

const SEED_LIMIT = '30000'
// Far above anything Guangzhou South owes or has open, so every check of its credit passes.
const RAISED_LIMIT = '5000000'




// Set when a test raised the limit and has not put it back yet (the test failed on the way).
let limitRaised = false

/** A sales manager sets DLR-SOUTH's credit limit through the terms form, in a tab of their own. */
async function setSouthLimit(manager: BrowserContext, limit: string) {
  const page = await manager.newPage()
  try {
    await page.goto('/console/dealer-terms')
    await hydrated(page)
    await page.getByTestId('edit-terms-DLR-SOUTH').click()
    await expect(page).toHaveURL(/\/console\/dealer-terms\/[0-9a-f-]{36}$/)
    await hydrated(page)
    await page.getByTestId('terms-credit-input').fill(limit)
    await page.getByTestId('terms-save').click()
    await expect(page).toHaveURL(/\/console\/dealer-terms$/)
    limitRaised = limit !== SEED_LIMIT
  } finally {
    await page.close()
  }
}


// Whatever a failed test left, the next spec finds the seeded limit.
test.afterAll(async ({ browser }) => {
  if (!limitRaised) return
  const manager = await signedIn(browser, 'sales.manager@acme.test')
  await setSouthLimit(manager.ctx, SEED_LIMIT).finally(() => manager.ctx.close())
})

test("an order waiting over credit shows the dealer's new limit live, on its console page and in the approval inbox", async ({ browser }) => {
  test.setTimeout(60_000)
  const [frank, manager] = await Promise.all([signedIn(browser, 'frank@south.test'), signedIn(browser, 'sales.manager@acme.test')])
  let orderId: string | null = null
  try {
    // 30 × 1,216 (tier C) alone is over the 30,000 limit, whatever else the dealer has open.
    orderId = await placeOrder(frank.page, 'AS-4001', '30', `E2E-CREDIT-LIVE-${Date.now()}`)
    await expect(frank.page.getByTestId('order-status')).toHaveAttribute('data-status', 'submitted')
    const number = /SO-\d{4}-\d+/.exec((await frank.page.getByRole('heading', { level: 1 }).textContent()) ?? '')![0]

    // A held order holds nothing: its lines and history say when it will, not "0 reserved" and a backorder.
    await expect(frank.page.getByTestId('approval-notice')).toContainText('库存在审批通过时预留')
    await expect(frank.page.getByTestId('line-on-approval')).toHaveText('审批通过后预留')
    await expect(frank.page.getByTestId('line-backordered')).toHaveCount(0)
    await expect(frank.page.getByTestId('timeline-held')).toBeVisible()

    const order = manager.page
    await order.goto(`/console/orders/${orderId}`)
    await live(order)
    await expect(order.getByTestId('line-on-approval')).toHaveText('审批通过后预留')
    await expect(order.getByTestId('no-reservations')).toContainText('订单等待审批期间不预留库存')
    const orderCredit = order.getByTestId('credit-now').getByTestId('credit-summary')
    await expect(orderCredit).toHaveAttribute('data-over-limit', 'yes')
    expect(num(await orderCredit.getByTestId('credit-limit').textContent())).toBe(Number(SEED_LIMIT))
    const availableBefore = num(await orderCredit.getByTestId('credit-available').textContent())

    const inbox = await manager.ctx.newPage()
    await inbox.goto('/console/approvals')
    await live(inbox)
    const cardCredit = inbox.locator(`[data-testid="approval"][data-number="${number}"]`).getByTestId('credit-now').getByTestId('credit-summary')
    await expect(cardCredit).toHaveAttribute('data-over-limit', 'yes')
    expect(num(await cardCredit.getByTestId('credit-limit').textContent())).toBe(Number(SEED_LIMIT))
    await Promise.all([markNoReload(order), markNoReload(inbox)])

    await setSouthLimit(manager.ctx, RAISED_LIMIT)

    // Both pages refetch on dealer:termsChanged: the new limit, the available credit up by the raise, no longer over.
    const availableAfter = availableBefore + Number(RAISED_LIMIT) - Number(SEED_LIMIT)
    for (const [where, credit] of Object.entries({ 'order page': orderCredit, 'approval inbox': cardCredit })) {
      const limit = async () => num(await credit.getByTestId('credit-limit').textContent())
      await expect.poll(limit, { timeout: 10_000, message: `credit limit on the ${where}` }).toBe(Number(RAISED_LIMIT))
      await expect(credit, `over limit on the ${where}`).toHaveAttribute('data-over-limit', 'no')
      expect(num(await credit.getByTestId('credit-available').textContent()), `available on the ${where}`).toBeCloseTo(availableAfter, 2)
    }
    await notReloaded(order)
    await notReloaded(inbox)
  } finally {
    await Promise.all([limitRaised && setSouthLimit(manager.ctx, SEED_LIMIT), orderId && cancelAsDealer(frank.page, orderId)])
    await Promise.all([frank.ctx.close(), manager.ctx.close()])
  }
})

test("the dealer's open cart stops warning of its credit once a sales manager raises the limit, and its home and console page show the new limit", async ({ browser }) => {
  test.setTimeout(60_000)
  const [frank, manager] = await Promise.all([signedIn(browser, 'frank@south.test'), signedIn(browser, 'sales.manager@acme.test')])
  try {
    await addToCart(frank.page, 'AS-4001', '30')
    await frank.page.goto('/dealer/cart')
    await live(frank.page)
    await expect(frank.page.getByTestId('cart-summary')).toHaveAttribute('data-state', 'priced')
    await expect(frank.page.getByTestId('credit-warning')).toBeVisible()
    // The dealer is told the order holds no stock while it waits.
    await expect(frank.page.getByTestId('credit-warning')).toContainText('库存在审批通过时预留')
    await expect(frank.page.getByTestId('credit-ok')).toHaveCount(0)
    expect(num(await frank.page.getByTestId('credit-summary').getByTestId('credit-limit').textContent())).toBe(Number(SEED_LIMIT))
    // The dealer's home, and its page in the console, show the same limit.
    const home = await frank.ctx.newPage()
    await home.goto('/dealer')
    await live(home)
    const dealerPage = manager.page
    await dealerPage.goto('/console/dealers?q=DLR-SOUTH')
    await hydrated(dealerPage)
    await dealerPage.getByTestId('org-link').filter({ hasText: 'DLR-SOUTH' }).click()
    await expect(dealerPage).toHaveURL(/\/console\/dealers\/[0-9a-f-]{36}$/)
    await live(dealerPage)
    const limitOn = { home: home.getByTestId('credit-summary').getByTestId('credit-limit'), 'console dealer page': dealerPage.getByTestId('dealer-sales').getByTestId('credit-limit') }
    for (const limit of Object.values(limitOn)) expect(num(await limit.textContent())).toBe(Number(SEED_LIMIT))
    await Promise.all([markNoReload(frank.page), markNoReload(home), markNoReload(dealerPage)])

    await setSouthLimit(manager.ctx, RAISED_LIMIT)

    await expect(frank.page.getByTestId('credit-ok')).toBeVisible({ timeout: 10_000 })
    await expect(frank.page.getByTestId('credit-warning')).toHaveCount(0)
    // The cart page's one credit summary is the preview's.
    await expect(frank.page.getByTestId('credit-summary')).toHaveAttribute('data-over-limit', 'no')
    expect(num(await frank.page.getByTestId('credit-summary').getByTestId('credit-limit').textContent())).toBe(Number(RAISED_LIMIT))
    for (const [where, limit] of Object.entries(limitOn)) {
      await expect.poll(async () => num(await limit.textContent()), { timeout: 10_000, message: `credit limit on the ${where}` }).toBe(Number(RAISED_LIMIT))
    }
    await Promise.all([notReloaded(frank.page), notReloaded(home), notReloaded(dealerPage)])
  } finally {
    if (limitRaised) await setSouthLimit(manager.ctx, SEED_LIMIT)
    await Promise.all([frank.ctx.close(), manager.ctx.close()])
  }
})

test("a backorder's requisition rings the buyers' bell live and opens from it, and not a warehouse clerk's", async ({ browser }) => {
  test.setTimeout(60_000)
  const [buyer, clerk, erin] = await Promise.all([
    signedIn(browser, 'buyer@acme.test'),
    signedIn(browser, 'warehouse@acme.test'),
    signedIn(browser, 'erin@east.test'),
  ])
  const unread = async (page: Page) => ((await page.getByTestId('bell-count').count()) ? num(await page.getByTestId('bell-count').textContent()) : 0)
  let orderId: string | null = null
  try {
    for (const p of [buyer.page, clerk.page]) {
      await p.goto('/console')
      await live(p)
    }
    const [buyerBefore, clerkBefore] = [await unread(buyer.page), await unread(clerk.page)]
    await markNoReload(buyer.page)

    // AS-4003 has none in Shenzhen: the whole line backorders and a requisition asks for it.
    await addToCart(erin.page, 'AS-4003', '3')
    await erin.page.goto('/dealer/cart')
    await hydrated(erin.page)
    const warehouse = erin.page.getByTestId('cart-warehouse')
    await warehouse.selectOption((await warehouse.locator('option', { hasText: 'SZ-SOUTH' }).getAttribute('value'))!)
    await expect(erin.page.getByTestId('cart-summary')).toHaveAttribute('data-state', 'priced')
    await expect(erin.page.getByTestId('backorder-note')).toBeVisible()
    await erin.page.getByTestId('cart-reference').fill(`E2E-SHORTFALL-${Date.now()}`)
    await erin.page.getByTestId('place-order').click()
    await expect(erin.page).toHaveURL(/\/dealer\/orders\/[0-9a-f-]{36}$/)
    orderId = erin.page.url().split('/').pop()!
    const number = /SO-\d{4}-\d+/.exec((await erin.page.getByRole('heading', { level: 1 }).textContent()) ?? '')![0]
    const line = erin.page.locator('[data-testid="order-line"][data-sku="AS-4003"]')
    await expect(line.getByTestId('line-backordered')).toHaveText('3')

    await expect(buyer.page.getByTestId('bell-count')).toHaveText(String(buyerBefore + 1), { timeout: 10_000 })
    await notReloaded(buyer.page)
    await buyer.page.getByTestId('bell').click()
    const notice = buyer.page.getByTestId('notification-list').getByRole('link', { name: new RegExp(`${number}\\b`) })
    await expect(notice).toHaveAttribute('href', /^\/console\/requisitions\/[0-9a-f-]{36}$/)
    await notice.click()
    await expect(buyer.page).toHaveURL(/\/console\/requisitions\/[0-9a-f-]{36}$/)
    await expect(buyer.page.getByTestId('requisition-source')).toHaveText(number)
    await expect(buyer.page.locator('[data-testid="requisition-line"][data-sku="AS-4003"]').getByTestId('requisition-qty')).toContainText('3')

    // The clerk may view requisitions but does not source them: the same moment rang nothing for them.
    expect(await unread(clerk.page)).toBe(clerkBefore)
    await clerk.page.getByTestId('bell').click()
    await expect(clerk.page.getByTestId('notification-list')).toBeVisible()
    await expect(clerk.page.getByTestId('notification-list')).not.toContainText(number)

    // Stock arrives in Shenzhen: the waiting orders are served before anyone else (no one clicks),
    // and Erin's page shows her three reserved, live.
    await markNoReload(erin.page)
    await clerk.page.goto('/console/inventory?q=AS-4003&warehouse=SZ-SOUTH')
    await hydrated(clerk.page)
    await clerk.page.getByTestId('stock-sku').click()
    await expect(clerk.page).toHaveURL(/\/console\/inventory\/[0-9a-f-]{36}$/)
    await hydrated(clerk.page)
    // Drive units are serial-tracked: each unit comes in and goes out under its serial number.
    const adjust = async (quantity: string, serials: string) => {
      const form = clerk.page.getByTestId('adjust-form')
      // The form empties itself after a success: wait for it, or the refill races the reset.
      await expect(form.getByTestId('adjust-quantity')).toHaveValue('')
      await form.getByTestId('adjust-warehouse').selectOption({ label: 'SZ-SOUTH · 深圳南仓' })
      await form.getByTestId('adjust-serials').fill(serials)
      await form.getByTestId('adjust-quantity').fill(quantity)
      await form.getByTestId('adjust-reason').fill('E2E delivery')
      await form.getByTestId('adjust-submit').click()
    }
    const prefix = `DX300-E2E-${Date.now().toString(36).toUpperCase()}-`
    await adjust('40', `${prefix}01..${prefix}40`)
    await expect(line.getByTestId('line-reserved')).toHaveText('3', { timeout: 10_000 })
    await expect(line.getByTestId('line-backordered')).toHaveText('0')
    await notReloaded(erin.page)
    // Put Shenzhen back as other specs expect it: none to promise.
    await cancelAsDealer(erin.page, orderId)
    orderId = null
    await clerk.page.reload()
    await hydrated(clerk.page)
    // The serial numbers still free there (listed under Shenzhen's line, a page of 50 at most), written off by name.
    const south = clerk.page.locator('[data-testid="balance-row"][data-warehouse="SZ-SOUTH"][data-serials]')
    expect(num(await south.getByTestId('balance-available').textContent())).toBeGreaterThan(0)
    expect(Number(await south.getAttribute('data-serials'))).toBeLessThanOrEqual(50)
    await south.getByTestId('balance-serials-toggle').click()
    await expect(clerk.page.getByTestId('balance-serials-status')).toHaveText(/^第 1–\d+ 个，共 \d+ 个$/)
    const free = clerk.page.locator('[data-testid="balance-serial"][data-reserved="false"]')
    const left = await Promise.all((await free.all()).map(async (s) => (await s.getAttribute('data-serial'))!))
    expect(left.length).toBe(num(await south.getByTestId('balance-available').textContent()))
    await adjust(`-${left.length}`, left.join('\n'))
    // Written off: the form empties itself after a success (a refusal keeps it filled), so the checks below are not met by a page that failed.
    await expect(clerk.page.getByTestId('adjust-form').getByTestId('adjust-quantity')).toHaveValue('', { timeout: 10_000 })
    // The open list follows the page: none free in Shenzhen any more (its line is gone with them, unless some are reserved).
    await expect(free).toHaveCount(0, { timeout: 10_000 })
    await expect.poll(async () => ((await south.count()) ? num(await south.getByTestId('balance-available').textContent()) : 0)).toBe(0)
  } finally {
    if (orderId) await cancelAsDealer(erin.page, orderId)
    await Promise.all([buyer.ctx.close(), clerk.ctx.close(), erin.ctx.close()])
  }
})
