import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'

test('the warehouse user adjusts a product’s stock with a reason and sees the movement and the new balance', async ({ page }) => {
  await signIn(page, 'warehouse@acme.test')
  await page.goto('/console/inventory?q=MT-2005&warehouse=SH-MAIN')
  await hydrated(page)
  // MT-2005 was received with 560 units in SH-MAIN by the demo seed.
  await expect(page.getByTestId('stock-available')).toHaveText(['560'])
  await page.getByTestId('stock-sku').click()
  await expect(page).toHaveURL(/\/console\/inventory\/[0-9a-f-]{36}$/)
  await hydrated(page)
  const shMain = page.locator('[data-testid="balance-row"][data-warehouse="SH-MAIN"][data-bin=""]')
  await expect(shMain.getByTestId('balance-on-hand')).toHaveText('560')
  // The seed's opening balance reads in the user's language (Chinese), not as the stored English.
  await expect(page.getByTestId('move-row').last().getByTestId('move-reason')).toHaveText('期初余额')

  const form = page.getByTestId('adjust-form')
  await form.getByTestId('adjust-warehouse').selectOption({ label: 'SH-MAIN · 上海总仓' })
  await form.getByTestId('adjust-quantity').fill('-3')
  await form.getByTestId('adjust-reason').fill('Water damage, dock 2')
  await form.getByTestId('adjust-submit').click()

  await expect(shMain.getByTestId('balance-on-hand')).toHaveText('557')
  await expect(shMain.getByTestId('balance-available')).toHaveText('557')
  const latest = page.getByTestId('move-row').first()
  await expect(latest.getByTestId('move-reason')).toHaveText('Water damage, dock 2')
  await expect(latest.getByTestId('move-quantity')).toHaveText('-3')
  await expect(latest).toContainText('杨帆 Yang Fan')

  // Too large a decrease is refused next to the quantity, and nothing changes.
  await form.getByTestId('adjust-warehouse').selectOption({ label: 'SH-MAIN · 上海总仓' })
  await form.getByTestId('adjust-quantity').fill('-1000')
  await form.getByTestId('adjust-reason').fill('typo')
  await form.getByTestId('adjust-submit').click()
  await expect(form.getByTestId('error-quantity')).toBeVisible()
  await expect(shMain.getByTestId('balance-on-hand')).toHaveText('557')
  await expect(page.getByTestId('move-row').first().getByTestId('move-reason')).toHaveText('Water damage, dock 2')
})
