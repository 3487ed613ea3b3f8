// A dealer's page in the console shows the sales staff where the dealer stands (credit, orders
// waiting, receivables, latest orders) and takes them to its orders; a buyer sees the people only.
import { expect, test } from '@playwright/test'
import { hydrated, signedIn } from '../support'
import { openOrderStatuses } from '~/domain/orders/order.rules'

test("a sales manager sees a dealer's credit and orders on its page and opens its orders from there", async ({ browser }) => {
  const manager = await signedIn(browser, 'sales.manager@acme.test')
  const buyer = await signedIn(browser, 'buyer@acme.test')
  try {
    await manager.page.goto('/console/dealers?q=DLR-NORTH')
    await hydrated(manager.page)
    await manager.page.getByTestId('org-link').filter({ hasText: 'DLR-NORTH' }).click()
    await expect(manager.page).toHaveURL(/\/console\/dealers\/[0-9a-f-]{36}$/)
    const dealerUrl = manager.page.url()
    const sales = manager.page.getByTestId('dealer-sales')
    await expect(sales.getByTestId('credit-summary')).toBeVisible()
    await expect(sales.getByTestId('dealer-sales-available').getByTestId('tile-value')).toContainText('¥')
    await expect(sales.getByTestId('dealer-terms-link')).toBeVisible()
    const recent = sales.getByTestId('dealer-sales-recent').getByRole('link')
    await expect(recent.first()).toHaveAttribute('href', /^\/console\/orders\/[0-9a-f-]{36}$/)

    // The open-orders figure opens those orders, as many as it says (it opened all of them, delivered ones too).
    const open = Number(await sales.getByTestId('dealer-sales-open').getByTestId('tile-value').textContent())
    expect(open).toBeGreaterThan(0)
    await sales.getByTestId('dealer-sales-open').getByRole('link').click()
    await expect(manager.page).toHaveURL(/\/console\/orders\?dealer=DLR-NORTH&status=open$/)
    await expect(manager.page.getByTestId('filter-status')).toHaveValue('open')
    // The list's own total, not its rows: a page holds at most its page size.
    await expect(manager.page.getByTestId('table-total')).toHaveText(new RegExp(`\\b${open}\\b`))
    await expect(manager.page.getByTestId('order-row').first()).toBeVisible()
    for (const status of await manager.page.getByTestId('order-status').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))) {
      expect(openOrderStatuses).toContain(status)
    }

    // A buyer sees the dealer's people, not its credit or orders.
    await buyer.page.goto(new URL(dealerUrl).pathname)
    await hydrated(buyer.page)
    await expect(buyer.page.getByTestId('org-people')).toBeVisible()
    await expect(buyer.page.getByTestId('dealer-sales')).toHaveCount(0)
  } finally {
    await Promise.all([manager.ctx.close(), buyer.ctx.close()])
  }
})
