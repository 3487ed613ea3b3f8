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
  // The demo tiers, each once; not the exact list, which another test's price list of a new tier would change.
  await expect(tier.locator('option').first()).toHaveText('请选择价格等级')
  for (const name of ['A', 'B', 'C']) await expect(tier.locator('option').filter({ hasText: new RegExp(`^${name}$`) })).toHaveCount(1)
  await expect(page.getByTestId('terms-currency')).toHaveValue('CNY')
})

// A sales owner reads terms and price lists but changes neither: the pages say who does, in his language.
test('a sales owner without the right to change terms is told who changes them, on terms and price lists', async ({ page }) => {
  await signIn(page, 'sales@acme.test')
  await page.goto('/console/dealer-terms')
  await hydrated(page)
  await expect(page.getByTestId('managers-change')).toHaveText(/销售经理或管理员|a sales manager or an administrator/)
  await expect(page.getByTestId('edit-terms-DLR-EAST')).toHaveCount(0)
  await page.goto('/console/price-lists')
  await expect(page.getByTestId('managers-change')).toBeVisible()
  await signIn(page, 'sales.manager@acme.test')
  await page.goto('/console/dealer-terms')
  await expect(page.getByTestId('edit-terms-DLR-EAST')).toBeVisible()
  await expect(page.getByTestId('managers-change')).toHaveCount(0)
})
