// The dealer portal's home page: after signing in, a dealer sees its credit standing, its latest
// orders and what is on the way, and a colleague's new order appears there live. And every page of
// the portal fits a phone.
import { expect, test } from '@playwright/test'
import { hydrated, signedIn } from '../support'
import { placeOrder } from '../orders/order-support'

test("a dealer's home shows its credit and orders, and a colleague's order arrives live", async ({ browser }) => {
  test.setTimeout(90_000)
  const dave = await signedIn(browser, 'dave@north.test')
  const dora = await signedIn(browser, 'dora@north.test')
  try {
    await dave.page.goto('/dealer')
    await hydrated(dave.page)
    const home = dave.page.getByTestId('dealer-home')
    await expect(home.getByTestId('dealer-credit').getByTestId('credit-summary')).toBeVisible()
    await expect(home.getByTestId('dealer-tile-available')).toContainText('¥')
    // The demo's orders of Beijing North Trading, newest first, each a link to its page.
    const recent = home.getByTestId('recent-orders')
    await expect(recent.getByRole('link').first()).toHaveAttribute('href', /^\/dealer\/orders\/[0-9a-f-]{36}$/)
    await expect(home.getByTestId('sales-contact')).toBeVisible()
    await expect(dave.page.locator('html')).toHaveAttribute('data-socket', 'connected')
    const open = Number(await home.getByTestId('dealer-tile-open').getByTestId('tile-value').textContent())

    const reference = `E2E-HOME-${Date.now()}`
    const id = await placeOrder(dora.page, 'MT-2002', '2', reference)
    const number = (await dora.page.getByRole('heading', { level: 1 }).textContent())?.match(/SO-[\w-]+/)?.[0]
    expect(number).toBeTruthy()

    // No reload: the order Dora placed shows on Dave's home, counted open, at the top of the list.
    await expect(recent.getByRole('link').first()).toHaveText(number!)
    await expect(recent.getByRole('link').first()).toHaveAttribute('href', `/dealer/orders/${id}`)
    await expect(home.getByTestId('dealer-tile-open').getByTestId('tile-value')).toHaveText(String(open + 1))
  } finally {
    await Promise.all([dave.ctx.close(), dora.ctx.close()])
  }
})

// Wide tables scroll inside their card; nothing may widen the page itself (a phone would then pan
// the whole portal sideways).
test("the dealer portal's pages fit a phone screen", async ({ browser }) => {
  const dave = await signedIn(browser, 'dave@north.test')
  try {
    await dave.page.setViewportSize({ width: 390, height: 844 })
    for (const path of ['/dealer', '/dealer/catalog', '/dealer/orders', '/dealer/cart', '/dealer/channel-stock']) {
      await dave.page.goto(path)
      await hydrated(dave.page)
      const overflow = await dave.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect(overflow, path).toBeLessThanOrEqual(0)
    }
  } finally {
    await dave.ctx.close()
  }
})
