// "Order again" on a dealer's order page puts that order's lines in the cart, beside what the cart
// already holds, and the cart prices them anew.
import { expect, test } from '@playwright/test'
import { hydrated, signedIn } from '../support'
import { addToCart, placeOrder } from './order-support'

test("a dealer orders again from a past order: its lines join the cart's, priced today", async ({ browser }) => {
  test.setTimeout(90_000)
  const dave = await signedIn(browser, 'dave@north.test')
  try {
    const id = await placeOrder(dave.page, 'MT-2002', '3', `E2E-AGAIN-${Date.now()}`)
    // The placed order emptied the cart; something else goes in before ordering again.
    await addToCart(dave.page, 'EL-1001', '100')
    await addToCart(dave.page, 'MT-2002', '1')
    await dave.page.goto(`/dealer/orders/${id}`)
    await hydrated(dave.page)

    await dave.page.getByTestId('order-again').click()
    await expect(dave.page).toHaveURL(/\/dealer\/cart$/)
    await expect(dave.page.getByTestId('cart-summary')).toHaveAttribute('data-state', 'priced')
    const line = (sku: string) => dave.page.locator(`[data-testid="cart-line"][data-sku="${sku}"]`)
    await expect(line('MT-2002').getByTestId('cart-qty')).toHaveValue('4')
    await expect(line('EL-1001').getByTestId('cart-qty')).toHaveValue('100')
    await expect(dave.page.getByTestId('cart-line')).toHaveCount(2)
  } finally {
    await dave.ctx.close()
  }
})
