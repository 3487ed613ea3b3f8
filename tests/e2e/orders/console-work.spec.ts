// The console's home lists the warehouse's queues; a dealer's new order lands in "to pick" live, and
// the tile opens exactly the orders it counts.
import { expect, test } from '@playwright/test'
import { hydrated, signIn, signedIn } from '../support'
import { renderedTexts } from '../text-layout'
import { placeOrder } from './order-support'

test("a dealer's new order appears in the warehouse's queue on the console home without reload", async ({ browser }) => {
  test.setTimeout(90_000)
  const wh = await signedIn(browser, 'warehouse@acme.test')
  const dave = await signedIn(browser, 'dave@north.test')
  try {
    await wh.page.goto('/console')
    await hydrated(wh.page)
    const toPick = wh.page.getByTestId('work-toPick')
    await expect(wh.page.getByTestId('work-awaitingApproval')).toHaveCount(0)
    await expect(wh.page.locator('html')).toHaveAttribute('data-socket', 'connected')
    const before = Number(await toPick.getByTestId('work-count').textContent())

    await placeOrder(dave.page, 'MT-2001', '1', `E2E-QUEUE-${Date.now()}`)
    await expect(toPick.getByTestId('work-count')).toHaveText(String(before + 1))

    await toPick.getByRole('link').click()
    await expect(wh.page).toHaveURL(/\/console\/orders\?status=reserved$/)
    await expect(wh.page.getByTestId('order-status')).toHaveCount(before + 1)
  } finally {
    await Promise.all([wh.ctx.close(), dave.ctx.close()])
  }
})

// The reservations' cells had no padding: a quantity ran into its status ("6Shipped", "12.5预留中").
test("an order's reservations keep a quantity apart from its status", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  await signIn(page, 'warehouse@acme.test')
  await page.goto('/console/orders?q=SO-2026-000003')
  await page.getByTestId('order-link').filter({ hasText: 'SO-2026-000003' }).click()
  await expect(page).toHaveURL(/\/console\/orders\/[0-9a-f-]{36}$/)
  await hydrated(page)
  const rows = page.getByTestId('reservation')
  // Waited for: the URL changes as the navigation commits, a moment before the page's rows are drawn.
  await expect(rows.first()).toBeVisible()
  for (const row of await rows.all()) {
    // By name, not position: a batch column stands before the quantity when the order holds tracked stock.
    const [quantity] = await renderedTexts(row.getByTestId('reservation-quantity'))
    const [status] = await renderedTexts(row.getByTestId('reservation-status'))
    expect(status.left - quantity.right).toBeGreaterThanOrEqual(8)
  }
})
