// The console's home lists the warehouse's queues; a dealer's new order lands in "to pick" live, and
// the tile opens exactly the orders it counts.
import { expect, test } from '@playwright/test'
import { hydrated, signedIn } from '../support'
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
