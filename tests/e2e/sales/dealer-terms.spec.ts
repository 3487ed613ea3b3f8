import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'

// A dealer's tier and currency are chosen from what exists: a tier typed freely (Z) once saved and
// turned the dealer's whole catalog into "price on request".
test("a dealer's tier is chosen among the tiers price lists have, and its currency among the currencies", async ({ page }) => {
  await signIn(page, 'sales.manager@acme.test')
  await page.goto('/console/dealer-terms')
  await hydrated(page)
  await page.getByTestId('edit-terms-DLR-EAST').click()
  await hydrated(page)
  const tier = page.getByTestId('terms-tier-input')
  await expect(tier).toHaveValue('B')
  await expect(tier.locator('option')).toHaveText(['请选择价格等级', 'A', 'B', 'C'])
  await expect(page.getByTestId('terms-currency')).toHaveValue('CNY')
})
