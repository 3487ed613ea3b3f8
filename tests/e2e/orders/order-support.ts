import { expect, type Page } from '@playwright/test'
import { hydrated } from '../support'

/** Finds a product in the dealer catalog and puts a quantity of it in the browser cart. */
export async function addToCart(page: Page, sku: string, quantity: string) {
  await page.goto(`/dealer/catalog?q=${sku}`)
  await hydrated(page)
  const add = page.locator(`[data-testid="add-to-cart-form"][data-sku="${sku}"]`)
  await add.getByTestId('add-to-cart-qty').fill(quantity)
  await add.getByTestId('add-to-cart').click()
  await expect(add.getByTestId('in-cart')).toContainText(quantity)
}
