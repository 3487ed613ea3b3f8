// The receivables figures lead to the orders behind them: finance's tile on the console home and the
// dealer's link beside its credit summary open the order list filtered to unpaid orders.
import { expect, test } from '@playwright/test'
import { hydrated, signedIn } from '../support'
import { pickAndShip, placeOrder } from './order-support'

test('finance follows the receivables tile to the unpaid orders, and the dealer its own from its home', async ({ browser }) => {
  test.setTimeout(120_000)
  const dave = await signedIn(browser, 'dave@north.test')
  const wh = await signedIn(browser, 'warehouse@acme.test')
  const finance = await signedIn(browser, 'finance@acme.test')
  try {
    const id = await placeOrder(dave.page, 'MT-2001', '2', `E2E-UNPAID-${Date.now()}`)
    await pickAndShip(wh.page, id, 'SF Express', 'SF1409900123')

    await finance.page.goto('/console')
    await hydrated(finance.page)
    await finance.page.locator('[data-testid^="work-receivables-"]').first().getByRole('link').click()
    await expect(finance.page).toHaveURL(/\/console\/orders\?payment=unpaid$/)
    await expect(finance.page.getByTestId('filter-payment')).toHaveValue('unpaid')
    // Shipped in full and nothing paid: it owes its whole total.
    const row = finance.page.getByTestId('orders-table').locator('tbody tr').filter({ has: finance.page.locator(`a[href="/console/orders/${id}"]`) })
    await expect(row).toHaveCount(1)
    const total = await row.locator('td').nth(5).innerText()
    await expect(row.getByTestId('order-owed')).toHaveText(total)

    // Choosing "any" in the filter shows every order again, without the owed column.
    await finance.page.getByTestId('filter-payment').selectOption('')
    await finance.page.getByTestId('order-filters').locator('button[type="submit"]').click()
    await expect(finance.page).not.toHaveURL(/payment=unpaid/)
    await expect(finance.page.getByTestId('order-owed')).toHaveCount(0)

    await dave.page.goto('/dealer')
    await hydrated(dave.page)
    await dave.page.getByTestId('unpaid-orders-link').click()
    await expect(dave.page).toHaveURL(/\/dealer\/orders\?payment=unpaid$/)
    const mine = dave.page.getByTestId('orders-table').locator('tbody tr').filter({ has: dave.page.locator(`a[href="/dealer/orders/${id}"]`) })
    await expect(mine.getByTestId('order-owed')).toHaveText(total)
  } finally {
    await Promise.all([dave.ctx.close(), wh.ctx.close(), finance.ctx.close()])
  }
})
